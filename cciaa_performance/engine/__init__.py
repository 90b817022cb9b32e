"""Scoring engine of the performance cycle: plain Python, no odoo import.

The Odoo models build a :class:`~.types.CycleInput` from records, call
:func:`evaluate_cycle` and store the :class:`~.types.CycleResult`; the
reports render that same result object.
"""

from .achievement import achievement, deviation, parametrata, shortfall
from .aggregation import status_counts, weighted_mean
from . import build, formats
from .cycle import ENTE_CODE, evaluate_cycle, evaluate_row, paused_gc
from .measures import entity_result, row_result
from .formats import fmt_date, fmt_number, fmt_pct, fmt_value
from .rounding import round_half_up
from .types import (
    Aggregation,
    Comparator,
    CycleInput,
    CycleResult,
    Explanation,
    Figure,
    IndicatorInput,
    Level,
    Measure,
    ObjectiveInput,
    Override,
    QuadrimesterValues,
    Reason,
    RowInput,
    Settings,
)

__all__ = [
    "build",
    "formats",
    "ENTE_CODE",
    "Aggregation",
    "Comparator",
    "CycleInput",
    "CycleResult",
    "Explanation",
    "Figure",
    "IndicatorInput",
    "Level",
    "Measure",
    "ObjectiveInput",
    "Override",
    "QuadrimesterValues",
    "Reason",
    "RowInput",
    "Settings",
    "achievement",
    "deviation",
    "shortfall",
    "entity_result",
    "evaluate_cycle",
    "evaluate_row",
    "fmt_date",
    "fmt_number",
    "fmt_pct",
    "fmt_value",
    "parametrata",
    "paused_gc",
    "round_half_up",
    "row_result",
    "status_counts",
    "weighted_mean",
]
