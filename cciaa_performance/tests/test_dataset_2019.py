from odoo.tests import TransactionCase, tagged

from .common import DATASET_2019
from .reference_2019 import (
    CONTRADICTED_RESULTS,
    SHEETS,
    TREE,
    printed_value,
    sheet_rows,
    tree_indicators,
    tree_objectives,
)


@tagged("post_install", "-at_install")
class TestDataset2019(TransactionCase):
    """The real 2019 cycle imported through the wizard: the stored results equal
    the published ones; where the document contradicts itself, our rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle = cls.env["cciaa.performance.cycle"]._import_dataset_path(
            DATASET_2019
        )
        results = cls.env["cciaa.performance.result"].search(
            [("cycle_id", "=", cls.cycle.id), ("quarter", "=", 3)]
        )
        cls.by_key = {(r.level, r.code, r.unit_code or None): r for r in results}

    def result(self, level, code, unit=None):
        return self.by_key[(level, code, unit)]

    def test_unit_sheet_rows(self):
        rows = list(sheet_rows())
        self.assertEqual(len(rows), sum(len(u["indicators"]) for u in SHEETS["units"]))
        for unit, code, row in rows:
            with self.subTest(unit=unit, code=code):
                stored = self.result("row", code, unit)
                expected = printed_value(row["result"])
                actual = (
                    stored.result_date if stored.result_date else stored.result_value
                )
                self.assertEqual(actual, expected)
                self.assertEqual(stored.achievement, row["achievement_pct"])
                self.assertEqual(stored.score, row["achievement_capped_pct"])
                self.assertEqual(stored.department_id.cciaa_code, unit)

    def test_unit_results(self):
        for unit in SHEETS["units"]:
            with self.subTest(unit=unit["code"]):
                stored = self.result("unit", unit["code"], unit["code"])
                self.assertEqual(stored.score, unit["published_result_pct"])

    def test_tree_indicators(self):
        for indicator in tree_indicators():
            with self.subTest(code=indicator["code"]):
                stored = self.result("indicator", indicator["code"])
                self.assertEqual(stored.score, indicator["achievement_capped_pct"])

    def test_tree_indicator_results(self):
        """On the result too, not only the parametrata (76 of 77 score 100):
        only the document's own contradictions differ."""
        differ = set()
        for indicator in tree_indicators():
            stored = self.result("indicator", indicator["code"])
            value = stored.result_date or stored.result_value
            if not stored.evaluable or value != printed_value(indicator["result"]):
                differ.add(indicator["code"])
        self.assertEqual(differ, CONTRADICTED_RESULTS)

    def test_entity_pooling_differs_from_the_printed_figures(self):
        # S2.1.1-b and S2.1.4-b: the document prints entity figures (94,63 / 94,59
        # and 94,69 / 94,56) that disagree with each other and with pooling the
        # six services' parameters, which is our rule (docs/RULES.md R2, C3).
        for code in ("S2.1.1-b", "S2.1.4-b"):
            rows = [row for _u, c, row in sheet_rows() if c == code]
            num = sum(r["parameters"][0]["total"] for r in rows)
            den = sum(r["parameters"][1]["total"] for r in rows)
            printed = next(i for i in tree_indicators() if i["code"] == code)["result"]
            stored = self.result("indicator", code)
            self.assertEqual(stored.result_value, round(num / den * 100, 2))
            self.assertNotEqual(stored.result_value, printed)

    def test_objectives_areas_and_ente(self):
        for oo in tree_objectives("oo"):
            self.assertEqual(self.result("oo", oo["code"]).score, oo["published_pct"])
        for os_ in tree_objectives("os"):
            stored = self.result("os", os_["code"])
            self.assertEqual(stored.score, os_["published_pct"])
            self.assertEqual(
                self.result("is_total", os_["code"]).score,
                os_["published_is_total_pct"],
            )
            overridden = os_["published_pct"] != os_["published_is_total_pct"]
            self.assertEqual(stored.overridden, overridden)
            if overridden:
                self.assertTrue(stored.override_motivation)
                self.assertEqual(stored.computed_score, os_["published_is_total_pct"])
        areas = list(tree_objectives("area"))
        for area in areas:
            self.assertEqual(
                self.result("area", area["code"]).score, area["published_pct"]
            )
        ente = self.by_key[("ente", "ENTE", None)]
        expected = sum(a["published_pct"] * a["weight"] for a in areas) / sum(
            a["weight"] for a in areas
        )
        self.assertEqual(ente.score, round(expected, 2))
        # Section 1 prints the Ente at 100,0%: a contradiction our single
        # computation cannot produce (section 3 states 97,8%).
        self.assertNotEqual(ente.score, TREE["ente"]["published_pct"])

    def test_every_figure_explains_itself(self):
        ente = self.by_key[("ente", "ENTE", None)]
        self.assertEqual(ente.explanation["rule"], "weighted_mean")
        self.assertIn("OB3", str(ente.explanation))
        self.assertIn("<strong>", ente.explanation_html)
        overridden = self.result("os", "3.2")
        self.assertEqual(overridden.explanation["rule"], "override")

    def test_recompute_is_idempotent(self):
        before = sorted(
            (r.level, r.code, r.unit_code or "", r.quarter, r.score)
            for r in self.cycle.result_ids
        )
        self.cycle.action_recompute()
        after = sorted(
            (r.level, r.code, r.unit_code or "", r.quarter, r.score)
            for r in self.cycle.result_ids
        )
        self.assertEqual(before, after)

    def test_reimport_of_the_same_cycle_is_refused(self):
        cycle, issues = self.env["cciaa.performance.import.wizard"]._run(DATASET_2019)
        self.assertFalse(cycle)
        self.assertEqual(
            [i.code for i in issues if i.severity == "error"], ["cycle_exists"]
        )

    def test_export_and_reimport_give_the_same_results(self):
        """Round trip: the exported workbook (with its results sheet) imports as
        a new chamber's cycle whose results equal the original's."""
        from ..importer.writer import write_xlsx
        from ..models.cycle_export import RESULT_HEADERS

        sheets = self.cycle._export_sheets()
        self.assertEqual(len(sheets["risultati"]), len(self.cycle.result_ids))
        sheets["ciclo"][0]["ente"] = "CCIAA di Prova (copia)"
        data = write_xlsx(sheets, {"risultati": RESULT_HEADERS})
        copy, issues = self.env["cciaa.performance.import.wizard"]._run(
            (data, "copia.xlsx")
        )
        self.assertTrue(copy, [i.code for i in issues])
        self.assertFalse([i for i in issues if i.severity == "error"])
        self.assertNotEqual(copy.company_id, self.cycle.company_id)

        def figures(cycle):
            return sorted(
                (
                    r.quarter,
                    r.level,
                    r.code,
                    r.unit_code or "",
                    r.score,
                    r.achievement,
                    r.result_value,
                    str(r.result_date),
                )
                for r in cycle.result_ids
            )

        self.assertEqual(figures(copy), figures(self.cycle))

        def schede(cycle):
            lines = self.env["cciaa.performance.scheda.line"].search(
                [("cycle_id", "=", cycle.id)]
            )
            return sorted(
                (
                    line.scheda_id.employee_id.cciaa_registration,
                    line.code or "",
                    line.name,
                    line.department_id.cciaa_code or "",
                    line.weight,
                    line.score,
                )
                for line in lines
            )

        self.assertTrue(schede(self.cycle))
        self.assertEqual(schede(copy), schede(self.cycle))
