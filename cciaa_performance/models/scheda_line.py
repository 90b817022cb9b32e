from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..engine import Comparator, fmt_date, fmt_number, fmt_pct, round_half_up
from ..engine.individual import score_own_objective
from .explanation import explanation_dict
from .guard import is_trusted
from .scheda import set_on_create

COMPARATORS = [
    (">=", "≥ (higher is better)"),
    ("<=", "≤ (lower is better)"),
    ("=", "="),
    ("deadline", "By the date"),
]
# written by the refresh of the figures, never by hand
FIGURE_FIELDS = {
    "result_value",
    "result_date",
    "result_display",
    "target_display",
    "achievement",
    "score",
    "evaluable",
    "status",
    "figures_explanation",
    "figures_quarter",
    "own_result_entered",
}
# the result of an own objective is entered after the assignment, until the evaluation
OWN_RESULT_FIELDS = {"own_result_value", "own_result_date"}


class CciaaPerformanceSchedaLine(models.Model):
    """An objective of a scheda: an organisational indicator valued on a unit
    (the same indicator may appear once per unit), or an own objective with
    its own target and result."""

    _name = "cciaa.performance.scheda.line"
    _description = "Scheda objective"
    _order = "scheda_id, sequence, id"

    scheda_id = fields.Many2one(
        "cciaa.performance.scheda", required=True, ondelete="cascade", index=True
    )
    cycle_id = fields.Many2one(related="scheda_id.cycle_id", store=True, index=True)
    company_id = fields.Many2one(related="scheda_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(
        related="scheda_id.employee_id", store=True, index=True
    )
    state = fields.Selection(related="scheda_id.state")
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("indicator", "Organisational indicator"), ("own", "Own objective")],
        required=True,
        default="indicator",
    )
    indicator_id = fields.Many2one(
        "cciaa.performance.indicator",
        index=True,
        ondelete="restrict",
        domain="[('cycle_id', '=', cycle_id)]",
        help="For an own objective: the indicator it reports on, if any (its code and "
        "comparator are reused; target and result are the scheda's own).",
    )
    department_id = fields.Many2one(
        "hr.department",
        string="Valued on unit",
        index=True,
        ondelete="restrict",
        help="The unit whose result counts: the employee's Servizio or office, "
        "or ENTE.",
    )
    name = fields.Char(
        string="Objective", compute="_compute_name", store=True, readonly=False
    )
    code = fields.Char(compute="_compute_code", store=True)
    algorithm = fields.Text(compute="_compute_code", store=True, readonly=False)
    weight = fields.Float(digits=(16, 2))
    comparator = fields.Selection(
        COMPARATORS,
        compute="_compute_comparator",
        store=True,
        readonly=False,
    )
    target_value = fields.Float(digits=(16, 2))
    target_date = fields.Date()
    own_result_value = fields.Float(string="Result", digits=(16, 4))
    own_result_date = fields.Date(string="Result (date)")
    own_result_entered = fields.Boolean(
        readonly=True,
        help="A numeric result was entered (0 is a result, empty is not).",
    )
    # figures, from the stored results (or the engine for own objectives)
    result_value = fields.Float(readonly=True, digits=(16, 2), string="Result figure")
    result_date = fields.Date(readonly=True, string="Result date")
    result_display = fields.Char(readonly=True, string="Result ")
    target_display = fields.Char(readonly=True, string="Target")
    achievement = fields.Float(
        readonly=True, digits=(16, 2), string="% target achievement"
    )
    score = fields.Float(
        readonly=True, digits=(16, 2), string="% achievement (parametrata)"
    )
    evaluable = fields.Boolean(readonly=True)
    status = fields.Selection(
        [
            ("reached", "Reached"),
            ("partial", "Partially reached"),
            ("not_reached", "Not reached"),
        ],
        readonly=True,
    )
    figures_quarter = fields.Integer(readonly=True, string="After quadrimester")
    figures_explanation = fields.Json(readonly=True)

    # -- computes --------------------------------------------------------

    @api.depends("indicator_id")
    def _compute_name(self):
        for line in self:
            if line.indicator_id:
                line.name = line.indicator_id.name
            elif not line.name:
                line.name = False

    @api.depends("indicator_id")
    def _compute_code(self):
        for line in self:
            line.code = line.indicator_id.code or False
            line.algorithm = line.indicator_id.algorithm or line.algorithm or False

    @api.depends("indicator_id")
    def _compute_comparator(self):
        for line in self:
            line.comparator = line.indicator_id.comparator or line.comparator or ">="

    # -- constraints -----------------------------------------------------

    @api.constrains("kind", "indicator_id", "department_id", "scheda_id")
    def _check_row(self):
        for line in self:
            if (
                line.indicator_id
                and line.indicator_id.cycle_id != line.scheda_id.cycle_id
            ):
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s belongs to another cycle.",
                        code=line.indicator_id.code,
                    )
                )
            if line.kind == "indicator" and not (
                line.indicator_id and line.department_id
            ):
                raise ValidationError(
                    self.env._(
                        "An organisational row needs the indicator and the unit "
                        "it is valued on."
                    )
                )
            if line.kind == "own" and not (line.name or line.indicator_id):
                raise ValidationError(self.env._("An own objective needs a title."))
        for scheda in self.scheda_id:
            seen = {}
            for line in scheda.line_ids.filtered(
                lambda li: li.indicator_id and li.department_id
            ):
                key = (line.indicator_id, line.department_id)
                if key in seen:
                    raise ValidationError(
                        self.env._(
                            "%(code)s is already valued on %(unit)s in the scheda of "
                            "%(employee)s: an indicator appears once per unit.",
                            code=line.indicator_id.code,
                            unit=line.department_id.cciaa_code
                            or line.department_id.name,
                            employee=scheda.employee_id.sudo().name,
                        )
                    )
                seen[key] = line
        self.scheda_id._check_units(self)

    @api.constrains("weight")
    def _check_weight(self):
        for line in self:
            if not 0 <= line.weight <= 100:
                raise ValidationError(
                    self.env._(
                        "The weight of %(row)s must be between 0 and 100.",
                        row=line.name,
                    )
                )

    # -- CRUD ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env):
            if set_on_create(self.env, vals_list, FIGURE_FIELDS):
                raise UserError(
                    self.env._(
                        "The figures of an objective come from the stored "
                        "results: refresh them."
                    )
                )
        for vals in vals_list:
            if "own_result_value" in vals:
                vals["own_result_entered"] = True
        lines = super().create(vals_list)
        if not is_trusted(self.env):
            lines.scheda_id._check_state("draft")
        return lines

    def write(self, vals):
        if not is_trusted(self.env):
            fnames = set(vals)
            if fnames & FIGURE_FIELDS:
                raise UserError(
                    self.env._(
                        "The figures of an objective come from the stored "
                        "results: refresh them."
                    )
                )
            for line in self:
                state = line.scheda_id.state
                if state == "draft":
                    continue
                if (
                    fnames <= OWN_RESULT_FIELDS
                    and line.kind == "own"
                    and state in ("assigned", "acknowledged")
                ):
                    continue
                line.scheda_id._check_state("draft")
        if "own_result_value" in vals:
            vals = {**vals, "own_result_entered": True}
        return super().write(vals)

    def unlink(self):
        if not is_trusted(self.env):
            self.scheda_id._check_state("draft")
        return super().unlink()

    # -- business --------------------------------------------------------

    def _unit_key(self):
        """The engine key of the unit the row is valued on; None = valued in
        every phase (own objective without unit, pseudo-unit such as ENTE)."""
        self.ensure_one()
        unit = self.department_id
        if not unit or unit.cciaa_kind == "pseudo":
            return None
        return str(unit.id)

    def _is_date(self):
        self.ensure_one()
        if self.indicator_id:
            return self.indicator_id.measure == "date"
        return self.comparator == "deadline"

    def _own_target(self):
        return self.target_date if self._is_date() else self.target_value

    def _own_result(self):
        if self._is_date():
            return self.own_result_date or None
        return self.own_result_value if self.own_result_entered else None

    def _missing_own_result(self):
        self.ensure_one()
        return self.kind == "own" and self._own_result() is None

    def _check_complete(self):
        """Before the assignment: an own objective has comparator and target."""
        self.ensure_one()
        if self.kind != "own":
            return
        if not self.comparator or (self._is_date() and not self.target_date):
            raise UserError(
                self.env._(
                    "The own objective %(row)s needs a comparator and a target.",
                    row=self.name,
                )
            )

    def _format(self, value):
        if value is None or value is False:
            return ""
        if hasattr(value, "year"):
            return fmt_date(value)
        indicator = self.indicator_id
        if indicator and (indicator.is_percent or indicator.measure == "ratio"):
            return fmt_pct(value) + "%"
        if indicator and indicator.measure in ("average", "value"):
            return fmt_pct(value)  # days and single values: 2 decimals (9,00; 13,33)
        return fmt_number(value) if float(value).is_integer() else fmt_pct(value)

    @api.model
    def _stored_figures(self, cycle, lines):
        """The latest stored results of the lines' indicators: rows
        (indicator × unit) and entity-level figures, by ids."""
        Result = self.env["cciaa.performance.result"].sudo()
        indicators = lines.indicator_id
        if not indicators:
            return {"row": {}, "indicator": {}, "quarter": 0, "targets": {}}
        results = Result.search(
            [
                ("cycle_id", "=", cycle.id),
                ("level", "in", ("row", "indicator")),
                ("indicator_id", "in", indicators.ids),
            ],
            order="quarter",
        )
        quarter = max(results.mapped("quarter"), default=0)
        rows, entity = {}, {}
        for result in results.filtered(lambda r: r.quarter == quarter):
            if result.level == "row":
                rows[(result.indicator_id.id, result.department_id.id)] = result
            else:
                entity[result.indicator_id.id] = result
        targets = {
            t.indicator_id.id: t
            for t in self.env["cciaa.performance.indicator.target"]
            .sudo()
            .search([("indicator_id", "in", indicators.ids), ("year", "=", cycle.year)])
        }
        return {
            "row": rows,
            "indicator": entity,
            "quarter": quarter,
            "targets": targets,
        }

    def _figure_values(self, figures, settings):
        """Values of the figure fields: from the stored row result of
        (indicator, unit) — or the entity-level result for a row valued on a
        pseudo-unit (ENTE) without its own row — or, for an own objective,
        scored by the engine from its target and result."""
        self.ensure_one()
        if self.kind == "own":
            return self._own_figure_values(settings)
        key = (self.indicator_id.id, self.department_id.id)
        result = figures["row"].get(key)
        if result is None and self.department_id.cciaa_kind == "pseudo":
            result = figures["indicator"].get(self.indicator_id.id)
        target = figures["targets"].get(self.indicator_id.id)
        target_display = self._format(target._engine_value()) if target else ""
        if result is None or not result.evaluable:
            return {
                "result_value": 0.0,
                "result_date": False,
                "result_display": "",
                "target_display": target_display,
                "achievement": 0.0,
                "score": 0.0,
                "evaluable": False,
                "status": False,
                "figures_quarter": figures["quarter"],
                "figures_explanation": result.explanation if result else False,
            }
        value = (
            result.result_date
            if self.indicator_id.measure == "date"
            else result.result_value
        )
        return {
            "result_value": result.result_value,
            "result_date": result.result_date,
            "result_display": self._format(value),
            "target_display": target_display,
            "achievement": result.achievement,
            "score": result.score,
            "evaluable": True,
            "status": result.status,
            "figures_quarter": result.quarter,
            "figures_explanation": result.explanation,
        }

    def _own_figure_values(self, settings):
        target, result = self._own_target(), self._own_result()
        values = {
            "result_value": result if isinstance(result, float) else 0.0,
            "result_date": result if hasattr(result, "year") else False,
            "result_display": self._format(result),
            "target_display": self._format(target),
            "figures_quarter": 0,
        }
        if target is None or target is False:
            score, ach, expl = None, None, None
        else:
            score, ach, _reason, expl = score_own_objective(
                Comparator(self.comparator), result, target, settings
            )
        if isinstance(result, float):
            values["result_value"] = round_half_up(result)
        values.update(
            {
                "achievement": ach or 0.0,
                "score": score or 0.0,
                "evaluable": score is not None,
                "status": (
                    "reached"
                    if score >= 100
                    else "partial"
                    if score > 0
                    else "not_reached"
                )
                if score is not None
                else False,
                "figures_explanation": explanation_dict(expl) if expl else False,
            }
        )
        return values
