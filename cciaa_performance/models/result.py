import datetime
import logging

from markupsafe import Markup, escape

from odoo import api, fields, models

from ..engine import (
    Comparator,
    CycleInput,
    IndicatorInput,
    Measure,
    ObjectiveInput,
    Override,
    QuarterValues,
    RowInput,
    evaluate_cycle,
)

_logger = logging.getLogger(__name__)

LEVELS = [
    ("row", "Indicator × unit"),
    ("indicator", "Indicator (entity)"),
    ("is_total", "Strategic indicators total"),
    ("oo", "Operational objective"),
    ("os", "Strategic objective"),
    ("area", "Strategic area"),
    ("ente", "Ente"),
    ("unit", "Organisational unit"),
]


class CciaaPerformanceResult(models.Model):
    """A stored figure of the engine's result object, per cycle and quadrimester
    (year to date). Screens, PDF and XLSX read these records; nothing else
    computes a score."""

    _name = "cciaa.performance.result"
    _description = "Performance result"
    _order = "cycle_id, quarter, level, code, unit_code"
    _rec_name = "code"

    cycle_id = fields.Many2one(
        "cciaa.performance.cycle", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="cycle_id.company_id", store=True, index=True)
    quarter = fields.Integer(
        string="After quadrimester", required=True, index=True,
        help="Year-to-date figure using the quadrimesters up to this one.",
    )
    level = fields.Selection(LEVELS, required=True, index=True)
    code = fields.Char(required=True, index=True)
    unit_code = fields.Char(string="Unit code")
    indicator_id = fields.Many2one("cciaa.performance.indicator", ondelete="cascade", index=True)
    department_id = fields.Many2one("hr.department", string="Unit", index=True)
    operational_id = fields.Many2one(
        "cciaa.performance.operational.objective", ondelete="cascade", index=True
    )
    strategic_id = fields.Many2one(
        "cciaa.performance.strategic.objective", ondelete="cascade", index=True
    )
    area_id = fields.Many2one("cciaa.performance.area", ondelete="cascade", index=True)
    bsc_perspective = fields.Selection(related="indicator_id.bsc_perspective", store=True)
    indicator_kind = fields.Selection(related="indicator_id.kind", store=True)
    result_value = fields.Float(string="Result", digits=(16, 2))
    result_date = fields.Date(string="Result (date)")
    achievement = fields.Float(string="% target achievement", digits=(16, 2))
    score = fields.Float(string="% achievement (parametrata)", digits=(16, 2), aggregator="avg")
    computed_score = fields.Float(string="Computed %", digits=(16, 2))
    evaluable = fields.Boolean(default=True)
    reason = fields.Selection(
        [
            ("no_data", "No data yet"),
            ("zero_denominator", "Zero denominator"),
            ("no_target", "No target"),
            ("no_children", "Nothing evaluable below"),
            ("bad_value", "Value of the wrong type"),
        ]
    )
    status = fields.Selection(
        [("reached", "Reached"), ("partial", "Partially reached"), ("not_reached", "Not reached")]
    )
    overridden = fields.Boolean()
    override_motivation = fields.Text()
    weight = fields.Float(digits=(16, 2))
    share_parent = fields.Float(string="% on weighted objective", digits=(16, 2))
    share_ente = fields.Float(string="% on Ente", digits=(16, 2))
    explanation = fields.Json()
    explanation_html = fields.Html(compute="_compute_explanation_html", sanitize=False)

    def _compute_display_name(self):
        for result in self:
            unit = f" @ {result.unit_code}" if result.unit_code else ""
            result.display_name = f"{result.code}{unit} (Q{result.quarter})"

    @api.depends("explanation")
    def _compute_explanation_html(self):
        labels = self._rule_labels()
        for result in self:
            result.explanation_html = (
                self._render_explanation(result.explanation, labels) if result.explanation else False
            )

    # -- explanation -------------------------------------------------------

    def _rule_labels(self):
        _ = self.env._
        return {
            "ratio_pooled": _("Ratio of the sums over the quadrimesters (pooled)"),
            "count_sum": _("Sum of the quadrimesters"),
            "average_mean": _("Mean of the reported quadrimesters"),
            "date_completion": _("Completion date"),
            "value_latest": _("Latest reported value"),
            "achievement_ge": _("Higher is better: result / target"),
            "achievement_le": _("Lower is better: 2 − result / target"),
            "achievement_eq": _("Exactly the target"),
            "deadline": _("Deadline: met on or before the date"),
            "parametrata": _("Tolerance: at or above the threshold counts as 100"),
            "mean": _("Mean"),
            "weighted_mean": _("Weighted mean"),
            "override": _("Motivated evaluation (override)"),
            "not_evaluable": _("Not evaluable"),
            "pooled": _("Pooled over the reporting units"),
            "none": _("No computation"),
        }

    @api.model
    def _render_explanation(self, node, labels):
        rule = node.get("rule", "")
        parts = [Markup("<strong>%s</strong>") % labels.get(rule, rule)]
        if node.get("formula"):
            parts.append(Markup(": <code>%s</code>") % node["formula"])
        inputs = node.get("inputs") or []
        if inputs:
            items = Markup("").join(
                Markup("<li>%s: %s</li>") % (label, value) for label, value in inputs
            )
            parts.append(Markup("<ul>%s</ul>") % items)
        steps = node.get("steps") or []
        if steps:
            parts.append(
                Markup("<ol>%s</ol>")
                % Markup("").join(
                    Markup("<li>%s</li>") % self._render_explanation(step, labels)
                    for step in steps
                )
            )
        return Markup("<div class='o_cciaa_explanation'>%s</div>") % Markup("").join(
            escape(p) if not isinstance(p, Markup) else p for p in parts
        )

    def action_explain(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("cciaa_performance.view_cciaa_performance_result_form").id, "form")],
            "target": "new",
        }

    # -- lookups -----------------------------------------------------------

    @api.model
    def _latest_for(self, nodes):
        """Latest stored result of each node (area, objective, indicator), by id."""
        field = {
            "cciaa.performance.area": ("area_id", "area"),
            "cciaa.performance.strategic.objective": ("strategic_id", "os"),
            "cciaa.performance.operational.objective": ("operational_id", "oo"),
            "cciaa.performance.indicator": ("indicator_id", "indicator"),
        }[nodes._name]
        fname, level = field
        results = self.search(
            [(fname, "in", nodes.ids), ("level", "=", level)], order="quarter desc"
        )
        latest = {}
        for result in results:
            latest.setdefault(result[fname].id, result)
        return latest

    # -- recomputation -----------------------------------------------------

    @api.model
    def _recompute_cycles(self, cycles):
        """Rebuild the stored results of each cycle, for every quadrimester that
        has data, from one engine evaluation per quadrimester. Idempotent: the
        previous results of the cycle are replaced."""
        for cycle in cycles:
            loaded = self._load_cycle(cycle)
            quarters = loaded.pop("quarters")
            values = []
            for quarter in quarters:
                cycle_result = evaluate_cycle(CycleInput(up_to_quarter=quarter, **loaded["input"]))
                values += self._result_values(cycle, quarter, cycle_result, loaded["ids"])
            self.sudo().search([("cycle_id", "=", cycle.id)]).unlink()
            self.sudo().create(values)
            cycle.sudo().recomputed_on = fields.Datetime.now()

    @api.model
    def _load_cycle(self, cycle):
        """Read a cycle's tree and measurements in a bounded number of queries
        and build the engine input (everything except the quadrimester)."""
        cycle = cycle.sudo()
        areas = cycle.area_ids
        strategic = cycle.strategic_ids
        operational = cycle.operational_ids
        indicators = cycle.indicator_ids
        overrides = self.env["cciaa.performance.override"].sudo().search(
            [("cycle_id", "=", cycle.id)], order="date, id"
        )
        override_by = {}
        for override in overrides:  # the latest one counts
            override_by[(override.strategic_id or override.operational_id)] = Override(
                value=override.value, motivation=override.motivation, author=override.author or ""
            )
        targets = self.env["cciaa.performance.indicator.target"].sudo().search(
            [("indicator_id", "in", indicators.ids), ("year", "=", cycle.year)]
        )
        target_by = {t.indicator_id.id: t._engine_value() for t in targets}
        measurements = self.env["cciaa.performance.measurement"].sudo().search_read(
            [("cycle_id", "=", cycle.id)],
            ["indicator_id", "department_id", "quarter", "parameter", "value", "date_value"],
            load=None,
        )
        indicator_by_id = {i.id: i for i in indicators}
        units = self.env["hr.department"].sudo().browse(
            {m["department_id"] for m in measurements}
        )
        unit_code = {u.id: u.cciaa_code or str(u.id) for u in units}
        cells = {}
        for m in measurements:
            indicator = indicator_by_id[m["indicator_id"]]
            value = m["date_value"] if indicator.measure == "date" else m["value"]
            key = (indicator.code, unit_code[m["department_id"]])
            nparams = 2 if indicator.measure == "ratio" else 1
            quarter_values = cells.setdefault(key, {}).setdefault(int(m["quarter"]), [None] * nparams)
            quarter_values[int(m["parameter"]) - 1] = value
        rows = tuple(
            RowInput(
                indicator=code,
                unit=unit,
                quarters=tuple(
                    QuarterValues(quarter=q, values=tuple(vals)) for q, vals in sorted(by_q.items())
                ),
            )
            for (code, unit), by_q in sorted(cells.items())
        )
        quarters = sorted({int(m["quarter"]) for m in measurements}) or [1]
        quarters = list(range(1, max(quarters) + 1))
        engine_input = {
            "settings": cycle._engine_settings(),
            "areas": tuple(
                ObjectiveInput(code=a.code, parent=None, weight=a.weight or None) for a in areas
            ),
            "strategic": tuple(
                ObjectiveInput(
                    code=o.code, parent=o.area_id.code, weight=o.weight or None,
                    override=override_by.get(o),
                )
                for o in strategic
            ),
            "operational": tuple(
                ObjectiveInput(
                    code=o.code, parent=o.strategic_id.code, weight=o.weight or None,
                    override=override_by.get(o),
                )
                for o in operational
            ),
            "indicators": tuple(
                IndicatorInput(
                    code=i.code,
                    kind=i.kind,
                    parent=(i.strategic_id or i.operational_id).code,
                    measure=Measure(i.measure),
                    comparator=Comparator(i.comparator),
                    target=target_by.get(i.id),
                    weight=i.weight or None,
                    counts_in_parent=i.kind != "FRD",
                )
                for i in indicators
            ),
            "rows": rows,
        }
        all_units = self.env["hr.department"].sudo().search(
            [("company_id", "in", (cycle.company_id.id, False)), ("cciaa_code", "!=", False)]
        )
        ids = {
            "area": {a.code: a for a in areas},
            "os": {o.code: o for o in strategic},
            "oo": {o.code: o for o in operational},
            "indicator": {i.code: i for i in indicators},
            "unit": {u.cciaa_code: u for u in all_units},
        }
        return {"input": engine_input, "ids": ids, "quarters": quarters}

    @api.model
    def _result_values(self, cycle, quarter, cycle_result, ids):
        values = []

        def add(figure, level, **links):
            result = figure.result
            values.append({
                "cycle_id": cycle.id,
                "quarter": quarter,
                "level": level,
                "code": figure.code,
                "unit_code": figure.unit or False,
                "result_value": result if isinstance(result, (int, float)) else 0.0,
                "result_date": result if isinstance(result, datetime.date) else False,
                "achievement": figure.achievement or 0.0,
                "score": figure.score or 0.0,
                "computed_score": (
                    figure.computed_score if figure.computed_score is not None else figure.score
                ) or 0.0,
                "evaluable": figure.evaluable,
                "reason": figure.reason.value if figure.reason else False,
                "status": figure.status or False,
                "overridden": figure.overridden,
                "override_motivation": figure.override_motivation or False,
                "weight": figure.weight or 0.0,
                "share_parent": figure.share_parent or 0.0,
                "share_ente": figure.share_ente or 0.0,
                "explanation": _explanation_dict(figure.explanation),
                **{k: v.id for k, v in links.items() if v},
            })

        def indicator_links(code):
            indicator = ids["indicator"].get(code)
            if not indicator:
                return {}
            return {
                "indicator_id": indicator,
                "operational_id": indicator.operational_id,
                "strategic_id": indicator.objective_strategic_id,
                "area_id": indicator.area_id,
            }

        for figure in cycle_result.rows.values():
            add(figure, "row", department_id=ids["unit"].get(figure.unit),
                **indicator_links(figure.code))
        for figure in cycle_result.indicators.values():
            add(figure, "indicator", **indicator_links(figure.code))
        for figure in cycle_result.is_totals.values():
            os_ = ids["os"].get(figure.code)
            add(figure, "is_total", strategic_id=os_, area_id=os_ and os_.area_id)
        for figure in cycle_result.operational.values():
            oo = ids["oo"].get(figure.code)
            add(figure, "oo", operational_id=oo, strategic_id=oo and oo.strategic_id,
                area_id=oo and oo.area_id)
        for figure in cycle_result.strategic.values():
            os_ = ids["os"].get(figure.code)
            add(figure, "os", strategic_id=os_, area_id=os_ and os_.area_id)
        for figure in cycle_result.areas.values():
            add(figure, "area", area_id=ids["area"].get(figure.code))
        add(cycle_result.ente, "ente")
        for figure in cycle_result.units.values():
            add(figure, "unit", department_id=ids["unit"].get(figure.code))
        return values

    # -- cron ----------------------------------------------------------------

    @api.model
    def _cron_recompute(self):
        """Recompute every cycle in progress; one failing cycle does not stop the others."""
        cycles = self.env["cciaa.performance.cycle"].sudo().search([("state", "=", "active")])
        for cycle in cycles:
            try:
                with self.env.cr.savepoint():
                    self._recompute_cycles(cycle)
            except Exception:
                _logger.exception("Recomputation of cycle %s failed", cycle.display_name)


def _explanation_dict(explanation):
    def plain(value):
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, float):
            return round(value, 4)
        if isinstance(value, (int, str)) or value is None:
            return value
        return str(value)

    return {
        "rule": explanation.rule,
        "inputs": [[str(label), plain(value)] for label, value in explanation.inputs],
        "formula": explanation.formula,
        "steps": [_explanation_dict(step) for step in explanation.steps],
    }
