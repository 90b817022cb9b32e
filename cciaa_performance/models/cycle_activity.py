from odoo import models

from . import handoff

HR_GROUP = "cciaa_performance.group_hr"


class CciaaPerformanceCycle(models.Model):
    """Hand-off of the OIV's validation to HR: premiums may now be confirmed
    (D.Lgs. 150/2009 art. 14 c.6)."""

    _inherit = "cciaa.performance.cycle"

    def _mark_validated(self):
        result = super()._mark_validated()
        handoff.schedule(
            self,
            "cciaa_performance.cycle_fund_confirm",
            lambda c: handoff.users_of(self.env, HR_GROUP, c.company_id),
        )
        return result

    def _unvalidate(self):
        result = super()._unvalidate()
        handoff.cancel(self, "cciaa_performance.cycle_fund_confirm")
        return result
