"""Italian formats of the printed figures (docs/STYLE.md convention 11).

Objective-level percentages (Ente, areas, strategic and operational objectives)
are printed with one decimal, as section 3.1 of the 2019 document prints them
(97,75 → "97,8%", half-up); indicator-level figures, unit results and shares
with two ("97,41%"). Nothing is rounded before it is stored: these functions
only format the stored figures.
"""

from __future__ import annotations

import datetime

from odoo.addons.cciaa_performance.engine.rounding import (
    fmt_date,
    fmt_number,
    round_half_up,
)

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


def finding_params(params: dict) -> dict:
    """The parameters of a pre-validation finding, formatted for a sentence."""
    out = {}
    for key, raw in params.items():
        if isinstance(raw, datetime.date):
            out[key] = fmt_date(raw)
        elif isinstance(raw, bool) or raw is None:
            out[key] = raw
        elif isinstance(raw, float):
            out[key] = number(raw)
        else:
            out[key] = raw
    if "unit" in out:
        out["unit"] = f" @ {out['unit']}" if out["unit"] else ""
    for key in ("score", "expected", "value"):
        if key in params and isinstance(params[key], float) and key != "value":
            out[key] = pct(params[key], 2)
    return out
