import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..importer import read_sheets
from .common import DATASET_2019


def workbook_bytes(sheets):
    """XLSX bytes from sheet name → list of row dicts (header from the first row)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        headers = list(rows[0]) if rows else []
        worksheet.append(headers)
        for row in rows:
            worksheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestImportErrors(TransactionCase):
    """Bad input, one class at a time: every error names sheet, row, column and
    reason, and nothing is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sheets = read_sheets(DATASET_2019)

    def _copy(self):
        return {name: [dict(row) for row in rows] for name, rows in self.sheets.items()}

    def _row(self, sheets, sheet, **match):
        for index, row in enumerate(sheets[sheet]):
            if all(str(row.get(k)) == str(v) for k, v in match.items()):
                return index + 2, row
        raise AssertionError(f"no row {match} in {sheet}")

    def _import_fails(self, sheets, sheet, row, column, code):
        Wizard = self.env["cciaa.performance.import.wizard"]
        before = self.env["cciaa.performance.cycle"].search_count([])
        cycle, issues = Wizard._run((workbook_bytes(sheets), "bad.xlsx"))
        self.assertFalse(cycle)
        found = [
            (i.sheet, i.row, i.column, i.code) for i in issues if i.severity == "error"
        ]
        self.assertIn((sheet, row, column, code), found)
        self.assertEqual(self.env["cciaa.performance.cycle"].search_count([]), before)
        self.assertFalse(self.env["hr.department"].search([("cciaa_code", "=", "S2")]))
        with self.assertRaises(UserError):
            Wizard._import_source((workbook_bytes(sheets), "bad.xlsx"))

    def test_weights_not_summing_to_100(self):
        sheets = self._copy()
        sheets["aree"][0]["peso"] = 1  # the error is reported on the group's first row
        self._import_fails(sheets, "aree", 2, "peso", "weights_not_100")

    def test_duplicate_code(self):
        sheets = self._copy()
        sheets["indicatori"].append(dict(sheets["indicatori"][0]))
        row = len(sheets["indicatori"]) + 1
        self._import_fails(sheets, "indicatori", row, "codice", "duplicate_code")

    def test_unknown_unit(self):
        sheets = self._copy()
        sheets["misurazioni"][0]["unita"] = "S9"
        self._import_fails(sheets, "misurazioni", 2, "unita", "unknown_unit")

    def test_text_in_numeric_cell(self):
        sheets = self._copy()
        row, values = self._row(sheets, "aree", codice="OB2")
        values["peso"] = "trentaquattro"
        self._import_fails(sheets, "aree", row, "peso", "not_a_number")

    def test_negative_count(self):
        sheets = self._copy()
        counts = {
            r["codice"] for r in sheets["indicatori"] if r["misura"] == "conteggio"
        }
        index = next(
            i for i, r in enumerate(sheets["misurazioni"]) if r["indicatore"] in counts
        )
        sheets["misurazioni"][index]["valore"] = -3
        self._import_fails(sheets, "misurazioni", index + 2, "valore", "negative_value")

    def test_indicator_without_target(self):
        sheets = self._copy()
        sheets["indicatori"][0]["target_n"] = None
        self._import_fails(sheets, "indicatori", 2, "target_n", "no_target")

    def test_date_outside_the_cycle_years(self):
        sheets = self._copy()
        dates = {r["codice"] for r in sheets["indicatori"] if r["misura"] == "data"}
        index = next(
            i for i, r in enumerate(sheets["indicatori"]) if r["codice"] in dates
        )
        sheets["indicatori"][index]["target_n"] = "30/11/2018"
        self._import_fails(
            sheets, "indicatori", index + 2, "target_n", "date_outside_cycle"
        )

    def test_share_above_100(self):
        sheets = self._copy()
        ratios = {
            r["codice"] for r in sheets["indicatori"] if r["misura"] == "rapporto"
        }
        index = next(
            i
            for i, r in enumerate(sheets["misurazioni"])
            if r["indicatore"] in ratios and str(r.get("parametro")) == "1"
        )
        sheets["misurazioni"][index]["valore"] = 10**6
        issues_sheet = "misurazioni"
        Wizard = self.env["cciaa.performance.import.wizard"]
        cycle, issues = Wizard._run((workbook_bytes(sheets), "bad.xlsx"))
        self.assertFalse(cycle)
        self.assertIn(
            "share_above_100", {i.code for i in issues if i.sheet == issues_sheet}
        )

    def test_serial_number_in_a_date_cell_is_converted_never_stored(self):
        sheets = self._copy()
        dates = {r["codice"] for r in sheets["indicatori"] if r["misura"] == "data"}
        index = next(
            i for i, r in enumerate(sheets["misurazioni"]) if r["indicatore"] in dates
        )
        sheets["misurazioni"][index]["valore"] = 43697  # 20/08/2019, as printed in 2019
        sheets["misurazioni"][index]["quadrimestre"] = 2
        Wizard = self.env["cciaa.performance.import.wizard"]
        cycle, issues = Wizard._run((workbook_bytes(sheets), "serial.xlsx"))
        self.assertIn(
            ("misurazioni", index + 2, "valore", "serial_date_converted"),
            [(i.sheet, i.row, i.column, i.code) for i in issues],
        )
        self.assertTrue(cycle)
        row = sheets["misurazioni"][index]
        measurement = self.env["cciaa.performance.measurement"].search(
            [
                ("cycle_id", "=", cycle.id),
                ("indicator_id.code", "=", row["indicatore"]),
                ("department_id.cciaa_code", "=", row["unita"]),
                ("quarter", "=", "2"),
            ]
        )
        self.assertEqual(measurement.date_value.isoformat(), "2019-08-20")
        self.assertFalse(measurement.value)

    def test_reported_errors_are_capped(self):
        from ..wizard.import_wizard import MAX_REPORTED_ISSUES

        sheets = self._copy()
        for row in sheets["misurazioni"][: MAX_REPORTED_ISSUES + 50]:
            row["unita"] = "S9"
        Wizard = self.env["cciaa.performance.import.wizard"]
        cycle, issues = Wizard._run((workbook_bytes(sheets), "bad.xlsx"))
        self.assertFalse(cycle)
        self.assertGreater(len(issues), MAX_REPORTED_ISSUES)
        html = str(Wizard._issues_html(issues))
        self.assertEqual(html.count("<tr>"), MAX_REPORTED_ISSUES + 2)
        self.assertIn(str(len(issues) - MAX_REPORTED_ISSUES), html)
