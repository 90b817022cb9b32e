from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CciaaPerformanceBehaviour(models.Model):
    """A behaviour (comportamento organizzativo) rated on the scheda."""

    _name = "cciaa.performance.behaviour"
    _description = "Behaviour (comportamento)"
    _order = "system_id, sequence, id"

    system_id = fields.Many2one(
        "cciaa.performance.evaluation.system",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="system_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    weight = fields.Float(
        default=0.0,
        help="Weight among the behaviours of the category; 0 everywhere = equal.",
    )
    applies_sg = fields.Boolean(string="SG", default=True)
    applies_po = fields.Boolean(string="P.O./EQ", default=True)
    applies_staff = fields.Boolean(string="Staff", default=True)

    _sql_constraints = [
        (
            "name_uniq",
            "unique(system_id, name)",
            "Each behaviour of a system has its own name.",
        ),
    ]

    @api.constrains("weight")
    def _check_weight(self):
        for behaviour in self:
            if not 0 <= behaviour.weight <= 100:
                raise ValidationError(
                    self.env._(
                        "The weight of behaviour %(name)s must be between 0 and 100.",
                        name=behaviour.name,
                    )
                )
