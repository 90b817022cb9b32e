from odoo import api, fields, models

DEVIATIONS = ("partial", "not_reached")


class CciaaPerformanceUnitHome(models.AbstractModel):
    """What the P.O.'s home shows on each unit of their Servizio: the rows
    still to fill in the open quadrimester, the confirmation, the deviations
    of the latest figures and the schede they evaluate. Counted with the
    user's own rights, so a card never tells more than the lists it opens.
    A part of the units (hr_department.py names it in its ``_inherit``)."""

    _name = "cciaa.performance.unit.home"
    _description = "Organisational unit: the P.O.'s home"

    cciaa_home_rows = fields.Integer(
        compute="_compute_cciaa_home", string="Rows to report"
    )
    cciaa_home_to_fill = fields.Integer(
        compute="_compute_cciaa_home", string="Rows to fill"
    )
    cciaa_home_confirmed = fields.Boolean(
        compute="_compute_cciaa_home", string="Data confirmed"
    )
    cciaa_home_deviations = fields.Integer(
        compute="_compute_cciaa_home",
        string="Deviations",
        help="Indicators of the unit below target in the latest figures of the cycle.",
    )
    cciaa_home_headed = fields.Boolean(
        compute="_compute_cciaa_home", string="Headed by me"
    )
    cciaa_home_schede = fields.Integer(
        compute="_compute_cciaa_home",
        string="Schede to evaluate",
        help="Schede you evaluate that are not evaluated yet.",
    )

    @api.depends_context("uid")
    def _compute_cciaa_home(self):
        Measurement = self.env["cciaa.performance.measurement"]
        domain = [("department_id", "in", self.ids), ("campaign_open", "=", True)]
        rows = dict(Measurement._read_group(domain, ["department_id"], ["__count"]))
        to_fill = dict(
            Measurement._read_group(
                domain + [("entered", "=", False)], ["department_id"], ["__count"]
            )
        )
        confirmed = (
            self.env["cciaa.performance.campaign.confirmation"]
            .search(
                [
                    ("department_id", "in", self.ids),
                    ("campaign_id.state", "=", "open"),
                    ("state", "=", "confirmed"),
                ]
            )
            .department_id
        )
        deviations = self._cciaa_home_deviations()
        me = self.env.user.employee_id
        schede = self.env["cciaa.performance.scheda"].search_count(
            [
                ("evaluator_user_id", "=", self.env.uid),
                ("state", "in", ("draft", "assigned", "acknowledged")),
            ]
        )
        for unit in self:
            unit.cciaa_home_rows = rows.get(unit, 0)
            unit.cciaa_home_to_fill = to_fill.get(unit, 0)
            unit.cciaa_home_confirmed = unit in confirmed
            unit.cciaa_home_deviations = deviations.get(unit, 0)
            unit.cciaa_home_headed = bool(me) and unit.manager_id == me
            unit.cciaa_home_schede = schede if unit.cciaa_home_headed else 0

    def _cciaa_home_deviation_domain(self):
        """Rows (indicator × unit) below target in the latest quadrimester
        with figures of each cycle in progress."""
        cycles = (
            self.env["cciaa.performance.cycle"]
            .search([("state", "=", "active")])
            .filtered("last_quarter")
        )
        per_cycle = [
            ["&", ("cycle_id", "=", c.id), ("quarter", "=", c.last_quarter)]
            for c in cycles
        ]
        if not per_cycle:
            return [("id", "=", False)]
        return [
            ("level", "=", "row"),
            ("status", "in", DEVIATIONS),
            *(["|"] * (len(per_cycle) - 1)),
            *[term for pair in per_cycle for term in pair],
        ]

    def _cciaa_home_deviations(self):
        domain = self._cciaa_home_deviation_domain() + [
            ("department_id", "in", self.ids)
        ]
        return dict(
            self.env["cciaa.performance.result"]._read_group(
                domain, ["department_id"], ["__count"]
            )
        )

    # -- the card's buttons ----------------------------------------------

    def action_cciaa_home_data_entry(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_measurement_data_entry"
        )
        action["domain"] = [
            ("department_id", "=", self.id),
            ("campaign_open", "=", True),
        ]
        return action

    def action_cciaa_home_confirm(self):
        """The confirmation of the open quadrimester: the existing one, or a
        new one with the campaign and the unit filled in (saving confirms)."""
        self.ensure_one()
        campaign = self.env["cciaa.performance.campaign"].search(
            [("state", "=", "open"), ("company_id", "=", self.company_id.id)],
            order="year desc, quarter desc",
            limit=1,
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_campaign_confirmation"
        )
        confirmation = self.env["cciaa.performance.campaign.confirmation"].search(
            [("campaign_id", "=", campaign.id), ("department_id", "=", self.id)],
            limit=1,
        )
        action.update(
            view_mode="form",
            views=[(False, "form")],
            res_id=confirmation.id,
            context={
                "default_campaign_id": campaign.id,
                "default_department_id": self.id,
            },
        )
        return action

    def action_cciaa_home_deviations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_result"
        )
        action["domain"] = self._cciaa_home_deviation_domain() + [
            ("department_id", "=", self.id)
        ]
        action["context"] = {}
        return action

    def action_cciaa_home_schede(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_scheda"
        )
        action["context"] = {"search_default_to_evaluate": 1, "search_default_open": 1}
        return action
