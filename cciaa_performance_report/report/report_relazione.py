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

from odoo.addons.cciaa_performance.engine import shortfall, status_counts
from odoo.addons.cciaa_performance.engine.incentive import to_cents
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
DOCUMENT_LANG = "it_IT"  # the Relazione is an Italian public document
# the rules of the engine that turn quadrimester values into a row result
# (cciaa_performance/engine/measures.py): their step of a row explanation
# holds the yearly totals the unit sheets print
MEASURE_RULES = (
    "ratio_pooled",
    "count_sum",
    "average_mean",
    "date_completion",
    "value_latest",
)
# reasons after which the measure step holds no total: nothing was reported,
# or a value of the wrong type stopped the computation
NO_TOTAL_REASONS = ("no_data", "bad_value")
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


def measure_inputs(explanation):
    """The inputs of the measure step (one of ``MEASURE_RULES``) of a stored
    row explanation, as a dict: the explanation of a row is the chain result
    → achievement → parametrata (or ``not_evaluable`` with the steps done), so
    the step is found among the steps. Empty when there is none."""
    pending = [explanation] if isinstance(explanation, dict) else []
    while pending:
        node = pending.pop()
        if node.get("rule") in MEASURE_RULES:
            return {label: value for label, value in node.get("inputs") or ()}
        pending.extend(step for step in node.get("steps") or () if step)
    return {}


def stored_date(text):
    """A date of a stored explanation, written as ``dd/mm/yyyy``
    (cciaa_performance/models/explanation.py, ``explanation_dict``), back to
    a date; None when it is not one."""
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except (TypeError, ValueError):
        return None


