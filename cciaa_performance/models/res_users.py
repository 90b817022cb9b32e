from odoo import api, models

HOME_GROUPS = (
    "cciaa_performance.group_office_user",
    "cciaa_performance.group_hr",
    "cciaa_performance.group_oiv",
)


class ResUsers(models.Model):
    """A user put in one of the chamber's groups lands on their role's home
    after login (the Home Action): the server action that picks the home by
    group, so a later change of group needs nothing more. A Home Action
    chosen by an administrator is left alone."""

    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._cciaa_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        # groups_id, or the in_group_* / sel_groups_* fields of the user form
        if any(
            key.startswith(("groups_id", "in_group_", "sel_groups_")) for key in vals
        ):
            self._cciaa_set_home_action()
        return res

    def _cciaa_set_home_action(self):
        home = self.env.ref(
            "cciaa_performance.action_cciaa_home", raise_if_not_found=False
        )
        if not home:  # while the module's data is being loaded
            return
        # administrators keep the app switcher (the app still opens on the home)
        users = self.sudo().filtered(
            lambda u: (
                not u.action_id
                and not u.share
                and not u._is_superuser()
                and not u.has_group("base.group_system")
                and any(u.has_group(group) for group in HOME_GROUPS)
            )
        )
        if users:
            users.action_id = home.id
