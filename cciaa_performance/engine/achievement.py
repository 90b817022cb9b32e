"""Achievement of the target ("%Realizz target") and the tolerance rule
("% Realizz parametrata"). Each function returns ``(value, reason, explanation)``."""

from __future__ import annotations

import datetime

from ._build import explanation
from .formats import fmt_date, fmt_number, fmt_pct
from .rounding import round_half_up
from .types import Comparator, Reason, Settings

_RULE = {
    Comparator.GE: "achievement_ge",
    Comparator.LE: "achievement_le",
    Comparator.EQ: "achievement_eq",
    Comparator.DEADLINE: "deadline",
}
MISSED_DEADLINE_RULES = ("zero", "per_day")
EXACT_MISS_RULES = ("distance", "zero")


def _is_number(value) -> bool:
    kind = type(value)
    if kind is float or kind is int:  # fast path for the common case
        return True
    return isinstance(value, int | float) and not isinstance(value, bool)


def _clamp(value: float) -> float:
    """Clamp to [0, 100] then round half-up: nothing exceeds 100 (docs/RULES.md R3)."""
    if value > 100:
        return 100.0
    if value < 0:
        return 0.0
    return round_half_up(value)


def _higher_missed(result: float, target: float) -> tuple[float, str]:
    """R/T × 100 (O2.1.3-g: 87,80/90 = 97,56); a target ≤ 0 missed scores 0."""
    if target <= 0:
        return 0.0, f"{fmt_number(result)} < {fmt_number(target)} → 0"
    value = _clamp(result / target * 100)
    return (
        value,
        f"{fmt_number(result)} / {fmt_number(target)} × 100 = {fmt_pct(value)}",
    )


def _lower_missed(result: float, target: float) -> tuple[float, str]:
    """(2 − R/T) × 100 floored at 0 (FRD ob2: 2 − 17,33/15 = 84,47).

    A missed target ≤ 0 scores 0."""
    if target <= 0:
        return 0.0, f"{fmt_number(result)} > {fmt_number(target)} → 0"
    value = _clamp((2 - result / target) * 100)
    ratio = f"{fmt_number(result)} / {fmt_number(target)}"
    return value, f"max(0; (2 − {ratio}) × 100) = {fmt_pct(value)}"


