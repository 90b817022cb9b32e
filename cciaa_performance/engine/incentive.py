"""Incentive pay: allocation of a fund ("premi correlati alla performance").

Plain Python, no odoo import. The Odoo fund model builds a :class:`FundInput`
and one :class:`StaffMember` per employee, calls :func:`allocate` and stores
the returned lines; the payroll export and the transparency table render the
same :class:`AllocationResult`.

Every parameter is data of the fund (one per cycle), because the contracts
change (art. 69 CCNL Funzioni locali 21.5.2018, art. 81 CCNL 16.11.2022):
the organisational / individual split, the score bands, the maggiorazione %
and the quota of staff receiving it, the rule for ties at the quota boundary,
the minimum days of service and the category coefficients.

Money is counted in integer cents and computed with exact fractions, then
rounded by largest remainder, so that the lines add up to the fund to the
cent (what is not distributable is reported as ``undistributed_cents``).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .formats import fmt_number
from .types import Explanation

TIE_RULES = ("include_all", "exclude_all", "seniority")
MIN_MAGGIORAZIONE = 30.0  # art. 69 c.2 CCNL 21.5.2018: "non inferiore al 30%"

BAND_EXCLUDED = "excluded"  # not in service long enough, or no score
BAND_NONE = "none"  # below the threshold: no premium
BAND_PROPORTIONAL = "proportional"
BAND_FULL = "full"
BANDS = (BAND_EXCLUDED, BAND_NONE, BAND_PROPORTIONAL, BAND_FULL)

# English templates of the errors; the Odoo side translates them.
MESSAGES = {
    "negative_fund": "The fund cannot be negative (%(amount)s).",
    "bad_share": "The organisational share must be between 0 and 100 (%(value)s).",
    "bad_bands": (
        "The bands need 0 ≤ threshold ≤ full premium score ≤ 100 "
        "(threshold %(threshold)s, full from %(full_from)s)."
    ),
    "maggiorazione_below_minimum": (
        "The maggiorazione must be at least %(minimum)s%% of the average individual "
        "premium (%(value)s%%)."
    ),
    "bad_quota": "The quota of staff must be above 0 and at most 100%% (%(value)s).",
    "bad_tie_rule": "Unknown rule for ties at the quota boundary: %(value)s.",
    "negative_min_days": "The minimum days of service cannot be negative.",
    "negative_coefficient": (
        "The coefficient of category %(category)s is negative (%(value)s)."
    ),
    "no_coefficient": "%(employee)s: category %(category)s has no coefficient.",
    "bad_part_time": (
        "%(employee)s: working time %(value)s%% is not above 0 and at most 100."
    ),
    "bad_days": "%(employee)s: %(value)s days of service is outside 0-%(days)s.",
    "duplicate_employee": "%(employee)s appears twice.",
    "quota_selects_nobody": (
        "The quota of %(quota)s%% of %(count)s evaluated employees selects nobody "
        "for the maggiorazione (tie rule: %(rule)s)."
    ),
    "quota_selects_everybody": (
        "The quota of %(quota)s%% selects all %(count)s positively evaluated "
        "employees: the maggiorazione would not differentiate anybody "
        "(tie rule: %(rule)s)."
    ),
    "fund_too_small": "The individual share cannot finance the maggiorazione.",
}


class IncentiveError(ValueError):
    """Bad input of an allocation: ``code`` is a key of :data:`MESSAGES`."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(MESSAGES[code] % params if params else MESSAGES[code])


# ------------------------------------------------------------------- money


def to_cents(amount) -> int:
    """Euro (float, int, Decimal or text) → integer cents, rounded half-up."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(value * 100)


def fmt_cents(cents: int) -> str:
    """Integer cents as Italian euro: ``1.234,56``."""
    return fmt_number(Decimal(cents) / 100, 2)


def _frac(value) -> Fraction:
    """An exact fraction of a decimal number as typed (0.1 is 1/10, not the float)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(str(value))


