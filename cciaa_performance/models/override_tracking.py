from markupsafe import Markup

from odoo import api, models

from ..engine import fmt_pct


class CciaaPerformanceOverride(models.Model):
    """Every motivated evaluation set, changed or removed is also posted in
    the chatter of its objective, where the figure is read."""

    _inherit = "cciaa.performance.override"

    @api.model_create_multi
    def create(self, vals_list):
        overrides = super().create(vals_list)
        for override in overrides:
            override._post_on_objective(
                self.env._("Motivated evaluation set")
                if override.state == "confirmed"
                else self.env._("Motivated evaluation proposed")
            )
        return overrides

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "confirmed":
            for override in self:
                override._post_on_objective(
                    self.env._("Motivated evaluation confirmed")
                )
        if {"value", "motivation", "author"}.intersection(vals):
            for override in self:
                override._post_on_objective(self.env._("Motivated evaluation changed"))
        return result

    def unlink(self):
        for override in self:
            override._post_on_objective(self.env._("Motivated evaluation removed"))
        return super().unlink()

    def _post_on_objective(self, title):
        objective = (self.strategic_id or self.operational_id).sudo()
        body = Markup("<strong>%s</strong>: %s%%<br/>%s") % (
            title,
            fmt_pct(self.value),
            self.motivation or "",
        )
        objective._message_log(body=body)
