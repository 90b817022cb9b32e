from odoo import models

from . import handoff

HR_GROUP = "cciaa_performance.group_hr"


class CciaaPerformanceIncentiveFund(models.Model):
    """Hand-offs of the fund: its confirmation closes the cycle's "confirm
    the fund" activity and asks HR for the payment."""

    _inherit = "cciaa.performance.incentive.fund"

    def action_confirm(self):
        result = super().action_confirm()
        handoff.done(self.sudo().cycle_id, "cciaa_performance.cycle_fund_confirm")
        handoff.schedule(
            self,
            "cciaa_performance.fund_pay",
            lambda f: handoff.users_of(self.env, HR_GROUP, f.company_id),
        )
        return result

    def action_mark_paid(self):
        result = super().action_mark_paid()
        handoff.done(self, "cciaa_performance.fund_pay")
        return result
