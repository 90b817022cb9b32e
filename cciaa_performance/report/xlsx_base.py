import datetime

from odoo import models


class ReportCciaaXlsx(models.AbstractModel):
    """The one XLSX stack of the product: every workbook is an OCA report_xlsx
    report inheriting this one. User text is never turned into a formula or a
    link, whatever it starts with (a note "=HYPERLINK(...)" stays text)."""

    _name = "report.cciaa_performance.abstract_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Workbook of the performance cycle"

    def get_workbook_options(self):
        return {
            **super().get_workbook_options(),
            "strings_to_formulas": False,
            "strings_to_urls": False,
        }

    @staticmethod
    def _formats(workbook):
        return {
            "bold": workbook.add_format({"bold": True}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "pct": workbook.add_format({"num_format": "0.00"}),
        }

    @staticmethod
    def _write_sheet(workbook, formats, name, columns, rows):
        """A sheet of prepared rows (dicts), filtered and frozen under its
        header: ``columns`` are (key, header, width, kind); an empty value is
        a blank cell, a date a real date, a number of a numeric kind
        ("number", "count", "pct", "value") a number in the format of its
        kind ("pct", "count", else "number"), anything else text.
        ``formats`` holds "header", "date", "number", "pct", "count" and
        "text" where the columns use them."""
        sheet = workbook.add_worksheet(name[:31])
        sheet.freeze_panes(1, 0)
        for col, (_key, header, width, _kind) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, str(header), formats["header"])
        for line, row in enumerate(rows, start=1):
            for col, (key, _header, _width, kind) in enumerate(columns):
                value = row.get(key)
                if value is None or value is False or value == "":
                    sheet.write_blank(line, col, None)
                elif isinstance(value, datetime.date):
                    sheet.write_datetime(
                        line,
                        col,
                        datetime.datetime.combine(value, datetime.time()),
                        formats["date"],
                    )
                elif kind in ("number", "count", "pct", "value") and isinstance(
                    value, (int, float)
                ):
                    style = kind if kind in ("pct", "count") else "number"
                    sheet.write_number(line, col, value, formats[style])
                else:
                    sheet.write_string(line, col, str(value), formats["text"])
        sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        return sheet
