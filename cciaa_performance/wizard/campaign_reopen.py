from odoo import fields, models


class CciaaPerformanceCampaignReopen(models.TransientModel):
    """Asks the written reason for reopening a closed campaign or a
    Servizio's confirmation; the reason is posted in the chatter."""

    _name = "cciaa.performance.campaign.reopen"
    _description = "Reopen a monitoring campaign or a confirmation"

    campaign_id = fields.Many2one(
        "cciaa.performance.campaign", required=True, readonly=True
    )
    confirmation_id = fields.Many2one(
        "cciaa.performance.campaign.confirmation", readonly=True
    )
    reason = fields.Text(
        required=True, help="Why the data must be changed after closing."
    )

    def action_reopen(self):
        self.ensure_one()
        target = self.confirmation_id or self.campaign_id
        target._reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
