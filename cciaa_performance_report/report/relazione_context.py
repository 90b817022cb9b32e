"""Section 2 and annex 1 of the Relazione, from the Relazione record itself:
staff and budget tables (2.2), the gender balance (3.4), the dates of the
cycle's phases (5.1) and the OIV validation (annex 1). These are entered on the
Relazione, not computed by the engine; prepared here so that the templates and
the pre-validation read one structure. A part of the data provider
(``report.cciaa_performance_report.report_relazione``), named in its
``_inherit``."""

from collections import defaultdict

from odoo import models

from . import formats
from .staff_tables import (
    DIMENSIONS,
    GENDER_INDICATORS,
    OPTIONAL_KEYS,
    UNKNOWN,
    UNKNOWN_LABEL,
)

OIV_LETTERS = "ABCDEFGHIJK"


class ReportRelazioneContext(models.AbstractModel):
    _name = "report.cciaa_performance_report.relazione_context"
    _description = "Relazione sulla performance: context sections"

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
