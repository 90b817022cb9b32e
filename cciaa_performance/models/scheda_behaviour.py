from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .guard import is_trusted


class CciaaPerformanceSchedaBehaviour(models.Model):
    """The rating of one behaviour on a scheda, a level of the system's scale."""

    _name = "cciaa.performance.scheda.behaviour"
    _description = "Scheda behaviour rating"
    _order = "scheda_id, sequence, id"

    scheda_id = fields.Many2one(
        "cciaa.performance.scheda", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="scheda_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(
        related="scheda_id.employee_id", store=True, index=True
    )
    behaviour_id = fields.Many2one(
        "cciaa.performance.behaviour", required=True, ondelete="restrict", index=True
    )
    system_id = fields.Many2one(related="behaviour_id.system_id")
    sequence = fields.Integer(related="behaviour_id.sequence", store=True)
    name = fields.Char(related="behaviour_id.name")
    weight = fields.Float(related="behaviour_id.weight")
    level_id = fields.Many2one(
        "cciaa.performance.behaviour.level",
        string="Rating",
        ondelete="restrict",
        domain="[('system_id', '=', system_id)]",
    )

    _sql_constraints = [
        (
            "behaviour_uniq",
            "unique(scheda_id, behaviour_id)",
            "A behaviour is rated once per scheda.",
        ),
    ]

    @api.constrains("level_id", "behaviour_id")
    def _check_level(self):
        for rating in self:
            if (
                rating.level_id
                and rating.level_id.system_id != rating.behaviour_id.system_id
            ):
                raise ValidationError(
                    self.env._(
                        "The rating of %(behaviour)s is not a level of its "
                        "evaluation system.",
                        behaviour=rating.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        ratings = super().create(vals_list)
        if not is_trusted(self.env):
            # created by the assignment; by hand only while it can be rated
            ratings.scheda_id._check_can_evaluate()
            ratings.scheda_id._check_state("assigned", "acknowledged")
        return ratings

    def write(self, vals):
        if not is_trusted(self.env):
            self.scheda_id._check_can_evaluate()
            self.scheda_id._check_state("assigned", "acknowledged")
        return super().write(vals)
