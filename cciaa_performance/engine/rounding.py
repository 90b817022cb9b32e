"""Half-up rounding used by every level of the engine (formats.py prints)."""

from __future__ import annotations

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
