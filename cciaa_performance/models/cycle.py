from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import Settings


class CciaaPerformanceCycle(models.Model):
    """A performance cycle: year N of one chamber (company) and its rule settings."""

    _name = "cciaa.performance.cycle"
    _description = "Performance cycle"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, company_id"

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "In progress"),
            ("closed", "Closed"),
            ("validated", "Validated by the OIV"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    tolerance = fields.Float(
        default=90.0,
        tracking=True,
        help="An achievement at or above this % counts as 100% "
        '("% realizz parametrata").',
    )
    missed_deadline_rule = fields.Selection(
        [("zero", "Zero"), ("per_day", "Points lost per day late")],
        default="zero",
        required=True,
        tracking=True,
    )
    points_per_day_late = fields.Float(default=1.0)
    exact_miss_rule = fields.Selection(
        [("distance", "Proportional to the distance"), ("zero", "Zero")],
        default="distance",
        required=True,
        tracking=True,
    )
    area_ids = fields.One2many(
        "cciaa.performance.area", "cycle_id", string="Strategic areas"
    )
    strategic_ids = fields.One2many(
        "cciaa.performance.strategic.objective",
        "cycle_id",
        string="Strategic objectives",
    )
    operational_ids = fields.One2many(
        "cciaa.performance.operational.objective",
        "cycle_id",
        string="Operational objectives",
    )
    indicator_ids = fields.One2many(
        "cciaa.performance.indicator", "cycle_id", string="Indicators"
    )
    result_ids = fields.One2many(
        "cciaa.performance.result", "cycle_id", string="Results"
    )
    last_quarter = fields.Integer(
        compute="_compute_last_quarter",
        help="Last quadrimester with stored results.",
    )
    ente_score = fields.Float(compute="_compute_last_quarter", string="Ente %")
    recomputed_on = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "year_company_uniq",
            "unique(year, company_id)",
            "A chamber has one cycle per year.",
        ),
        (
            "tolerance_range",
            "CHECK(tolerance >= 0 AND tolerance <= 100)",
            "The tolerance must be between 0 and 100.",
        ),
    ]

    @api.depends("year", "company_id.name")
    def _compute_name(self):
        for cycle in self:
            cycle.name = f"{cycle.company_id.name or ''} {cycle.year or ''}".strip()

    @api.depends("result_ids.quarter", "result_ids.score")
    def _compute_last_quarter(self):
        for cycle in self:
            ente = cycle.result_ids.filtered(lambda r: r.level == "ente").sorted(
                "quarter"
            )
            cycle.last_quarter = ente[-1:].quarter
            cycle.ente_score = ente[-1:].score

    def _engine_settings(self):
        self.ensure_one()
        return Settings(
            tolerance=self.tolerance,
            missed_deadline_rule=self.missed_deadline_rule,
            points_per_day_late=self.points_per_day_late,
            exact_miss_rule=self.exact_miss_rule,
        )

    def action_activate(self):
        errors = [
            error
            for cycle in self
            for nodes in (
                cycle.area_ids,
                cycle.strategic_ids,
                cycle.operational_ids,
                cycle.indicator_ids,
            )
            for error in nodes._weight_errors()
        ]
        if errors:
            raise UserError("\n".join(errors))
        self.write({"state": "active"})

    def action_recompute(self):
        """Recompute and store the results of every quadrimester with data."""
        self.check_access("write")
        self.env["cciaa.performance.result"]._recompute_cycles(self)
        return True

    def action_open_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_result"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        action["context"] = {"search_default_last_quarter": 1}
        return action

    @api.model
    def import_dataset_path(self, path):
        """Import a cycle from a folder, .zip or .xlsx (command line, `make demo`)."""
        return self.env["cciaa.performance.import.wizard"]._import_source(path)
