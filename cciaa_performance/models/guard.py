"""Who may change what, in one place (docs/SECURITY.md).

Two rules hold for every model of the cycle, whatever the path (form, RPC,
import, cascade, sudo):

- internal writes (a transition, a recomputation, a simulation) carry the
  marker of :func:`trusted`. It is a module-level object compared with ``is``:
  a context that comes from a client is JSON and can never hold it, so no
  context key, vals entry or writable field can switch a check off;
- the freeze (:class:`CciaaPerformanceFrozenMixin`): once a quadrimester of a
  cycle is closed, nothing that feeds its figures changes; once the OIV has
  validated the cycle, nothing of it changes at all; nothing of a closed or
  validated cycle is deleted.
"""

from odoo import api, models
from odoo.exceptions import AccessError, UserError

_TRUSTED = object()
_MARKER = "cciaa_trusted"

# fields every record has that never feed a figure (chatter, activities, audit)
_BOOKKEEPING_PREFIXES = ("message_", "activity_", "website_message")
_BOOKKEEPING = {"write_date", "write_uid", "create_date", "create_uid", "__last_update"}


def trusted(records):
    """``records`` with the marker of server code: only code of this module
    (never a client) can pass it."""
    return records.with_context(**{_MARKER: _TRUSTED})


def trusted_create(model, vals_list):
    """``model.create(vals_list)`` as server code; the new records are handed
    back without the marker, so that what follows is checked again."""
    return trusted(model).create(vals_list).with_env(model.env)


def is_trusted(env):
    # an identity test against our own object: a client's context is JSON and
    # can hold a key of this name, never this object
    return env.context.get(_MARKER) is _TRUSTED


def bookkeeping(field_names):
    """The names among ``field_names`` that are chatter or audit fields."""
    return {
        name
        for name in field_names
        if name in _BOOKKEEPING or name.startswith(_BOOKKEEPING_PREFIXES)
    }


def check_groups(env, groups, message):
    """Raise AccessError with ``message`` unless the user is in one of
    ``groups`` (comma-separated xml ids). Superuser code passes: it is ours."""
    if env.su or env.user.has_groups(groups):
        return
    raise AccessError(message)


class CciaaPerformanceFrozenMixin(models.AbstractModel):
    """Freeze of the records of a cycle (docs/SECURITY.md "The freeze").

    A model lists in ``_frozen_fields`` the fields that feed figures: they
    cannot change while a quadrimester of the cycle is closed. Once the cycle
    is validated every field is frozen. Creating and deleting records follow
    the same rule; moving a record to another cycle is checked on both sides.
    The check holds under sudo too: only the :func:`trusted` marker passes,
    and only the reopening actions hold it.
    """

    _name = "cciaa.performance.frozen.mixin"
    _description = "Record frozen with its cycle"

    # the path from the record to its cycle; the fields that feed figures
    # (None: every field but those of _frozen_free; empty: the record is
    # frozen by the state of its cycle only, not by closed quadrimesters)
    _frozen_cycle = "cycle_id"
    _frozen_fields = ()
    _frozen_free = ()
    # the fields whose change the next recompute must see (None: every field
    # but the chatter's; input_change.py)
    _input_fields = None

    def _frozen_cycles(self):
        return self.sudo().mapped(self._frozen_cycle)

    def _feeds_figures(self, field_names):
        if self._frozen_fields is None:
            return field_names - set(self._frozen_free)
        return field_names & set(self._frozen_fields)

    def _check_frozen(self, field_names=None, cycles=None):
        """Refuse (UserError) when ``field_names`` (None: the whole record,
        i.e. create or delete) of these records may not change."""
        if is_trusted(self.env):
            return
        if field_names is not None:
            # a one2many is written on its own records, which check themselves
            field_names = {
                name
                for name in set(field_names) - bookkeeping(field_names)
                if getattr(self._fields.get(name), "type", None) != "one2many"
            }
            if not field_names:
                return
        cycles = self._frozen_cycles() if cycles is None else cycles
        # the model's name in the user's language (ir.model names are translated)
        what = self.env["ir.model"].sudo()._get(self._name).name
        for state, message in (
            (
                "validated",
                self.env._(
                    "%(cycle)s has been validated by the OIV: %(what)s can no "
                    "longer change. The Segretario Generale can reopen the "
                    "validation with a written reason."
                ),
            ),
            (
                "closed",
                self.env._("%(cycle)s is closed: %(what)s can no longer change."),
            ),
        ):
            frozen = cycles.filtered(lambda c, state=state: c.state == state)
            # a closed cycle keeps the state it needs for the OIV's validation
            if frozen and not (
                state == "closed" and self._name == "cciaa.performance.cycle"
            ):
                raise UserError(
                    message % {"cycle": frozen[0].display_name, "what": what}
                )
        if not self._frozen_fields and self._frozen_fields is not None:
            return  # frozen by the cycle's state only
        if field_names is not None and not self._feeds_figures(field_names):
            return
        closed = cycles._closed_campaigns()
        if closed:
            raise UserError(
                self.env._(
                    "%(campaign)s is closed: %(what)s feeds its figures and cannot "
                    "change until the quadrimester is reopened with a reason.",
                    campaign=closed[0].display_name,
                    what=what,
                )
            )

    def _mark_inputs_changed(self, field_names=None):
        """Tell the recompute service that these records' cycles changed
        (input_change.py); not for a change no figure reads."""
        if field_names is not None:
            names = set(field_names) - bookkeeping(field_names)
            if self._input_fields is not None:
                names &= set(self._input_fields)
            if not names:
                return
        self.env["cciaa.performance.input.change"]._mark(self._frozen_cycles().ids)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._check_frozen()
        records._mark_inputs_changed()
        return records

    def write(self, vals):
        # access rights first: a user who may not write at all is told so
        self.check_access("write")
        self._check_frozen(vals)
        self._mark_inputs_changed(vals)
        result = super().write(vals)
        if self._frozen_cycle.split(".")[0] in vals:
            # moved to another parent: the new one must accept it as well
            self._check_frozen(vals)
            self._mark_inputs_changed(vals)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_frozen(self):
        self._check_frozen()
        self._mark_inputs_changed()
