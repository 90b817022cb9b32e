from odoo import models

from .progress import notify_user


class CciaaPerformanceCycle(models.Model):
    """The end of a recompute asked by a person (the button; the scheduled
    action runs as the superuser and reports through ir.cron's progress)."""

    _inherit = "cciaa.performance.cycle"

    def _recompute_request(self):
        # the queue addon's override queues instead of calling this one: its
        # job tells the end (cciaa_performance_queue/models/cycle_progress.py)
        result = super()._recompute_request()
        self._notify_recomputed()
        return result

    def _notify_recomputed(self):
        counts = dict(
            self.env["cciaa.performance.result"]
            .sudo()
            ._read_group([("cycle_id", "in", self.ids)], ["cycle_id"], ["__count"])
        )
        for cycle in self:
            notify_user(
                self.env,
                self.env._(
                    "%(cycle)s recomputed: %(count)s stored results.",
                    cycle=cycle.display_name,
                    count=counts.get(cycle, 0),
                ),
                title=self.env._("Recompute finished"),
            )
