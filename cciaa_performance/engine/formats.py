"""The one formatter of the product: Italian numbers, percentages, amounts
and dates for the engine's explanations, the screens and the printed
documents (docs/STYLE.md convention 11). Plain Python, no odoo import.

The ``fmt_*`` functions print a figure with the digits it has (explanations,
formulas); the others print a stored figure as the documents do:
objective-level percentages (Ente, areas, strategic and operational
objectives) with one decimal, as section 3.1 of the 2019 document prints them
(97,75 → "97,8%", half-up), indicator-level figures, unit results and shares
with two ("97,41%"), and "n.d." where there is no figure. Nothing is rounded
before it is stored: these functions only format.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from .rounding import round_half_up


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


NOT_AVAILABLE = "n.d."


def pct(value, decimals: int = 2) -> str:
    """``97,41%`` (2 decimals) or ``97,8%`` (1 decimal); ``n.d.`` for None."""
    if value is None:
        return NOT_AVAILABLE
    return fmt_number(round_half_up(value, decimals), decimals) + "%"


def pct1(value) -> str:
    return pct(value, 1)


def amount(value) -> str:
    """``1.234,56`` (2 decimals, grouped)."""
    if value is None:
        return NOT_AVAILABLE
    return fmt_number(round_half_up(value, 2), 2)


def number(value) -> str:
    """An integral value without decimals, any other with two (``17,33``)."""
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, datetime.date):
        return fmt_date(value)
    value = round_half_up(value, 2)
    return fmt_number(value, 0 if float(value).is_integer() else 2)


def decimal(value, decimals: int = 1) -> str:
    """A measure such as an average age: ``51,5``."""
    if value is None:
        return NOT_AVAILABLE
    return fmt_number(round_half_up(value, decimals), decimals)


def date(value) -> str:
    return fmt_date(value) if value else NOT_AVAILABLE


def value(value, percent: bool = False) -> str:
    """A result or a target: a date, a percentage (``95,00%``) or a number."""
    if value is None or value is False:
        return NOT_AVAILABLE
    if isinstance(value, datetime.date):
        return fmt_date(value)
    if percent:
        return pct(value, 2)
    return number(value)


def target(value, percent: bool = False) -> str:
    """A target as the plan states it: ``80%``, ``87,50%``, ``3``, ``30/06/2019``."""
    if value is None or value is False:
        return NOT_AVAILABLE
    if isinstance(value, datetime.date):
        return fmt_date(value)
    text = number(value)
    return text + "%" if percent else text
