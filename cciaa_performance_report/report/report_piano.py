"""The Piano della performance of a cycle: the performance sub-section of the
PIAO (art. 6 D.L. 80/2021; D.M. 132/2022, sezione 2, sottosezione 2.2
"Performance"), printed from the same tree the Relazione reports on: areas,
strategic objectives with their three-year targets, operational objectives
with their indicators, algorithms, targets and responsible units, weights
(docs/PIANO.md).

``_prepare_piano`` returns ONE structure of plain dicts with every value
already formatted the Italian way; the QWeb PDF (piano_templates.xml) and the
XLSX (report_piano_xlsx.py) render it and compute nothing (docs/STYLE.md 11).
It reads the plan as entered (weights and targets of the cycle's records),
never a result: the Piano exists before any measurement.
"""

from odoo import api, models

from . import formats, publication_pdf
from .relazione_helpers import KIND_ORDER, bsc_label, natural_key

MEASURE_LABELS = {
    "ratio": "rapporto",
    "count": "conteggio",
    "average": "media",
    "date": "data",
    "value": "valore",
}
COMPARATOR_LABELS = {">=": "≥", "<=": "≤", "=": "=", "deadline": "entro"}
KIND_LABELS = {"IS": "IS", "IO": "IO", "FRD": "FRD"}
# a sibling group with no weight at all weighs its members equally
# (cciaa_performance/models/node_mixin.py, docs/RULES.md R6)
EQUAL_WEIGHT = "paritario"
NOT_SET = "—"  # what the plan does not state (a target of N+1 or N+2, a unit)


