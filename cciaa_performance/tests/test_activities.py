"""Hand-offs of the chain: each step schedules one activity for the person
whose turn it is, with the template's message, never two for a repeated
step, and the act marks it done (models/handoff.py).

XML ids, for the role tours and anybody who walks the chain. Each activity
type ``<module>.mail_activity_type_<name>`` has its message in
``<module>.mail_template_<name>``; scheduled by → for whom → done by:

- cciaa_performance.mail_activity_type_scheda_acknowledge: scheda
  action_assign → the employee → action_acknowledge (presa visione)
- cciaa_performance.mail_activity_type_scheda_evaluate: action_acknowledge
  → the evaluator (HR for the SG's scheda, which has none) → action_evaluate
- cciaa_performance.mail_activity_type_scheda_respond: action_evaluate → the
  employee → action_accept or action_file_observations
- cciaa_performance.mail_activity_type_scheda_finalise: action_accept or
  action_file_observations → the evaluator (HR for the SG) → action_finalise
- cciaa_performance.mail_activity_type_cycle_fund_confirm: the OIV's
  validation (cycle _mark_validated) → HR → fund action_confirm
- cciaa_performance.mail_activity_type_fund_pay: fund action_confirm → HR →
  action_mark_paid
- cciaa_performance_report.mail_activity_type_relazione_validate: relazione
  action_approve (the Giunta's approval) → the OIV → validation
  action_validate
- cciaa_performance_report.mail_activity_type_relazione_publish: validation
  action_validate, VALIDA or VALIDA CON OSSERVAZIONI → the performance
  manager → relazione action_publish
- cciaa_performance_report.mail_activity_type_relazione_correct: validation
  action_validate, NON VALIDA → the performance manager → relazione
  action_approve

Taking a step back cancels what it had asked for (scheda action_reset_to_draft,
relazione action_reset_draft); the SG's cycle action_reopen_validation cancels
the fund's and the publication's and asks the OIV again. HR's and the
manager's hand-offs go to the users of that group of the chamber, the
Segretario Generale only when nobody else holds it. The Relazione's are tested
in cciaa_performance_report/tests/test_relazione_activities.py.
"""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.guard import trusted
from .individual_common import YEAR_START, IndividualCase

PREFIX = "cciaa_performance.mail_activity_type_"


