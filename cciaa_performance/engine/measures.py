"""Yearly (or year-to-date) result of an indicator from its quadrimester values.

Each function returns a triple ``(result, reason, explanation)``: ``result`` is
a float (rounded half-up to 2 decimals) or a date, ``reason`` is None or the
:class:`~.types.Reason` why there is no result. Only quadrimesters with
``quadrimester <= up_to_quadrimester`` are read (docs/RULES.md R8: year-to-date
scores use the closed periods so far).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from math import fsum

from ._build import explanation
from .formats import fmt_date, fmt_number, fmt_pct
from .rounding import round_half_up
from .types import Measure, QuadrimesterValues, Reason

_Date = datetime.date
_MAX_TERMS = 12  # longer sums are summarised in the formula string


def _sum(values) -> float | int:
    """Order-independent sum (``math.fsum``); an integral total stays an int."""
    total = fsum(values)
    return int(total) if total.is_integer() else total


def _is_number(value) -> bool:
    kind = type(value)
    if kind is float or kind is int:  # fast path for the common case
        return True
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_date(value):
    """A date, or None when ``value`` is not one (datetime is reduced to its date)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, _Date):
        return value
    return None


def _bad(rule: str, value, quadrimester: int):
    return (
        None,
        Reason.BAD_VALUE,
        explanation(
            rule,
            (("bad_value", value), ("quadrimester", quadrimester)),
            f"Q{quadrimester}: {value!r}",
        ),
    )


def _no_data(rule: str, up_to: int):
    return None, Reason.NO_DATA, explanation(rule, (("up_to_quadrimester", up_to),), "")


def _terms(values: Sequence, joiner: str = " + ") -> str:
    if len(values) > _MAX_TERMS:
        return f"Σ({len(values)})"
    return joiner.join(fmt_number(v) for v in values)


def ratio_pooled(
    quadrimesters: Iterable[QuadrimesterValues], up_to: int, rows: int = 1
):
    """Ratio = Σ parameter 1 / Σ parameter 2 × 100, pooled over the quadrimesters.

    Rule: docs/RULES.md R1 (ratio): in 12 of the
    34 ratio rows the pooled figure differs from the mean of the quadrimester
    ratios and the printed value is the pooled one (S1 S2.1.1-b: 27/28 = 96,43%,
    mean of ratios 96,97%). Quadrimesters with 0/0 are harmless. At entity
    level (``rows`` > 1) the same sums run over every unit and quadrimester
    (docs/RULES.md R2: pool the parameters of all reporting units; S2.1.1-b over
    S0–S5 gives 275/291 = 94,50%). Σ denominator = 0 → ZERO_DENOMINATOR; no
    value at all → NO_DATA; a date in a number cell → BAD_VALUE.
    """
    nums = []
    dens = []
    for qv in quadrimesters:
        if qv.quadrimester > up_to:
            continue
        values = qv.values
        n = values[0] if values else None
        d = values[1] if len(values) > 1 else None
        if n is not None:
            if type(n) is not int and type(n) is not float and not _is_number(n):
                return _bad("ratio_pooled", n, qv.quadrimester)
            nums.append(n)
        if d is not None:
            if type(d) is not int and type(d) is not float and not _is_number(d):
                return _bad("ratio_pooled", d, qv.quadrimester)
            dens.append(d)
    reported = bool(nums or dens)
    num = _sum(nums)
    den = _sum(dens)
    inputs = (
        ("numerator_sum", num),
        ("denominator_sum", den),
        ("up_to_quadrimester", up_to),
    )
    if rows > 1:
        inputs += (("rows", rows),)
    if not reported:
        return None, Reason.NO_DATA, explanation("ratio_pooled", inputs, "")
    if den == 0:
        formula = f"{fmt_number(num)} / 0 × 100"
        return (
            None,
            Reason.ZERO_DENOMINATOR,
            explanation("ratio_pooled", inputs, formula),
        )
    result = round_half_up(num / den * 100)
    formula = f"{fmt_number(num)} / {fmt_number(den)} × 100 = {fmt_pct(result)}"
    return result, None, explanation("ratio_pooled", inputs, formula)


def _numbers(rule: str, quadrimesters: Iterable[QuadrimesterValues], up_to: int):
    """The reported first-parameter numbers up to ``up_to``, or a BAD_VALUE triple."""
    found = []
    for qv in quadrimesters:
        if qv.quadrimester > up_to or not qv.values:
            continue
        v = qv.values[0]
        if v is None:
            continue
        if type(v) is not int and type(v) is not float and not _is_number(v):
            return None, _bad(rule, v, qv.quadrimester)
        found.append(v)
    return found, None


