"""Every role's main flow in a real browser (Odoo UI tours, headless Chromium).

Each test logs in as a user of one group only, with the Italian UI, on data
created here (the 2019 data set through the importer, users and assignments
as in common.py). The tours live in static/tests/tours/ and select by field
names and XML ids, not by translated text. Expected values are read from the
data, never typed in.
"""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from ..importer import read_sheets
from .common import DATASET_2019
from .test_import_errors import workbook_bytes

LANG = "it_IT"
# Translations a user of these flows sees: the web client's and our addons'.
UI_MODULES = ["base", "web", "mail", "hr", "cciaa_performance"]


class CciaaTourCase(HttpCase):
    """Italian UI, one user per group, files for uploads as attachments."""

    ui_modules = UI_MODULES

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        installed = cls.env["ir.module.module"].search(
            [("name", "in", cls.ui_modules), ("state", "=", "installed")]
        )
        cls.env["ir.module.module"]._load_module_terms(installed.mapped("name"), [LANG])

    @classmethod
    def tour_user(cls, login, group, **values):
        """A user in `group` only (plus what it implies), speaking Italian."""
        return new_test_user(
            cls.env, login=login, groups=f"cciaa_performance.{group}", lang=LANG,
            tz="Europe/Rome", **values,
        )

    def attach(self, user, name, raw):
        """A file the tour uploads: stored as `user`, so only the tour can read it."""
        attachments = self.env["ir.attachment"].with_user(user)
        return attachments.create({"name": name, "raw": raw})


@tagged("post_install", "-at_install")
class TestTours(CciaaTourCase):
    def test_performance_manager_imports_a_cycle(self):
        """Broken file: the error list and nothing written; good file: the cycle."""
        sheets = read_sheets(DATASET_2019)
        # The chamber exists and the manager works in it: the wizard imports into it.
        chamber = self.env["res.company"].create({"name": sheets["ciclo"][0]["ente"]})
        manager = self.tour_user(
            "tour_manager", "group_manager",
            company_id=chamber.id, company_ids=[Command.set(chamber.ids)],
        )
        broken = {name: [dict(row) for row in rows] for name, rows in sheets.items()}
        broken["aree"][0]["peso"] = 1  # the areas no longer sum to 100
        self.attach(manager, "cciaa_tour_broken.xlsx", workbook_bytes(broken))
        # Overrides ("valutazioni motivate") are the SG's alone (test_security):
        # the manager imports the plan, the units, the staff and the measurements.
        good = {name: rows for name, rows in sheets.items()
                if name != "valutazioni_motivate"}
        self.attach(manager, "cciaa_tour_good.xlsx", workbook_bytes(good))
        Cycle = self.env["cciaa.performance.cycle"]
        year = int(sheets["ciclo"][0]["anno"])
        domain = [("year", "=", year), ("company_id", "=", chamber.id)]
        self.assertFalse(Cycle.search(domain))

        self.start_tour(
            "/odoo", "cciaa_performance_manager_tour", login=manager.login, timeout=300
        )

        cycle = Cycle.search(domain)
        self.assertEqual(len(cycle), 1, "the good file imported exactly one cycle")
        self.assertEqual(sorted(cycle.area_ids.mapped("code")),
                         sorted(row["codice"] for row in sheets["aree"]))
        self.assertEqual(len(cycle.indicator_ids), len(sheets["indicatori"]))
