from odoo import api, fields, models
from odoo.exceptions import ValidationError

QUARTERS = [("1", "I (Jan–Apr)"), ("2", "II (May–Aug)"), ("3", "III (Sep–Dec)")]


class CciaaPerformanceMeasurement(models.Model):
    """One value entered by a unit: indicator × unit × quadrimester × parameter."""

    _name = "cciaa.performance.measurement"
    _description = "Measurement"
    _inherit = ["mail.thread"]
    _order = "cycle_id, indicator_id, department_id, quarter, parameter"

    indicator_id = fields.Many2one(
        "cciaa.performance.indicator", required=True, ondelete="cascade", index=True
    )
    cycle_id = fields.Many2one(related="indicator_id.cycle_id", store=True, index=True)
    company_id = fields.Many2one(related="indicator_id.company_id", store=True, index=True)
    department_id = fields.Many2one("hr.department", required=True, index=True, string="Unit")
    quarter = fields.Selection(QUARTERS, required=True, string="Quadrimester")
    parameter = fields.Selection(
        [("1", "Parameter 1"), ("2", "Parameter 2")], required=True, default="1"
    )
    parameter_name = fields.Char(compute="_compute_parameter_name")
    measure = fields.Selection(related="indicator_id.measure")
    value = fields.Float(digits=(16, 4), tracking=True)
    date_value = fields.Date(string="Date", tracking=True)
    note = fields.Text(tracking=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")

    _sql_constraints = [
        (
            "measurement_uniq",
            "unique(indicator_id, department_id, quarter, parameter)",
            "One value per indicator, unit, quadrimester and parameter.",
        ),
        ("value_positive", "CHECK(value >= 0)", "A measured value cannot be negative."),
    ]

    @api.depends("parameter", "indicator_id.parameter_1", "indicator_id.parameter_2")
    def _compute_parameter_name(self):
        for measurement in self:
            indicator = measurement.indicator_id
            measurement.parameter_name = (
                indicator.parameter_2 if measurement.parameter == "2" else indicator.parameter_1
            )

    def _compute_display_name(self):
        for m in self:
            m.display_name = f"{m.indicator_id.code} · {m.department_id.cciaa_code} · Q{m.quarter}"

    @api.constrains("indicator_id", "department_id", "date_value", "value", "parameter")
    def _check_value(self):
        for m in self:
            indicator = m.indicator_id
            if m.department_id not in indicator.department_ids:
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s does not report indicator %(code)s.",
                        unit=m.department_id.cciaa_code or m.department_id.name,
                        code=indicator.code,
                    )
                )
            if indicator.measure == "date":
                if not m.date_value:
                    raise ValidationError(
                        self.env._("Indicator %(code)s needs a date.", code=indicator.code)
                    )
                if m.date_value.year != indicator.cycle_id.year:
                    raise ValidationError(
                        self.env._(
                            "The date %(date)s of %(code)s is outside the cycle's year %(year)s.",
                            date=m.date_value.strftime("%d/%m/%Y"),
                            code=indicator.code,
                            year=indicator.cycle_id.year,
                        )
                    )
            if m.parameter == "2" and indicator.measure != "ratio":
                raise ValidationError(
                    self.env._("Only ratio indicators have a second parameter (%(code)s).",
                               code=indicator.code)
                )

    def _engine_value(self):
        self.ensure_one()
        return self.date_value if self.measure == "date" else self.value
