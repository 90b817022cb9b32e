"""Every role's main flow in a real browser (Odoo UI tours, headless Chromium).

Each test logs in as a user of one group only, with the Italian UI, on data
created here: the 2019 data set through the importer, cut at a quadrimester
so that a monitoring campaign is open, users and assignments as in common.py.
The tours live in static/tests/tours/ and select by field names and XML ids,
not by translated text; the codes, names and figures they look for are read
from the data set (or computed from it by the engine) and handed to the tour
as a JSON attachment, never typed in.
"""

import io
import json
import math

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..engine import (
    ENTE_CODE,
    Comparator,
    Measure,
    QuadrimesterValues,
    achievement,
    formats,
    row_result,
)
from ..engine.incentive import to_cents
from ..importer import parse, read_sheets
from .common import DATASET_2019, reference
from .reference_2019 import TREE
from .test_import_errors import workbook_bytes

LANG = "it_IT"
INDIVIDUAL = reference("individual.json")
# The fund HR enters: an input of the scenario; every figure checked is
# computed from it by the code.
FUND_AMOUNT = 20000.0
# Translations a user of these flows sees: the web client's and our addons'.
UI_MODULES = [
    "base",
    "web",
    "mail",
    "hr",
    "cciaa_performance",
    "cciaa_performance_report",
]


