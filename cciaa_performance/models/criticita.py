from odoo import api, fields, models


class CciaaPerformanceCriticita(models.Model):
    """Criticità of an objective below 100%: what went wrong, what will be done."""

    _name = "cciaa.performance.criticita"
    _description = "Issues and corrective actions"
    _inherit = ["mail.thread", "cciaa.performance.frozen.mixin"]
    _frozen_fields = ()
    _input_fields = ()  # criticità are read by the Relazione, not by the engine

    strategic_id = fields.Many2one(
        "cciaa.performance.strategic.objective", ondelete="cascade", index=True
    )
    operational_id = fields.Many2one(
        "cciaa.performance.operational.objective", ondelete="cascade", index=True
    )
    cycle_id = fields.Many2one(
        "cciaa.performance.cycle", compute="_compute_cycle", store=True, index=True
    )
    company_id = fields.Many2one(related="cycle_id.company_id", store=True)
    missed = fields.Float(string="% missed", compute="_compute_missed")
    issues = fields.Text(string="Issues found", required=True, tracking=True)
    actions = fields.Text(string="Corrective actions", tracking=True)

    _sql_constraints = [
        (
            "one_objective",
            "CHECK((strategic_id IS NULL) != (operational_id IS NULL))",
            "A criticità concerns exactly one objective.",
        ),
    ]

    @api.depends("strategic_id.cycle_id", "operational_id.cycle_id")
    def _compute_cycle(self):
        for item in self:
            item.cycle_id = (item.strategic_id or item.operational_id).cycle_id

    def _compute_missed(self):
        for item in self:
            objective = item.strategic_id or item.operational_id
            item.missed = max(0.0, 100.0 - objective.score) if objective else 0.0
