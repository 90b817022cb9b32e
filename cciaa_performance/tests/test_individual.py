import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..engine import round_half_up
from .individual_common import REORGANISATION, YEAR_START, IndividualCase


@tagged("post_install", "-at_install")
class TestIndividual(IndividualCase):
    """The scheda's workflow, scores, phases and bad input, each as the user
    who does it."""

    def _staff_scheda(self):
        """As the P.O. of S2: the scheda of the office user of U2.1."""
        return self.Scheda.with_user(self.user_po).create(
            {
                "cycle_id": self.cycle.id,
                "employee_id": self.emp_office.id,
                "line_ids": [self.line(self.unit_u21, 70), self.own(30, 5)],
            }
        )

    def test_workflow_of_a_staff_scheda(self):
        scheda = self._staff_scheda()
        self.assertEqual(scheda.evaluator_id, self.emp_po)  # head of U2.1's Servizio
        self.assertEqual(scheda.category, "staff")
        scheda.action_assign()
        self.assertEqual(scheda.state, "assigned")
        self.assertTrue(scheda.assigned_on)
        self.assertEqual(len(scheda.behaviour_line_ids), len(self.system.behaviour_ids))
        # only the employee acknowledges ("presa visione"), with a timestamp
        with self.assertRaises(AccessError):
            scheda.action_acknowledge()
        scheda.with_user(self.user_office).action_acknowledge()
        self.assertEqual(scheda.state, "acknowledged")
        self.assertTrue(scheda.acknowledged_on)
        # nobody evaluates their own scheda
        with self.assertRaises(AccessError):
            scheda.with_user(self.user_office).action_evaluate()
        own = scheda.line_ids.filtered(lambda li: li.kind == "own")
        with self.assertRaises(UserError):  # the own result is missing
            scheda.action_evaluate()
        own.write({"own_result_value": 6})
        with self.assertRaises(UserError):  # behaviours not rated
            scheda.action_evaluate()
        levels = self.system.level_ids.sorted("value")
        scheda.behaviour_line_ids[0].level_id = levels[-1]
        scheda.behaviour_line_ids[1].level_id = levels[1]
        scheda.action_evaluate()
        self.assertEqual(scheda.state, "evaluated")
        self.assertEqual(scheda.evaluated_by_id, self.user_po)
        # the final score: the results part (row on U2.1 weighted 70, own 30)
        # and the behaviours (equal weights) by the staff split 70 / 30
        row = scheda.line_ids.filtered(lambda li: li.kind == "indicator")
        self.assertEqual(row.score, self.row_score(self.unit_u21))
        results = round_half_up((row.score * 70 + own.score * 30) / 100)
        self.assertEqual(scheda.results_score, results)
        behaviours = round_half_up((levels[-1].value + levels[1].value) / 2)
        self.assertEqual(scheda.behaviour_score, behaviours)
        self.assertEqual(
            scheda.final_score, round_half_up(results * 0.7 + behaviours * 0.3)
        )
        # frozen: the objectives no longer change
        with self.assertRaises(UserError):
            row.write({"weight": 50})
        # the employee files observations, the evaluator closes
        with self.assertRaises(AccessError):
            scheda.with_user(self.user_office).write({"evaluator_notes": "x"})
        scheda.with_user(self.user_office).write({"observations": "Non concordo"})
        scheda.with_user(self.user_office).action_file_observations()
        self.assertEqual(scheda.state, "observations")
        self.assertTrue(scheda.observations_on)
        with self.assertRaises(AccessError):
            scheda.with_user(self.user_office).action_finalise()
        scheda.action_finalise()
        self.assertEqual(scheda.state, "final")

    def test_accepting_the_evaluation(self):
        scheda = self._staff_scheda()
        scheda.line_ids.filtered(lambda li: li.kind == "own").own_result_value = 4
        scheda.action_assign()
        scheda.with_user(self.user_office).action_acknowledge()
        for rating in scheda.behaviour_line_ids:
            rating.level_id = self.system.level_ids[0]
        scheda.action_evaluate()
        scheda.with_user(self.user_office).action_accept()
        self.assertEqual(scheda.state, "accepted")
        self.assertTrue(scheda.accepted_on)
        self.assertIn("Riordino archivio", scheda.explanation_html)

    def test_sg_scheda_is_evaluated_on_the_oiv_proposal(self):
        scheda = self.Scheda.with_user(self.user_hr).create(
            {
                "cycle_id": self.cycle.id,
                "employee_id": self.emp_sg.id,
                "line_ids": [self.line(self.unit_s3, 50), self.line(self.unit_s2, 50)],
            }
        )
        self.assertEqual(scheda.category, "sg")
        self.assertFalse(scheda.evaluator_id)
        with self.assertRaises(AccessError):  # the SG does not assign his own
            scheda.with_user(self.user_sg).action_assign()
        scheda.action_assign()
        scheda.with_user(self.user_sg).action_acknowledge()
        with self.assertRaises(UserError):
            scheda.with_user(self.user_hr).action_evaluate()
        self.assertEqual(scheda.state, "acknowledged")
        scheda.with_user(self.user_hr).write(
            {"oiv_proposal_by": "OIV monocratico", "oiv_proposal_date": "2020-05-20"}
        )
        scheda.with_user(self.user_hr).action_evaluate()
        self.assertEqual(scheda.evaluated_by_id, self.user_hr)
        expected = round_half_up(
            (self.row_score(self.unit_s3) + self.row_score(self.unit_s2)) / 2
        )
        self.assertEqual(scheda.final_score, expected)

    def test_mid_year_transfer_is_day_weighted(self):
        """From S3 to S2 on 20 May: the S3 row is valued in the first phase,
        the S2 row in the second; the final score weighs their days."""
        scheda = self.Scheda.create(
            {
                "cycle_id": self.cycle.id,
                "employee_id": self.emp_mover.id,
                "evaluator_id": self.emp_po.id,
                "line_ids": [
                    self.line(self.unit_s3, 100),
                    self.line(self.unit_s2, 100),
                ],
            }
        )
        self.system.results_share_staff = 100
        scheda.action_assign()  # each phase's rows sum to 100
        first, second = scheda.phase_data
        days_1 = (REORGANISATION - YEAR_START).days
        days_2 = (datetime.date(2019, 12, 31) - REORGANISATION).days + 1
        self.assertEqual((first["unit"], first["days"]), ("S3", days_1))
        self.assertEqual((second["unit"], second["days"]), ("S2", days_2))
        s3, s2 = self.row_score(self.unit_s3), self.row_score(self.unit_s2)
        self.assertNotEqual(s3, s2)
        self.assertEqual((first["score"], second["score"]), (s3, s2))
        self.assertEqual(
            scheda.final_score,
            round_half_up((s3 * days_1 + s2 * days_2) / (days_1 + days_2)),
        )
        html = scheda.explanation_html
        for text in ("S3", "S2", str(days_1), str(days_2)):
            self.assertIn(text, html)

    def test_summary_and_report_rows(self):
        scheda = self._staff_scheda()
        scheda.action_refresh()
        rows = scheda._report_rows()
        self.assertEqual([r["code"] for r in rows], ["O1.1.1-b", ""])
        self.assertEqual(rows[0]["unit"], "U2.1")
        summary = self.cycle._individual_summary()
        self.assertEqual(
            summary["staff"]["total"], 1
        )  # the own objective has no result
        self.assertEqual(summary["staff"]["not_evaluable"], 1)
        self.assertEqual(summary["dirigenti"]["total"], 0)

    # -- bad input: clear message, nothing written -------------------------------

    def test_weights_not_summing_to_100(self):
        scheda = self.Scheda.with_user(self.user_po).create(
            {
                "cycle_id": self.cycle.id,
                "employee_id": self.emp_office.id,
                "line_ids": [self.line(self.unit_u21, 60), self.own(30, 5)],
            }
        )
        with self.assertRefused(UserError, "sum to 90"):
            scheda.action_assign()
        self.assertEqual(scheda.state, "draft")
        self.assertFalse(scheda.assigned_on)

    def test_weights_per_phase_of_a_transfer(self):
        scheda = self.Scheda.create(
            {
                "cycle_id": self.cycle.id,
                "employee_id": self.emp_mover.id,
                "evaluator_id": self.emp_po.id,
                "line_ids": [self.line(self.unit_s3, 60), self.line(self.unit_s2, 40)],
            }
        )
        with self.assertRefused(UserError, "in the phase S3"):
            scheda.action_assign()
        self.assertEqual(scheda.state, "draft")

    def test_a_row_on_a_unit_the_employee_never_belonged_to(self):
        scheda = self._staff_scheda()
        before = scheda.line_ids
        with self.assertRefused(ValidationError, "never belonged to unit S3"):
            scheda.write({"line_ids": [self.line(self.unit_s3, 10)]})
        self.assertEqual(scheda.line_ids, before)
        with self.assertRefused(ValidationError, "never belonged"):
            self.Scheda.create(
                {
                    "cycle_id": self.cycle.id,
                    "employee_id": self.emp_office_s3.id,
                    "line_ids": [self.line(self.unit_s2, 100)],
                }
            )
        self.assertFalse(
            self.Scheda.search([("employee_id", "=", self.emp_office_s3.id)])
        )

    def test_the_same_indicator_once_per_unit(self):
        scheda = self._staff_scheda()
        with self.assertRefused(ValidationError, "once per unit"):
            scheda.write({"line_ids": [self.line(self.unit_u21, 0)]})
        self.assertEqual(len(scheda.line_ids), 2)

    def test_overlapping_assignments_above_100(self):
        Assignment = self.env["cciaa.performance.assignment"]
        count = Assignment.search_count([("employee_id", "=", self.emp_mover.id)])
        with self.assertRefused(ValidationError, "at most 100"):
            Assignment.create(
                {
                    "employee_id": self.emp_mover.id,
                    "department_id": self.unit_u21.id,
                    "date_from": REORGANISATION,
                    "participation": 50,
                }
            )
        self.assertEqual(
            Assignment.search_count([("employee_id", "=", self.emp_mover.id)]), count
        )

    def test_one_scheda_per_employee_and_cycle_and_no_self_evaluation(self):
        with self.assertRefused(ValidationError, "own scheda"):
            self.Scheda.create(
                {
                    "cycle_id": self.cycle.id,
                    "employee_id": self.emp_po.id,
                    "evaluator_id": self.emp_po.id,
                }
            )


