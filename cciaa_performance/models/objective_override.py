from odoo import fields, models


class CciaaPerformanceObjectiveOverrideMixin(models.AbstractModel):
    """Where an objective's figure is shown, show whether a motivated
    evaluation replaced it, the computed figure and the motivation (from the
    latest stored result, like ``score``)."""

    _name = "cciaa.performance.objective.override.mixin"
    _description = "Objective figure with its override"

    overridden = fields.Boolean(compute="_compute_override_display")
    computed_score = fields.Float(
        compute="_compute_override_display", string="Computed %", digits=(16, 2)
    )
    override_motivation = fields.Text(
        compute="_compute_override_display", string="Motivation"
    )

    def _compute_override_display(self):
        results = self.env["cciaa.performance.result"]._latest_for(self)
        for objective in self:
            result = results.get(objective.id)
            objective.overridden = bool(result and result.overridden)
            objective.computed_score = result.computed_score if result else 0.0
            objective.override_motivation = (
                result.override_motivation if result else False
            )


class CciaaPerformanceStrategicObjective(models.Model):
    _name = "cciaa.performance.strategic.objective"
    _inherit = [
        "cciaa.performance.strategic.objective",
        "cciaa.performance.objective.override.mixin",
    ]


class CciaaPerformanceOperationalObjective(models.Model):
    _name = "cciaa.performance.operational.objective"
    _inherit = [
        "cciaa.performance.operational.objective",
        "cciaa.performance.objective.override.mixin",
    ]
