from odoo import fields, models


class CciaaPerformanceOperationalObjective(models.Model):
    """Annual operational objective (OO, e.g. "2.1.1") under a strategic objective."""

    _name = "cciaa.performance.operational.objective"
    _description = "Operational objective"
    _inherit = ["cciaa.performance.node.mixin", "mail.thread"]
    _order = "cycle_id, code"

    strategic_id = fields.Many2one(
        "cciaa.performance.strategic.objective",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('cycle_id', '=', cycle_id)]",
    )
    area_id = fields.Many2one(related="strategic_id.area_id", store=True)
    pira_code = fields.Char(string="PIRA code")
    bsc_perspectives = fields.Char(string="BSC perspectives")
    department_ids = fields.Many2many("hr.department", string="Responsible units")
    indicator_ids = fields.One2many(
        "cciaa.performance.indicator", "operational_id", string="Operational indicators"
    )
    override_ids = fields.One2many("cciaa.performance.override", "operational_id")
    criticita_ids = fields.One2many("cciaa.performance.criticita", "operational_id")
