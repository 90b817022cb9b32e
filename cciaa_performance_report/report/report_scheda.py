from odoo import api, models


class ReportScheda(models.AbstractModel):
    """The individual scheda of an employee, printed from the employee: the
    rows the scheda prepares for section 4 (``_report_rows``), through the
    data provider, for the latest cycle with results, or a "non disponibile"
    page."""

    _name = "report.cciaa_performance_report.report_scheda"
    _description = "Individual scheda report"

    @api.model
    def _get_report_values(self, docids, data=None):
        employees = self.env["hr.employee"].browse(docids)
        employees.check_access("read")
        Cycle = self.env["cciaa.performance.cycle"]
        pairs = []
        for employee in employees:
            cycle = Cycle.search(
                [
                    ("company_id", "=", (employee.company_id or self.env.company).id),
                    ("result_ids", "!=", False),
                ],
                order="year desc",
                limit=1,
            )
            pairs.append((employee, cycle, None))
        return {
            "doc_ids": docids,
            "doc_model": "hr.employee",
            "docs": employees,
            "reports": self._reports_for(pairs),
        }

    @api.model
    def _reports_for(self, pairs):
        """[(employee, cycle, scheda id or None)] -> what the template prints."""
        provider = self.env["report.cciaa_performance_report.report_relazione"]
        prepared, named = {}, {}
        reports = []
        for employee, cycle, scheda_id in pairs:
            data = None
            schede = []
            if cycle:
                if cycle.id not in prepared:
                    prepared[cycle.id] = provider._prepare_cycle(cycle)
                    # the named schede: this print is the person's own scheda
                    named[cycle.id] = provider._individual_schede(
                        cycle, prepared[cycle.id]["not_available"]
                    )
                data = prepared[cycle.id]
                schede = [
                    s
                    for s in named[cycle.id]
                    if (
                        s["scheda_id"] == scheda_id
                        if scheda_id
                        else s["employee_id"] == employee.id
                    )
                ]
            reports.append(
                {
                    "employee": employee,
                    "r": data,
                    "available": bool(data and data["individual"]["available"]),
                    "schede": schede,
                }
            )
        return reports


class ReportSchedaRecord(models.AbstractModel):
    """The same print from the scheda records themselves (Print menu of the
    scheda)."""

    _name = "report.cciaa_performance_report.report_scheda_record"
    _description = "Individual scheda report (from the scheda)"

    @api.model
    def _get_report_values(self, docids, data=None):
        schede = self.env["cciaa.performance.scheda"].browse(docids)
        schede.check_access("read")
        pairs = [(s.employee_id, s.cycle_id, s.id) for s in schede]
        return {
            "doc_ids": docids,
            "doc_model": "cciaa.performance.scheda",
            "docs": schede,
            "reports": self.env[
                "report.cciaa_performance_report.report_scheda"
            ]._reports_for(pairs),
        }
