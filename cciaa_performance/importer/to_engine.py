"""Build the engine's input (engine/types.py) from a ParsedCycle.

Plain Python, no odoo import. Used by the tests and by anything that scores a
parsed file without a database; the Odoo models build the same CycleInput
from records.
"""

from __future__ import annotations

from collections import defaultdict

from ..engine import types as t
from .validate import ParsedCycle


def settings(parsed: ParsedCycle) -> t.Settings:
    c = parsed.cycle
    if c is None:
        return t.Settings()
    return t.Settings(
        tolerance=c.tolerance,
        missed_deadline_rule=c.missed_deadline_rule,
        points_per_day_late=c.points_per_day_late,
        exact_miss_rule=c.exact_miss_rule,
    )


def cycle_input(parsed: ParsedCycle, up_to_quarter: int = 3) -> t.CycleInput:
    """One RowInput per indicator × reporting unit (a unit that reported
    nothing gives a row with no quadrimesters: "no data"); measurements of
    quadrimesters after ``up_to_quarter`` are left out (year-to-date)."""
    overrides = {
        o.objective: t.Override(
            value=o.percent, motivation=o.motivation, author=o.author or ""
        )
        for o in parsed.overrides
    }
    areas = tuple(
        t.ObjectiveInput(code=a.code, parent=None, weight=a.weight)
        for a in parsed.areas
    )
    strategic = tuple(
        t.ObjectiveInput(
            code=s.code, parent=s.area, weight=s.weight, override=overrides.get(s.code)
        )
        for s in parsed.strategic
    )
    operational = tuple(
        t.ObjectiveInput(
            code=o.code,
            parent=o.strategic,
            weight=o.weight,
            override=overrides.get(o.code),
        )
        for o in parsed.operational
    )
    indicators = tuple(
        t.IndicatorInput(
            code=i.code,
            kind=i.kind,
            parent=i.objective,
            measure=t.Measure(i.measure),
            comparator=t.Comparator(i.comparator),
            target=i.target_n,
            weight=i.weight,
            counts_in_parent=i.kind != "FRD",
        )
        for i in parsed.indicators
    )
    values = defaultdict(dict)  # (indicator, unit) -> {(quarter, parameter): value}
    for m in parsed.measurements:
        if m.quarter <= up_to_quarter:
            values[(m.indicator, m.unit)][(m.quarter, m.parameter)] = m.value
    rows = []
    for i in parsed.indicators:
        n_params = i.n_parameters
        for unit in i.units:
            cells = values.get((i.code, unit), {})
            quarters = tuple(
                t.QuarterValues(
                    quarter=q,
                    values=tuple(cells.get((q, p)) for p in range(1, n_params + 1)),
                )
                for q in sorted({q for q, _p in cells})
            )
            rows.append(t.RowInput(indicator=i.code, unit=unit, quarters=quarters))
    return t.CycleInput(
        settings=settings(parsed),
        areas=areas,
        strategic=strategic,
        operational=operational,
        indicators=indicators,
        rows=tuple(rows),
        up_to_quarter=up_to_quarter,
    )
