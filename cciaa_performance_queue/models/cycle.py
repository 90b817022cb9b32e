"""The recompute of a cycle as a queue_job job (docs/DEPLOY.md).

The one recompute service stays ``cciaa.performance.cycle._recompute`` of the
core addon; this addon changes only where the button and the scheduled action
run it: in one job per cycle (chamber × year) on the channel
``root.cciaa_recompute``, taken by whichever Odoo worker of whichever host the
job runner calls. Import, closing and campaign transitions keep recomputing in
their own transaction: their user waits for the figures they change.

Jobs are queued only while a job runner serves the database: without one
nothing would ever run them, so the button and the scheduled action then
compute in place, as without this addon.
"""

from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from odoo.addons.cciaa_performance.models.cycle import MANAGERS
from odoo.addons.cciaa_performance.models.progress import notify_user
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.jobrunner.runner import PG_ADVISORY_LOCK_ID

CHANNEL = "root.cciaa_recompute"
# the states in which the core's action_recompute recomputes a cycle
RECOMPUTABLE = ("draft", "active", "closed")
# queue.job states of a job that has not ended yet
WAITING = ("wait_dependencies", "pending", "enqueued", "started")
# tries of a job before it fails for good; the delays between them are the
# retry pattern of data/queue_job_data.xml
MAX_TRIES = 8
# first key of this addon's two-key advisory locks, the second is a cycle id
LOCK_NAMESPACE = 0x43434941  # "CCIA"


