"""Cycle N+1 from cycle N (docs/DOMAIN.md "Next cycle from this one").

The wizard plans first and writes afterwards: the plan lists every record of
cycle N with what happens to it in N+1 (carried, left out because the
manager marked it concluded, or impossible, with the reason), and the
warnings the manager must act on before starting N+1. The plan is made again
from the database when the manager confirms: the lines hold only what the
manager decides (concluded objectives, missing targets N+1), never the
outcome. Writing is one savepoint: if any record fails, nothing of N+1 stays.
"""

import datetime
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..engine.build import unbalanced
from ..models.cycle import MANAGERS
from ..models.guard import check_groups

# Creating a whole tree: no chatter message per record.
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}

LEVEL_MODELS = {
    "area": "cciaa.performance.area",
    "os": "cciaa.performance.strategic.objective",
    "oo": "cciaa.performance.operational.objective",
    "indicator": "cciaa.performance.indicator",
}
# the fields of a node copied as they are (codes, titles, weights, settings)
NODE_FIELDS = ("code", "name", "weight")
AREA_FIELDS = (*NODE_FIELDS, "mission_programs", "bsc_perspectives")
OBJECTIVE_FIELDS = (*NODE_FIELDS, "pira_code", "bsc_perspectives")
INDICATOR_FIELDS = (
    *NODE_FIELDS,
    "kind",
    "algorithm",
    "measure",
    "comparator",
    "aggregation",
    "parameter_1",
    "parameter_2",
    "bsc_perspective",
    "is_percent",
    "most_significant",
)
SETTING_FIELDS = (
    "tolerance",
    "missed_deadline_rule",
    "points_per_day_late",
    "exact_miss_rule",
)


