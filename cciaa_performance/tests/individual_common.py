import datetime
from contextlib import contextmanager

from odoo import Command
from odoo.tests import new_test_user

from .common import CciaaCase

YEAR_START = datetime.date(2019, 1, 1)
REORGANISATION = datetime.date(2019, 5, 20)


class IndividualCase(CciaaCase):
    """CciaaCase plus a count indicator with a different result on S2, U2.1
    and S3, an evaluation system (staff: results 70 / behaviours 30), and an
    employee moved from S3 to S2 on 20 May. Expected scores are read from the
    stored results, never typed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.Scheda = env["cciaa.performance.scheda"]
        cls.system = env["cciaa.performance.evaluation.system"].create(
            {
                "cycle_id": cls.cycle.id,
                "results_share_sg": 100,
                "results_share_po": 100,
                "results_share_staff": 70,
                "behaviour_ids": [
                    Command.create({"name": "Teamwork", "weight": 50}),
                    Command.create({"name": "Problem solving", "weight": 50}),
                ],
                "level_ids": [
                    Command.create({"name": "1", "value": 0}),
                    Command.create({"name": "2", "value": 50}),
                    Command.create({"name": "3", "value": 75}),
                    Command.create({"name": "4", "value": 100}),
                ],
            }
        )
        cls.count = env["cciaa.performance.indicator"].create(
            {
                "cycle_id": cls.cycle.id,
                "kind": "IO",
                "operational_id": cls.operational.id,
                "code": "O1.1.1-b",
                "name": "Pratiche",
                "measure": "count",
                "comparator": ">=",
                "department_ids": [
                    Command.set([cls.unit_s2.id, cls.unit_u21.id, cls.unit_s3.id])
                ],
                "target_ids": [Command.create({"year": 2019, "value": 10})],
            }
        )
        Measurement = env["cciaa.performance.measurement"]
        for unit, value in ((cls.unit_s2, 10), (cls.unit_u21, 8), (cls.unit_s3, 5)):
            Measurement.create(
                {
                    "indicator_id": cls.count.id,
                    "department_id": unit.id,
                    "quarter": "1",
                    "parameter": "1",
                    "value": value,
                }
            )
        cls.cycle.action_recompute()

        def employee(user):
            return env["hr.employee"].search([("user_id", "=", user.id)])

        cls.emp_office = employee(cls.user_office)
        cls.emp_office_s3 = employee(cls.user_office_s3)
        cls.emp_po = employee(cls.user_po)
        cls.emp_po.cciaa_role = "po"
        cls.emp_sg = employee(cls.user_sg)
        cls.emp_sg.cciaa_role = "sg"
        cls.user_mover = new_test_user(
            env,
            login="mover",
            groups="cciaa_performance.group_office_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.emp_mover = env["hr.employee"].create(
            {
                "name": "mover",
                "user_id": cls.user_mover.id,
                "company_id": cls.company.id,
                "cciaa_role": "staff",
                "cciaa_category": "C",
            }
        )
        Assignment = env["cciaa.performance.assignment"]
        Assignment.create(
            [
                {
                    "employee_id": cls.emp_mover.id,
                    "department_id": cls.unit_s3.id,
                    "date_from": YEAR_START,
                    "date_to": REORGANISATION - datetime.timedelta(days=1),
                },
                {
                    "employee_id": cls.emp_mover.id,
                    "department_id": cls.unit_s2.id,
                    "date_from": REORGANISATION,
                },
            ]
        )

    @classmethod
    def row_score(cls, unit):
        """The stored score of the count indicator on ``unit``."""
        results = cls.env["cciaa.performance.result"].search(
            [
                ("cycle_id", "=", cls.cycle.id),
                ("level", "=", "row"),
                ("indicator_id", "=", cls.count.id),
                ("department_id", "=", unit.id),
            ],
            order="quarter desc",
            limit=1,
        )
        return results.score

    @classmethod
    def line(cls, unit, weight, **values):
        return Command.create(
            {
                "kind": "indicator",
                "indicator_id": cls.count.id,
                "department_id": unit.id,
                "weight": weight,
                **values,
            }
        )

    @staticmethod
    def own(weight, target, **values):
        return Command.create(
            {
                "kind": "own",
                "name": "Riordino archivio",
                "comparator": ">=",
                "target_value": target,
                "weight": weight,
                **values,
            }
        )

    @contextmanager
    def assertRefused(self, exception, text):
        """Odoo's assertRaises rolls the failing call back to a savepoint, as a
        failed RPC call is rolled back; the message must contain ``text``."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))
