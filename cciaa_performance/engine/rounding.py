"""Rounding and Italian number formatting used by every level of the engine."""

from __future__ import annotations

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal

_QUANTUM = {0: Decimal("1"), 1: Decimal("0.1"), 2: Decimal("0.01"), 3: Decimal("0.001")}


def round_half_up(value, places: int = 2):
    """Round ``value`` half-up (away from zero on a tie) to ``places`` decimals.

    Rule: results are rounded to 2 decimals *before* scoring, and every stored
    score is rounded the same way, so that screen, PDF and XLSX agree
    (DOMAIN.md scoring rule 1; unit_sheets_NOTES "Formulas" 5: FRD ob2 is
    2 − 17,33/15 = 84,47%, while the unrounded mean 17,333 would give 84,44%).

    Python's ``round`` rounds half to even on the binary value (``round(2.675, 2)``
    is 2.67); the document rounds the decimal number a person reads half-up
    (97,75 → 97,8 with one decimal, the Ente figure of section 3.1). The float
    is first written with 9 decimals, which removes binary noise such as
    1.00499999999 for a computed 1,005, then quantized with ``Decimal``.
    ``None`` and non-finite values are returned unchanged. Idempotent.
    """
    if value is None:
        return None
    value = float(value)
    if value.is_integer() or not math.isfinite(value):
        return value
    return float(
        Decimal(f"{value:.9f}").quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)
    )


def fmt_number(value, decimals: int | None = None) -> str:
    """Format a number the Italian way: ``1.234,56`` (STYLE.md convention 11).

    With ``decimals`` None an integral value prints without decimals (``275``)
    and any other value with the digits it has (``8,3333333``).
    """
    if isinstance(value, datetime.date):
        return fmt_date(value)
    if value is None:
        return "—"
    if decimals is None:
        if float(value).is_integer():
            text = format(int(value), ",")
        else:
            text = format(float(value), ",")
    else:
        text = format(float(value), f",.{decimals}f")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def fmt_pct(value) -> str:
    """A score or a percentage result with 2 decimals, Italian style (``94,50``)."""
    return fmt_number(value, 2)


def fmt_date(value: datetime.date) -> str:
    """A date as ``dd/mm/yyyy`` (STYLE.md convention 11)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def fmt_value(value) -> str:
    """A result or target: a date as ``dd/mm/yyyy``, a number Italian style."""
    if isinstance(value, datetime.date):
        return fmt_date(value)
    return fmt_number(value)
