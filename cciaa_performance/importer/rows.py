"""The typed rows of a parsed cycle file (docs/IMPORT_FORMAT.md), one class
per sheet, and the ``ParsedCycle`` that holds them. Plain Python."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CycleRow:
    year: int
    ente: str
    tolerance: float = 90.0
    missed_deadline_rule: str = "zero"
    points_per_day_late: float = 1.0
    exact_miss_rule: str = "distance"
    row: int = 2


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    parent: str | None
    head: str | None  # matricola
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    row: int


@dataclass(frozen=True)
class AreaRow:
    code: str
    title: str
    weight: float
    missions: tuple[str, ...]
    bsc: tuple[str, ...]
    row: int


@dataclass(frozen=True)
class StrategicRow:
    code: str
    area: str
    title: str
    weight: float
    pira: str | None
    bsc: tuple[str, ...]
    units: tuple[str, ...]
    row: int


@dataclass(frozen=True)
class OperationalRow:
    code: str
    strategic: str
    title: str
    weight: float | None
    pira: str | None
    bsc: tuple[str, ...]
    units: tuple[str, ...]
    row: int


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    kind: str  # IS / IO / FRD
    objective: str  # OS code for IS, OO code for IO and FRD
    title: str
    algorithm: str | None
    measure: str  # engine value: ratio, count, average, date, value
    comparator: str  # engine value: >=, <=, =, deadline
    target_n: float | datetime.date | None
    target_n1: float | datetime.date | None
    target_n2: float | datetime.date | None
    parameter_1: str | None
    parameter_2: str | None
    units: tuple[str, ...]
    bsc: str | None
    most_significant: bool
    weight: float | None
    percent: bool  # values are percentages (always true for ratio)
    row: int
    aggregation: str = "pooled"  # entity level (engine/types.py Aggregation)

    @property
    def n_parameters(self) -> int:
        return 2 if self.measure == "ratio" else 1


@dataclass(frozen=True)
class EmployeeRow:
    matricola: str
    name: str
    category: str | None
    role: str | None
    row: int


@dataclass(frozen=True)
class AssignmentRow:
    matricola: str
    unit: str
    date_from: datetime.date
    date_to: datetime.date | None
    participation: float
    row: int


@dataclass(frozen=True)
class MeasurementRow:
    indicator: str
    unit: str
    quarter: int
    parameter: int
    value: float | datetime.date
    note: str | None
    row: int


@dataclass(frozen=True)
class OverrideRow:
    objective: str
    percent: float
    motivation: str
    author: str | None
    row: int


@dataclass(frozen=True)
class CriticalityRow:
    objective: str
    issues: str
    actions: str | None
    row: int


@dataclass(frozen=True)
class SchedaLineRow:
    """An objective of an employee's scheda: an organisational indicator valued
    on a unit, or an own objective (own title, or an indicator with its own
    target and result)."""

    matricola: str
    indicator: str | None
    title: str | None
    unit: str | None
    weight: float | None
    comparator: str | None  # engine value, own objectives
    target: float | datetime.date | None
    result: float | datetime.date | None
    evaluator: str | None
    own: bool
    row: int


@dataclass
class ParsedCycle:
    cycle: CycleRow | None = None
    units: list[UnitRow] = field(default_factory=list)
    areas: list[AreaRow] = field(default_factory=list)
    strategic: list[StrategicRow] = field(default_factory=list)
    operational: list[OperationalRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    employees: list[EmployeeRow] = field(default_factory=list)
    assignments: list[AssignmentRow] = field(default_factory=list)
    measurements: list[MeasurementRow] = field(default_factory=list)
    overrides: list[OverrideRow] = field(default_factory=list)
    criticalities: list[CriticalityRow] = field(default_factory=list)
    schede: list[SchedaLineRow] = field(default_factory=list)
