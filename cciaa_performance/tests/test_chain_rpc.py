"""The chain over real HTTP: each role's own JSON-RPC session tries what a
browser console can do (docs/SECURITY.md). The expected outcome of every
attempt is written in the tables below."""

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from ..models.guard import trusted, trusted_create
from .common import CciaaCase
from .rpc_common import OK, REFUSED, RpcMixin


@tagged("post_install", "-at_install")
class TestChainRpc(RpcMixin, HttpCase, CciaaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.q1 = cls.env["cciaa.performance.campaign"].create(
            {"cycle_id": cls.cycle.id, "quarter": "1"}
        )
        cls.target = cls.indicator.target_ids
        cls.other_cycle = trusted_create(
            cls.env["cciaa.performance.cycle"],
            {"year": 2020, "company_id": cls.company.id, "state": "active"},
        )

    def close_q1(self):
        self.q1.with_user(self.user_sg).action_open()
        self.q1.with_user(self.user_sg).action_close()

    def test_cycle_state_only_through_actions(self):
        cycle, c = "cciaa.performance.cycle", self.cycle.id
        self.check_table(
            [
                ("manager", cycle, "write", [[c], {"state": "validated"}], {}, REFUSED),
                ("sg", cycle, "write", [[c], {"state": "closed"}], {}, REFUSED),
                ("sg", cycle, "write", [[c], {"state": "draft"}], {}, REFUSED),
                (
                    "manager",
                    cycle,
                    "create",
                    [{"year": 2030, "state": "validated"}],
                    {},
                    REFUSED,
                ),
                ("office_u21", cycle, "action_close", [[c]], {}, REFUSED),
                ("po_s2", cycle, "action_recompute", [[c]], {}, REFUSED),
                ("oiv", cycle, "_mark_validated", [[c]], {}, REFUSED),
                ("manager", cycle, "action_reopen_validation", [[c], "x"], {}, REFUSED),
                # server paths are for the command line only
                ("manager", cycle, "_import_dataset_path", [[], "/etc"], {}, REFUSED),
                ("manager", cycle, "action_recompute", [[c]], {}, OK),
            ]
        )
        self.assertEqual(self.cycle.state, "active")

    def test_closed_quadrimester_freezes_what_feeds_it(self):
        self.close_q1()
        ind, i = "cciaa.performance.indicator", self.indicator.id
        other = self.other_cycle.id
        self.check_table(
            [
                (
                    "manager",
                    "cciaa.performance.indicator.target",
                    "write",
                    [self.target.ids, {"value": 10}],
                    {},
                    REFUSED,
                ),
                ("manager", ind, "write", [[i], {"weight": 50}], {}, REFUSED),
                ("manager", ind, "write", [[i], {"comparator": "<="}], {}, REFUSED),
                # moved away and back: both sides are checked
                ("manager", ind, "write", [[i], {"cycle_id": other}], {}, REFUSED),
                ("manager", ind, "unlink", [[i]], {}, REFUSED),
                (
                    "manager",
                    "cciaa.performance.operational.objective",
                    "unlink",
                    [self.operational.ids],
                    {},
                    REFUSED,
                ),
                (
                    "manager",
                    "cciaa.performance.cycle",
                    "write",
                    [self.cycle.ids, {"tolerance": 50}],
                    {},
                    REFUSED,
                ),
                (
                    "sg",
                    "cciaa.performance.cycle",
                    "unlink",
                    [self.cycle.ids],
                    {},
                    REFUSED,
                ),
                (
                    "manager",
                    "cciaa.performance.measurement",
                    "write",
                    [self.m_s2.ids, {"value": 1}],
                    {},
                    REFUSED,
                ),
                # a title feeds no figure
                (
                    "manager",
                    ind,
                    "write",
                    [[i], {"name": "Pratiche evase entro 5 gg"}],
                    {},
                    OK,
                ),
            ]
        )
        self.assertEqual(self.target.value, 90)
        self.assertEqual(self.indicator.cycle_id, self.cycle)

    def test_office_user_cannot_move_a_measurement_out_of_their_units(self):
        self.check_table(
            [
                (
                    "office_u21",
                    "cciaa.performance.measurement",
                    "write",
                    [
                        self.m_u21.ids,
                        {"department_id": self.unit_s3.id, "quarter": "2"},
                    ],
                    {},
                    REFUSED,
                ),
                (
                    "office_u21",
                    "cciaa.performance.measurement",
                    "write",
                    [self.m_u21.ids, {"value": 6}],
                    {},
                    OK,
                ),
            ]
        )
        self.assertEqual(self.m_u21.department_id, self.unit_u21)

    def test_validated_cycle_is_frozen(self):
        criticita = self.env["cciaa.performance.criticita"].create(
            {"operational_id": self.operational.id, "issues": "Ritardi"}
        )
        trusted(self.cycle).write({"state": "validated"})
        self.check_table(
            [
                (
                    "po_s2",
                    "cciaa.performance.criticita",
                    "write",
                    [criticita.ids, {"issues": "Nessuna"}],
                    {},
                    REFUSED,
                ),
                (
                    "sg",
                    "cciaa.performance.criticita",
                    "unlink",
                    [criticita.ids],
                    {},
                    REFUSED,
                ),
                (
                    "sg",
                    "cciaa.performance.override",
                    "create",
                    [
                        {
                            "operational_id": self.operational.id,
                            "value": 100,
                            "motivation": "Cause esterne",
                        }
                    ],
                    {},
                    REFUSED,
                ),
                (
                    "office_u21",
                    "cciaa.performance.measurement",
                    "write",
                    [self.m_u21.ids, {"value": 1}],
                    {},
                    REFUSED,
                ),
                (
                    "manager",
                    "cciaa.performance.cycle",
                    "action_recompute",
                    [self.cycle.ids],
                    {},
                    REFUSED,
                ),
                (
                    "sg",
                    "cciaa.performance.cycle",
                    "unlink",
                    [self.cycle.ids],
                    {},
                    REFUSED,
                ),
                (
                    "manager",
                    "cciaa.performance.indicator.target",
                    "write",
                    [self.target.ids, {"value": 10}],
                    {},
                    REFUSED,
                ),
            ]
        )
        self.assertEqual(criticita.issues, "Ritardi")
        # the Segretario Generale reopens, with a reason: the cycle is in progress again
        with self.assertRaises(UserError):
            self.cycle.with_user(self.user_sg).action_reopen_validation(" ")
        self.cycle.with_user(self.user_sg).action_reopen_validation("Errore di calcolo")
        self.assertEqual(self.cycle.state, "active")
        self.assertIn("Errore di calcolo", self.cycle.message_ids[:1].body)

    def test_sudo_does_not_pass_the_freeze(self):
        """The freeze holds for server code too: only the reopening actions
        hold the marker."""
        self.close_q1()
        with self.assertRaises(UserError):
            self.target.sudo().write({"value": 10})
        with self.assertRaises(UserError):
            self.indicator.sudo().unlink()

    def test_a_login_without_email_walks_the_workflow(self):
        """Logins are often not e-mail addresses: the workflow's notes do not
        need a sender address."""
        self.user_manager.partner_id.email = False
        c = self.q1.id
        campaign = "cciaa.performance.campaign"
        self.check_table(
            [
                ("manager", campaign, "action_open", [[c]], {}, OK),
                ("manager", campaign, "action_close", [[c]], {}, OK),
            ]
        )
        self.assertEqual(self.q1.state, "closed")

    def test_cycle_export_for_those_who_import(self):
        cycle = "cciaa.performance.cycle"
        self.check_table(
            [
                ("manager", cycle, "action_export_xlsx", [self.cycle.ids], {}, OK),
                (
                    "office_u21",
                    cycle,
                    "action_export_xlsx",
                    [self.cycle.ids],
                    {},
                    REFUSED,
                ),
                ("hr", cycle, "action_export_xlsx", [self.cycle.ids], {}, REFUSED),
            ]
        )

    def test_implausible_cycle_settings_and_weights_refused(self):
        cycle, c = "cciaa.performance.cycle", self.cycle.id
        area = self.operational.strategic_id.area_id
        self.check_table(
            [
                ("manager", cycle, "create", [{"year": 99999}], {}, REFUSED),
                (
                    "manager",
                    cycle,
                    "write",
                    [[c], {"points_per_day_late": float("-1")}],
                    {},
                    REFUSED,
                ),
                ("manager", cycle, "write", [[c], {"points_per_day_late": 2}], {}, OK),
                (
                    "manager",
                    "cciaa.performance.measurement",
                    "write",
                    [self.m_u21.ids, {"quarter": "4"}],
                    {},
                    REFUSED,
                ),
            ]
        )
        # siblings weighing 110 in all: no figure is computed from them
        self.env["cciaa.performance.area"].create(
            {"cycle_id": c, "code": "OB2", "name": "Altra", "weight": 10}
        )
        self.assertEqual(area.weight, 100)
        self.check_table([("manager", cycle, "action_recompute", [[c]], {}, REFUSED)])
        outcome, why = self.call("manager", cycle, "action_recompute", [c])
        self.assertIn("110", why)

    def test_implausible_values_refused_whatever_the_path(self):
        """What the importer refuses, RPC refuses too."""
        m = "cciaa.performance.measurement"
        denominator = self.env[m].create(
            {
                "indicator_id": self.indicator.id,
                "department_id": self.unit_u21.id,
                "quarter": "1",
                "parameter": "2",
                "value": 10,
            }
        )
        self.check_table(
            [
                (
                    "office_u21",
                    m,
                    "write",
                    [self.m_u21.ids, {"value": 1e300}],
                    {},
                    REFUSED,
                ),
                (
                    "office_u21",
                    m,
                    "write",
                    [self.m_u21.ids, {"value": -3}],
                    {},
                    REFUSED,
                ),
                (
                    "office_u21",
                    m,
                    "write",
                    [self.m_u21.ids, {"value": 11}],
                    {},
                    REFUSED,
                ),
                (
                    "office_u21",
                    m,
                    "write",
                    [denominator.ids, {"value": 4}],
                    {},
                    REFUSED,
                ),
                ("office_u21", m, "write", [self.m_u21.ids, {"value": 10}], {}, OK),
            ]
        )
        self.assertEqual(self.m_u21.value, 10)
