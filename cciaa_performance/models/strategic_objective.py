from odoo import fields, models


class CciaaPerformanceStrategicObjective(models.Model):
    """Three-year strategic objective (OS, e.g. "3.2"), weighted within its area."""

    _name = "cciaa.performance.strategic.objective"
    _description = "Strategic objective"
    _inherit = ["cciaa.performance.node.mixin", "mail.thread"]
    _order = "cycle_id, code"

    area_id = fields.Many2one(
        "cciaa.performance.area",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('cycle_id', '=', cycle_id)]",
    )
    pira_code = fields.Char(string="PIRA code")
    bsc_perspectives = fields.Char(string="BSC perspectives")
    department_ids = fields.Many2many("hr.department", string="Responsible units")
    operational_ids = fields.One2many(
        "cciaa.performance.operational.objective",
        "strategic_id",
        string="Operational objectives",
    )
    indicator_ids = fields.One2many(
        "cciaa.performance.indicator", "strategic_id", string="Strategic indicators"
    )
    override_ids = fields.One2many("cciaa.performance.override", "strategic_id")
    criticita_ids = fields.One2many("cciaa.performance.criticita", "strategic_id")
