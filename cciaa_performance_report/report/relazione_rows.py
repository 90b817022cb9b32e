"""The rows the figures are made of: an objective (ente, area, OS, OO) and an
indicator as stored, with its score or "n.d." and the reason, and the unit
sheets (the values each quadrimester reported and the yearly totals the engine
recorded). Read from the stored results only, never recomputed. A part of the
data provider (``report.cciaa_performance_report.report_relazione``), named in
its ``_inherit``."""

from collections import defaultdict

from odoo import api, models

from odoo.addons.cciaa_performance.models import cycle_reader

from . import formats
from .relazione_helpers import KIND_ORDER, bsc_label, natural_key, row_totals

STATUS_IT = {
    "reached": "raggiunto",
    "partial": "parzialmente raggiunto",
    "not_reached": "non raggiunto",
}


class ReportRelazioneRows(models.AbstractModel):
    _name = "report.cciaa_performance_report.relazione_rows"
    _description = "Relazione sulla performance: objective, indicator and unit rows"

    @staticmethod
    def _score_texts(result, na, fmt=formats.pct1):
        """The printed score of a stored roll-up figure and its raw value:
        the stored score when evaluable, otherwise "n.d." with the reason and
        no raw value (a figure that is not evaluable is stored as 0.0)."""
        if result and result.evaluable:
            return {"score": fmt(result.score), "score_raw": result.score}
        return {"score": na[result.reason if result else None], "score_raw": None}

    @api.model
    def _objective_dict(self, record, level, result, na, stored=None):
        """An objective as stored. ``stored``: ``result._as_stored()`` of the
        printed results (read once by the caller): the weight as used and the
        shares print only where the engine gave them (a NULL is not 0)."""
        evaluable = bool(result and result.evaluable)
        if stored is None:
            stored = result._as_stored() if result else {}
        nullable = stored.get(result.id, {}) if result else {}
        weight = nullable.get("weight")
        share_parent = nullable.get("share_parent") if evaluable else None
        share_ente = nullable.get("share_ente") if evaluable else None
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
            # the weight as used (none where the figure is not evaluable)
            "weight": "" if weight is None else formats.number(weight),
            "weight_raw": weight,
            "share_parent": formats.pct1(share_parent),
            "share_ente": formats.pct1(share_ente),
            "share_parent_raw": share_parent,
            "share_ente_raw": share_ente,
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
        measurements = cycle_reader.read_measurements(
            self.env, [("cycle_id", "=", cycle.id), ("entered", "=", True)]
        )
        measure = {i.id: i.measure for i in cycle.sudo().indicator_ids}
        unit_code_by_id = {u.id: code for code, u in unit_by_code.items()}
        cells = defaultdict(lambda: defaultdict(dict))
        for m in measurements:
            unit = unit_code_by_id.get(m["department_id"])
            cells[(m["indicator_id"], unit)][int(m["parameter"])][int(m["quarter"])] = (
                (m["date_value"] or None)
                if measure[m["indicator_id"]] == "date"
                else m["value"]
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
