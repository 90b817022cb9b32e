import datetime
import io

import openpyxl

from odoo.tests import tagged

from .common import Relazione2019Case


@tagged("post_install", "-at_install")
class TestRelazioneXlsx(Relazione2019Case):
    """The workbook read back with openpyxl holds the stored results."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        content, _fmt = cls.env["ir.actions.report"]._render_xlsx(
            "cciaa_performance_report.action_report_relazione_xlsx",
            cls.relazione.ids,
            None,
        )
        cls.workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)

    def sheet_rows(self, name):
        sheet = self.workbook[name]
        values = list(sheet.iter_rows(values_only=True))
        header = values[0]
        return [dict(zip(header, row, strict=True)) for row in values[1:]]

    def assertSame(self, cell, stored):  # noqa: N802 (unittest style)
        if isinstance(cell, datetime.datetime):
            cell = cell.date()
        if cell is None:
            cell = 0.0
        self.assertEqual(cell, stored)

    def test_tree_equals_stored_results(self):
        rows = self.sheet_rows("Albero")
        indicators = {
            r["Codice"]: r for r in rows if r["Ob/Ind"] in ("IS", "IO", "FRD")
        }
        stored = self.Result.search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("quarter", "=", 3),
                ("level", "=", "indicator"),
            ]
        )
        self.assertEqual(set(indicators), set(stored.mapped("code")))
        for result in stored:
            with self.subTest(code=result.code):
                row = indicators[result.code]
                self.assertSame(row["% realizzazione parametrata"], result.score)
                self.assertSame(row["% realizzazione target"], result.achievement)
                self.assertSame(
                    row["Risultato"], result.result_date or result.result_value
                )
        levels = {"AS": "area", "OS": "os", "OO": "oo", "E": "ente"}
        for row in rows:
            level = levels.get(row["Ob/Ind"])
            if not level:
                continue
            with self.subTest(code=row["Codice"]):
                result = self.stored(level, row["Codice"])
                self.assertEqual(len(result), 1)
                self.assertSame(row["% realizzazione parametrata"], result.score)
                # as stored: a figure that does not feed the Ente has no share
                # (NULL, which the ORM would read as 0.0), printed "n.d."
                raw = result._as_stored()[result.id]
                share = raw["share_ente"]
                self.assertSame(row["% su Ente"], "n.d." if share is None else share)
                if level in ("area", "os"):
                    self.assertSame(row["Peso"], raw["weight"])

    def test_unit_sheets_equal_stored_results(self):
        rows = self.sheet_rows("Schede unità")
        units = {r["Unità"]: r["Risultato ambito organizzativo %"] for r in rows}
        stored_units = self.Result.search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("quarter", "=", 3),
                ("level", "=", "unit"),
            ]
        )
        for unit in stored_units:
            self.assertSame(units[unit.code], unit.score)
        first_lines = [r for r in rows if r["% realizzazione parametrata"] is not None]
        stored_rows = self.Result.search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("quarter", "=", 3),
                ("level", "=", "row"),
            ]
        )
        self.assertEqual(len(first_lines), len(stored_rows))
        by_key = {(r.code, r.unit_code): r for r in stored_rows}
        for row in first_lines:
            result = by_key[(row["Codice"], row["Unità"])]
            self.assertSame(row["% realizzazione parametrata"], result.score)
            self.assertSame(row["Risultato"], result.result_date or result.result_value)

    def test_no_named_sheet_and_nobody_named(self):
        """No "Premi" sheet of names and amounts: the premiums only in
        aggregated form, section 4 by position; no cell names anybody."""
        self.assertNotIn("Premi", self.workbook.sheetnames)
        self.assertIn("Distribuzione premi", self.workbook.sheetnames)
        positions = {r["Posizione"] for r in self.sheet_rows("Obiettivi individuali")}
        self.assertIn("Obiettivi del S.G.", positions)
        self.assertIn("P.O. S2 – Servizio Registro Imprese", positions)
        self.assertNamesNobody(
            " ".join(
                str(value)
                for sheet in self.workbook
                for row in sheet.iter_rows(values_only=True)
                for value in row
                if value is not None
            )
        )

    def test_checks_sheet(self):
        rows = self.sheet_rows("Pre-validazione")
        self.assertEqual(len(rows), len(self.prepared()["checks"]))