def largest_remainder(total: int, weights: Sequence[tuple[str, Fraction, tuple]]):
    """Split ``total`` cents in proportion to the weights, to the cent.

    Rule (largest-remainder / Hamilton method): each share is the floor of its
    exact amount; the cents left over go one each to the largest fractional
    remainders. Ties between equal remainders are broken by the ``tiebreak``
    tuple (ascending), which the caller builds so that a higher score comes
    first: a higher score then never receives less (monotonicity).

    ``weights``: ``(key, weight ≥ 0, tiebreak)``. Returns ``(cents by key,
    exact amount by key, undistributed)``: when every weight is 0 nothing is
    distributed and ``undistributed`` = total.
    """
    out = {key: 0 for key, _w, _t in weights}
    exact = {key: Fraction(0) for key, _w, _t in weights}
    total_weight = sum((w for _k, w, _t in weights), Fraction(0))
    if total <= 0 or total_weight <= 0:
        return out, exact, total
    for key, w, _t in weights:
        exact[key] = total * w / total_weight
        out[key] = math.floor(exact[key])
    left = total - sum(out.values())
    order = sorted(
        weights, key=lambda item: (-(exact[item[0]] - out[item[0]]), item[2])
    )
    for key, _w, _t in order[:left]:
        out[key] += 1
    return out, exact, 0


# ------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Bands:
    """Score bands: no premium below ``threshold``; full premium at or above
    ``full_from``; in between the premium is proportional to the score
    (factor = score / full_from)."""

    threshold: float = 60.0
    full_from: float = 90.0

    def factor(self, score) -> Fraction:
        """Share of the full premium for ``score`` (None = not evaluable → 0)."""
        if score is None or score < self.threshold:
            return Fraction(0)
        if score >= self.full_from:
            return Fraction(1)
        return _frac(score) / _frac(self.full_from)

    def band(self, score) -> str:
        if score is None:
            return BAND_EXCLUDED
        if score < self.threshold:
            return BAND_NONE
        if score >= self.full_from:
            return BAND_FULL
        return BAND_PROPORTIONAL


@dataclass(frozen=True)
class FundInput:
    amount: Decimal | float | int | str  # euro
    organisational_share: float  # % of the fund for organisational performance
    bands: Bands = field(default_factory=Bands)
    maggiorazione_pct: float = MIN_MAGGIORAZIONE  # % of the average individual premium
    quota_pct: float = 10.0  # % of the evaluated staff receiving the maggiorazione
    tie_rule: str = "seniority"
    min_days: int = 0
    coefficients: tuple[tuple[str, float], ...] = ()  # (category, coefficient)
    days_in_year: int = 365


@dataclass(frozen=True)
class StaffMember:
    key: str  # registration number (matricola)
    category: str
    part_time: float = 100.0  # working time %
    days: int = 365  # days in service in the year
    organisational_score: float | None = None
    individual_score: float | None = None
    hired_on: datetime.date | None = None  # seniority, for the tie rule


@dataclass(frozen=True)
class StaffAllocation:
    key: str
    weight: Fraction  # coefficient × part-time × days / days in year (0 = excluded)
    band: str  # band of the individual score
    organisational_factor: Fraction
    individual_factor: Fraction
    selected: bool  # receives the maggiorazione
    organisational_cents: int
    individual_cents: int
    maggiorazione_cents: int
    exact: dict  # component -> exact Fraction of cents, before rounding
    explanation: Explanation

    @property
    def total_cents(self) -> int:
        return (
            self.organisational_cents + self.individual_cents + self.maggiorazione_cents
        )


@dataclass(frozen=True)
class AllocationResult:
    fund_cents: int
    organisational_cents: int  # the organisational share
    individual_cents: int  # the individual share (base premiums + maggiorazioni)
    maggiorazione_cents: int  # the maggiorazione of one selected employee
    average_individual: Fraction  # average base individual premium (cents)
    quota_count: int  # employees the quota allows
    selected: tuple[str, ...]
    lines: tuple[StaffAllocation, ...]
    undistributed_cents: int
    explanation: Explanation

    @property
    def allocated_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)


# ------------------------------------------------------------------- checks


