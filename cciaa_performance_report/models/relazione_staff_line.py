from odoo import fields, models

DIMENSIONS = [
    ("headcount", "Staff in service"),
    ("category", "Category"),
    ("age", "Age class"),
    ("seniority", "Seniority"),
    ("contract", "Working time"),
    ("education", "Education"),
    ("sex", "Sex"),
]


class CciaaPerformanceRelazioneStaffLine(models.Model):
    """One cell of the staff tables of section 2.2: staff in service on
    31 December of ``year`` in one class of one dimension. Computed from the
    employees (see ``report/staff_tables.py``); a year with no employee data
    can be entered by hand, and the pre-validation checks that every table of
    a year adds up to that year's headcount."""

    _name = "cciaa.performance.relazione.staff.line"
    _description = "Relazione staff table cell"
    _inherit = ["cciaa.performance.relazione.line.mixin"]
    _order = "relazione_id, dimension, sequence, year desc"

    year = fields.Integer(required=True)
    dimension = fields.Selection(DIMENSIONS, required=True)
    key = fields.Char(required=True, help="Class code, e.g. D, 40-49, part.")
    label = fields.Char(string="Class")
    sequence = fields.Integer(default=10)
    count = fields.Integer()
    source = fields.Selection(
        [("computed", "Computed from employees"), ("entered", "Entered")],
        default="entered",
        required=True,
    )
