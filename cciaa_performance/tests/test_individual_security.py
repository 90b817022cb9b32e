from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.guard import trusted
from .individual_common import IndividualCase

# what a client could send over RPC to switch the guards off
FORGED = {
    "cciaa_scheda_computing": True,
    "cciaa_incentive_computing": True,
    "cciaa_trusted": True,
}


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

    # -- the chain cannot be walked around with a forged context ---------------

    def test_forged_context_does_not_finalise_a_scheda(self):
        refused = UserError  # AccessError is a UserError
        for user, scheda in (
            (self.user_office, self.s_office),  # their own scheda
            (self.user_po, self.s_office),  # its evaluator
            (self.user_hr, self.s_office),
            (self.user_sg, self.s_po),
        ):
            forged = scheda.with_user(user).with_context(**FORGED)
            for vals in (
                {"state": "final"},
                {"final_score": 100},
                {"results_score": 100, "behaviour_score": 100},
                {"final_on": "2020-01-01 00:00:00"},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(refused):
                        forged.write(vals)
        self.assertEqual(self.s_office.state, "draft")
        self.assertEqual(self.s_office.final_score, 0)
        # a final scheda cannot be deleted by forging the context either
        trusted(self.s_po.sudo()).write({"state": "final"})
        with self.assertRaises(refused):
            self.s_po.with_user(self.user_hr).with_context(**FORGED).unlink()
        self.assertTrue(self.s_po.exists())

    def test_forged_context_does_not_rewrite_a_line_score(self):
        line = self.s_office.line_ids[0]
        for user in (self.user_po, self.user_hr, self.user_sg):
            for vals in ({"score": 100}, {"achievement": 100}, {"status": "reached"}):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(UserError):
                        line.with_user(user).with_context(**FORGED).write(vals)
        # nor the objectives once the scheda left draft
        trusted(self.s_office.sudo()).write({"state": "evaluated"})
        with self.assertRaises(UserError):
            line.with_user(self.user_po).with_context(**FORGED).write({"weight": 1})
        with self.assertRaises(UserError):
            line.with_user(self.user_po).with_context(**FORGED).unlink()

    def test_forged_context_does_not_rate_a_behaviour(self):
        Rating = self.env["cciaa.performance.scheda.behaviour"]
        # not by hand on a draft scheda, whoever forges the context
        with self.assertRaises(UserError):
            Rating.with_user(self.user_po).with_context(**FORGED).create(
                {
                    "scheda_id": self.s_office.id,
                    "behaviour_id": self.system.behaviour_ids[0].id,
                }
            )
        rating = trusted(Rating).create(
            {
                "scheda_id": self.s_office.id,
                "behaviour_id": self.system.behaviour_ids[0].id,
            }
        )
        level = self.system.level_ids[:1]
        # a draft scheda is not rated yet, whoever forges the context
        with self.assertRaises(UserError):
            rating.with_user(self.user_po).with_context(**FORGED).write(
                {"level_id": level.id}
            )
        # the evaluated employee never rates their own behaviours
        trusted(self.s_office.sudo()).write({"state": "acknowledged"})
        with self.assertRaises(AccessError):
            rating.with_user(self.user_office).with_context(**FORGED).write(
                {"level_id": level.id}
            )
        self.assertFalse(rating.level_id)

    def test_forged_context_does_not_create_a_final_scheda_or_a_paid_fund(self):
        Scheda = self.env["cciaa.performance.scheda"]
        vals = {"cycle_id": self.cycle.id, "employee_id": self.emp_mover.id}
        for user in (self.user_po, self.user_hr, self.user_sg):
            for forged_vals, context in (
                ({"state": "final", "final_score": 100}, FORGED),
                ({}, {**FORGED, "default_state": "final"}),
                ({}, {**FORGED, "default_final_score": 100}),
            ):
                with self.subTest(user=user.login, vals=forged_vals, ctx=context):
                    with self.assertRaises(UserError):
                        Scheda.with_user(user).with_context(**context).create(
                            {**vals, **forged_vals}
                        )
        Fund = self.env["cciaa.performance.incentive.fund"]
        fund_vals = {"name": "FRD ter", "cycle_id": self.cycle.id, "amount": 10}
        for user in (self.user_hr, self.user_sg):
            for forged_vals, context in (
                ({"state": "paid"}, FORGED),
                ({"allocated_amount": 10}, FORGED),
                ({}, {**FORGED, "default_state": "confirmed"}),
            ):
                with self.subTest(user=user.login, vals=forged_vals, ctx=context):
                    with self.assertRaises(UserError):
                        Fund.with_user(user).with_context(**context).create(
                            {**fund_vals, **forged_vals}
                        )
        line_vals = {"scheda_id": self.s_office.id, "name": "x", "weight": 0}
        with self.assertRaises(UserError):
            self.env["cciaa.performance.scheda.line"].with_user(
                self.user_po
            ).with_context(**FORGED).create({**line_vals, "score": 100})

    def test_forged_context_does_not_move_a_fund(self):
        for user in (self.user_hr, self.user_sg):
            forged = self.fund.with_user(user).with_context(**FORGED)
            for vals in (
                {"state": "paid"},
                {"state": "confirmed"},
                {"allocated_amount": 1000},
                {"confirmed_by_id": user.id},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(UserError):
                        forged.write(vals)
        self.assertEqual(self.fund.state, "draft")
        # the buttons need their preconditions: simulated, then a validated cycle
        fund = self.fund.with_user(self.user_hr).with_context(**FORGED)
        with self.assertRaises(UserError):
            fund.action_confirm()
        with self.assertRaises(UserError):
            fund.action_mark_paid()
        trusted(self.fund).write({"state": "simulated"})
        with self.assertRaisesRegex(UserError, "not validated"):
            fund.action_confirm()
        trusted(self.fund).write({"state": "confirmed"})
        with self.assertRaisesRegex(UserError, "not validated"):
            fund.action_mark_paid()
        self.assertEqual(self.fund.state, "confirmed")
        # and the role: the OIV reads the fund, never moves it
        for action in ("action_mark_paid", "action_simulate", "action_confirm"):
            with self.assertRaises(AccessError):
                getattr(self.fund.with_user(self.user_oiv), action)()

    def test_allocations_are_written_only_by_the_simulation(self):
        Allocation = self.env["cciaa.performance.incentive.allocation"]
        line = trusted(Allocation).create(
            {"fund_id": self.fund.id, "employee_id": self.emp_office.id}
        )
        line = Allocation.browse(line.id)  # without the marker of the simulation
        trusted(self.fund).write({"state": "simulated"})
        for user in (self.user_hr, self.user_sg):
            forged = line.with_user(user).with_context(**FORGED)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    forged.write({"total_amount": 1000})
                with self.assertRaises(AccessError):
                    forged.unlink()
                with self.assertRaises(AccessError):
                    Allocation.with_user(user).with_context(**FORGED).create(
                        {
                            "fund_id": self.fund.id,
                            "employee_id": self.emp_po.id,
                            "total_amount": 1000,
                        }
                    )
                with self.assertRaises(AccessError):
                    self.fund.with_user(user).with_context(**FORGED).write(
                        {
                            "allocation_ids": [
                                Command.update(line.id, {"total_amount": 5})
                            ]
                        }
                    )
        # not even sudo: only the simulation holds the marker
        with self.assertRaises(AccessError):
            line.sudo().write({"total_amount": 1000})
        self.assertEqual(line.total_amount, 0)

    def test_a_po_evaluates_only_their_servizio(self):
        """A P.O. cannot give themself an employee of another Servizio, nor
        hand a scheda they evaluate to somebody else: the evaluator follows the
        organisation chart unless HR or the SG choose."""
        Scheda = self.env["cciaa.performance.scheda"].with_user(self.user_po)
        with self.assertRefused(AccessError, "office_s3"):
            Scheda.create(
                {
                    "cycle_id": self.cycle.id,
                    "employee_id": self.emp_office_s3.id,
                    "evaluator_id": self.emp_po.id,
                }
            )
        with self.assertRefused(AccessError, "office_u21"):
            self.s_office.with_user(self.user_po).write(
                {"evaluator_id": self.emp_sg.id}
            )
        with self.assertRefused(AccessError, "office_s3"):
            self.s_office.with_user(self.user_po).write(
                {"employee_id": self.emp_office_s3.id}
            )
        # HR chooses another evaluator where the chart does not say
        self.s_office_s3.with_user(self.user_hr).write({"evaluator_id": self.emp_po.id})
        self.assertEqual(self.s_office_s3.evaluator_id, self.emp_po)

    def test_only_who_evaluates_refreshes_the_figures(self):
        for user in (self.user_oiv, self.user_office):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.s_office.with_user(user).action_refresh()
        self.s_office.with_user(self.user_po).action_refresh()
        self.s_office.with_user(self.user_hr).action_refresh()
