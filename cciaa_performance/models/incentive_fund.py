import datetime
from fractions import Fraction

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine.incentive import (
    MESSAGES,
    MIN_MAGGIORAZIONE,
    Bands,
    FundInput,
    IncentiveError,
    StaffMember,
    allocate,
    check_fund,
    to_cents,
)
from ..engine.individual import Phase, combine_phases
from .explanation import explanation_dict
from .guard import check_groups, is_trusted, trusted
from .scheda import EVALUATED_STATES, set_on_create

TIE_RULES = [
    ("seniority", "Tied at the boundary: by seniority (earliest hired first)"),
    ("include_all", "Tied at the boundary: all included"),
    ("exclude_all", "Tied at the boundary: all excluded"),
]
FUND_STATES = [
    ("draft", "Draft"),
    ("simulated", "Simulated"),
    ("confirmed", "Confirmed"),
    ("paid", "Paid"),
]
LOCKED_STATES = ("confirmed", "paid")
# parameters: frozen once the allocation is confirmed
PARAMETER_FIELDS = {
    "name",
    "cycle_id",
    "amount",
    "contract_reference",
    "organisational_share",
    "threshold",
    "full_from",
    "maggiorazione_pct",
    "quota_pct",
    "tie_rule",
    "min_days",
    "coefficient_ids",
    "allocation_ids",
}
# written only by the actions (simulate, confirm, pay, reset), never by a client
RESULT_FIELDS = {
    "state",
    "simulated_on",
    "confirmed_on",
    "confirmed_by_id",
    "allocated_amount",
    "undistributed_amount",
    "organisational_amount",
    "individual_amount",
    "maggiorazione_amount",
    "average_individual",
    "quota_count",
    "selected_count",
    "explanation",
}
FUND_GROUPS = "cciaa_performance.group_hr,cciaa_performance.group_sg"


