import ast
import datetime
import io
import math
import shutil
import subprocess
import tempfile

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import BaseCase, HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import config

from odoo.addons.cciaa_performance.models.cycle_years import trend
from odoo.addons.cciaa_performance.tests.next_cycle_common import dataset_with_plan

from ..report import formats
from ..report.relazione_years import TREND_IT, TREND_SYMBOL
from .html_tools import rows, section


class YearOverYearCase:
    """Two years: the 2019 data set (with its three-year plan) and the 2020
    cycle the manager's wizard makes from it, whose offices enter the 2019
    values again with one indicator in three lowered by a tenth (dates a year
    later), quadrimester by quadrimester. The Relazione 2020 (HTML, PDF
    text, workbook), the unit sheets and the indicators' screen print, for
    each indicator, the stored result 2020 beside the stored result 2019 of
    the indicator with the same code, and the trend."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls._two_years()

    @classmethod
    def _two_years(cls):
        folder = dataset_with_plan()
        try:
            cls.cycle_2019 = cls.env["cciaa.performance.cycle"]._import_dataset_path(
                folder
            )
        finally:
            shutil.rmtree(folder)
        company = cls.cycle_2019.company_id
        cls.manager = new_test_user(
            cls.env,
            login="yoy_manager",
            groups="cciaa_performance.group_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        action = cls.cycle_2019.with_user(cls.manager).action_next_cycle()
        wizard = cls.env[action["res_model"]].with_user(cls.manager)
        wizard = wizard.browse(action["res_id"])
        wizard.action_confirm()
        cls.cycle_2020 = wizard.new_cycle_id.with_user(cls.manager)
        cls.cycle_2020.action_activate()
        cls._enter_2020()
        cls.cycle_2020.action_recompute()
        cls.cycle_2020 = cls.cycle_2020.with_env(cls.env)
        cls.cycle_2020.action_open_relazione()
        cls.relazione = cls.cycle_2020.relazione_ids
        cls.stored = {
            year: {
                r.code: r
                for r in cls.env["cciaa.performance.result"].search(
                    [
                        ("cycle_id", "=", cycle.id),
                        ("quarter", "=", 3),
                        ("level", "=", "indicator"),
                    ]
                )
            }
            for year, cycle in ((2019, cls.cycle_2019), (2020, cls.cycle_2020))
        }

    @classmethod
    def _enter_2020(cls):
        """Each unit's office enters 2020 through the ORM, under the record
        rules of its unit: each value of 2019 (same indicator, unit,
        quadrimester, parameter), lowered by a tenth on one indicator in
        three; dates one year later. The manager opens and closes each
        quadrimester."""
        company = cls.cycle_2020.company_id
        offices = {}
        for unit in cls.cycle_2020.indicator_ids.department_ids:
            login = f"yoy_office_{unit.cciaa_code}"
            office = new_test_user(
                cls.env,
                login=login,
                groups="cciaa_performance.group_office_user",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
            employee = cls.env["hr.employee"].create(
                {"name": login, "user_id": office.id, "company_id": company.id}
            )
            cls.env["cciaa.performance.assignment"].create(
                {
                    "employee_id": employee.id,
                    "department_id": unit.id,
                    "date_from": datetime.date(2020, 1, 1),
                }
            )
            offices[unit] = office
        codes = sorted(cls.cycle_2019.indicator_ids.mapped("code"))
        cls.lowered = set(codes[::3])
        values_2019 = {
            (m.indicator_id.code, m.department_id.id, m.quarter, m.parameter): m
            for m in cls.cycle_2019.indicator_ids.measurement_ids
            if m.entered
        }
        cls.cycle_2020.action_create_campaigns()
        Measurement = cls.env["cciaa.performance.measurement"]
        for campaign in cls.cycle_2020.campaign_ids.sorted("quarter"):
            campaign.action_open()
            for unit, office in offices.items():
                rows_2020 = Measurement.with_user(office).search(
                    [
                        ("cycle_id", "=", cls.cycle_2020.id),
                        ("quarter", "=", campaign.quarter),
                        ("department_id", "=", unit.id),
                    ]
                )
                # denominators first: a numerator is checked against its pair
                for row in rows_2020.sorted(lambda m: m.parameter != "2"):
                    key = (row.indicator_id.code, unit.id, row.quarter, row.parameter)
                    if key in values_2019:
                        row.write(cls._changed(values_2019[key], key[0]))
            campaign.action_close()

    @classmethod
    def _changed(cls, old, code):
        if old.measure == "date":
            return {"date_value": old.date_value.replace(year=2020)}
        value = old.value
        if code in cls.lowered and old.parameter == "1":
            value = value * 0.9
            if old.measure == "count":
                value = float(math.floor(value))
        return {"value": value, "note": old.note}

    # -- expected, from the stored figures of each year --------------------------

    def printed(self, year, code):
        result = self.stored[year].get(code)
        if not result or not result.evaluable:
            return formats.NOT_AVAILABLE, None
        indicator = result.indicator_id
        raw = result.result_date if indicator.measure == "date" else result.result_value
        return formats.value(raw, indicator.is_percent), raw

    def expected(self, code):
        text_2020, raw_2020 = self.printed(2020, code)
        text_2019, raw_2019 = self.printed(2019, code)
        comparator = self.cycle_2020.indicator_ids.filtered(
            lambda i: i.code == code
        ).comparator
        key = trend(raw_2019, raw_2020, comparator)
        return text_2020, text_2019, key

    def render_html(self):
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "cciaa_performance_report.action_report_relazione", self.relazione.ids
        )
        return html.decode()


@tagged("post_install", "-at_install")
class TestYearOverYear(YearOverYearCase, TransactionCase):
    """The screens, the Relazione (HTML), its workbook and the dashboard."""

    def test_the_two_years_differ(self):
        """The data set makes both kinds of row: changed and unchanged."""
        keys = {self.expected(code)[2] for code in self.stored[2020]}
        self.assertIn("same", keys)
        self.assertTrue(keys & {"better", "worse"})
        changed = [
            code
            for code in self.stored[2020]
            if self.printed(2020, code)[0] != self.printed(2019, code)[0]
        ]
        self.assertTrue(changed)

    def test_relazione_html_prints_both_years(self):
        html = self.render_html()
        for anchor, result_col in (("s30", 2), ("s31", 3), ("s32", 3)):
            part = section(html, anchor)
            self.assertIn("Risultato 2019", part)
            printed = {
                cells[1].split(" ")[0]: cells
                for cells in rows(part)
                if len(cells) > result_col + 1
            }
            indicators = self.cycle_2020.indicator_ids.filtered(
                lambda i, anchor=anchor: (
                    anchor == "s30" or (anchor == "s31") == (i.kind == "IS")
                )
            )
            self.assertTrue(indicators)
            for indicator in indicators:
                with self.subTest(section=anchor, code=indicator.code):
                    text_2020, text_2019, key = self.expected(indicator.code)
                    cells = printed[indicator.code]
                    self.assertEqual(cells[result_col], text_2020)
                    self.assertEqual(
                        cells[result_col + 1],
                        f"{text_2019} {TREND_SYMBOL[key]}" if key else text_2019,
                    )
        # the unit sheets: the row of each unit carries the indicator's years
        sheets = section(html, "s3u")
        self.assertIn("Risultato indicatore 2019", sheets)
        for cells in rows(sheets):
            if len(cells) == 13 and cells[0] != "Ob/Ind":
                code = cells[1].split(" ")[0]
                _text_2020, text_2019, key = self.expected(code)
                self.assertEqual(
                    cells[9], f"{text_2019} {TREND_SYMBOL[key]}" if key else text_2019
                )

    def test_workbook_prints_both_years(self):
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            "cciaa_performance_report.action_report_relazione_xlsx",
            self.relazione.ids,
            None,
        )
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        for name, previous in (
            ("Albero", "Risultato 2019"),
            ("Schede unità", "Risultato indicatore 2019"),
        ):
            values = list(workbook[name].iter_rows(values_only=True))
            header = list(values[0])
            self.assertEqual(
                header[header.index("Risultato") + 1 : header.index("Risultato") + 3],
                [previous, "Andamento sul 2019"],
            )
            seen = 0
            for row in values[1:]:
                row = dict(zip(header, row, strict=True))
                code = row["Codice"]
                if code not in self.stored[2020] or row["Risultato"] is None:
                    continue
                seen += 1
                with self.subTest(sheet=name, code=code):
                    text_2019, raw_2019 = self.printed(2019, code)
                    cell = row[previous]
                    if isinstance(cell, datetime.datetime):
                        cell = cell.date()
                    self.assertEqual(cell, text_2019 if raw_2019 is None else raw_2019)
                    key = self.expected(code)[2]
                    self.assertEqual(row["Andamento sul 2019"], TREND_IT.get(key))
            self.assertTrue(seen)

    def test_screen_shows_the_previous_result(self):
        for indicator in self.cycle_2020.indicator_ids.with_user(self.manager):
            with self.subTest(code=indicator.code):
                _text_2020, text_2019, key = self.expected(indicator.code)
                self.assertEqual(indicator.previous_result, text_2019)
                self.assertEqual(indicator.trend, key or False)
        # 2019 has no cycle before it: nothing to show
        self.assertFalse(any(self.cycle_2019.indicator_ids.mapped("previous_result")))

    def test_dashboard_shows_the_ente_over_the_years(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_result_years"
        )
        groups = (
            self.env["cciaa.performance.result"]
            .with_user(self.manager)
            ._read_group(
                [
                    *ast.literal_eval(action["domain"]),
                    ("level", "=", "ente"),
                    ("quarter", "=", 3),
                ],
                ["cycle_id"],
                ["score:avg"],
            )
        )
        self.assertEqual(
            {cycle: score for cycle, score in groups},
            {
                cycle: cycle.result_ids.filtered(
                    lambda r: r.level == "ente" and r.quarter == 3
                ).score
                for cycle in self.cycle_2019 | self.cycle_2020
            },
        )


@tagged("post_install", "-at_install")
class TestYearOverYearPdf(YearOverYearCase, HttpCase):
    """The PDF as a user downloads it: wkhtmltopdf fetches the report's
    assets from the test server, which serves the test's transaction only
    in an HttpCase."""

    def test_relazione_pdf_text_prints_both_years(self):
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed")
        self.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        content, fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "cciaa_performance_report.action_report_relazione", self.relazione.ids
            )
        )
        self.assertEqual(fmt, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(content)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        self.assertIn("Risultato 2019", text)
        lines = text.splitlines()
        # section 3.0 prints one line per indicator: code, title, result
        # 2020, result 2019 with its trend
        for indicator in self.cycle_2020.indicator_ids:
            text_2020, text_2019, _key = self.expected(indicator.code)
            matching = [
                line
                for line in lines
                if indicator.code in line.split()
                and text_2020 in line
                and text_2019 in line.split(text_2020, 1)[1]
            ]
            with self.subTest(code=indicator.code):
                self.assertTrue(matching, f"{text_2020} then {text_2019}")


@tagged("post_install", "-at_install")
class TestTrend(BaseCase):
    """The trend rule (models/cycle_years.py) on every pair of figures:
    better is the side the comparator names, a date of N-1 is compared one
    year later, nothing where a year has no figure."""

    @given(st.floats(0, 1e6), st.floats(0, 1e6))
    def test_numbers(self, previous, current):
        moved = (current > previous) - (current < previous)
        for comparator, sign in ((">=", 1), ("<=", -1)):
            expected = {0: "same", sign: "better", -sign: "worse"}[moved]
            self.assertEqual(trend(previous, current, comparator), expected)
        self.assertEqual(
            trend(previous, current, "="), "same" if moved == 0 else "changed"
        )
        self.assertIsNone(trend(None, current, ">="))
        self.assertIsNone(trend(previous, None, ">="))

    @given(st.dates(datetime.date(2001, 1, 1), datetime.date(2098, 12, 31)))
    def test_dates_one_year_apart(self, previous):
        try:
            same_day = previous.replace(year=previous.year + 1)
        except ValueError:  # 29 February: the last day of February
            same_day = previous.replace(year=previous.year + 1, day=28)
        self.assertEqual(trend(previous, same_day, "deadline"), "same")
        later = same_day + datetime.timedelta(days=1)
        earlier = same_day - datetime.timedelta(days=1)
        self.assertEqual(trend(previous, later, "deadline"), "worse")
        self.assertEqual(trend(previous, earlier, "deadline"), "better")
        self.assertIsNone(trend(previous, 1.0, "deadline"))
