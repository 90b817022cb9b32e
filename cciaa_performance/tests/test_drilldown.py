import base64
import datetime

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DATASET_2019
from .reference_2019 import CONTRADICTED_RESULTS, FRD_CODES, TREE
from .rpc_common import OK, RpcMixin

RESULT = "cciaa.performance.result"
MEASUREMENT = "cciaa.performance.measurement"


@tagged("post_install", "-at_install")
class TestDrilldown2019(RpcMixin, HttpCase):
    """The real 2019 cycle: from the Ente's figure down to a measurement and
    its evidence, and back up, through the stored figures only; over
    JSON-RPC an office user and a P.O. reach only their own units'
    measurements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle = cls.env["cciaa.performance.cycle"]._import_dataset_path(
            DATASET_2019
        )
        cls.stored = cls.env[RESULT].search(
            [("cycle_id", "=", cls.cycle.id), ("quarter", "=", 3)]
        )
        cls.ente = cls.stored.filtered(lambda r: r.level == "ente")
        company = cls.cycle.company_id
        Employee = cls.env["hr.employee"]
        # the P.O. of S2 as the data set names them, heading S2 and its offices
        cls.po = new_test_user(
            cls.env,
            login="po_2019",
            groups="cciaa_performance.group_po",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.po_employee = Employee.search(
            [("cciaa_registration", "=", "PO2"), ("company_id", "=", company.id)]
        )
        cls.po_employee.user_id = cls.po
        cls.office = new_test_user(
            cls.env,
            login="office_2019",
            groups="cciaa_performance.group_office_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            login="manager_2019",
            groups="cciaa_performance.group_manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        # the office user works in one of the units that report under S2
        subtree = cls.env["hr.department"].search(
            [("id", "child_of", cls.po_employee.cciaa_headed_unit_ids.ids)]
        )
        # among the units whose values the Ente's figure reads
        reported = cls.ente.drilldown_measurement_ids.filtered(
            lambda m: m.department_id in subtree
        )
        cls.office_unit = reported.department_id.sorted("id")[-1]
        office_employee = Employee.create(
            {"name": "office_2019", "user_id": cls.office.id, "company_id": company.id}
        )
        cls.env["cciaa.performance.assignment"].create(
            {
                "employee_id": office_employee.id,
                "department_id": cls.office_unit.id,
                "date_from": datetime.date(2019, 1, 1),
            }
        )
        cls.subtree = subtree

    def attach(self, measurement, name):
        """Evidence on a measurement of a closed quadrimester, the audited
        way: the campaign reopened with a reason, closed again."""
        campaign = self.env["cciaa.performance.campaign"].search(
            [("cycle_id", "=", self.cycle.id), ("quarter", "=", measurement.quarter)]
        )
        campaign._reopen("Evidenze da allegare")
        evidence = self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(b"%PDF-1.4 " + name.encode()),
                "res_model": MEASUREMENT,
                "res_id": measurement.id,
            }
        )
        measurement.attachment_ids = [Command.link(evidence.id)]
        campaign.action_close()
        return evidence

    def children(self, figure, level, code):
        """The child figure ``level``/``code`` reached from ``figure``; it is
        a stored figure of the same quadrimester."""
        child = figure.drilldown_child_ids.filtered(
            lambda r: r.level == level and r.code == code
        )
        self.assertEqual(len(child), 1, (figure.display_name, level, code))
        self.assertIn(child, self.stored)
        return child

    def test_from_the_ente_down_to_a_measurement_and_back_up(self):
        ente = self.ente
        self.assertEqual(len(ente), 1)
        areas = TREE["ente"]["areas"]
        self.assertEqual(
            set(ente.drilldown_child_ids.mapped("code")), {a["code"] for a in areas}
        )
        # the walk follows the published tree: an OS scored by its IS TOT
        # (R11) whose indicators the document prints consistently
        area, os_ = next(
            (a, o)
            for a in areas
            for o in a["strategic_objectives"]
            if o["indicators"]
            and not {i["code"] for i in o["indicators"]} & CONTRADICTED_RESULTS
        )
        area_figure = self.children(ente, "area", area["code"])
        self.assertEqual(
            set(area_figure.drilldown_child_ids.mapped("code")),
            {o["code"] for o in area["strategic_objectives"]},
        )
        os_figure = self.children(area_figure, "os", os_["code"])
        is_total = self.children(os_figure, "is_total", os_["code"])
        self.assertEqual(os_figure.drilldown_child_ids, is_total)
        self.assertEqual(is_total.score, os_["published_is_total_pct"])
        self.assertEqual(
            set(is_total.drilldown_child_ids.mapped("code")),
            {i["code"] for i in os_["indicators"]},
        )
        indicator = os_["indicators"][0]
        indicator_figure = self.children(is_total, "indicator", indicator["code"])
        self.assertEqual(indicator_figure.score, indicator["achievement_capped_pct"])
        # its OO count in nothing above them (R11): they feed no figure
        for oo in os_["operational_objectives"]:
            oo_figure = self.stored.filtered(
                lambda r, oo=oo: r.level == "oo" and r.code == oo["code"]
            )
            self.assertEqual(oo_figure.score, oo["published_pct"])
            self.assertFalse(oo_figure.drilldown_parent_id)
            self.assertEqual(
                set(oo_figure.drilldown_child_ids.mapped("code")),
                {i["code"] for i in oo["indicators"]},
            )
        rows = indicator_figure.drilldown_child_ids
        self.assertTrue(rows)
        self.assertEqual(set(rows.mapped("level")), {"row"})
        self.assertLessEqual(rows, self.stored)
        row = rows.filtered("drilldown_measurement_ids")[:1]
        measurements = row.drilldown_measurement_ids
        self.assertTrue(measurements)
        for measurement in measurements:
            self.assertEqual(measurement.indicator_id, row.indicator_id)
            self.assertEqual(measurement.department_id, row.department_id)
            self.assertTrue(measurement.entered)
        # the indicator's inputs are its rows' inputs, the Ente's every input
        self.assertLessEqual(measurements, indicator_figure.drilldown_measurement_ids)
        self.assertEqual(
            indicator_figure.drilldown_measurement_ids,
            rows.drilldown_measurement_ids,
        )
        self.assertLessEqual(measurements, ente.drilldown_measurement_ids)
        targets = self.env["cciaa.performance.indicator.target"].search(
            row._drilldown_target_domain()
        )
        self.assertEqual(targets.indicator_id, row.indicator_id)
        self.assertEqual(targets.year, self.cycle.year)
        self.assertEqual(row.drilldown_target_count, 1)
        # evidence attached to a measurement is one click away
        evidence = self.attach(measurements[0], "verbale.pdf")
        row.invalidate_recordset()
        self.assertEqual(row.drilldown_evidence_count, 1)
        action = row.action_drilldown_evidence()
        self.assertEqual(self.env["ir.attachment"].search(action["domain"]), evidence)
        # the actions open what the fields show
        for figure in (ente, area_figure, os_figure, is_total, indicator_figure):
            action = figure.action_drilldown_children()
            self.assertEqual(
                self.env[RESULT].search(action["domain"]), figure.drilldown_child_ids
            )
        action = row.action_drilldown_measurements()
        self.assertEqual(self.env[MEASUREMENT].search(action["domain"]), measurements)
        # and back up, figure by figure, to the Ente
        path = [row, indicator_figure, is_total, os_figure, area_figure, ente]
        for figure, parent in zip(path, path[1:], strict=False):
            self.assertEqual(figure.drilldown_parent_id, parent)
            self.assertEqual(figure.action_drilldown_parent()["res_id"], parent.id)
        self.assertFalse(ente.drilldown_parent_id)
        self.assertFalse(ente.action_drilldown_parent())

    def test_a_unit_figure_opens_its_rows(self):
        unit = self.stored.filtered(
            lambda r: r.level == "unit" and r.department_id == self.office_unit
        )
        self.assertEqual(len(unit), 1)
        rows = self.stored.filtered(
            lambda r: r.level == "row" and r.department_id == self.office_unit
        )
        self.assertEqual(unit.drilldown_child_ids, rows)
        self.assertEqual(
            set(unit.drilldown_measurement_ids.department_id), {self.office_unit}
        )

    def test_frd_rows_feed_their_unit_only(self):
        # printed inside an OO, counted in no objective (R10), in the unit (R5)
        frd = self.stored.filtered(
            lambda r: r.level == "indicator" and r.code in FRD_CODES
        )
        self.assertEqual(set(frd.mapped("code")), set(FRD_CODES))
        for figure in frd:
            self.assertFalse(figure.drilldown_parent_id)
            for row in figure.drilldown_child_ids:
                unit = self.stored.filtered(
                    lambda r, row=row: (
                        r.level == "unit" and r.department_id == row.department_id
                    )
                )
                self.assertIn(row, unit.drilldown_child_ids)
        oo = self.stored.filtered(
            lambda r: r.level == "oo" and r.operational_id in frd.operational_id
        )
        self.assertTrue(oo)
        self.assertFalse(oo.mapped("drilldown_child_ids") & frd)
        self.assertFalse(
            oo.mapped("drilldown_measurement_ids")
            & frd.mapped("drilldown_measurement_ids")
        )

    def reached(self, login, figure):
        """The measurements ``login`` reaches from ``figure`` over JSON-RPC:
        through the action's domain and through the form's fields."""
        outcome, action = self.call(
            login, RESULT, "action_drilldown_measurements", [figure.id]
        )
        self.assertEqual(outcome, OK, action)
        outcome, found = self.call(
            login, MEASUREMENT, "search_read", action["domain"], ["department_id"]
        )
        self.assertEqual(outcome, OK, found)
        outcome, read = self.call(
            login,
            RESULT,
            "read",
            [figure.id],
            ["drilldown_measurement_ids", "drilldown_evidence_count"],
        )
        self.assertEqual(outcome, OK, read)
        self.assertEqual(
            sorted(read[0]["drilldown_measurement_ids"]), sorted(m["id"] for m in found)
        )
        return self.env[MEASUREMENT].browse([m["id"] for m in found])

    def test_office_user_and_po_reach_only_their_units_over_rpc(self):
        every = self.ente.drilldown_measurement_ids
        # evidence of a unit outside S2: nobody of S2 reaches it
        outside = every.filtered(lambda m: m.department_id not in self.subtree)[:1]
        self.assertTrue(outside)
        evidence = self.attach(outside, "riservato.pdf")
        for login, units in (
            ("office_2019", self.office_unit),
            ("po_2019", self.subtree),
        ):
            with self.subTest(login=login):
                reached = self.reached(login, self.ente)
                self.assertTrue(reached)
                self.assertLess(len(reached), len(every))
                self.assertLessEqual(reached.department_id, units)
                self.assertEqual(
                    reached,
                    every.filtered(lambda m, units=units: m.department_id in units),
                )
                outcome, action = self.call(
                    login, RESULT, "action_drilldown_evidence", [self.ente.id]
                )
                self.assertEqual(outcome, OK, action)
                self.assertNotIn(evidence.id, action["domain"][0][2])
        # the manager reads every unit's measurements, the evidence included
        reached = self.reached("manager_2019", self.ente)
        self.assertEqual(reached, every)
        outcome, action = self.call(
            "manager_2019", RESULT, "action_drilldown_evidence", [self.ente.id]
        )
        self.assertIn(evidence.id, action["domain"][0][2])
