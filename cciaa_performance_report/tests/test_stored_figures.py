"""Renderers compute nothing (docs/STYLE.md, "Shape"): every figure of the
Relazione, its XLSX, the unit sheets, the schede and the monitoring report is
a stored result, printed as it is; "n.d." with its reason where a figure is
not evaluable, never a 0.

The case: the 2019 data set without the third quadrimester's values, and the
third campaign opened, as during the year: the campaign creates the empty rows
(``entered`` False) the units must fill, and the figures of everything only
the third quadrimester measures are not evaluable (OB1, its objectives, the
ENTE pseudo-unit...). Expected values are read from the stored results and
from the engine, never typed."""

import csv
import datetime
import io
import os
import re
import shutil
import tempfile

import openpyxl

from odoo import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.cciaa_performance.engine import status_counts
from odoo.addons.cciaa_performance.models.guard import trusted

from ..report import formats
from .common import DATASET_2019, Relazione2019Case
from .html_tools import plain, rows, section, unit_sheet_rows

OPEN_QUARTER = "3"
MEASURE_STEPS = {
    "ratio": "ratio_pooled",
    "count": "count_sum",
    "average": "average_mean",
    "date": "date_completion",
    "value": "value_latest",
}


def measure_step(explanation, rule):
    """The step ``rule`` of a stored explanation (depth first), or None."""
    if explanation.get("rule") == rule:
        return explanation
    for step in explanation.get("steps") or ():
        found = measure_step(step, rule)
        if found:
            return found
    return None


def recorded_totals(result):
    """What the engine recorded as the yearly totals of a stored row result,
    one per parameter (None: no total, nothing was reported)."""
    measure = result.indicator_id.measure
    step = measure_step(result.explanation, MEASURE_STEPS[measure])
    inputs = dict(step["inputs"]) if step else {}
    reported = result.reason not in ("no_data", "bad_value")
    if measure == "ratio":
        return [
            inputs["numerator_sum"] if reported else None,
            inputs["denominator_sum"] if reported else None,
        ]
    if not reported:
        return [None]
    if measure == "count":
        return [inputs["sum"]]
    if measure == "average":  # the mean of the reported values: the result
        return [result.result_value]
    if measure == "date":
        return [
            datetime.datetime.strptime(inputs["completion_date"], "%d/%m/%Y").date()
        ]
    return [inputs["value"]]


