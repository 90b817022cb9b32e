from odoo import models

from . import handoff
from .progress import notify_step, notify_user

HR_GROUP = "cciaa_performance.group_hr"


class CciaaPerformanceCycle(models.Model):
    """What the cycle's transitions tell people, once the transition is done:

    - the OIV's validation hands off to HR, premiums may now be confirmed
      (D.Lgs. 150/2009 art. 14 c.6), an activity withdrawn if the SG
      reopens the validation (models/handoff.py);
    - a recompute asked by a person reports its progress and its end (the
      scheduled action runs as the superuser and reports through ir.cron's
      progress; models/progress.py).

    One extension of the cycle for both: they override methods of cycle.py,
    which explicit mixins could not wrap."""

    _inherit = "cciaa.performance.cycle"

    def _mark_validated(self):
        result = super()._mark_validated()
        handoff.schedule(
            self,
            "cciaa_performance.cycle_fund_confirm",
            lambda c: handoff.users_of(self.env, HR_GROUP, c.company_id),
        )
        return result

    def _unvalidate(self):
        result = super()._unvalidate()
        handoff.cancel(self, "cciaa_performance.cycle_fund_confirm")
        return result

    def _recompute_request(self):
        # the queue addon's override queues instead of calling this one: its
        # jobs tell their end (cciaa_performance_queue/models/cycle.py)
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
