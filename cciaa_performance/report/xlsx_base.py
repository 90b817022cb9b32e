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
