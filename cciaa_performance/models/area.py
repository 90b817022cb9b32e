from odoo import fields, models

BSC_PERSPECTIVES = [
    ("imprese", "Businesses, consumers, territory"),
    ("processi", "Internal processes"),
    ("innovazione", "Innovation and growth"),
    ("economico", "Economic and financial"),
]


class CciaaPerformanceArea(models.Model):
    """Strategic area (ambito strategico, e.g. "OB 1"), weighted on the Ente."""

    _name = "cciaa.performance.area"
    _description = "Strategic area"
    _inherit = ["cciaa.performance.node.mixin"]
    _order = "cycle_id, code"

    mission_programs = fields.Char(string="Missions/programmes (D.M. 27/03/2013)")
    bsc_perspectives = fields.Char(string="BSC perspectives")
    strategic_ids = fields.One2many(
        "cciaa.performance.strategic.objective",
        "area_id",
        string="Strategic objectives",
    )
