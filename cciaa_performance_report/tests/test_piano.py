import datetime
import io
import re
import unittest

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.cciaa_performance.importer import reader, validate

from ..report import formats
from .common import DATASET_2019, Relazione2019Case
from .pdf_tools import has_poppler, pages_text, render_pdf

PDF_REPORT = "cciaa_performance_report.action_report_piano"
XLSX_REPORT = "cciaa_performance_report.action_report_piano_xlsx"


def plan():
    """The 2019 data set's plan, read by the importer: the Piano is the plan
    as entered (some targets differ from the published Relazione's, on
    purpose: cciaa_performance/datasets/README.md, "Corrections")."""
    parsed, _issues = validate.parse(reader.read_sheets(DATASET_2019))
    return parsed


def printed_target(indicator, value):
    return formats.target(value, indicator.percent)


@tagged("post_install", "-at_install")
class TestPiano(HttpCase, Relazione2019Case):
    """The Piano 2019 printed from the tree of the cycle: every area, OS, OO
    and indicator with its target in the PDF (read back with pdftotext) and
    in the workbook (openpyxl), the weights of the plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        parsed = plan()
        cls.areas, cls.strategic = parsed.areas, parsed.strategic
        cls.operational, cls.indicators = parsed.operational, parsed.indicators
        content, _fmt = cls.env["ir.actions.report"]._render_xlsx(
            XLSX_REPORT, cls.cycle.ids, None
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        cls.header = rows[0]
        cls.rows = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}

    def test_xlsx_holds_every_code_with_its_target(self):
        year = self.cycle.year
        expected = [
            node.code
            for node in self.areas + self.strategic + self.operational + self.indicators
        ]
        self.assertEqual(sorted(self.rows), sorted(expected))
        self.assertEqual(len(self.rows), len(expected))  # no code twice
        for indicator in self.indicators:
            row = self.rows[indicator.code]
            with self.subTest(code=indicator.code):
                self.assertEqual(row["Livello"], indicator.kind)
                self.assertEqual(row["Codice superiore"], indicator.objective)
                for offset, value in enumerate(
                    (indicator.target_n, indicator.target_n1, indicator.target_n2)
                ):
                    cell = row[f"Target {year + offset}"]
                    if isinstance(cell, datetime.datetime):
                        cell = cell.date()
                    if value is None and offset:  # not stated for N+1, N+2
                        self.assertEqual(cell, "—")
                    else:
                        self.assertEqual(cell, value)
        for node in self.areas + self.strategic + self.operational:
            with self.subTest(code=node.code):
                groups = [self.areas, self.strategic, self.operational]
                siblings = next(g for g in groups if node in g)
                if any(s.weight for s in siblings):
                    self.assertEqual(self.rows[node.code]["Peso"], node.weight)
                else:
                    self.assertEqual(self.rows[node.code]["Peso"], "paritario")
        for os_ in self.strategic:
            self.assertEqual(self.rows[os_.code]["Codice superiore"], os_.area)

    def test_html_prints_the_plan_weights_and_three_years(self):
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            PDF_REPORT, self.cycle.ids
        )
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))
        year = self.cycle.year
        self.assertIn(f"Target {year} Target {year + 1} Target {year + 2}", text)
        for area in self.areas:
            self.assertIn(f"Peso sull'Ente: {formats.number(area.weight)}", text)
        for os_ in self.strategic:
            self.assertIn(f"Peso nell'area: {formats.number(os_.weight)}", text)
        # no mark links outside a single PDF (report/publication_pdf.py)
        self.assertNotIn("cciaa-pdf-mark.invalid", html.decode())

    def test_reader_of_another_company_cannot_print_it(self):
        other = self.env["res.company"].create({"name": "CCIAA di Altrove"})
        user = self.user("piano_outsider", "group_manager")
        user.write({"company_ids": [(6, 0, other.ids)], "company_id": other.id})
        reports = self.env["ir.actions.report"].with_user(user)
        with self.assertRaises(AccessError):
            reports._render_qweb_html(PDF_REPORT, self.cycle.ids)

    @unittest.skipUnless(has_poppler(), "pdftotext (poppler-utils) missing")
    def test_pdf_holds_every_code_with_its_target(self):
        pages = pages_text(render_pdf(self.env, PDF_REPORT, self.cycle.ids))
        text = " ".join(pages)
        for node in self.areas + self.strategic + self.operational:
            self.assertIn(f" {node.code} ", text)
        # the operational section: each indicator's row runs from its code to
        # the next indicator's code, and holds its target of year N
        after_index = len(pages[0]) + len(pages[1])
        s2 = text.index("2. Aree strategiche", after_index)
        s3 = text.index("3. Obiettivi operativi annuali e indicatori", after_index)
        strategic, body = text[s2:s3], text[s3:]
        codes = [i.code for i in self.indicators]
        for indicator in self.indicators:
            code = indicator.code
            where = strategic if indicator.kind == "IS" else body
            with self.subTest(code=code):
                start = where.index(f" {code} ")
                ends = [where.find(f" {c} ", start + 1) for c in codes if c != code]
                end = min([e for e in ends if e > start] or [len(where)])
                self.assertIn(
                    printed_target(indicator, indicator.target_n), where[start:end]
                )
