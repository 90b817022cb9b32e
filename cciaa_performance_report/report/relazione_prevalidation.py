"""Annex 2, the automatic pre-validation: ``_prevalidation_facts`` takes what
the checks of ``prevalidation`` read from the prepared structure (and, for what
it does not print, from the plan), so the checks see exactly what is printed;
``_prepare_checks`` runs them and words each finding as the figures print it.
A part of the data provider (``report.cciaa_performance_report.report_relazione``),
named in its ``_inherit``."""

import re

from odoo import api, models
from odoo.tools import html2plaintext

from odoo.addons.cciaa_performance.models import cycle_reader

from . import formats, prevalidation
from .document_text import (
    CHECK_LABELS,
    COLUMN_LABELS,
    KIND_LABELS,
    MESSAGES,
    STATUS_LABELS,
    TABLE_LABELS,
    WHAT_LABELS,
)


class ReportRelazionePrevalidation(models.AbstractModel):
    _name = "report.cciaa_performance_report.relazione_prevalidation"
    _description = "Relazione sulla performance: pre-validation"

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
        weight_groups = [
            {
                "codes": [code for code, _weight in group],
                "weights": [weight or 0.0 for _code, weight in group],
            }
            for group in cycle_reader.weight_groups(
                cycle_reader.read_plan(self.env, cycle)
            )
        ]
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