class CciaaTourCase(HttpCase):
    """Italian UI; the 2019 data set; one user per group; tour parameters and
    files to upload as attachments of the tour's user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.lang = cls.env["res.lang"]._lang_get(LANG)
        installed = cls.env["ir.module.module"].search(
            [("name", "in", UI_MODULES), ("state", "=", "installed")]
        )
        cls.env["ir.module.module"]._load_module_terms(installed.mapped("name"), [LANG])
        cls.sheets = read_sheets(DATASET_2019)
        cls.parsed, _issues = parse(cls.sheets)
        cls.indicators = {row.code: row for row in cls.parsed.indicators}

    # -- data ----------------------------------------------------------------

    @classmethod
    def sheets_2019(cls, quarters=(1, 2, 3), overrides=True, ente=None):
        """The 2019 workbook's sheets, with the measurements of `quarters`
        only (the year not over yet), without the overrides if asked."""
        sheets = {
            name: [dict(row) for row in rows] for name, rows in cls.sheets.items()
        }
        sheets["misurazioni"] = [
            row for row in sheets["misurazioni"] if int(row["quadrimestre"]) in quarters
        ]
        if not overrides:
            del sheets["valutazioni_motivate"]
        if ente:
            sheets["ciclo"][0]["ente"] = ente
        return sheets

    @classmethod
    def import_2019(cls, **options):
        """Imported as the importer does it for `make demo`: closed campaigns
        for the quadrimesters with data."""
        source = (workbook_bytes(cls.sheets_2019(**options)), "massa_carrara_2019.xlsx")
        return cls.env["cciaa.performance.import.wizard"]._import_source(source)

    def unit(self, code):
        return self.env["hr.department"].search(
            [("company_id", "=", self.chamber.id), ("cciaa_code", "=", code)]
        )

    def open_campaign(self, quarter):
        campaign = self.env["cciaa.performance.campaign"].create(
            {"cycle_id": self.cycle.id, "quarter": str(quarter)}
        )
        campaign.action_open()
        return campaign

    def fill_quarter(self, quarter):
        """The data set's values of `quarter`, as the offices enter them in
        the open campaign's rows."""
        Measurement = self.env["cciaa.performance.measurement"].with_context(
            tracking_disable=True
        )
        rows = {
            (m.indicator_id.code, m.department_id.cciaa_code, int(m.parameter)): m
            for m in Measurement.search(
                [("cycle_id", "=", self.cycle.id), ("quarter", "=", str(quarter))]
            )
        }
        for m in self.measurements(quarter):
            indicator = self.indicators[m.indicator]
            field = "date_value" if indicator.measure == "date" else "value"
            values = {field: m.value, "note": m.note, "entered": True}
            row = rows.get((m.indicator, m.unit, m.parameter))
            if row:
                row.write(values)
            else:  # a unit without a row to fill (ended before the period)
                Measurement.create(
                    {
                        **values,
                        "indicator_id": self.cycle.indicator_ids.filtered(
                            lambda i, code=m.indicator: i.code == code
                        ).id,
                        "department_id": self.unit(m.unit).id,
                        "quarter": str(quarter),
                        "parameter": str(m.parameter),
                    }
                )

    def year_to_date(self, last_quarter):
        """The data set's quadrimesters up to `last_quarter` entered through
        their campaigns, the last one still open; results recomputed."""
        for quarter in range(2, last_quarter + 1):
            campaign = self.open_campaign(quarter)
            self.fill_quarter(quarter)
            if quarter < last_quarter:
                campaign.action_close()
        self.cycle.action_recompute()
        return campaign

    def dropdown_choice(self, user, field, record, search):
        """What to type in the many2one `field` (a model field) to find
        `record`, and its position in the dropdown as `user` sees it: the
        field's domain and name_search, as the client does."""
        domain = field.domain
        if isinstance(domain, str):
            domain = safe_eval(domain)
        found = (
            self.env[record._name]
            .with_user(user)
            .name_search(search, args=domain or [], limit=8)
        )
        return {"search": search, "index": [rid for rid, _n in found].index(record.id)}

    def measurements(self, quarter, unit=None):
        """The data set's rows of `quarter` (of `unit`)."""
        return [
            m
            for m in self.parsed.measurements
            if m.quarter == quarter and (unit is None or m.unit == unit)
        ]

    def ytd(self, code, unit, up_to, typed=()):
        """(result as the data-entry screen prints it, achievement) of
        `code` on `unit` after quadrimester `up_to`, from the data set's
        earlier quadrimesters plus the `typed` rows, through the engine."""
        indicator = self.indicators[code]
        params = 2 if indicator.measure == "ratio" else 1
        by_quarter = {}
        for m in [*self.measurements_before(up_to), *typed]:
            if m.indicator == code and m.unit == unit:
                by_quarter.setdefault(m.quarter, [None] * params)[m.parameter - 1] = (
                    m.value
                )
        quarters = tuple(
            QuadrimesterValues(q, tuple(v)) for q, v in sorted(by_quarter.items())
        )
        result, reason, _expl = row_result(Measure(indicator.measure), quarters, up_to)
        if reason is not None:
            return None, None
        score, reason, _expl = achievement(
            Comparator(indicator.comparator),
            result,
            indicator.target_n,
            self.cycle._engine_settings(),
        )
        return formats.value(result, percent=indicator.measure == "ratio"), score

    def measurements_before(self, quarter):
        return [m for m in self.parsed.measurements if m.quarter < quarter]

    # -- users and what the tour gets ------------------------------------------

    def tour_user(self, login, group, unit=None, employee=None):
        """A user of the chamber in `group` only (plus what it implies),
        speaking Italian, with an employee assigned to `unit` (or linked to
        the data set's `employee`)."""
        user = new_test_user(
            self.env,
            login=login,
            groups=f"cciaa_performance.{group}",
            lang=LANG,
            tz="Europe/Rome",
            company_id=self.chamber.id,
            company_ids=[Command.set(self.chamber.ids)],
        )
        if employee:
            employee.user_id = user
        else:
            employee = self.env["hr.employee"].create(
                {"name": login, "user_id": user.id, "company_id": self.chamber.id}
            )
        if unit:
            self.env["cciaa.performance.assignment"].create(
                {
                    "employee_id": employee.id,
                    "department_id": unit.id,
                    "date_from": unit.cciaa_date_from or f"{self.cycle.year}-01-01",
                }
            )
        return user

    def attach(self, user, name, raw, mimetype=None):
        """A file the tour reads: stored as `user`, so that the tour can read it."""
        values = {"name": name, "raw": raw}
        if mimetype:
            values["mimetype"] = mimetype
        return self.env["ir.attachment"].with_user(user).create(values)

    def tour_params(self, user, tour, params):
        self.attach(
            user, f"{tour}.json", json.dumps(params).encode(), "application/json"
        )

    def number(self, value, digits=2):
        return self.lang.format(f"%.{digits}f", value, grouping=True)

    def typed(self, value):
        """A value as an Italian user types it."""
        if hasattr(value, "strftime"):
            return value.strftime(self.lang.date_format)
        return str(int(value)) if float(value).is_integer() else self.number(value, 4)


