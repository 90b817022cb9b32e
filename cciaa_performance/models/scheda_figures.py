"""The figures of a scheda: its phases from the assignments, the checks of
its units, the rows read from the cycle's stored results and scored by the
engine (engine/individual.py), and the rows as the documents print them.
Part of the scheda model (named in its ``_inherit``)."""

import datetime

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.float_utils import float_compare

from ..engine import fmt_number, fmt_pct
from ..engine.individual import (
    Behaviour,
    Phase,
    SchedaInput,
    SchedaRow,
    evaluate_scheda,
)
from .explanation import explanation_dict
from .guard import trusted


def _not_evaluable_reason(explanation):
    """The reason code of a stored ``not_evaluable`` explanation of the
    engine (its ``reason`` input), or False."""
    if isinstance(explanation, dict) and explanation.get("rule") == "not_evaluable":
        return dict(explanation.get("inputs") or ()).get("reason") or False
    return False


class CciaaPerformanceSchedaFigures(models.AbstractModel):
    _name = "cciaa.performance.scheda.figures"
    _description = "Scheda: phases, figures and printed rows"

    # -- phases and checks ---------------------------------------------------

    def _year_bounds(self):
        year = self.cycle_id.year
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    def _phases(self):
        """The engine phases of the employee in the cycle's year, in date order.

        One phase per assignment overlapping the year (dates clipped to it);
        its scope is the assignment's unit and subtree, plus the units the
        employee heads during the phase and their subtrees. The SG's scope is
        the whole entity (None). Without assignments: one phase on the year,
        with the headed units as scope."""
        self.ensure_one()
        start, end = self._year_bounds()
        employee = self.employee_id.sudo()
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        headed = Department.search([("manager_id", "=", employee.id)])
        entity = self.category == "sg"

        def scope(units, date_from, date_to):
            if entity:
                return None
            valid = headed.filtered(
                lambda u: (
                    (not u.cciaa_date_from or u.cciaa_date_from <= date_to)
                    and (not u.cciaa_date_to or date_from <= u.cciaa_date_to)
                )
            )
            roots = units | valid
            tree = (
                Department.search([("id", "child_of", roots.ids)]) if roots else roots
            )
            return frozenset(str(u.id) for u in tree)

        assignments = employee.cciaa_assignment_ids.filtered(
            lambda a: a.date_from <= end and (not a.date_to or a.date_to >= start)
        ).sorted(lambda a: (a.date_from, a.id))
        if not assignments:
            unit = headed[:1]
            return [
                Phase(
                    unit.cciaa_code or unit.name or "—",
                    start,
                    end,
                    100.0,
                    scope(Department, start, end),
                )
            ]
        phases = []
        for a in assignments:
            date_from, date_to = max(a.date_from, start), min(a.date_to or end, end)
            phases.append(
                Phase(
                    a.department_id.cciaa_code or a.department_id.name,
                    date_from,
                    date_to,
                    a.participation,
                    scope(a.department_id, date_from, date_to),
                )
            )
        return phases

    def _check_units(self, lines=None):
        """Every row is valued on a unit the employee belonged to or headed."""
        for scheda in self:
            phases = scheda._phases()
            if any(p.scope is None for p in phases):
                continue
            allowed = set().union(*(p.scope for p in phases))
            for line in (lines or scheda.line_ids).filtered(
                lambda li, s=scheda: li.scheda_id == s
            ):
                key = line._unit_key()
                if key is not None and key not in allowed:
                    raise ValidationError(
                        self.env._(
                            "%(employee)s never belonged to unit %(unit)s (no "
                            "assignment there in %(year)s, not its head): objective "
                            "%(row)s cannot be valued on it.",
                            employee=scheda.employee_id.sudo().name,
                            unit=line.department_id.cciaa_code
                            or line.department_id.name,
                            year=scheda.cycle_id.year,
                            row=line.name,
                        )
                    )

    def _check_assignable(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(
                self.env._(
                    "The scheda of %(employee)s has no objective.",
                    employee=self.employee_id.sudo().name,
                )
            )
        for line in self.line_ids:
            line._check_complete()
        self._check_units()
        system = self.system_id
        if (
            system
            and system._results_share(self.category) < 100
            and not (system._behaviours_for(self.category) and system.level_ids)
        ):
            raise UserError(
                self.env._(
                    "The evaluation system gives behaviours a share for this "
                    "category but defines no behaviour or no rating scale."
                )
            )
        phases = self._phases()
        for phase in phases:
            lines = self.line_ids.filtered(lambda li, p=phase: p.covers(li._unit_key()))
            if not lines:
                continue
            total = sum(lines.mapped("weight"))
            if float_compare(total, 100.0, precision_digits=2):
                where = (
                    self.env._(
                        " in the phase %(unit)s %(start)s–%(end)s",
                        unit=phase.code,
                        start=phase.date_from.strftime("%d/%m/%Y"),
                        end=phase.date_to.strftime("%d/%m/%Y"),
                    )
                    if len(phases) > 1
                    else ""
                )
                raise UserError(
                    self.env._(
                        "The weights of the objectives of %(employee)s%(where)s "
                        "sum to %(total)s instead of 100.",
                        employee=self.employee_id.sudo().name,
                        where=where,
                        total=fmt_number(round(total, 2)),
                    )
                )

    def _create_behaviour_lines(self):
        Line = trusted(self.env["cciaa.performance.scheda.behaviour"].sudo())
        for scheda in self:
            system = scheda.system_id
            if not system or system._results_share(scheda.category) >= 100:
                continue
            present = scheda.behaviour_line_ids.behaviour_id
            Line.create(
                [
                    {"scheda_id": scheda.id, "behaviour_id": behaviour.id}
                    for behaviour in system._behaviours_for(scheda.category) - present
                ]
            )

    # -- figures -----------------------------------------------------------

    def _refresh_results(self):
        """Read the rows' figures from the cycle's stored results (latest
        quadrimester) and score each scheda with the engine."""
        Line = self.env["cciaa.performance.scheda.line"]
        for cycle in self.cycle_id:
            schede = self.filtered(lambda s, c=cycle: s.cycle_id == c)
            figures = Line._stored_figures(cycle, schede.line_ids)
            settings = cycle._engine_settings()
            for line in schede.line_ids:
                trusted(line.sudo()).write(line._figure_values(figures, settings))
            for scheda in schede:
                scheda._store_score()

    def _row_keys(self):
        """A readable, unique key per row for the explanation: "code @ unit"
        (PO 3's two O2.1.4-c rows differ by their unit), the title of an own
        objective; a repeated key gets its position."""
        self.ensure_one()
        keys, seen = {}, set()
        for index, line in enumerate(self.line_ids, start=1):
            unit = line.department_id.cciaa_code or line.department_id.name
            label = line.code or line.name or str(index)
            key = f"{label} @ {unit}" if unit else label
            if key in seen:
                key = f"{key} ({index})"
            seen.add(key)
            keys[line] = key
        return keys

    def _engine_input(self):
        self.ensure_one()
        system = self.system_id
        share = system._results_share(self.category) if system else 100.0
        keys = self._row_keys()
        rows = tuple(
            SchedaRow(
                key=keys[line],
                weight=line.weight,
                score=line.score if line.evaluable else None,
                achievement=line.achievement if line.evaluable else None,
                unit=line._unit_key(),
                label=line.code or line.name or "",
            )
            for line in self.line_ids
        )
        behaviours = tuple(
            Behaviour(
                b.behaviour_id.name,
                b.weight or None,
                b.level_id.name if b.level_id else None,
            )
            for b in self.behaviour_line_ids
        )
        scale = (
            tuple((level.name, level.value) for level in system.level_ids)
            if system
            else ()
        )
        return SchedaInput(
            rows=rows,
            results_share=share,
            behaviours=behaviours,
            scale=scale,
            phases=tuple(self._phases()),
        )

    def _store_score(self):
        self.ensure_one()
        result = evaluate_scheda(self._engine_input())
        lines = {key: line for line, key in self._row_keys().items()}
        phase_data = [
            {
                "unit": p.phase.code,
                "from": p.phase.date_from.strftime("%d/%m/%Y"),
                "to": p.phase.date_to.strftime("%d/%m/%Y"),
                "days": p.phase.days,
                "participation": p.phase.participation,
                "score": p.score,
                "rows": [lines[key].code or lines[key].name for key in p.rows],
            }
            for p in result.phases
        ]
        trusted(self.sudo()).write(
            {
                "results_score": result.results_score or 0.0,
                "behaviour_score": result.behaviour_score or 0.0,
                "final_score": result.score or 0.0,
                "final_reason": result.reason or False,
                "count_reached": result.status["reached"],
                "count_partial": result.status["partial"],
                "count_not_reached": result.status["not_reached"],
                "phase_data": phase_data,
                "explanation": explanation_dict(result.explanation),
                "figures_on": fields.Datetime.now(),
            }
        )

    # -- prepared data for reports --------------------------------------------

    def _report_rows(self):
        """The scheda's rows as printed in section 4 of the Relazione (prepared
        strings, Italian formats): code, title, algorithm, unit, weight,
        result, target, %Realizz target, % Realizz parametrata, status; for a
        row that is not evaluable "n.d." and the ``reason`` code of its
        figures' explanation (False when none is recorded)."""
        self.ensure_one()
        statuses = dict(
            self.env["cciaa.performance.scheda.line"]
            ._fields["status"]
            ._description_selection(self.env)
        )
        rows = []
        for line in self.line_ids.sorted(lambda li: (li.sequence, li.id)):
            rows.append(
                {
                    "sequence": line.sequence,
                    "kind": line.kind,
                    "code": line.code or "",
                    "title": line.name or "",
                    "algorithm": line.algorithm or "",
                    "unit": line.department_id.cciaa_code
                    or line.department_id.name
                    or "",
                    "weight": fmt_number(line.weight, 2),
                    "result": line.result_display or "",
                    "target": line.target_display or "",
                    "achievement": fmt_pct(line.achievement) + "%"
                    if line.evaluable
                    else "n.d.",
                    "score": fmt_pct(line.score) + "%" if line.evaluable else "n.d.",
                    "score_value": line.score if line.evaluable else None,
                    "reason": False
                    if line.evaluable
                    else _not_evaluable_reason(line.figures_explanation),
                    "status": line.status or False,
                    "status_label": statuses.get(line.status, ""),
                }
            )
        return rows
