"""The Piano della performance as a workbook (OCA report_xlsx), from the same
prepared structure as its PDF (report_piano.py): one row per area, objective
and indicator, in the PDF's order. Targets are written typed (numbers, real
dates) in percent units where the indicator is a percentage; what the plan
does not state is written as the PDF prints it ("—", "paritario")."""

from odoo import models

# (key in the row, header, width); the targets' headers carry their year
COLUMNS = (
    ("level", "Livello", 8),
    ("code", "Codice", 12),
    ("parent", "Codice superiore", 12),
    ("title", "Obiettivo / indicatore", 60),
    ("algorithm", "Algoritmo di calcolo", 40),
    ("measure", "Misura", 11),
    ("comparator", "Criterio", 8),
    ("target_n", "Target {0}", 12),
    ("target_n1", "Target {1}", 12),
    ("target_n2", "Target {2}", 12),
    ("weight", "Peso", 10),
    ("units", "Unità responsabili", 22),
    ("bsc", "Prospettive BSC", 30),
    ("program", "Missione / programma", 14),
)


def _typed(raw, text):
    """The typed value, or the text the PDF prints where there is none."""
    return text if raw is None or raw is False else raw


class ReportPianoXlsx(models.AbstractModel):
    _name = "report.cciaa_performance_report.report_piano_xlsx"
    _inherit = "report.cciaa_performance.abstract_xlsx"
    _description = "Piano della performance (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        provider = self.env["report.cciaa_performance_report.report_piano"]
        styles = {
            **self._formats(workbook),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#DFE7EF", "text_wrap": True}
            ),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
            "number": workbook.add_format({"num_format": "#,##0.##"}),
            "text": workbook.add_format({}),
        }
        for cycle in objs:
            piano = provider._prepare_piano(cycle)
            suffix = f" {cycle.year}" if len(objs) > 1 else ""
            # a typed target is a number, whatever the column
            columns = [
                (key, header.format(*piano["years"]), width, "number")
                for key, header, width in COLUMNS
            ]
            self._write_sheet(
                workbook, styles, f"Piano{suffix}", columns, self._rows(piano)
            )

    @staticmethod
    def _rows(piano):
        rows = []
        for area in piano["areas"]:
            rows.append(ReportPianoXlsx._node_row("AS", area, ""))
            for os_ in area["os"]:
                rows.append(ReportPianoXlsx._node_row("OS", os_, area["code"]))
                rows += [
                    ReportPianoXlsx._indicator_row(ind, os_["code"])
                    for ind in os_["indicators"]
                ]
                for oo in os_["oo"]:
                    rows.append(ReportPianoXlsx._node_row("OO", oo, os_["code"]))
                    rows += [
                        ReportPianoXlsx._indicator_row(ind, oo["code"])
                        for ind in oo["indicators"]
                    ]
        return rows

    @staticmethod
    def _node_row(level, node, parent):
        return {
            "level": level,
            "code": node["code"],
            "parent": parent,
            "title": node["title"],
            "weight": _typed(node["weight_raw"], node["weight"]),
            "units": node["units"],
            "bsc": node["bsc"],
            "program": node["program"],
        }

    @staticmethod
    def _indicator_row(ind, parent):
        row = {
            "level": ind["kind"],
            "code": ind["code"],
            "parent": parent,
            "title": ind["title"],
            "algorithm": ind["algorithm"],
            "measure": ind["measure"],
            "comparator": ind["comparator"],
            "weight": _typed(ind["weight_raw"], ind["weight"]),
            "units": ind["units"],
        }
        for key, raw, text in zip(
            ("target_n", "target_n1", "target_n2"),
            ind["targets_raw"],
            ind["targets"],
            strict=True,
        ):
            row[key] = _typed(raw, text)
        return row
