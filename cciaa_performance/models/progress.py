"""Progress and end of a long run (recompute, import) told to the person who
started it, on the bus: the web client shows it wherever they are in the
application.

- :func:`notify_user` sends with the run's transaction: the message leaves
  at its commit (the end of a run) and a run rolled back tells nothing;
- :func:`notify_step` sends at once, through a cursor of its own that
  commits the notification and nothing else: the steps of a run still going,
  whose own transaction ends only with it.

Scheduled runs report through ir.cron's progress (``_notify_progress``),
queued recomputes through their jobs (cciaa_performance_queue)."""

from odoo import SUPERUSER_ID, api

NOTIFICATION = "simple_notification"


def _person(user):
    """A person to tell: not the superuser of a scheduled run, not portal."""
    return user.id != SUPERUSER_ID and user.active and not user.share


def _payload(message, title, kind, sticky):
    return {"type": kind, "title": title or "", "message": message, "sticky": sticky}


def notify_user(env, message, title=None, kind="success", sticky=False):
    """Send ``message`` to the current user with this transaction."""
    if not _person(env.user):
        return False
    env.user._bus_send(NOTIFICATION, _payload(message, title, kind, sticky))
    return True


def notify_step(env, message, title=None):
    """Send ``message`` to the current user now, whatever becomes of this
    transaction (a step of a run that is still going)."""
    if not _person(env.user):
        return False
    # the channel is read here: the step's cursor does not see a user or
    # partner made by this transaction, and the bus row it writes is the
    # system's (its create_uid must exist for that cursor)
    channel = env.user._bus_channel()
    with env.registry.cursor() as cr:
        api.Environment(cr, SUPERUSER_ID, {})["bus.bus"]._sendone(
            channel, NOTIFICATION, _payload(message, title, "info", False)
        )
    return True
