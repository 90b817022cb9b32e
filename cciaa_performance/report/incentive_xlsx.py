"""The payroll and transparency workbooks of a confirmed incentive fund,
from the fund's prepared rows (``_payroll_rows``, ``_transparency_data``)."""

from odoo import models


def _fund_sheet(workbook, funds, fund, title):
    """The sheet of one confirmed fund (checked here: a report is reachable
    by its URL too), titled with the fund's id when there are several."""
    fund._check_exportable()
    name = title if len(funds) == 1 else f"{title} {fund.id}"
    return workbook.add_worksheet(name)


class ReportFundPayrollXlsx(models.AbstractModel):
    """For HR's payroll: one row per employee with the three components."""

    _name = "report.cciaa_performance.fund_payroll_xlsx"
    _inherit = "report.cciaa_performance.abstract_xlsx"
    _description = "Incentive fund: payroll (XLSX)"

    def generate_xlsx_report(self, workbook, data, funds):
        formats = self._formats(workbook)
        tr = self.env._
        headers = [
            tr("Employee"),
            tr("Registration number"),
            tr("Category"),
            tr("Organisational"),
            tr("Individual"),
            tr("Maggiorazione"),
            tr("Total"),
        ]
        keys = [
            "employee",
            "registration",
            "category",
            "organisational",
            "individual",
            "maggiorazione",
            "total",
        ]
        for fund in funds:
            sheet = _fund_sheet(workbook, funds, fund, tr("Payroll"))
            sheet.write_row(0, 0, headers, formats["bold"])
            rows = fund._payroll_rows()
            for index, row in enumerate(rows, start=1):
                for col, key in enumerate(keys):
                    sheet.write(
                        index, col, row[key], formats["money"] if col >= 3 else None
                    )
            total_row = len(rows) + 1
            sheet.write(total_row, 0, tr("Total"), formats["bold"])
            for col in range(3, 7):
                total = round(sum(r[keys[col]] for r in rows), 2)
                sheet.write(total_row, col, total, formats["money"])
            sheet.set_column(0, 0, 32)
            sheet.set_column(1, 6, 16)


class ReportFundTransparencyXlsx(models.AbstractModel):
    """For publication (art. 20 D.Lgs. 33/2013): amounts and bands, no names."""

    _name = "report.cciaa_performance.fund_transparency_xlsx"
    _inherit = "report.cciaa_performance.abstract_xlsx"
    _description = "Incentive fund: transparency (XLSX)"

    def generate_xlsx_report(self, workbook, data, funds):
        formats = self._formats(workbook)
        tr = self.env._
        for fund in funds:
            sheet = _fund_sheet(workbook, funds, fund, tr("Transparency"))
            facts = fund._transparency_data()
            sheet.write(
                0,
                0,
                tr("Premiums related to performance (art. 20 D.Lgs. 33/2013)"),
                formats["bold"],
            )
            lines = [
                (tr("Chamber"), facts["chamber"]),
                (tr("Year"), facts["year"]),
                (tr("Contract"), facts["contract_reference"]),
                (tr("Amount allocated (stanziato)"), facts["allocated"]),
                (tr("Amount distributed"), facts["distributed"]),
                (tr("Amount paid"), facts["paid"]),
                (tr("Not distributed"), facts["undistributed"]),
                (tr("Employees"), facts["employees"]),
            ]
            for index, (label, value) in enumerate(lines, start=2):
                sheet.write(index, 0, label)
                money = formats["money"] if isinstance(value, float) else None
                sheet.write(index, 1, value, money)
            top = len(lines) + 3
            sheet.write_row(
                top,
                0,
                [tr("Band"), tr("Employees"), tr("Amount"), tr("Share %")],
                formats["bold"],
            )
            for index, row in enumerate(facts["bands"], start=top + 1):
                sheet.write(index, 0, row["label"])
                sheet.write(index, 1, row["employees"])
                sheet.write(index, 2, row["amount"], formats["money"])
                sheet.write(index, 3, round(row["share"], 2), formats["pct"])
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, 3, 16)