def row_totals(result, measure):
    """The "TOT / MEDIA anno" of a unit-sheet row, one per parameter, as the
    engine recorded them in the stored row result: Σ numerators and Σ
    denominators of a ratio, the sum of a count, the mean of an average (the
    row result), the completion date, the latest value. None where the engine
    has no total (nothing reported, a wrong value, no stored row)."""
    params = 2 if measure == "ratio" else 1
    if not result or result.reason in NO_TOTAL_REASONS:
        return [None] * params
    inputs = measure_inputs(result.explanation)
    if measure == "ratio":
        return [inputs.get("numerator_sum"), inputs.get("denominator_sum")]
    if measure == "count":
        return [inputs.get("sum")]
    if measure == "average":
        # the engine's mean is the row result itself (its inputs: sum, values)
        return [result.result_value if "sum" in inputs else None]
    if measure == "date":
        return [stored_date(inputs.get("completion_date"))]
    return [inputs.get("value")]


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
            return self._objective_dict(record, level, result, na)

        areas = []
        tree_rows = []
        strategic_rows = []
        operational_rows = []
        all_os, all_oo, all_indicators = [], [], []
        ente = (
            by_key.get(("ente", "ENTE", ""))
            or results.filtered(lambda r: r.level == "ente")[:1]
        )
        ente_dict = self._objective_dict(None, "ente", ente, na)
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

    @staticmethod
    def _score_texts(result, na, fmt=formats.pct1):
        """The printed score of a stored roll-up figure and its raw value:
        the stored score when evaluable, otherwise "n.d." with the reason and
        no raw value (a figure that is not evaluable is stored as 0.0)."""
        if result and result.evaluable:
            return {"score": fmt(result.score), "score_raw": result.score}
        return {"score": na[result.reason if result else None], "score_raw": None}

    @api.model
    def _objective_dict(self, record, level, result, na):
        evaluable = bool(result and result.evaluable)
        weight = (
            result.weight
            if result and result.weight
            else (record.weight if record else 0)
        )
        scores = self._score_texts(result, na)
        dict_ = {
            "level": level,
            "code": record.code if record else "",
            "title": record.name if record else "",
            **scores,
            "score_2d": self._score_texts(result, na, formats.pct)["score"],
            "computed_score": formats.pct1(result.computed_score) if evaluable else "",
            "has_result": bool(result),
            "evaluable": evaluable,
            "reason": result.reason if result else False,
            "status": result.status if evaluable else False,
            "status_label": STATUS_IT.get(result.status, "") if evaluable else "",
            "overridden": bool(result and result.overridden),
            "override_motivation": result.override_motivation or "" if result else "",
            "weight": formats.number(weight) if weight else "",
            "weight_raw": weight or 0.0,
            "share_parent": formats.pct1(result.share_parent)
            if evaluable
            else formats.NOT_AVAILABLE,
            "share_ente": formats.pct1(result.share_ente)
            if evaluable
            else formats.NOT_AVAILABLE,
            "share_parent_raw": result.share_parent if evaluable else None,
            "share_ente_raw": result.share_ente if evaluable else None,
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
    def _indicator_dict(self, indicator, by_key, targets, na):
        """An indicator as stored (``by_key`` may hold a unit-sheet row under
        the indicator's key): result, target, achievement and parametrata;
        "n.d." when not evaluable, the parametrata with the reason."""
        result = by_key.get(("indicator", indicator.code, ""))
        evaluable = bool(result and result.evaluable)
        percent = (
            bool(indicator.is_percent)
            if "is_percent" in indicator._fields
            else (indicator.measure == "ratio")
        )
        value = None
        if evaluable:
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
            if evaluable
            else formats.NOT_AVAILABLE,
            "result_raw": value,
            "target": formats.target(target, percent),
            "target_raw": target,
            "achievement": formats.pct(result.achievement)
            if evaluable
            else formats.NOT_AVAILABLE,
            "achievement_raw": result.achievement if evaluable else None,
            **self._score_texts(result, na, formats.pct),
            "status": result.status if evaluable else False,
            "has_result": bool(result),
            "evaluable": evaluable,
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

    def _unit_sheets(self, cycle, results, by_key, targets, unit_by_code, quarter, na):
        """One sheet per unit with stored rows: the values each quadrimester
        reported (entered measurements only: the empty rows an open campaign
        creates are not values), the yearly totals the engine recorded in the
        stored row result, and the stored row and unit figures."""
        measurements = (
            self.env["cciaa.performance.measurement"]
            .sudo()
            .search_read(
                [("cycle_id", "=", cycle.id), ("entered", "=", True)],
                [
                    "indicator_id",
                    "department_id",
                    "quarter",
                    "parameter",
                    "value",
                    "date_value",
                    "measure",
                ],
                load=None,
            )
        )
        unit_code_by_id = {u.id: code for code, u in unit_by_code.items()}
        cells = defaultdict(lambda: defaultdict(dict))
        for m in measurements:
            unit = unit_code_by_id.get(m["department_id"])
            cells[(m["indicator_id"], unit)][int(m["parameter"])][int(m["quarter"])] = (
                (m["date_value"] or None) if m["measure"] == "date" else m["value"]
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
                    indicator, {("indicator", row.code, ""): row}, targets, na
                )
                names = (
                    [indicator.parameter_1, indicator.parameter_2]
                    if (indicator.measure == "ratio")
                    else [indicator.parameter_1]
                )
                totals = row_totals(row, indicator.measure)
                params = []
                for number, (name, total) in enumerate(
                    zip(names, totals, strict=True), start=1
                ):
                    values = cells.get((indicator.id, code), {}).get(number, {})
                    reported = [values.get(q) for q in range(1, quarter + 1)]
                    params.append(
                        {
                            "name": name or "",
                            "quarters": [
                                formats.value(v) if v is not None else ""
                                for v in reported
                            ],
                            "quarters_raw": reported,
                            "total": formats.value(total),
                            "total_raw": total,
                        }
                    )
                ind["params"] = params
                ind["rowspan"] = len(params)
                sheet_rows.append(ind)
            sheets.append(
                {
                    "code": code,
                    "name": unit.name if unit else code,
                    "kind": unit.cciaa_kind if unit else "pseudo",
                    **self._score_texts(unit_result, na, formats.pct),
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

    # -- individual objectives and incentive pay (other addon's models) -------

    def _prepare_individual(self, cycle, unit_by_code, na):
        """Section 4 as the public document prints it, all of it from the
        cycle's ``_individual_summary`` (cciaa_performance/models/
        cycle_individual.py): the engine's counts reached / partially / not
        reached of the dirigenti (the SG's scheda), the P.O. and the staff,
        and the objectives of the SG and of each P.O. under their role and
        Servizio. Never a name, a matricola nor a person's overall score: the
        summary's ``employee``, ``registration`` and ``final_score`` are not
        read here (docs/SECURITY.md, Privacy; the named schede are for the
        person's own print, ``_individual_schede``); the staff's objectives
        are only counted, as the 2019 document does."""
        if "cciaa.performance.scheda" not in self.env:
            return {"available": False, "sg": [], "po": [], "rows": []}
        summary = cycle.with_env(self._document_env()).sudo()._individual_summary()
        positions = {"sg": [], "po": []}
        references = []
        staff = 0
        for number, scheda in enumerate(summary["schede"], start=1):
            category, code = scheda["category"], scheda["unit"] or ""
            rows = [self._individual_row(row, na) for row in scheda["rows"]]
            role = ROLE_LABELS.get(category, ROLE_LABELS["staff"])
            if code:
                role = f"{role} {code}"
            # what the pre-validation reads: a scheda by number and role
            reference = f"scheda {number} ({role})"
            references += [
                {"scheda": reference, "code": row["code"], "unit": row["unit"]}
                for row in rows
            ]
            if category not in positions:
                staff += 1
                continue
            positions[category].append(
                {
                    "heading": self._position_heading(
                        category, code, unit_by_code.get(code)
                    ),
                    "code": code,
                    "rows": rows,
                }
            )
        return {
            "available": True,
            "sg": sorted(positions["sg"], key=lambda p: natural_key(p["code"])),
            "po": sorted(positions["po"], key=lambda p: natural_key(p["code"])),
            "counts_sg": self._counts_texts(summary["dirigenti"]),
            "counts_po": self._counts_texts(summary["po"]),
            "counts_staff": self._counts_texts(summary["staff"]),
            "staff_schede": staff,
            "rows": references,
        }

    @staticmethod
    def _position_heading(category, code, unit):
        """The printed heading of a scheda by role: the 2019 document heads the
        S.G.'s table "Obiettivi del S.G." and each P.O.'s by the Servizio it
        heads ("P.O. S2 – Servizio Registro Imprese")."""
        if category == "sg":
            return "Obiettivi del S.G."
        heading = f"P.O. {code}".strip()
        return f"{heading} – {unit.name}" if unit else heading

    @staticmethod
    def _individual_row(row, na):
        """A row of a scheda as ``_report_rows`` prepared it, with its stored
        figures; one that is not evaluable prints "n.d." (the parametrata with
        the reason), never a 0."""
        if row["score_value"] is not None:
            return {**row, "score_raw": row["score_value"]}
        return {
            **row,
            "result": row["result"] or formats.NOT_AVAILABLE,
            "achievement": formats.NOT_AVAILABLE,
            "score": na[row.get("reason") or None],
            "score_raw": None,
        }

    def _individual_schede(self, cycle, na):
        """Every scheda of ``cycle`` with the rows of ``_report_rows`` (those
        of section 4) and its results score, named: only for the print of one
        person's own scheda (report_scheda), never for the Relazione."""
        if "cciaa.performance.scheda" not in self.env:
            return []
        env = self._document_env()
        schede = (
            self.env["cciaa.performance.scheda"]
            .with_env(env)
            .sudo()
            .search([("cycle_id", "=", cycle.id)])
        )
        reasons = dict(schede._fields["final_reason"]._description_selection(env))
        out = []
        for scheda in schede:
            if not scheda.figures_on:
                score = formats.NOT_AVAILABLE
            elif scheda.final_reason == "no_rows":
                score = f"{formats.NOT_AVAILABLE} ({reasons['no_rows']})"
            else:
                score = formats.pct(scheda.results_score)
            out.append(
                {
                    "name": scheda.employee_id.name or scheda.display_name,
                    "category": scheda.category,
                    "score": score,
                    "rows": [
                        self._individual_row(r, na) for r in scheda._report_rows()
                    ],
                    "scheda_id": scheda.id,
                    "employee_id": scheda.employee_id.id,
                }
            )
        order = {"sg": 0, "po": 1}
        out.sort(key=lambda s: (order.get(s["category"], 2), s["name"] or ""))
        return out

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
        reasons = self._reason_labels()
        for check in checks:
            check["label"] = CHECK_LABELS[check["code"]]
            check["status_label"] = STATUS_LABELS[check["status"]]
            check["messages"] = [
                self._finding_text(code, params, MESSAGES, reasons)
                for code, params in check["findings"]
            ]
            check["more"] = max(0, len(check["messages"]) - 25)
        return checks

    @api.model
    def _finding_text(self, code, params, messages, reasons=None):
        values = formats.finding_params(params)
        if values.get("reason"):  # a reason code: its label, as the figures print it
            values["reason"] = (reasons or {}).get(values["reason"], values["reason"])
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
