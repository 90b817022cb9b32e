"""Fast constructor of the frozen Figure dataclass, for the per-row hot path.

A frozen dataclass ``__init__`` sets every field through ``object.__setattr__``:
for :class:`~.types.Figure` (15 fields) that is about 1,8 µs, four times the
cost of filling the instance ``__dict__`` directly. With 100,000 rows this is
a noticeable part of the run time. The objects built here are ordinary
instances, equal to the ones the constructor builds
(``tests/engine/test_build.py`` checks it), still frozen for callers. If the
class ever stops having an instance ``__dict__`` (e.g. ``slots=True``) the
regular constructor is used. Explanations are named tuples, built fast by
their own constructor (``explanation`` below is the class).
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
        expl = Explanation("x", (("a", 1),), "f", ())
        fig = _fast_row_figure("row", "c", 1.0, None, 1.0, 1.0, "U", expl)
        return fig == _slow_row_figure("row", "c", 1.0, None, 1.0, 1.0, "U", expl)
    except (AttributeError, TypeError):
        return False


explanation = Explanation
if _fast_path_works():
    row_figure = _fast_row_figure
else:  # pragma: no cover - only if types.py changes its dataclass options
    row_figure = _slow_row_figure
