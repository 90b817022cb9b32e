from odoo import api, models


class ReportUnitSheet(models.AbstractModel):
    """Unit sheets printed from the organisational units (hr.department): the
    same prepared sheets the Relazione prints, for the latest cycle of the
    unit's chamber with stored results (or the cycle in the context)."""

    _name = "report.cciaa_performance_report.report_unit_sheet"
    _description = "Unit sheet report"

    @api.model
    def _get_report_values(self, docids, data=None):
        departments = self.env["hr.department"].browse(docids)
        departments.check_access("read")
        provider = self.env["report.cciaa_performance_report.report_relazione"]
        Cycle = self.env["cciaa.performance.cycle"]
        cycle_id = (data or {}).get("cycle_id") or self.env.context.get(
            "cciaa_cycle_id"
        )
        prepared, reports = {}, []
        for department in departments:
            cycle = (
                Cycle.browse(cycle_id)
                if cycle_id
                else Cycle.search(
                    [
                        (
                            "company_id",
                            "=",
                            (department.company_id or self.env.company).id,
                        ),
                        ("result_ids", "!=", False),
                    ],
                    order="year desc",
                    limit=1,
                )
            )
            if not cycle:
                reports.append({"department": department, "r": None, "sheets": []})
                continue
            if cycle.id not in prepared:
                prepared[cycle.id] = provider._prepare_cycle(cycle)
            data_ = prepared[cycle.id]
            codes = {department.cciaa_code} | set(
                department.child_ids.mapped("cciaa_code")
            )
            sheets = [
                s
                for s in data_["unit_sheets"]
                if s["department_id"] == department.id or s["code"] in codes
            ]
            reports.append({"department": department, "r": data_, "sheets": sheets})
        return {
            "doc_ids": docids,
            "doc_model": "hr.department",
            "docs": departments,
            "reports": reports,
        }
