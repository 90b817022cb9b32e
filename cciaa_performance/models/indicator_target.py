from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CciaaPerformanceIndicatorTarget(models.Model):
    """Target of an indicator for one year of the plan (N, N+1, N+2):
    a number or a date."""

    _name = "cciaa.performance.indicator.target"
    _description = "Indicator target"
    _inherit = ["cciaa.performance.frozen.mixin"]
    _frozen_cycle = "indicator_id.cycle_id"
    _frozen_fields = None
    _order = "indicator_id, year"

    indicator_id = fields.Many2one(
        "cciaa.performance.indicator", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="indicator_id.company_id", store=True)
    year = fields.Integer(required=True)
    value = fields.Float()  # as entered, not rounded (measurement.py)
    date_value = fields.Date(string="Date")

    _sql_constraints = [
        (
            "year_uniq",
            "unique(indicator_id, year)",
            "One target per indicator and year.",
        ),
    ]

    def _compute_display_name(self):
        lang = self.env["res.lang"]._lang_get(self.env.user.lang or "en_US")
        for target in self:
            if target.indicator_id.measure == "date":
                target.display_name = target.date_value and target.date_value.strftime(
                    lang.date_format
                )
            else:
                target.display_name = lang.format("%.2f", target.value, grouping=True)

    @api.constrains("date_value", "year", "indicator_id")
    def _check_typed(self):
        for target in self:
            is_date = target.indicator_id.measure == "date"
            if is_date and not target.date_value:
                raise ValidationError(
                    self.env._(
                        "The target of %(code)s must be a date.",
                        code=target.indicator_id.code,
                    )
                )
            if is_date and target.date_value.year not in (target.year, target.year + 1):
                raise ValidationError(
                    self.env._(
                        "The target date of %(code)s for %(year)s falls outside "
                        "that year (or the next).",
                        code=target.indicator_id.code,
                        year=target.year,
                    )
                )

    def _engine_value(self):
        self.ensure_one()
        return self.date_value if self.indicator_id.measure == "date" else self.value
