from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.float_utils import float_compare


class CciaaPerformanceAssignment(models.Model):
    """Staff assignment: employee × unit × date range × participation %."""

    _name = "cciaa.performance.assignment"
    _description = "Staff assignment"
    _order = "employee_id, date_from"

    employee_id = fields.Many2one(
        "hr.employee", required=True, ondelete="cascade", index=True
    )
    department_id = fields.Many2one(
        "hr.department", required=True, index=True, string="Unit"
    )
    company_id = fields.Many2one(related="employee_id.company_id", store=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date()
    participation = fields.Float(string="Participation %", default=100.0)

    _sql_constraints = [
        (
            "participation_range",
            "CHECK(participation > 0 AND participation <= 100)",
            "Participation is above 0% and at most 100%.",
        ),
        (
            "dates_order",
            "CHECK(date_to IS NULL OR date_to >= date_from)",
            "An assignment ends after it starts.",
        ),
    ]

    @api.constrains("employee_id", "date_from", "date_to", "participation")
    def _check_overlap(self):
        """An employee's overlapping assignments may not exceed 100% on any day."""
        for employee in self.employee_id:
            assignments = self.search([("employee_id", "=", employee.id)])
            for day in set(assignments.mapped("date_from")):
                total = sum(
                    a.participation
                    for a in assignments
                    if a.date_from <= day and (not a.date_to or day <= a.date_to)
                )
                if float_compare(total, 100.0, precision_digits=2) > 0:
                    raise ValidationError(
                        self.env._(
                            "%(employee)s is assigned for %(total)s%% on %(day)s: "
                            "at most 100%% is allowed.",
                            employee=employee.name,
                            total=round(total, 2),
                            day=day.strftime("%d/%m/%Y"),
                        )
                    )
