"""Typed inputs and outputs of the scoring engine.

This module is the contract between the engine, the Odoo models (which build
the inputs from records and store the outputs) and the reports (which render
the outputs). Plain Python only: no odoo import anywhere under ``engine/``.

Percentages are floats in percent units (95.5 means 95,5%). Dates are
``datetime.date``. Codes are the chamber's own codes (``S2.1.1-b``, ``2.1``,
``OB3``, unit codes such as ``S2``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

Number = float
Value = float | datetime.date | None


class Measure(str, Enum):
    """How the quadrimester values of one indicator × unit become a result."""

    RATIO = "ratio"  # Σ parameter 1 / Σ parameter 2 × 100 (pooled)
    COUNT = "count"  # Σ of the values
    AVERAGE = "average"  # mean of the reported quadrimesters
    DATE = "date"  # completion date (earliest reported)
    VALUE = "value"  # single value (survey %, manual figure): the latest reported


class Comparator(str, Enum):
    GE = ">="  # higher is better
    LE = "<="  # lower is better
    EQ = "="  # exactly the target
    DEADLINE = "deadline"  # date on or before the target date


class Aggregation(str, Enum):
    """How an indicator reported by several units gives the entity result
    (docs/RULES.md R2): a property of the indicator, set in the plan."""

    POOLED = "pooled"  # the measure's rule over every unit's values (Σ/Σ, Σ, …)
    SUM = "sum"  # Σ of the units' results
    MEAN = "mean"  # mean of the units' results
    MIN = "min"  # the lowest unit result (every unit counted)
    MAX = "max"  # the highest unit result (every unit counted)
    ALL_UNITS = "all_units"  # every unit must reach it: the worst unit's result
    LATEST = "latest"  # the latest unit date (every unit counted)
    EARLIEST = "earliest"  # the earliest unit date


# aggregations that make sense for each measure (the first one is the default)
AGGREGATIONS = {
    "ratio": ("pooled", "mean", "min", "max", "all_units"),
    "count": ("pooled", "sum", "mean", "min", "max", "all_units"),
    "average": ("pooled", "sum", "mean", "min", "max", "all_units"),
    "date": ("pooled", "latest", "earliest", "all_units"),
    "value": ("pooled", "sum", "mean", "min", "max", "all_units"),
}


class Level(str, Enum):
    ROW = "row"  # indicator × unit (a unit-sheet row)
    INDICATOR = "indicator"  # indicator at entity level
    IS_TOTAL = "is_total"  # mean of the strategic indicators of an OS
    OO = "oo"
    OS = "os"
    AREA = "area"
    ENTE = "ente"
    UNIT = "unit"


class Reason(str, Enum):
    """Why a figure is not evaluable (it is then excluded from roll-ups)."""

    NO_DATA = "no_data"
    ZERO_DENOMINATOR = "zero_denominator"
    NO_TARGET = "no_target"
    NO_CHILDREN = "no_children"  # every child is not evaluable
    BAD_VALUE = "bad_value"  # e.g. a number where a date is expected


@dataclass(frozen=True)
class Settings:
    """Rule settings of a cycle (docs/RULES.md R3 and R4)."""

    tolerance: Number = 90.0  # achievement ≥ tolerance counts as 100 ("parametrata")
    # missed deadline: "zero" (default) or "per_day" (lose points_per_day_late per day)
    missed_deadline_rule: str = "zero"
    points_per_day_late: Number = 1.0
    # exact (=) target missed: "distance" (R/T below, 2 − R/T above) or "zero"
    exact_miss_rule: str = "distance"


class QuadrimesterValues(NamedTuple):
    """Values of one indicator × unit for one quadrimester (1, 2 or 3).

    ``values`` holds one entry per parameter, in the indicator's parameter
    order (a ratio has two: numerator, denominator). ``None`` = not reported.
    Named tuples here and in :class:`RowInput`: a national recompute builds
    a million of them, and a frozen dataclass costs four times as much to
    make.
    """

    quadrimester: int
    values: tuple[Value, ...]


class RowInput(NamedTuple):
    """One indicator valued on one unit: a row of a unit sheet."""

    indicator: str
    unit: str
    quadrimesters: tuple[QuadrimesterValues, ...]

    @property
    def key(self) -> str:
        return f"{self.indicator}@{self.unit}"


@dataclass(frozen=True)
class IndicatorInput:
    code: str
    kind: str  # "IS", "IO" or "FRD"
    parent: str  # OS code for IS, OO code for IO and FRD
    measure: Measure
    comparator: Comparator
    target: Value
    weight: Number | None = None  # None = equal weights among siblings
    counts_in_parent: bool = True  # FRD rows do not feed their OO (docs/RULES.md R10)
    aggregation: Aggregation = Aggregation.POOLED  # entity level, several units


@dataclass(frozen=True)
class Override:
    """A "valutazione motivata": a person sets an objective's % with a reason."""

    value: Number
    motivation: str
    author: str = ""


