"""A recompute queued as jobs tells the user who queued it the end of each
job, with how many of their recomputes still wait (core models/progress.py),
on real queue.job records run by queue_job's own controller code, as
test_recompute_queue.py does."""

import base64
import json

from odoo.tests import HttpCase, tagged

from odoo.addons.cciaa_performance.models.guard import trusted_create
from odoo.addons.cciaa_performance.tests.common import CciaaCase
from odoo.addons.cciaa_performance.tests.test_progress import zipped_dataset

from .test_recompute_queue import job_runner, run_job


@tagged("post_install", "-at_install")
class TestProgressQueue(HttpCase, CciaaCase):
    def job_runner(self):
        job_runner(self)

    def run_job(self, record):
        return run_job(self.env, record)

    def setUp(self):
        super().setUp()
        self.env.cr.precommit.run()  # what the set-up left
        self.seen = self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id

    def sent(self):
        """The simple notifications sent since the last call, by partner of
        the user channel: {partner id: [payload, ...]} (the bus writes them
        at commit, a precommit hook: run it the way the commit does)."""
        self.env.cr.precommit.run()
        by_partner = {}
        for note in (
            self.env["bus.bus"].sudo().search([("id", ">", self.seen or 0)], order="id")
        ):
            self.seen = note.id
            channel, message = json.loads(note.channel), json.loads(note.message)
            if message["type"] == "simple_notification" and channel[1] == "res.partner":
                by_partner.setdefault(channel[2], []).append(message["payload"])
        return by_partner

    def test_each_job_tells_its_user_what_is_left(self):
        self.job_runner()
        other = trusted_create(
            self.env["cciaa.performance.cycle"],
            {"year": 2020, "company_id": self.company.id, "state": "active"},
        )
        cycles = self.cycle | other
        cycles.with_user(self.user_manager).action_recompute()
        jobs = self.env["queue.job"].search(
            [("cciaa_cycle_id", "in", cycles.ids)], order="id"
        )
        self.assertEqual(jobs.mapped("state"), ["pending", "pending"])
        self.assertEqual(jobs.user_id, self.user_manager)
        manager = self.user_manager.partner_id.id
        # queued, not recomputed: nothing told yet
        self.assertFalse(self.sent())
        self.run_job(jobs[0])
        self.assertEqual(jobs[0].state, "done")
        sent = self.sent()
        self.assertEqual(set(sent), {manager})  # nobody else is told
        (first,) = sent[manager]
        self.assertEqual(first["type"], "success")
        self.assertIn(jobs[0].cciaa_cycle_id.display_name, first["message"])
        waiting = self.env["queue.job"].search_count(
            [("id", "in", jobs.ids), ("state", "=", "pending")]
        )
        self.assertEqual(waiting, 1)
        self.assertIn(f" {waiting} ", first["message"])
        self.run_job(jobs[1])
        (last,) = self.sent()[manager]
        self.assertIn(jobs[1].cciaa_cycle_id.display_name, last["message"])
        self.assertEqual(last["message"], jobs[1].result)

    def test_an_import_is_queued_and_told_at_its_end(self):
        self.job_runner()
        Wizard = self.env["cciaa.performance.import.wizard"].with_user(
            self.user_manager
        )
        manager = self.user_manager.partner_id.id
        # a file that cannot be read: nothing written, told with its error
        wizard = Wizard.create(
            {"file": base64.b64encode(b"not a workbook"), "filename": "x.xlsx"}
        )
        action = wizard.action_import()
        self.assertEqual(action["tag"], "display_notification")
        job = self.env["queue.job"].search([("method_name", "=", "_import_job")])
        self.assertEqual(job.user_id, self.user_manager)
        self.assertFalse(self.sent())
        self.run_job(job)
        self.assertEqual(job.state, "done")
        sent = self.sent()
        self.assertEqual(set(sent), {manager})
        (refused,) = sent[manager]
        self.assertEqual(refused["type"], "warning")
        self.assertIn("x.xlsx", refused["message"])
        self.assertEqual(refused["message"], job.result)
        # the 2019 data set, into a chamber the manager works in
        chamber = self.env["res.company"].create({"name": "CCIAA di Massa-Carrara"})
        self.user_manager.company_ids |= chamber
        wizard = Wizard.create(
            {"file": base64.b64encode(zipped_dataset()), "filename": "2019.zip"}
        )
        wizard.action_import()
        job = self.env["queue.job"].search(
            [("method_name", "=", "_import_job"), ("id", "!=", job.id)]
        )
        Cycle = self.env["cciaa.performance.cycle"]
        self.assertFalse(Cycle.search([("company_id", "=", chamber.id)]))
        self.run_job(job)
        self.assertEqual(job.state, "done", job.exc_info)
        cycle = Cycle.search([("company_id", "=", chamber.id)])
        self.assertEqual(len(cycle), 1)
        # its steps while the worker imports, then its end
        *steps, end = self.sent()[manager]
        self.assertEqual([step["type"] for step in steps], ["info", "info"])
        self.assertEqual(end["type"], "success")
        self.assertIn(cycle.display_name, end["message"])
        # the file left with the job
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("name", "in", ("x.xlsx", "2019.zip")), ("res_model", "=", False)]
            )
        )
