import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import Settings
from ..engine.build import unbalanced
from . import cycle_reader
from .guard import check_groups, is_trusted, trusted

# the rule settings: they feed every figure, so a closed quadrimester freezes them
SETTING_FIELDS = {
    "tolerance",
    "missed_deadline_rule",
    "points_per_day_late",
    "exact_miss_rule",
}
MANAGERS = "cciaa_performance.group_sg,cciaa_performance.group_manager"


class CciaaPerformanceCycle(models.Model):
    """A performance cycle: year N of one chamber (company) and its rule settings."""

    _name = "cciaa.performance.cycle"
    _description = "Performance cycle"
    # one model, its parts in files of their own (explicit mixins)
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "cciaa.performance.frozen.mixin",
        "cciaa.performance.cycle.monitoring",
        "cciaa.performance.cycle.individual",
        "cciaa.performance.cycle.export",
        "cciaa.performance.cycle.years",
        "cciaa.performance.cycle.home",
    ]
    _order = "year desc, company_id"
    _frozen_fields = tuple(SETTING_FIELDS | {"year", "company_id"})
    _input_fields = _frozen_fields

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
        readonly=True,
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
    # who asked for the last recompute (the figures themselves carry no author:
    # they are the engine's, written without a user column, models/result.py)
    recomputed_by = fields.Many2one("res.users", string="Recomputed by", readonly=True)

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

    # -- CRUD: states change only in the actions below -------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env) and any(
            vals.get("state", "draft") != "draft" for vals in vals_list
        ):
            raise UserError(self.env._("A cycle starts in the state 'Draft'."))
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals and not is_trusted(self.env):
            raise UserError(
                self.env._(
                    "The state of %(cycle)s changes only through its buttons "
                    "(activate, close; the OIV validates).",
                    cycle=self[:1].display_name,
                )
            )
        return super().write(vals)

    def _frozen_cycles(self):
        return self.sudo()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        # the children go by a database cascade, past their own checks
        for cycle in self.sudo():
            if cycle.state != "draft" or cycle.campaign_ids:
                raise UserError(
                    self.env._(
                        "%(cycle)s is not a draft without campaigns: deleting it "
                        "would delete its measurements and results.",
                        cycle=cycle.display_name,
                    )
                )

    # -- actions -----------------------------------------------------------------

    def _check_can_manage(self):
        check_groups(
            self.env,
            MANAGERS,
            self.env._(
                "Only the Segretario Generale or the performance manager changes "
                "the state of a cycle."
            ),
        )

    def _check_state(self, *states):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for cycle in self:
            if cycle.state not in states:
                raise UserError(
                    self.env._(
                        "%(cycle)s is %(state)s: this step is not possible now.",
                        cycle=cycle.display_name,
                        state=labels[cycle.state],
                    )
                )

    def action_activate(self):
        self._check_can_manage()
        self._check_state("draft")
        self._check_weights()
        trusted(self).write({"state": "active"})

    def _mark_validated(self):
        """The OIV's validation of the Relazione (D.Lgs. 150/2009 art. 14):
        called only by the validation's action, which checked the OIV."""
        self._check_state("closed")
        trusted(self.sudo()).write({"state": "validated"})

    def action_reopen_validation(self, reason):
        """The Segretario Generale takes back a validation, with a reason that
        stays in the chatter: the cycle is in progress again, its Relazione and
        premiums follow (see the report addon)."""
        check_groups(
            self.env,
            "cciaa_performance.group_sg",
            self.env._("Only the Segretario Generale reopens a validated cycle."),
        )
        self._check_state("validated")
        if not (reason or "").strip():
            raise UserError(
                self.env._("Reopening a validated cycle needs a written reason.")
            )
        self._unvalidate()
        for cycle in self:
            cycle._message_log(
                body=self.env._(
                    "Validation reopened by %(user)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return True

    def _unvalidate(self):
        # in progress again, so that a correction is possible; the closed
        # campaigns still need their own reopening with a reason
        trusted(self.sudo()).write({"state": "active"})

    def action_recompute(self):
        """Recompute and store the results of every quadrimester with data."""
        self.check_access("write")
        self._check_can_manage()
        self._check_state("draft", "active", "closed")
        self._recompute_request()
        return True

    def _recompute_request(self):
        """What the button and the scheduled action ask for once they have
        checked their user: the recompute, in this request. The queue addon
        (cciaa_performance_queue) queues it instead where a job runner
        serves the database; import, closing and campaigns, whose user waits
        for the figures, call :meth:`_recompute` directly."""
        self._recompute()

    def _recompute(self, force=False):
        """The one recompute service: every entry point (button, scheduled
        action, import, closing, campaign transitions, confirmed motivated
        evaluations) comes here, after checking its own user. Stores the
        results of every quadrimester with data, then refreshes what depends
        on them (cycle_individual.py: the open schede). The weights are
        checked on the rows the recompute reads (``_weight_messages``)."""
        changes = self.env["cciaa.performance.input.change"]
        seen = changes._seen(self.ids)
        self.env["cciaa.performance.result"]._recompute_cycles(self, force=force)
        changes._forget(self.ids, seen)
        self._refresh_schede()

    def _check_weights(self):
        """Sibling weights must sum to 100 before figures are computed from
        them: checked when a cycle is activated and at every recompute, not
        on every write, so that weights can be edited one at a time."""
        errors = [error for cycle in self for error in cycle._weight_messages()]
        if errors:
            raise UserError("\n".join(errors))

    def _weight_messages(self, plan=None):
        """The message of each sibling group of this cycle whose weights, set,
        do not sum to 100 (docs/RULES.md R6, engine/build.py ``unbalanced``),
        from ``plan`` (cycle_reader.read_plan; read here when not given): the
        recompute passes the rows it has read."""
        self.ensure_one()
        if plan is None:
            plan = cycle_reader.read_plan(self.env, self)
        messages = []
        for group in cycle_reader.weight_groups(plan):
            weights = [weight or 0.0 for _code, weight in group]
            if unbalanced(weights):
                messages.append(
                    self.env._(
                        "The weights of %(codes)s sum to %(total)s instead of 100.",
                        codes=", ".join(code for code, _weight in group),
                        total=round(sum(weights), 2),
                    )
                )
        return messages

    @api.constrains("year", "points_per_day_late")
    def _check_plausible(self):
        for cycle in self:
            if not 2000 <= cycle.year <= 2100:
                raise ValidationError(
                    self.env._(
                        "The year of a cycle is between 2000 and 2100, not %(year)s.",
                        year=cycle.year,
                    )
                )
            ppdl = cycle.points_per_day_late
            if not (math.isfinite(ppdl) and 0 <= ppdl <= 100):
                raise ValidationError(
                    self.env._(
                        "%(cycle)s: the points lost per day of delay are a number "
                        "between 0 and 100.",
                        cycle=cycle.display_name,
                    )
                )

    def action_open_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_result"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        action["context"] = {"search_default_last_quarter": 1}
        return action

    def _import_dataset_path(self, path):
        """Import a cycle from a folder, .zip or .xlsx on the server: for the
        command line (`make demo`) only, so private: never callable over RPC."""
        return self.env["cciaa.performance.import.wizard"]._import_source(path)