class ReportPiano(models.AbstractModel):
    _name = "report.cciaa_performance_report.report_piano"
    _description = "Piano della performance: data provider"

    @api.model
    def _get_report_values(self, docids, data=None):
        cycles = self.env["cciaa.performance.cycle"].browse(docids)
        pianos = [self._prepare_piano(cycle) for cycle in cycles]
        # the links that place the headings and index rows in ONE Piano's
        # PDF (report/publication_pdf.py); none in HTML
        single_pdf = (data or {}).get("report_type") == "pdf" and len(cycles) == 1
        anchors = [e["anchor"] for e in pianos[0]["toc"]] if single_pdf else []
        return {
            "doc_ids": docids,
            "doc_model": "cciaa.performance.cycle",
            "docs": cycles,
            "pianos": pianos,
            "marks": publication_pdf.marks(anchors),
        }

    @api.model
    def _publication(self, cycles):
        """What the published PDF says of itself (report/publication_pdf.py)."""
        company = cycles[:1].company_id.name or self.env.company.name
        if len(cycles) != 1:
            return {
                "title": "Piano della performance",
                "author": company,
                "subject": "Piano della performance",
                "lang": publication_pdf.LANG,
                "footer": company,
                "toc": [],
            }
        piano = self._prepare_piano(cycles)
        return {
            "title": piano["title"],
            "author": company,
            "subject": piano["subject"],
            "lang": publication_pdf.LANG,
            "footer": f"{company} – {piano['title']}",
            "toc": piano["toc"],
        }

    # -- the Piano -----------------------------------------------------------

    @api.model
    def _prepare_piano(self, cycle):
        """The plan of ``cycle`` as printed. The caller's right to read the
        cycle is checked; the rest is read with sudo because the Piano is a
        public document (as the Relazione, relazione_figures._prepare_cycle)."""
        cycle.check_access("read")
        cycle = cycle.sudo()
        years = [cycle.year, cycle.year + 1, cycle.year + 2]
        targets = {}
        for target in cycle.indicator_ids.target_ids:
            targets.setdefault(target.indicator_id.id, {})[target.year] = (
                target._engine_value()
            )
        units = {}
        areas = []
        tree_rows = []
        counts = dict.fromkeys(("areas", "os", "oo", "IS", "IO", "FRD"), 0)
        area_records = cycle.area_ids.sorted(lambda a: natural_key(a.code))
        for number, area in enumerate(area_records, start=1):
            area_dict = self._node(area, area_records, units)
            area_dict.update(
                anchor_os=f"p2a{number}",
                anchor_oo=f"p3a{number}",
                program=area.mission_programs or NOT_SET,
                os=[],
            )
            areas.append(area_dict)
            counts["areas"] += 1
            tree_rows.append({**area_dict, "row": "AS", "indicators": ""})
            os_records = area.strategic_ids.sorted(lambda o: natural_key(o.code))
            for os_ in os_records:
                os_dict = self._node(os_, os_records, units)
                os_dict["indicators"] = self._indicators(
                    os_.indicator_ids, years, targets, units
                )
                os_dict["oo"] = []
                area_dict["os"].append(os_dict)
                counts["os"] += 1
                tree_rows.append(
                    {**os_dict, "row": "OS", "indicators": len(os_dict["indicators"])}
                )
                oo_records = os_.operational_ids.sorted(lambda o: natural_key(o.code))
                for oo in oo_records:
                    oo_dict = self._node(oo, oo_records, units)
                    oo_dict["indicators"] = self._indicators(
                        oo.indicator_ids, years, targets, units
                    )
                    os_dict["oo"].append(oo_dict)
                    counts["oo"] += 1
                    tree_rows.append(
                        {
                            **oo_dict,
                            "row": "OO",
                            "indicators": len(oo_dict["indicators"]),
                        }
                    )
                for ind in os_dict["indicators"] + [
                    i for oo in os_dict["oo"] for i in oo["indicators"]
                ]:
                    counts[ind["kind"]] += 1
        period = f"{years[0]}-{years[2]}"
        piano = {
            "cycle": cycle,
            "year": cycle.year,
            "years": years,
            "period": period,
            "company_name": cycle.company_id.name,
            "title": f"Piano della performance {period}",
            "piao_title": f"Piano integrato di attività e organizzazione {period}",
            "subject": (
                f"PIAO {period}, sezione 2 Valore pubblico, performance e "
                "anticorruzione, sottosezione 2.2 Performance (art. 6 D.L. "
                "80/2021; D.M. 132/2022; art. 10 D.Lgs. 150/2009)"
            ),
            "tolerance": formats.pct(cycle.tolerance, 2),
            "counts": counts,
            "areas": areas,
            "tree_rows": tree_rows,
            "units": [
                {"code": code, "name": units[code]}
                for code in sorted(units, key=natural_key)
            ],
        }
        piano["toc"] = self._piano_toc(piano)
        return piano

    def _piano_toc(self, piano):
        toc = [
            {"anchor": "p0", "title": "Premessa", "level": 1},
            {"anchor": "p1", "title": "1. L'albero della performance", "level": 1},
            {
                "anchor": "p2",
                "title": "2. Aree strategiche e obiettivi strategici triennali",
                "level": 1,
            },
        ]
        toc += [
            {"anchor": a["anchor_os"], "title": a["heading"], "level": 2}
            for a in piano["areas"]
        ]
        toc.append(
            {
                "anchor": "p3",
                "title": "3. Obiettivi operativi annuali e indicatori",
                "level": 1,
            }
        )
        toc += [
            {"anchor": a["anchor_oo"], "title": a["heading"], "level": 2}
            for a in piano["areas"]
        ]
        toc.append(
            {"anchor": "p4", "title": "4. Unità organizzative responsabili", "level": 1}
        )
        return [{**entry, "sub": entry["level"] > 1} for entry in toc]

    @staticmethod
    def _weight(record, siblings):
        """The weight as the plan states it; "paritario" when no sibling has
        one (equal weights)."""
        if not any(siblings.mapped("weight")):
            return EQUAL_WEIGHT, None
        return formats.number(record.weight), record.weight

    @staticmethod
    def _unit_codes(records, units):
        """The codes of ``records`` (units), remembered with their names."""
        codes = []
        for unit in records:
            code = unit.cciaa_code or unit.name
            units.setdefault(code, unit.name)
            codes.append(code)
        return ", ".join(sorted(set(codes), key=natural_key))

    def _node(self, record, siblings, units):
        weight, weight_raw = self._weight(record, siblings)
        node = {
            "code": record.code,
            "title": record.name,
            "heading": f"{record.code} {record.name}",
            "weight": weight,
            "weight_raw": weight_raw,
            "bsc": bsc_label(record.bsc_perspectives) or NOT_SET,
            "program": NOT_SET,
            "units": NOT_SET,
        }
        if "pira_code" in record._fields:
            node["program"] = record.pira_code or NOT_SET
        if "department_ids" in record._fields:
            node["units"] = self._unit_codes(record.department_ids, units) or NOT_SET
        return node

    def _indicators(self, indicators, years, targets, units):
        """The indicators of an objective: IS, IO, then FRD rows (which do
        not count in their objective, docs/RULES.md R10: no weight)."""
        counted = indicators.filtered(lambda i: i.kind != "FRD")
        out = []
        for indicator in indicators.sorted(
            lambda i: (KIND_ORDER.get(i.kind, 9), natural_key(i.code))
        ):
            percent = bool(indicator.is_percent)  # as the Relazione prints it
            by_year = targets.get(indicator.id, {})
            raw = [by_year.get(year) for year in years]
            texts = [formats.target(raw[0], percent)] + [
                NOT_SET if value is None else formats.target(value, percent)
                for value in raw[1:]
            ]
            if indicator.kind == "FRD":
                weight, weight_raw = NOT_SET, None
            else:
                weight, weight_raw = self._weight(indicator, counted)
            out.append(
                {
                    "kind": indicator.kind,
                    "kind_label": KIND_LABELS.get(indicator.kind, indicator.kind),
                    "code": indicator.code,
                    "title": indicator.name,
                    "algorithm": indicator.algorithm or "",
                    "measure": MEASURE_LABELS.get(indicator.measure, ""),
                    "comparator": COMPARATOR_LABELS.get(indicator.comparator, ""),
                    "is_percent": percent,
                    "targets": texts,
                    "targets_raw": raw,
                    "target": texts[0],
                    "weight": weight,
                    "weight_raw": weight_raw,
                    "units": self._unit_codes(indicator.department_ids, units),
                    "frd": indicator.kind == "FRD",
                    "most_significant": indicator.most_significant,
                }
            )
        return out
