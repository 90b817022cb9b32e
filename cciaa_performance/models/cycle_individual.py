from odoo import fields, models

from ..engine import status_counts
from .scheda import OPEN_STATES


class CciaaPerformanceCycleIndividual(models.AbstractModel):
    """Individual evaluation and incentive pay of a cycle: the evaluation
    system, the schede, the funds, and section 4's summary (part of the
    cycle model)."""

    _name = "cciaa.performance.cycle.individual"
    _description = "Cycle: individual evaluation"

    evaluation_system_ids = fields.One2many(
        "cciaa.performance.evaluation.system", "cycle_id", string="Evaluation system"
    )
    scheda_ids = fields.One2many(
        "cciaa.performance.scheda", "cycle_id", string="Schede"
    )
    scheda_count = fields.Integer(compute="_compute_scheda_count")
    incentive_fund_ids = fields.One2many(
        "cciaa.performance.incentive.fund", "cycle_id", string="Incentive funds"
    )

    def _compute_scheda_count(self):
        counts = dict(
            self.env["cciaa.performance.scheda"]._read_group(
                [("cycle_id", "in", self.ids)], ["cycle_id"], ["__count"]
            )
        )
        for cycle in self:
            cycle.scheda_count = counts.get(cycle, 0)

    def _refresh_schede(self):
        schede = (
            self.env["cciaa.performance.scheda"]
            .sudo()
            .search([("cycle_id", "in", self.ids), ("state", "in", OPEN_STATES)])
        )
        schede._refresh_results()

    def action_open_schede(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_scheda"
        )
        action["domain"] = [("cycle_id", "=", self.id)]
        action["context"] = {"default_cycle_id": self.id}
        return action

    def _individual_summary(self):
        """Section 4 of the Relazione, prepared: objectives reached / partially /
        not reached, count and %, for the dirigenti (the SG's scheda) and for
        the P.O.; every row counts, the same indicator on two units twice (as
        the 2019 document counts PO 3's O2.1.4-c). Also each scheda's printed
        rows (:meth:`~.scheda.CciaaPerformanceScheda._report_rows`).

        Returns ``{"dirigenti": counts, "po": counts, "staff": counts,
        "schede": [{"employee", "registration", "category", "unit", "state",
        "final_score", "rows"}]}``; counts are :func:`~..engine.status_counts`
        dicts (``reached``, ``partial``, ``not_reached``, ``not_evaluable``,
        ``total`` and the three ``*_pct``)."""
        self.ensure_one()
        schede = self.env["cciaa.performance.scheda"].search(
            [("cycle_id", "=", self.id)], order="category, employee_id"
        )
        by_category = {"sg": [], "po": [], "staff": []}
        printed = []
        for scheda in schede:
            rows = scheda._report_rows()
            by_category[scheda.category].extend(row["score_value"] for row in rows)
            phases = scheda.phase_data or []
            printed.append(
                {
                    "employee": scheda.employee_id.sudo().name,
                    "registration": scheda.registration or "",
                    "category": scheda.category,
                    "unit": phases[-1]["unit"] if phases else "",
                    "state": scheda.state,
                    "final_score": scheda.final_score
                    if not scheda.final_reason
                    else None,
                    "rows": rows,
                }
            )
        return {
            "dirigenti": status_counts(by_category["sg"]),
            "po": status_counts(by_category["po"]),
            "staff": status_counts(by_category["staff"]),
            "schede": printed,
        }
