"""Roll-ups: (weighted) means of children's scores, and status counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from math import fsum

from .formats import fmt_number, fmt_pct
from .rounding import round_half_up
from .types import Explanation, Figure

_MAX_TERMS = 12


def weighted_mean(children: Sequence[tuple[str, float | None, float | None]]):
    """(Weighted) mean of the children's scores, ignoring the non-evaluable ones.

    ``children`` are ``(code, score, weight)``; a score of None means "not
    evaluable" and the child is left out (its weight too: the remaining weights
    are renormalised), docs/RULES.md R6 and the brief. Weights are used
    only when every evaluable child carries one and they do not sum to 0;
    otherwise every child weighs the same (indicators and OO carry no printed
    weight in 2019, docs/RULES.md R10–R11; a half-weighted set is
    refused upstream by the "weights sum to 100" check). Evidence: area OB3 =
    (100 × 50 + 91 × 50) / 100 = 95,5; Ente = (100 × 16 + 100 × 34 + 95,5 × 50)
    / 100 = 97,75 (docs/RULES.md R13).

    Returns ``(score, shares, explanation)``: ``score`` rounded half-up to 2
    decimals (None when no child is evaluable; sums are ``math.fsum``, so the
    order of the children cannot change the last bit, nor the rounding);
    ``shares`` maps each evaluable child's code to its weight share (fraction
    of 1). The explanation's rule is
    ``mean`` or ``weighted_mean``; its inputs are ``(child code, score)`` pairs,
    or ``(child code, (score, weight))`` pairs for a weighted mean, followed by
    ``("excluded", codes)`` when some children were left out.
    """
    used = [c for c in children if c[1] is not None]
    excluded = tuple(c[0] for c in children if c[1] is None)
    tail = (("excluded", excluded),) if excluded else ()
    if not used:
        return None, {}, Explanation("mean", tail, "")
    weighted = all(c[2] is not None for c in used)
    total = fsum(c[2] for c in used) if weighted else 0
    n = len(used)
    if weighted and total > 0:
        score = round_half_up(fsum(s * w for _, s, w in used) / total)
        shares = {code: w / total for code, _, w in used}
        inputs = tuple((code, (s, w)) for code, s, w in used) + tail
        if n > _MAX_TERMS:
            terms = f"Σ({n})"
        else:
            terms = " + ".join(f"{fmt_number(s)} × {fmt_number(w)}" for _, s, w in used)
        formula = f"({terms}) / {fmt_number(total)} = {fmt_pct(score)}"
        return score, shares, Explanation("weighted_mean", inputs, formula)
    score = round_half_up(fsum(c[1] for c in used) / n)
    share = 1 / n
    shares = {c[0]: share for c in used}
    inputs = tuple((code, s) for code, s, _ in used) + tail
    terms = f"Σ({n})" if n > _MAX_TERMS else " + ".join(fmt_number(c[1]) for c in used)
    formula = f"({terms}) / {n} = {fmt_pct(score)}"
    return score, shares, Explanation("mean", inputs, formula)


def status_counts(items: Iterable[Figure | float | None]) -> dict:
    """Counts of objectives reached / partially reached / not reached, with %.

    Rule: docs/RULES.md R7 (sections 3 and 4 of the Relazione:
    "16 raggiunti al 100%", "0 raggiunti al 0,00%"): reached = score 100,
    partial = strictly between 0 and 100, not reached = 0. ``items`` are
    Figures (their ``score``) or plain scores; non-evaluable items (score None)
    are counted apart and do not enter the percentages, which are shares of
    the evaluable total rounded half-up to 2 decimals.

    Returns a dict with keys ``reached``, ``partial``, ``not_reached``,
    ``not_evaluable``, ``total`` (evaluable) and ``reached_pct``,
    ``partial_pct``, ``not_reached_pct``.
    """
    reached = partial = not_reached = not_evaluable = 0
    for item in items:
        score = item.score if isinstance(item, Figure) else item
        if score is None:
            not_evaluable += 1
        elif score >= 100:
            reached += 1
        elif score > 0:
            partial += 1
        else:
            not_reached += 1
    total = reached + partial + not_reached

    def pct(n):
        return round_half_up(n * 100 / total) if total else 0.0

    return {
        "reached": reached,
        "partial": partial,
        "not_reached": not_reached,
        "not_evaluable": not_evaluable,
        "total": total,
        "reached_pct": pct(reached),
        "partial_pct": pct(partial),
        "not_reached_pct": pct(not_reached),
    }
