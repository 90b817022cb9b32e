import datetime
import hashlib
import json
import logging
import operator
import pathlib

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
    fmt_number,
)

_logger = logging.getLogger(__name__)

# The engine's source is part of what a stored result depends on: a new
# engine (a changed rule) invalidates every digest, so everything is
# recomputed once after an upgrade.
ENGINE_DIGEST = hashlib.blake2b(
    b"".join(
        path.read_bytes()
        for path in sorted((pathlib.Path(__file__).parents[1] / "engine").glob("*.py"))
    ),
    digest_size=16,
).hexdigest()

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
        string="After quadrimester",
        required=True,
        help="Year-to-date figure using the quadrimesters up to this one.",
    )
    level = fields.Selection(LEVELS, required=True)
    code = fields.Char(required=True)
    unit_code = fields.Char(string="Unit code")
    indicator_id = fields.Many2one(
        "cciaa.performance.indicator", ondelete="cascade", index=True
    )
    department_id = fields.Many2one("hr.department", string="Unit", index=True)
    operational_id = fields.Many2one(
        "cciaa.performance.operational.objective", ondelete="cascade", index=True
    )
    strategic_id = fields.Many2one(
        "cciaa.performance.strategic.objective", ondelete="cascade", index=True
    )
    area_id = fields.Many2one("cciaa.performance.area", ondelete="cascade", index=True)
    bsc_perspective = fields.Selection(
        related="indicator_id.bsc_perspective", store=True
    )
    indicator_kind = fields.Selection(related="indicator_id.kind", store=True)
    result_value = fields.Float(string="Result", digits=(16, 2))
    result_date = fields.Date(string="Result (date)")
    achievement = fields.Float(string="% target achievement", digits=(16, 2))
    score = fields.Float(
        string="% achievement (parametrata)", digits=(16, 2), aggregator="avg"
    )
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
        [
            ("reached", "Reached"),
            ("partial", "Partially reached"),
            ("not_reached", "Not reached"),
        ]
    )
    overridden = fields.Boolean()
    override_motivation = fields.Text()
    weight = fields.Float(digits=(16, 2))
    share_parent = fields.Float(string="% on weighted objective", digits=(16, 2))
    share_ente = fields.Float(string="% on Ente", digits=(16, 2))
    explanation = fields.Json()
    input_digest = fields.Char(
        readonly=True,
        help="On the Ente figure of each quadrimester: digest of the engine input "
        "(data up to the quadrimester, plan, rules, engine version) it was computed "
        "from. An unchanged digest means unchanged results: they are not rewritten.",
    )
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
                self._render_explanation(result.explanation, labels)
                if result.explanation
                else False
            )

    # -- explanation -------------------------------------------------------

    def _rule_labels(self):
        return {
            "ratio_pooled": self.env._(
                "Ratio of the sums over the quadrimesters (pooled)"
            ),
            "count_sum": self.env._("Sum of the quadrimesters"),
            "average_mean": self.env._("Mean of the reported quadrimesters"),
            "date_completion": self.env._("Completion date"),
            "value_latest": self.env._("Latest reported value"),
            "achievement_ge": self.env._("Higher is better: result / target"),
            "achievement_le": self.env._("Lower is better: 2 − result / target"),
            "achievement_eq": self.env._("Exactly the target"),
            "deadline": self.env._("Deadline: met on or before the date"),
            "parametrata": self.env._(
                "Tolerance: at or above the threshold counts as 100"
            ),
            "mean": self.env._("Mean"),
            "weighted_mean": self.env._("Weighted mean"),
            "override": self.env._("Motivated evaluation (override)"),
            "not_evaluable": self.env._("Not evaluable"),
            "pooled": self.env._("Pooled over the reporting units"),
            "none": self.env._("No computation"),
        }

    def _input_labels(self):
        """The engine's input keys (stable codes) in the user's language;
        objective and indicator codes are shown as they are."""
        return {
            "result": self.env._("Result"),
            "target": self.env._("Target"),
            "value": self.env._("Value"),
            "quarter": self.env._("Quadrimester"),
            "up_to_quarter": self.env._("Up to quadrimester"),
            "sum": self.env._("Sum"),
            "values": self.env._("Values reported"),
            "rows": self.env._("Reporting units"),
            "rows_without_date": self.env._("Units without a date yet"),
            "completion_date": self.env._("Completion date"),
            "numerator_sum": self.env._("Sum of the numerators"),
            "denominator_sum": self.env._("Sum of the denominators"),
            "computed_score": self.env._("Computed %"),
            "override": self.env._("% set by the motivated evaluation"),
            "motivation": self.env._("Motivation"),
            "author": self.env._("Decided by"),
            "excluded": self.env._("Not evaluable, left out"),
            "tolerance": self.env._("Tolerance"),
            "achievement": self.env._("% target achievement"),
            "reason": self.env._("Reason"),
            "days_late": self.env._("Days late"),
            "points_per_day_late": self.env._("Points lost per day late"),
            "missed_deadline_rule": self.env._("Rule for a missed deadline"),
            "exact_miss_rule": self.env._("Rule for a missed exact target"),
            # individual scheda (engine/individual.py)
            "results": self.env._("Results"),
            "behaviours": self.env._("Behaviours"),
            "results_share": self.env._("Share of the results"),
            "behaviours_share": self.env._("Share of the behaviours"),
            "score": self.env._("Score"),
            "phases": self.env._("Phases"),
            "unit": self.env._("Unit"),
            "from": self.env._("From"),
            "to": self.env._("To"),
            "days": self.env._("Days"),
            "participation": self.env._("Participation %"),
            "not_rated": self.env._("Behaviours not rated"),
            "split": self.env._("Results/behaviours split"),
            "sg": self.env._("Segretario Generale"),
        }

    def _format_input(self, rule, value):
        if isinstance(value, bool):
            return self.env._("yes") if value else self.env._("no")
        if isinstance(value, float):
            return fmt_number(value)
        if isinstance(value, list):
            if rule == "weighted_mean" and len(value) == 2:
                return self.env._(
                    "%(score)s with weight %(weight)s",
                    score=self._format_input(rule, value[0]),
                    weight=self._format_input(rule, value[1]),
                )
            return "; ".join(str(self._format_input(rule, item)) for item in value)
        if value is None:
            return "—"
        return value

    @api.model
    def _render_explanation(self, node, labels, input_labels=None):
        input_labels = input_labels or self._input_labels()
        rule = node.get("rule", "")
        parts = [Markup("<strong>%s</strong>") % labels.get(rule, rule)]
        if node.get("formula"):
            parts.append(Markup(": <code>%s</code>") % node["formula"])
        inputs = node.get("inputs") or []
        if inputs:
            items = Markup("").join(
                Markup("<li>%s: %s</li>")
                % (input_labels.get(label, label), self._format_input(rule, value))
                for label, value in inputs
            )
            parts.append(Markup("<ul>%s</ul>") % items)
        steps = node.get("steps") or []
        if steps:
            parts.append(
                Markup("<ol>%s</ol>")
                % Markup("").join(
                    Markup("<li>%s</li>")
                    % self._render_explanation(step, labels, input_labels)
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
            "views": [
                (
                    self.env.ref(
                        "cciaa_performance.view_cciaa_performance_result_form"
                    ).id,
                    "form",
                )
            ],
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
    def _recompute_cycles(self, cycles, force=False):
        """Rebuild the stored results of each cycle, for every quadrimester
        with data (or with a started campaign), from one engine evaluation
        per quadrimester. Idempotent: a quadrimester's results are replaced,
        or left alone when the digest of its input is the one they were
        computed from (closed quadrimesters usually; ``force`` recomputes
        anyway). The number of SQL queries per cycle does not depend on its
        size: :meth:`_read_cycle` reads each table once and
        :meth:`_store_results` writes in two statements.
        A validated cycle is never recomputed: its figures are published."""
        validated = cycles.filtered(lambda c: c.state == "validated")
        if validated:
            raise UserError(
                self.env._(
                    "%(cycle)s has been validated by the OIV: its figures are "
                    "published and are not recomputed.",
                    cycle=validated[0].display_name,
                )
            )
        for cycle in cycles:
            raw = self._read_cycle(cycle)
            digests = self._input_digests(raw)
            stored = {} if force else self._stored_digests(cycle)
            todo = [q for q, digest in digests.items() if stored.get(q) != digest]
            values = []
            if todo:
                loaded = self._build_input(raw)
                for quarter in todo:
                    cycle_input = CycleInput(up_to_quarter=quarter, **loaded["input"])
                    values += self._result_values(
                        cycle, quarter, evaluate_cycle(cycle_input), loaded["ids"]
                    )
            gone = set(stored) - set(digests)
            self._store_results(
                cycle,
                values,
                quarters=None if force else set(todo) | gone,
                digests=digests,
            )

    @api.model
    def _stored_digests(self, cycle):
        """{quarter: input digest} of the results stored for ``cycle``."""
        self.flush_model(["cycle_id", "level", "quarter", "input_digest"])
        return dict(
            self.env.execute_query(
                SQL(
                    "SELECT quarter, input_digest FROM cciaa_performance_result "
                    "WHERE cycle_id = %s AND level = 'ente'",
                    cycle.id,
                )
            )
        )

    @api.model
    def _read_measurements(self, domain):
        """The measurements of ``domain`` as dicts, in one query that the ORM
        builds (domain, access rules) but without making records: at
        national scale ``search_read`` spends most of its time filling the
        cache of 10,000 records that are read once."""
        Measurement = self.env["cciaa.performance.measurement"].sudo()
        query = Measurement._search(domain)
        fnames = (
            "indicator_id",
            "department_id",
            "quarter",
            "parameter",
            "value",
            "date_value",
        )
        return self.env.execute_query_dict(
            query.select(
                *(
                    SQL(
                        "%s AS %s",
                        Measurement._field_to_sql(query.table, fname, query),
                        SQL.identifier(fname),
                    )
                    for fname in fnames
                )
            )
        )

    @api.model
    def _load_cycle(self, cycle):
        """Read a cycle's tree and measurements in a fixed number of queries
        (one per table, whatever the number of records) and build the engine
        input (everything except the quadrimester).

        Only measurements with ``entered`` set count: the empty rows created
        when a campaign opens are not zeros."""
        return self._build_input(self._read_cycle(cycle))

    @api.model
    def _read_cycle(self, cycle):
        """The raw data of a cycle (lists of dicts), one query per table."""
        cycle = cycle.sudo()
        env = self.sudo().with_context(active_test=False).env

        def read(model, domain, fnames, order=None):
            return env[model].search_read(domain, fnames, order=order, load=None)

        in_cycle = [("cycle_id", "=", cycle.id)]
        indicators = read(
            "cciaa.performance.indicator",
            in_cycle,
            [
                "code",
                "kind",
                "strategic_id",
                "operational_id",
                "objective_strategic_id",
                "area_id",
                "measure",
                "comparator",
                "weight",
                "bsc_perspective",
            ],
        )
        measurements = self._read_measurements([*in_cycle, ("entered", "=", True)])
        return {
            "cycle": cycle,
            "settings": cycle._engine_settings(),
            "areas": read("cciaa.performance.area", in_cycle, ["code", "weight"]),
            "strategic": read(
                "cciaa.performance.strategic.objective",
                in_cycle,
                ["code", "weight", "area_id"],
            ),
            "operational": read(
                "cciaa.performance.operational.objective",
                in_cycle,
                ["code", "weight", "strategic_id", "area_id"],
            ),
            "indicators": indicators,
            "targets": read(
                "cciaa.performance.indicator.target",
                [
                    ("indicator_id", "in", [i["id"] for i in indicators]),
                    ("year", "=", cycle.year),
                ],
                ["indicator_id", "value", "date_value"],
            ),
            "overrides": read(
                "cciaa.performance.override",
                # a proposal counts once the SG has confirmed it
                [*in_cycle, ("state", "=", "confirmed")],
                ["strategic_id", "operational_id", "value", "motivation", "author"],
                order="date, id",
            ),
            "measurements": measurements,
            "units": read(
                "hr.department",
                [
                    "|",
                    ("id", "in", list({m["department_id"] for m in measurements})),
                    "&",
                    ("company_id", "in", (cycle.company_id.id, False)),
                    ("cciaa_code", "!=", False),
                ],
                ["cciaa_code"],
            ),
            "started": read(
                "cciaa.performance.campaign",
                [*in_cycle, ("state", "in", ("open", "closed"))],
                ["quarter"],
            ),
        }

    @api.model
    def _quarters(self, raw):
        """Quadrimesters 1 … the last one with data or a started campaign."""
        last = max(
            [int(m["quarter"]) for m in raw["measurements"]]
            + [int(c["quarter"]) for c in raw["started"]],
            default=1,
        )
        return list(range(1, last + 1))

    @api.model
    def _input_digests(self, raw):
        """{quarter: digest} of everything the year-to-date results after each
        quadrimester depend on: the plan, the rules, the chamber, the units'
        codes, the engine's source, and the measurements of that quadrimester
        and the earlier ones (later ones cannot change a year-to-date figure).
        Computed on the raw data, so that an unchanged cycle costs its reads
        and no engine input is built."""
        plan = repr(
            (
                ENGINE_DIGEST,
                raw["cycle"].company_id.id,
                raw["settings"],
                *(
                    raw[key]
                    for key in (
                        "areas", "strategic", "operational", "indicators", "targets",
                        "overrides", "units",
                    )
                ),
            )
        )  # fmt: skip
        hasher = hashlib.blake2b(plan.encode(), digest_size=16)
        by_quarter = {}
        for m in raw["measurements"]:
            by_quarter.setdefault(int(m["quarter"]), []).append(
                (m["indicator_id"], m["department_id"], m["parameter"], m["value"],
                 m["date_value"])
            )  # fmt: skip
        digests = {}
        for quarter in self._quarters(raw):
            hasher.update(repr((quarter, sorted(by_quarter.get(quarter, ())))).encode())
            digests[quarter] = hasher.copy().hexdigest()
        return digests

    @api.model
    def _build_input(self, raw):
        """The engine input, the links of the figures and the quadrimesters
        of a cycle's raw data (see :meth:`_read_cycle`)."""
        areas, strategic = raw["areas"], raw["strategic"]
        operational, indicators = raw["operational"], raw["indicators"]
        measurements = raw["measurements"]
        indicator_by_id = {i["id"]: i for i in indicators}
        target_by = {
            t["indicator_id"]: (
                t["date_value"]
                if indicator_by_id[t["indicator_id"]]["measure"] == "date"
                else t["value"]
            )
            for t in raw["targets"]
        }
        override_by = {}
        for o in raw["overrides"]:  # ordered by date: the latest one counts
            key = (
                ("os", o["strategic_id"])
                if o["strategic_id"]
                else ("oo", o["operational_id"])
            )
            override_by[key] = Override(
                value=o["value"], motivation=o["motivation"], author=o["author"] or ""
            )
        unit_code = {u["id"]: u["cciaa_code"] or str(u["id"]) for u in raw["units"]}

        cells = {}
        for m in measurements:
            indicator = indicator_by_id[m["indicator_id"]]
            value = m["date_value"] if indicator["measure"] == "date" else m["value"]
            key = (indicator["code"], unit_code[m["department_id"]])
            nparams = 2 if indicator["measure"] == "ratio" else 1
            quarter_values = cells.setdefault(key, {}).setdefault(
                int(m["quarter"]), [None] * nparams
            )
            quarter_values[int(m["parameter"]) - 1] = value
        rows = tuple(
            RowInput(
                indicator=code,
                unit=unit,
                quarters=tuple(
                    QuarterValues(quarter=q, values=tuple(vals))
                    for q, vals in sorted(by_q.items())
                ),
            )
            for (code, unit), by_q in sorted(cells.items())
        )
        area_code = {a["id"]: a["code"] for a in areas}
        os_code = {o["id"]: o["code"] for o in strategic}
        oo_code = {o["id"]: o["code"] for o in operational}
        engine_input = {
            "settings": raw["settings"],
            "areas": tuple(
                ObjectiveInput(code=a["code"], parent=None, weight=a["weight"] or None)
                for a in areas
            ),
            "strategic": tuple(
                ObjectiveInput(
                    code=o["code"],
                    parent=area_code[o["area_id"]],
                    weight=o["weight"] or None,
                    override=override_by.get(("os", o["id"])),
                )
                for o in strategic
            ),
            "operational": tuple(
                ObjectiveInput(
                    code=o["code"],
                    parent=os_code[o["strategic_id"]],
                    weight=o["weight"] or None,
                    override=override_by.get(("oo", o["id"])),
                )
                for o in operational
            ),
            "indicators": tuple(
                IndicatorInput(
                    code=i["code"],
                    kind=i["kind"],
                    parent=(
                        os_code[i["strategic_id"]]
                        if i["strategic_id"]
                        else oo_code[i["operational_id"]]
                    ),
                    measure=Measure(i["measure"]),
                    comparator=Comparator(i["comparator"]),
                    target=target_by.get(i["id"]),
                    weight=i["weight"] or None,
                    counts_in_parent=i["kind"] != "FRD",
                )
                for i in indicators
            ),
            "rows": rows,
        }
        # links of the stored figures, SQL-ready (None, not the ORM's False)
        ids = {
            "area": {a["code"]: {"area_id": a["id"]} for a in areas},
            "os": {
                o["code"]: {"strategic_id": o["id"], "area_id": o["area_id"] or None}
                for o in strategic
            },
            "oo": {
                o["code"]: {
                    "operational_id": o["id"],
                    "strategic_id": o["strategic_id"],
                    "area_id": o["area_id"] or None,
                }
                for o in operational
            },
            "indicator": {
                i["code"]: {
                    "indicator_id": i["id"],
                    "operational_id": i["operational_id"] or None,
                    "strategic_id": i["objective_strategic_id"] or None,
                    "area_id": i["area_id"] or None,
                    "bsc_perspective": i["bsc_perspective"] or None,
                    "indicator_kind": i["kind"],
                }
                for i in indicators
            },
            "unit": {code: unit_id for unit_id, code in unit_code.items()},
        }
        return {"input": engine_input, "ids": ids, "quarters": self._quarters(raw)}

    @api.model
    def _result_values(self, cycle, quarter, cycle_result, ids):
        """Column values of the results of one evaluation (one quadrimester),
        ready for SQL (None for empty, the explanation as JSON text); links
        are plain ids taken from ``ids`` (see :meth:`_load_cycle`)."""
        values = []
        memo = {}  # figures share explanations (single-row indicators, IS TOT / OS)
        empty = dict.fromkeys(_COLUMN_NAMES)
        empty.update(cycle_id=cycle.id, company_id=cycle.company_id.id, quarter=quarter)
        date = datetime.date

        def add(figure, level, links):
            result = figure.result
            score = figure.score
            computed = figure.computed_score
            explanation = figure.explanation
            text = memo.get(id(explanation))
            if text is None:
                text = json.dumps(_explanation_dict(explanation))
                # keeping the explanation alive keeps its id from being reused
                memo[id(explanation)] = text, explanation
            else:
                text = text[0]
            vals = empty.copy()
            vals.update(links)
            vals.update(
                level=level,
                code=figure.code,
                unit_code=figure.unit or None,
                result_value=float(result) if isinstance(result, (int, float)) else 0.0,
                result_date=result if isinstance(result, date) else None,
                achievement=figure.achievement or 0.0,
                score=score or 0.0,
                computed_score=(computed if computed is not None else score) or 0.0,
                evaluable=figure.evaluable,
                reason=figure.reason.value if figure.reason else None,
                status=figure.status,
                overridden=figure.overridden,
                override_motivation=figure.override_motivation or None,
                weight=figure.weight or 0.0,
                share_parent=figure.share_parent or 0.0,
                share_ente=figure.share_ente or 0.0,
                explanation=text,
            )
            values.append(vals)

        units = ids["unit"]
        for figure in cycle_result.rows.values():
            add(
                figure,
                "row",
                {
                    **ids["indicator"].get(figure.code, {}),
                    "department_id": units.get(figure.unit),
                },
            )
        for figure in cycle_result.indicators.values():
            add(figure, "indicator", ids["indicator"].get(figure.code, {}))
        for figure in cycle_result.is_totals.values():
            add(figure, "is_total", ids["os"].get(figure.code, {}))
        for figure in cycle_result.operational.values():
            add(figure, "oo", ids["oo"].get(figure.code, {}))
        for figure in cycle_result.strategic.values():
            add(figure, "os", ids["os"].get(figure.code, {}))
        for figure in cycle_result.areas.values():
            add(figure, "area", ids["area"].get(figure.code, {}))
        add(cycle_result.ente, "ente", {})
        for figure in cycle_result.units.values():
            add(figure, "unit", {"department_id": units.get(figure.code)})
        return values

    @api.model
    def _store_results(self, cycle, values, quarters=None, digests=None):
        """Replace the results of ``cycle`` (of the quadrimesters ``quarters``
        only, when given) with ``values``; ``digests`` {quarter: digest} go on
        the Ente figures.

        Raw SQL, on purpose: the ORM inserts 100 rows per statement
        (INSERT_BATCH_SIZE) and then recomputes the stored related fields, so
        its query count grows with the size of the cycle; a national-scale
        recomputation writes about half a million results. One parametrised
        DELETE and one multi-row INSERT per cycle keep the count constant.
        Every stored column, related ones included, is written here; the ORM
        cache is flushed before and invalidated after, so no stale value of
        the results (nor of the scores computed from them) survives."""
        self.flush_model()
        cr = self.env.cr
        if quarters is None:
            cr.execute(
                "DELETE FROM cciaa_performance_result WHERE cycle_id = %s", [cycle.id]
            )
        elif quarters:
            cr.execute(
                "DELETE FROM cciaa_performance_result "
                "WHERE cycle_id = %s AND quarter = ANY(%s)",
                [cycle.id, sorted(quarters)],
            )
        for vals in values:
            if vals["level"] == "ente":
                vals["input_digest"] = (digests or {}).get(vals["quarter"])
        if values:
            # one placeholder per column, the column names are constants
            placeholders = ", ".join(
                "%s::jsonb" if name == "explanation" else "%s" for name in _COLUMN_NAMES
            )
            row = f"({placeholders}, %s, %s, %s, %s)"
            columns = ", ".join(f'"{name}"' for name in _COLUMN_NAMES)
            log = (self.env.uid, cr.now(), self.env.uid, cr.now())
            getter = operator.itemgetter(*_COLUMN_NAMES)
            params = []
            for vals in values:
                params += getter(vals)
                params += log
            rows = ", ".join([row] * len(values))
            cr.execute(
                f"INSERT INTO cciaa_performance_result ({columns}, create_uid, "
                f"create_date, write_uid, write_date) VALUES {rows}",
                params,
            )
        self.env.invalidate_all()
        cycle.sudo().recomputed_on = fields.Datetime.now()

    # -- cron ----------------------------------------------------------------

    @api.model
    def _cron_recompute(self, batch_size=10):
        """Recompute every cycle in progress, ``batch_size`` cycles at a time.

        Under ir.cron (Odoo 18's progress API: ``ir_cron_progress_id`` in the
        context) one batch is done per call and the progress is notified;
        ir.cron commits after each call and calls again while something
        remains, so no commit happens in this code. A cycle is due when the
        scheduler has not tried it since its previous run ended
        (``lastcall``): the batches of one run are disjoint and a run is
        idempotent. Called directly (tests, shell), every cycle in progress
        is done in one call, batch after batch. One failing cycle is rolled
        back to its savepoint, logged and reported on the cycle
        (``recompute_error``); the others go on. Returns the number of cycles
        tried."""
        Cycle = self.env["cciaa.performance.cycle"].sudo()
        active = [("state", "=", "active")]
        done = failed = 0
        if self.env.context.get("ir_cron_progress_id"):
            lastcall = self.env.context.get("lastcall")
            due = [
                *active,
                "|",
                ("recompute_attempted_on", "=", False),
                ("recompute_attempted_on", "<", lastcall) if lastcall else (0, "=", 1),
            ]
            batch = Cycle.search(due, limit=batch_size, order="id")
            failed = sum(not self._cron_recompute_cycle(cycle) for cycle in batch)
            done = len(batch)
            self.env["ir.cron"]._notify_progress(
                done=done, remaining=Cycle.search_count(due)
            )
        else:
            last_id = 0
            while batch := Cycle.search(
                [*active, ("id", ">", last_id)], limit=batch_size, order="id"
            ):
                failed += sum(not self._cron_recompute_cycle(cycle) for cycle in batch)
                done += len(batch)
                last_id = batch[-1].id
        _logger.info("Recomputed %s cycles, %s failed", done, failed)
        return done

    @api.model
    def _cron_recompute_cycle(self, cycle):
        """Recompute one cycle in its own savepoint; True when it succeeded."""
        try:
            with self.env.cr.savepoint():
                self._recompute_cycles(cycle)
        except Exception as error:  # noqa: BLE001 - one bad cycle must not stop the run
            # the savepoint's rollback has cleared the ORM cache
            _logger.exception(
                "Recomputation of cycle %s (id %s) failed", cycle.name, cycle.id
            )
            cycle.write(
                {
                    "recompute_attempted_on": fields.Datetime.now(),
                    "recompute_error": f"{type(error).__name__}: {error}",
                }
            )
            return False
        cycle.write(
            {"recompute_attempted_on": fields.Datetime.now(), "recompute_error": False}
        )
        return True


# The stored columns of a result, as written by _store_results (the log
# columns are added there); _result_values gives a value to each of them.
_COLUMN_NAMES = (
    "cycle_id", "company_id", "quarter", "level", "code", "unit_code",
    "indicator_id", "department_id", "operational_id", "strategic_id", "area_id",
    "bsc_perspective", "indicator_kind", "result_value", "result_date",
    "achievement", "score", "computed_score", "evaluable", "reason", "status",
    "overridden", "override_motivation", "weight", "share_parent", "share_ente",
    "explanation", "input_digest",
)  # fmt: skip


def _plain(value):
    """A JSON-able copy of an explanation input (dates as dd/mm/yyyy)."""
    kind = type(value)
    if kind is float:
        return round(value, 4)
    if kind is str or kind is int or value is None:
        return value
    if isinstance(value, datetime.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (int, str)):
        return value
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return str(value)


def _explanation_dict(explanation):
    """The explanation as plain JSON data (nested dicts and lists)."""
    return {
        "rule": explanation.rule,
        "inputs": [
            [label if type(label) is str else str(label), _plain(value)]
            for label, value in explanation.inputs
        ],
        "formula": explanation.formula,
        "steps": [_explanation_dict(step) for step in explanation.steps],
    }
