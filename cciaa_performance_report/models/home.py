from odoo import api, models


class CciaaPerformanceHome(models.AbstractModel):
    """With the Relazione, the OIV lands on the validations it has to record."""

    _inherit = "cciaa.performance.home"

    @api.model
    def _homes(self):
        return [
            (
                role,
                group,
                "cciaa_performance_report.action_cciaa_performance_oiv_validation"
                if role == "oiv"
                else xmlid,
            )
            for role, group, xmlid in super()._homes()
        ]

    @api.model
    def _home_oiv(self, action):
        if action["res_model"] == "cciaa.performance.oiv.validation":
            return action
        return super()._home_oiv(action)
