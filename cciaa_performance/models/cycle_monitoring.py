from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine import fmt_pct
from .guard import trusted


class CciaaPerformanceCycleMonitoring(models.AbstractModel):
    """Monitoring of a cycle: its campaigns, the state of the scheduled
    recomputation, and closing the cycle (criticità required); part of the
    cycle model."""

    _name = "cciaa.performance.cycle.monitoring"
    _description = "Cycle: monitoring"

    reminder_days = fields.Integer(
        default=5,
        tracking=True,
        string="Remind days before the deadline",
        help="Default for the campaigns: the responsible users get an activity this "
        "many days before a campaign's deadline.",
    )
    campaign_ids = fields.One2many(
        "cciaa.performance.campaign", "cycle_id", string="Campaigns"
    )
    campaign_count = fields.Integer(compute="_compute_campaign_count")
    recompute_attempted_on = fields.Datetime(
        readonly=True, help="Last time the scheduled recomputation tried this cycle."
    )
    recompute_error = fields.Text(
        readonly=True, help="Why the last scheduled recomputation of this cycle failed."
    )

    @api.depends("campaign_ids")
    def _compute_campaign_count(self):
        for cycle in self:
            cycle.campaign_count = len(cycle.campaign_ids)

    def _closed_campaigns(self):
        """The closed campaigns of these cycles: their quadrimesters' inputs
        are frozen (guard.py)."""
        return self.sudo().campaign_ids.filtered(lambda c: c.state == "closed")

    def action_create_campaigns(self):
        """The three quadrimester campaigns that do not exist yet, to open."""
        Campaign = self.env["cciaa.performance.campaign"]
        Campaign._check_can_manage()
        values = [
            {"cycle_id": cycle.id, "quarter": quarter}
            for cycle in self
            for quarter in ("1", "2", "3")
            if quarter not in cycle.campaign_ids.mapped("quarter")
        ]
        Campaign.create(values)
        return self.action_open_campaigns()

    def action_open_campaigns(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_campaign"
        )
        action["domain"] = [("cycle_id", "in", self.ids)]
        action["context"] = {"default_cycle_id": self[:1].id}
        return action

    def action_close(self):
        """Close the cycle: results recomputed first, then refused while a
        campaign is open or an objective below 100% at year end lacks its
        criticità (docs/DOMAIN.md "Criticità")."""
        self.check_access("write")
        self._check_can_manage()
        self._check_state("active")
        self._recompute()
        errors = [error for cycle in self for error in cycle._closing_errors()]
        if errors:
            raise UserError("\n".join(errors))
        trusted(self).write({"state": "closed"})
        return True

    def _closing_errors(self):
        self.ensure_one()
        errors = []
        open_campaigns = self.sudo().campaign_ids.filtered(
            lambda c: c.state != "closed"
        )
        if open_campaigns:
            errors.append(
                self.env._(
                    "Close the monitoring campaigns first: %(campaigns)s.",
                    campaigns=", ".join(open_campaigns.mapped("name")),
                )
            )
        proposals = (
            self.env["cciaa.performance.override"]
            .sudo()
            .search([("cycle_id", "=", self.id), ("state", "=", "proposed")])
        )
        if proposals:
            errors.append(
                self.env._(
                    "The Segretario Generale has still to confirm the motivated "
                    "evaluations of %(objectives)s.",
                    objectives=", ".join(o._objective_code() for o in proposals),
                )
            )
        results = (
            self.env["cciaa.performance.result"]
            .sudo()
            .search(
                [
                    ("cycle_id", "=", self.id),
                    ("quarter", "=", 3),
                    ("level", "in", ("os", "oo")),
                ]
            )
        )
        if not results:
            errors.append(
                self.env._(
                    "%(cycle)s has no year-end results (quadrimester III): "
                    "it cannot be closed.",
                    cycle=self.name,
                )
            )
        missing = results.filtered(
            lambda r: (
                r.evaluable
                and r.score < 100
                and not (
                    r.strategic_id.criticita_ids
                    if r.level == "os"
                    else r.operational_id.criticita_ids
                )
            )
        )
        if missing:
            lines = "\n".join(
                f"- {r.code}: {fmt_pct(r.score)}%"
                for r in missing.sorted(lambda r: (r.level, r.code))
            )
            errors.append(
                self.env._(
                    "These objectives are below 100%% at year end and have no "
                    "criticità (issues and corrective actions):\n%(objectives)s",
                    objectives=lines,
                )
            )
        return errors
