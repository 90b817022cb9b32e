"""Hand-offs of the chain: the activity and the message that tell the next
person it is their turn (docs/DOMAIN.md "The chain").

Each hand-off is a kind: an activity type of ours and the mail template of
its message (data/mail_activity_data.xml, data/mail_template_data.xml of the
addon that owns the step). The action that hands off calls :func:`schedule`
once its own checks are done; the action that does the awaited act calls
:func:`done`. Both run as superuser on purpose: the acting user (an
employee taking note of their scheda, the OIV) may not write the record the
activity hangs on, and what is scheduled is decided here, never by the client.
"""

from odoo import fields

# users of these groups receive the work of the group, before the SG (who
# holds every group and steps in only where nobody else does)
SG_GROUP = "cciaa_performance.group_sg"


def _kind(env, kind):
    """(activity type, template) of the hand-off ``kind``: an xml id prefix
    ``module.name`` of ``module.mail_activity_type_name`` and
    ``module.mail_template_name``."""
    module, name = kind.split(".")
    return (
        env.ref(f"{module}.mail_activity_type_{name}"),
        env.ref(f"{module}.mail_template_{name}", raise_if_not_found=False),
    )


def users_of(env, group, companies):
    """Active internal users of ``group`` working in one of ``companies``,
    the Segretario Generale only when nobody else holds the group."""
    users = (
        env.ref(group)
        .sudo()
        .users.filtered(
            lambda u: u.active and not u.share and u.company_ids & companies
        )
    )
    if group != SG_GROUP:
        others = users.filtered(lambda u: not u.has_group(SG_GROUP))
        users = others or users
    return users


def schedule(records, kind, assignees, deadline=None):
    """One open activity of ``kind`` per record and assignee, never two: a
    hand-off repeated (an action done again after a reset) finds the open one
    and leaves it. ``assignees(record)`` gives the users. The new assignees
    get the template's message in their language. Returns the new
    activities."""
    env = records.env
    activity_type, template = _kind(env, kind)
    records = records.sudo()
    # no generic "assigned to you" mail: the template's message says it
    quiet = records.with_context(mail_activity_quick_update=True)
    Activity = env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
    model_id = env["ir.model"]._get_id(records._name)
    today = fields.Date.context_today(records)
    created = Activity.browse()
    for record in quiet:
        users = assignees(record).filtered(lambda u: u.active and not u.share)
        open_users = record.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).user_id
        users -= open_users
        if not users:
            continue
        created |= Activity.create(
            [
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "user_id": user.id,
                    "summary": activity_type.with_context(lang=user.lang).summary
                    or False,
                    "date_deadline": deadline
                    or activity_type._get_date_deadline()
                    or today,
                }
                for user in users
            ]
        )
        if template:
            _post(record, template, users)
    return created


def _post(record, template, users):
    """The template's message on the record, notifying ``users`` in their
    own language (one message per language)."""
    for lang in set(users.mapped("lang")):
        group = users.filtered(lambda u, lang=lang: u.lang == lang)
        localised = template.sudo().with_context(lang=lang)
        subject = localised._render_field("subject", record.ids)[record.id]
        body = localised._render_field("body_html", record.ids)[record.id]
        record.with_context(lang=lang).message_post(
            body=body,
            subject=subject,
            partner_ids=group.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )


def done(records, *kinds, feedback=None):
    """Mark done the open activities of ``kinds`` on ``records``: the act
    they asked for has been done (by whoever did it)."""
    activities = _open(records, kinds)
    if activities:
        activities.action_feedback(feedback=feedback)


def cancel(records, *kinds):
    """Drop the open activities of ``kinds``: the act is no longer due (the
    step was taken back)."""
    _open(records, kinds).unlink()


def _open(records, kinds):
    env = records.env
    types = env["mail.activity.type"].browse([_kind(env, kind)[0].id for kind in kinds])
    return (
        env["mail.activity"]
        .sudo()
        .search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("activity_type_id", "in", types.ids),
            ]
        )
    )
