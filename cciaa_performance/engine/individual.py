"""Individual evaluation: the scheda of one employee for one cycle.

Plain Python, no odoo import. The Odoo models read the scheda's rows (their
scores come from the stored results of :func:`~.cycle.evaluate_cycle`, or from
:func:`score_own_objective` for the employee's own objectives), the behaviours
and the employee's assignments (phases), call :func:`evaluate_scheda` and
store the returned :class:`SchedaResult`; reports render that same object.

Rules (docs/RULES.md R14; issue 5):

* a row is scored on its "% realizz parametrata" (the same figure the
  organisational tables print); the results part of one phase is the weighted
  mean of the scores of the rows valued in that phase (:func:`phase_score`);
* phases come from the employee's assignments (mid-year transfers): a row
  valued on a unit belongs to every phase whose scope holds that unit; a row
  with no unit (own objective, entity-level indicator) belongs to every phase;
  the results part is the day × participation weighted mean of the phase
  scores (:func:`combine_phases`);
* behaviours (comportamenti) are rated on a configurable scale, each level of
  the scale worth a percentage, and combined by their weights
  (:func:`behaviour_score`);
* the final score is results × r% + behaviours × (100 − r)%, r being the
  results share of the employee's staff category (SG, P.O./EQ, staff) in the
  cycle's evaluation system (:func:`evaluate_scheda`).

Every score is rounded half-up to 2 decimals, and each combination uses the
rounded figures below it, so screen, PDF and XLSX show the same numbers.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import fsum

from .achievement import achievement, parametrata
from .aggregation import status_counts, weighted_mean
from .formats import fmt_date, fmt_number, fmt_pct
from .rounding import round_half_up
from .types import Comparator, Explanation, Reason, Settings

CATEGORIES = ("sg", "po", "staff")

# reasons specific to the scheda (Reason covers the organisational ones)
NO_ROWS = "no_rows"
BEHAVIOURS_NOT_RATED = "behaviours_not_rated"


@dataclass(frozen=True)
class SchedaRow:
    """One row of a scheda: an organisational indicator valued on a unit, or an
    own objective.

    ``score`` is the "% realizz parametrata" (None = not evaluable, the row is
    then left out and the other weights renormalised); ``unit`` is the code of
    the unit the row is valued on, None for a row that belongs to every phase
    (own objective, entity-level indicator). ``weight`` None = equal weights.
    """

    key: str
    weight: float | None
    score: float | None
    achievement: float | None = None
    unit: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Phase:
    """A period of the year spent on one assignment.

    ``scope`` is the set of unit codes whose rows are valued in this phase
    (the assignment's unit and its subtree, the units the employee heads in
    the period, the pseudo-units); None means every unit (the SG, whose scope
    is the whole entity). Dates are inclusive and already clipped to the year.
    """

    code: str
    date_from: datetime.date
    date_to: datetime.date
    participation: float = 100.0
    scope: frozenset[str] | None = None

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def covers(self, unit: str | None) -> bool:
        return unit is None or self.scope is None or unit in self.scope


@dataclass(frozen=True)
class Behaviour:
    """A behaviour (comportamento) with its weight and the level it was rated
    (None = not rated yet)."""

    code: str
    weight: float | None
    level: str | None


@dataclass(frozen=True)
class SchedaInput:
    rows: tuple[SchedaRow, ...]
    results_share: float = 100.0  # r: results part in %, behaviours = 100 − r
    behaviours: tuple[Behaviour, ...] = ()
    scale: tuple[tuple[str, float], ...] = ()  # (level, % it is worth)
    phases: tuple[Phase, ...] = ()  # empty = one phase covering every row


@dataclass(frozen=True)
class PhaseResult:
    phase: Phase
    score: float | None
    rows: tuple[str, ...]  # keys of the rows valued in the phase
    explanation: Explanation


@dataclass(frozen=True)
class SchedaResult:
    score: float | None  # final score
    results_score: float | None
    behaviour_score: float | None
    phases: tuple[PhaseResult, ...]
    status: dict  # reached / partial / not reached over the rows (section 4)
    reason: str | None = None  # why ``score`` is None
    explanation: Explanation = field(default_factory=lambda: Explanation("none"))


# ---------------------------------------------------------------- own objectives


def score_own_objective(comparator: Comparator, result, target, settings: Settings):
    """Achievement and parametrata of an own objective (target and result typed
    on the scheda), by the same rules as an organisational row (docs/RULES.md
    R1, R3, R4): a numeric result is rounded half-up to 2 decimals
    first, then compared with the target, then the tolerance applies.

    Returns ``(score, achievement, reason, explanation)``; a missing result or
    target gives ``(None, None, reason, explanation)``.
    """
    if result is None:
        expl = Explanation("not_evaluable", (("reason", Reason.NO_DATA.value),))
        return None, None, Reason.NO_DATA, expl
    if isinstance(result, int | float) and not isinstance(result, bool):
        result = round_half_up(result)
    ach, reason, ach_expl = achievement(comparator, result, target, settings)
    if reason is not None:
        expl = Explanation(
            "not_evaluable", (("reason", reason.value),), "", (ach_expl,)
        )
        return None, None, reason, expl
    score, expl = parametrata(ach, settings.tolerance, (ach_expl,))
    return score, ach, None, expl


# ------------------------------------------------------------------------ parts


def phase_score(rows: Sequence[SchedaRow]):
    """Results part of one phase: the weighted mean of its rows' scores.

    Rule: the scheda's rows carry weights summing to 100 (checked when the
    scheda is assigned); without weights every row weighs the same (the 2019
    schede print none). Rows that are not evaluable are left out and the
    remaining weights renormalised (:func:`~.aggregation.weighted_mean`).
    Returns ``(score, explanation)``; score None when no row is evaluable.
    """
    score, _shares, expl = weighted_mean([(r.key, r.score, r.weight) for r in rows])
    return score, expl


def combine_phases(scored: Sequence[tuple[Phase, float | None]]):
    """Day-weighted combination of the phases' scores.

    Rule (issue 5 "Mid-year transfers", replacing the unquantified "two-phase
    evaluation" of the 2019 document, docs/RULES.md C13): each phase weighs
    its days × participation %; phases with no evaluable row are left out and
    the remaining weights renormalised. 2019: 1 January–19 May = 139 days,
    20 May–31 December = 226 days.

    Returns ``(score, explanation)``: rule ``phases``, one input per phase,
    ``(unit code, "from–to, days × participation% → score")``.
    """
    inputs = tuple(
        (
            p.code,
            f"{fmt_date(p.date_from)}–{fmt_date(p.date_to)}, {p.days} × "
            f"{fmt_number(p.participation)}% → "
            + (fmt_pct(s) if s is not None else "—"),
        )
        for p, s in scored
    )
    used = [(p, s) for p, s in scored if s is not None]
    if not used:
        return None, Explanation("phases", inputs, "")
    weights = [p.days * p.participation / 100 for p, _ in used]
    total = fsum(weights)
    if total <= 0:
        return None, Explanation("phases", inputs, "")
    score = round_half_up(
        fsum(s * w for (_, s), w in zip(used, weights, strict=True)) / total
    )
    terms = " + ".join(
        f"{fmt_number(s)} × {p.days} × {fmt_number(p.participation)}%" for p, s in used
    )
    days = " + ".join(f"{p.days} × {fmt_number(p.participation)}%" for p, _ in used)
    formula = f"({terms}) / ({days}) = {fmt_pct(score)}"
    return score, Explanation("phases", inputs, formula)


def behaviour_score(
    behaviours: Sequence[Behaviour], scale: Sequence[tuple[str, float]]
):
    """Behaviours part: the weighted mean of the % each rated level is worth.

    Rule: the scale is a parameter of the cycle's evaluation system (SMVP), a
    list of levels each worth a percentage (e.g. 1 = 0%, 2 = 50%, 3 = 75%,
    4 = 100%); without weights every behaviour weighs the same. An unrated
    behaviour leaves the part not evaluable (the evaluator has not finished);
    a level not on the scale is an error (ValueError).

    Returns ``(score, explanation)``; score None when a behaviour is unrated
    or there is none.
    """
    worth = dict(scale)
    for level, pct in scale:
        if not 0 <= pct <= 100:
            raise ValueError(f"scale level {level!r}: {pct} is outside 0-100")
    children = []
    unrated = []
    for b in behaviours:
        if b.level is None:
            unrated.append(b.code)
            continue
        if b.level not in worth:
            raise ValueError(
                f"behaviour {b.code!r}: level {b.level!r} is not on the scale"
            )
        children.append((b.code, worth[b.level], b.weight))
    if unrated or not children:
        inputs = (("not_rated", tuple(unrated)),) if unrated else ()
        return None, Explanation("behaviours", inputs, "")
    score, _shares, expl = weighted_mean(children)
    levels = tuple((b.code, b.level) for b in behaviours)
    return score, Explanation("behaviours", levels, expl.formula, (expl,))


def final_score(results: float | None, behaviours: float | None, results_share: float):
    """results × r% + behaviours × (100 − r)%, r = the category's results share.

    Rule: the split between results and behaviours per staff category (SG,
    P.O./EQ, staff) is a parameter of the evaluation system (docs/RULES.md
    R14). With r = 100 behaviours do not count (and need not
    be rated); with r = 0 results do not count. Returns ``(score, reason,
    explanation)``.
    """
    if not 0 <= results_share <= 100:
        raise ValueError("the results share must be between 0 and 100")
    b_share = 100 - results_share
    inputs = (
        ("results", results),
        ("results_share", results_share),
        ("behaviours", behaviours),
        ("behaviours_share", b_share),
    )
    if results_share > 0 and results is None:
        return None, NO_ROWS, Explanation("split", inputs, "")
    if b_share > 0 and behaviours is None:
        return None, BEHAVIOURS_NOT_RATED, Explanation("split", inputs, "")
    r = results if results_share > 0 else 0.0
    b = behaviours if b_share > 0 else 0.0
    score = round_half_up((r * results_share + b * b_share) / 100)
    formula = (
        f"{fmt_pct(r)} × {fmt_number(results_share)}% + "
        f"{fmt_pct(b)} × {fmt_number(b_share)}% = {fmt_pct(score)}"
    )
    return score, None, Explanation("split", inputs, formula)


def rows_by_phase(rows: Sequence[SchedaRow], phases: Sequence[Phase]):
    """The rows valued in each phase (a row may be valued in several).

    Raises ValueError when a row is valued on a unit that no phase covers
    (the Odoo side refuses such a row with a clear message first).
    """
    placed = {r.key: False for r in rows}
    out = []
    for phase in phases:
        mine = [r for r in rows if phase.covers(r.unit)]
        for r in mine:
            placed[r.key] = True
        out.append((phase, mine))
    lost = [key for key, ok in placed.items() if not ok]
    if lost:
        raise ValueError(f"rows on units outside every phase: {', '.join(lost)}")
    return out


# ------------------------------------------------------------------------ scheda


def evaluate_scheda(scheda: SchedaInput) -> SchedaResult:
    """Final score of a scheda with its explanation.

    1. Phases (:func:`rows_by_phase`): without phases the scheda is one phase.
    2. Each phase's results part (:func:`phase_score`), then their day-weighted
       combination (:func:`combine_phases`).
    3. Behaviours (:func:`behaviour_score`) and the category split
       (:func:`final_score`).

    The status counts (reached = 100, partially = between 0 and 100, not
    reached = 0; section 4 of the Relazione) are over the rows, each row
    counted once even when valued in several phases, and the same indicator
    on two units counted twice (as 2019 counts PO 3's O2.1.4-c).
    Raises ValueError on duplicate row keys or a row outside every phase.
    """
    keys = [r.key for r in scheda.rows]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate row keys in a scheda")
    steps = []
    if scheda.phases:
        results = []
        for phase, rows in rows_by_phase(scheda.rows, scheda.phases):
            score, expl = phase_score(rows)
            step = Explanation(
                "phase",
                (
                    ("unit", phase.code),
                    ("from", fmt_date(phase.date_from)),
                    ("to", fmt_date(phase.date_to)),
                    ("days", phase.days),
                    ("participation", phase.participation),
                    ("score", score),
                ),
                f"{phase.code}: {phase.days} × {fmt_number(phase.participation)}% → "
                + (fmt_pct(score) if score is not None else "—"),
                (expl,),
            )
            results.append(PhaseResult(phase, score, tuple(r.key for r in rows), step))
        results_score, phases_expl = combine_phases(
            [(p.phase, p.score) for p in results]
        )
        phases_expl = Explanation(
            phases_expl.rule,
            phases_expl.inputs,
            phases_expl.formula,
            tuple(p.explanation for p in results),
        )
        steps.append(phases_expl)
        phase_results = tuple(results)
    else:
        results_score, expl = phase_score(scheda.rows)
        steps.append(expl)
        phase_results = ()
    b_score = None
    if scheda.results_share < 100:
        b_score, b_expl = behaviour_score(scheda.behaviours, scheda.scale)
        steps.append(b_expl)
    score, reason, split = final_score(results_score, b_score, scheda.results_share)
    explanation = Explanation(
        "scheda",
        (("results", results_score), ("behaviours", b_score), ("score", score)),
        split.formula,
        tuple(steps) + (split,),
    )
    return SchedaResult(
        score=score,
        results_score=results_score,
        behaviour_score=b_score,
        phases=phase_results,
        status=status_counts(r.score for r in scheda.rows),
        reason=reason,
        explanation=explanation,
    )


def split_equally(total_cents: int, n: int) -> list[int]:
    """``total_cents`` split in ``n`` integer parts differing by at most one,
    the larger ones first (equal weights that sum exactly: 100 in 6 rows is
    16,67 × 4 + 16,66 × 2)."""
    if n <= 0:
        return []
    base, extra = divmod(total_cents, n)
    return [base + 1 if i < extra else base for i in range(n)]
