from odoo import api, fields, models
from odoo.exceptions import ValidationError

CATEGORIES = [("D", "D"), ("C", "C"), ("B", "B"), ("A", "A"), ("dirigente", "Manager")]


class CciaaPerformanceIncentiveCoefficient(models.Model):
    """The coefficient of a staff category in a fund (parametro di categoria)."""

    _name = "cciaa.performance.incentive.coefficient"
    _description = "Incentive category coefficient"
    _order = "fund_id, category"

    fund_id = fields.Many2one(
        "cciaa.performance.incentive.fund",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    category = fields.Selection(CATEGORIES, required=True)
    coefficient = fields.Float(required=True, default=1.0, digits=(16, 4))

    _sql_constraints = [
        ("category_uniq", "unique(fund_id, category)", "One coefficient per category."),
    ]

    @api.constrains("coefficient")
    def _check_coefficient(self):
        for line in self:
            if line.coefficient < 0:
                raise ValidationError(
                    self.env._(
                        "The coefficient of category %(category)s cannot be negative.",
                        category=line.category,
                    )
                )

    def write(self, vals):
        self.fund_id._check_unlocked()
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.fund_id._check_unlocked()
        return lines

    def unlink(self):
        self.fund_id._check_unlocked()
        return super().unlink()
