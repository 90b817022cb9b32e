from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..engine import fmt_number, fmt_pct
from .guard import is_trusted, trusted

STATES = [
    ("draft", "Draft"),
    ("assigned", "Assigned"),
    ("acknowledged", "Acknowledged"),
    ("evaluated", "Evaluated"),
    ("accepted", "Accepted"),
    ("observations", "Observations filed"),
    ("final", "Final"),
]
CATEGORIES = [("sg", "Segretario Generale"), ("po", "P.O./EQ"), ("staff", "Staff")]
EVALUATED_STATES = ("evaluated", "accepted", "observations", "final")
# figures are refreshed from the stored results until the evaluation freezes them
OPEN_STATES = ("draft", "assigned", "acknowledged")
# set only by the workflow buttons and the refresh of the figures
WORKFLOW_FIELDS = {
    "state",
    "assigned_on",
    "acknowledged_on",
    "evaluated_on",
    "evaluated_by_id",
    "accepted_on",
    "observations_on",
    "final_on",
    "results_score",
    "behaviour_score",
    "final_score",
    "final_reason",
    "explanation",
    "phase_data",
    "figures_on",
    "count_reached",
    "count_partial",
    "count_not_reached",
}
# what the evaluated employee may change on their own scheda
EMPLOYEE_FIELDS = {"observations"}
# what stays editable once the scheda is assigned
AFTER_ASSIGNMENT_FIELDS = {
    "oiv_proposal_by",
    "oiv_proposal_date",
    "evaluator_notes",
    "behaviour_line_ids",
}


def set_on_create(env, vals_list, names):
    """The ``names`` a create would set to something else than an empty or
    draft value, from the vals or from ``default_`` context keys (forms send
    the default draft state and empty figures: they pass)."""
    values = [
        {
            **{k[8:]: v for k, v in env.context.items() if k.startswith("default_")},
            **vals,
        }
        for vals in vals_list
    ]
    return {
        name
        for vals in values
        for name in names
        if vals.get(name) and vals.get(name) != "draft"
    }


