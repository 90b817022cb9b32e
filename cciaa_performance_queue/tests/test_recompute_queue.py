"""The recompute through the job queue, on real queue.job records run by
queue_job's own controller code (RunJobController._runjob, what a worker does
for the runner's HTTP call), in the test's transaction.

A job runner announces itself by holding queue_job's master advisory lock on
the database; the tests hold that lock from a connection of their own, as a
runner on another host would, and release it afterwards."""

import contextlib

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.cciaa_performance.models.guard import trusted, trusted_create
from odoo.addons.cciaa_performance.tests.common import CciaaCase
from odoo.addons.cciaa_performance.tests.rpc_common import OK, REFUSED, RpcMixin
from odoo.addons.queue_job.controllers.main import RunJobController
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.jobrunner.runner import PG_ADVISORY_LOCK_ID

from ..models.cycle import CHANNEL, LOCK_NAMESPACE, MAX_TRIES

CONTROLLER_LOGGER = "odoo.addons.queue_job.controllers.main"
RESULT_LOGGER = "odoo.addons.cciaa_performance.models.result"
# what a stored result is, apart from its id and log columns
RESULT_FIELDS = [
    "quarter",
    "level",
    "code",
    "unit_code",
    "result_value",
    "result_date",
    "achievement",
    "score",
    "computed_score",
    "evaluable",
    "reason",
    "status",
    "weight",
    "share_parent",
    "share_ente",
    "explanation",
    "input_digest",
]


def run_job(env, record):
    """What a worker does when the runner calls /queue_job/runjob for the
    job ``record``."""
    job = Job.load(env, record.uuid)
    job.set_enqueued()
    job.set_started()
    job.store()
    # the worker commits this before it runs the job (_acquire_job)
    env.flush_all()
    RunJobController._runjob(env, job)
    record.invalidate_recordset()
    return record


def job_runner(test):
    """queue_job's master lock on the database of ``test``, held by another
    connection until the end of the test: a job runner serves it."""
    connection = test.enterContext(other_connection(test.env.cr.dbname))
    connection.execute("SELECT pg_advisory_lock(%s)", [PG_ADVISORY_LOCK_ID])
    test.addCleanup(
        connection.execute, "SELECT pg_advisory_unlock(%s)", [PG_ADVISORY_LOCK_ID]
    )


@contextlib.contextmanager
def other_connection(dbname):
    """A cursor of a connection of its own: another Odoo process, as far as
    PostgreSQL is concerned (it does not see the test's uncommitted data)."""
    cr = db_connect(dbname).cursor()
    try:
        yield cr
    finally:
        cr.rollback()
        cr.close()