def achievement(comparator: Comparator, result, target, settings: Settings):
    """%Realizz target of a result against its target, in [0, 100], 2 decimals.

    Rules (docs/RULES.md R3, with the 2019 evidence; C12 for what 2019
    does not evidence):

    * target met → 100;
    * ``>=`` missed → R/T × 100 (S5 O2.1.3-g: 87,80/90 = 97,56; FRD ob1
      93,95/100 = 93,95); with a target ≤ 0 a miss scores 0 (no division by 0:
      target 0 is met by any R ≥ 0);
    * ``<=`` missed → (2 − R/T) × 100 floored at 0 (FRD ob2: 2 − 17,33/15 =
      84,47); with a target ≤ 0 a miss scores 0 (R ≤ 0 met);
    * ``=``: met only when R == T (T rounded like R). A miss follows
      ``settings.exact_miss_rule``: "distance" scores below like ``>=`` (R/T)
      and above like ``<=`` (2 − R/T); "zero" scores 0. 2019 has no exact miss
      except FRD ob1 (= 100%, 93,95 → 93,95, the "distance" rule);
    * deadline: met when the date is on or before the target date (inclusive:
      seven 2019 rows are completed exactly on their deadline and score 100).
      A miss follows ``settings.missed_deadline_rule``: "zero" (default, 0) or
      "per_day" (100 − days late × ``points_per_day_late``, floored at 0).

    The result must already be rounded (rule 1). Target None → NO_TARGET; a
    date compared as a number or a number as a date → BAD_VALUE.
    """
    rule = _RULE[comparator]
    inputs = (("result", result), ("target", target))
    if target is None:
        return None, Reason.NO_TARGET, explanation(rule, inputs, "")
    if comparator == Comparator.DEADLINE:
        if not isinstance(result, datetime.date) or not isinstance(
            target, datetime.date
        ):
            return None, Reason.BAD_VALUE, explanation(rule, inputs, "")
        if isinstance(result, datetime.datetime):
            result = result.date()
        if isinstance(target, datetime.datetime):
            target = target.date()
        if result <= target:
            return (
                100.0,
                None,
                explanation(
                    rule, inputs, f"{fmt_date(result)} ≤ {fmt_date(target)} → 100"
                ),
            )
        days = (result - target).days
        inputs += (
            ("days_late", days),
            ("missed_deadline_rule", settings.missed_deadline_rule),
        )
        if settings.missed_deadline_rule == "per_day":
            points = settings.points_per_day_late
            value = _clamp(100 - days * points)
            inputs += (("points_per_day_late", points),)
            formula = f"max(0; 100 − {days} × {fmt_number(points)}) = {fmt_pct(value)}"
        else:
            value = 0.0
            formula = f"{fmt_date(result)} > {fmt_date(target)} → 0"
        return value, None, explanation(rule, inputs, formula)
    if not _is_number(result) or not _is_number(target):
        return None, Reason.BAD_VALUE, explanation(rule, inputs, "")
    if comparator == Comparator.GE:
        if result >= target:
            return (
                100.0,
                None,
                explanation(
                    rule, inputs, f"{fmt_number(result)} ≥ {fmt_number(target)} → 100"
                ),
            )
        value, formula = _higher_missed(result, target)
        return value, None, explanation(rule, inputs, formula)
    if comparator == Comparator.LE:
        if result <= target:
            return (
                100.0,
                None,
                explanation(
                    rule, inputs, f"{fmt_number(result)} ≤ {fmt_number(target)} → 100"
                ),
            )
        value, formula = _lower_missed(result, target)
        return value, None, explanation(rule, inputs, formula)
    # Comparator.EQ
    if result == round_half_up(target):
        return (
            100.0,
            None,
            explanation(
                rule, inputs, f"{fmt_number(result)} = {fmt_number(target)} → 100"
            ),
        )
    inputs += (("exact_miss_rule", settings.exact_miss_rule),)
    if settings.exact_miss_rule == "zero":
        return (
            0.0,
            None,
            explanation(
                rule, inputs, f"{fmt_number(result)} ≠ {fmt_number(target)} → 0"
            ),
        )
    if result < target:
        value, formula = _higher_missed(result, target)
    else:
        value, formula = _lower_missed(result, target)
    return value, None, explanation(rule, inputs, formula)


def parametrata(value: float, tolerance: float, steps: tuple = ()):
    """% Realizz parametrata: an achievement ≥ tolerance counts as 100, else unchanged.

    Rule: docs/RULES.md R4: 97,56 → 100
    (S5 O2.1.3-g), 93,95 → 100 (FRD ob1), 84,47 stays 84,47 (FRD ob2), so the
    tolerance t lies in (84,47; 93,95]; it is a cycle setting (default 90).
    Returns ``(score, explanation)``; ``steps`` (the result and achievement
    explanations) are attached to the returned explanation.
    """
    inputs = (("achievement", value), ("tolerance", tolerance))
    if value >= 100:
        return 100.0, explanation("parametrata", inputs, "100,00 → 100", steps)
    if value >= tolerance:
        formula = f"{fmt_pct(value)} ≥ {fmt_number(tolerance)} → 100"
        return 100.0, explanation("parametrata", inputs, formula, steps)
    formula = f"{fmt_pct(value)} < {fmt_number(tolerance)} → {fmt_pct(value)}"
    return value, explanation("parametrata", inputs, formula, steps)


def check_settings(settings: Settings) -> None:
    """Reject rule names the engine does not know (a typo must not silently score 0)."""
    if settings.missed_deadline_rule not in MISSED_DEADLINE_RULES:
        raise ValueError(f"missed_deadline_rule must be one of {MISSED_DEADLINE_RULES}")
    if settings.exact_miss_rule not in EXACT_MISS_RULES:
        raise ValueError(f"exact_miss_rule must be one of {EXACT_MISS_RULES}")


def deviation(result, target):
    """Result − target, the monitoring report's "scostamento": days for dates
    (positive = late), a difference rounded half-up to 2 decimals otherwise;
    None where either is missing or they are not of the same kind."""
    if result is None or target is None:
        return None
    if isinstance(result, datetime.date) or isinstance(target, datetime.date):
        if isinstance(result, datetime.date) and isinstance(target, datetime.date):
            return (result - target).days
        return None
    return round_half_up(result - target)


def shortfall(score):
    """How far an objective stayed from 100% ("% mancato raggiungimento" of the
    criticità table); None when the objective has no score."""
    return None if score is None else round_half_up(100 - score)
