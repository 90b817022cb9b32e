from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine import fmt_date
from .guard import is_trusted, trusted

# Confirming and reopening change the state; a confirmation is never written
# directly, only with the marker of guard.py.


class CciaaPerformanceCampaignConfirmation(models.Model):
    """The P.O. confirms the data of their Servizio (and its offices) for a
    campaign: from then on those measurements are locked until the
    confirmation is reopened, with a reason, by the P.O., the SG or the
    performance manager."""

    _name = "cciaa.performance.campaign.confirmation"
    _description = "Confirmation of a Servizio's monitoring data"
    _inherit = ["mail.thread"]
    _order = "campaign_id, department_id"
    _rec_name = "department_id"

    campaign_id = fields.Many2one(
        "cciaa.performance.campaign",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('state', '=', 'open')]",
    )
    cycle_id = fields.Many2one(related="campaign_id.cycle_id", store=True, index=True)
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True
    )
    quarter = fields.Selection(related="campaign_id.quarter", store=True)
    department_id = fields.Many2one(
        "hr.department",
        required=True,
        index=True,
        string="Servizio",
        help="The Servizio whose data (its offices included) are confirmed.",
    )
    state = fields.Selection(
        [("confirmed", "Confirmed"), ("reopened", "Reopened")],
        default="confirmed",
        required=True,
        readonly=True,
        tracking=True,
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    confirmed_on = fields.Datetime(readonly=True, tracking=True)
    reopen_reason = fields.Text(readonly=True, tracking=True)

    _sql_constraints = [
        (
            "campaign_department_uniq",
            "unique(campaign_id, department_id)",
            "A Servizio confirms a campaign once (reopen and confirm it again).",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.update(
                state="confirmed",
                confirmed_by_id=self.env.uid,
                confirmed_on=fields.Datetime.now(),
            )
        records = super().create(vals_list)
        records._check_can_confirm()
        for record in records:
            record._message_log(body=record._confirmed_message())
        return records

    def write(self, vals):
        if not is_trusted(self.env):
            if {"state", "campaign_id", "department_id"}.intersection(vals):
                raise UserError(
                    self.env._(
                        "Confirm or reopen a Servizio's data with the buttons: "
                        "a reopening needs a written reason."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_confirmed(self):
        if self.filtered(lambda c: c.state == "confirmed"):
            raise UserError(self.env._("Reopen a confirmation instead of deleting it."))

    def _check_can_confirm(self):
        """The head (P.O.) of the Servizio or of a unit above it, the SG or the
        performance manager; the campaign must be open. In the method, so that
        RPC is covered."""
        manager = self.env.su or self.env.user.has_groups(
            "cciaa_performance.group_sg,cciaa_performance.group_manager"
        )
        for confirmation in self.sudo():
            if confirmation.campaign_id.state != "open":
                raise UserError(
                    self.env._(
                        "%(campaign)s is not open: there is nothing to confirm.",
                        campaign=confirmation.campaign_id.name,
                    )
                )
            if manager:
                continue
            heads = (
                self.env["hr.department"]
                .sudo()
                .search([("id", "parent_of", confirmation.department_id.id)])
                .manager_id.user_id
            )
            if self.env.user not in heads:
                raise AccessError(
                    self.env._(
                        "Only the head of %(unit)s, the Segretario Generale or the "
                        "performance manager confirms its data.",
                        unit=confirmation.department_id.display_name,
                    )
                )

    def _confirmed_message(self):
        return self.env._(
            "Data of %(unit)s for %(campaign)s confirmed.",
            unit=self.department_id.display_name,
            campaign=self.campaign_id.name,
        )

    def action_confirm(self):
        for confirmation in self:
            if confirmation.state != "reopened":
                raise UserError(self.env._("These data are already confirmed."))
        self._check_can_confirm()
        trusted(self).write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.uid,
                "confirmed_on": fields.Datetime.now(),
            }
        )
        for confirmation in self:
            confirmation._message_log(body=confirmation._confirmed_message())
        return True

    def action_reopen(self):
        self.ensure_one()
        self._check_can_confirm()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Reopen the confirmation of %(unit)s",
                unit=self.department_id.display_name,
            ),
            "res_model": "cciaa.performance.campaign.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_confirmation_id": self.id,
                "default_campaign_id": self.campaign_id.id,
            },
        }

    def _reopen(self, reason):
        self._check_can_confirm()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Reopening a confirmation needs a written reason.")
            )
        for confirmation in self:
            if confirmation.state != "confirmed":
                raise UserError(self.env._("These data are not confirmed."))
        trusted(self).write({"state": "reopened", "reopen_reason": reason})
        for confirmation in self:
            confirmation._message_log(
                body=Markup("%s<br/>%s")
                % (self.env._("Confirmation reopened. Reason:"), reason)
            )
        return True

    def _lock_message(self, unit):
        self.ensure_one()
        return self.env._(
            "The data of %(unit)s for %(campaign)s were confirmed by %(user)s on "
            "%(date)s: reopen the confirmation of %(servizio)s to change them.",
            unit=unit.cciaa_code or unit.name,
            campaign=self.campaign_id.name,
            user=self.confirmed_by_id.name or "?",
            date=fmt_date(self.confirmed_on.date()) if self.confirmed_on else "?",
            servizio=self.department_id.cciaa_code or self.department_id.name,
        )
