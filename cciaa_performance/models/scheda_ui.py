from odoo import api, fields, models


class CciaaPerformanceSchedaUi(models.AbstractModel):
    """Which of the scheda's buttons the current user may press: the same
    tests as the action methods (scheda.py), which still check on their own;
    these flags only hide what the server would refuse. A part of the
    scheda, named in its ``_inherit``."""

    _name = "cciaa.performance.scheda.ui"
    _description = "Scheda: what the current user may do"
    # the systray's activities open the schede as cards, by state
    _systray_view = "kanban"

    user_is_employee = fields.Boolean(compute="_compute_user_flags")
    user_can_evaluate = fields.Boolean(compute="_compute_user_flags")

    @api.depends_context("uid")
    def _compute_user_flags(self):
        hr = self._is_hr()
        for scheda in self:
            own = scheda._is_employee()
            scheda.user_is_employee = own
            scheda.user_can_evaluate = not own and (hr or scheda._is_evaluator())
