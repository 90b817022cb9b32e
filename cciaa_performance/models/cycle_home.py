from odoo import api, fields, models

from ..engine import formats
from .hr_department_home import DEVIATIONS

QUARTER_NAMES = {1: "I", 2: "II", 3: "III"}
OPEN_SCHEDA_STATES = ("draft", "assigned", "acknowledged")


class CciaaPerformanceCycleHome(models.AbstractModel):
    """The SG's dashboard of a cycle (views/home_views.xml): the stored
    figures read back (the Ente's trend by quadrimester, the deviations of
    the latest one) and the acts that wait for someone. Nothing is computed
    here that the engine did not store. A part of the cycle, named in its
    ``_inherit``."""

    _name = "cciaa.performance.cycle.home"
    _description = "Performance cycle: the SG's dashboard"

    home_trend = fields.Char(
        compute="_compute_home", string="Ente trend", help="Ente % by quadrimester."
    )
    home_unit_count = fields.Integer(compute="_compute_home", string="Units")
    home_strategic_count = fields.Integer(compute="_compute_home", string="OS")
    home_operational_count = fields.Integer(compute="_compute_home", string="OO")
    home_deviation_count = fields.Integer(
        compute="_compute_home",
        string="Deviations",
        help="Objectives below 100% in the latest quadrimester with figures.",
    )
    home_open_campaign_count = fields.Integer(
        compute="_compute_home", string="Open campaigns"
    )
    home_late_campaign_count = fields.Integer(
        compute="_compute_home",
        string="Late campaigns",
        help="Open campaigns past their deadline.",
    )
    home_proposal_count = fields.Integer(
        compute="_compute_home",
        string="Proposals to confirm",
        help="Imported motivated evaluations waiting for the SG.",
    )
    home_scheda_count = fields.Integer(
        compute="_compute_home",
        string="Schede to evaluate",
        help="Schede you evaluate that are not evaluated yet.",
    )

    # read each time: figures, campaigns and schede change under it
    @api.depends_context("uid")
    def _compute_home(self):
        Result = self.env["cciaa.performance.result"]
        ente = Result.search(
            [("cycle_id", "in", self.ids), ("level", "=", "ente")], order="quarter"
        )
        units = dict(
            Result._read_group(
                [("cycle_id", "in", self.ids), ("level", "=", "unit")],
                ["cycle_id"],
                ["department_id:count_distinct"],
            )
        )
        today = fields.Date.context_today(self)
        Campaign = self.env["cciaa.performance.campaign"]
        for cycle in self:
            cycle.home_trend = " → ".join(
                f"{QUARTER_NAMES.get(r.quarter, r.quarter)} {formats.pct(r.score)}"
                for r in ente
                if r.cycle_id == cycle and r.evaluable
            )
            cycle.home_unit_count = units.get(cycle, 0)
            cycle.home_strategic_count = len(cycle.strategic_ids)
            cycle.home_operational_count = len(cycle.operational_ids)
            cycle.home_deviation_count = Result.search_count(
                cycle._home_deviation_domain()
            )
            open_campaigns = Campaign.search(
                [("cycle_id", "=", cycle.id), ("state", "=", "open")]
            )
            cycle.home_open_campaign_count = len(open_campaigns)
            cycle.home_late_campaign_count = len(
                open_campaigns.filtered(lambda c: c.deadline and c.deadline < today)
            )
            cycle.home_proposal_count = self.env[
                "cciaa.performance.override"
            ].search_count([("cycle_id", "=", cycle.id), ("state", "=", "proposed")])
            cycle.home_scheda_count = self.env["cciaa.performance.scheda"].search_count(
                [
                    ("cycle_id", "=", cycle.id),
                    ("evaluator_user_id", "=", self.env.uid),
                    ("state", "in", OPEN_SCHEDA_STATES),
                ]
            )

    def _home_deviation_domain(self):
        self.ensure_one()
        return [
            ("cycle_id", "=", self.id),
            ("quarter", "=", self.last_quarter),
            ("level", "in", ("os", "oo")),
            ("status", "in", DEVIATIONS),
        ]

    # -- the dashboard's buttons -------------------------------------------

    def _home_results(self, domain, context=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_result"
        )
        action["domain"] = domain
        action["context"] = context or {}
        return action

    def action_home_trend(self):
        """The Ente and the areas by quadrimester, as a line chart."""
        self.ensure_one()
        action = self._home_results(
            [("cycle_id", "=", self.id), ("level", "in", ("ente", "area"))],
            {"graph_mode": "line", "graph_groupbys": ["quarter", "code"]},
        )
        action["views"] = [(v, t) for v, t in action["views"] if t == "graph"] + [
            (v, t) for v, t in action["views"] if t != "graph"
        ]
        return action

    def action_home_deviations(self):
        self.ensure_one()
        return self._home_results(self._home_deviation_domain())

    def action_home_units(self):
        self.ensure_one()
        return self._home_results(
            [
                ("cycle_id", "=", self.id),
                ("level", "=", "unit"),
                ("quarter", "=", self.last_quarter),
            ]
        )

    def action_home_proposals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Proposals to confirm"),
            "res_model": "cciaa.performance.override",
            "views": [(False, "list"), (False, "form")],
            "domain": [("cycle_id", "=", self.id), ("state", "=", "proposed")],
        }

    def action_home_schede(self):
        self.ensure_one()
        action = self.action_open_schede()
        action["context"] = {
            **action["context"],
            "search_default_to_evaluate": 1,
            "search_default_open": 1,
        }
        return action
