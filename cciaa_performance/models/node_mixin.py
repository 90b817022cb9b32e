from odoo import api, fields, models


class CciaaPerformanceNodeMixin(models.AbstractModel):
    """What areas, objectives and indicators share: a code unique per cycle, a
    title, a weight among siblings, and their stored results."""

    _name = "cciaa.performance.node.mixin"
    _inherit = ["cciaa.performance.frozen.mixin"]
    _description = "Node of the performance tree"
    # every field feeds the figures but the descriptive texts
    _frozen_fields = None
    _frozen_free = (
        "name",
        "algorithm",
        "pira_code",
        "bsc_perspectives",
        "mission_programs",
        "parameter_1",
        "parameter_2",
    )
    _rec_names_search = ["code", "name"]

    cycle_id = fields.Many2one(
        "cciaa.performance.cycle", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="cycle_id.company_id", store=True, index=True)
    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Title", required=True)
    weight = fields.Float(
        help="Weight among siblings; empty everywhere means equal weights."
    )
    score = fields.Float(
        string="Achievement %", compute="_compute_score", digits=(16, 2)
    )
    score_explanation = fields.Html(compute="_compute_score", sanitize=False)

    _sql_constraints = [
        (
            "weight_range",
            "CHECK(weight >= 0 AND weight <= 100)",
            "A weight is between 0 and 100.",
        ),
        ("code_cycle_uniq", "unique(cycle_id, code)", "A code is used once per cycle."),
    ]

    @api.ondelete(at_uninstall=False)  # uninstalled, the figures go too
    def _unlink_figure_links(self):
        # the figures' links carry no foreign key (result.py _Link)
        self.env["cciaa.performance.result"]._forget_links(self._name, self.ids)

    def _compute_display_name(self):
        for node in self:
            node.display_name = f"{node.code} {node.name}" if node.code else node.name

    def _compute_score(self):
        results = self.env["cciaa.performance.result"]._latest_for(self)
        for node in self:
            result = results.get(node.id)
            node.score = result.score if result else 0.0
            node.score_explanation = result.explanation_html if result else False
