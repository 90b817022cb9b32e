from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .individual_common import IndividualCase


@tagged("post_install", "-at_install")
class TestIndividualSecurity(IndividualCase):
    """Who sees and changes which scheda, fund and allocation, as that user
    (record rules and access lines hold over RPC too)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Scheda = cls.env["cciaa.performance.scheda"]
        cls.s_office = Scheda.create(
            {  # evaluated by the P.O. of S2
                "cycle_id": cls.cycle.id,
                "employee_id": cls.emp_office.id,
                "evaluator_id": cls.emp_po.id,
                "line_ids": [cls.line(cls.unit_u21, 100)],
            }
        )
        cls.s_office_s3 = Scheda.create(
            {  # evaluated by the SG
                "cycle_id": cls.cycle.id,
                "employee_id": cls.emp_office_s3.id,
                "evaluator_id": cls.emp_sg.id,
                "line_ids": [cls.line(cls.unit_s3, 100)],
            }
        )
        cls.s_po = Scheda.create(
            {
                "cycle_id": cls.cycle.id,
                "employee_id": cls.emp_po.id,
                "evaluator_id": cls.emp_sg.id,
                "line_ids": [cls.line(cls.unit_s2, 100)],
            }
        )
        cls.s_sg = Scheda.create(
            {
                "cycle_id": cls.cycle.id,
                "employee_id": cls.emp_sg.id,
                "line_ids": [cls.line(cls.unit_s3, 100)],
            }
        )
        cls.all = cls.s_office | cls.s_office_s3 | cls.s_po | cls.s_sg
        cls.fund = cls.env["cciaa.performance.incentive.fund"].create(
            {
                "name": "FRD 2019",
                "cycle_id": cls.cycle.id,
                "amount": 1000,
                "coefficient_ids": [
                    Command.create({"category": "C", "coefficient": 1})
                ],
            }
        )

    def seen(self, user, model="cciaa.performance.scheda"):
        return (
            self.env[model].with_user(user).search([("cycle_id", "=", self.cycle.id)])
        )

    def test_an_employee_sees_only_their_own(self):
        self.assertEqual(self.seen(self.user_office), self.s_office)
        self.assertEqual(
            self.seen(self.user_office, "cciaa.performance.scheda.line"),
            self.s_office.line_ids,
        )
        with self.assertRaises(AccessError):
            self.s_po.with_user(self.user_office).read(["final_score"])
        mine = self.s_office.with_user(self.user_office)
        with self.assertRaises(AccessError):  # no edit of own objectives
            mine.write({"evaluator_notes": "x"})
        with self.assertRaises(AccessError):
            mine.line_ids.write({"weight": 1})
        with self.assertRaises(AccessError):
            mine.unlink()
        with self.assertRaises(AccessError):
            self.env["cciaa.performance.scheda"].with_user(self.user_office).create(
                {"cycle_id": self.cycle.id, "employee_id": self.emp_mover.id}
            )

    def test_a_po_sees_own_and_those_they_evaluate(self):
        self.assertEqual(self.seen(self.user_po), self.s_office | self.s_po)
        # changes only the schede they evaluate, not their own nor others'
        self.s_office.with_user(self.user_po).write({"evaluator_notes": "ok"})
        self.s_office.line_ids.with_user(self.user_po).write({"weight": 100})
        with self.assertRaises(AccessError):
            self.s_po.line_ids.with_user(self.user_po).write({"weight": 90})
        with self.assertRaises(AccessError):
            self.s_office_s3.with_user(self.user_po).read(["state"])
        with self.assertRaises(AccessError):  # creates only schede they evaluate
            self.env["cciaa.performance.scheda"].with_user(self.user_po).create(
                {
                    "cycle_id": self.cycle.id,
                    "employee_id": self.emp_mover.id,
                    "evaluator_id": self.emp_sg.id,
                }
            )
        created = (
            self.env["cciaa.performance.scheda"]
            .with_user(self.user_po)
            .create(
                {
                    "cycle_id": self.cycle.id,
                    "employee_id": self.emp_mover.id,
                    "evaluator_id": self.emp_po.id,
                }
            )
        )
        created.unlink()

    def test_sg_and_hr_see_and_manage_all(self):
        for user in (self.user_sg, self.user_hr):
            self.assertEqual(self.seen(user), self.all)
            self.s_office_s3.with_user(user).write({"evaluator_notes": user.login})
        extra = (
            self.env["cciaa.performance.scheda"]
            .with_user(self.user_hr)
            .create(
                {
                    "cycle_id": self.cycle.id,
                    "employee_id": self.emp_mover.id,
                    "evaluator_id": self.emp_po.id,
                }
            )
        )
        extra.with_user(self.user_hr).unlink()

    def test_oiv_reads_all_and_changes_nothing(self):
        self.assertEqual(self.seen(self.user_oiv), self.all)
        self.assertEqual(
            self.seen(self.user_oiv, "cciaa.performance.incentive.fund"), self.fund
        )
        for record in (self.s_office, self.s_office.line_ids, self.fund, self.system):
            with self.assertRaises(AccessError):
                record.with_user(self.user_oiv).write({"name": "x"})
            with self.assertRaises(AccessError):
                record.with_user(self.user_oiv).unlink()
        with self.assertRaises(AccessError):
            self.env["cciaa.performance.incentive.fund"].with_user(
                self.user_oiv
            ).create({"name": "x", "cycle_id": self.cycle.id, "amount": 1})

    def test_only_hr_manages_funds(self):
        Fund = self.env["cciaa.performance.incentive.fund"]
        fund = Fund.with_user(self.user_hr).create(
            {"name": "FRD bis", "cycle_id": self.cycle.id, "amount": 10}
        )
        fund.with_user(self.user_hr).write({"amount": 20})
        fund.coefficient_ids.with_user(self.user_hr).create(
            {"fund_id": fund.id, "category": "D", "coefficient": 1.2}
        )
        fund.with_user(self.user_hr).unlink()
        for user in (self.user_office, self.user_po, self.user_manager):
            with self.assertRaises(AccessError):
                self.fund.with_user(user).read(["amount"])
            with self.assertRaises(AccessError):
                Fund.with_user(user).create(
                    {"name": "x", "cycle_id": self.cycle.id, "amount": 1}
                )
            with self.assertRaises(AccessError):
                self.env["cciaa.performance.incentive.allocation"].with_user(
                    user
                ).search([])

    def test_evaluation_system_is_read_by_all_changed_by_hr(self):
        self.assertEqual(
            self.system.with_user(self.user_office).results_share_staff,
            self.system.results_share_staff,
        )
        self.system.with_user(self.user_hr).write({"notes": "<p>SMVP 2019</p>"})
        for user in (self.user_office, self.user_po, self.user_manager):
            with self.assertRaises(AccessError):
                self.system.with_user(user).write({"results_share_staff": 50})
