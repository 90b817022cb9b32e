"""Plain functions the parts of the Relazione's data provider share: how codes
sort and BSC perspectives read, and the yearly totals of a unit-sheet row read
back from its stored explanation. No ``self``, no database: they take values
and return values."""

import datetime
import re

KIND_ORDER = {"IS": 0, "IO": 1, "FRD": 2}
# the rules of the engine that turn quadrimester values into a row result
# (cciaa_performance/engine/measures.py): their step of a row explanation
# holds the yearly totals the unit sheets print
MEASURE_RULES = (
    "ratio_pooled",
    "count_sum",
    "average_mean",
    "date_completion",
    "value_latest",
)
# reasons after which the measure step holds no total: nothing was reported,
# or a value of the wrong type stopped the computation
NO_TOTAL_REASONS = ("no_data", "bad_value")
BSC_LABELS = {
    "imprese": "Imprese, consumatori e territorio",
    "processi": "Processi interni",
    "innovazione": "Innovazione e crescita",
    "economico": "Economico-finanziaria",
}


def bsc_label(keys):
    """ "imprese, economico" -> "Imprese, consumatori e territorio / Economico-..." """
    parts = [k.strip() for k in (keys or "").split(",") if k.strip()]
    return " / ".join(BSC_LABELS.get(p, p) for p in parts)


def natural_key(code):
    """Sort codes the way people read them: 1.2 < 1.10, O2.1.4-a < O2.1.4-b."""
    return [
        int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code or "")
    ]


def measure_inputs(explanation):
    """The inputs of the measure step (one of ``MEASURE_RULES``) of a stored
    row explanation, as a dict: the explanation of a row is the chain result
    → achievement → parametrata (or ``not_evaluable`` with the steps done), so
    the step is found among the steps. Empty when there is none."""
    pending = [explanation] if isinstance(explanation, dict) else []
    while pending:
        node = pending.pop()
        if node.get("rule") in MEASURE_RULES:
            return {label: value for label, value in node.get("inputs") or ()}
        pending.extend(step for step in node.get("steps") or () if step)
    return {}


def stored_date(text):
    """A date of a stored explanation, written as ``dd/mm/yyyy``
    (cciaa_performance/models/explanation.py, ``explanation_dict``), back to
    a date; None when it is not one."""
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except (TypeError, ValueError):
        return None


def row_totals(result, measure):
    """The "TOT / MEDIA anno" of a unit-sheet row, one per parameter, as the
    engine recorded them in the stored row result: Σ numerators and Σ
    denominators of a ratio, the sum of a count, the mean of an average (the
    row result), the completion date, the latest value. None where the engine
    has no total (nothing reported, a wrong value, no stored row)."""
    params = 2 if measure == "ratio" else 1
    if not result or result.reason in NO_TOTAL_REASONS:
        return [None] * params
    inputs = measure_inputs(result.explanation)
    if measure == "ratio":
        return [inputs.get("numerator_sum"), inputs.get("denominator_sum")]
    if measure == "count":
        return [inputs.get("sum")]
    if measure == "average":
        # the engine's mean is the row result itself (its inputs: sum, values)
        return [result.result_value if "sum" in inputs else None]
    if measure == "date":
        return [stored_date(inputs.get("completion_date"))]
    return [inputs.get("value")]
