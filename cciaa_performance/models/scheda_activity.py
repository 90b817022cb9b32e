from odoo import models

from . import handoff

HR_GROUP = "cciaa_performance.group_hr"


class CciaaPerformanceScheda(models.Model):
    """The hand-offs of the individual evaluation: each step tells the next
    person (docs/DOMAIN.md "Pay"). The steps' own checks run first (super);
    an activity is scheduled only for a step that was allowed."""

    _inherit = "cciaa.performance.scheda"

    def _handoff_evaluators(self):
        """Who evaluates: the evaluator; HR for the Segretario Generale's
        scheda, which has none (it is evaluated on the OIV's proposal)."""
        self.ensure_one()
        if self.evaluator_user_id:
            return self.evaluator_user_id
        return (
            handoff.users_of(self.env, HR_GROUP, self.company_id)
            - self.employee_user_id
        )

    def action_assign(self):
        result = super().action_assign()
        handoff.schedule(
            self, "cciaa_performance.scheda_acknowledge", lambda s: s.employee_user_id
        )
        return result

    def action_acknowledge(self):
        result = super().action_acknowledge()
        handoff.done(self, "cciaa_performance.scheda_acknowledge")
        handoff.schedule(
            self, "cciaa_performance.scheda_evaluate", lambda s: s._handoff_evaluators()
        )
        return result

    def action_evaluate(self):
        result = super().action_evaluate()
        handoff.done(self, "cciaa_performance.scheda_evaluate")
        handoff.schedule(
            self, "cciaa_performance.scheda_respond", lambda s: s.employee_user_id
        )
        return result

    def action_accept(self):
        result = super().action_accept()
        self._handoff_responded()
        return result

    def action_file_observations(self):
        result = super().action_file_observations()
        self._handoff_responded()
        return result

    def _handoff_responded(self):
        handoff.done(self, "cciaa_performance.scheda_respond")
        handoff.schedule(
            self, "cciaa_performance.scheda_finalise", lambda s: s._handoff_evaluators()
        )

    def action_finalise(self):
        result = super().action_finalise()
        handoff.done(self, "cciaa_performance.scheda_finalise")
        return result

    def action_reset_to_draft(self):
        # the objectives change: neither the presa visione nor the evaluation
        # of the old ones is due any more
        result = super().action_reset_to_draft()
        handoff.cancel(
            self,
            "cciaa_performance.scheda_acknowledge",
            "cciaa_performance.scheda_evaluate",
        )
        return result