class CciaaPerformanceIncentiveFund(models.Model):
    """The fund for the premiums of one cycle (FRD, "premi correlati alla
    performance") and every parameter of its allocation, versioned per cycle
    because the contracts change (art. 69 CCNL 21.5.2018, art. 81 CCNL
    16.11.2022). Simulate, then confirm once the OIV validated the cycle:
    the allocation is then locked."""

    _name = "cciaa.performance.incentive.fund"
    _description = "Incentive fund"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "cycle_id desc, id"

    name = fields.Char(required=True, tracking=True)
    cycle_id = fields.Many2one(
        "cciaa.performance.cycle",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="cycle_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    contract_reference = fields.Char(
        default="art. 69 CCNL 21.5.2018",
        tracking=True,
        help="The contract clause the parameters follow "
        "(e.g. art. 81 CCNL 16.11.2022).",
    )
    amount = fields.Monetary(required=True, tracking=True, string="Fund amount")
    organisational_share = fields.Float(
        string="Organisational share %",
        default=50.0,
        tracking=True,
        help="Share of the fund paid on organisational performance; "
        "the rest on individual.",
    )
    individual_share = fields.Float(
        compute="_compute_individual_share", string="Individual share %"
    )
    threshold = fields.Float(
        string="No premium below (score)",
        default=60.0,
        tracking=True,
    )
    full_from = fields.Float(
        string="Full premium from (score)",
        default=90.0,
        tracking=True,
        help="At or above this score the full premium; between the threshold "
        "and this score the premium is proportional to the score.",
    )
    maggiorazione_pct = fields.Float(
        string="Maggiorazione % of the average premium",
        default=MIN_MAGGIORAZIONE,
        tracking=True,
        help="At least 30% (art. 69 c.2 CCNL 21.5.2018).",
    )
    quota_pct = fields.Float(
        string="Quota of staff %",
        default=10.0,
        tracking=True,
        help="The limited share of the evaluated staff receiving the maggiorazione.",
    )
    tie_rule = fields.Selection(
        TIE_RULES, required=True, default="seniority", tracking=True
    )
    min_days = fields.Integer(
        string="Minimum days of service",
        default=0,
        tracking=True,
        help="Fewer days of service in the year exclude the employee.",
    )
    coefficient_ids = fields.One2many(
        "cciaa.performance.incentive.coefficient",
        "fund_id",
        string="Category coefficients",
        copy=True,
    )
    allocation_ids = fields.One2many(
        "cciaa.performance.incentive.allocation", "fund_id"
    )
    state = fields.Selection(
        FUND_STATES, default="draft", required=True, tracking=True, copy=False
    )
    simulated_on = fields.Datetime(readonly=True, copy=False)
    confirmed_on = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    paid_on = fields.Date(copy=False, tracking=True)
    allocated_amount = fields.Monetary(readonly=True, copy=False, string="Allocated")
    undistributed_amount = fields.Monetary(
        readonly=True,
        copy=False,
        string="Undistributed",
        help="What nobody qualified for: it goes back to the fund.",
    )
    organisational_amount = fields.Monetary(readonly=True, copy=False)
    individual_amount = fields.Monetary(readonly=True, copy=False)
    maggiorazione_amount = fields.Monetary(
        readonly=True, copy=False, string="Maggiorazione (each)"
    )
    average_individual = fields.Monetary(
        readonly=True, copy=False, string="Average individual premium"
    )
    quota_count = fields.Integer(readonly=True, copy=False, string="Quota (employees)")
    selected_count = fields.Integer(
        readonly=True, copy=False, string="Maggiorazione to"
    )
    explanation = fields.Json(readonly=True, copy=False)
    explanation_html = fields.Html(compute="_compute_explanation_html", sanitize=False)

    @api.depends("organisational_share")
    def _compute_individual_share(self):
        for fund in self:
            fund.individual_share = 100 - fund.organisational_share

    @api.depends("explanation")
    def _compute_explanation_html(self):
        Result = self.env["cciaa.performance.result"]
        labels = {**Result._rule_labels(), **self._rule_labels()}
        for fund in self:
            fund.explanation_html = (
                Result._render_explanation(fund.explanation, labels)
                if fund.explanation
                else False
            )

    def _rule_labels(self):
        return {
            "incentive_fund": self.env._("Allocation of the fund"),
            "incentive_employee": self.env._("Premium of the employee"),
        }

    # -- constraints ---------------------------------------------------------

    @api.constrains(
        "amount",
        "organisational_share",
        "threshold",
        "full_from",
        "maggiorazione_pct",
        "quota_pct",
        "tie_rule",
        "min_days",
    )
    def _check_parameters(self):
        for fund in self:
            try:
                check_fund(fund._engine_fund())
            except IncentiveError as error:
                raise ValidationError(self._incentive_message(error)) from None

    def _incentive_message(self, error):
        """The engine's error in the user's language (templates: engine MESSAGES),
        with the employee's name instead of the engine's key and the tie rule's
        label instead of its code."""
        params = dict(error.params)
        if "employee" in params and str(params["employee"]).isdigit():
            params["employee"] = (
                self.env["hr.employee"].sudo().browse(int(params["employee"])).name
            )
        if "rule" in params:
            labels = dict(self._fields["tie_rule"]._description_selection(self.env))
            params["rule"] = labels.get(params["rule"], params["rule"])
        return self.env._(MESSAGES[error.code], **params)

    # -- CRUD ----------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env):
            # a new fund starts in draft, not simulated (nor default_ keys)
            if set_on_create(self.env, vals_list, RESULT_FIELDS):
                raise UserError(
                    self.env._(
                        "The state and the results of the fund %(fund)s change only "
                        "through its buttons.",
                        fund=", ".join(v.get("name") or "" for v in vals_list),
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & PARAMETER_FIELDS:
            self._check_unlocked()
        # not even sudo: only the actions hold the marker
        if not is_trusted(self.env) and set(vals) & RESULT_FIELDS:
            raise UserError(
                self.env._(
                    "The state and the results of the fund %(fund)s change only "
                    "through its buttons.",
                    fund=", ".join(self.mapped("name")),
                )
            )
        result = super().write(vals)
        if not is_trusted(self.env) and set(vals) & PARAMETER_FIELDS:
            # parameters changed after a simulation: the simulation is stale
            trusted(self.filtered(lambda f: f.state == "simulated")).write(
                {"state": "draft"}
            )
        return result

    def unlink(self):
        self._check_unlocked()
        return super().unlink()

    def _check_unlocked(self):
        """Refuse any change to a confirmed allocation (ORM level, any client)."""
        for fund in self:
            if fund.state in LOCKED_STATES:
                raise UserError(
                    self.env._(
                        "The allocation of %(fund)s is confirmed: its parameters and "
                        "lines can no longer change.",
                        fund=fund.name,
                    )
                )

    # -- engine input --------------------------------------------------------

    def _engine_fund(self):
        self.ensure_one()
        year = self.cycle_id.year or 2001
        days = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days + 1
        return FundInput(
            amount=f"{self.amount:.2f}",
            organisational_share=self.organisational_share,
            bands=Bands(self.threshold, self.full_from),
            maggiorazione_pct=self.maggiorazione_pct,
            quota_pct=self.quota_pct,
            tie_rule=self.tie_rule,
            min_days=self.min_days,
            coefficients=tuple(
                (c.category, c.coefficient) for c in self.coefficient_ids
            ),
            days_in_year=days,
        )

    def _staff_schede(self):
        """The schede of the staff paid from the fund: everybody but the SG
        (dirigenti are paid from their own fund)."""
        self.ensure_one()
        return (
            self.env["cciaa.performance.scheda"]
            .sudo()
            .search(
                [
                    ("cycle_id", "=", self.cycle_id.id),
                    ("category", "!=", "sg"),
                ]
            )
        )

    def _engine_staff(self):
        """One StaffMember per evaluated employee. Refuses schede not yet
        evaluated (their score is not final)."""
        self.ensure_one()
        schede = self._staff_schede()
        if not schede:
            raise UserError(self.env._("The cycle has no scheda of staff to pay."))
        pending = schede.filtered(lambda s: s.state not in EVALUATED_STATES)
        if pending:
            raise UserError(
                self.env._(
                    "These schede are not evaluated yet: %(names)s.",
                    names=", ".join(pending.mapped("employee_id.name")),
                )
            )
        start = datetime.date(self.cycle_id.year, 1, 1)
        end = datetime.date(self.cycle_id.year, 12, 31)
        unit_scores, ente = self._unit_scores()
        staff = []
        for scheda in schede:
            employee = scheda.employee_id.sudo()
            periods = self._service_periods(employee, start, end)
            org = self._organisational_score(periods, unit_scores, ente)
            staff.append(
                StaffMember(
                    key=str(employee.id),
                    category=employee.cciaa_category or "",
                    part_time=employee.cciaa_part_time or 100.0,
                    days=self._days_in_service(employee, periods, start, end),
                    organisational_score=org,
                    individual_score=None
                    if scheda.final_reason
                    else scheda.final_score,
                    hired_on=employee.cciaa_hire_date or None,
                )
            )
        return staff

    @api.model
    def _service_periods(self, employee, start, end):
        """(unit, from, to, participation) of the employee's assignments in the year."""
        periods = []
        for a in employee.cciaa_assignment_ids.sorted(lambda a: (a.date_from, a.id)):
            date_from, date_to = max(a.date_from, start), min(a.date_to or end, end)
            if date_from <= date_to:
                periods.append((a.department_id, date_from, date_to, a.participation))
        return periods

    @api.model
    def _days_in_service(self, employee, periods, start, end):
        """Days of the year covered by an assignment, within the employment
        dates (without assignments: the employment dates)."""
        first = max(start, employee.cciaa_hire_date or start)
        last = min(end, employee.cciaa_end_date or end)
        if first > last:
            return 0
        if not periods:
            return (last - first).days + 1
        days = set()
        for _unit, date_from, date_to, _part in periods:
            day = max(date_from, first)
            while day <= min(date_to, last):
                days.add(day)
                day += datetime.timedelta(days=1)
        return len(days)

    def _unit_scores(self):
        """Latest stored unit results by unit id, and the Ente's."""
        Result = self.env["cciaa.performance.result"].sudo()
        results = Result.search(
            [("cycle_id", "=", self.cycle_id.id), ("level", "in", ("unit", "ente"))],
            order="quarter",
        )
        quarter = max(results.mapped("quarter"), default=0)
        latest = results.filtered(lambda r: r.quarter == quarter)
        units = {
            r.department_id.id: r.score
            for r in latest
            if r.level == "unit" and r.evaluable and r.department_id
        }
        ente = next(
            (r.score for r in latest if r.level == "ente" and r.evaluable), None
        )
        return units, ente

    @api.model
    def _organisational_score(self, periods, unit_scores, ente):
        """The units' results, day-weighted over the assignments (issue 5): each
        period's unit result, or the nearest unit above it with a result, or
        the Ente's."""
        scored = []
        for unit, date_from, date_to, participation in periods:
            score, node = None, unit
            while node and score is None:
                score = unit_scores.get(node.id)
                node = node.parent_id
            scored.append(
                (
                    Phase(
                        unit.cciaa_code or unit.name, date_from, date_to, participation
                    ),
                    ente if score is None else score,
                )
            )
        if not scored:
            return ente
        score, _expl = combine_phases(scored)
        return score

    # -- actions ---------------------------------------------------------------

    def _check_fund_manager(self):
        check_groups(
            self.env,
            FUND_GROUPS,
            self.env._(
                "Only HR or the Segretario Generale may simulate, confirm, pay or "
                "reset the fund %(fund)s.",
                fund=", ".join(self.mapped("name")),
            ),
        )

    def _check_cycle_validated(self):
        for fund in self:
            if fund.sudo().cycle_id.state != "validated":
                raise UserError(
                    self.env._(
                        "The cycle %(cycle)s is not validated by the OIV yet: premiums "
                        "are confirmed only after the validation.",
                        cycle=fund.sudo().cycle_id.display_name,
                    )
                )

    def action_simulate(self):
        """Compute the allocation and show it; nothing is locked."""
        self.ensure_one()
        self.check_access("write")
        self._check_fund_manager()
        if self.state in LOCKED_STATES:
            raise UserError(
                self.env._("The allocation of %(fund)s is confirmed.", fund=self.name)
            )
        members = self._engine_staff()
        try:
            result = allocate(self._engine_fund(), members)
        except IncentiveError as error:
            raise UserError(self._incentive_message(error)) from None
        staff = {m.key: m for m in members}
        Allocation = trusted(self.env["cciaa.performance.incentive.allocation"])
        trusted(self.allocation_ids).unlink()
        Allocation.create(
            [
                {
                    "fund_id": self.id,
                    "employee_id": int(line.key),
                    "category": staff[line.key].category,
                    "part_time": staff[line.key].part_time,
                    "days": staff[line.key].days,
                    "weight": float(line.weight),
                    "organisational_score": staff[line.key].organisational_score or 0.0,
                    "individual_score": staff[line.key].individual_score or 0.0,
                    "organisational_factor": float(line.organisational_factor) * 100,
                    "individual_factor": float(line.individual_factor) * 100,
                    "band": line.band,
                    "selected": line.selected,
                    "organisational_amount": line.organisational_cents / 100,
                    "individual_amount": line.individual_cents / 100,
                    "maggiorazione_amount": line.maggiorazione_cents / 100,
                    "total_amount": line.total_cents / 100,
                    "explanation": explanation_dict(line.explanation),
                }
                for line in result.lines
            ]
        )
        trusted(self).write(
            {
                "state": "simulated",
                "simulated_on": fields.Datetime.now(),
                "allocated_amount": result.allocated_cents / 100,
                "undistributed_amount": result.undistributed_cents / 100,
                "organisational_amount": result.organisational_cents / 100,
                "individual_amount": result.individual_cents / 100,
                "maggiorazione_amount": result.maggiorazione_cents / 100,
                "average_individual": float(result.average_individual / 100),
                "quota_count": result.quota_count,
                "selected_count": len(result.selected),
                "explanation": explanation_dict(result.explanation),
            }
        )
        return True

    def action_confirm(self):
        """Lock the allocation: only once the OIV validated the cycle."""
        self.ensure_one()
        self.check_access("write")
        self._check_fund_manager()
        if self.state != "simulated":
            raise UserError(self.env._("Simulate the allocation before confirming it."))
        self._check_cycle_validated()
        allocated = sum(to_cents(a.total_amount) for a in self.allocation_ids)
        if allocated + to_cents(self.undistributed_amount) != to_cents(self.amount):
            raise UserError(
                self.env._(
                    "The allocation no longer adds up to the fund: simulate again."
                )
            )
        trusted(self).write(
            {
                "state": "confirmed",
                "confirmed_on": fields.Datetime.now(),
                "confirmed_by_id": self.env.user.id,
            }
        )
        return True

    def action_mark_paid(self):
        self.ensure_one()
        self.check_access("write")
        self._check_fund_manager()
        if self.state != "confirmed":
            raise UserError(self.env._("Only a confirmed allocation can be paid."))
        self._check_cycle_validated()
        trusted(self).write(
            {
                "state": "paid",
                "paid_on": self.paid_on or fields.Date.context_today(self),
            }
        )
        return True

    def action_reset_to_draft(self):
        self.ensure_one()
        self.check_access("write")
        self._check_fund_manager()
        if self.state != "simulated":
            raise UserError(
                self.env._("Only a simulated allocation goes back to draft.")
            )
        trusted(self.allocation_ids).unlink()
        trusted(self).write({"state": "draft"})
        return True

    # -- exports -------------------------------------------------------------------

    def _check_exportable(self):
        self.ensure_one()
        if self.state not in LOCKED_STATES:
            raise UserError(self.env._("Exports are for a confirmed allocation."))

    def _payroll_rows(self):
        """Prepared rows of the payroll export: employee, registration number,
        category, the three components and the total (amounts in euro)."""
        self.ensure_one()
        return [
            {
                "employee": a.employee_id.sudo().name,
                "registration": a.registration or "",
                "category": a.category or "",
                "organisational": a.organisational_amount,
                "individual": a.individual_amount,
                "maggiorazione": a.maggiorazione_amount,
                "total": a.total_amount,
            }
            for a in self.allocation_ids.sorted(
                lambda a: (a.employee_id.sudo().name or "", a.id)
            )
        ]

    def _transparency_data(self):
        """The table of art. 20 D.Lgs. 33/2013, prepared, without names: the
        amounts allocated and paid and the distribution by band of the
        individual score (employees, amount, share of the distributed total)."""
        self.ensure_one()
        bands = dict(
            self.env["cciaa.performance.incentive.allocation"]
            ._fields["band"]
            ._description_selection(self.env)
        )
        lines = self.allocation_ids
        distributed = sum(to_cents(a.total_amount) for a in lines)
        rows = []
        for band in ("full", "proportional", "none", "excluded"):
            mine = lines.filtered(lambda a, b=band: a.band == b)
            cents = sum(
                to_cents(a.total_amount) - to_cents(a.maggiorazione_amount)
                for a in mine
            )
            rows.append(
                {
                    "band": band,
                    "label": bands[band],
                    "employees": len(mine),
                    "amount": cents / 100,
                    "share": float(Fraction(cents * 100, distributed))
                    if distributed
                    else 0,
                }
            )
        chosen = lines.filtered("selected")
        cents = sum(to_cents(a.maggiorazione_amount) for a in chosen)
        rows.append(
            {
                "band": "maggiorazione",
                "label": self.env._("Maggiorazione"),
                "employees": len(chosen),
                "amount": cents / 100,
                "share": float(Fraction(cents * 100, distributed))
                if distributed
                else 0,
            }
        )
        return {
            "chamber": self.company_id.name,
            "year": self.cycle_id.year,
            "fund": self.name,
            "contract_reference": self.contract_reference or "",
            "allocated": self.amount,
            "distributed": distributed / 100,
            "paid": distributed / 100 if self.state == "paid" else 0.0,
            "undistributed": self.undistributed_amount,
            "employees": len(lines),
            "maggiorazione_pct": self.maggiorazione_pct,
            "quota_pct": self.quota_pct,
            "bands": rows,
        }

    def action_export_payroll(self):
        self.ensure_one()
        self._check_exportable()
        return self.env.ref(
            "cciaa_performance.action_report_fund_payroll"
        ).report_action(self)

    def action_export_transparency(self):
        self.ensure_one()
        self._check_exportable()
        return self.env.ref(
            "cciaa_performance.action_report_fund_transparency"
        ).report_action(self)