class CciaaPerformanceNextCycle(models.TransientModel):
    _name = "cciaa.performance.next.cycle"
    _description = "Next cycle from this one"

    source_cycle_id = fields.Many2one(
        "cciaa.performance.cycle", string="From cycle", required=True, readonly=True
    )
    year = fields.Integer(compute="_compute_year", string="New cycle")
    line_ids = fields.One2many(
        "cciaa.performance.next.cycle.line", "wizard_id", string="Plan"
    )
    preview = fields.Html(readonly=True, sanitize=False)
    state = fields.Selection(
        [("preview", "Preview"), ("done", "Done")], default="preview", required=True
    )
    new_cycle_id = fields.Many2one("cciaa.performance.cycle", readonly=True)

    @api.depends("source_cycle_id.year")
    def _compute_year(self):
        for wizard in self:
            wizard.year = wizard.source_cycle_id.year + 1

    # -- actions ---------------------------------------------------------------

    @api.model
    def _open_for(self, cycle):
        """The wizard on ``cycle``, its lines and first preview (called by the
        cycle's button once it has checked the user)."""
        wizard = self.create({"source_cycle_id": cycle.id})
        wizard._create_lines()
        wizard._refresh_preview()
        return wizard._reopen_action()

    def action_preview(self):
        """Plan again with the manager's marks and typed targets."""
        self.ensure_one()
        self._check_user()
        self._refresh_preview()
        return self._reopen_action()

    def action_confirm(self):
        """Write cycle N+1: everything or, if any record fails, nothing."""
        self.ensure_one()
        self._check_user()
        plan = self._plan()
        if plan.errors:
            raise UserError("\n".join(plan.errors))
        with self.env.cr.savepoint():
            cycle = self._write(plan)
        self.write({"state": "done", "new_cycle_id": cycle.id})
        return self._reopen_action()

    def action_open_cycle(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cciaa.performance.cycle",
            "res_id": self.new_cycle_id.id,
            "view_mode": "form",
        }

    def _check_user(self):
        """The wizard's records come from a client: the user and the source
        cycle are checked again on every action, not only by the button."""
        check_groups(
            self.env,
            MANAGERS,
            self.env._(
                "Only the Segretario Generale or the performance manager creates "
                "the next cycle."
            ),
        )
        self.source_cycle_id.check_access("read")

    def _reopen_action(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # -- lines -----------------------------------------------------------------

    def _create_lines(self):
        """One line per node of cycle N, in the order of the tree."""
        cycle = self.source_cycle_id
        vals = []
        for area in cycle.area_ids:
            vals.append({"area_id": area.id})
            for strategic in area.strategic_ids:
                vals.append({"strategic_id": strategic.id})
                vals += [{"indicator_id": i.id} for i in strategic.indicator_ids]
                for operational in strategic.operational_ids:
                    vals.append({"operational_id": operational.id})
                    vals += [{"indicator_id": i.id} for i in operational.indicator_ids]
        self.line_ids = [
            Command.create({**v, "sequence": n}) for n, v in enumerate(vals)
        ]

    def _marks(self):
        """What the manager decided on the lines, keyed by the records of N
        (only lines of this wizard's source cycle count)."""
        cycle = self.source_cycle_id
        concluded = set()
        typed = {}
        for line in self.line_ids:
            record = line._record()
            if not record or record.cycle_id != cycle:
                continue
            if line.concluded and line.level in ("os", "oo"):
                concluded.add(record)
            if line.level == "indicator" and line.set_target:
                typed[record] = (
                    line.target_date if record.measure == "date" else line.target_value
                )
        return concluded, typed

    # -- the plan --------------------------------------------------------------

    def _plan(self):
        """What writing would do, from the database and the manager's marks
        (:class:`Plan`)."""
        self.ensure_one()
        cycle = self.source_cycle_id.sudo()
        concluded, typed = self._marks()
        plan = Plan(self.env, cycle, concluded, typed)
        year = plan.year
        if (
            self.env["cciaa.performance.cycle"]
            .sudo()
            .search_count(
                [("company_id", "=", cycle.company_id.id), ("year", "=", year)]
            )
        ):
            plan.errors.append(
                self.env._(
                    "The cycle %(year)s of %(company)s already exists.",
                    year=year,
                    company=cycle.company_id.name,
                )
            )
        for area in cycle.area_ids:
            plan.area(area)
        plan.warnings += self._weight_warnings(cycle, plan.outcome)
        if not cycle.evaluation_system_ids:
            plan.warnings.append(
                self.env._(
                    "%(cycle)s has no evaluation system: enter one for %(year)s.",
                    cycle=cycle.display_name,
                    year=year,
                )
            )
        if not plan.carried("cciaa.performance.area"):
            plan.errors.append(
                self.env._(
                    "Nothing of %(cycle)s can be carried.", cycle=cycle.display_name
                )
            )
        return plan

    def _weight_warnings(self, cycle, outcome):
        """The rule of cycle._weight_messages on what is carried: leaving
        out a weighted sibling leaves the others short of 100, which the
        manager corrects before starting N+1 (the start checks it)."""
        warnings = []
        groups = [
            cycle.area_ids,
            *(area.strategic_ids for area in cycle.area_ids),
            *(os.operational_ids for os in cycle.strategic_ids),
            *(os.indicator_ids for os in cycle.strategic_ids),
            *(
                oo.indicator_ids.filtered(lambda i: i.kind != "FRD")
                for oo in cycle.operational_ids
            ),
        ]
        for siblings in groups:
            carried = siblings.filtered(lambda r: outcome.get(r, ("",))[0] == "create")
            if not carried or carried == siblings:
                continue
            weights = carried.mapped("weight")
            total = sum(weights)
            if unbalanced(weights):
                warnings.append(
                    self.env._(
                        "The weights of %(codes)s sum to %(total)s instead of 100 "
                        "once the others are left out: correct them before starting "
                        "the new cycle.",
                        codes=", ".join(carried.mapped("code")),
                        total=round(total, 2),
                    )
                )
        return warnings

    def _refresh_preview(self):
        plan = self._plan()
        labels = {
            "create": self.env._("Carried"),
            "concluded": self.env._("Left out (concluded)"),
            "refused": self.env._("Cannot be carried"),
        }
        # one write per outcome and reason, not one per line
        by_outcome = defaultdict(lambda: self.env["cciaa.performance.next.cycle.line"])
        for line in self.line_ids:
            by_outcome[plan.outcome.get(line._record(), ("refused", ""))] |= line
        for (status, reason), lines in by_outcome.items():
            lines.write(
                {"outcome": status, "reason": reason and f"{labels[status]}: {reason}"}
            )
        counts = {
            status: sum(1 for s, _r in plan.outcome.values() if s == status)
            for status in labels
        }
        parts = [
            Markup("<p><strong>%s</strong></p>")
            % self.env._(
                "Cycle %(year)s: %(create)s records carried, %(concluded)s left out "
                "as concluded, %(refused)s that cannot be carried.",
                year=self.year,
                **counts,
            )
        ]
        for title, items, css in (
            (self.env._("Errors"), plan.errors, "text-danger"),
            (self.env._("Warnings"), plan.warnings, "text-warning"),
        ):
            if items:
                parts.append(
                    Markup("<p class='%s'>%s</p><ul>%s</ul>")
                    % (
                        css,
                        title,
                        Markup("").join(Markup("<li>%s</li>") % i for i in items),
                    )
                )
        self.preview = Markup("").join(parts)

    # -- writing ---------------------------------------------------------------

    def _write(self, plan):
        """Create cycle N+1 as planned, as the acting manager (access rights
        and company rules apply), in draft: the manager reviews it and starts
        it. Creates level by level, one create per model."""
        env = self.env(context=dict(self.env.context, **QUIET))
        source = self.source_cycle_id.with_env(env)
        year = source.year + 1
        carried = {model: plan.carried(model) for model in LEVEL_MODELS.values()}
        env = env(context=dict(env.context, allowed_company_ids=source.company_id.ids))
        cycle = env["cciaa.performance.cycle"].create(
            {
                "year": year,
                "company_id": source.company_id.id,
                **{f: source[f] for f in SETTING_FIELDS},
            }
        )
        units = plan.units

        def copy(record, fnames):
            return {f: record[f] for f in fnames}

        def create(model, records, values):
            new = env[model].create([values(r) for r in records])
            return dict(zip(records, new, strict=True))

        areas = create(
            LEVEL_MODELS["area"],
            carried[LEVEL_MODELS["area"]],
            lambda a: {"cycle_id": cycle.id, **copy(a, AREA_FIELDS)},
        )
        strategic = create(
            LEVEL_MODELS["os"],
            carried[LEVEL_MODELS["os"]],
            lambda o: {
                "cycle_id": cycle.id,
                "area_id": areas[o.area_id].id,
                "department_ids": [Command.set(units[o].ids)],
                **copy(o, OBJECTIVE_FIELDS),
            },
        )
        operational = create(
            LEVEL_MODELS["oo"],
            carried[LEVEL_MODELS["oo"]],
            lambda o: {
                "cycle_id": cycle.id,
                "strategic_id": strategic[o.strategic_id].id,
                "department_ids": [Command.set(units[o].ids)],
                **copy(o, OBJECTIVE_FIELDS),
            },
        )
        create(
            LEVEL_MODELS["indicator"],
            carried[LEVEL_MODELS["indicator"]],
            lambda i: {
                "cycle_id": cycle.id,
                "strategic_id": strategic[i.strategic_id].id
                if i.strategic_id
                else False,
                "operational_id": operational[i.operational_id].id
                if i.operational_id
                else False,
                "department_ids": [Command.set(units[i].ids)],
                "target_ids": [
                    Command.create(
                        {
                            "year": target_year,
                            ("date_value" if i.measure == "date" else "value"): value,
                        }
                    )
                    for target_year, value in plan.targets[i]
                ],
                **copy(i, INDICATOR_FIELDS),
            },
        )
        # the SMVP is HR's record: the manager's wizard carries it as is
        for system in source.sudo().evaluation_system_ids:
            system.copy({"cycle_id": cycle.id, "name": system.name})
        return cycle.with_env(self.env)


class Plan:
    """The plan of cycle N+1 (plain Python over the records of N): for each
    record its outcome ("create", "concluded" or "refused") and the reason,
    the targets and the units of what is carried, warnings and errors."""

    def __init__(self, env, cycle, concluded, typed):
        self.env = env
        self.year = cycle.year + 1
        self.first_day = datetime.date(self.year, 1, 1)
        self.concluded = concluded
        self.typed = typed
        self.outcome = {}
        self.targets = {}
        self.units = {}
        self.warnings = []
        self.errors = []

    def carried(self, model):
        return [
            record
            for record, (status, _reason) in self.outcome.items()
            if record._name == model and status == "create"
        ]

    def area(self, area):
        for strategic in area.strategic_ids:
            self.strategic(strategic)
        self.outcome[area] = ("create", "")
        self._settle(area, area.strategic_ids)

    def strategic(self, strategic):
        if strategic in self.concluded:
            self.outcome[strategic] = ("concluded", self.env._("marked as concluded"))
        else:
            self.outcome[strategic] = ("create", "")
        status = self.outcome[strategic][0]
        for indicator in strategic.indicator_ids:
            self.indicator(indicator, status)
        for operational in strategic.operational_ids:
            self.operational(operational, status)
        self._settle(strategic, [*strategic.indicator_ids, *strategic.operational_ids])
        if self.outcome[strategic][0] == "create":
            self._units_of(strategic, self.env._("responsible unit"))

    def operational(self, operational, parent_status):
        if parent_status == "concluded":
            self.outcome[operational] = (
                "concluded",
                self.env._("its strategic objective is concluded"),
            )
        elif operational in self.concluded:
            self.outcome[operational] = ("concluded", self.env._("marked as concluded"))
        else:
            self.outcome[operational] = ("create", "")
        for indicator in operational.indicator_ids:
            self.indicator(indicator, self.outcome[operational][0])
        self._settle(operational, operational.indicator_ids)
        if self.outcome[operational][0] == "create":
            self._units_of(operational, self.env._("responsible unit"))

    def indicator(self, indicator, parent_status):
        if parent_status == "concluded":
            self.outcome[indicator] = (
                "concluded",
                self.env._("its objective is concluded"),
            )
            return
        units = self._units_of(indicator, self.env._("reporting unit"))
        # N's targets for N+1 and N+2 become N+1's first two; N+3 is left to fill
        targets = {
            t.year: t._engine_value()
            for t in indicator.target_ids
            if t.year in (self.year, self.year + 1)
        }
        if indicator in self.typed:
            targets[self.year] = self.typed[indicator]
        if self.year not in targets:
            self.outcome[indicator] = (
                "refused",
                self.env._("no target for %(year)s", year=self.year),
            )
        elif not units:
            self.outcome[indicator] = (
                "refused",
                self.env._(
                    "no reporting unit valid on 1 January %(year)s", year=self.year
                ),
            )
        else:
            self.outcome[indicator] = ("create", "")
            self.targets[indicator] = sorted(targets.items())

    def _settle(self, record, below):
        # an objective or area with nothing carried below has nothing to
        # measure in N+1
        if self.outcome[record][0] != "create":
            return
        if not any(self.outcome[child][0] == "create" for child in below):
            self.outcome[record] = (
                "refused",
                self.env._("nothing below it is carried"),
            )

    def _units_of(self, record, label):
        """The units of ``record`` valid on 1 January N+1: a unit closed
        before then stays behind (the units a dated reorganisation creates
        are entered by hand), and the preview says so."""
        valid = record.department_ids._cciaa_valid_on(self.first_day)
        for unit in record.department_ids - valid:
            self.warnings.append(
                self.env._(
                    "%(record)s: unit %(unit)s is not valid on %(day)s and is "
                    "not carried as %(label)s.",
                    record=record.display_name,
                    unit=unit.display_name,
                    day=self.first_day.strftime("%d/%m/%Y"),
                    label=label,
                )
            )
        self.units[record] = valid
        return valid


class CciaaPerformanceNextCycleLine(models.TransientModel):
    """A node of cycle N in the plan of N+1: what the manager decides (an
    objective concluded, a missing target N+1) and the planned outcome."""

    _name = "cciaa.performance.next.cycle.line"
    _description = "Next cycle: planned record"
    _order = "sequence"

    wizard_id = fields.Many2one(
        "cciaa.performance.next.cycle", required=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    area_id = fields.Many2one("cciaa.performance.area", readonly=True)
    strategic_id = fields.Many2one(
        "cciaa.performance.strategic.objective", readonly=True
    )
    operational_id = fields.Many2one(
        "cciaa.performance.operational.objective", readonly=True
    )
    indicator_id = fields.Many2one("cciaa.performance.indicator", readonly=True)
    level = fields.Selection(
        [
            ("area", "Area"),
            ("os", "Strategic objective"),
            ("oo", "Operational objective"),
            ("indicator", "Indicator"),
        ],
        compute="_compute_level",
    )
    code = fields.Char(compute="_compute_level")
    name = fields.Char(compute="_compute_level", string="Title")
    measure = fields.Selection(related="indicator_id.measure")
    concluded = fields.Boolean(
        help="A concluded objective is left out of the new cycle, with "
        "everything below it."
    )
    set_target = fields.Boolean(
        string="Enter target N+1",
        help="Carry the indicator with the target typed here (cycle N has none "
        "for N+1, or a different one is wanted).",
    )
    target_value = fields.Float(string="Target N+1")
    target_date = fields.Date(string="Target date N+1")
    outcome = fields.Selection(
        [
            ("create", "Carried"),
            ("concluded", "Left out (concluded)"),
            ("refused", "Cannot be carried"),
        ],
        readonly=True,
    )
    reason = fields.Char(readonly=True)

    @api.depends("area_id", "strategic_id", "operational_id", "indicator_id")
    def _compute_level(self):
        for line in self:
            record = line._record()
            line.level = next(
                (
                    level
                    for level, model in LEVEL_MODELS.items()
                    if model == record._name
                ),
                False,
            )
            line.code = record.code
            line.name = record.name

    def _record(self):
        self.ensure_one()
        return (
            self.indicator_id
            or self.operational_id
            or self.strategic_id
            or self.area_id
        )