@tagged("post_install", "-at_install")
class TestTours(CciaaTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 2019 after its first quadrimester (closed); the overrides are the
        # SG's to set (test_sg_...).
        cls.cycle = cls.import_2019(quarters=(1,), overrides=False)
        cls.chamber = cls.cycle.company_id

    def test_performance_manager_imports_a_cycle(self):
        """Broken file: the error list and nothing written; good file: the cycle."""
        # Another chamber, where the manager works: the wizard imports into it.
        chamber = self.env["res.company"].create(
            {"name": f"{self.chamber.name} (prova di importazione)"}
        )
        manager = new_test_user(
            self.env,
            login="tour_manager",
            groups="cciaa_performance.group_manager",
            lang=LANG,
            company_id=chamber.id,
            company_ids=[Command.set(chamber.ids)],
        )
        broken = self.sheets_2019(ente=chamber.name)
        broken["aree"][0]["peso"] = 1  # the areas no longer sum to 100
        self.attach(manager, "cciaa_tour_broken.xlsx", workbook_bytes(broken))
        # Overrides ("valutazioni motivate") are the SG's alone (test_security):
        # the manager imports the plan, the units, the staff and the measurements.
        good = self.sheets_2019(overrides=False, ente=chamber.name)
        self.attach(manager, "cciaa_tour_good.xlsx", workbook_bytes(good))
        Cycle = self.env["cciaa.performance.cycle"]
        domain = [("company_id", "=", chamber.id)]
        self.assertFalse(Cycle.search(domain))

        self.start_tour(
            "/odoo", "cciaa_performance_manager_tour", login=manager.login, timeout=300
        )

        cycle = Cycle.search(domain)
        self.assertEqual(len(cycle), 1, "the good file imported exactly one cycle")
        self.assertEqual(cycle.year, self.parsed.cycle.year)
        self.assertEqual(
            sorted(cycle.area_ids.mapped("code")),
            sorted(row.code for row in self.parsed.areas),
        )
        self.assertEqual(len(cycle.indicator_ids), len(self.parsed.indicators))

    def test_office_user_enters_the_open_quadrimester(self):
        """Ratio, count and date of the unit in the open quadrimester, with
        evidence; the year-to-date figures as the engine computes them; the
        unit's rows only."""
        quarter, code_unit = 2, "S2"
        campaign = self.open_campaign(quarter)
        unit = self.unit(code_unit)
        office = self.tour_user("tour_office", "group_office_user", unit=unit)
        # the daily reminder of the campaign (its deadline is past in 2019's
        # cycle): the office user finds it among their activities
        self.env["cciaa.performance.campaign"]._cron_send_reminders()
        self.assertIn(office, campaign.activity_ids.user_id)
        rows = self.measurements(quarter, code_unit)

        def changed(measure):
            """The data set's first `measure` indicator of the unit whose
            year-to-date result moves with this quadrimester's values."""
            for m in rows:
                indicator = self.indicators[m.indicator]
                typed = [r for r in rows if r.indicator == m.indicator]
                if indicator.measure == measure and (
                    self.ytd(m.indicator, code_unit, quarter)[0]
                    != self.ytd(m.indicator, code_unit, quarter, typed)[0]
                ):
                    return m.indicator, typed
            raise AssertionError(f"no {measure} indicator of {code_unit} in Q{quarter}")

        chosen = [changed("ratio"), changed("count"), changed("date")]
        params_rows = []
        for code, typed in chosen:
            indicator = self.indicators[code]
            result, score = self.ytd(code, code_unit, quarter, typed)
            for m in sorted(typed, key=lambda r: r.parameter):
                last = m.parameter == len(typed)
                params_rows.append(
                    {
                        "code": code,
                        "parameter": (
                            indicator.parameter_2
                            if m.parameter == 2
                            else indicator.parameter_1
                        )
                        or "",
                        "field": "date_value"
                        if indicator.measure == "date"
                        else "value",
                        "text": self.typed(m.value),
                        "ytd_result": result if last else None,
                        "ytd_achievement": self.number(score) if last else None,
                    }
                )
        evidence_row = params_rows[-1]  # the completion date, proved by a document
        evidence_name = f"evidenza_{evidence_row['code']}.txt"
        self.attach(
            office,
            evidence_name,
            (chosen[-1][1][0].note or evidence_name).encode(),
            "text/plain",
        )
        Measurement = self.env["cciaa.performance.measurement"]
        visible = Measurement.search_count(
            [("department_id", "=", unit.id), ("campaign_open", "=", True)]
        )
        self.tour_params(
            office,
            "cciaa_office_user_tour",
            {
                "rows": params_rows,
                "evidence": {"row": evidence_row, "file": evidence_name},
                "visible_rows": visible,
            },
        )

        self.start_tour(
            "/odoo", "cciaa_office_user_tour", login=office.login, timeout=180
        )

        for code, typed in chosen:
            for m in typed:
                stored = Measurement.search(
                    [
                        ("cycle_id", "=", self.cycle.id),
                        ("indicator_id.code", "=", code),
                        ("department_id", "=", unit.id),
                        ("quarter", "=", str(quarter)),
                        ("parameter", "=", str(m.parameter)),
                    ]
                )
                with self.subTest(code=code, parameter=m.parameter):
                    self.assertTrue(stored.entered)
                    self.assertEqual(stored._engine_value(), m.value)
                    if code == evidence_row["code"]:
                        self.assertEqual(
                            stored.attachment_ids.mapped("name"), [evidence_name]
                        )
        # another unit's measurements: not listed, not readable
        as_office = Measurement.with_user(office)
        self.assertFalse(as_office.search([("department_id", "!=", unit.id)]))
        other = Measurement.search(
            [("cycle_id", "=", self.cycle.id), ("department_id", "!=", unit.id)],
            limit=1,
        )
        with self.assertRaises(AccessError):
            other.with_user(office).read(["value"])

    def test_sg_closes_reopens_overrides_and_reads_the_ente(self):
        """The evaluation a P.O.'s presa visione handed the SG, found from the
        systray; close the quadrimester, a closed value refuses editing,
        reopen with a reason, the OS 3.2 override with its motivation, the
        Ente result and its explanation: the year's figure of the reference."""
        q3 = self.year_to_date(3)
        head = next(u.head for u in self.parsed.units if u.kind == "sg")
        sg_employee = self.env["hr.employee"].search(
            [("company_id", "=", self.chamber.id), ("cciaa_registration", "=", head)]
        )
        sg = self.tour_user("tour_sg", "group_sg", employee=sg_employee)
        # the SG assigned a P.O. their objectives, the P.O. took note of them:
        # the chain hands the SG the evaluation (scheda_activity.py)
        po_employee = self.env["hr.employee"].search(
            [
                ("company_id", "=", self.chamber.id),
                (
                    "cciaa_registration",
                    "=",
                    INDIVIDUAL["po"][0]["code"].replace(" ", ""),
                ),
            ]
        )
        po = self.tour_user("tour_po", "group_po", employee=po_employee)
        scheda = self.cycle.scheda_ids.filtered(lambda s: s.employee_id == po_employee)
        scheda.with_user(sg).action_assign()
        scheda.with_user(po).action_acknowledge()
        evaluate = self.env.ref("cciaa_performance.mail_activity_type_scheda_evaluate")
        activity = scheda.activity_ids.filtered(
            lambda a: a.activity_type_id == evaluate
        )
        self.assertEqual(activity.user_id, sg, "the SG evaluates the P.O.")
        # what the SG reads: the summary in Italian, from the addon's i18n
        summary = evaluate.with_context(lang=LANG).summary
        self.assertNotEqual(summary, evaluate.with_context(lang="en_US").summary)
        self.assertEqual(activity.summary, summary)
        # a count reported by one unit only: one row once searched
        locked = next(
            m
            for m in self.measurements(3)
            if self.indicators[m.indicator].measure == "count"
            and len(self.indicators[m.indicator].units) == 1
        )
        override = self.parsed.overrides[0]
        areas = TREE["ente"]["areas"]
        ente = sum(a["weight"] * a["published_pct"] for a in areas) / sum(
            a["weight"] for a in areas
        )
        reason = "Correzione di un valore comunicato per errore"
        self.tour_params(
            sg,
            "cciaa_sg_tour",
            {
                "activity": {"employee": po_employee.name, "summary": summary},
                "campaign_deadline": q3.deadline.strftime(self.lang.date_format),
                "locked": {
                    "code": locked.indicator,
                    # stored as entered; the web client shows a float field
                    # without digits with two decimals
                    "shown": self.number(locked.value, 2),
                    "attempt": self.typed(locked.value + 1),
                },
                "reason": reason,
                "override": {
                    "code": override.objective,
                    "area": next(
                        o.area
                        for o in self.parsed.strategic
                        if o.code == override.objective
                    ),
                    "value": self.typed(override.percent),
                    "motivation": override.motivation,
                },
                "ente_code": ENTE_CODE,
                "ente_score": self.number(ente),
                # the dashboard's trend ends with the III quadrimester's Ente
                "trend_last": f"III {self.number(ente)}%",
            },
        )

        # The refusal is a UserError, which Odoo's HTTP layer logs as a
        # warning: exactly one, and about the closed campaign.
        with self.assertLogs("odoo.http", "WARNING") as refusals:
            self.start_tour("/odoo", "cciaa_sg_tour", login=sg.login, timeout=240)
        self.assertEqual(len(refusals.records), 1, refusals.output)
        # the campaign is named in the SG's language (Italian)
        self.assertIn(q3.with_context(lang=sg.lang).name, refusals.output[0])

        # the SG read the activity: the evaluation waits for the year's end
        self.assertEqual(scheda.state, "acknowledged")
        self.assertTrue(activity.exists() and activity.active)
        self.assertEqual(q3.state, "open")
        self.assertEqual(q3.reopen_count, 1)
        self.assertEqual(q3.last_reopen_reason, reason)
        stored = self.env["cciaa.performance.measurement"].search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("indicator_id.code", "=", locked.indicator),
                ("quarter", "=", "3"),
            ]
        )
        self.assertEqual(stored.value, locked.value)
        objective = self.cycle.strategic_ids.filtered(
            lambda o: o.code == override.objective
        )
        self.assertEqual(objective.override_ids.value, override.percent)
        self.assertEqual(objective.override_ids.user_id, sg)
        ente_result = self.env["cciaa.performance.result"].search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("level", "=", "ente"),
                ("quarter", "=", 3),
            ]
        )
        self.assertAlmostEqual(ente_result.score, ente, places=2)

    def test_po_confirms_acknowledges_reads_and_files_observations(self):
        """Confirm the Servizio's data; own scheda: presa visione; once
        evaluated, each objective's figures (the reference's) and the
        explanation; observations filed."""
        q3 = self.year_to_date(3)
        po_matricola = INDIVIDUAL["po"][0]["code"].replace(" ", "")
        unit_code = INDIVIDUAL["po"][0]["unit_code"]
        unit = self.unit(unit_code)
        employee = self.env["hr.employee"].search(
            [
                ("company_id", "=", self.chamber.id),
                ("cciaa_registration", "=", po_matricola),
            ]
        )
        po = self.tour_user("tour_po", "group_po", employee=employee)
        scheda = self.cycle.scheda_ids.filtered(lambda s: s.employee_id == employee)
        scheda.action_assign()  # by the evaluator (the SG), in February
        today = fields.Datetime.context_timestamp(po, fields.Datetime.now())
        today = today.strftime(self.lang.date_format)
        # what the Servizio's card on the P.O.'s home counts, from the rows
        # and the stored results
        Measurement = self.env["cciaa.performance.measurement"]
        to_fill = Measurement.search_count(
            [
                ("department_id", "=", unit.id),
                ("campaign_open", "=", True),
                ("entered", "=", False),
            ]
        )
        deviations = self.env["cciaa.performance.result"].search_count(
            [
                ("cycle_id", "=", self.cycle.id),
                ("quarter", "=", self.cycle.last_quarter),
                ("level", "=", "row"),
                ("department_id", "=", unit.id),
                ("status", "in", ("partial", "not_reached")),
            ]
        )
        self.tour_params(
            po,
            "cciaa_po_tour",
            {
                "unit": {
                    "code": unit.cciaa_code,
                    "name": unit.with_user(po).with_context(lang=LANG).display_name,
                    "to_fill": self.lang.format("%d", to_fill, grouping=True),
                    "deviations": deviations,
                },
                "employee": employee.name,
                # the hand-off of the assignment, where activities are kept
                "activity": bool(
                    scheda.activity_ids.filtered(lambda a: a.user_id == po)
                ),
                "today": today,
            },
        )

        self.start_tour("/odoo", "cciaa_po_tour", login=po.login, timeout=180)

        confirmation = q3.confirmation_ids
        self.assertEqual(confirmation.department_id, unit)
        self.assertEqual(confirmation.confirmed_by_id, po)
        self.assertEqual(scheda.state, "acknowledged")

        scheda.action_evaluate()  # by the SG, after the year's results
        lines = scheda.line_ids.sorted(lambda line: (line.sequence, line.id))
        printed = INDIVIDUAL["po"][0]["objectives"]
        self.assertEqual(lines.mapped("code"), [o["code"] for o in printed])
        observations = "Il risultato di S2 riflette anche il lavoro dell'ufficio U2.1."
        self.tour_params(
            po,
            "cciaa_po_scheda_tour",
            {
                "employee": employee.name,
                "lines": [
                    {
                        "column": "indicator_id" if line.indicator_id else "name",
                        "text": f"{line.code} " if line.indicator_id else line.name,
                        "achievement": self.number(objective["achievement_pct"]),
                        "score": self.number(objective["achievement_capped_pct"]),
                    }
                    for line, objective in zip(lines, printed, strict=True)
                ],
                "codes": sorted(set(lines.mapped("code"))),
                "observations": observations,
                "activity": bool(
                    scheda.activity_ids.filtered(lambda a: a.user_id == po)
                ),
            },
        )

        self.start_tour("/odoo", "cciaa_po_scheda_tour", login=po.login, timeout=180)

        self.assertEqual(scheda.state, "observations")
        self.assertEqual(scheda.observations, observations)

    def test_hr_simulates_confirms_and_exports_the_payroll(self):
        """The fund of the year: simulation, totals, confirmation once the
        OIV validated the cycle, payroll XLSX that adds up."""
        self.year_to_date(3).action_close()
        paid = self.cycle.scheda_ids.filtered(
            lambda s: s.category != "sg"
        )  # the SG's fund differs
        for scheda in paid:
            scheda.action_assign()  # the SG, in February
            scheda.action_acknowledge()  # the P.O.
            scheda.action_evaluate()  # the SG, on the year's results
        self.cycle.action_close()
        hr = self.tour_user("tour_hr", "group_hr")
        self.cycle._mark_validated()  # by the OIV's validation of the Relazione
        Fund = self.env["cciaa.performance.incentive.fund"]
        name = f"FRD {self.cycle.year} – premi"
        staff = len(paid)
        # the limited quota of the maggiorazione: the smallest that names one
        # of the evaluated staff (2019's data set has the P.O. schede only)
        quota = math.ceil(100 / staff)
        self.tour_params(
            hr,
            "cciaa_hr_tour",
            {
                "name": name,
                "cycle": self.dropdown_choice(
                    hr, Fund._fields["cycle_id"], self.cycle, str(self.cycle.year)
                ),
                "amount": self.number(FUND_AMOUNT),
                "categories": sorted(set(paid.employee_id.mapped("cciaa_category"))),
                "quota": self.typed(quota),
                "staff": staff,
                # the hand-offs (validation → HR, confirmation → payment)
                # leave HR activities where the addon schedules them
                "activity": bool(
                    self.cycle.activity_ids.filtered(lambda a: a.user_id == hr)
                ),
                # the state's label on the home's card, in the user's language
                "confirmed": dict(
                    Fund.with_context(lang=LANG)
                    ._fields["state"]
                    ._description_selection(Fund.with_context(lang=LANG).env)
                )["confirmed"],
            },
        )

        self.start_tour("/odoo", "cciaa_hr_tour", login=hr.login, timeout=180)

        fund = Fund.search([("name", "=", name)])
        self.assertEqual(fund.amount, FUND_AMOUNT)
        self.assertEqual(fund.quota_pct, quota)
        self.assertTrue(fund.selected_count)
        self.assertEqual(fund.state, "confirmed")
        self.assertEqual(fund.confirmed_by_id, hr)
        self.assertEqual(len(fund.allocation_ids), staff)
        self.assertEqual(
            to_cents(fund.allocated_amount) + to_cents(fund.undistributed_amount),
            to_cents(fund.amount),
        )
        export = self.env["ir.attachment"].search(
            [("res_model", "=", fund._name), ("res_id", "=", fund.id)]
        )
        self.assertEqual(
            export.mapped("name"), [f"premi_{self.cycle.year}_cedolini.xlsx"]
        )
        rows = list(openpyxl.load_workbook(io.BytesIO(export.raw)).active.values)
        self.assertEqual(len(rows), 1 + staff + 1)  # header, employees, total
        self.assertEqual(to_cents(rows[-1][6]), to_cents(fund.allocated_amount))
