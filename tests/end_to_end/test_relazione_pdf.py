"""End to end: the real PDF of the Relazione 2019, rendered by wkhtmltopdf and
read back with pdftotext.

Runs with pytest-odoo (scripts/test.sh stage (c)) on a database where both
addons are installed and the 2019 data set is loaded by scripts/load_dataset.py
(cycle, results, Relazione with its context data). ``--odoo-http`` starts the
server that wkhtmltopdf fetches the report assets from: ``report.url`` points to
it. Expected figures are read from cciaa_performance/tests/reference/*.json, never
typed.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

import odoo
from odoo.tests import TransactionCase, tagged

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = os.path.join(REPO, "cciaa_performance", "tests", "reference")
PDF_REPORT = "cciaa_performance_report.action_report_relazione"


def reference(name):
    with open(os.path.join(REFERENCE, name), encoding="utf-8") as handle:
        return json.load(handle)


HEADLINE = reference("headline.json")
TREE = reference("tree.json")
SHEETS = reference("unit_sheets.json")


def tree_indicators():
    for area in TREE["ente"]["areas"]:
        for os_ in area["strategic_objectives"]:
            yield from os_["indicators"]
            for oo in os_["operational_objectives"]:
                yield from oo["indicators"]
                for row in oo.get("frd_rows", []):
                    yield {**row, "code": "FRD:" + row["id"][len("FRD-") :]}


def pdftotext(pdf):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def flat(text):
    return re.sub(r"\s+", " ", text)


@pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing"
)
@tagged("post_install", "-at_install")
class TestRelazionePdf(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from odoo.addons.cciaa_performance_report.report import formats

        cls.formats = formats
        cls.relazione = cls.env["cciaa.performance.relazione"].search(
            [("cycle_id.year", "=", 2019)], limit=1
        )
        assert cls.relazione, "load the 2019 data set first (scripts/load_dataset.py)"
        port = odoo.tools.config["http_port"]
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{port}"
        )
        reports = cls.env["ir.actions.report"].with_context(force_report_rendering=True)
        cls.pdf, cls.fmt = reports._render_qweb_pdf(PDF_REPORT, cls.relazione.ids)
        cls.text = pdftotext(cls.pdf)
        cls.pages = cls.text.split("\f")

    def body(self, start, end):
        """The text from the heading ``start`` to the heading ``end`` (after the
        index, which lists both)."""
        text = flat("\f".join(self.pages[2:]))
        begin = text.index(start)
        return text[begin : text.index(end, begin + len(start))]

    def test_is_a_pdf_with_page_numbers(self):
        self.assertEqual(self.fmt, "pdf")
        self.assertTrue(self.pdf.startswith(b"%PDF"))
        total = len([p for p in self.pages if p.strip()])
        self.assertIn(f"pag. 2 di {total}", self.pages[1])
        self.assertIn(f"pag. {total} di {total}", self.pages[total - 1])
        index = flat(self.pages[1])
        self.assertRegex(
            index, r"3\.1 Rendicontazione degli obiettivi strategici triennali \d+"
        )

    def test_ente_97_8_in_sections_1_and_3(self):
        expected = self.formats.pct1(
            HEADLINE["performance_ente"]["cross_check"]["weighted_from_ambiti"]
        )
        section1 = self.body(
            "1. I principali risultati raggiunti", "2. Analisi del contesto"
        )
        kpi = re.search(r"PERFORMANCE DI ENTE (\S+%)", section1).group(1)
        section3 = self.body("3. Rendicontazione della performance", "3.0 Albero")
        overall = re.search(r"misura complessiva del (\S+%)", section3).group(1)
        self.assertEqual(kpi, expected)
        self.assertEqual(overall, kpi)  # no contradiction between sections

    def test_areas_and_ob3(self):
        section1 = self.body(
            "1. I principali risultati raggiunti", "2. Analisi del contesto"
        )
        for area in HEADLINE["ambiti_strategici"]["rows"]:
            self.assertIn(self.formats.pct1(area["value"]), section1)
        ob3 = next(
            a for a in HEADLINE["ambiti_strategici"]["rows"] if a["code"] == "OB 3"
        )
        self.assertIn(f"OB3 {ob3['title'].split(',')[0]}", section1)
        self.assertIn("95,5%", self.formats.pct1(ob3["value"]))

    def test_unit_results_and_frd(self):
        sheets = self.body(
            "Schede delle unità organizzative", "3.3 Valutazione complessiva"
        )
        for unit in SHEETS["units"]:
            expected = self.formats.pct(unit["published_result_pct"])
            self.assertRegex(
                sheets,
                rf"{re.escape(unit['code'])} – [^–]+ – Risultato ambito organizzativo "
                rf"{re.escape(expected)}",
            )
        frd = next(u for u in SHEETS["units"] if u["code"] == "FRD")
        self.assertEqual(self.formats.pct(frd["published_result_pct"]), "97,41%")

    def test_every_indicator_with_result_and_parametrata(self):
        tree = self.body("3.0 Albero della performance", "3.1 Rendicontazione")
        indicators = list(tree_indicators())
        codes = [i["code"] for i in indicators]
        Result = self.env["cciaa.performance.result"]
        positions = sorted((tree.index(f" {code} "), code) for code in codes)
        segments = {}
        for (start, code), following in zip(
            positions, positions[1:] + [(len(tree), None)], strict=True
        ):
            segments[code] = tree[start : following[0]]
        for indicator in indicators:
            code = indicator["code"]
            stored = Result.search(
                [
                    ("cycle_id", "=", self.relazione.cycle_id.id),
                    ("quarter", "=", 3),
                    ("level", "=", "indicator"),
                    ("code", "=", code),
                ]
            )
            result = stored.result_date or stored.result_value
            shown = self.formats.value(result, stored.indicator_id.is_percent)
            with self.subTest(code=code):
                self.assertIn(
                    self.formats.pct(indicator["achievement_capped_pct"]),
                    segments[code],
                )
                self.assertIn(shown, segments[code])
                if isinstance(result, datetime.date) and isinstance(
                    indicator["result"], str
                ):
                    self.assertEqual(result.isoformat(), indicator["result"])

    def test_company_name_on_sections(self):
        company = self.relazione.company_id.name
        self.assertIn(company, self.pages[0])
        for page in self.pages[2:]:
            if page.strip():
                self.assertIn(company, page)
