from odoo import fields, models

from ..report.staff_tables import GENDER_INDICATORS

INDICATORS = [
    ("pct_female_managers", "% of women among managers"),
    ("pct_female", "% of women in the staff"),
    ("pct_female_permanent", "% of women on permanent contracts"),
    ("pay_female", "Average recurring pay, women (non managers)"),
    ("pay_male", "Average recurring pay, men (non managers)"),
    ("avg_age_female", "Average age, women"),
    ("avg_age_male", "Average age, men"),
    ("pct_female_graduates", "% of graduates among women"),
    ("pct_male_graduates", "% of graduates among men"),
]
assert [k for k, _l in INDICATORS] == [g[0] for g in GENDER_INDICATORS]


class CciaaPerformanceRelazioneGenderLine(models.Model):
    """A cell of the gender table of section 3.4: computed from the employees
    where the data exist (shares, ages, graduates), entered otherwise (pay, and
    the years before the staff data)."""

    _name = "cciaa.performance.relazione.gender.line"
    _description = "Relazione gender table cell"
    _inherit = ["cciaa.performance.relazione.line.mixin"]
    _order = "relazione_id, indicator, year"

    year = fields.Integer(required=True)
    indicator = fields.Selection(INDICATORS, required=True)
    value = fields.Float(digits=(16, 2))
    no_data = fields.Boolean(
        help="Computed, but nobody to compute it on (e.g. no managers)."
    )
    source = fields.Selection(
        [("computed", "Computed from employees"), ("entered", "Entered")],
        default="entered",
        required=True,
    )

    _sql_constraints = [
        (
            "cell_uniq",
            "unique(relazione_id, indicator, year)",
            "One value per indicator and year.",
        ),
    ]
