"""The one data provider of every print of a cycle.

``_prepare_cycle`` reads the stored results of one quadrimester (the third, or
the latest with data) and the plan, and returns ONE prepared structure of plain
dicts with every figure already formatted the Italian way; the QWeb PDF of the
Relazione, its XLSX, the unit-sheet and the scheda reports all render it and
compute nothing. ``_prepare`` adds what belongs to a Relazione record
(narrative, context tables, OIV validation) and the pre-validation, which runs
on this same structure.
"""

import datetime
import re
from collections import defaultdict

from lxml import html as lxml_html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import html2plaintext, html_sanitize

from odoo.addons.cciaa_performance.engine.incentive import to_cents
from odoo.addons.cciaa_performance.engine.rounding import round_half_up
from odoo.addons.cciaa_performance.models.incentive_fund import LOCKED_STATES

from . import charts, formats, premium_distribution, prevalidation
from .document_text import (
    CHECK_LABELS,
    COLUMN_LABELS,
    KIND_LABELS,
    MESSAGES,
    STATUS_LABELS,
    TABLE_LABELS,
    WHAT_LABELS,
)
from .staff_tables import (
    DIMENSIONS,
    GENDER_INDICATORS,
    OPTIONAL_KEYS,
    UNKNOWN,
    UNKNOWN_LABEL,
)

# attributes through which wkhtmltopdf would fetch a resource
_REMOTE_ATTRS = ("src", "srcset", "background", "poster", "data", "lowsrc", "dynsrc")
_REMOTE_TAGS = ("link", "iframe", "frame", "object", "embed", "script", "base", "meta")


def _no_remote(html):
    """``html`` (an Html field, sanitized when written) without anything that
    makes wkhtmltopdf load a resource (images, frames, CSS ``url()``) from a
    URL: a narrative printed in the PDF never reaches the network (SSRF).
    Inline ``data:`` images are kept; a text without such content is
    returned as it is."""
    if not html:
        return Markup("")
    root = lxml_html.fragment_fromstring(str(html), create_parent="div")
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in _REMOTE_TAGS:
            element.drop_tree()
            changed = True
            continue
        for attr in list(element.attrib):
            value = (element.attrib[attr] or "").strip().lower()
            if (attr.lower() in _REMOTE_ATTRS and not value.startswith("data:")) or (
                attr.lower() == "style" and ("url(" in value or "import" in value)
            ):
                del element.attrib[attr]
                changed = True
    if not changed:
        return Markup(html)
    body = html_sanitize(lxml_html.tostring(root, encoding="unicode"))
    return Markup(body)


QUARTER_LABELS = {1: "I quadrimestre", 2: "II quadrimestre", 3: "III quadrimestre"}
KIND_ORDER = {"IS": 0, "IO": 1, "FRD": 2}
SECTION_ONE_EXCLUDED_KINDS = ("pseudo", "azienda_speciale")
STATUS_IT = {
    "reached": "raggiunto",
    "partial": "parzialmente raggiunto",
    "not_reached": "non raggiunto",
}
OIV_LETTERS = "ABCDEFGHIJK"
ROLE_LABELS = {"sg": "Segretario Generale", "po": "P.O.", "staff": "personale"}
BSC_LABELS = {
    "imprese": "Imprese, consumatori e territorio",
    "processi": "Processi interni",
    "innovazione": "Innovazione e crescita",
    "economico": "Economico-finanziaria",
}


def bsc_label(keys):
    """ "imprese, economico" -> "Imprese, consumatori e territorio / Economico-..." """
    parts = [k.strip() for k in (keys or "").split(",") if k.strip()]
    return " / ".join(BSC_LABELS.get(p, p) for p in parts)


def natural_key(code):
    """Sort codes the way people read them: 1.2 < 1.10, O2.1.4-a < O2.1.4-b."""
    return [
        int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code or "")
    ]