class CciaaPerformanceScheda(models.Model):
    """The individual scheda of one employee for one cycle: objectives
    (organisational indicators valued on a unit, and own objectives),
    behaviours, phases from the assignments, final score.

    Figures are read from the stored results of the cycle (never computed in
    a view) and scored by :func:`~..engine.individual.evaluate_scheda`; the
    evaluation freezes them."""

    _name = "cciaa.performance.scheda"
    _description = "Individual evaluation scheda"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cciaa.performance.scheda.figures",
        "cciaa.performance.scheda.ui",
    ]
    _order = "cycle_id desc, category, employee_id"

    name = fields.Char(compute="_compute_name", store=True)
    cycle_id = fields.Many2one(
        "cciaa.performance.cycle", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="cycle_id.company_id", store=True, index=True)
    year = fields.Integer(related="cycle_id.year", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, tracking=True, ondelete="restrict"
    )
    registration = fields.Char(
        related="employee_id.cciaa_registration", string="Matricola"
    )
    employee_user_id = fields.Many2one(
        related="employee_id.user_id", store=True, index=True, string="Employee's user"
    )
    category = fields.Selection(
        CATEGORIES,
        required=True,
        compute="_compute_category",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Staff category of the evaluation system's results/behaviours split.",
    )
    evaluator_id = fields.Many2one(
        "hr.employee",
        index=True,
        tracking=True,
        help="The SG for a P.O., the P.O. for their staff. The SG's scheda is "
        "evaluated on the OIV's proposal.",
    )
    evaluator_user_id = fields.Many2one(
        related="evaluator_id.user_id",
        store=True,
        index=True,
        string="Evaluator's user",
    )
    system_id = fields.Many2one(
        "cciaa.performance.evaluation.system",
        compute="_compute_system_id",
        string="Evaluation system",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, copy=False
    )
    assigned_on = fields.Datetime(readonly=True, copy=False)
    acknowledged_on = fields.Datetime(
        string="Acknowledged on (presa visione)",
        readonly=True,
        copy=False,
        tracking=True,
    )
    evaluated_on = fields.Datetime(readonly=True, copy=False)
    evaluated_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    oiv_proposal_by = fields.Char(
        string="Proposed by (OIV)",
        tracking=True,
        help="Who proposed the evaluation of the Segretario Generale (the OIV).",
    )
    oiv_proposal_date = fields.Date(string="OIV proposal date")
    evaluator_notes = fields.Text()
    observations = fields.Text(help="The employee's observations on the evaluation.")
    observations_on = fields.Datetime(readonly=True, copy=False)
    accepted_on = fields.Datetime(readonly=True, copy=False)
    final_on = fields.Datetime(readonly=True, copy=False)
    line_ids = fields.One2many(
        "cciaa.performance.scheda.line", "scheda_id", string="Objectives", copy=True
    )
    behaviour_line_ids = fields.One2many(
        "cciaa.performance.scheda.behaviour", "scheda_id", string="Behaviours"
    )
    weight_total = fields.Float(compute="_compute_weight_total", string="Total weight")
    results_score = fields.Float(
        string="Results %", digits=(16, 2), readonly=True, copy=False
    )
    behaviour_score = fields.Float(
        string="Behaviours %", digits=(16, 2), readonly=True, copy=False
    )
    final_score = fields.Float(
        string="Final score %",
        digits=(16, 2),
        readonly=True,
        copy=False,
        tracking=True,
        aggregator="avg",
    )
    final_reason = fields.Selection(
        [
            ("no_rows", "No evaluable objective"),
            ("behaviours_not_rated", "Behaviours not rated yet"),
        ],
        readonly=True,
        copy=False,
        string="Why no final score",
    )
    count_reached = fields.Integer(readonly=True, copy=False, string="Reached")
    count_partial = fields.Integer(
        readonly=True, copy=False, string="Partially reached"
    )
    count_not_reached = fields.Integer(readonly=True, copy=False, string="Not reached")
    phase_data = fields.Json(readonly=True, copy=False)
    explanation = fields.Json(readonly=True, copy=False)
    explanation_html = fields.Html(compute="_compute_explanation_html", sanitize=False)
    figures_on = fields.Datetime(
        readonly=True,
        copy=False,
        string="Figures read on",
        help="When the figures were last read from the cycle's stored results.",
    )

    _sql_constraints = [
        (
            "employee_cycle_uniq",
            "unique(employee_id, cycle_id)",
            "An employee has one scheda per cycle.",
        ),
    ]

    # -- computes --------------------------------------------------------

    @api.depends("employee_id.name", "cycle_id.year")
    def _compute_name(self):
        for scheda in self:
            name = scheda.employee_id.sudo().name or ""
            scheda.name = f"{name} {scheda.cycle_id.year or ''}".strip()

    @api.depends("employee_id")
    def _compute_category(self):
        for scheda in self:
            scheda.category = (
                scheda.employee_id.cciaa_role or scheda.category or "staff"
            )

    def _compute_system_id(self):
        systems = self.env["cciaa.performance.evaluation.system"].search(
            [("cycle_id", "in", self.cycle_id.ids)]
        )
        by_cycle = {s.cycle_id.id: s for s in systems}
        for scheda in self:
            scheda.system_id = by_cycle.get(scheda.cycle_id.id, False)

    @api.depends("line_ids.weight")
    def _compute_weight_total(self):
        for scheda in self:
            scheda.weight_total = sum(scheda.line_ids.mapped("weight"))

    @api.depends("phase_data", "explanation", "final_score")
    def _compute_explanation_html(self):
        Result = self.env["cciaa.performance.result"]
        labels = {**Result._rule_labels(), **self._rule_labels()}
        for scheda in self:
            if not scheda.explanation:
                scheda.explanation_html = False
                continue
            scheda.explanation_html = (
                scheda._phases_html()
                + Result._render_explanation(scheda.explanation, labels)
            )

    def _rule_labels(self):
        return {
            "scheda": self.env._("Final score of the scheda"),
            "phases": self.env._(
                "Day-weighted combination of the phases (days × participation)"
            ),
            "phase": self.env._("Phase"),
            "behaviours": self.env._("Behaviours: weighted mean of the rated levels"),
            "split": self.env._("Results and behaviours, by the category's split"),
        }

    def _phases_html(self):
        self.ensure_one()
        head = Markup("").join(
            Markup("<th>%s</th>") % label
            for label in (
                self.env._("Phase"),
                self.env._("Unit"),
                self.env._("From"),
                self.env._("To"),
                self.env._("Days"),
                self.env._("Participation %"),
                self.env._("Objectives"),
                self.env._("Score %"),
            )
        )
        body = Markup("").join(
            Markup(
                "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                "<td>%s</td><td>%s</td></tr>"
            )
            % (
                index,
                p["unit"],
                p["from"],
                p["to"],
                p["days"],
                fmt_number(p["participation"]),
                len(p["rows"]),
                fmt_pct(p["score"])
                if p["score"] is not None
                else self.env._("no objective in this phase"),
            )
            for index, p in enumerate(self.phase_data or [], start=1)
        )
        return Markup(
            "<table class='table table-sm o_cciaa_phases'><tr>%s</tr>%s</table>"
        ) % (head, body)

    # -- constraints -----------------------------------------------------

    @api.constrains("employee_id", "cycle_id", "evaluator_id")
    def _check_company(self):
        for scheda in self:
            company = scheda.cycle_id.company_id
            for employee in (scheda.employee_id, scheda.evaluator_id):
                employee = employee.sudo()
                if employee and employee.company_id and employee.company_id != company:
                    raise ValidationError(
                        self.env._(
                            "%(employee)s belongs to another chamber than the cycle.",
                            employee=employee.name,
                        )
                    )
            if scheda.evaluator_id and scheda.evaluator_id == scheda.employee_id:
                raise ValidationError(
                    self.env._(
                        "%(employee)s cannot be the evaluator of their own scheda.",
                        employee=scheda.employee_id.sudo().name,
                    )
                )

    # -- CRUD ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env):
            # a new scheda starts in draft without scores (nor default_ keys)
            protected = set_on_create(self.env, vals_list, WORKFLOW_FIELDS)
            if protected:
                self.browse()._check_write(protected)
        for vals in vals_list:
            if not vals.get("evaluator_id") and vals.get("employee_id"):
                employee = self.env["hr.employee"].browse(vals["employee_id"])
                vals["evaluator_id"] = self._default_evaluator(employee).id
            if not is_trusted(self.env):
                self._check_evaluator_choice(vals)
        return super().create(vals_list)

    def write(self, vals):
        # not even sudo: only the workflow and the refresh hold the marker
        if not is_trusted(self.env):
            self._check_write(set(vals))
            if {"employee_id", "evaluator_id"} & set(vals):
                for scheda in self:
                    scheda._check_evaluator_choice(
                        {
                            "employee_id": scheda.employee_id.id,
                            "evaluator_id": scheda.evaluator_id.id,
                            **vals,
                        }
                    )
        return super().write(vals)

    def _check_evaluator_choice(self, vals):
        """Who evaluates whom follows the organisation chart (the head of the
        employee's unit, the SG for a P.O.): only HR and the SG choose another
        evaluator, so a P.O. cannot give themself an employee of another
        Servizio."""
        if self.env.su or self._is_hr():
            return
        employee = self.env["hr.employee"].sudo().browse(vals.get("employee_id"))
        expected = self._default_evaluator(employee)
        if (vals.get("evaluator_id") or False) != (expected.id or False):
            raise AccessError(
                self.env._(
                    "The evaluator of %(employee)s is %(evaluator)s (head of their "
                    "unit): only HR or the SG may choose another one.",
                    employee=employee.name or "?",
                    evaluator=expected.sudo().name or self.env._("nobody"),
                )
            )

    def unlink(self):
        if not is_trusted(self.env) and any(s.state != "draft" for s in self):
            raise UserError(self.env._("Only a draft scheda can be deleted."))
        return super().unlink()

    def _check_write(self, fnames):
        protected = fnames & WORKFLOW_FIELDS
        if protected:
            raise UserError(
                self.env._(
                    "The state and the scores of a scheda change only through its "
                    "buttons (%(fields)s).",
                    fields=", ".join(sorted(protected)),
                )
            )
        for scheda in self:
            if scheda._is_employee() and not scheda._is_evaluator():
                if fnames - EMPLOYEE_FIELDS:
                    raise AccessError(
                        self.env._(
                            "On your own scheda you may only write observations."
                        )
                    )
                if scheda.state != "evaluated":
                    raise UserError(
                        self.env._(
                            "Observations are filed once the scheda is evaluated."
                        )
                    )
            elif (
                scheda.state != "draft"
                and fnames - AFTER_ASSIGNMENT_FIELDS - EMPLOYEE_FIELDS
            ):
                raise UserError(
                    self.env._(
                        "The scheda of %(employee)s is %(state)s: its objectives "
                        "can no longer change.",
                        employee=scheda.employee_id.sudo().name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[scheda.state],
                    )
                )

    @api.model
    def _default_evaluator(self, employee):
        """The SG for a P.O.; for staff the head of their unit (or of the
        nearest unit above with a head); nobody for the SG (the OIV proposes)."""
        employee = employee.sudo()
        if not employee or employee.cciaa_role == "sg":
            return self.env["hr.employee"]
        if employee.cciaa_role == "po":
            return (
                self.env["hr.employee"]
                .sudo()
                .search(
                    [
                        ("cciaa_role", "=", "sg"),
                        ("company_id", "=", employee.company_id.id),
                    ],
                    limit=1,
                )
                .sudo(False)
            )
        assignments = employee.cciaa_assignment_ids.sorted("date_from")
        unit = assignments[-1:].department_id
        while unit:
            if unit.manager_id and unit.manager_id != employee:
                return unit.manager_id.sudo(False)
            unit = unit.parent_id
        return self.env["hr.employee"]

    # -- permissions -----------------------------------------------------

    def _is_employee(self):
        self.ensure_one()
        return bool(self.employee_user_id) and self.employee_user_id == self.env.user

    def _is_evaluator(self):
        self.ensure_one()
        return bool(self.evaluator_user_id) and self.evaluator_user_id == self.env.user

    def _is_hr(self):
        return self.env.user.has_group("cciaa_performance.group_hr")

    def _check_can_evaluate(self):
        """The evaluator, HR or the SG; never the evaluated employee."""
        if self.env.su:
            return
        for scheda in self:
            if scheda._is_employee():
                raise AccessError(
                    self.env._("You cannot assign or evaluate your own scheda.")
                )
            if not (scheda._is_evaluator() or scheda._is_hr()):
                raise AccessError(
                    self.env._(
                        "Only the evaluator of %(employee)s, HR or the SG may do this.",
                        employee=scheda.employee_id.sudo().name,
                    )
                )

    def _check_is_employee(self):
        if self.env.su:
            return
        for scheda in self:
            if not scheda._is_employee():
                raise AccessError(
                    self.env._(
                        "Only %(employee)s may do this on their scheda.",
                        employee=scheda.employee_id.sudo().name,
                    )
                )

    def _check_state(self, *states):
        for scheda in self:
            if scheda.state not in states:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "The scheda of %(employee)s is %(state)s: "
                        "this step needs %(needed)s.",
                        employee=scheda.employee_id.sudo().name,
                        state=labels[scheda.state],
                        needed=" / ".join(labels[s] for s in states),
                    )
                )

    def _workflow_write(self, vals):
        """Write workflow fields after the permission checks of the caller."""
        trusted(self.sudo()).write(vals)

    # -- workflow ----------------------------------------------------------

    def action_assign(self):
        """Assign the objectives: weights of each phase's rows sum to 100, every
        row is complete and valued on a unit the employee belonged to."""
        self._check_can_evaluate()
        self._check_state("draft")
        for scheda in self:
            scheda._check_assignable()
        self._refresh_results()
        self._create_behaviour_lines()
        self._workflow_write(
            {"state": "assigned", "assigned_on": fields.Datetime.now()}
        )
        return True

    def action_acknowledge(self):
        """The employee's "presa visione" of the assigned objectives, timestamped."""
        self._check_is_employee()
        self._check_state("assigned")
        self._workflow_write(
            {"state": "acknowledged", "acknowledged_on": fields.Datetime.now()}
        )
        return True

    def action_evaluate(self):
        """The evaluator scores: figures refreshed and frozen, behaviours rated,
        final score stored. The SG's scheda needs the OIV's proposal."""
        self._check_can_evaluate()
        self._check_state("acknowledged")
        for scheda in self:
            if scheda.category == "sg" and not scheda.oiv_proposal_by:
                raise UserError(
                    self.env._(
                        "The scheda of the Segretario Generale is evaluated on the "
                        "OIV's proposal: record who proposed it."
                    )
                )
            missing = scheda.line_ids.filtered(lambda line: line._missing_own_result())
            if missing:
                raise UserError(
                    self.env._(
                        "Enter the result of the own objectives: %(rows)s.",
                        rows=", ".join(missing.mapped("name")),
                    )
                )
        self._refresh_results()
        for scheda in self:
            if scheda.final_reason == "behaviours_not_rated":
                raise UserError(
                    self.env._(
                        "Rate every behaviour of %(employee)s first.",
                        employee=scheda.employee_id.sudo().name,
                    )
                )
        self._workflow_write(
            {
                "state": "evaluated",
                "evaluated_on": fields.Datetime.now(),
                "evaluated_by_id": self.env.user.id,
            }
        )
        return True

    def action_accept(self):
        self._check_is_employee()
        self._check_state("evaluated")
        self._workflow_write(
            {"state": "accepted", "accepted_on": fields.Datetime.now()}
        )
        return True

    def action_file_observations(self):
        self._check_is_employee()
        self._check_state("evaluated")
        for scheda in self:
            if not (scheda.observations or "").strip():
                raise UserError(
                    self.env._("Write your observations before filing them.")
                )
        self._workflow_write(
            {"state": "observations", "observations_on": fields.Datetime.now()}
        )
        return True

    def action_finalise(self):
        self._check_can_evaluate()
        self._check_state("accepted", "observations")
        self._workflow_write({"state": "final", "final_on": fields.Datetime.now()})
        return True

    def action_reset_to_draft(self):
        """Back to draft before the evaluation (objectives to be changed)."""
        self._check_can_evaluate()
        self._check_state("assigned", "acknowledged")
        self._workflow_write(
            {"state": "draft", "assigned_on": False, "acknowledged_on": False}
        )
        return True

    def action_refresh(self):
        # the refresh writes the figures: whoever may evaluate, not the OIV
        self._check_can_evaluate()
        self._check_state(*OPEN_STATES)
        self._refresh_results()
        return True