def count_sum(quadrimesters: Iterable[QuadrimesterValues], up_to: int, rows: int = 1):
    """Count = sum of the reported quadrimester values.

    Rule: docs/RULES.md R1 (count): result =
    q1+q2+q3 in all 28 count rows. Entity level: the sum over every unit and
    quadrimester (the entity did what its units did together). Nothing
    reported → NO_DATA (a reported 0 is a result of 0).
    """
    found, bad = _numbers("count_sum", quadrimesters, up_to)
    if bad:
        return bad
    if not found:
        return _no_data("count_sum", up_to)
    total = round_half_up(_sum(found))
    inputs = (("sum", total), ("values", len(found)), ("up_to_quadrimester", up_to))
    if rows > 1:
        inputs += (("rows", rows),)
    formula = f"{_terms(found)} = {fmt_number(total)}"
    return total, None, explanation("count_sum", inputs, formula)


def average_mean(
    quadrimesters: Iterable[QuadrimesterValues], up_to: int, rows: int = 1
):
    """Average = plain mean of the reported quadrimester values.

    Rule: docs/RULES.md R1 (average): S0 O2.1.4-e
    (15+23+13)/3 = 17,00; FRD ob2 (15+17+20)/3 = 17,33 (rounded before scoring:
    FRD ob2 scores 84,47%). S4 O3.1.3-a is printed unrounded as 8,3333333; we
    store 8,33 like every other result. Entity level: the mean over every
    reported unit-quadrimester (each report weighs the same), not the mean of
    the units' means. Unreported quadrimesters are not zeros.
    """
    found, bad = _numbers("average_mean", quadrimesters, up_to)
    if bad:
        return bad
    if not found:
        return _no_data("average_mean", up_to)
    total = _sum(found)
    result = round_half_up(total / len(found))
    inputs = (("sum", total), ("values", len(found)), ("up_to_quadrimester", up_to))
    if rows > 1:
        inputs += (("rows", rows),)
    formula = f"({_terms(found)}) / {len(found)} = {fmt_pct(result)}"
    return result, None, explanation("average_mean", inputs, formula)


def date_completion(quadrimesters: Iterable[QuadrimesterValues], up_to: int):
    """Date (one unit) = the completion date: the earliest date reported.

    Rule: docs/RULES.md R1 ("date = completion date"); the unit sheets
    print a single date across the three Dati columns (unit_sheets.json
    "merged_value"); it sits in the quadrimester that contains it. A date
    reported in a quadrimester after ``up_to`` is not yet known (NO_DATA).
    A number in a date cell → BAD_VALUE (the 2019 document prints O2.1.4-g
    as the spreadsheet serial 43697,00, docs/RULES.md C6).
    """
    best = None
    for qv in quadrimesters:
        if qv.quadrimester > up_to or not qv.values:
            continue
        v = qv.values[0]
        if v is None:
            continue
        d = _as_date(v)
        if d is None:
            return _bad("date_completion", v, qv.quadrimester)
        if best is None or d < best:
            best = d
    if best is None:
        return _no_data("date_completion", up_to)
    inputs = (("completion_date", best), ("up_to_quadrimester", up_to))
    return best, None, explanation("date_completion", inputs, fmt_date(best))


def value_latest(quadrimesters: Iterable[QuadrimesterValues], up_to: int):
    """Value (one unit) = the value of the latest quadrimester that reported one.

    Rule: docs/RULES.md R1 ("single value (survey %, manual) = the
    value"); when a value is re-measured the latest measurement is the current
    one. Rounded half-up to 2 decimals like every result.
    """
    best_q = 0
    best = None
    for qv in quadrimesters:
        if qv.quadrimester > up_to or not qv.values:
            continue
        v = qv.values[0]
        if v is None:
            continue
        if not _is_number(v):
            return _bad("value_latest", v, qv.quadrimester)
        if qv.quadrimester >= best_q:
            best_q, best = qv.quadrimester, v
    if best is None:
        return _no_data("value_latest", up_to)
    result = round_half_up(best)
    inputs = (("value", best), ("quadrimester", best_q), ("up_to_quadrimester", up_to))
    return (
        result,
        None,
        explanation("value_latest", inputs, f"Q{best_q}: {fmt_number(result)}"),
    )


def row_result(
    measure: Measure, quadrimesters: Sequence[QuadrimesterValues], up_to: int
):
    """Result of one indicator on one unit (a unit-sheet row), year to date.

    Dispatches on the measure type: :func:`ratio_pooled`, :func:`count_sum`,
    :func:`average_mean`, :func:`date_completion`, :func:`value_latest`
    (docs/RULES.md R1: all 88 rows reproduced).
    """
    if measure == Measure.RATIO:
        return ratio_pooled(quadrimesters, up_to)
    if measure == Measure.COUNT:
        return count_sum(quadrimesters, up_to)
    if measure == Measure.AVERAGE:
        return average_mean(quadrimesters, up_to)
    if measure == Measure.DATE:
        return date_completion(quadrimesters, up_to)
    if measure == Measure.VALUE:
        return value_latest(quadrimesters, up_to)
    raise ValueError(f"unknown measure {measure!r}")