@tagged("post_install", "-at_install")
class TestOneRecomputeService(IndividualCase):
    """Every entry point recomputes through the cycle's one service, which
    also refreshes the open schede: the button, the scheduled action and a
    campaign's transitions."""

    def test_every_entry_point_refreshes_the_open_schede(self):
        scheda = self.Scheda.with_user(self.user_po).create(
            {
                "cycle_id": self.cycle.id,
                "employee_id": self.emp_office.id,
                "line_ids": [self.line(self.unit_u21, 100)],
            }
        )
        scheda.action_assign()
        row = scheda.line_ids
        measurement = self.env["cciaa.performance.measurement"].search(
            [
                ("indicator_id", "=", self.count.id),
                ("department_id", "=", self.unit_u21.id),
            ]
        )
        campaign = self.env["cciaa.performance.campaign"].create(
            {"cycle_id": self.cycle.id, "quarter": "2"}
        )
        entry_points = {
            "button": self.cycle.action_recompute,
            "scheduled action": self.env["cciaa.performance.result"]._cron_recompute,
            "campaign opened": campaign.action_open,
            "campaign closed": campaign.action_close,
        }
        for value, (name, entry_point) in enumerate(entry_points.items(), start=2):
            with self.subTest(entry_point=name):
                measurement.value = value
                entry_point()
                self.assertEqual(row.score, self.row_score(self.unit_u21))
                self.assertEqual(scheda.results_score, row.score, name)