@dataclass(frozen=True)
class ObjectiveInput:
    """An area (parent None), a strategic objective (parent = area) or an
    operational objective (parent = OS)."""

    code: str
    parent: str | None
    weight: Number | None = None
    override: Override | None = None


@dataclass(frozen=True)
class CycleInput:
    settings: Settings
    areas: tuple[ObjectiveInput, ...]
    strategic: tuple[ObjectiveInput, ...]
    operational: tuple[ObjectiveInput, ...]
    indicators: tuple[IndicatorInput, ...]
    rows: tuple[RowInput, ...]
    up_to_quadrimester: int = (
        3  # year-to-date evaluation after quadrimester I, II or III
    )


class Explanation(NamedTuple):
    """How a figure was computed ("come è stato calcolato").

    ``rule`` is a stable code (e.g. ``ratio_pooled``, ``achievement_ge``,
    ``parametrata``, ``weighted_mean``, ``override``) that the UI translates;
    ``inputs`` are (label, value) pairs; ``formula`` is the arithmetic
    actually performed with the numbers filled in.

    A named tuple, not a dataclass: every figure has one (half a million at
    national scale), and the JSON encoder writes tuples as arrays in C, so
    storing them costs no Python walk (models/explanation.py).
    """

    rule: str
    inputs: tuple[tuple[str, object], ...] = ()
    formula: str = ""
    steps: tuple[Explanation, ...] = ()


@dataclass(frozen=True)
class Figure:
    """One computed figure at any level, with its explanation.

    For ROW and INDICATOR levels ``result`` is the yearly (or year-to-date)
    result (float or date), ``achievement`` is "%Realizz target" and
    ``score`` is "% Realizz parametrata". For roll-up levels ``score`` is the
    objective's % (after override), ``computed_score`` the value before any
    override, and ``achievement``/``result`` are None.
    """

    level: Level
    code: str
    score: Number | None
    evaluable: bool = True
    reason: Reason | None = None
    result: Value = None
    achievement: Number | None = None
    computed_score: Number | None = None
    overridden: bool = False
    override_motivation: str = ""
    weight: Number | None = None  # weight within the parent, as used
    share_parent: Number | None = None  # "% su Ob pond": score × weight share
    share_ente: Number | None = None  # "% su Ente"
    unit: str | None = None
    explanation: Explanation = field(default_factory=lambda: Explanation("none"))

    @property
    def status(self) -> str | None:
        """ "reached" (100), "partial" (0 < x < 100), "not_reached" (0)."""
        if self.score is None:
            return None
        if self.score >= 100:
            return "reached"
        return "partial" if self.score > 0 else "not_reached"


@dataclass(frozen=True)
class CycleResult:
    """The one result object every screen, PDF and XLSX renders."""

    up_to_quadrimester: int
    rows: dict[str, Figure]  # key "indicator@unit"
    indicators: dict[str, Figure]  # entity level, by indicator code
    is_totals: dict[str, Figure]  # by OS code
    operational: dict[str, Figure]
    strategic: dict[str, Figure]
    areas: dict[str, Figure]
    ente: Figure
    units: dict[str, Figure]  # unit result: mean of the unit's row scores
    not_evaluable: tuple[Figure, ...] = ()
