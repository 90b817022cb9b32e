from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    cciaa_registration = fields.Char(string="Registration number (matricola)", index=True)
    cciaa_role = fields.Selection(
        [("sg", "Segretario Generale"), ("po", "P.O./EQ"), ("staff", "Staff")],
        string="Performance role",
    )
    cciaa_category = fields.Selection(
        [("dirigente", "Manager"), ("D", "D"), ("C", "C"), ("B", "B"), ("A", "A")],
        string="Category (CCNL)",
    )
    cciaa_assignment_ids = fields.One2many("cciaa.performance.assignment", "employee_id")
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
            employee.cciaa_headed_unit_ids = Department.search([("manager_id", "=", employee.id)])
