from odoo import api, fields, models
from odoo.exceptions import AccessError

from .guard import is_trusted

BANDS = [
    ("full", "Full premium"),
    ("proportional", "Proportional to the score"),
    ("none", "Below the threshold: no premium"),
    ("excluded", "Not entitled (days of service or no score)"),
]


class CciaaPerformanceIncentiveAllocation(models.Model):
    """One employee's premium in a fund, as computed by the simulation.
    Locked at the ORM level once the fund's allocation is confirmed."""

    _name = "cciaa.performance.incentive.allocation"
    _description = "Incentive allocation"
    _order = "fund_id, total_amount desc, employee_id"

    fund_id = fields.Many2one(
        "cciaa.performance.incentive.fund",
        required=True,
        ondelete="cascade",
        index=True,
    )
    cycle_id = fields.Many2one(related="fund_id.cycle_id", store=True, index=True)
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="fund_id.currency_id")
    fund_state = fields.Selection(related="fund_id.state")
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="restrict"
    )
    registration = fields.Char(
        related="employee_id.cciaa_registration", string="Matricola"
    )
    category = fields.Char()
    part_time = fields.Float(string="Working time %")
    days = fields.Integer(string="Days of service")
    weight = fields.Float(digits=(16, 6))
    organisational_score = fields.Float(digits=(16, 2))
    individual_score = fields.Float(digits=(16, 2))
    organisational_factor = fields.Float(
        string="Organisational factor %", digits=(16, 2)
    )
    individual_factor = fields.Float(string="Individual factor %", digits=(16, 2))
    band = fields.Selection(BANDS)
    selected = fields.Boolean(string="Maggiorazione")
    organisational_amount = fields.Monetary(string="Organisational")
    individual_amount = fields.Monetary(string="Individual")
    maggiorazione_amount = fields.Monetary(string="Maggiorazione amount")
    total_amount = fields.Monetary(string="Total")
    explanation = fields.Json()
    explanation_html = fields.Html(compute="_compute_explanation_html", sanitize=False)

    @api.depends("explanation")
    def _compute_explanation_html(self):
        Result = self.env["cciaa.performance.result"]
        labels = {
            **Result._rule_labels(),
            **self.env["cciaa.performance.incentive.fund"]._rule_labels(),
        }
        for line in self:
            line.explanation_html = (
                Result._render_explanation(line.explanation, labels)
                if line.explanation
                else False
            )

    def _check_simulation(self):
        """Allocations are written only by the simulation of their fund (not
        even HR, the SG or sudo hand-edit an amount)."""
        if not is_trusted(self.env):
            raise AccessError(
                self.env._(
                    "The allocation of %(fund)s is written only by its simulation: "
                    "change the parameters and simulate again.",
                    fund=", ".join(self.sudo().fund_id.mapped("name")) or "-",
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env):
            funds = self.env["cciaa.performance.incentive.fund"].browse(
                [vals["fund_id"] for vals in vals_list if vals.get("fund_id")]
            )
            funds._check_unlocked()
            self.browse()._check_simulation()
        lines = super().create(vals_list)
        lines.fund_id._check_unlocked()
        return lines

    def write(self, vals):
        self.fund_id._check_unlocked()
        self._check_simulation()
        return super().write(vals)

    def unlink(self):
        self.fund_id._check_unlocked()
        self._check_simulation()
        return super().unlink()
