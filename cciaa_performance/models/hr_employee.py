from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    cciaa_registration = fields.Char(
        string="Registration number (matricola)", index=True
    )
    cciaa_role = fields.Selection(
        [("sg", "Segretario Generale"), ("po", "P.O./EQ"), ("staff", "Staff")],
        string="Performance role",
    )
    cciaa_category = fields.Selection(
        [("dirigente", "Manager"), ("D", "D"), ("C", "C"), ("B", "B"), ("A", "A")],
        string="Category (CCNL)",
    )
    # What a public administration reports on its staff (Relazione, section 2)
    # and what incentive pay pro-rates on. hr's gender and birthday are reused.
    cciaa_part_time = fields.Float(
        string="Working time %", default=100.0, help="100 = full time; 50 = half time."
    )
    cciaa_hire_date = fields.Date(string="Hired on")
    cciaa_end_date = fields.Date(string="Left on")
    cciaa_education = fields.Selection(
        [
            ("obbligo", "Compulsory schooling"),
            ("diploma", "Upper secondary diploma"),
            ("laurea", "University degree"),
            ("post_laurea", "Postgraduate"),
        ],
        string="Education",
    )
    cciaa_contract = fields.Selection(
        [("indeterminato", "Permanent"), ("determinato", "Fixed term")],
        string="Contract type",
        default="indeterminato",
    )
    cciaa_assignment_ids = fields.One2many(
        "cciaa.performance.assignment", "employee_id"
    )
    cciaa_unit_ids = fields.Many2many(
        "hr.department",
        compute="_compute_cciaa_unit_ids",
        string="Assigned units",
        help="Units the employee was ever assigned to: they enter those units' data.",
    )
    cciaa_headed_unit_ids = fields.Many2many(
        "hr.department",
        compute="_compute_cciaa_unit_ids",
        string="Headed units",
    )

    def _compute_cciaa_unit_ids(self):
        Department = self.env["hr.department"].sudo()
        for employee in self:
            employee.cciaa_unit_ids = employee.sudo().cciaa_assignment_ids.department_id
            employee.cciaa_headed_unit_ids = Department.search(
                [("manager_id", "=", employee.id)]
            )
