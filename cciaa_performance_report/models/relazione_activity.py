from odoo import models

from odoo.addons.cciaa_performance.models import handoff

OIV_GROUP = "cciaa_performance.group_oiv"


class CciaaPerformanceRelazione(models.Model):
    """The hand-off of the Relazione to the OIV: the Giunta's approval asks
    the OIV for its validation; taking the approval back withdraws it."""

    _inherit = "cciaa.performance.relazione"

    def action_approve(self):
        result = super().action_approve()
        handoff.done(self, "cciaa_performance_report.relazione_correct")
        handoff.schedule(
            self,
            "cciaa_performance_report.relazione_validate",
            lambda r: handoff.users_of(self.env, OIV_GROUP, r.company_id),
        )
        return result

    def action_reset_draft(self):
        result = super().action_reset_draft()
        handoff.cancel(self, "cciaa_performance_report.relazione_validate")
        return result

    def _handoff_reopened(self):
        """The SG reopened the validation (cycle._unvalidate): nothing is to
        be published, the OIV validates again."""
        handoff.cancel(self, "cciaa_performance_report.relazione_publish")
        handoff.schedule(
            self,
            "cciaa_performance_report.relazione_validate",
            lambda r: handoff.users_of(self.env, OIV_GROUP, r.company_id),
        )

    def action_publish(self):
        result = super().action_publish()
        handoff.done(self, "cciaa_performance_report.relazione_publish")
        return result
