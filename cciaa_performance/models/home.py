from odoo import api, fields, models

# Each role's home, the most powerful group first: a user lands on the home of
# the first group they hold (the SG is also manager and HR, a manager also P.O.).
# Each is the action of a menu of the app: landing there, the web client finds
# the app by the action and shows its menus.
HOMES = [
    ("sg", "cciaa_performance.group_sg", "cciaa_performance.action_cciaa_home_sg"),
    (
        "manager",
        "cciaa_performance.group_manager",
        "cciaa_performance.action_cciaa_performance_campaign",
    ),
    (
        "hr",
        "cciaa_performance.group_hr",
        "cciaa_performance.action_cciaa_performance_incentive_fund",
    ),
    (
        "oiv",
        "cciaa_performance.group_oiv",
        "cciaa_performance.action_cciaa_performance_cycle",
    ),
    ("po", "cciaa_performance.group_po", "cciaa_performance.action_cciaa_home_po"),
    (
        "office_user",
        "cciaa_performance.group_office_user",
        "cciaa_performance.action_cciaa_performance_measurement_data_entry",
    ),
]


class CciaaPerformanceHome(models.AbstractModel):
    """The screen each role lands on (docs/GUIDA.md): chosen by group when the
    app opens, so that a change of group needs nothing else. It only picks a
    window action: what the user then reads stays under their record rules."""

    _name = "cciaa.performance.home"
    _description = "Home of each role"

    @api.model
    def _homes(self):
        """(role, group, action) triples, first match wins; the report addon
        gives the OIV its own."""
        return list(HOMES)

    @api.model
    def _home_role(self):
        """(role, action XML id) of the current user, or (False, False)."""
        user = self.env.user
        for role, group, xmlid in self._homes():
            if user.has_group(group):
                return role, xmlid
        return False, False

    @api.model
    def action_home(self):
        role, xmlid = self._home_role()
        if not xmlid:
            return False
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        tailor = getattr(self, f"_home_{role}", None)
        return tailor(action) if tailor else action

    @api.model
    def _home_po(self, action):
        """The units the P.O. heads and the offices below them, in the
        current organisation chart (those closed by a reorganisation stay in
        the data-entry and result lists)."""
        headed = self.env.user.employee_id.cciaa_headed_unit_ids
        today = fields.Date.context_today(self)
        action["domain"] = [
            ("id", "child_of", headed.ids),
            "|",
            ("cciaa_date_to", "=", False),
            ("cciaa_date_to", ">=", today),
        ]
        return action

    @api.model
    def _home_sg(self, action):
        """The cycle in progress (or the latest one) of the user's chamber."""
        Cycle = self.env["cciaa.performance.cycle"]
        domain = [("company_id", "=", self.env.company.id)]
        cycle = Cycle.search(
            domain + [("state", "=", "active")], limit=1
        ) or Cycle.search(domain, order="year desc", limit=1)
        if cycle:
            action.update(res_id=cycle.id, view_mode="form")
            action["views"] = [(v, t) for v, t in action["views"] if t == "form"]
        return action

    @api.model
    def _home_manager(self, action):
        """The campaigns of the cycles in progress, as cards first; their
        calendar opens on the first deadline still open."""
        action["context"] = {"search_default_cycle_active": 1}
        first = self.env["cciaa.performance.campaign"].search(
            [("cycle_id.state", "=", "active"), ("state", "!=", "closed")],
            order="deadline",
            limit=1,
        )
        if first.deadline:
            action["context"]["initial_date"] = fields.Date.to_string(first.deadline)
        return self._views_first(action, "kanban")

    @api.model
    def _home_oiv(self, action):
        """Without the Relazione addon: the cycles closed, awaiting validation."""
        action["context"] = {"search_default_closed": 1}
        return action

    @api.model
    def _views_first(self, action, view_type):
        views = action["views"]
        action["views"] = [v for v in views if v[1] == view_type] + [
            v for v in views if v[1] != view_type
        ]
        return action
