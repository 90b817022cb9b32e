from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CciaaPerformanceBehaviourLevel(models.Model):
    """A level of the rating scale of the behaviours and the % it is worth
    (e.g. "1 – inadeguato" = 0%, "4 – eccellente" = 100%)."""

    _name = "cciaa.performance.behaviour.level"
    _description = "Behaviour rating level"
    _order = "system_id, sequence, value, id"

    system_id = fields.Many2one(
        "cciaa.performance.evaluation.system",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="system_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    value = fields.Float(string="Worth %", required=True)

    _sql_constraints = [
        (
            "name_uniq",
            "unique(system_id, name)",
            "Each level of a scale has its own name.",
        ),
    ]

    @api.constrains("value")
    def _check_value(self):
        for level in self:
            if not 0 <= level.value <= 100:
                raise ValidationError(
                    self.env._(
                        "Level %(name)s must be worth between 0 and 100%%.",
                        name=level.name,
                    )
                )