@tagged("post_install", "-at_install")
class TestActivities(IndividualCase):
    def activities(self, records, name, done=None):
        """The activities of type ``name`` on ``records``, open and done
        (``done``: only those)."""
        domain = [
            ("res_model", "=", records._name),
            ("res_id", "in", records.ids),
            ("activity_type_id", "=", self.env.ref(PREFIX + name).id),
        ]
        if done is not None:
            domain.append(("active", "=", not done))
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(domain, order="id")
        )

    def assertHandedTo(self, records, name, users):
        """One open activity of ``name`` per record for each of ``users``,
        none for anybody else, and the message of its template."""
        for record in records:
            open_ = self.activities(record, name, done=False)
            self.assertEqual(sorted(open_.user_id.ids), sorted(users.ids), name)
            self.assertEqual(len(open_), len(users), name)
            template = self.env.ref(f"cciaa_performance.mail_template_{name}")
            subject = template._render_field("subject", record.ids)[record.id]
            messages = record.message_ids.filtered(lambda m, s=subject: m.subject == s)
            self.assertTrue(messages, name)
            self.assertLessEqual(users.partner_id, messages.partner_ids, name)

    def assertDone(self, records, name, user=None):
        """Every activity of ``name`` on ``records`` is done, at least one."""
        activities = self.activities(records, name)
        self.assertTrue(activities, name)
        self.assertFalse(activities.filtered("active"), name)
        self.assertTrue(all(activities.mapped("date_done")), name)

    def _scheda(self):
        return self.Scheda.with_user(self.user_po).create(
            {
                "cycle_id": self.cycle.id,
                "employee_id": self.emp_office.id,
                "line_ids": [self.line(self.unit_u21, 70), self.own(30, 5)],
            }
        )

    def test_the_scheda_hands_off_at_every_step(self):
        scheda = self._scheda()
        as_po = scheda.with_user(self.user_po)
        as_employee = scheda.with_user(self.user_office)
        as_po.action_assign()
        self.assertHandedTo(scheda, "scheda_acknowledge", self.user_office)
        # the objectives go back to draft and are assigned again: the
        # presa visione of the old ones is withdrawn, one is due
        as_po.action_reset_to_draft()
        self.assertFalse(self.activities(scheda, "scheda_acknowledge"))
        as_po.action_assign()
        self.assertHandedTo(scheda, "scheda_acknowledge", self.user_office)
        as_employee.action_acknowledge()
        self.assertDone(scheda, "scheda_acknowledge")
        self.assertHandedTo(scheda, "scheda_evaluate", self.user_po)
        scheda.line_ids.filtered(lambda li: li.kind == "own").own_result_value = 6
        for rating in scheda.behaviour_line_ids:
            rating.level_id = self.system.level_ids[-1]
        as_po.action_evaluate()
        self.assertDone(scheda, "scheda_evaluate")
        self.assertHandedTo(scheda, "scheda_respond", self.user_office)
        as_employee.write({"observations": "Non concordo sul punteggio."})
        as_employee.action_file_observations()
        self.assertDone(scheda, "scheda_respond")
        self.assertHandedTo(scheda, "scheda_finalise", self.user_po)
        as_po.action_finalise()
        self.assertDone(scheda, "scheda_finalise")
        # nothing left open on the scheda, nothing twice
        self.assertFalse(scheda.activity_ids)
        for name in ("scheda_evaluate", "scheda_respond", "scheda_finalise"):
            self.assertEqual(len(self.activities(scheda, name)), 1)

    def test_a_refused_step_schedules_nothing(self):
        scheda = self._scheda()
        scheda.with_user(self.user_po).action_assign()
        # the P.O. cannot take note for the employee: no evaluation is asked
        with self.assertRaises(AccessError):
            scheda.with_user(self.user_po).action_acknowledge()
        self.assertFalse(self.activities(scheda, "scheda_evaluate"))
        self.assertHandedTo(scheda, "scheda_acknowledge", self.user_office)

    def test_accepting_hands_the_scheda_back_to_the_evaluator(self):
        scheda = self._scheda()
        scheda.with_user(self.user_po).action_assign()
        scheda.with_user(self.user_office).action_acknowledge()
        scheda.line_ids.filtered(lambda li: li.kind == "own").own_result_value = 4
        for rating in scheda.behaviour_line_ids:
            rating.level_id = self.system.level_ids[0]
        scheda.with_user(self.user_po).action_evaluate()
        scheda.with_user(self.user_office).action_accept()
        self.assertDone(scheda, "scheda_respond")
        self.assertHandedTo(scheda, "scheda_finalise", self.user_po)

    def test_the_sg_scheda_is_handed_to_hr(self):
        # no evaluator: HR evaluates it on the OIV's proposal
        scheda = self.Scheda.with_user(self.user_hr).create(
            {
                "cycle_id": self.cycle.id,
                "employee_id": self.emp_sg.id,
                "line_ids": [self.line(self.unit_s3, 50), self.line(self.unit_s2, 50)],
            }
        )
        scheda.with_user(self.user_hr).action_assign()
        self.assertHandedTo(scheda, "scheda_acknowledge", self.user_sg)
        scheda.with_user(self.user_sg).action_acknowledge()
        self.assertHandedTo(scheda, "scheda_evaluate", self.user_hr)

    def _fund(self):
        """A fund simulated over evaluated employees without a user."""
        self.system.results_share_staff = 100  # no behaviour to rate
        # two employees without a user, so that the maggiorazione selects one
        for index, result in enumerate((100, 80)):
            employee = self.env["hr.employee"].create(
                {
                    "name": f"Dipendente premiato {index}",
                    "company_id": self.company.id,
                    "cciaa_registration": f"M9{index}",
                    "cciaa_hire_date": YEAR_START.replace(year=2000 + index),
                    "cciaa_role": "staff",
                    "cciaa_category": "C",
                }
            )
            self.env["cciaa.performance.assignment"].create(
                {
                    "employee_id": employee.id,
                    "department_id": self.unit_s2.id,
                    "date_from": YEAR_START,
                }
            )
            scheda = self.Scheda.create(
                {
                    "cycle_id": self.cycle.id,
                    "employee_id": employee.id,
                    "evaluator_id": self.emp_po.id,
                    "line_ids": [self.own(100, 100, own_result_value=result)],
                }
            )
            scheda.action_assign()
            scheda.action_acknowledge()
            scheda.action_evaluate()
        fund = (
            self.env["cciaa.performance.incentive.fund"]
            .with_user(self.user_hr)
            .create(
                {
                    "name": "FRD 2019 premi",
                    "cycle_id": self.cycle.id,
                    "amount": 1000,
                    "organisational_share": 40,
                    "threshold": 60,
                    "full_from": 90,
                    "maggiorazione_pct": 30,
                    "quota_pct": 50,
                    "tie_rule": "seniority",
                    "min_days": 30,
                    "coefficient_ids": [
                        Command.create({"category": "C", "coefficient": 1.0})
                    ],
                }
            )
        )
        fund.action_simulate()
        return fund

    def test_validation_and_fund_hand_off_to_hr(self):
        fund = self._fund()
        trusted(self.cycle.sudo()).write({"state": "closed"})
        # the OIV's validation (its action calls this; tested in the report
        # addon): HR is asked to confirm the fund, the SG is not
        self.cycle._mark_validated()
        self.assertHandedTo(self.cycle, "cycle_fund_confirm", self.user_hr)
        fund.action_confirm()
        self.assertDone(self.cycle, "cycle_fund_confirm")
        self.assertHandedTo(fund, "fund_pay", self.user_hr)
        fund.action_mark_paid()
        self.assertDone(fund, "fund_pay")

    def test_reopening_the_validation_withdraws_the_fund_activity(self):
        trusted(self.cycle.sudo()).write({"state": "closed"})
        self.cycle._mark_validated()
        self.assertHandedTo(self.cycle, "cycle_fund_confirm", self.user_hr)
        self.cycle.with_user(self.user_sg).action_reopen_validation("Errore")
        self.assertFalse(self.activities(self.cycle, "cycle_fund_confirm"))

    def test_the_templates_speak_italian(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.env["ir.module.module"]._load_module_terms(
            ["cciaa_performance"], ["it_IT"], overwrite=True
        )
        fund = self._fund()  # before any other scheda: all must be evaluated
        scheda = self._scheda()
        self.user_office.lang = "it_IT"
        scheda.with_user(self.user_po).action_assign()
        message = scheda.message_ids.filtered(
            lambda m: self.user_office.partner_id in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Gentile", message.body)
        self.assertIn("I tuoi obiettivi", message.subject)
        activity = self.activities(scheda, "scheda_acknowledge")
        self.assertEqual(
            activity.summary,
            self.env.ref(PREFIX + "scheda_acknowledge")
            .with_context(lang="it_IT")
            .summary,
        )
        self.assertNotEqual(
            activity.summary,
            self.env.ref(PREFIX + "scheda_acknowledge")
            .with_context(lang="en_US")
            .summary,
        )
        records = {scheda._name: scheda, self.cycle._name: self.cycle, fund._name: fund}
        for name in (
            "scheda_acknowledge",
            "scheda_evaluate",
            "scheda_respond",
            "scheda_finalise",
            "cycle_fund_confirm",
            "fund_pay",
        ):
            template = self.env.ref(f"cciaa_performance.mail_template_{name}")
            with self.subTest(template=name):
                record = records[template.model]
                italian = template.with_context(lang="it_IT")._render_field(
                    "body_html", record.ids
                )[record.id]
                english = template.with_context(lang="en_US")._render_field(
                    "body_html", record.ids
                )[record.id]
                self.assertNotEqual(italian, english)
