from odoo import models

from .progress import notify_step, notify_user


class CciaaPerformanceCycle(models.Model):
    """Progress and end of a recompute asked by a person (the button; the
    scheduled action runs as the superuser and reports through ir.cron's
    progress)."""

    _inherit = "cciaa.performance.cycle"

    def _recompute_request(self):
        # the queue addon's override queues instead of calling this one: its
        # jobs tell their end (cciaa_performance_queue/models/cycle_progress.py)
        if len(self) == 1:
            result = super()._recompute_request()
        else:
            # cycle after cycle, each one told as it is done
            for index, cycle in enumerate(self, start=1):
                result = super(CciaaPerformanceCycle, cycle)._recompute_request()
                notify_step(
                    self.env,
                    self.env._(
                        "%(cycle)s recomputed (%(index)s of %(count)s).",
                        cycle=cycle.display_name,
                        index=index,
                        count=len(self),
                    ),
                    title=self.env._("Recompute in progress"),
                )
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