def entity_result(
    measure: Measure,
    rows_quadrimesters: Sequence[Sequence[QuadrimesterValues]],
    up_to: int,
):
    """Entity-level result of an indicator reported by one or more units.

    Rules (docs/RULES.md R2: pool the parameters of all reporting
    units, or aggregate by measure type):

    * ratio: Σ numerators / Σ denominators over every unit and quadrimester
      (docs/RULES.md C3: S2.1.1-b over S0–S5 = 275/291 = 94,50%;
      the document prints 94,63% and 94,59%, which disagree with each other and
      with its own unit sheets);
    * count: the sum over units; average: the mean over every reported
      unit-quadrimester;
    * date: the *latest* of the units' completion dates, because the entity has
      done the task only when its last unit has; while any reporting unit has
      no date yet the entity has none either (NO_DATA);
    * value: the mean of the units' latest values (units without a value are
      left out).

    With a single row this equals :func:`row_result`.
    """
    n = len(rows_quadrimesters)
    if n == 1:
        return row_result(measure, rows_quadrimesters[0], up_to)
    if measure in (Measure.RATIO, Measure.COUNT, Measure.AVERAGE):
        flat = [qv for quadrimesters in rows_quadrimesters for qv in quadrimesters]
        if measure == Measure.RATIO:
            return ratio_pooled(flat, up_to, rows=n)
        if measure == Measure.COUNT:
            return count_sum(flat, up_to, rows=n)
        return average_mean(flat, up_to, rows=n)
    if measure == Measure.DATE:
        dates = []
        missing = 0
        for quadrimesters in rows_quadrimesters:
            result, reason, expl = date_completion(quadrimesters, up_to)
            if reason is Reason.BAD_VALUE:
                return result, reason, expl
            if reason is None:
                dates.append(result)
            else:
                missing += 1
        inputs = (
            ("rows", n),
            ("rows_without_date", missing),
            ("up_to_quadrimester", up_to),
        )
        if missing or not dates:
            return None, Reason.NO_DATA, explanation("date_completion", inputs, "")
        last = max(dates)
        formula = f"max({_terms(dates, '; ')}) = {fmt_date(last)}"
        return (
            last,
            None,
            explanation(
                "date_completion", (("completion_date", last),) + inputs, formula
            ),
        )
    if measure == Measure.VALUE:
        values = []
        for quadrimesters in rows_quadrimesters:
            result, reason, expl = value_latest(quadrimesters, up_to)
            if reason is Reason.BAD_VALUE:
                return result, reason, expl
            if reason is None:
                values.append(result)
        if not values:
            return _no_data("value_latest", up_to)
        result = round_half_up(_sum(values) / len(values))
        inputs = (
            ("sum", _sum(values)),
            ("values", len(values)),
            ("rows", n),
            ("up_to_quadrimester", up_to),
        )
        formula = f"({_terms(values)}) / {len(values)} = {fmt_pct(result)}"
        return result, None, explanation("value_latest", inputs, formula)
    raise ValueError(f"unknown measure {measure!r}")


_EVERY_UNIT = {"min", "max", "all_units", "latest"}  # a missing unit leaves n.d.


def units_result(aggregation: str, rows: Sequence[tuple[str, object, Reason | None]]):
    """Entity result of an indicator from its units' results, for every
    aggregation but ``pooled`` (docs/RULES.md R2).

    ``rows`` are ``(unit, result, reason)`` of the unit rows, already scored
    (``all_units`` is resolved by the caller, who knows the achievements).
    ``sum``, ``mean`` and ``earliest`` use the units that have a result;
    ``min``, ``max`` and ``latest`` need every unit, because the entity has
    reached the figure only once its last unit has (2019: O2.1.4-d is
    printed as the minimum over the six offices, 2). A unit with a wrong
    value makes the entity figure wrong too (BAD_VALUE).
    """
    rule = f"units_{aggregation}"
    n = len(rows)
    found = []
    for unit, result, reason in rows:
        if reason is Reason.BAD_VALUE:
            return None, reason, explanation(rule, (("bad_value", unit),), unit)
        if reason is None:
            found.append((unit, result))
    missing = n - len(found)
    inputs = (("rows", n), ("rows_without_result", missing))
    if not found or (missing and aggregation in _EVERY_UNIT):
        return None, Reason.NO_DATA, explanation(rule, inputs, "")
    values = [v for _u, v in found]
    terms = tuple(found)
    if aggregation in ("latest", "earliest"):
        result = max(values) if aggregation == "latest" else min(values)
        shown = "; ".join(fmt_date(v) for v in values[:_MAX_TERMS])
        name = "max" if aggregation == "latest" else "min"
        formula = f"{name}({shown}) = {fmt_date(result)}"
    elif aggregation == "sum":
        result = round_half_up(_sum(values))
        formula = f"{_terms(values)} = {fmt_number(result)}"
    elif aggregation == "mean":
        result = round_half_up(_sum(values) / len(values))
        formula = f"({_terms(values)}) / {len(values)} = {fmt_number(result)}"
    elif aggregation in ("min", "max"):
        result = min(values) if aggregation == "min" else max(values)
        formula = f"{aggregation}({_terms(values, '; ')}) = {fmt_number(result)}"
    else:
        raise ValueError(f"unknown aggregation {aggregation!r}")
    return result, None, explanation(rule, inputs + (("units", terms),), formula)
