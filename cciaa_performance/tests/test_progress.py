import base64
import io
import json
import os
import zipfile

from odoo.tests import HttpCase, tagged
from odoo.tools.misc import file_path

from ..models.guard import trusted_create
from .common import CciaaCase

DATASET_2019 = "cciaa_performance/datasets/massa_carrara_2019"


def zipped_dataset(folder=DATASET_2019):
    """The data set's CSV files as the .zip the import format documents."""
    folder = file_path(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                archive.write(path, name)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestProgress(HttpCase, CciaaCase):
    """A recompute or an import started by a person tells its steps while it
    runs and ends with a notification, on the bus, to that person only
    (models/progress.py); a run of the scheduler (the superuser) reports
    through ir.cron's progress instead. An HttpCase for the registry's test
    mode: a step's own cursor then commits into the test's transaction,
    where the test reads it."""

    def setUp(self):
        super().setUp()
        self.env.cr.precommit.run()  # what the set-up left
        self.seen = self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id

    def sent(self):
        """The bus notifications sent since the last call, by partner id of
        the user channel: {partner id: [payload, ...]}. A run's steps are in
        the table already (their cursor committed), its end waits for the
        commit (a precommit hook): run it the way the commit does."""
        self.env.cr.precommit.run()
        by_partner = {}
        for note in (
            self.env["bus.bus"].sudo().search([("id", ">", self.seen or 0)], order="id")
        ):
            self.seen = note.id
            channel = json.loads(note.channel)
            message = json.loads(note.message)
            if message["type"] != "simple_notification" or channel[1] != "res.partner":
                continue
            by_partner.setdefault(channel[2], []).append(message["payload"])
        return by_partner

    def test_the_recompute_button_tells_its_user(self):
        self.cycle.with_user(self.user_manager).action_recompute()
        sent = self.sent()
        self.assertEqual(set(sent), {self.user_manager.partner_id.id})
        (payload,) = sent[self.user_manager.partner_id.id]
        count = self.env["cciaa.performance.result"].search_count(
            [("cycle_id", "=", self.cycle.id)]
        )
        self.assertTrue(count)
        self.assertEqual(payload["type"], "success")
        self.assertIn(self.cycle.display_name, payload["message"])
        self.assertIn(str(count), payload["message"])

    def test_a_recompute_of_several_cycles_tells_each_cycle_done(self):
        other = trusted_create(
            self.env["cciaa.performance.cycle"],
            {"year": 2020, "company_id": self.company.id, "state": "active"},
        )
        cycles = self.cycle | other
        cycles.with_user(self.user_manager).action_recompute()
        sent = self.sent()
        self.assertEqual(set(sent), {self.user_manager.partner_id.id})
        payloads = sent[self.user_manager.partner_id.id]
        steps = [p for p in payloads if p["type"] == "info"]
        ends = [p for p in payloads if p["type"] == "success"]
        self.assertEqual(len(payloads), 2 * len(cycles))
        # the steps leave while the run goes on, so they come first
        self.assertEqual(payloads[: len(cycles)], steps)
        for cycle, step, end in zip(cycles, steps, ends, strict=True):
            self.assertIn(cycle.display_name, step["message"])
            self.assertIn(cycle.display_name, end["message"])

    def test_the_scheduled_recompute_tells_nobody(self):
        self.env["cciaa.performance.result"]._cron_recompute()
        self.assertFalse(self.sent())

    def test_an_import_tells_its_user_how_it_ended(self):
        # a workbook that cannot be read: refused, told as a warning
        wizard = (
            self.env["cciaa.performance.import.wizard"]
            .with_user(self.user_manager)
            .create({"file": base64.b64encode(b"not a workbook"), "filename": "x.xlsx"})
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "errors")
        sent = self.sent()
        self.assertEqual(set(sent), {self.user_manager.partner_id.id})
        (payload,) = sent[self.user_manager.partner_id.id]
        self.assertEqual(payload["type"], "warning")
        self.assertIn("x.xlsx", payload["message"])
        # the 2019 data set as the .zip of CSV the format documents
        # into a chamber the manager works in (an import never widens access)
        chamber = self.env["res.company"].create({"name": "CCIAA di Massa-Carrara"})
        self.user_manager.company_ids |= chamber
        zipped = zipped_dataset()
        wizard = (
            self.env["cciaa.performance.import.wizard"]
            .with_user(self.user_manager)
            .create({"file": base64.b64encode(zipped), "filename": "2019.zip"})
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done", wizard.report)
        sent = self.sent()
        read, written, end = sent[self.user_manager.partner_id.id]
        # its steps (what was read, the cycle written), then its end
        self.assertEqual([read["type"], written["type"]], ["info", "info"])
        indicators = self.env["cciaa.performance.indicator"].search_count(
            [("cycle_id", "=", wizard.cycle_id.id)]
        )
        self.assertIn(f"{indicators} ", read["message"])
        self.assertIn(wizard.cycle_id.display_name, written["message"])
        self.assertEqual(end["type"], "success")
        self.assertIn(wizard.cycle_id.display_name, end["message"])
