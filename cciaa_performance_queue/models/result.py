import logging

from odoo import api, models

from .cycle import CHANNEL

_logger = logging.getLogger(__name__)


class CciaaPerformanceResult(models.Model):
    _inherit = "cciaa.performance.result"

    @api.model
    def _cron_recompute(self, batch_size=10):
        """With a job runner serving the database, the core's scheduled run
        (its choice of cycles, its batches and progress) queues one job per
        cycle where it would recompute it, and ends at once: the Odoo workers
        recompute the cycles in parallel, each in its own transaction, so one
        failing cycle fails only its own job. A cycle whose job is still
        waiting is not queued twice. Without a job runner: the core's run, in
        this process. Returns the number of cycles queued (or tried)."""
        queued = super()._cron_recompute(batch_size=batch_size)
        if self.env["cciaa.performance.cycle"]._job_runner_present():
            _logger.info("%s cycles queued for recomputation on %s", queued, CHANNEL)
        return queued
