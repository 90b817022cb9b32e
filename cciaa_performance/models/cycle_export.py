from odoo import models

from ..importer.schema import (
    AGGREGATIONS,
    COMPARATORS,
    EXACT_MISS_RULES,
    MEASURES,
    MISSED_DEADLINE_RULES,
)
from ..importer.writer import write_xlsx
from .download import download
from .guard import check_groups

RESULT_HEADERS = [
    "quadrimestre",
    "livello",
    "codice",
    "unita",
    "risultato",
    "realizzazione_target",
    "realizzazione_parametrata",
    "valutabile",
    "motivo",
    "valutazione_motivata",
]


def _reverse(mapping):
    return {engine: italian for italian, engine in mapping.items()}


def _codes(units):
    return ", ".join(units.mapped("cciaa_code")) or None


def _yes(flag):
    return "si" if flag else "no"


class CciaaPerformanceCycleExport(models.AbstractModel):
    """Export of a cycle in the import format (part of the cycle model)."""

    _name = "cciaa.performance.cycle.export"
    _description = "Cycle export"

    def action_export_xlsx(self):
        """The cycle in the import format, with its computed results added.
        It holds staff registrations and schede: for those who import cycles
        (manager, SG), who read it whole once checked (employees' private
        fields are not on hr.employee.public)."""
        self.ensure_one()
        self.check_access("read")
        check_groups(
            self.env,
            "cciaa_performance.group_sg,cciaa_performance.group_manager",
            self.env._(
                "Only the Segretario Generale or the performance manager exports "
                "a cycle: it holds staff data."
            ),
        )
        sheets = self.sudo()._export_sheets()
        raw = write_xlsx(sheets, {"risultati": RESULT_HEADERS})
        return download(self, f"ciclo_performance_{self.year}.xlsx", raw)

    def _export_sheets(self):
        """Sheet name → rows (header → value), the inverse of the import wizard."""
        self.ensure_one()
        measures, comparators = _reverse(MEASURES), _reverse(COMPARATORS)
        units = self.env["hr.department"].search(
            [("company_id", "=", self.company_id.id), ("cciaa_code", "!=", False)]
        )
        employees = self.env["hr.employee"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("cciaa_registration", "!=", False),
            ]
        )
        sheets = {
            "ciclo": [
                {
                    "anno": self.year,
                    "ente": self.company_id.name,
                    "tolleranza": self.tolerance,
                    "regola_scadenza_mancata": _reverse(MISSED_DEADLINE_RULES)[
                        self.missed_deadline_rule
                    ],
                    "punti_per_giorno": self.points_per_day_late,
                    "regola_uguale_mancato": _reverse(EXACT_MISS_RULES)[
                        self.exact_miss_rule
                    ],
                }
            ],
            "unita": [
                {
                    "codice": u.cciaa_code,
                    "nome": u.name,
                    "tipo": u.cciaa_kind,
                    "padre": u.parent_id.cciaa_code or None,
                    "responsabile": u.manager_id.cciaa_registration or None,
                    "valida_dal": u.cciaa_date_from or None,
                    "valida_al": u.cciaa_date_to or None,
                }
                for u in units
            ],
            "aree": [
                {
                    "codice": a.code,
                    "titolo": a.name,
                    "peso": a.weight,
                    "missioni_programmi": a.mission_programs or None,
                    "prospettive_bsc": a.bsc_perspectives or None,
                }
                for a in self.area_ids
            ],
            "obiettivi_strategici": [
                {
                    "codice": o.code,
                    "area": o.area_id.code,
                    "titolo": o.name,
                    "peso": o.weight,
                    "pira": o.pira_code or None,
                    "prospettive_bsc": o.bsc_perspectives or None,
                    "unita": _codes(o.department_ids),
                }
                for o in self.strategic_ids
            ],
            "obiettivi_operativi": [
                {
                    "codice": o.code,
                    "obiettivo_strategico": o.strategic_id.code,
                    "titolo": o.name,
                    "peso": o.weight or None,
                    "pira": o.pira_code or None,
                    "prospettive_bsc": o.bsc_perspectives or None,
                    "unita": _codes(o.department_ids),
                }
                for o in self.operational_ids
            ],
            "indicatori": [
                self._export_indicator(i, measures, comparators)
                for i in self.indicator_ids
            ],
            "dipendenti": [
                {
                    "matricola": e.cciaa_registration,
                    "nome": e.name,
                    "categoria": e.cciaa_category or None,
                    "ruolo": e.cciaa_role or None,
                }
                for e in employees
            ],
            "assegnazioni": [
                {
                    "matricola": a.employee_id.cciaa_registration,
                    "unita": a.department_id.cciaa_code,
                    "dal": a.date_from,
                    "al": a.date_to or None,
                    "partecipazione": a.participation,
                }
                for a in employees.cciaa_assignment_ids
            ],
            "misurazioni": [
                {
                    "indicatore": m.indicator_id.code,
                    "unita": m.department_id.cciaa_code,
                    "quadrimestre": m.quarter,
                    "parametro": m.parameter,
                    "valore": m.date_value if m.measure == "date" else m.value,
                    "nota": m.note or None,
                }
                for m in self.env["cciaa.performance.measurement"].search(
                    [("cycle_id", "=", self.id)]
                )
            ],
            "valutazioni_motivate": [
                {
                    "obiettivo": o._objective_code(),
                    "percentuale": o.value,
                    "motivazione": o.motivation,
                    "autore": o.author or None,
                }
                for o in self.env["cciaa.performance.override"].search(
                    [("cycle_id", "=", self.id)]
                )
            ],
            "criticita": [
                {
                    "obiettivo": (c.strategic_id or c.operational_id).code,
                    "criticita": c.issues,
                    "azioni": c.actions or None,
                }
                for c in self.env["cciaa.performance.criticita"].search(
                    [("cycle_id", "=", self.id)]
                )
            ],
            "schede": [
                self._export_scheda_line(line, comparators)
                for line in self.env["cciaa.performance.scheda.line"]
                .sudo()
                .search([("cycle_id", "=", self.id)], order="scheda_id, sequence, id")
            ],
            "risultati": [
                {
                    "quadrimestre": r.quarter,
                    "livello": r.level,
                    "codice": r.code,
                    "unita": r.unit_code or None,
                    "risultato": r.result_date or r.result_value,
                    "realizzazione_target": r.achievement,
                    "realizzazione_parametrata": r.score,
                    "valutabile": _yes(r.evaluable),
                    "motivo": r.reason or None,
                    "valutazione_motivata": r.override_motivation or None,
                }
                for r in self.result_ids
            ],
        }
        return sheets

    @staticmethod
    def _export_scheda_line(line, comparators):
        """A row of sheet ``schede``: an organisational indicator valued on a
        unit, or an own objective (own target and result; an indicator row
        with its own figures too, as the 2019 P.O.s' O2.1.4-f)."""
        own = line.kind == "own"
        is_date = bool(line.target_date or line.own_result_date)
        return {
            "matricola": line.scheda_id.employee_id.sudo().cciaa_registration,
            "indicatore": line.indicator_id.code or None,
            "obiettivo": line.name if own and not line.indicator_id else None,
            "unita": line.department_id.cciaa_code or None,
            "peso": line.weight,
            "comparatore": comparators.get(line.comparator) if own else None,
            "target": (line.target_date if is_date else line.target_value)
            if own
            else None,
            "risultato": (
                (line.own_result_date if is_date else line.own_result_value)
                if own and line.own_result_entered
                else None
            ),
            "valutatore": line.scheda_id.evaluator_id.sudo().cciaa_registration or None,
        }

    def _export_indicator(self, indicator, measures, comparators):
        targets = {t.year: t._engine_value() for t in indicator.target_ids}
        return {
            "codice": indicator.code,
            "tipo": indicator.kind,
            "obiettivo": (indicator.strategic_id or indicator.operational_id).code,
            "titolo": indicator.name,
            "algoritmo": indicator.algorithm or None,
            "misura": measures[indicator.measure],
            "comparatore": comparators[indicator.comparator],
            "target_n": targets.get(self.year),
            "target_n1": targets.get(self.year + 1),
            "target_n2": targets.get(self.year + 2),
            "parametro_1": indicator.parameter_1 or None,
            "parametro_2": indicator.parameter_2 or None,
            "unita": ", ".join(indicator.department_ids.mapped("cciaa_code")),
            "prospettiva_bsc": indicator.bsc_perspective or None,
            "piu_significativo": _yes(indicator.most_significant),
            "peso": indicator.weight or None,
            "percentuale": _yes(indicator.is_percent),
            "aggregazione": _reverse(AGGREGATIONS)[indicator.aggregation],
        }
