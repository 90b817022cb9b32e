"""Every figure of a cycle, as printed: ``_prepare_cycle`` reads the stored
results of one quadrimester (the third, or the latest with data) and the plan,
and returns ONE structure of plain dicts with every figure already formatted
the Italian way; the QWeb PDF of the Relazione, its XLSX, the unit-sheet and
the scheda reports all render it and compute nothing (docs/STYLE.md 11). Also
here: the motivated evaluations, the criticità, section 3's status counts and
the "n.d." texts by reason. The rows it is made of come from
``relazione_rows``; a part of the data provider
(``report.cciaa_performance_report.report_relazione``), named in its
``_inherit``."""

import datetime
from collections import defaultdict

from markupsafe import Markup

from odoo import api, models

from odoo.addons.cciaa_performance.engine import shortfall, status_counts

from . import charts, formats
from .relazione_helpers import KIND_ORDER, natural_key

QUARTER_LABELS = {1: "I quadrimestre", 2: "II quadrimestre", 3: "III quadrimestre"}
SECTION_ONE_EXCLUDED_KINDS = ("pseudo", "azienda_speciale")
DOCUMENT_LANG = "it_IT"  # the Relazione is an Italian public document


class ReportRelazioneFigures(models.AbstractModel):
    _name = "report.cciaa_performance_report.relazione_figures"
    _description = "Relazione sulla performance: figures of the cycle"

    @api.model
    def _latest_quarter(self, cycle):
        groups = (
            self.env["cciaa.performance.result"]
            .sudo()
            ._read_group([("cycle_id", "=", cycle.id)], aggregates=["quarter:max"])
        )
        return groups[0][0] if groups and groups[0][0] else None

    @api.model
    def _prepare_cycle(self, cycle, quarter=None):
        """Every figure of ``cycle`` after ``quarter`` (default: the latest
        stored), prepared for printing. The caller's right to read the cycle is
        checked; the rest is read with sudo because the Relazione is a public
        document: a user who may read the cycle may read all its results and the
        quadrimester values of every unit sheet."""
        cycle.check_access("read")
        cycle = cycle.sudo()
        quarter = int(quarter or self._latest_quarter(cycle) or 3)
        results = (
            self.env["cciaa.performance.result"]
            .sudo()
            .search([("cycle_id", "=", cycle.id), ("quarter", "=", quarter)])
        )
        by_key = {(r.level, r.code, r.unit_code or ""): r for r in results}
        stored = results._as_stored()
        targets = {
            t.indicator_id.id: t._engine_value()
            for t in self.env["cciaa.performance.indicator.target"]
            .sudo()
            .search(
                [("indicator_id.cycle_id", "=", cycle.id), ("year", "=", cycle.year)]
            )
        }
        units = (
            self.env["hr.department"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "in", (cycle.company_id.id, False)),
                    ("cciaa_code", "!=", False),
                ]
            )
        )
        year_end = datetime.date(cycle.year, 12, 31)
        # a code reused by a reorganisation: the unit valid at year end wins
        unit_by_code = {
            u.cciaa_code: u
            for u in units.sorted(
                lambda u: (
                    (not u.cciaa_date_from or u.cciaa_date_from <= year_end)
                    and (not u.cciaa_date_to or u.cciaa_date_to >= year_end)
                )
            )
        }
        na = self._not_available_texts()

        def objective(record, level):
            result = by_key.get((level, record.code, ""))
            return self._objective_dict(record, level, result, na, stored)

        areas = []
        tree_rows = []
        strategic_rows = []
        operational_rows = []
        all_os, all_oo, all_indicators = [], [], []
        ente = (
            by_key.get(("ente", "ENTE", ""))
            or results.filtered(lambda r: r.level == "ente")[:1]
        )
        ente_dict = self._objective_dict(None, "ente", ente, na, stored)
        ente_dict.update(code="ENTE", title="ENTE")
        tree_rows.append({**ente_dict, "row": "E"})
        strategic_rows.append({**ente_dict, "row": "E"})
        for area in cycle.area_ids.sorted(lambda a: natural_key(a.code)):
            area_dict = objective(area, "area")
            area_dict["os"] = []
            areas.append(area_dict)
            tree_rows.append({**area_dict, "row": "AS"})
            strategic_rows.append({**area_dict, "row": "AS"})
            operational_rows.append({**area_dict, "row": "AS"})
            for os_ in area.strategic_ids.sorted(lambda o: natural_key(o.code)):
                os_dict = objective(os_, "os")
                all_os.append(os_dict)
                area_dict["os"].append(os_dict)
                is_total = by_key.get(("is_total", os_.code, ""))
                is_total_dict = {
                    "row": "IS TOT",
                    "code": os_.code,
                    "title": f"{os_.code} Indicatori strategici",
                    **self._score_texts(is_total, na, formats.pct),
                }
                tree_rows += [{**os_dict, "row": "OS"}, is_total_dict]
                strategic_rows += [{**os_dict, "row": "OS"}, is_total_dict]
                operational_rows.append({**os_dict, "row": "OS"})
                for indicator in os_.indicator_ids.sorted(
                    lambda i: natural_key(i.code)
                ):
                    ind = self._indicator_dict(indicator, by_key, targets, na)
                    all_indicators.append(ind)
                    tree_rows.append({**ind, "row": "IS"})
                    strategic_rows.append({**ind, "row": "IS"})
                for oo in os_.operational_ids.sorted(lambda o: natural_key(o.code)):
                    oo_dict = objective(oo, "oo")
                    all_oo.append(oo_dict)
                    tree_rows.append({**oo_dict, "row": "OO"})
                    operational_rows.append({**oo_dict, "row": "OO"})
                    for indicator in oo.indicator_ids.sorted(
                        lambda i: (KIND_ORDER.get(i.kind, 9), natural_key(i.code))
                    ):
                        ind = self._indicator_dict(indicator, by_key, targets, na)
                        all_indicators.append(ind)
                        tree_rows.append({**ind, "row": indicator.kind})
                        operational_rows.append({**ind, "row": indicator.kind})

        unit_sheets = self._unit_sheets(
            cycle, results, by_key, targets, unit_by_code, quarter, na
        )
        section1_units = [
            {
                "code": s["code"],
                "name": s["name"],
                "score": s["score"],
                "score_raw": s["score_raw"],
            }
            for s in unit_sheets
            if s["kind"] not in SECTION_ONE_EXCLUDED_KINDS
        ]
        most_significant = [
            {
                "code": i["code"],
                "title": i["title"],
                "score": i["score"],
                "score_raw": i["score_raw"],
                "result": i["result"],
                "target": i["target"],
            }
            for i in all_indicators
            if i["most_significant"]
        ]
        overrides = self._overrides(cycle, by_key)
        criticita = self._criticita(cycle, all_os + all_oo)
        data = {
            "cycle": cycle,
            "year": cycle.year,
            "company_name": cycle.company_id.name,
            "quarter": quarter,
            "quarter_label": QUARTER_LABELS.get(quarter, str(quarter)),
            "quarter_columns": ["I", "II", "III"][:quarter],
            "final": quarter == 3,
            "tolerance": formats.pct(cycle.tolerance, 2),
            "ente": ente_dict,
            "areas": areas,
            "tree_rows": tree_rows,
            "strategic_rows": strategic_rows,
            "operational_rows": operational_rows,
            "objectives_os": all_os,
            "objectives_oo": all_oo,
            "indicators": all_indicators,
            "unit_sheets": unit_sheets,
            "section1": {
                "ente": ente_dict["score"],
                "ente_exact": ente_dict["score_2d"],
                "areas": [
                    {
                        "code": a["code"],
                        "title": a["title"],
                        "score": a["score"],
                        "score_raw": a["score_raw"],
                    }
                    for a in areas
                ],
                "units": section1_units,
                "most_significant": most_significant,
            },
            "status_counts": {
                "os": self._status_counts(all_os),
                "oo": self._status_counts(all_oo),
            },
            "not_available": na,
            "overrides": overrides,
            "criticita": criticita,
            "results": results,
            "by_key": by_key,
            "targets": targets,
        }
        data["charts"] = {
            "areas": Markup(
                charts.bar_chart(
                    [
                        (f"{a['code']} {a['title']}", a["score_raw"], a["score"])
                        for a in areas
                    ],
                    title="Performance degli ambiti strategici",
                )
            ),
            "units": Markup(
                charts.bar_chart(
                    [
                        (f"{u['code']} {u['name']}", u["score_raw"], u["score"])
                        for u in section1_units
                    ],
                    title="Performance delle unità organizzative",
                )
            ),
        }
        data["individual"] = self._prepare_individual(cycle, unit_by_code, na)
        data["incentive"] = self._prepare_incentive(cycle)
        return data

    @api.model
    def _document_env(self):
        """The environment of the printed wording: Italian when installed."""
        lang = self.env["res.lang"]._get_code(DOCUMENT_LANG) or self.env.lang
        return self.env(context=dict(self.env.context, lang=lang))

    @api.model
    def _reason_labels(self):
        """{reason code: label} of the result's ``reason`` selection, in the
        language of the document."""
        env = self._document_env()
        field = env["cciaa.performance.result"]._fields["reason"]
        return dict(field._description_selection(env))

    @api.model
    def _not_available_texts(self):
        """What a figure that is not evaluable prints, by its stored reason:
        "n.d." and the label of the result's ``reason`` selection ("n.d. (Dati
        non ancora disponibili)"); "n.d." alone without a reason or a stored
        figure (keys False and None)."""
        texts = {
            code: f"{formats.NOT_AVAILABLE} ({label})"
            for code, label in self._reason_labels().items()
        }
        texts[False] = texts[None] = formats.NOT_AVAILABLE
        return texts

    def _overrides(self, cycle, by_key):
        """The motivated evaluations the engine applied (confirmed by the SG;
        the latest per objective), with the stored computed and final %."""
        overrides = (
            self.env["cciaa.performance.override"]
            .sudo()
            .search(
                [("cycle_id", "=", cycle.id), ("state", "=", "confirmed")],
                order="date, id",
            )
        )
        latest = {}
        for override in overrides:
            latest[(override.strategic_id or override.operational_id)] = override
        out = []
        for objective, override in latest.items():
            level = "os" if objective._name.endswith("strategic.objective") else "oo"
            result = by_key.get((level, objective.code, ""))
            out.append(
                {
                    "code": objective.code,
                    "title": objective.name,
                    "computed": formats.pct1(result.computed_score)
                    if result and result.evaluable
                    else formats.NOT_AVAILABLE,
                    "score": formats.pct1(result.score)
                    if result and result.evaluable
                    else formats.NOT_AVAILABLE,
                    "motivation": override.motivation or "",
                    "author": override.author or "",
                    # an override loaded after the fact does not carry the
                    # decision's date: print a date only when it is plausible
                    "date": formats.date(override.date)
                    if override.date and override.date.year <= cycle.year + 1
                    else "",
                }
            )
        return sorted(out, key=lambda o: natural_key(o["code"]))

    def _criticita(self, cycle, objectives):
        items = (
            self.env["cciaa.performance.criticita"]
            .sudo()
            .search([("cycle_id", "=", cycle.id)])
        )
        by_code = defaultdict(list)
        for item in items:
            by_code[(item.strategic_id or item.operational_id).code].append(item)
        out = []
        for objective in objectives:
            score = objective["score_raw"]
            found = by_code.get(objective["code"], [])
            if (score is not None and score < 100) or found:
                out.append(
                    {
                        "code": objective["code"],
                        "title": objective["title"],
                        "level": objective["level"],
                        "score": objective["score"],
                        "missed": formats.pct1(shortfall(score))
                        if score is not None
                        else "",
                        "issues": [i.issues for i in found],
                        "actions": [i.actions or "" for i in found],
                        "count": len(found),
                    }
                )
        return out

    @classmethod
    def _status_counts(cls, objectives):
        """Section 3's counts of ``objectives`` (prepared dicts): the engine's
        ``status_counts`` over their stored scores (None when not evaluable:
        counted apart, out of the total and the percentages), and the scores
        of those whose stored status is partial."""
        counts = cls._counts_texts(status_counts([o["score_raw"] for o in objectives]))
        counts["partial_scores"] = ", ".join(
            o["score"] for o in objectives if o["status"] == "partial"
        )
        return counts

    @staticmethod
    def _counts_texts(counts):
        """An engine ``status_counts`` dict with its percentages formatted as
        the document prints them ("100%")."""
        return {
            **counts,
            "pct": {
                key: formats.pct(counts[f"{key}_pct"], 0)
                for key in ("reached", "partial", "not_reached")
            },
        }
