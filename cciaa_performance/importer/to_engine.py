"""Build the engine's input (engine/types.py) from a ParsedCycle.

Plain Python, no odoo import. The import preview and the tests score a parsed
file with it; the database reads records into the same plain rows
(engine/build.py), so both paths build the engine input in one place.
"""

from __future__ import annotations

from ..engine import build
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


def cycle_input(parsed: ParsedCycle, up_to_quadrimester: int = 3) -> t.CycleInput:
    """The engine input of a parsed file, through the one builder
    (engine/build.py) the database path uses too."""
    return build.cycle_input(
        settings=settings(parsed),
        areas=(build.AreaRow(a.code, a.weight) for a in parsed.areas),
        strategic=(
            build.ObjectiveRow(s.code, s.area, s.weight) for s in parsed.strategic
        ),
        operational=(
            build.ObjectiveRow(o.code, o.strategic, o.weight)
            for o in parsed.operational
        ),
        indicators=(
            build.IndicatorRow(
                code=i.code,
                kind=i.kind,
                parent=i.objective,
                measure=i.measure,
                comparator=i.comparator,
                target=i.target_n,
                weight=i.weight,
                units=tuple(i.units),
                aggregation=i.aggregation,
            )
            for i in parsed.indicators
        ),
        measurements=(
            build.MeasurementRow(m.indicator, m.unit, m.quarter, m.parameter, m.value)
            for m in parsed.measurements
        ),
        overrides={
            o.objective: t.Override(
                value=o.percent, motivation=o.motivation, author=o.author or ""
            )
            for o in parsed.overrides
        },
        up_to_quadrimester=up_to_quadrimester,
    )