@tagged("post_install", "-at_install")
class TestStoredFiguresOpenCampaign(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        folder = tempfile.mkdtemp(prefix="cciaa_open_campaign_")
        cls.addClassCleanup(shutil.rmtree, folder, ignore_errors=True)
        dataset = os.path.join(folder, "dataset")
        shutil.copytree(DATASET_2019, dataset)
        path = os.path.join(dataset, "misurazioni.csv")
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, lines = reader.fieldnames, list(reader)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header)
            writer.writeheader()
            writer.writerows(r for r in lines if r["quadrimestre"] != OPEN_QUARTER)
        cls.cycle = cls.env["cciaa.performance.cycle"]._import_dataset_path(dataset)
        cls.campaign = cls.env["cciaa.performance.campaign"].create(
            {"cycle_id": cls.cycle.id, "quarter": OPEN_QUARTER}
        )
        cls.campaign.action_open()  # the empty rows, and the results recomputed
        cls.cycle.action_open_relazione()
        cls.relazione = cls.cycle.relazione_ids
        cls.env["cciaa.performance.scheda"].search(
            [("cycle_id", "=", cls.cycle.id)]
        )._refresh_results()
        cls.provider = cls.env["report.cciaa_performance_report.report_relazione"]
        Report = cls.env["ir.actions.report"]
        cls.html = Report._render_qweb_html(
            "cciaa_performance_report.action_report_relazione", cls.relazione.ids
        )[0].decode()
        content, _fmt = Report._render_xlsx(
            "cciaa_performance_report.action_report_relazione_xlsx",
            cls.relazione.ids,
            None,
        )
        cls.workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        cls.results = cls.env["cciaa.performance.result"].search(
            [("cycle_id", "=", cls.cycle.id), ("quarter", "=", int(OPEN_QUARTER))]
        )

    def sheet_rows(self, name):
        values = list(self.workbook[name].iter_rows(values_only=True))
        return [dict(zip(values[0], row, strict=True)) for row in values[1:]]

    def stored(self, level):
        return self.results.filtered(lambda r: r.level == level)

    def not_available(self, result):
        """What a figure that is not evaluable prints: "n.d." and the label of
        its stored reason, in the language of the document."""
        env = self.env(context=dict(self.env.context, lang=self.lang()))
        labels = dict(result._fields["reason"]._description_selection(env))
        return f"{formats.NOT_AVAILABLE} ({labels[result.reason]})"

    def lang(self):
        return self.env["res.lang"]._get_code("it_IT") or self.env.lang

    # -- (a) placeholders, and totals from the stored rows ---------------------

    def test_results_of_the_open_quadrimester_are_printed(self):
        self.assertTrue(self.stored("row"))
        self.assertEqual(self.provider._prepare(self.relazione)["quarter"], 3)

    def test_placeholders_are_never_printed(self):
        placeholders = self.env["cciaa.performance.measurement"].search(
            [("cycle_id", "=", self.cycle.id), ("entered", "=", False)]
        )
        self.assertTrue(placeholders)
        self.assertEqual(set(placeholders.mapped("quarter")), {OPEN_QUARTER})
        self.assertFalse(
            self.env["cciaa.performance.measurement"].search_count(
                [
                    ("cycle_id", "=", self.cycle.id),
                    ("quarter", "=", OPEN_QUARTER),
                    ("entered", "=", True),
                ]
            )
        )
        printed = unit_sheet_rows(self.html)
        self.assertEqual(
            set(printed),
            {(r.unit_code, r.code) for r in self.stored("row")},
        )
        for key, (_cells, lines) in printed.items():
            with self.subTest(row=key):
                # Parametro, I, II, III, TOT: nothing in the open quadrimester
                self.assertEqual([line[3] for line in lines], [""] * len(lines))
        workbook = self.sheet_rows("Schede unità")
        self.assertTrue(workbook)
        self.assertEqual({r["Dati III quadr."] for r in workbook}, {None})

    def test_totals_are_the_stored_row_inputs(self):
        printed = unit_sheet_rows(self.html)
        workbook = {}
        for line in self.sheet_rows("Schede unità"):
            workbook.setdefault((line["Unità"], line["Codice"]), []).append(
                line["TOT / MEDIA anno"]
            )
        checked = set()
        for result in self.stored("row"):
            key = (result.unit_code, result.code)
            expected = recorded_totals(result)
            checked.add(result.indicator_id.measure)
            with self.subTest(row=key):
                self.assertEqual(
                    [line[4] for line in printed[key][1]],
                    [formats.value(total) for total in expected],
                )
                cells = [
                    cell.date() if isinstance(cell, datetime.datetime) else cell
                    for cell in workbook[key]
                ]
                self.assertEqual(
                    cells,
                    [
                        formats.NOT_AVAILABLE if total is None else total
                        for total in expected
                    ],
                )
        self.assertEqual(checked, set(MEASURE_STEPS))

    # -- (b) "n.d." with the reason, never 0 -----------------------------------

    def test_not_evaluable_figures_print_nd_with_reason(self):
        not_evaluable = self.results.filtered(lambda r: not r.evaluable)
        levels = set(not_evaluable.mapped("level"))
        self.assertTrue({"area", "os", "oo", "unit", "row", "indicator"} <= levels)
        for result in not_evaluable:
            self.assertEqual(result.score, 0.0)  # what a renderer must not print
        tree = {(r[0], r[1].split(" ")[0]): r for r in rows(section(self.html, "s30"))}
        kinds = {"area": "AS", "os": "OS", "oo": "OO"}
        for result in not_evaluable.filtered(lambda r: r.level in kinds):
            with self.subTest(level=result.level, code=result.code):
                row = tree[(kinds[result.level], result.code)]
                self.assertEqual(row[-1], self.not_available(result))
        for result in not_evaluable.filtered(lambda r: r.level == "indicator"):
            with self.subTest(indicator=result.code):
                row = tree[(result.indicator_kind, result.code)]
                # result and achievement, the target being the plan's
                self.assertEqual([row[2], row[4]], [formats.NOT_AVAILABLE] * 2)
                self.assertEqual(row[5], self.not_available(result))
        area = not_evaluable.filtered(lambda r: r.level == "area")[:1]
        s1 = next(r for r in rows(section(self.html, "s1")) if r[0] == area.code)
        self.assertEqual(s1[-1], self.not_available(area))
        s31 = next(
            r
            for r in rows(section(self.html, "s31"))
            if len(r) > 1 and r[1].startswith(area.code + " ")
        )
        self.assertIn(self.not_available(area), s31)
        # the pre-validation annex names the reason as the figures print it
        label = self.not_available(area)[len(formats.NOT_AVAILABLE) + 2 : -1]
        self.assertIn(
            f"{area.code}: non valutabile ({label})", plain(section(self.html, "a2"))
        )
        for result in not_evaluable.filtered(lambda r: r.level == "unit"):
            self.assertRegex(
                plain(section(self.html, "s3u")),
                rf"{re.escape(result.code)} – [^–]+ – Risultato ambito organizzativo "
                rf"{re.escape(self.not_available(result))}",
            )
        sheets = unit_sheet_rows(self.html)
        for result in not_evaluable.filtered(lambda r: r.level == "row"):
            cells = sheets[(result.unit_code, result.code)][0]
            with self.subTest(row=(result.unit_code, result.code)):
                self.assertEqual([cells[8], cells[10]], [formats.NOT_AVAILABLE] * 2)
                self.assertEqual(cells[11], self.not_available(result))

    def test_workbook_prints_nd_with_reason(self):
        tree = {
            (r["Ob/Ind"], r["Codice"]): r
            for r in self.sheet_rows("Albero")
            if r["Ob/Ind"] in ("AS", "OS", "OO", "IS", "IO", "FRD", "IS TOT")
        }
        kinds = {"area": "AS", "os": "OS", "oo": "OO", "is_total": "IS TOT"}
        checked = 0
        for result in self.results.filtered(lambda r: not r.evaluable):
            kind = kinds.get(result.level) or (
                result.indicator_kind if result.level == "indicator" else None
            )
            if not kind:
                continue
            with self.subTest(level=result.level, code=result.code):
                row = tree[(kind, result.code)]
                self.assertEqual(
                    row["% realizzazione parametrata"], self.not_available(result)
                )
                for column in ("% su Ob pond", "% su Ente", "% realizzazione target"):
                    self.assertNotEqual(row[column], 0)
                checked += 1
        self.assertTrue(checked)
        lines = self.sheet_rows("Schede unità")
        units = {r["Unità"]: r["Risultato ambito organizzativo %"] for r in lines}
        for result in self.stored("unit"):
            expected = result.score if result.evaluable else self.not_available(result)
            self.assertEqual(units[result.code], expected)
        first = {
            (r["Unità"], r["Codice"]): r
            for r in lines
            if r["% realizzazione parametrata"] is not None
        }
        for result in self.stored("row").filtered(lambda r: not r.evaluable):
            row = first[(result.unit_code, result.code)]
            self.assertEqual(
                row["% realizzazione parametrata"], self.not_available(result)
            )
            self.assertEqual(row["% realizzazione target"], formats.NOT_AVAILABLE)

    def test_schede_and_monitoring_print_nd_with_reason(self):
        scheda = self.env["cciaa.performance.scheda"].search(
            [("cycle_id", "=", self.cycle.id), ("category", "=", "sg")]
        )
        rows = self.stored("row")
        line, stored = next(
            (line, result)
            for line in scheda.line_ids.filtered(lambda li: not li.evaluable)
            for result in rows
            if result.indicator_id == line.indicator_id
            and result.department_id == line.department_id
        )
        self.assertFalse(stored.evaluable)
        text = plain(
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cciaa_performance_report.action_report_scheda_record", scheda.ids
            )[0]
            .decode()
        )
        self.assertIn(f"{line.code} ", text)
        self.assertIn(self.not_available(stored), text)
        position = plain(section(self.html, "s4"))
        self.assertIn(self.not_available(stored), position)
        # the monitoring report, in the user's language
        html = plain(
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cciaa_performance.report_monitoring", self.campaign.ids
            )[0]
            .decode()
        )
        labels = dict(self.results._fields["reason"]._description_selection(self.env))
        for result in self.stored("area").filtered(lambda r: not r.evaluable):
            self.assertIn(
                f"{result.code} {result.area_id.name} – "
                f"{formats.NOT_AVAILABLE} ({labels[result.reason]})",
                html,
            )
            self.assertNotIn(f"{result.code} {result.area_id.name} – 0,00%", html)

    # -- (c) the engine's counts ----------------------------------------------------

    def test_counts_are_the_engines_status_counts(self):
        table = rows(section(self.html, "s3"))
        for level, label in (
            ("os", "Obiettivi strategici"),
            ("oo", "Obiettivi operativi"),
        ):
            stored = self.stored(level)
            counts = status_counts([r.score if r.evaluable else None for r in stored])
            self.assertTrue(counts["not_evaluable"], level)
            row = next(r for r in table if r and r[0] == label)
            with self.subTest(level=level):
                self.assertEqual(row[1], str(counts["total"]))
                self.assertEqual(row[2], str(counts["reached"]))
                self.assertEqual(row[3].split(" ")[0], str(counts["partial"]))
                self.assertEqual(row[4], str(counts["not_reached"]))
            prepared = self.provider._prepare(self.relazione)["status_counts"][level]
            for key, value in counts.items():
                self.assertEqual(prepared[key], value)
        summary = self.cycle._individual_summary()
        self.assertTrue(summary["dirigenti"]["not_evaluable"])
        printed = rows(section(self.html, "s4"))
        for label, key in (
            ("Obiettivi con target raggiunto", "reached"),
            ("Obiettivi con target parzialmente raggiunto", "partial"),
            ("Obiettivi con target non raggiunto", "not_reached"),
        ):
            self.assertEqual(
                [r[1:] for r in printed if r and r[0] == label],
                [
                    [str(summary[who][key]), formats.pct(summary[who][f"{key}_pct"], 0)]
                    for who in ("dirigenti", "po")
                ],
            )
        self.assertEqual(
            [r[1] for r in printed if r and r[0] == "Obiettivi totali assegnati"],
            [str(summary[who]["total"]) for who in ("dirigenti", "po")],
        )

    def test_section4_rows_are_the_summary_rows(self):
        summary = self.cycle._individual_summary()
        individual = self.provider._prepare(self.relazione)["individual"]
        printed = [
            [row["code"] for row in table["rows"]]
            for table in individual["sg"] + individual["po"]
        ]
        expected = [
            [row["code"] for row in scheda["rows"]]
            for category in ("sg", "po")
            for scheda in sorted(
                (s for s in summary["schede"] if s["category"] == category),
                key=lambda s: s["unit"],
            )
        ]
        self.assertEqual(printed, expected)


