"""Rounding and Italian number formatting used by every level of the engine."""

from __future__ import annotations

import datetime
from functools import lru_cache
from math import floor, isfinite

_SCALE = {0: 1.0, 1: 10.0, 2: 100.0, 3: 1000.0, 4: 10000.0}
_HALF = 0.5 - 1e-7  # a tie within binary noise still rounds up


def round_half_up(value, places: int = 2):
    """Round ``value`` half-up (away from zero on a tie) to ``places`` decimals.

    Rule: results are rounded to 2 decimals *before* scoring, and every stored
    score is rounded the same way, so that screen, PDF and XLSX agree
    (docs/RULES.md R1 and R9: FRD ob2 is
    2 − 17,33/15 = 84,47%, while the unrounded mean 17,333 would give 84,44%).

    Python's ``round`` rounds half to even on the binary value (``round(2.675, 2)``
    is 2.67); the document rounds the decimal number a person reads half-up
    (97,75 → 97,8 with one decimal: the Ente figure of section 3). A computed
    tie such as 1,005 is stored in binary as 1.00499999999999989...: a
    distance to the tie below 1e-7 of the last kept digit counts as the tie,
    which absorbs that noise. The returned float is the one nearest to the
    rounded decimal (the same as ``float(Decimal(...).quantize(...))``, which
    the tests check). ``None`` and non-finite values are returned unchanged.
    Idempotent.
    """
    if value is None:
        return None
    value = float(value)
    if value.is_integer() or not isfinite(value):
        return value
    scale = _SCALE[places]
    scaled = abs(value) * scale
    whole = floor(scaled)
    if scaled - whole >= _HALF:
        whole += 1
    rounded = whole / scale  # true division: correctly rounded to the nearest double
    return rounded if value > 0 else -rounded


@lru_cache(maxsize=8192)  # formula strings repeat the same figures
def fmt_number(value, decimals: int | None = None) -> str:
    """Format a number the Italian way: ``1.234,56`` (docs/STYLE.md convention 11).

    With ``decimals`` None an integral value prints without decimals (``275``)
    and any other value with the digits it has (``8,3333333``).
    """
    kind = type(value)
    if decimals is None and (kind is int or (kind is float and value.is_integer())):
        if -1000 < value < 1000:  # fast path: no thousands separator
            return str(int(value))
        text = format(int(value), ",")
    elif kind is float and -1000 < value < 1000 and decimals is None:
        text = repr(value)
        if "e" not in text:  # fast path: shortest repr, no exponent
            return text.replace(".", ",")
        text = format(value, ",")
    elif isinstance(value, datetime.date):
        return fmt_date(value)
    elif value is None:
        return "—"
    elif decimals is None:
        if float(value).is_integer():
            text = format(int(value), ",")
        else:
            text = format(float(value), ",")
    else:
        text = format(float(value), f",.{decimals}f")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@lru_cache(maxsize=8192)
def fmt_pct(value) -> str:
    """A score or a percentage result with 2 decimals, Italian style (``94,50``)."""
    if -1000 < value < 1000:  # fast path: no thousands separator
        return f"{value:.2f}".replace(".", ",")
    return fmt_number(value, 2)


@lru_cache(maxsize=8192)
def fmt_date(value: datetime.date) -> str:
    """A date as ``dd/mm/yyyy`` (docs/STYLE.md convention 11)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def fmt_value(value) -> str:
    """A result or target: a date as ``dd/mm/yyyy``, a number Italian style."""
    if isinstance(value, datetime.date):
        return fmt_date(value)
    return fmt_number(value)
