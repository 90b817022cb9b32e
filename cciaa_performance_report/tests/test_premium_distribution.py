import io

import openpyxl

from odoo.tests import tagged

from odoo.addons.cciaa_performance.engine.incentive import to_cents
from odoo.addons.cciaa_performance.models.guard import trusted

from ..report.premium_distribution import MIN_GROUP, distribution
from ..report.staff_tables import DIMENSIONS
from .common import Relazione2019Case
from .html_tools import plain, rows, section

CATEGORIES = next(bands for key, _t, bands in DIMENSIONS if key == "category")


def allocation(category, band="full", total=100000, maggiorazione=0):
    return {
        "category": category,
        "band": band,
        "total": total,
        "maggiorazione": maggiorazione,
        "selected": bool(maggiorazione),
    }


@tagged("post_install", "-at_install")
class TestPremiumDistribution(Relazione2019Case):
    """The premiums in the Relazione: aggregated (art. 20 D.Lgs. 33/2013), from
    confirmed allocations only, no row being one or two people's premium."""

    def test_small_categories_printed_together(self):
        allocations = (
            [allocation("D", total=150000) for _i in range(4)]
            + [allocation("C", total=120000) for _i in range(2)]
            + [allocation("C", total=100000), allocation("B", total=90000)]
        )
        data = distribution(allocations, CATEGORIES, 1100000, 70000)
        self.assertEqual(
            [(r["label"], r["people"]) for r in data["by_category"]],
            [("Categoria D", 4), ("Categoria C, Categoria B", 4)],
        )
        self.assertTrue(all(r["people"] >= MIN_GROUP for r in data["by_category"]))
        self.assertEqual(data["distributed"], "10.300,00")
        self.assertEqual(data["undistributed"], "700,00")
        self.assertEqual(data["by_category"][1]["mean"], "1.075,00")

    def test_a_category_of_few_people_paid_is_merged_too(self):
        allocations = [allocation("D", total=100000)] + [
            allocation("D", band="none", total=0) for _i in range(3)
        ]
        allocations += [allocation("C") for _i in range(3)]
        data = distribution(allocations, CATEGORIES, 400000, 0)
        self.assertEqual(len(data["by_category"]), 1)  # D alone would be one premium

    def test_bands_and_not_computable_means(self):
        allocations = [allocation("C") for _i in range(3)]
        allocations += [
            allocation("C", band="proportional", total=40000),
            allocation("C", band="excluded", total=0),
        ]
        allocations[0]["maggiorazione"], allocations[0]["selected"] = 3000, True
        data = distribution(allocations, CATEGORIES, 500000, 0)
        bands = {r["label"]: r for r in data["by_band"]}
        # one person in the proportional band: the paying bands together
        self.assertNotIn("Premio proporzionale al punteggio", bands)
        paying = bands["Premio pieno o proporzionale al punteggio"]
        self.assertEqual((paying["people"], paying["total"]), (4, "3.370,00"))
        excluded = bands[
            "Senza titolo al premio (giorni di servizio o punteggio mancante)"
        ]
        self.assertEqual((excluded["people"], excluded["mean"]), (1, "n.d."))
        self.assertEqual(
            bands["Maggiorazione del premio individuale"]["total"], "30,00"
        )
        empty = distribution([], CATEGORIES, 0, 0)
        self.assertFalse(empty["available"])
        self.assertEqual(empty["mean"], "n.d.")

    def test_only_a_confirmed_allocation_is_printed(self):
        fund = self.premium_fund()
        self.assertEqual(fund.state, "simulated")
        provider = self.provider
        self.assertFalse(provider._prepare_cycle(self.cycle)["incentive"]["available"])
        self.assertIn(
            "nessuna ripartizione del fondo confermata",
            plain(section(self.render_html(), "s4")),
        )
        trusted(self.cycle).write({"state": "validated"})
        fund.action_confirm()
        premi = provider._prepare_cycle(self.cycle)["incentive"]
        lines = fund.allocation_ids
        self.assertEqual(premi["people"], len(lines))
        self.assertEqual(
            to_cents(premi["distributed_raw"]),
            sum(to_cents(a.total_amount) for a in lines),
        )
        self.assertEqual(
            [(r["label"], r["people"]) for r in premi["by_category"]],
            [("Categoria D", 4)],
        )
        html = section(self.render_html(), "s4")
        self.assertIn("Distribuzione dei premi collegati alla performance", html)
        self.assertIn(["Premi distribuiti (euro)", premi["distributed"]], rows(html))
        self.assertIn(
            ["Categoria D", "4", "4", premi["distributed"]], [r[:4] for r in rows(html)]
        )
        self.assertNamesNobody(plain(html))
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            "cciaa_performance_report.action_report_relazione_xlsx",
            self.relazione.ids,
            None,
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Distribuzione premi"]
        cells = list(sheet.iter_rows(values_only=True))
        header = cells[0]
        table = [dict(zip(header, row, strict=True)) for row in cells[1:]]
        category = next(r for r in table if r["Distribuzione"] == "Categoria")
        self.assertEqual(category["Dipendenti"], 4)
        self.assertEqual(
            to_cents(category["Totale premi (euro)"]),
            to_cents(premi["distributed_raw"]),
        )
        self.assertNotIn(0, [r["Premio medio (euro)"] for r in table])
