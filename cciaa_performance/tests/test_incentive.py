import datetime
import io

import openpyxl

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..engine.incentive import to_cents
from ..models.guard import trusted
from .individual_common import YEAR_START, IndividualCase

# synthetic staff: (category, working time %, own result against a target of 100)
STAFF = [
    ("D", 100, 100),
    ("D", 100, 95),
    ("D", 50, 85),
    ("C", 100, 100),
    ("C", 100, 80),
    ("C", 83.33, 70),
    ("C", 100, 60),
    ("C", 100, 40),
    ("B", 100, 100),
    ("B", 100, 75),
]


@tagged("post_install", "-at_install")
class TestIncentive(IndividualCase):
    """A fund over ten evaluated employees: simulation, confirmation after the
    OIV's validation, the lock, the exports and the bad input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.system.results_share_staff = 100
        cls.staff = env["hr.employee"]
        schede = []
        for index, (category, part_time, result) in enumerate(STAFF):
            employee = env["hr.employee"].create(
                {
                    "name": f"Dipendente {index:02d}",
                    "company_id": cls.company.id,
                    "cciaa_registration": f"M{index:02d}",
                    "cciaa_role": "staff",
                    "cciaa_category": category,
                    "cciaa_part_time": part_time,
                    "cciaa_hire_date": datetime.date(1995 + index, 1, 1),
                }
            )
            unit = cls.unit_s2 if index % 2 else cls.unit_s3
            env["cciaa.performance.assignment"].create(
                {
                    "employee_id": employee.id,
                    "department_id": unit.id,
                    "date_from": YEAR_START,
                }
            )
            cls.staff |= employee
            schede.append(
                {
                    "cycle_id": cls.cycle.id,
                    "employee_id": employee.id,
                    "evaluator_id": cls.emp_po.id,
                    "line_ids": [cls.own(100, 100, own_result_value=result)],
                }
            )
        cls.schede = env["cciaa.performance.scheda"].create(schede)
        cls.schede.action_assign()
        cls.schede.action_acknowledge()
        cls.schede.action_evaluate()
        cls.fund = (
            env["cciaa.performance.incentive.fund"]
            .with_user(cls.user_hr)
            .create(
                {
                    "name": "FRD 2019 premi",
                    "cycle_id": cls.cycle.id,
                    "amount": 12345.67,
                    "organisational_share": 40,
                    "threshold": 60,
                    "full_from": 90,
                    "maggiorazione_pct": 30,
                    "quota_pct": 20,
                    "tie_rule": "seniority",
                    "min_days": 30,
                    "coefficient_ids": [
                        Command.create({"category": "D", "coefficient": 1.3}),
                        Command.create({"category": "C", "coefficient": 1.15}),
                        Command.create({"category": "B", "coefficient": 1.0}),
                    ],
                }
            )
        )

    def test_simulation_adds_up_to_the_fund_to_the_cent(self):
        self.fund.action_simulate()
        fund = self.fund
        self.assertEqual(fund.state, "simulated")
        lines = fund.allocation_ids
        self.assertEqual(lines.employee_id, self.staff)
        total = sum(to_cents(a.total_amount) for a in lines)
        self.assertEqual(
            total + to_cents(fund.undistributed_amount), to_cents(fund.amount)
        )
        for a in lines:
            self.assertEqual(
                to_cents(a.total_amount),
                to_cents(a.organisational_amount)
                + to_cents(a.individual_amount)
                + to_cents(a.maggiorazione_amount),
            )
            scheda = self.schede.filtered(lambda s, e=a.employee_id: s.employee_id == e)
            self.assertEqual(a.individual_score, scheda.final_score)
            if a.individual_score < fund.threshold:
                self.assertFalse(a.individual_amount or a.maggiorazione_amount)
        chosen = lines.filtered("selected")
        self.assertEqual(len(chosen), fund.quota_count)
        self.assertEqual(fund.selected_count, len(chosen))
        self.assertTrue(
            all(a.maggiorazione_amount == fund.maggiorazione_amount for a in chosen)
        )
        positive = lines.filtered(lambda a: a.individual_amount > 0)
        average = sum(to_cents(a.individual_amount) for a in positive) / len(positive)
        self.assertGreaterEqual(
            to_cents(fund.maggiorazione_amount) * 100, fund.maggiorazione_pct * average
        )
        # organisational score: the unit result of the employee's unit
        units = self.env["cciaa.performance.result"].search(
            [("cycle_id", "=", self.cycle.id), ("level", "=", "unit")]
        )
        by_unit = {r.department_id: r.score for r in units}
        for a in lines:
            unit = a.employee_id.cciaa_assignment_ids.department_id
            self.assertEqual(a.organisational_score, by_unit[unit])
        self.assertIn("M =", fund.explanation_html)

    def test_confirmation_needs_the_oiv_validation_then_locks(self):
        fund = self.fund.with_user(self.user_hr)
        fund.action_simulate()
        with self.assertRefused(UserError, "not validated by the OIV"):
            fund.action_confirm()
        self.assertEqual(fund.state, "simulated")
        trusted(self.cycle).state = "validated"
        fund.action_confirm()
        self.assertEqual(fund.state, "confirmed")
        self.assertEqual(fund.confirmed_by_id, self.user_hr)
        line = fund.allocation_ids[0]
        for attempt in (
            lambda: line.write({"total_amount": 1}),
            lambda: line.unlink(),
            lambda: fund.write({"amount": 1}),
            lambda: fund.coefficient_ids[0].write({"coefficient": 2}),
            lambda: fund.unlink(),
            lambda: fund.action_simulate(),
            lambda: self.env["cciaa.performance.incentive.allocation"].create(
                {"fund_id": fund.id, "employee_id": self.emp_mover.id}
            ),
        ):
            with self.assertRefused(UserError, "confirmed"):
                attempt()
        self.assertEqual(line.exists(), line)
        fund.action_mark_paid()
        self.assertEqual(fund.state, "paid")
        self.assertTrue(fund.paid_on)

    def render_xlsx(self, report_name, fund):
        """The workbook as the browser downloads it, rendered as HR."""
        reports = self.env["ir.actions.report"].with_user(self.user_hr)
        return reports._render_xlsx(report_name, fund.ids, None)[0]

    def test_payroll_and_transparency_exports(self):
        fund = self.fund.with_user(self.user_hr)
        fund.action_simulate()
        with self.assertRaises(UserError):  # not before the confirmation
            fund.action_export_payroll()
        trusted(self.cycle).state = "validated"
        fund.action_confirm()
        # a name that a spreadsheet would run as a formula stays text
        self.staff[0].name = '=HYPERLINK("http://example.com","x")'
        action = fund.action_export_payroll()
        self.assertEqual(action["report_type"], "xlsx")
        sheet = openpyxl.load_workbook(
            io.BytesIO(self.render_xlsx(action["report_name"], fund))
        ).active
        self.assertEqual(
            {c.data_type for row in sheet.iter_rows() for c in row} - {"n"}, {"s"}
        )
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(
            len(rows), len(fund.allocation_ids) + 2
        )  # header, lines, total
        by_registration = {r[1]: r for r in rows[1:-1]}
        for a in fund.allocation_ids:
            row = by_registration[a.registration]
            self.assertEqual(row[0], a.employee_id.name)
            self.assertEqual(to_cents(row[6]), to_cents(a.total_amount))
        self.assertEqual(to_cents(rows[-1][6]), to_cents(fund.allocated_amount))
        # transparency: amounts and bands, no names
        action = fund.action_export_transparency()
        book = openpyxl.load_workbook(
            io.BytesIO(self.render_xlsx(action["report_name"], fund))
        )
        cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
        for employee in self.staff:
            self.assertNotIn(employee.name, cells)
            self.assertNotIn(employee.cciaa_registration, cells)
        data = fund._transparency_data()
        self.assertEqual(
            sum(r["employees"] for r in data["bands"][:-1]), len(self.staff)
        )
        self.assertEqual(
            sum(to_cents(r["amount"]) for r in data["bands"]),
            to_cents(data["distributed"]),
        )
        self.assertEqual(to_cents(data["allocated"]), to_cents(fund.amount))
        self.assertIn(fund.amount, cells)

    # -- bad input: clear message, nothing written -------------------------------

    def test_negative_fund_or_coefficient(self):
        Fund = self.env["cciaa.performance.incentive.fund"]
        with self.assertRefused(ValidationError, "cannot be negative"):
            Fund.create({"name": "x", "cycle_id": self.cycle.id, "amount": -1})
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.fund.coefficient_ids[0].coefficient = -0.5
        with self.assertRefused(ValidationError, "at least 30"):
            self.fund.maggiorazione_pct = 29
        self.assertEqual(Fund.search_count([("cycle_id", "=", self.cycle.id)]), 1)

    def test_a_quota_that_selects_nobody_or_everybody(self):
        fund = self.fund.with_user(self.user_hr)
        fund.quota_pct = 5  # ⌊10 × 5%⌋ = 0 employees
        with self.assertRefused(UserError, "selects nobody"):
            fund.action_simulate()
        self.assertFalse(fund.allocation_ids)
        self.assertEqual(fund.state, "draft")
        fund.quota_pct = 100
        with self.assertRefused(UserError, "selects all"):
            fund.action_simulate()
        self.assertFalse(fund.allocation_ids)

    def test_schede_not_evaluated_are_refused(self):
        trusted(self.schede[0].sudo()).write({"state": "acknowledged"})
        with self.assertRefused(UserError, "not evaluated yet"):
            self.fund.action_simulate()
        self.assertFalse(self.fund.allocation_ids)

    def test_a_changed_allocation_is_not_confirmed(self):
        self.fund.action_simulate()
        trusted(self.cycle).state = "validated"
        # only server code (the marker) can change an allocation
        trusted(self.fund.allocation_ids[0]).total_amount += 1
        with self.assertRefused(UserError, "simulate again"):
            self.fund.action_confirm()
        self.assertEqual(self.fund.state, "simulated")
