from odoo import models

from odoo.addons.cciaa_performance.models.progress import notify_user

from .cycle import CHANNEL, WAITING


class CciaaPerformanceCycle(models.Model):
    """The end of each queued recompute, told to the user who queued it (the
    job runs as that user), with the recomputes of theirs still waiting: the
    progress of a recompute of many cycles."""

    _inherit = "cciaa.performance.cycle"

    def _recompute_job(self, force=False):
        message = super()._recompute_job(force=force)
        self._notify_job_end(message, "success")
        return message

    def _recompute_job_failed(self, exc_info=None, exc_name=None, exc_message=None):
        result = super()._recompute_job_failed(
            exc_info=exc_info, exc_name=exc_name, exc_message=exc_message
        )
        self._notify_job_end(
            self.env._(
                "%(cycle)s: the recompute failed (%(error)s).",
                cycle=", ".join(self.sudo().exists().mapped("display_name")),
                error=exc_message or exc_name or "?",
            ),
            "danger",
        )
        return result

    def _notify_job_end(self, message, kind):
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