def check_fund(fund: FundInput) -> None:
    """Reject parameters no contract allows (clear error, nothing computed)."""
    if to_cents(fund.amount) < 0:
        raise IncentiveError("negative_fund", amount=str(fund.amount))
    if not 0 <= fund.organisational_share <= 100:
        raise IncentiveError("bad_share", value=fmt_number(fund.organisational_share))
    b = fund.bands
    if not 0 <= b.threshold <= b.full_from <= 100 or b.full_from <= 0:
        raise IncentiveError(
            "bad_bands",
            threshold=fmt_number(b.threshold),
            full_from=fmt_number(b.full_from),
        )
    if fund.maggiorazione_pct < MIN_MAGGIORAZIONE:
        raise IncentiveError(
            "maggiorazione_below_minimum",
            minimum=fmt_number(MIN_MAGGIORAZIONE),
            value=fmt_number(fund.maggiorazione_pct),
        )
    if not 0 < fund.quota_pct <= 100:
        raise IncentiveError("bad_quota", value=fmt_number(fund.quota_pct))
    if fund.tie_rule not in TIE_RULES:
        raise IncentiveError("bad_tie_rule", value=str(fund.tie_rule))
    if fund.min_days < 0:
        raise IncentiveError("negative_min_days")
    for category, coefficient in fund.coefficients:
        if coefficient < 0:
            raise IncentiveError(
                "negative_coefficient", category=category, value=fmt_number(coefficient)
            )


def staff_weight(member: StaffMember, fund: FundInput, coefficients: dict) -> Fraction:
    """coefficient(category) × part-time % × days in service / days in year.

    Rule (issue 5; docs/RULES.md R15): the premium is pro-rated
    linearly on working time and on the days in service; fewer days than
    ``min_days`` exclude the employee (weight 0). Raises IncentiveError on a
    category without coefficient, a working time outside (0, 100] or days
    outside [0, days in year].
    """
    if member.category not in coefficients:
        raise IncentiveError(
            "no_coefficient", employee=member.key, category=member.category
        )
    if not 0 < member.part_time <= 100:
        raise IncentiveError(
            "bad_part_time", employee=member.key, value=fmt_number(member.part_time)
        )
    if not 0 <= member.days <= fund.days_in_year:
        raise IncentiveError(
            "bad_days", employee=member.key, value=member.days, days=fund.days_in_year
        )
    if member.days < fund.min_days or member.days == 0:
        return Fraction(0)
    return (
        _frac(coefficients[member.category])
        * _frac(member.part_time)
        / 100
        * Fraction(member.days, fund.days_in_year)
    )


# --------------------------------------------------------------- selection


def select_quota(candidates: Sequence[StaffMember], count: int, tie_rule: str):
    """The employees receiving the maggiorazione: the ``count`` best individual
    scores among ``candidates`` (the positively evaluated).

    Ties at the quota boundary (several employees with the score of the last
    place) follow ``tie_rule``, a parameter of the fund:

    * ``include_all``: every tied employee is included (the quota may be
      exceeded by the tied ones);
    * ``exclude_all``: every tied employee is excluded (fewer than the quota
      may be selected, possibly nobody);
    * ``seniority``: the tied employees are taken by seniority (earliest hire
      date first; unknown dates last; then by registration number) until the
      quota is full: exactly ``count`` employees.

    Returns the selected keys in ranking order.
    """
    ranked = sorted(candidates, key=lambda m: -m.individual_score)
    if count <= 0 or not ranked:
        return ()
    if count >= len(ranked):
        return tuple(m.key for m in ranked)
    boundary = ranked[count - 1].individual_score
    above = [m for m in ranked if m.individual_score > boundary]
    tied = [m for m in ranked if m.individual_score == boundary]
    if len(above) + len(tied) == count or tie_rule == "include_all":
        chosen = above + tied
    elif tie_rule == "exclude_all":
        chosen = above
    else:
        by_seniority = sorted(
            tied,
            key=lambda m: (m.hired_on is None, m.hired_on or datetime.date.max, m.key),
        )
        chosen = above + by_seniority[: count - len(above)]
    return tuple(m.key for m in chosen)


# --------------------------------------------------------------- allocation


def _order(score) -> float:
    return -score if score is not None else math.inf