class CciaaPerformanceCycle(models.Model):
    _inherit = "cciaa.performance.cycle"

    recompute_job_ids = fields.One2many(
        "queue.job",
        "cciaa_cycle_id",
        string="Recompute jobs",
        readonly=True,
        groups=MANAGERS,
    )
    recompute_job_count = fields.Integer(
        compute="_compute_recompute_jobs", groups=MANAGERS
    )
    recompute_queued = fields.Boolean(
        compute="_compute_recompute_jobs",
        groups=MANAGERS,
        help="A recompute job of this cycle is waiting or running.",
    )

    def _compute_recompute_jobs(self):
        counts = {}
        for cycle, state, count in self.env["queue.job"]._read_group(
            [("cciaa_cycle_id", "in", self.ids)],
            ["cciaa_cycle_id", "state"],
            ["__count"],
        ):
            counts.setdefault(cycle.id, {})[state] = count
        for cycle in self:
            by_state = counts.get(cycle.id, {})
            cycle.recompute_job_count = sum(by_state.values())
            cycle.recompute_queued = any(by_state.get(state) for state in WAITING)

    # -- actions -----------------------------------------------------------

    def action_recompute(self):
        """With a job runner: the core's checks (write access, manager or SG,
        state), then one job per cycle instead of the recompute in this
        request; the user is told how many cycles were queued."""
        result = super().action_recompute()  # queues: _recompute_request
        if not self._job_runner_present():
            return result
        if len(self) == 1:
            message = self.env._(
                "%(cycle)s: recompute queued. Its progress is in the tab "
                "Recompute jobs.",
                cycle=self.display_name,
            )
        else:
            message = self.env._(
                "%(count)s cycles queued for recomputation.", count=len(self)
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "info",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_open_recompute_jobs(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recompute jobs of %(cycle)s", cycle=self.display_name),
            "res_model": "queue.job",
            "views": [
                (self.env.ref(f"cciaa_performance_queue.{view}").id, kind)
                for view, kind in (
                    ("view_queue_job_cciaa_recompute_list", "list"),
                    ("view_queue_job_cciaa_recompute_form", "form"),
                )
            ],
            "domain": [("cciaa_cycle_id", "=", self.id)],
            "context": {"create": False, "edit": False, "delete": False},
        }

    # -- business ------------------------------------------------------------

    def _recompute_request(self):
        """The core's button and scheduled action (their checks done): one job
        per cycle where a job runner serves the database, the recompute in
        this request otherwise."""
        if self._job_runner_present():
            return self._enqueue_recompute()
        return super()._recompute_request()

    @api.model
    def _job_runner_present(self):
        """True while a queue_job runner serves this database, on whichever
        host: it holds queue_job's master advisory lock on the database for as
        long as it runs (one runner per database)."""
        # raw SQL: another session's advisory lock shows only in pg_locks; a
        # bigint key is split into classid (high half) and objid (low half)
        self.env.cr.execute(
            """
            SELECT 1 FROM pg_locks
             WHERE locktype = 'advisory' AND granted AND objsubid = 1
               AND database = (SELECT oid FROM pg_database
                                WHERE datname = current_database())
               AND classid::bigint = %s AND objid::bigint = %s
             LIMIT 1
            """,
            [PG_ADVISORY_LOCK_ID >> 32, PG_ADVISORY_LOCK_ID & 0xFFFFFFFF],
        )
        return bool(self.env.cr.fetchone())

    def _recompute_identity_key(self):
        """One job of a cycle at a time: the key names the cycle only, so a
        forced recompute asked while one is waiting joins it (both store the
        same figures: the stored digests follow the input)."""
        self.ensure_one()
        return f"cciaa.performance.cycle({self.id})._recompute_job"

    def _enqueue_recompute(self, force=False):
        """Queue one job per cycle (channel, retry pattern and failure hook:
        data/queue_job_data.xml); a cycle with a job still waiting gets no
        second one. The job runs as the current user, in the chamber's
        company and language (its messages are read by that chamber's
        managers). Returns the number of jobs created."""
        created = 0
        for cycle in self:
            company = cycle.company_id
            cycle = cycle.with_company(company).with_context(
                lang=company.partner_id.lang or self.env.lang
            )
            job = cycle.with_delay(
                description=cycle.env._(
                    "Recompute the results of %(cycle)s", cycle=cycle.display_name
                ),
                identity_key=cycle._recompute_identity_key(),
                max_retries=MAX_TRIES,
            )._recompute_job(force=force)
            # an existing job of the same identity comes back as its record
            created += isinstance(job, Job)
        return created

    def _job_store_values(self, job):
        # queue_job's hook (Job._store_values_from_model); its per-method
        # variant is overwritten by this generic one, hence the test here
        values = super()._job_store_values(job)
        if job.method_name == "_recompute_job":
            values["cciaa_cycle_id"] = self.id
        return values

    def _recompute_job(self, force=False):
        """The job of one cycle: its recompute, in the worker the runner called.

        Private, hence never callable over RPC: such a job exists only through
        action_recompute (write access, manager or SG, state: checked before
        it was queued) or the scheduled action (superuser), and it runs as the
        user who queued it. Its only argument is a boolean chosen by the
        server. When it runs it checks only what may have changed since: a
        cycle deleted or validated meanwhile is left alone.

        Idempotent: _recompute is digest-based, a second run stores the same
        figures. Concurrency: a job of the same cycle still running holds the
        cycle's advisory lock, and a conflicting write of another transaction
        (serialization failure, deadlock, lock not available) aborts this one;
        both raise RetryableJobError, and the job is tried again after the
        retry pattern's delay."""
        cycle = self.exists()
        if not cycle:
            return self.env._("The cycle no longer exists: nothing to recompute.")
        cycle.ensure_one()
        if cycle.state not in RECOMPUTABLE:
            return self.env._(
                "%(cycle)s has been validated meanwhile: not recomputed.",
                cycle=cycle.display_name,
            )
        if not cycle._try_lock_recompute():
            raise RetryableJobError(
                self.env._(
                    "%(cycle)s: another job is recomputing this cycle, "
                    "tried again later.",
                    cycle=cycle.display_name,
                )
            )
        try:
            cycle._recompute(force=force)
            cycle.sudo().write(
                {
                    "recompute_attempted_on": fields.Datetime.now(),
                    "recompute_error": False,
                }
            )
            # the writes reach PostgreSQL here, inside this job's retry
            # pattern (queue_job would otherwise retry a conflict at commit
            # after a fixed delay)
            self.env.flush_all()
        except OperationalError as error:
            if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise
            raise RetryableJobError(
                self.env._(
                    "%(cycle)s: a concurrent change of the database, tried "
                    "again later (%(error)s).",
                    cycle=cycle.display_name,
                    error=(error.pgerror or str(error)).strip(),
                )
            ) from error
        message = self.env._(
            "%(cycle)s recomputed: %(count)s stored results.",
            cycle=cycle.display_name,
            count=self.env["cciaa.performance.result"].search_count(
                [("cycle_id", "=", cycle.id)]
            ),
        )
        cycle._notify_job_end(message, "success")
        return message

    def _try_lock_recompute(self):
        """Take the cycle's recompute lock until the end of the transaction;
        False when another transaction holds it."""
        self.ensure_one()
        # raw SQL: PostgreSQL's advisory locks have no ORM counterpart
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, self.id]
        )
        return self.env.cr.fetchone()[0]

    def _recompute_job_failed(self, exc_info=None, exc_name=None, exc_message=None):
        """queue_job's on-fail hook (data/queue_job_data.xml), called once the
        job failed for good, in a transaction of its own: the cycle's form
        shows why, as after a failed scheduled recomputation."""
        for cycle in self.sudo().exists():
            if cycle.state == "validated":
                continue  # frozen; the job list keeps the error
            name = (exc_name or "Error").rsplit(".", 1)[-1]
            cycle.write(
                {
                    "recompute_attempted_on": fields.Datetime.now(),
                    "recompute_error": f"{name}: {exc_message or ''}".strip(),
                }
            )
        self._notify_job_end(
            self.env._(
                "%(cycle)s: the recompute failed (%(error)s).",
                cycle=", ".join(self.sudo().exists().mapped("display_name")),
                error=exc_message or exc_name or "?",
            ),
            "danger",
        )

    def _notify_job_end(self, message, kind):
        """The end of a job told to the user who queued it (the job runs as
        that user), with how many of their recomputes still wait: the
        progress of a recompute of many cycles (core models/progress.py)."""
        # the job that is running still counts as started: leave it out
        waiting = (
            self.env["queue.job"]
            .sudo()
            .search_count(
                [
                    ("user_id", "=", self.env.uid),
                    ("channel", "=", CHANNEL),
                    ("state", "in", WAITING),
                    ("cciaa_cycle_id", "not in", self.ids),
                ]
            )
        )
        if waiting:
            message = self.env._(
                "%(message)s %(count)s recomputes still queued.",
                message=message,
                count=waiting,
            )
        notify_user(
            self.env,
            message,
            title=self.env._("Recompute finished"),
            kind=kind,
            sticky=kind == "danger",
        )
