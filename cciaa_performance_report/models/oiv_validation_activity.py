from odoo import models

from odoo.addons.cciaa_performance.models import handoff

from .oiv_validation import POSITIVE_OUTCOMES

MANAGER_GROUP = "cciaa_performance.group_manager"


class CciaaPerformanceOivValidation(models.Model):
    """The OIV's outcome hands the Relazione back to the performance
    manager: to publish (validated) or to correct (NON VALIDA). The
    validation of the cycle asks HR for the fund
    (cciaa_performance/models/cycle_messages.py)."""

    _inherit = "cciaa.performance.oiv.validation"

    def action_validate(self):
        result = super().action_validate()
        relazioni = self.sudo().relazione_id
        handoff.done(relazioni, "cciaa_performance_report.relazione_validate")
        positive = self.filtered(lambda v: v.outcome in POSITIVE_OUTCOMES)
        for relazioni, kind in (
            (positive.sudo().relazione_id, "relazione_publish"),
            ((self - positive).sudo().relazione_id, "relazione_correct"),
        ):
            handoff.schedule(
                relazioni,
                f"cciaa_performance_report.{kind}",
                lambda r: handoff.users_of(self.env, MANAGER_GROUP, r.company_id),
            )
        return result
