from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CciaaCase


@tagged("post_install", "-at_install")
class TestSecurity(CciaaCase):
    """Each group, as that user: what it may and may not do (holds over RPC,
    since record rules and access lines are enforced by the ORM)."""

    def _measurements_seen(self, user):
        return (
            self.env["cciaa.performance.measurement"]
            .with_user(user)
            .search([("cycle_id", "=", self.cycle.id)])
        )

    def test_office_user_reads_and_writes_only_own_units(self):
        seen = self._measurements_seen(self.user_office)
        self.assertEqual(seen, self.m_u21)
        self.m_u21.with_user(self.user_office).write({"value": 6})
        self.assertEqual(self.m_u21.value, 6)
        with self.assertRaises(AccessError):
            self.m_s3.with_user(self.user_office).read(["value"])
        with self.assertRaises(AccessError):
            self.m_s3.with_user(self.user_office).write({"value": 1})
        with self.assertRaises(AccessError):
            self.m_s3.with_user(self.user_office).unlink()
        with self.assertRaises(AccessError):
            self.env["cciaa.performance.measurement"].with_user(
                self.user_office
            ).create(
                {
                    "indicator_id": self.indicator.id,
                    "department_id": self.unit_s3.id,
                    "quarter": "2",
                    "parameter": "1",
                    "value": 1,
                }
            )
        created = (
            self.env["cciaa.performance.measurement"]
            .with_user(self.user_office)
            .create(
                {
                    "indicator_id": self.indicator.id,
                    "department_id": self.unit_u21.id,
                    "quarter": "2",
                    "parameter": "1",
                    "value": 1,
                }
            )
        )
        created.unlink()

    def test_office_user_reads_plan_but_cannot_change_it(self):
        indicator = self.indicator.with_user(self.user_office)
        self.assertEqual(indicator.code, "O1.1.1-a")
        with self.assertRaises(AccessError):
            indicator.write({"name": "Altro"})
        with self.assertRaises(AccessError):
            self.cycle.with_user(self.user_office).write({"tolerance": 50})
        with self.assertRaises(AccessError):
            self.operational.with_user(self.user_office).unlink()

    def test_po_sees_the_servizio_subtree(self):
        seen = self._measurements_seen(self.user_po)
        self.assertEqual(seen, self.m_s2 | self.m_u21)
        self.m_u21.with_user(self.user_po).write({"value": 4})
        with self.assertRaises(AccessError):
            self.m_s3.with_user(self.user_po).write({"value": 1})

    def test_sg_and_manager_see_everything_and_configure(self):
        for user in (self.user_sg, self.user_manager):
            self.assertEqual(
                self._measurements_seen(user), self.m_s2 | self.m_u21 | self.m_s3
            )
            self.indicator.with_user(user).write(
                {"algorithm": "evase / ricevute >= 90%"}
            )
        self.env["cciaa.performance.override"].with_user(self.user_sg).create(
            {
                "operational_id": self.operational.id,
                "value": 95,
                "motivation": "Motivata",
            }
        )
        with self.assertRaises(AccessError):
            self.env["cciaa.performance.override"].with_user(self.user_manager).create(
                {"operational_id": self.operational.id, "value": 95, "motivation": "No"}
            )

    def test_oiv_reads_everything_writes_nothing(self):
        self.assertEqual(
            self._measurements_seen(self.user_oiv), self.m_s2 | self.m_u21 | self.m_s3
        )
        self.cycle.action_recompute()
        results = (
            self.env["cciaa.performance.result"]
            .with_user(self.user_oiv)
            .search([("cycle_id", "=", self.cycle.id)])
        )
        self.assertTrue(results)
        for record, values in (
            (self.m_s3, {"value": 1}),
            (self.indicator, {"name": "x"}),
            (self.cycle, {"tolerance": 1}),
            (results[0], {"score": 1}),
        ):
            with self.assertRaises(AccessError):
                record.with_user(self.user_oiv).write(values)
            with self.assertRaises(AccessError):
                record.with_user(self.user_oiv).unlink()
        with self.assertRaises(AccessError):
            self.env["cciaa.performance.measurement"].with_user(self.user_oiv).create(
                {
                    "indicator_id": self.indicator.id,
                    "department_id": self.unit_s3.id,
                    "quarter": "3",
                    "parameter": "1",
                    "value": 1,
                }
            )

    def test_results_are_written_only_by_the_recomputation(self):
        self.cycle.action_recompute()
        result = self.env["cciaa.performance.result"].search(
            [("cycle_id", "=", self.cycle.id)]
        )[0]
        for user in (self.user_office, self.user_po, self.user_manager, self.user_hr):
            with self.assertRaises(AccessError):
                result.with_user(user).write({"score": 1})

    def test_recompute_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.cycle.with_user(self.user_office).action_recompute()

    def test_other_chamber_is_invisible(self):
        other = self.env["cciaa.performance.cycle"].create(
            {"year": 2019, "company_id": self.other_company.id}
        )
        for user in (self.user_sg, self.user_oiv, self.user_office):
            cycles = self.env["cciaa.performance.cycle"].with_user(user).search([])
            self.assertNotIn(other, cycles)
            with self.assertRaises(AccessError):
                other.with_user(user).read(["year"])

    def test_import_wizard_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["cciaa.performance.import.wizard"].with_user(
                self.user_office
            ).create({})
        wizard = (
            self.env["cciaa.performance.import.wizard"]
            .with_user(self.user_manager)
            .create({})
        )
        with self.assertRaises(UserError):
            wizard.action_import()

    def test_manager_imports_only_into_own_chamber_evaluations_as_proposals(self):
        from ..importer import parse, read_sheets
        from .common import DATASET_2019
        from .test_import_errors import workbook_bytes

        sheets = read_sheets(DATASET_2019)
        parsed, _issues = parse(sheets)
        payload = (workbook_bytes(sheets), "2019.xlsx")
        wizard = self.env["cciaa.performance.import.wizard"].with_user(
            self.user_manager
        )

        def errors(issues):
            return [
                (i.sheet, i.column, i.code) for i in issues if i.severity == "error"
            ]

        # a chamber that does not exist is created by an administrator only
        cycle, issues = wizard._run(payload)
        self.assertFalse(cycle)
        self.assertEqual(errors(issues), [("ciclo", "ente", "ente_unknown")])
        # an existing chamber the manager does not work in stays closed to them
        chamber = self.env["res.company"].create(
            {"name": parsed.cycle.ente, "currency_id": self.env.ref("base.EUR").id}
        )
        cycle, issues = wizard._run(payload)
        self.assertFalse(cycle)
        self.assertEqual(errors(issues), [("ciclo", "ente", "ente_not_allowed")])
        self.assertFalse(
            self.env["cciaa.performance.cycle"].search(
                [("company_id", "=", chamber.id)]
            )
        )

        self.user_manager.company_ids = [Command.link(chamber.id)]
        companies = self.user_manager.company_ids
        cycle, issues = wizard._run(payload)
        self.assertTrue(cycle)
        self.assertEqual(self.user_manager.company_ids, companies)
        # the motivated evaluations arrive as proposals and do not count yet
        self.assertEqual(
            [i.code for i in issues if i.severity == "warning"].count(
                "override_proposed"
            ),
            len(parsed.overrides),
        )
        proposals = self.env["cciaa.performance.override"].search(
            [("cycle_id", "=", cycle.id)]
        )
        self.assertEqual(len(proposals), len(parsed.overrides))
        self.assertEqual(set(proposals.mapped("state")), {"proposed"})
        Result = self.env["cciaa.performance.result"]

        def year_end(override):
            objective = override.strategic_id or override.operational_id
            return Result.search(
                [
                    ("cycle_id", "=", cycle.id),
                    ("code", "=", objective.code),
                    ("quarter", "=", 3),
                    ("level", "in", ("os", "oo")),
                ]
            )

        for override in proposals:
            self.assertFalse(year_end(override).overridden)
        with self.assertRaises(UserError):
            cycle.with_user(self.user_manager).action_close()
        with self.assertRaises(AccessError):
            proposals.with_user(self.user_manager).action_confirm()
        with self.assertRaises(UserError):
            proposals.with_user(self.user_sg).write({"state": "confirmed"})

        self.user_sg.company_ids = [Command.link(chamber.id)]
        proposals.with_user(self.user_sg).action_confirm()
        for override in proposals:
            result = year_end(override)
            self.assertTrue(result.overridden)
            self.assertEqual(result.score, override.value)
            self.assertEqual(override.confirmed_by_id, self.user_sg)

    def test_a_po_writes_criticita_only_of_their_servizio_objectives(self):
        Criticita = self.env["cciaa.performance.criticita"]
        self.operational.department_ids = [Command.set(self.unit_s3.ids)]
        with self.assertRaises(AccessError):
            Criticita.with_user(self.user_po).create(
                {"operational_id": self.operational.id, "issues": "x"}
            )
        theirs = Criticita.with_user(self.user_manager).create(
            {"operational_id": self.operational.id, "issues": "ritardi"}
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_po).write({"actions": "x"})
        self.assertEqual(
            theirs.with_user(self.user_po).read(["issues"])[0]["issues"], "ritardi"
        )
        # an office of the P.O.'s Servizio makes the objective theirs
        self.operational.department_ids = [Command.set(self.unit_u21.ids)]
        theirs.with_user(self.user_po).write({"actions": "piano di recupero"})
        mine = Criticita.with_user(self.user_po).create(
            {"operational_id": self.operational.id, "issues": "y"}
        )
        self.assertEqual(mine.cycle_id, self.cycle)
        for user in (self.user_office, self.user_hr, self.user_oiv):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                theirs.with_user(user).write({"actions": "z"})
