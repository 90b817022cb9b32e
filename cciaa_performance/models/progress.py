"""The end of a long run (recompute, import) told to the person who started
it, on the bus: the web client shows it wherever they are in the
application, even when they left the screen that started it. Progress while
a run goes on is ir.cron's (``_notify_progress``) or queue_job's (one job per
cycle, its state in the cycle's Recompute jobs tab)."""

from odoo import SUPERUSER_ID

NOTIFICATION = "simple_notification"


def notify_user(env, message, title=None, kind="success", sticky=False):
    """Send ``message`` to the current user (a person: not the superuser of a
    scheduled run, not a portal user). It leaves with the transaction's
    commit, as every bus message: a run rolled back tells nothing."""
    user = env.user
    if user.id == SUPERUSER_ID or user.share or not user.active:
        return False
    user._bus_send(
        NOTIFICATION,
        {
            "type": kind,
            "title": title or "",
            "message": message,
            "sticky": sticky,
        },
    )
    return True
