import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..engine import build, evaluate_row, formats
from ..engine.calendar import SELECTION
from . import cycle_reader

# What a closed campaign or a confirmed Servizio freezes. Other fields of the
# record stay writable because Odoo itself writes them while the data is
# frozen (mail.thread sets message_main_attachment_id when somebody posts a
# file in the chatter; followers are subscribed): commenting on a closed
# figure is allowed, changing it is not.
# above any count or amount a chamber reports: 1e300 is a typing or an attack
MAX_VALUE = 1e12

LOCKED_FIELDS = frozenset(
    {
        "indicator_id",
        "department_id",
        "quarter",
        "parameter",
        "entered",
        "value",
        "date_value",
        "note",
        "attachment_ids",
    }
)
# Fields that move a measurement to another campaign or unit: checked after
# the write too.
MOVING_FIELDS = frozenset({"indicator_id", "department_id", "quarter"})


class CciaaPerformanceMeasurement(models.Model):
    """One value entered by a unit: indicator × unit × quadrimester × parameter.

    ``entered`` tells a reported value from an empty row: opening a campaign
    creates one row per reporting unit and parameter with ``entered`` False,
    so that the office sees what it must fill, and the engine never reads such
    a row (a 0 that nobody typed is not a result of 0). Writing a value or a
    date sets ``entered``; a real 0 is confirmed with the "Reported" box.

    Locking (docs/DOMAIN.md "Monitoring campaigns": closed means locked for
    everyone at the ORM level, whatever the client): create, write and unlink
    of a measurement whose quadrimester's campaign is closed, or whose unit
    lies under a Servizio whose P.O. confirmed the quadrimester, are refused
    for every user, sudo and the superuser included. There is deliberately no
    context key to bypass it: the context is sent by the client over RPC, so
    any key would be a key for everybody. The only way to change frozen data
    is the audited one: reopen the campaign (or the confirmation) with a
    written reason, change, close again. A quadrimester without a campaign is
    not locked: historical cycles are imported before their campaigns exist.
    """

    _name = "cciaa.performance.measurement"
    _description = "Measurement"
    _inherit = ["mail.thread", "cciaa.performance.frozen.mixin"]
    # the campaigns lock by quadrimester and unit (below); the mixin adds the
    # freeze of a closed or validated cycle, campaigns or not
    _frozen_fields = ()
    _order = "cycle_id, indicator_id, department_id, quarter, parameter"

    indicator_id = fields.Many2one(
        "cciaa.performance.indicator", required=True, ondelete="cascade", index=True
    )
    cycle_id = fields.Many2one(related="indicator_id.cycle_id", store=True, index=True)
    company_id = fields.Many2one(
        related="indicator_id.company_id", store=True, index=True
    )
    department_id = fields.Many2one(
        "hr.department", required=True, index=True, string="Unit"
    )
    quarter = fields.Selection(SELECTION, required=True, string="Quadrimester")
    parameter = fields.Selection(
        [("1", "Parameter 1"), ("2", "Parameter 2")], required=True, default="1"
    )
    parameter_name = fields.Char(compute="_compute_parameter_name")
    measure = fields.Selection(related="indicator_id.measure")
    entered = fields.Boolean(
        string="Reported",
        compute="_compute_entered",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="Ticked once the unit has reported this value (a 0 included). "
        "Rows not reported are ignored by the computation.",
    )
    # stored as entered (no rounding): the engine reads the value the file or
    # the form gave, to the last digit
    value = fields.Float(tracking=True, aggregator=None)
    date_value = fields.Date(string="Date", tracking=True)
    note = fields.Text(tracking=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    campaign_open = fields.Boolean(
        compute="_compute_campaign_open",
        search="_search_campaign_open",
        string="In an open campaign",
    )
    ytd_result = fields.Char(
        string="Result to date",
        compute="_compute_ytd",
        help="Year-to-date result of this indicator on this unit, up to this "
        "quadrimester, with the values on screen.",
    )
    ytd_achievement = fields.Float(
        string="% achievement to date", compute="_compute_ytd", digits=(16, 2)
    )
    ytd_score = fields.Float(
        string="% parametrata to date", compute="_compute_ytd", digits=(16, 2)
    )

    _sql_constraints = [
        (
            "measurement_uniq",
            "unique(indicator_id, department_id, quarter, parameter)",
            "One value per indicator, unit, quadrimester and parameter.",
        ),
        ("value_positive", "CHECK(value >= 0)", "A measured value cannot be negative."),
    ]

    @api.depends("parameter", "indicator_id.parameter_1", "indicator_id.parameter_2")
    def _compute_parameter_name(self):
        for measurement in self:
            indicator = measurement.indicator_id
            measurement.parameter_name = (
                indicator.parameter_2
                if measurement.parameter == "2"
                else indicator.parameter_1
            )

    def _compute_display_name(self):
        for m in self:
            m.display_name = (
                f"{m.indicator_id.code} · {m.department_id.cciaa_code} · Q{m.quarter}"
            )

    @api.depends("value", "date_value")
    def _compute_entered(self):
        # a value or date typed (or written over RPC) is a reported value
        self.entered = True

    @api.depends("cycle_id", "quarter")
    def _compute_campaign_open(self):
        open_keys = {
            (c.cycle_id.id, c.quarter)
            for c in self.env["cciaa.performance.campaign"]
            .sudo()
            .search([("cycle_id", "in", self.cycle_id.ids), ("state", "=", "open")])
        }
        for m in self:
            m.campaign_open = (m.cycle_id.id, m.quarter) in open_keys

    def _search_campaign_open(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on the campaign state."))
        campaigns = (
            self.env["cciaa.performance.campaign"]
            .sudo()
            .search([("state", "=", "open")])
        )
        domain = (
            expression.OR(
                [
                    [("cycle_id", "=", c.cycle_id.id), ("quarter", "=", c.quarter)]
                    for c in campaigns
                ]
            )
            if campaigns
            else expression.FALSE_DOMAIN
        )
        if (operator == "=") == bool(value):
            return domain
        return ["!", *domain]

    @api.depends(
        "value",
        "date_value",
        "entered",
        "quarter",
        "parameter",
        "indicator_id",
        "department_id",
    )
    def _compute_ytd(self):
        """Year-to-date result of the indicator × unit row through the engine
        (docs/RULES.md R1, R3, R4), in one read for the whole screen.
        The values being typed (this recordset, possibly onchange copies)
        replace the stored ones, so the figure follows the keyboard."""
        valid = self.filtered(
            lambda m: m.indicator_id and m.department_id and m.quarter
        )
        (self - valid).update(
            {"ytd_result": False, "ytd_achievement": 0.0, "ytd_score": 0.0}
        )
        if not valid:
            return
        indicators = valid.indicator_id._origin.sudo()
        stored = cycle_reader.read_measurements(
            self.env,
            [
                ("indicator_id", "in", indicators.ids),
                ("department_id", "in", valid.department_id._origin.ids),
                ("entered", "=", True),
            ],
        )
        measure = {i.id: i.measure for i in indicators}
        cells = defaultdict(dict)  # (indicator, unit) -> {(quarter, parameter): value}
        for row in stored:
            ind = row["indicator_id"]
            value = row["date_value"] if measure[ind] == "date" else row["value"]
            cells[(ind, row["department_id"])][
                (int(row["quarter"]), int(row["parameter"]))
            ] = value
        for m in valid:
            key = (m.indicator_id._origin.id, m.department_id._origin.id)
            slot = (int(m.quarter), int(m.parameter))
            if m.entered:
                cells[key][slot] = m.date_value if m.measure == "date" else m.value
            else:
                cells[key].pop(slot, None)
        targets = {}
        for target in (
            self.env["cciaa.performance.indicator.target"]
            .sudo()
            .search_read(
                [("indicator_id", "in", indicators.ids)],
                ["indicator_id", "year", "value", "date_value"],
                load=None,
            )
        ):
            targets[(target["indicator_id"], target["year"])] = (
                target["date_value"]
                if measure[target["indicator_id"]] == "date"
                else target["value"]
            )
        settings = {cycle: cycle._engine_settings() for cycle in indicators.cycle_id}
        reasons = self._reason_labels()
        for m in valid:
            indicator = m.indicator_id._origin.sudo()
            cycle = indicator.cycle_id
            row = build.IndicatorRow(
                code=indicator.code,
                kind=indicator.kind,
                parent="",
                measure=indicator.measure,
                comparator=indicator.comparator,
                target=targets.get((indicator.id, cycle.year)),
                weight=None,
                units=(),
            )
            quarters = build.quadrimester_values(
                indicator.measure, cells[(indicator.id, m.department_id._origin.id)]
            )
            result, score, ach, reason, _expl = evaluate_row(
                build.indicator_input(row, None),
                quarters,
                int(m.quarter),
                settings[cycle],
            )
            values = {"ytd_result": False, "ytd_achievement": 0.0, "ytd_score": 0.0}
            if result is not None:
                values["ytd_result"] = formats.value(
                    result, percent=indicator.measure == "ratio"
                )
            if reason is None:
                values.update(ytd_achievement=ach, ytd_score=score)
            if reason is not None:
                label = reasons.get(reason.value, reason.value)
                values["ytd_result"] = (
                    f"{values['ytd_result']} ({label})"
                    if values["ytd_result"]
                    else label
                )
            m.update(values)

    def _reason_labels(self):
        return dict(
            self.env["cciaa.performance.result"]
            ._fields["reason"]
            ._description_selection(self.env)
        )

    @api.constrains(
        "indicator_id", "department_id", "date_value", "value", "parameter", "entered"
    )
    def _check_value(self):
        for m in self:
            indicator = m.indicator_id
            if m.department_id not in indicator.department_ids:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s does not report indicator %(code)s.",
                        unit=m.department_id.cciaa_code or m.department_id.name,
                        code=indicator.code,
                    )
                )
            if indicator.measure == "date" and m.entered:
                if not m.date_value:
                    raise ValidationError(
                        self.env._(
                            "Indicator %(code)s needs a date.", code=indicator.code
                        )
                    )
                if m.date_value.year != indicator.cycle_id.year:
                    raise ValidationError(
                        self.env._(
                            "The date %(date)s of %(code)s is outside "
                            "the cycle's year %(year)s.",
                            date=m.date_value.strftime("%d/%m/%Y"),
                            code=indicator.code,
                            year=indicator.cycle_id.year,
                        )
                    )
            if indicator.measure != "date" and m.entered:
                m._check_number()
            if m.parameter == "2" and indicator.measure != "ratio":
                raise ValidationError(
                    self.env._(
                        "Only ratio indicators have a second parameter (%(code)s).",
                        code=indicator.code,
                    )
                )

    def _check_number(self):
        """What the importer refuses is refused here too, whatever the path
        (form, RPC): no NaN or infinity, no negative value, no share above
        100% (parameter 1 greater than parameter 2 of the same row)."""
        self.ensure_one()
        value = self.value
        if not math.isfinite(value) or abs(value) > MAX_VALUE:
            raise ValidationError(
                self.env._(
                    "%(value)s is not a plausible value for %(code)s / %(unit)s.",
                    value=value,
                    code=self.indicator_id.code,
                    unit=self.department_id.cciaa_code or self.department_id.name,
                )
            )
        if value < 0:
            raise ValidationError(
                self.env._(
                    "%(value)s is negative: a measurement must be zero or more.",
                    value=value,
                )
            )
        if self.indicator_id.measure != "ratio":
            return
        pair = self.search(
            [
                ("indicator_id", "=", self.indicator_id.id),
                ("department_id", "=", self.department_id.id),
                ("quarter", "=", self.quarter),
                ("parameter", "!=", self.parameter),
                ("entered", "=", True),
            ],
            limit=1,
        ).sudo()
        numerator, denominator = (self, pair) if self.parameter == "1" else (pair, self)
        if pair and numerator.value > denominator.value:
            raise ValidationError(
                self.env._(
                    "Parameter 1 (%(numerator)s) is greater than parameter 2 "
                    "(%(denominator)s) for %(indicator)s / %(unit)s in quadrimester "
                    "%(quarter)s: a share above 100%% is impossible.",
                    numerator=numerator.value,
                    denominator=denominator.value,
                    indicator=self.indicator_id.code,
                    unit=self.department_id.cciaa_code or self.department_id.name,
                    quarter=self.quarter,
                )
            )

    # -- CRUD: the lock --------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # checked before inserting, so that the refusal names the campaign
        # (and not, say, a duplicate of an existing row); access rights first
        self.check_access("create")
        indicators = (
            self.env["cciaa.performance.indicator"]
            .sudo()
            .browse(
                {vals["indicator_id"] for vals in vals_list if vals.get("indicator_id")}
            )
        )
        units = (
            self.env["hr.department"]
            .sudo()
            .browse(
                {
                    vals["department_id"]
                    for vals in vals_list
                    if vals.get("department_id")
                }
            )
        )
        self._check_unlocked_keys(
            [
                (
                    indicators.browse(vals["indicator_id"]).cycle_id.id,
                    vals["quarter"],
                    units.browse(vals["department_id"]),
                )
                for vals in vals_list
                if vals.get("indicator_id")
                and vals.get("department_id")
                and vals.get("quarter")
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if LOCKED_FIELDS.intersection(vals):
            self.check_access("write")
            self._check_unlocked()
        if MOVING_FIELDS.intersection(vals):
            # where it goes, checked before writing (the write's own checks
            # would otherwise meet the row already there first)
            indicator = self.env["cciaa.performance.indicator"].sudo()
            unit = self.env["hr.department"].sudo()
            self._check_unlocked_keys(
                [
                    (
                        indicator.browse(vals["indicator_id"]).cycle_id.id
                        if vals.get("indicator_id")
                        else m.cycle_id.id,
                        vals.get("quarter") or m.quarter,
                        unit.browse(vals["department_id"])
                        if vals.get("department_id")
                        else m.department_id,
                    )
                    for m in self.sudo()
                ]
            )
        result = super().write(vals)
        if MOVING_FIELDS.intersection(vals):
            # where it went must be open too, and within the user's own units
            self._check_unlocked()
            self.check_access("write")
        return result

    def unlink(self):
        self.check_access("unlink")
        self._check_unlocked()
        return super().unlink()

    def _check_unlocked(self):
        measurements = self.sudo()
        self._check_unlocked_keys(
            [(m.cycle_id.id, m.quarter, m.department_id) for m in measurements]
        )

    @api.model
    def _check_unlocked_keys(self, keys):
        """Refuse (UserError) when, for any (cycle id, quarter, unit) of
        ``keys``, the campaign is closed or a confirmation of the unit or of
        a unit above it holds. Two queries, whatever the number of keys."""
        if not keys:
            return
        cycle_ids = list({cycle_id for cycle_id, _q, _u in keys})
        closed = {
            (c.cycle_id.id, c.quarter): c
            for c in self.env["cciaa.performance.campaign"]
            .sudo()
            .search([("cycle_id", "in", cycle_ids), ("state", "=", "closed")])
        }
        for cycle_id, quarter, _unit in keys:
            campaign = closed.get((cycle_id, quarter))
            if campaign:
                raise UserError(campaign._lock_message())
        confirmed = {
            (c.cycle_id.id, c.quarter, c.department_id.id): c
            for c in self.env["cciaa.performance.campaign.confirmation"]
            .sudo()
            .search([("cycle_id", "in", cycle_ids), ("state", "=", "confirmed")])
        }
        if not confirmed:
            return
        for cycle_id, quarter, unit in keys:
            for unit_id in filter(None, (unit.parent_path or "").split("/")):
                confirmation = confirmed.get((cycle_id, quarter, int(unit_id)))
                if confirmation:
                    raise UserError(confirmation._lock_message(unit))

    def _engine_value(self):
        self.ensure_one()
        return self.date_value if self.measure == "date" else self.value