def allocate(fund: FundInput, staff: Sequence[StaffMember]) -> AllocationResult:
    """Allocate the fund among the staff.

    Rules (issue 5; docs/RULES.md R15; art. 69 CCNL 21.5.2018, art. 81
    CCNL 16.11.2022 — every figure below is a parameter of the fund):

    1. Split: organisational share = fund × s% (rounded to the cent),
       individual share = the rest.
    2. Weight of each employee: :func:`staff_weight`.
    3. Organisational part: the organisational share is divided in proportion
       to weight × band factor of the organisational score (the units'
       results, day-weighted over the employee's assignments).
    4. Individual part: the individual share pays (a) a maggiorazione M to the
       selected employees and (b) base premiums to the positively evaluated
       ones (individual band factor > 0) in proportion to weight × band factor.
       M = m% of the average base premium of the positively evaluated (m ≥ 30,
       art. 69 c.2), financed inside the individual share: with n positively
       evaluated, k selected and I the individual share, M = m·I / (n + m·k),
       rounded up to the cent so that M is never below m% of the average; the
       base premiums share I − k·M.
    5. Quota: k = the employees chosen by :func:`select_quota` among the
       positively evaluated, the quota being ⌊q% × evaluated staff⌋ (evaluated
       = in service long enough and with an individual score). A quota that
       selects nobody, or every positively evaluated employee (no
       differentiation), is an error.
    6. Bands (:class:`Bands`): below the threshold no premium; at or above the
       full score the whole premium; in between proportional to the score.
    7. Rounding: each component by :func:`largest_remainder`, so the lines sum
       to the fund to the cent; a share nobody qualifies for stays
       undistributed (returned to the fund, reported apart).

    Raises :class:`IncentiveError` on bad parameters or staff data.
    """
    check_fund(fund)
    coefficients = dict(fund.coefficients)
    seen = set()
    for m in staff:
        if m.key in seen:
            raise IncentiveError("duplicate_employee", employee=m.key)
        seen.add(m.key)
    total = to_cents(fund.amount)
    org_total = int(
        (Decimal(total) * Decimal(str(fund.organisational_share)) / 100).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
    )
    ind_total = total - org_total
    bands = fund.bands

    weights = {m.key: staff_weight(m, fund, coefficients) for m in staff}
    org_factor = {m.key: bands.factor(m.organisational_score) for m in staff}
    ind_factor = {m.key: bands.factor(m.individual_score) for m in staff}

    def tiebreak_ind(m):
        return (
            _order(m.individual_score),
            _order(m.organisational_score),
            -weights[m.key],
            m.key,
        )

    def tiebreak_org(m):
        return (
            _order(m.organisational_score),
            _order(m.individual_score),
            -weights[m.key],
            m.key,
        )

    org_cents, org_exact, org_left = largest_remainder(
        org_total,
        [(m.key, weights[m.key] * org_factor[m.key], tiebreak_org(m)) for m in staff],
    )

    evaluated = [
        m for m in staff if weights[m.key] > 0 and m.individual_score is not None
    ]
    positive = [m for m in evaluated if ind_factor[m.key] > 0]
    quota_count = math.floor(len(evaluated) * _frac(fund.quota_pct) / 100)
    selected: tuple[str, ...] = ()
    magg = 0
    average = Fraction(0)
    if positive:
        selected = select_quota(positive, quota_count, fund.tie_rule)
        if not selected:
            raise IncentiveError(
                "quota_selects_nobody",
                quota=fmt_number(fund.quota_pct),
                count=len(evaluated),
                rule=fund.tie_rule,
            )
        if len(selected) >= len(positive):
            raise IncentiveError(
                "quota_selects_everybody",
                quota=fmt_number(fund.quota_pct),
                count=len(positive),
                rule=fund.tie_rule,
            )
        m_pct = _frac(fund.maggiorazione_pct) / 100
        magg = math.ceil(m_pct * ind_total / (len(positive) + m_pct * len(selected)))
    base_total = ind_total - magg * len(selected)
    if base_total < 0:
        raise IncentiveError("fund_too_small")
    ind_cents, ind_exact, ind_left = largest_remainder(
        base_total,
        [(m.key, weights[m.key] * ind_factor[m.key], tiebreak_ind(m)) for m in staff],
    )
    if positive:
        average = Fraction(base_total, len(positive))

    chosen = set(selected)
    lines = []
    for m in staff:
        w = weights[m.key]
        band = bands.band(m.individual_score) if w > 0 else BAND_EXCLUDED
        line_magg = magg if m.key in chosen else 0
        exact = {
            "organisational": org_exact[m.key],
            "individual": ind_exact[m.key],
            "maggiorazione": Fraction(line_magg),
        }
        lines.append(
            StaffAllocation(
                key=m.key,
                weight=w,
                band=band,
                organisational_factor=org_factor[m.key],
                individual_factor=ind_factor[m.key],
                selected=m.key in chosen,
                organisational_cents=org_cents[m.key],
                individual_cents=ind_cents[m.key],
                maggiorazione_cents=line_magg,
                exact=exact,
                explanation=_line_explanation(
                    m,
                    w,
                    fund,
                    coefficients,
                    band,
                    org_factor[m.key],
                    ind_factor[m.key],
                    org_cents[m.key],
                    ind_cents[m.key],
                    line_magg,
                ),
            )
        )
    explanation = Explanation(
        "incentive_fund",
        (
            ("fund", fmt_cents(total)),
            ("organisational_share", fmt_cents(org_total)),
            ("individual_share", fmt_cents(ind_total)),
            ("evaluated", len(evaluated)),
            ("positively_evaluated", len(positive)),
            ("quota", quota_count),
            ("selected", len(selected)),
            ("maggiorazione", fmt_cents(magg)),
            ("average_individual", fmt_cents(round(average)) if positive else "—"),
            ("undistributed", fmt_cents(org_left + ind_left)),
        ),
        (
            f"{fmt_cents(total)} = {fmt_cents(org_total)} + {fmt_cents(ind_total)}; "
            f"M = {fmt_number(fund.maggiorazione_pct)}% × {fmt_cents(ind_total)} / "
            f"({len(positive)} + {fmt_number(fund.maggiorazione_pct)}% × "
            f"{len(selected)}) = {fmt_cents(magg)}"
        ),
    )
    return AllocationResult(
        fund_cents=total,
        organisational_cents=org_total,
        individual_cents=ind_total,
        maggiorazione_cents=magg,
        average_individual=average,
        quota_count=quota_count,
        selected=selected,
        lines=tuple(lines),
        undistributed_cents=org_left + ind_left,
        explanation=explanation,
    )


