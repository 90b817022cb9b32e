"""Fast constructors of the frozen result dataclasses, for the per-row hot path.

A frozen dataclass ``__init__`` sets every field through ``object.__setattr__``:
for :class:`~.types.Figure` (15 fields) that is about 1,8 µs, four times the
cost of filling the instance ``__dict__`` directly. With 100,000 rows (one
Figure and three Explanations each) this is a quarter of the run time. The
objects built here are ordinary instances, equal to the ones the constructors
build (``tests/engine/test_build.py`` checks it), still frozen for callers.
If the classes ever stop having an instance ``__dict__`` (e.g. ``slots=True``)
the regular constructors are used.
"""

from __future__ import annotations

import dataclasses

from .types import Explanation, Figure

_new = object.__new__


def _defaults(cls) -> dict:
    values = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            values[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            values[f.name] = None  # always passed explicitly below
        else:
            values[f.name] = None
    return values


_FIGURE_DEFAULTS = _defaults(Figure)
_EXPLANATION_DEFAULTS = _defaults(Explanation)
# fields beyond the four always passed (none today): their defaults must be set
_EXPLANATION_EXTRA = set(_EXPLANATION_DEFAULTS) != {
    "rule",
    "inputs",
    "formula",
    "steps",
}


def _fast_explanation(rule, inputs=(), formula="", steps=()):
    obj = _new(Explanation)
    values = obj.__dict__
    if _EXPLANATION_EXTRA:
        values.update(_EXPLANATION_DEFAULTS)
    values["rule"] = rule
    values["inputs"] = inputs
    values["formula"] = formula
    values["steps"] = steps
    return obj


def _fast_row_figure(level, code, score, reason, result, achievement, unit, expl):
    obj = _new(Figure)
    values = obj.__dict__
    values.update(_FIGURE_DEFAULTS)
    values["level"] = level
    values["code"] = code
    values["score"] = score
    values["evaluable"] = score is not None
    values["reason"] = reason
    values["result"] = result
    values["achievement"] = achievement
    values["unit"] = unit
    values["explanation"] = expl
    return obj


def _slow_explanation(rule, inputs=(), formula="", steps=()):
    return Explanation(rule, inputs, formula, steps)


def _slow_row_figure(level, code, score, reason, result, achievement, unit, expl):
    return Figure(
        level,
        code,
        score,
        score is not None,
        reason,
        result,
        achievement,
        unit=unit,
        explanation=expl,
    )


def _fast_path_works() -> bool:
    try:
        expl = _fast_explanation("x", (("a", 1),), "f", ())
        fig = _fast_row_figure("row", "c", 1.0, None, 1.0, 1.0, "U", expl)
        return expl == _slow_explanation("x", (("a", 1),), "f", ()) and (
            fig == _slow_row_figure("row", "c", 1.0, None, 1.0, 1.0, "U", expl)
        )
    except (AttributeError, TypeError):
        return False


if _fast_path_works():
    explanation = _fast_explanation
    row_figure = _fast_row_figure
else:  # pragma: no cover - only if types.py changes its dataclass options
    explanation = _slow_explanation
    row_figure = _slow_row_figure
