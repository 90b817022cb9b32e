"""The one builder of the engine's input from plain rows.

Every path that scores a cycle goes through :func:`cycle_input`: the import
preview (``importer/to_engine.py`` reads a parsed file into these rows), the
database recompute and the data-entry preview (the models read records into
these rows). So a file and the database holding the same data cannot be
scored differently. Plain Python, no odoo import.

Rows are plain tuples (:class:`AreaRow`, :class:`ObjectiveRow`,
:class:`IndicatorRow`, :class:`MeasurementRow`) whose references are codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from . import types as t
from .rounding import round_half_up


class AreaRow(NamedTuple):
    code: str
    weight: float | None


class ObjectiveRow(NamedTuple):
    """A strategic objective (parent = area) or an operational one (parent = OS)."""

    code: str
    parent: str
    weight: float | None


class IndicatorRow(NamedTuple):
    code: str
    kind: str  # IS, IO, FRD
    parent: str  # OS code for IS, OO code for IO and FRD
    measure: str  # engine value: ratio, count, average, date, value
    comparator: str  # >=, <=, =, deadline
    target: t.Value
    weight: float | None
    units: tuple[str, ...]  # reporting unit codes: one row each, reported or not
    aggregation: str = "pooled"


class MeasurementRow(NamedTuple):
    indicator: str
    unit: str
    quadrimester: int
    parameter: int  # 1, or 2 for the denominator of a ratio
    value: t.Value


def parameters(measure: str) -> int:
    return 2 if measure == "ratio" else 1


def quadrimester_values(
    measure: str, cells: Mapping
) -> tuple[t.QuadrimesterValues, ...]:
    """The quadrimesters of one indicator × unit from ``{(quadrimester, parameter):
    value}``: one entry per reported quadrimester, a missing parameter None."""
    get = cells.get
    quadrimesters = sorted({q for q, _p in cells})
    if parameters(measure) == 2:
        return tuple(
            t.QuadrimesterValues(q, (get((q, 1)), get((q, 2)))) for q in quadrimesters
        )
    return tuple(t.QuadrimesterValues(q, (get((q, 1)),)) for q in quadrimesters)


def _by_code(rows: Iterable) -> tuple:
    return tuple(sorted(rows, key=lambda row: row.code))


def unbalanced(weights: Iterable) -> bool:
    """Sibling weights that are set (one above 0) and do not sum to 100
    (docs/RULES.md R6): refused before any figure is computed from them.
    Siblings none of which weighs anything weigh the same."""
    weights = [w or 0.0 for w in weights]
    return any(weights) and round_half_up(sum(weights) - 100.0, 2) != 0


def sibling_weights(rows: Iterable, parent=lambda row: None) -> dict:
    """{code: weight as the engine reads it}. Siblings none of which carries a
    weight above 0 weigh the same (None: a database stores "no weight" as 0);
    otherwise each keeps its own, 0 included (100/0 siblings are 100/0, not
    50/50; docs/RULES.md R6)."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(parent(row), []).append(row)
    weights = {}
    for siblings in groups.values():
        weighted = any(row.weight for row in siblings)
        for row in siblings:
            weight = row.weight if weighted else None
            weights[row.code] = None if weight is None else float(weight)
    return weights


def indicator_input(row: IndicatorRow, weight: float | None) -> t.IndicatorInput:
    return t.IndicatorInput(
        code=row.code,
        kind=row.kind,
        parent=row.parent,
        measure=t.Measure(row.measure),
        comparator=t.Comparator(row.comparator),
        target=row.target,
        weight=weight,
        counts_in_parent=row.kind != "FRD",
        aggregation=t.Aggregation(row.aggregation or "pooled"),
    )


def cycle_input(
    *,
    settings: t.Settings,
    areas: Iterable[AreaRow],
    strategic: Iterable[ObjectiveRow],
    operational: Iterable[ObjectiveRow],
    indicators: Iterable[IndicatorRow],
    measurements: Iterable[MeasurementRow],
    overrides: Mapping[str, t.Override] | None = None,
    up_to_quadrimester: int = 3,
) -> t.CycleInput:
    """The engine input of a cycle, year to date after ``up_to_quadrimester``.

    One row per indicator × reporting unit, in the indicators' order and
    the units' code order: a unit that reported nothing has a row with no
    quadrimesters (not evaluable, "no data"), so it stays in its unit's
    mean, in the entity figure and on its printed sheet. A measurement of a
    unit outside the indicator's reporting units (possible only in the
    database) still gets its row: nothing entered is dropped. Measurements
    of later quadrimesters are kept; the engine reads only those up to
    ``up_to_quadrimester``.
    """
    # one order whatever the source (a file's rows, the database's order):
    # the terms of every explanation are listed in it, on every path
    areas, strategic = _by_code(areas), _by_code(strategic)
    operational, indicators = _by_code(operational), _by_code(indicators)
    overrides = overrides or {}
    measure = {i.code: i.measure for i in indicators}
    cells: dict = {}  # indicator -> unit -> {(quadrimester, parameter): value}
    # unpacked, not read by name: a MeasurementRow or a plain tuple in its
    # order (the database's ten thousand rows per chamber are plain tuples)
    for indicator, unit, quadrimester, parameter, value in measurements:
        if indicator in measure:
            cell = cells.setdefault(indicator, {}).setdefault(unit, {})
            cell[(int(quadrimester), int(parameter))] = value
    rows = []
    for ind in indicators:
        reported = cells.get(ind.code, {})
        for unit in sorted(set(ind.units) | set(reported)):
            quadrimesters = quadrimester_values(ind.measure, reported.get(unit, {}))
            rows.append(
                t.RowInput(indicator=ind.code, unit=unit, quadrimesters=quadrimesters)
            )

    def objective(row, weights, parent):
        override = overrides.get(row.code) if parent is not None else None
        return t.ObjectiveInput(row.code, parent, weights[row.code], override)

    area_w = sibling_weights(areas)
    os_w = sibling_weights(strategic, lambda r: r.parent)
    oo_w = sibling_weights(operational, lambda r: r.parent)
    # IS of an OS and counted IO of an OO are siblings; FRD weigh nothing
    ind_w = sibling_weights(
        (i for i in indicators if i.kind != "FRD"), lambda r: (r.kind, r.parent)
    )
    return t.CycleInput(
        settings=settings,
        areas=tuple(objective(a, area_w, None) for a in areas),
        strategic=tuple(objective(s, os_w, s.parent) for s in strategic),
        operational=tuple(objective(o, oo_w, o.parent) for o in operational),
        indicators=tuple(indicator_input(i, ind_w.get(i.code)) for i in indicators),
        rows=tuple(rows),
        up_to_quadrimester=up_to_quadrimester,
    )
