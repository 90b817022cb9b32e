"""Each role's home (models/home.py, views/home_views.xml) over real HTTP, as
the web client gets it: the Home Action of the user, run by
/web/action/run, is the role's window action, and its views load and read
without error with that user's rights; the P.O.'s cards count what the lists
they open hold."""

import json

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CciaaCase
from .rpc_common import OK, RpcMixin

HOME = "cciaa_performance.action_cciaa_home"
ROOT = "cciaa_performance.menu_cciaa_performance_root"


@tagged("post_install", "-at_install")
class TestHomes(CciaaCase, HttpCase, RpcMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = cls.env["cciaa.performance.campaign"].create(
            {"cycle_id": cls.cycle.id, "quarter": "1"}
        )
        cls.campaign.action_open()

    def expected_homes(self):
        """(user, action XML id) per role; the report addon, when installed,
        gives the OIV its validations."""
        oiv = (
            self.env["cciaa.performance.home"].with_user(self.user_oiv)._home_role()[1]
        )
        return [
            (
                self.user_office,
                "cciaa_performance.action_cciaa_performance_measurement_data_entry",
            ),
            (self.user_po, "cciaa_performance.action_cciaa_home_po"),
            (self.user_sg, "cciaa_performance.action_cciaa_home_sg"),
            (self.user_manager, "cciaa_performance.action_cciaa_performance_campaign"),
            (self.user_hr, "cciaa_performance.action_cciaa_performance_incentive_fund"),
            (self.user_oiv, oiv),
        ]

    def jsonrpc(self, login, route, params):
        if self._rpc_login != login:
            self.authenticate(login, login)
            self._rpc_login = login
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        decoded = response.json()
        self.assertNotIn("error", decoded, f"{login} {route}: {decoded.get('error')}")
        return decoded["result"]

    def run_home(self, user):
        """What the web client does with the user's Home Action after login."""
        action_id = self.jsonrpc(user.login, "/web/session/get_session_info", {})[
            "home_action_id"
        ]
        loaded = self.jsonrpc(user.login, "/web/action/load", {"action_id": action_id})
        self.assertEqual(loaded["type"], "ir.actions.server")
        return self.jsonrpc(
            user.login,
            "/web/action/run",
            {"action_id": action_id, "context": {"lang": user.lang}},
        )

    def open_action(self, user, action):
        """The action's views and records as the web client loads them."""
        model = action["res_model"]
        ok, views = self.call(
            user.login,
            model,
            "get_views",
            views=action["views"],
            options={"action_id": action["id"], "load_filters": True, "toolbar": True},
        )
        self.assertEqual(ok, OK, views)
        spec = {name: {} for name in views["models"][model]["fields"]}
        if action.get("res_id"):
            ok, records = self.call(
                user.login, model, "web_read", [action["res_id"]], specification=spec
            )
        else:
            domain = action.get("domain") or []
            if isinstance(domain, str):  # as the client evaluates it
                domain = safe_eval(domain, {"uid": user.id})
            ok, records = self.call(
                user.login, model, "web_search_read", domain=domain, specification=spec
            )
            self.assertEqual(ok, OK, records)
            records = records["records"]
        self.assertEqual(ok, OK, records)
        return records

    def test_each_role_lands_on_its_home(self):
        home = self.env.ref(HOME)
        for user, xmlid in self.expected_homes():
            with self.subTest(login=user.login):
                self.assertEqual(user.action_id.id, home.id)
                action = self.run_home(user)
                self.assertEqual(action["id"], self.env.ref(xmlid).id)
                self.open_action(user, action)
                # landing there, the web client finds the app by a menu of
                # this action among the user's menus (webclient.js)
                menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)
                apps = {
                    menu["appID"]
                    for menu in menus.values()
                    if menu["actionID"] == action["id"]
                }
                self.assertEqual(apps, {self.env.ref(ROOT).id})

    def test_the_app_opens_on_the_home(self):
        root = self.env.ref(ROOT)
        self.assertEqual(root.action, self.env.ref(HOME))

    def test_a_change_of_group_changes_the_home(self):
        """The home follows the groups at each opening; a Home Action chosen
        by an administrator is kept."""
        self.user_office.write(
            {"groups_id": [Command.link(self.env.ref("cciaa_performance.group_hr").id)]}
        )
        home = self.env["cciaa.performance.home"].with_user(self.user_office)
        self.assertEqual(home._home_role()[0], "hr")
        custom = self.env.ref("cciaa_performance.action_cciaa_performance_cycle")
        self.user_hr.action_id = custom.id
        self.user_hr.write(
            {
                "groups_id": [
                    Command.link(self.env.ref("cciaa_performance.group_oiv").id)
                ]
            }
        )
        self.assertEqual(self.user_hr.action_id.id, custom.id)

    def test_po_home_counts_what_its_lists_hold(self):
        action = self.run_home(self.user_po)
        cards = self.open_action(self.user_po, action)
        Department = self.env["hr.department"]
        self.assertEqual(
            sorted(card["id"] for card in cards),
            sorted(Department.search([("id", "child_of", self.unit_s2.id)]).ids),
        )
        Measurement = self.env["cciaa.performance.measurement"].with_user(self.user_po)
        for card in cards:
            unit = Department.browse(card["id"])
            with self.subTest(unit=unit.cciaa_code):
                ok, entry = self.call(
                    self.user_po.login,
                    "hr.department",
                    "action_cciaa_home_data_entry",
                    [unit.id],
                )
                self.assertEqual(ok, OK, entry)
                rows = Measurement.search(entry["domain"])
                self.assertTrue(rows)
                self.assertEqual(card["cciaa_home_rows"], len(rows))
                self.assertEqual(
                    card["cciaa_home_to_fill"],
                    len(rows.filtered(lambda m: not m.entered)),
                )
                self.assertEqual(card["cciaa_home_headed"], unit == self.unit_s2)
        # confirming from the card: the form comes with the campaign and the unit
        ok, confirm = self.call(
            self.user_po.login,
            "hr.department",
            "action_cciaa_home_confirm",
            [self.unit_s2.id],
        )
        self.assertEqual(ok, OK, confirm)
        self.assertEqual(confirm["context"]["default_campaign_id"], self.campaign.id)
        self.assertEqual(confirm["context"]["default_department_id"], self.unit_s2.id)

    def test_sg_home_is_the_cycle_in_progress(self):
        action = self.run_home(self.user_sg)
        self.assertEqual(action["res_id"], self.cycle.id)
        (dashboard,) = self.open_action(self.user_sg, action)
        self.assertEqual(dashboard["home_open_campaign_count"], 1)
        self.assertEqual(
            dashboard["home_operational_count"], len(self.cycle.operational_ids)
        )

    def test_every_action_has_help_and_a_search_view(self):
        """Every window action of the addons says what an empty list means
        (Italian through it.po), searches with a view of these addons, and
        its views load for the SG."""
        data = self.env["ir.model.data"].search(
            [
                ("model", "=", "ir.actions.act_window"),
                ("module", "in", ("cciaa_performance", "cciaa_performance_report")),
            ]
        )
        actions = self.env["ir.actions.act_window"].browse(data.mapped("res_id"))
        self.assertTrue(actions)
        View = self.env["ir.ui.view"]
        for action in actions:
            with self.subTest(action=action.name):
                self.assertTrue(action.help, "no empty-state help")
                if self.env[action.res_model]._transient:
                    continue  # a wizard's form
                search = action.search_view_id or View.search(
                    [
                        ("model", "=", action.res_model),
                        ("type", "=", "search"),
                        ("mode", "=", "primary"),
                    ],
                    order="priority, id",
                    limit=1,
                )
                module = search.get_external_id()[search.id].split(".")[0]
                self.assertIn(module, ("cciaa_performance", "cciaa_performance_report"))
                views = [[False, mode] for mode in action.view_mode.split(",")]
                ok, result = self.call(
                    self.user_sg.login, action.res_model, "get_views", views=views
                )
                self.assertEqual(ok, OK, result)