def _line_explanation(
    m, weight, fund, coefficients, band, org_f, ind_f, org_c, ind_c, magg
):
    coefficient = coefficients.get(m.category)
    weight_formula = (
        f"{fmt_number(coefficient)} × {fmt_number(m.part_time)}% × "
        f"{m.days}/{fund.days_in_year} = {fmt_number(float(weight), 4)}"
        if weight > 0
        else f"{m.days} < {fund.min_days} → 0"
    )
    return Explanation(
        "incentive_employee",
        (
            ("category", m.category),
            ("coefficient", coefficient),
            ("part_time", m.part_time),
            ("days", m.days),
            ("weight", float(weight)),
            ("organisational_score", m.organisational_score),
            ("organisational_factor", float(org_f)),
            ("individual_score", m.individual_score),
            ("individual_factor", float(ind_f)),
            ("band", band),
            ("organisational", fmt_cents(org_c)),
            ("individual", fmt_cents(ind_c)),
            ("maggiorazione", fmt_cents(magg)),
            ("total", fmt_cents(org_c + ind_c + magg)),
        ),
        weight_formula,
    )


def band_summary(result: AllocationResult) -> list[dict]:
    """The transparency table's distribution (art. 20 D.Lgs. 33/2013, no names):
    per band of the individual score, the number of employees and the amount
    allocated, plus a row for the maggiorazione. Shares are of the allocated
    total, in percent."""
    allocated = result.allocated_cents
    rows = []
    for band in (BAND_FULL, BAND_PROPORTIONAL, BAND_NONE, BAND_EXCLUDED):
        lines = [line for line in result.lines if line.band == band]
        cents = sum(line.total_cents - line.maggiorazione_cents for line in lines)
        rows.append(
            {
                "band": band,
                "employees": len(lines),
                "cents": cents,
                "share": float(Fraction(cents * 100, allocated)) if allocated else 0.0,
            }
        )
    magg_lines = [line for line in result.lines if line.selected]
    magg_cents = sum(line.maggiorazione_cents for line in magg_lines)
    rows.append(
        {
            "band": "maggiorazione",
            "employees": len(magg_lines),
            "cents": magg_cents,
            "share": float(Fraction(magg_cents * 100, allocated)) if allocated else 0.0,
        }
    )
    return rows
