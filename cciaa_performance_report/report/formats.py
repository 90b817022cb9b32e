"""The report's view of the one formatter (cciaa_performance/engine/formats.py),
and the sentence parameters of a pre-validation finding."""

from __future__ import annotations

import datetime

from odoo.addons.cciaa_performance.engine.formats import (  # noqa: F401 (re-exported)
    NOT_AVAILABLE,
    amount,
    date,
    decimal,
    fmt_date,
    number,
    pct,
    pct1,
    target,
    value,
)


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