class ReportRelazione(models.AbstractModel):
    _name = "report.cciaa_performance_report.report_relazione"
    _description = "Relazione sulla performance: data provider"

    @api.model
    def _get_report_values(self, docids, data=None):
        relazioni = self.env["cciaa.performance.relazione"].browse(docids)
        relazioni._check_readable()
        return {
            "doc_ids": docids,
            "doc_model": "cciaa.performance.relazione",
            "docs": relazioni,
            "reports": [self._prepare(relazione) for relazione in relazioni],
            "toc_pages": (data or {}).get("toc_pages") or {},
        }

    # -- the Relazione -------------------------------------------------------

    @api.model
    def _prepare(self, relazione, quarter=None):
        data = self._prepare_cycle(relazione.cycle_id, quarter or relazione.quarter)
        data.update(self._prepare_relazione(relazione, data))
        data["checks"] = self._prepare_checks(
            self._prevalidation_facts(relazione, data)
        )
        data["checks_by_letter"] = defaultdict(list)
        for check in data["checks"]:
            data["checks_by_letter"][check["letter"]].append(check)
        data["toc"] = self._toc(data)
        return data

    def _prepare_relazione(self, relazione, data):
        company = relazione.company_id
        sections = {
            key: _no_remote(relazione[f"section_{key}"])
            for key in relazione._section_keys()
        }
        delibera = ""
        if relazione.delibera_number and relazione.delibera_date:
            delibera = (
                f"Allegato alla deliberazione di Giunta camerale n. "
                f"{relazione.delibera_number} del "
                f"{formats.date(relazione.delibera_date)}"
            )
        return {
            "relazione": relazione,
            "company_name": company.name,
            "title": f"La Relazione sulla performance {relazione.year}",
            "delibera": delibera,
            "document_date": formats.date(
                relazione.delibera_date or relazione.create_date.date()
            ),
            "president": relazione.president_name or "",
            "secretary": relazione.secretary_name or "",
            "state": relazione.state,
            "sections": sections,
            "staff": self._prepare_staff(relazione),
            "budget": self._prepare_budget(relazione),
            "gender": self._prepare_gender(relazione),
            "phases": [
                {
                    "name": phase.name,
                    "date": phase.date_text
                    or self._date_range(phase.date_from, phase.date_to),
                    "description": phase.description or "",
                    "owners": phase.owners or "",
                }
                for phase in relazione.phase_ids.sorted("sequence")
            ],
            "oiv": self._prepare_oiv(relazione),
            "plan_period": f"{relazione.year}-{relazione.year + 2}",
        }

    @staticmethod
    def _date_range(date_from, date_to):
        if date_from and date_to and date_from != date_to:
            return f"dal {formats.date(date_from)} al {formats.date(date_to)}"
        day = date_from or date_to
        return formats.date(day) if day else ""

    def _prepare_staff(self, relazione):
        lines = relazione.staff_line_ids
        years = sorted({line.year for line in lines}, reverse=True)
        headcount = {
            line.year: line.count for line in lines if line.dimension == "headcount"
        }
        tables = []
        for dimension, title, bands in DIMENSIONS:
            counts = defaultdict(dict)
            for line in lines.filtered(lambda rec, d=dimension: rec.dimension == d):
                counts[line.key][line.year] = line.count
            rows = []
            for key, label in [*bands, (UNKNOWN, UNKNOWN_LABEL)]:
                values = [counts.get(key, {}).get(year, 0) for year in years]
                optional = key == UNKNOWN or (dimension, key) in OPTIONAL_KEYS
                if optional and not any(values):
                    continue
                rows.append({"label": label, "values": values})
            totals = [
                sum(counts.get(key, {}).get(year, 0) for key in counts)
                for year in years
            ]
            tables.append(
                {"dimension": dimension, "title": title, "rows": rows, "totals": totals}
            )
        return {
            "years": years,
            "tables": tables if lines else [],
            "headcount": [headcount.get(year) for year in years],
        }

    def _prepare_budget(self, relazione):
        lines = relazione.budget_line_ids.sorted("sequence")
        columns = ("preventivo", "aggiornato", "consuntivo")
        sections = []
        totals = {}
        for section, title, total_label in (
            ("proventi", "A) Proventi correnti", "Totale proventi correnti (A)"),
            ("oneri", "B) Oneri correnti", "Totale oneri correnti (B)"),
        ):
            rows = lines.filtered(
                lambda b, s=section: b.section == s and not b.is_declared_total
            )
            sums = {c: round(sum(rows.mapped(c)), 2) for c in columns}
            totals[section] = sums
            sections.append(
                {
                    "title": title,
                    "rows": [
                        {
                            "name": row.name,
                            "values": [formats.amount(row[c]) for c in columns],
                        }
                        for row in rows
                    ],
                    "total_label": total_label,
                    "total": [formats.amount(sums[c]) for c in columns],
                }
            )
        result = [
            formats.amount(totals["proventi"][c] + totals["oneri"][c]) for c in columns
        ]
        return {
            "available": bool(lines),
            "year": relazione.year,
            "sections": sections,
            "result": result,
            "raw": [
                {
                    "name": b.name,
                    "section": b.section,
                    "declared": b.is_declared_total,
                    "values": {c: b[c] for c in columns},
                }
                for b in lines
            ],
        }

    def _prepare_gender(self, relazione):
        lines = relazione.gender_line_ids
        years = sorted({line.year for line in lines})
        values = {(line.indicator, line.year): line for line in lines}
        rows = []
        for key, label, unit, _computable in GENDER_INDICATORS:
            cells = []
            for year in years:
                line = values.get((key, year))
                if not line or line.value is False:
                    cells.append("n.d.")
                elif line.no_data:
                    cells.append("—")
                elif unit == "percent":
                    cells.append(formats.pct(line.value, 1))
                elif unit == "amount":
                    cells.append(formats.amount(line.value))
                else:
                    cells.append(formats.decimal(line.value, 1))
            rows.append({"label": label, "values": cells})
        entered = sorted(
            {
                line.year
                for line in lines
                if line.source == "entered"
                and line.indicator not in ("pay_female", "pay_male")
            }
        )
        return {
            "years": years,
            "rows": rows if lines else [],
            "entered_years": ", ".join(str(y) for y in entered),
        }

    def _prepare_oiv(self, relazione):
        validation = relazione.sudo().validation_id
        items = []
        for item in validation.item_ids.sorted("letter"):
            items.append(
                {
                    "letter": item.letter,
                    "text": item.name,
                    "evidence": item.evidence or "",
                    "outcome": dict(item._fields["outcome"].selection).get(
                        item.outcome, ""
                    )
                    if item.outcome
                    else "",
                }
            )
        outcome = {
            "valida": "VALIDA",
            "non_valida": "NON VALIDA",
            "valida_osservazioni": "VALIDA CON OSSERVAZIONI",
        }.get(validation.outcome or "", "")
        return {
            "done": validation.state == "done",
            "items": items,
            "outcome": outcome,
            # plain text of the OIV: escaped by t-out, never markup
            "observations": validation.observations or "",
            "date": formats.date(validation.date) if validation.date else "",
            "signatory": validation.signatory or "",
            "transmitted_by": relazione.transmitted_by or "",
            "transmission_date": formats.date(relazione.transmission_date)
            if relazione.transmission_date
            else "",
        }

    def _toc(self, data):
        toc = [
            ("premessa", "Premessa"),
            ("s1", "1. I principali risultati raggiunti"),
            ("s2", "2. Analisi del contesto e delle risorse"),
            ("s21", "2.1 Il contesto esterno di riferimento"),
            ("s22", "2.2 L'amministrazione"),
            ("s3", "3. Rendicontazione della performance organizzativa"),
            ("s3r", "I risultati raggiunti"),
            ("s3c", "Le criticità e le opportunità"),
            ("s30", "3.0 Albero della performance"),
            ("s31", "3.1 Rendicontazione degli obiettivi strategici triennali"),
            ("s32", "3.2 Rendicontazione degli obiettivi operativi annuali"),
            ("s3u", "Schede delle unità organizzative"),
            ("s33", "3.3 Valutazione complessiva della performance organizzativa"),
            ("s34", "3.4 Bilancio di genere"),
            ("s4", "4. Rendicontazione degli obiettivi individuali"),
            ("s5", "5. Il processo di misurazione e valutazione"),
            ("s51", "5.1 Fasi, soggetti, tempi e responsabilità"),
            ("s52", "5.2 Punti di forza e di debolezza del ciclo della performance"),
            ("a1", "Allegato 1 – Validazione della Relazione"),
            ("a2", "Allegato 2 – Pre-validazione automatica"),
        ]
        return [
            {
                "anchor": a,
                "title": t,
                "sub": (a[1:].isdigit() and len(a) > 2) or a in ("s3r", "s3c", "s3u"),
            }
            for a, t in toc
        ]

    # -- the cycle: every figure ---------------------------------------------

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
        unit_by_code = {u.cciaa_code: u for u in units}

        def objective(record, level):
            result = by_key.get((level, record.code, ""))
            return self._objective_dict(record, level, result)

        areas = []
        tree_rows = []
        strategic_rows = []
        operational_rows = []
        all_os, all_oo, all_indicators = [], [], []
        ente = (
            by_key.get(("ente", "ENTE", ""))
            or results.filtered(lambda r: r.level == "ente")[:1]
        )
        ente_dict = self._objective_dict(None, "ente", ente)
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
                    "score": formats.pct(is_total.score)
                    if is_total
                    else formats.NOT_AVAILABLE,
                    "score_raw": is_total.score if is_total else None,
                }
                tree_rows += [{**os_dict, "row": "OS"}, is_total_dict]
                strategic_rows += [{**os_dict, "row": "OS"}, is_total_dict]
                operational_rows.append({**os_dict, "row": "OS"})
                for indicator in os_.indicator_ids.sorted(
                    lambda i: natural_key(i.code)
                ):
                    ind = self._indicator_dict(indicator, by_key, targets)
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
                        ind = self._indicator_dict(indicator, by_key, targets)
                        all_indicators.append(ind)
                        tree_rows.append({**ind, "row": indicator.kind})
                        operational_rows.append({**ind, "row": indicator.kind})

        unit_sheets = self._unit_sheets(
            cycle, results, by_key, targets, unit_by_code, quarter
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
        data["individual"] = self._prepare_individual(cycle, by_key)
        data["incentive"] = self._prepare_incentive(cycle)
        return data

    @api.model
    def _objective_dict(self, record, level, result):
        score = result.score if result else None
        weight = (
            result.weight
            if result and result.weight
            else (record.weight if record else 0)
        )
        dict_ = {
            "level": level,
            "code": record.code if record else "",
            "title": record.name if record else "",
            "score": formats.pct1(score),
            "score_2d": formats.pct(score, 2),
            "score_raw": score,
            "computed_score": formats.pct1(result.computed_score) if result else "",
            "has_result": bool(result),
            "evaluable": bool(result and result.evaluable),
            "reason": result.reason if result else False,
            "status": result.status if result else False,
            "status_label": STATUS_IT.get(result.status, "") if result else "",
            "overridden": bool(result and result.overridden),
            "override_motivation": result.override_motivation or "" if result else "",
            "weight": formats.number(weight) if weight else "",
            "weight_raw": weight or 0.0,
            "share_parent": formats.pct1(result.share_parent) if result else "",
            "share_ente": formats.pct1(result.share_ente) if result else "",
            "share_parent_raw": result.share_parent if result else None,
            "share_ente_raw": result.share_ente if result else None,
            "program": "",
            "units": "",
            "bsc": "",
        }
        if record is not None and level in ("area",):
            dict_["program"] = record.mission_programs or ""
            dict_["bsc"] = bsc_label(record.bsc_perspectives)
        if record is not None and level in ("os", "oo"):
            dict_["program"] = record.pira_code or ""
            dict_["bsc"] = bsc_label(record.bsc_perspectives)
            dict_["units"] = ", ".join(
                sorted(
                    record.department_ids.mapped(lambda d: d.cciaa_code or d.name),
                    key=natural_key,
                )
            )
        return dict_

    @api.model
    def _indicator_dict(self, indicator, by_key, targets):
        result = by_key.get(("indicator", indicator.code, ""))
        percent = (
            bool(indicator.is_percent)
            if "is_percent" in indicator._fields
            else (indicator.measure == "ratio")
        )
        value = None
        if result:
            value = (
                result.result_date
                if indicator.measure == "date"
                else result.result_value
            )
            if indicator.measure == "date" and not value:
                value = result.result_value or None
        target = targets.get(indicator.id)
        return {
            "level": "indicator",
            "kind": indicator.kind,
            "code": indicator.code,
            "title": indicator.name,
            "algorithm": indicator.algorithm or "",
            "measure": indicator.measure,
            "comparator": indicator.comparator,
            "is_percent": percent,
            "result": formats.value(value, percent)
            if result and result.evaluable
            else formats.NOT_AVAILABLE,
            "result_raw": value,
            "target": formats.target(target, percent),
            "target_raw": target,
            "achievement": formats.pct(result.achievement)
            if result and result.evaluable
            else formats.NOT_AVAILABLE,
            "achievement_raw": result.achievement if result else None,
            "score": formats.pct(result.score)
            if result and result.evaluable
            else formats.NOT_AVAILABLE,
            "score_raw": result.score if result else None,
            "has_result": bool(result),
            "evaluable": bool(result and result.evaluable),
            "reason": result.reason if result else False,
            "units": ", ".join(
                sorted(
                    indicator.department_ids.mapped(lambda d: d.cciaa_code or d.name),
                    key=natural_key,
                )
            ),
            "most_significant": indicator.most_significant,
            "frd": indicator.kind == "FRD",
            "parameters": [
                p for p in (indicator.parameter_1, indicator.parameter_2) if p
            ],
        }

    def _unit_sheets(self, cycle, results, by_key, targets, unit_by_code, quarter):
        """One sheet per unit with stored rows: the rows with their values per
        quadrimester (from the measurements) and the unit result."""
        measurements = (
            self.env["cciaa.performance.measurement"]
            .sudo()
            .search_read(
                [("cycle_id", "=", cycle.id)],
                [
                    "indicator_id",
                    "department_id",
                    "quarter",
                    "parameter",
                    "value",
                    "date_value",
                ],
                load=None,
            )
        )
        unit_code_by_id = {u.id: code for code, u in unit_by_code.items()}
        cells = defaultdict(lambda: defaultdict(dict))
        for m in measurements:
            unit = unit_code_by_id.get(m["department_id"])
            cells[(m["indicator_id"], unit)][int(m["parameter"])][int(m["quarter"])] = (
                m["date_value"] or m["value"]
            )
        rows_by_unit = defaultdict(list)
        for result in results:
            if result.level == "row" and result.indicator_id:
                rows_by_unit[result.unit_code].append(result)
        sheets = []
        for code, rows in rows_by_unit.items():
            unit = unit_by_code.get(code)
            unit_result = by_key.get(("unit", code, code))
            sheet_rows = []
            for row in sorted(
                rows,
                key=lambda r: (
                    KIND_ORDER.get(r.indicator_id.kind, 9),
                    natural_key(r.code),
                ),
            ):
                indicator = row.indicator_id
                ind = self._indicator_dict(
                    indicator, {("indicator", row.code, ""): row}, targets
                )
                params = []
                names = (
                    [indicator.parameter_1, indicator.parameter_2]
                    if (indicator.measure == "ratio")
                    else [indicator.parameter_1]
                )
                for number, name in enumerate(names, start=1):
                    values = cells.get((indicator.id, code), {}).get(number, {})
                    total = self._parameter_total(indicator.measure, values, quarter)
                    params.append(
                        {
                            "name": name or "",
                            "quarters": [
                                formats.value(values[q]) if q in values else ""
                                for q in range(1, quarter + 1)
                            ],
                            "quarters_raw": [
                                values.get(q) for q in range(1, quarter + 1)
                            ],
                            "total": formats.value(total) if total is not None else "",
                            "total_raw": total,
                        }
                    )
                if not params:
                    params = [
                        {
                            "name": "",
                            "quarters": [""] * quarter,
                            "total": "",
                            "quarters_raw": [None] * quarter,
                            "total_raw": None,
                        }
                    ]
                ind["params"] = params
                ind["rowspan"] = len(params)
                sheet_rows.append(ind)
            sheets.append(
                {
                    "code": code,
                    "name": unit.name if unit else code,
                    "kind": unit.cciaa_kind if unit else "pseudo",
                    "score": formats.pct(unit_result.score)
                    if unit_result
                    else formats.NOT_AVAILABLE,
                    "score_raw": unit_result.score if unit_result else None,
                    "department_id": unit.id if unit else False,
                    "rows": sheet_rows,
                }
            )
        kind_order = {
            "sg": 0,
            "area": 1,
            "servizio": 2,
            "ufficio": 2,
            "azienda_speciale": 3,
            "pseudo": 4,
        }
        sheets.sort(
            key=lambda s: (kind_order.get(s["kind"], 5), natural_key(s["code"]))
        )
        return sheets

    @staticmethod
    def _parameter_total(measure, values, quarter):
        """The "TOT / MEDIA anno" column of a unit sheet: what the engine
        aggregated (sum for ratios and counts, mean for averages, the date)."""
        reported = [values[q] for q in range(1, quarter + 1) if q in values]
        if not reported:
            return None
        if measure == "date":
            dates = [v for v in reported if isinstance(v, datetime.date)]
            return min(dates) if dates else None
        numbers = [v for v in reported if isinstance(v, (int, float))]
        if not numbers:
            return None
        if measure == "average":
            return round_half_up(sum(numbers) / len(numbers), 2)
        if measure == "value":
            return numbers[-1]
        return round_half_up(sum(numbers), 2)

    def _overrides(self, cycle, by_key):
        overrides = (
            self.env["cciaa.performance.override"]
            .sudo()
            .search([("cycle_id", "=", cycle.id)], order="date, id")
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
                    "computed": formats.pct1(result.computed_score) if result else "",
                    "score": formats.pct1(override.value),
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
                        "missed": formats.pct1(100 - score)
                        if score is not None
                        else "",
                        "issues": [i.issues for i in found],
                        "actions": [i.actions or "" for i in found],
                        "count": len(found),
                    }
                )
        return out

    @staticmethod
    def _status_counts(objectives):
        total = len(objectives)
        counts = {"reached": 0, "partial": 0, "not_reached": 0}
        partial_scores = []
        for objective in objectives:
            if objective["status"] in counts:
                counts[objective["status"]] += 1
            if objective["status"] == "partial":
                partial_scores.append(objective["score"])
        return {
            "total": total,
            **counts,
            "partial_scores": ", ".join(partial_scores),
            "pct": {
                k: formats.pct(v * 100.0 / total, 1) if total else "0,0%"
                for k, v in counts.items()
            },
        }

    # -- individual objectives and incentive pay (other addon's models) -------

    def _prepare_individual(self, cycle, by_key):
        """Section 4 as the public document prints it: the objectives of the
        Segretario Generale and of each P.O. under their role and Servizio,
        and the counts reached / partially / not reached. Never a name, a
        matricola nor a person's overall score (the named schede are for the
        person's own print, ``_individual_schede``); the staff's objectives
        are only counted, as the 2019 document does."""
        if "cciaa.performance.scheda" not in self.env:
            return {"available": False, "sg": [], "po": [], "rows": []}
        schede = self._individual_schede(cycle, by_key)
        by_category = defaultdict(list)
        for scheda in schede:
            by_category[scheda["category"]].append(scheda)
        staff = [s for s in schede if s["category"] not in ("sg", "po")]
        return {
            "available": True,
            "sg": self._position_tables(by_category["sg"]),
            "po": self._position_tables(by_category["po"]),
            "counts_sg": self._row_counts(
                [r for s in by_category["sg"] for r in s["rows"]]
            ),
            "counts_po": self._row_counts(
                [r for s in by_category["po"] for r in s["rows"]]
            ),
            "counts_staff": self._row_counts([r for s in staff for r in s["rows"]]),
            "staff_schede": len(staff),
            # what the pre-validation reads: a scheda by its reference, not its name
            "rows": [
                {"scheda": s["reference"], "code": row["code"], "unit": row["unit"]}
                for s in schede
                for row in s["rows"]
            ],
        }

    @staticmethod
    def _position_tables(schede):
        """The printed tables of ``schede``: heading by position, the rows."""
        return [
            {"heading": s["position"], "rows": s["rows"]}
            for s in sorted(schede, key=lambda s: natural_key(s["position_code"]))
        ]

    def _individual_schede(self, cycle, by_key):
        """Every scheda of ``cycle`` with its rows, named: only for the print
        of one person's own scheda (report_scheda), never for the Relazione."""
        if "cciaa.performance.scheda" not in self.env:
            return []
        Scheda = self.env["cciaa.performance.scheda"].sudo()
        domain = [("cycle_id", "=", cycle.id)] if "cycle_id" in Scheda._fields else []
        schede = Scheda.search(domain)
        line_field = self._scheda_line_field(Scheda)
        out = []
        for scheda in schede:
            employee = scheda.employee_id if "employee_id" in scheda._fields else False
            category = self._scheda_category(scheda, employee)
            rows = [
                self._scheda_row(line, by_key)
                for line in (scheda[line_field] if line_field else [])
            ]
            unit = (
                self._headed_unit(employee, cycle.year)
                if employee and category == "po"
                else None
            )
            out.append(
                {
                    "name": employee.name if employee else scheda.display_name,
                    "category": category,
                    "position": self._scheda_position(scheda, category, unit),
                    "position_code": (unit.cciaa_code or "") if unit else "",
                    "reference": self._scheda_reference(scheda, category, unit),
                    "score": formats.pct(
                        self._first(scheda, ("results_score", "final_score", "score"))
                    ),
                    "rows": rows,
                    "counts": self._row_counts(rows),
                    "scheda_id": scheda.id,
                    "employee_id": employee.id if employee else False,
                }
            )
        order = {"sg": 0, "po": 1}
        out.sort(key=lambda s: (order.get(s["category"], 2), s["name"] or ""))
        return out

    def _scheda_row(self, line, by_key):
        indicator = line.indicator_id if "indicator_id" in line._fields else False
        unit = line.department_id if "department_id" in line._fields else False
        code = (
            indicator.code
            if indicator
            else (line.code if "code" in line._fields else "") or ""
        )
        score = self._first(line, ("score", "parametrata", "achievement_capped"))
        if "evaluable" in line._fields and not line.evaluable:
            score = None
        return {
            "code": code,
            "title": self._first(line, ("name", "title"))
            or (indicator.name if indicator else ""),
            "algorithm": self._first(line, ("algorithm",))
            or (indicator.algorithm if indicator else "")
            or "",
            "unit": unit.cciaa_code if unit else "",
            "result": self._line_value(
                line, ("result_display", "result"), by_key, indicator, unit
            ),
            "target": self._first(line, ("target_display", "target")) or "",
            "achievement": formats.pct(self._first(line, ("achievement",))),
            "score": formats.pct(score),
            "score_raw": score,
            "status": self._status(score),
        }

    @staticmethod
    def _scheda_reference(scheda, category, unit):
        """How the pre-validation names a scheda: number and role, no name."""
        role = ROLE_LABELS.get(category, ROLE_LABELS["staff"])
        if unit and unit.cciaa_code:
            role = f"{role} {unit.cciaa_code}"
        return f"scheda n. {scheda.id} ({role})"

    @staticmethod
    def _scheda_position(scheda, category, unit):
        """The printed heading of a scheda by role: the 2019 document heads the
        S.G.'s table "Obiettivi del S.G." and each P.O.'s by the Servizio it
        heads ("PO 2 – Servizio Registro Imprese")."""
        if category == "sg":
            return "Obiettivi del S.G."
        if category != "po":
            return "Personale"
        if not unit:
            return f"P.O. – scheda n. {scheda.id}"
        if unit.cciaa_code:
            return f"P.O. {unit.cciaa_code} – {unit.name}"
        return f"P.O. – {unit.name}"

    def _headed_unit(self, employee, year):
        """The unit ``employee`` heads at the end of ``year`` (or last headed):
        a Servizio before an Area or an Ufficio."""
        units = (
            self.env["hr.department"]
            .sudo()
            .with_context(active_test=False)
            .search([("manager_id", "=", employee.id)])
        )
        end = datetime.date(year, 12, 31)
        current = units.filtered(
            lambda u: (
                (not u.cciaa_date_from or u.cciaa_date_from <= end)
                and (not u.cciaa_date_to or u.cciaa_date_to >= end)
            )
        )
        kinds = {"servizio": 0, "area": 1, "ufficio": 2}
        return (current or units).sorted(
            lambda u: (
                kinds.get(u.cciaa_kind, 3),
                -(u.cciaa_date_to or end).toordinal(),
                natural_key(u.cciaa_code),
            )
        )[:1]

    @staticmethod
    def _scheda_line_field(model):
        for name, field in model._fields.items():
            if field.type == "one2many" and (
                "indicator_id" in model.env[field.comodel_name]._fields
            ):
                return name
        return None

    @staticmethod
    def _scheda_category(scheda, employee):
        for name in ("category", "role", "evaluation_category"):
            if name in scheda._fields and scheda[name]:
                return scheda[name]
        return employee.cciaa_role if employee else False

    @staticmethod
    def _first(record, names):
        for name in names:
            if name in record._fields:
                value = record[name]
                if isinstance(value, models.BaseModel):
                    value = value.display_name
                return value
        return None

    def _line_value(self, line, names, by_key, indicator, unit):
        for name in names:
            if name in line._fields and line[name] not in (False, None):
                value = line[name]
                return value if isinstance(value, str) else formats.value(value)
        if indicator:
            result = by_key.get(
                ("row", indicator.code, unit.cciaa_code if unit else "")
            ) or (by_key.get(("indicator", indicator.code, "")))
            if result:
                return formats.value(
                    result.result_date or result.result_value,
                    getattr(indicator, "is_percent", False),
                )
        return ""

    @staticmethod
    def _status(score):
        if score is None:
            return ""
        return (
            "reached" if score >= 100 else ("partial" if score > 0 else "not_reached")
        )

    @staticmethod
    def _row_counts(rows):
        total = len(rows)
        counts = {"reached": 0, "partial": 0, "not_reached": 0}
        for row in rows:
            if row["status"] in counts:
                counts[row["status"]] += 1
        return {
            "total": total,
            **counts,
            "pct": {
                k: formats.pct(v * 100.0 / total, 0) if total else "0%"
                for k, v in counts.items()
            },
        }

    def _prepare_incentive(self, cycle):
        """The premiums of the cycle in aggregated form (art. 20 D.Lgs.
        33/2013), from the confirmed or paid allocations of its funds only: a
        simulation is not a premium, and no row names anybody."""
        model = "cciaa.performance.incentive.fund"
        funds = (
            self.env[model]
            .sudo()
            .search([("cycle_id", "=", cycle.id), ("state", "in", LOCKED_STATES)])
            if model in self.env
            else []
        )
        allocations = [
            {
                "category": a.category or "",
                "band": a.band,
                "total": to_cents(a.total_amount),
                "maggiorazione": to_cents(a.maggiorazione_amount),
                "selected": a.selected,
            }
            for fund in funds
            for a in fund.allocation_ids
        ]
        categories = next(bands for key, _t, bands in DIMENSIONS if key == "category")
        return premium_distribution.distribution(
            allocations,
            categories,
            sum(to_cents(f.amount) for f in funds),
            sum(to_cents(f.undistributed_amount) for f in funds),
        )

    # -- pre-validation -------------------------------------------------------

    @api.model
    def _prevalidation_facts(self, relazione, data):
        """What the checks of ``prevalidation`` read, taken from the prepared
        structure (and, for what it does not print, from the plan)."""
        cycle = data["cycle"]
        nodes = []
        for objective in data["areas"] + data["objectives_os"] + data["objectives_oo"]:
            nodes.append(
                {
                    "kind": objective["level"],
                    "code": objective["code"],
                    "title": objective["title"],
                    "has_result": objective["has_result"],
                    "evaluable": objective["evaluable"],
                    "reason": objective["reason"],
                    "score": objective["score_raw"],
                    "criticita": next(
                        (
                            c["count"]
                            for c in data["criticita"]
                            if c["code"] == objective["code"]
                        ),
                        0,
                    ),
                }
            )
        for indicator in data["indicators"]:
            nodes.append(
                {
                    "kind": "indicator",
                    "code": indicator["code"],
                    "title": indicator["title"],
                    "has_result": indicator["has_result"],
                    "evaluable": indicator["evaluable"],
                    "reason": indicator["reason"],
                    "score": indicator["score_raw"],
                    "measure": indicator["measure"],
                    "comparator": indicator["comparator"],
                    "is_percent": indicator["is_percent"],
                    "target": indicator["target_raw"],
                    "algorithm": indicator["algorithm"],
                    "criticita": 0,
                }
            )
        indicators = {i["code"]: i for i in data["indicators"]}
        results = []
        for result in data["results"]:
            indicator = (
                indicators.get(result.code)
                if result.level in ("row", "indicator")
                else None
            )
            text = f"{indicator['title']} {indicator['algorithm']}" if indicator else ""
            results.append(
                {
                    "level": result.level,
                    "code": result.code,
                    "unit": result.unit_code or "",
                    "score": result.score,
                    "achievement": result.achievement,
                    "share_parent": result.share_parent,
                    "share_ente": result.share_ente,
                    "result_value": result.result_value,
                    "result_date": result.result_date,
                    "measure": indicator["measure"] if indicator else None,
                    "is_percent": indicator["is_percent"] if indicator else False,
                    "date_like": bool(re.search(r"\bdata\b|\bentro il\b", text, re.I)),
                    "overridden": result.overridden,
                    "motivation": result.override_motivation,
                }
            )
        weight_groups = []
        for records in (
            cycle.area_ids,
            cycle.strategic_ids,
            cycle.operational_ids,
            cycle.indicator_ids,
        ):
            for siblings in records._sibling_groups():
                weight_groups.append(
                    {
                        "codes": siblings.mapped("code"),
                        "weights": siblings.mapped("weight"),
                    }
                )
        rollups = []
        ente = data["ente"]
        rollups.append(
            {
                "code": "ENTE",
                "score": ente["score_raw"],
                "children": [(a["score_raw"], a["weight_raw"]) for a in data["areas"]],
            }
        )
        for area in data["areas"]:
            rollups.append(
                {
                    "code": area["code"],
                    "score": area["score_raw"],
                    "overridden": area["overridden"],
                    "children": [(o["score_raw"], o["weight_raw"]) for o in area["os"]],
                }
            )
        section_pairs = [("Ente", data["section1"]["ente"], ente["score"])]
        for area, s1 in zip(data["areas"], data["section1"]["areas"], strict=False):
            section_pairs.append((area["code"], s1["score"], area["score"]))
        sheets = {s["code"]: s for s in data["unit_sheets"]}
        for unit in data["section1"]["units"]:
            sheet = sheets.get(unit["code"])
            section_pairs.append(
                (
                    unit["code"],
                    unit["score"],
                    sheet["score"] if sheet else formats.NOT_AVAILABLE,
                )
            )
        for item in data["section1"]["most_significant"]:
            section_pairs.append(
                (item["code"], item["score"], indicators[item["code"]]["score"])
            )
        narrative = []
        if relazione:
            for key, label in relazione._section_labels():
                narrative.append(
                    (label, html2plaintext(relazione[f"section_{key}"] or ""))
                )
        indicator_texts = []
        for indicator in data["indicators"]:
            indicator_texts.append((indicator["code"], indicator["title"]))
            indicator_texts.append((indicator["code"], indicator["algorithm"]))
        measurement_dates = [
            {
                "code": m.indicator_id.code,
                "unit": m.department_id.cciaa_code or "",
                "date": m.date_value,
            }
            for m in self.env["cciaa.performance.measurement"]
            .sudo()
            .search([("cycle_id", "=", cycle.id), ("date_value", "!=", False)])
        ]
        staff = None
        if relazione and relazione.staff_line_ids:
            staff = {"headcount": {}}
            for line in relazione.staff_line_ids:
                if line.dimension == "headcount":
                    staff["headcount"][line.year] = line.count
                else:
                    staff.setdefault(line.dimension, {}).setdefault(line.year, {})[
                        line.key
                    ] = line.count
        return {
            "year": cycle.year,
            "periods": 3,
            "nodes": nodes,
            "results": results,
            "overrides": [
                {"code": o["code"], "motivation": o["motivation"]}
                for o in data["overrides"]
            ],
            "weight_groups": weight_groups,
            "rollups": rollups,
            "section_pairs": section_pairs,
            "staff": staff,
            "budget": data.get("budget", {}).get("raw", []),
            "narrative": narrative,
            "indicator_texts": indicator_texts,
            "measurements": measurement_dates,
            "individual_rows": data["individual"]["rows"]
            if data["individual"]["available"]
            else None,
        }

    @api.model
    def _prepare_checks(self, facts):
        checks = prevalidation.run_checks(facts)
        for check in checks:
            check["label"] = CHECK_LABELS[check["code"]]
            check["status_label"] = STATUS_LABELS[check["status"]]
            check["messages"] = [
                self._finding_text(code, params, MESSAGES)
                for code, params in check["findings"]
            ]
            check["more"] = max(0, len(check["messages"]) - 25)
        return checks

    @api.model
    def _finding_text(self, code, params, messages):
        values = formats.finding_params(params)
        if "kind" in values:
            values["kind"] = KIND_LABELS.get(values["kind"], values["kind"])
        if "what" in values:
            values["what"] = WHAT_LABELS.get(values["what"], values["what"])
        if "table" in values:
            values["table"] = TABLE_LABELS.get(values["table"], values["table"])
        if "column" in values:
            values["column"] = COLUMN_LABELS.get(values["column"], values["column"])
        if code == "share_out_of_range" or code == "date_as_number":
            values["value"] = formats.number(params["value"])
            if code == "share_out_of_range":
                values["value"] = formats.pct(params["value"])
        if code in ("budget_total",):
            values["declared"] = formats.amount(params["declared"])
            values["sum"] = formats.amount(params["sum"])
        if code == "algorithm_target" and params.get("percent"):
            values["target"] = f"{values['target']}%"
        text = messages[code] % values
        if code == "date_as_number" and params.get("date"):
            text += f" ({formats.date(params['date'])})"
        return text