@tagged("post_install", "-at_install")
class TestRecomputeQueue(RpcMixin, HttpCase, CciaaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Cycle = cls.env["cciaa.performance.cycle"]
        cls.Result = cls.env["cciaa.performance.result"]
        cls.Job = cls.env["queue.job"]
        cls.cycle_2020 = cls._cycle(2020, [100])
        # the weights of the areas sum to 110: _check_weights refuses it
        cls.broken = cls._cycle(2021, [60, 50])

    @classmethod
    def _cycle(cls, year, area_weights):
        """An active cycle of the test chamber: areas weighing ``area_weights``,
        one indicator under the first, reported by S2 in quadrimester I."""
        cycle = trusted_create(
            cls.Cycle, {"year": year, "company_id": cls.company.id, "state": "active"}
        )
        areas = cls.env["cciaa.performance.area"].create(
            [
                {"cycle_id": cycle.id, "code": f"OB{n}", "name": "Area", "weight": w}
                for n, w in enumerate(area_weights, start=1)
            ]
        )
        strategic = cls.env["cciaa.performance.strategic.objective"].create(
            {
                "cycle_id": cycle.id,
                "area_id": areas[0].id,
                "code": "1.1",
                "name": "OS",
                "weight": 100,
            }
        )
        operational = cls.env["cciaa.performance.operational.objective"].create(
            {
                "cycle_id": cycle.id,
                "strategic_id": strategic.id,
                "code": "1.1.1",
                "name": "OO",
            }
        )
        indicator = cls.env["cciaa.performance.indicator"].create(
            {
                "cycle_id": cycle.id,
                "kind": "IO",
                "operational_id": operational.id,
                "code": "O1.1.1-a",
                "name": "Pratiche",
                "measure": "count",
                "comparator": ">=",
                "department_ids": [Command.set(cls.unit_s2.ids)],
                "target_ids": [Command.create({"year": year, "value": 10})],
            }
        )
        cls.env["cciaa.performance.measurement"].create(
            {
                "indicator_id": indicator.id,
                "department_id": cls.unit_s2.id,
                "quarter": "1",
                "parameter": "1",
                "value": 8,
            }
        )
        return cycle

    # -- helpers -------------------------------------------------------------

    def job_runner(self):
        job_runner(self)
        self.assertTrue(self.Cycle._job_runner_present())

    def jobs(self, cycles):
        return self.Job.search([("cciaa_cycle_id", "in", cycles.ids)], order="id")

    def run_job(self, record):
        return run_job(self.env, record)

    def stored(self, cycle, with_ids=False):
        self.env.flush_all()
        results = self.Result.search_read(
            [("cycle_id", "=", cycle.id)],
            RESULT_FIELDS + (["write_date"] if with_ids else []),
            order="quarter, level, code, unit_code, id",
        )
        if not with_ids:
            for row in results:
                del row["id"]
        return results

    # -- tests ---------------------------------------------------------------

    def test_without_a_job_runner_nothing_is_queued(self):
        """No runner would ever run a job: the button and the scheduled
        action compute in place, as without this addon."""
        self.assertFalse(self.Cycle._job_runner_present())
        self.assertIs(self.cycle.with_user(self.user_manager).action_recompute(), True)
        self.assertTrue(self.cycle.result_ids)
        with self.assertLogs(RESULT_LOGGER, level="ERROR"):
            self.Result._cron_recompute()
        self.assertTrue(self.cycle_2020.result_ids)
        self.assertIn("110", self.broken.recompute_error)
        self.assertFalse(self.jobs(self.cycle | self.cycle_2020 | self.broken))

    def test_one_job_per_cycle_with_its_identity_key(self):
        self.job_runner()
        active = self.Cycle.search([("state", "=", "active")])
        self.assertIn(self.broken, active)
        self.assertEqual(self.Result._cron_recompute(), len(active))
        jobs = self.jobs(active)
        self.assertEqual(jobs.cciaa_cycle_id, active)
        self.assertEqual(len(jobs), len(active))
        self.assertFalse(self.cycle.result_ids, "queued, not computed")
        for job in jobs:
            cycle = job.cciaa_cycle_id
            self.assertEqual(job.identity_key, cycle._recompute_identity_key())
            self.assertEqual(job.channel, CHANNEL)
            self.assertEqual(job.state, "pending")
            self.assertEqual(job.company_id, cycle.company_id)
            self.assertEqual(job.method_name, "_recompute_job")
            self.assertEqual(job.args, [])
            self.assertEqual(job.kwargs, {"force": False})
            self.assertEqual(job.max_retries, MAX_TRIES)

        # the next run, and the button, while the jobs wait: nothing new
        self.Result._cron_recompute()
        manager_cycle = self.cycle.with_user(self.user_manager)
        action = manager_cycle.action_recompute()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(self.cycle.display_name, action["params"]["message"])
        self.assertEqual(self.jobs(active), jobs)
        self.assertTrue(manager_cycle.recompute_queued)
        self.assertEqual(manager_cycle.recompute_job_count, 1)

        # once a cycle's job has run, the button queues a new one, as the manager
        self.run_job(jobs.filtered(lambda j: j.cciaa_cycle_id == self.cycle))
        manager_cycle.action_recompute()
        new = self.jobs(self.cycle) - jobs
        self.assertEqual(len(new), 1)
        self.assertEqual(new.user_id, self.user_manager)

    def test_the_scheduled_action_in_batches_queues_every_cycle_once(self):
        """Under ir.cron (its progress API) the core's run takes one batch per
        call until nothing remains: queued cycles count as tried, so the run
        ends, with one job per cycle."""
        self.job_runner()
        cron = self.env.ref("cciaa_performance.ir_cron_recompute_results")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Result = self.Result.with_context(
            ir_cron_progress_id=progress.id,
            lastcall=fields.Datetime.subtract(fields.Datetime.now(), hours=1),
        )
        calls = 0
        while True:
            Result._cron_recompute(batch_size=2)
            calls += 1
            if not progress.remaining:
                break
            self.assertLess(calls, 10, "the scheduled run does not end")
        active = self.Cycle.search([("state", "=", "active")])
        self.assertEqual(self.jobs(active).cciaa_cycle_id, active)
        self.assertEqual(len(self.jobs(active)), len(active))
        self.assertTrue(all(active.mapped("recompute_attempted_on")))

    def test_a_job_stores_what_the_direct_recompute_stores(self):
        self.cycle._recompute(force=True)
        direct = self.stored(self.cycle)
        self.assertTrue(direct)
        self.cycle.result_ids.unlink()

        self.job_runner()
        self.cycle.with_user(self.user_manager).action_recompute()
        job = self.run_job(self.jobs(self.cycle))
        self.assertEqual(job.state, "done", job.exc_info)
        self.assertIn(str(len(direct)), job.result)
        self.assertEqual(self.stored(self.cycle), direct)
        self.assertFalse(self.cycle.recompute_error)
        self.assertTrue(self.cycle.recompute_attempted_on)

        # the same job run once more (as after a lost acknowledgement): the
        # stored results do not change, not even their rows
        before = self.stored(self.cycle, with_ids=True)
        Job.load(self.env, job.uuid).perform()
        self.assertEqual(self.stored(self.cycle, with_ids=True), before)

        # forced, twice: rewritten, the same figures
        self.cycle._enqueue_recompute(force=True)
        forced = self.jobs(self.cycle) - job
        self.assertEqual(forced.kwargs, {"force": True})
        self.run_job(forced)
        Job.load(self.env, forced.uuid).perform()
        self.assertEqual(self.stored(self.cycle), direct)

    def test_a_failing_cycle_fails_only_its_own_job(self):
        self.job_runner()
        self.Result._cron_recompute()
        jobs = self.jobs(self.broken | self.cycle | self.cycle_2020)
        broken_job = jobs.filtered(lambda j: j.cciaa_cycle_id == self.broken)
        # not assertRaises: its savepoint would undo what the controller
        # stores on failure (in a transaction of its own in a real worker)
        with mute_logger(CONTROLLER_LOGGER):
            try:
                self.run_job(broken_job)
            except UserError as error:
                self.assertIn("110", str(error))
            else:
                self.fail("the job of the broken cycle did not fail")
        for job in jobs - broken_job:
            self.run_job(job)

        self.assertEqual(broken_job.state, "failed")
        self.assertIn("110", broken_job.exc_message)
        self.assertFalse(self.broken.result_ids)
        # queue_job's on-fail hook: the cycle's form says why
        self.broken.invalidate_recordset()
        self.assertIn("110", self.broken.recompute_error)
        for job in jobs - broken_job:
            self.assertEqual(job.state, "done", job.exc_info)
            self.assertTrue(job.cciaa_cycle_id.result_ids)
            self.assertFalse(job.cciaa_cycle_id.recompute_error)

    def test_a_job_of_the_same_cycle_running_elsewhere_makes_it_retry(self):
        self.job_runner()
        self.cycle.with_user(self.user_manager).action_recompute()
        record = self.jobs(self.cycle)
        with other_connection(self.env.cr.dbname) as worker:
            # another worker is recomputing this cycle: it holds the lock
            worker.execute(
                "SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, self.cycle.id]
            )
            job = Job.load(self.env, record.uuid)
            with self.assertRaises(RetryableJobError):
                job.perform()
            worker.execute(
                "SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, self.cycle.id]
            )
        self.assertEqual(job.retry, 1)
        # the retry pattern of data/queue_job_data.xml: 5 to 15 s at first
        self.assertTrue(5 <= job._get_retry_seconds() <= 15)
        self.assertFalse(self.cycle.result_ids)
        job.perform()
        self.assertTrue(self.cycle.result_ids)

    def test_a_conflicting_write_makes_the_job_retry(self):
        """A lock another transaction holds on the results (PostgreSQL's
        lock_not_available, one of the concurrency errors Odoo retries, as
        serialization failures and deadlocks): RetryableJobError, and the
        next try stores the figures."""
        self.job_runner()
        self.cycle.with_user(self.user_manager).action_recompute()
        job = Job.load(self.env, self.jobs(self.cycle).uuid)
        self.env.flush_all()
        with other_connection(self.env.cr.dbname) as writer:
            writer.execute(
                "LOCK TABLE cciaa_performance_result IN EXCLUSIVE MODE NOWAIT"
            )
            with (
                self.assertRaises(RetryableJobError) as raised,
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                # undone with the savepoint
                self.env.cr.execute("SET LOCAL lock_timeout = '200ms'")
                job.perform()
        self.assertIn("lock timeout", str(raised.exception))
        self.env.invalidate_all()
        self.assertFalse(self.cycle.result_ids)
        job.perform()
        self.assertTrue(self.cycle.result_ids)

    def test_a_cycle_validated_meanwhile_is_left_alone(self):
        self.job_runner()
        self.cycle.with_user(self.user_manager).action_recompute()
        trusted(self.cycle.sudo()).write({"state": "validated"})
        job = self.run_job(self.jobs(self.cycle))
        self.assertEqual(job.state, "done")
        self.assertIn("validated", job.result)
        self.assertFalse(self.cycle.result_ids)

    def test_only_managers_enqueue_and_read_the_jobs_over_rpc(self):
        self.job_runner()
        cycle, c = "cciaa.performance.cycle", self.cycle.id
        self.check_table(
            [
                ("office_u21", cycle, "action_recompute", [[c]], {}, REFUSED),
                ("po_s2", cycle, "action_recompute", [[c]], {}, REFUSED),
                ("oiv", cycle, "action_recompute", [[c]], {}, REFUSED),
                ("hr", cycle, "action_recompute", [[c]], {}, REFUSED),
                # the job method and the queueing are private
                ("manager", cycle, "_recompute_job", [[c]], {}, REFUSED),
                ("manager", cycle, "_enqueue_recompute", [[c]], {}, REFUSED),
                ("office_u21", "queue.job", "search_read", [[]], {}, REFUSED),
                (
                    "office_u21",
                    cycle,
                    "read",
                    [[c], ["recompute_job_ids"]],
                    {},
                    REFUSED,
                ),
            ]
        )
        self.assertFalse(self.jobs(self.cycle))
        self.check_table([("manager", cycle, "action_recompute", [[c]], {}, OK)])
        job = self.jobs(self.cycle)
        self.assertEqual(job.user_id, self.user_manager)

        # the manager reads the jobs of the cycles, and no other job
        other = self.Job.with_delay()._test_job()
        outcome, seen = self.call(
            "manager", "queue.job", "search_read", [], fields=["state"]
        )
        self.assertEqual(outcome, OK, seen)
        self.assertIn(job.id, [row["id"] for row in seen])
        self.assertNotIn(other.db_record().id, [row["id"] for row in seen])
        outcome, why = self.call(
            "manager", "queue.job", "write", [job.id], {"state": "done"}
        )
        self.assertEqual(outcome, REFUSED, why)