@tagged("post_install", "-at_install")
class TestConfirmedPremiumsOnly(Relazione2019Case):
    """(d) The workbook's premiums are confirmed allocations only: a
    simulation prints nothing, and next to a confirmed fund a simulated one
    adds nothing."""

    def distribution(self):
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            "cciaa_performance_report.action_report_relazione_xlsx",
            self.relazione.ids,
            None,
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Distribuzione premi"]
        cells = list(sheet.iter_rows(values_only=True))
        return [dict(zip(cells[0], row, strict=True)) for row in cells[1:]]

    def test_no_simulated_allocation_in_the_workbook(self):
        fund = self.premium_fund()
        self.assertEqual(fund.state, "simulated")
        self.assertTrue(fund.allocation_ids)
        table = self.distribution()
        self.assertEqual(len(table), 1)
        self.assertFalse(
            [v for row in table for v in row.values() if isinstance(v, (int, float))]
        )
        second = self.env["cciaa.performance.incentive.fund"].create(
            {
                "name": "Simulazione su un fondo più grande",
                "cycle_id": self.cycle.id,
                "amount": fund.amount * 3,
                "quota_pct": fund.quota_pct,
                "coefficient_ids": [
                    Command.create(
                        {"category": c.category, "coefficient": c.coefficient}
                    )
                    for c in fund.coefficient_ids
                ],
            }
        )
        second.action_simulate()
        self.assertTrue(second.allocation_ids)
        trusted(self.cycle).write({"state": "validated"})
        fund.action_confirm()
        self.assertEqual(second.state, "simulated")
        table = self.distribution()
        allocated = next(
            r for r in table if r["Categoria / fascia"] == "Premi stanziati"
        )
        self.assertEqual(allocated["Totale premi (euro)"], fund.amount)
        category = next(r for r in table if r["Distribuzione"] == "Categoria")
        self.assertEqual(category["Dipendenti"], len(fund.allocation_ids))
