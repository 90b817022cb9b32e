"""Evaluation of a whole cycle.

Rows → indicators → OO / IS TOT → OS → areas → Ente, and units.
"""

from __future__ import annotations

import gc

from ._build import row_figure
from .achievement import achievement, check_settings, parametrata
from .aggregation import weighted_mean
from .formats import fmt_pct
from .measures import entity_result, row_result, units_result
from .rounding import round_half_up
from .types import (
    AGGREGATIONS,
    Aggregation,
    CycleInput,
    CycleResult,
    Explanation,
    Figure,
    IndicatorInput,
    Level,
    ObjectiveInput,
    Reason,
)

ENTE_CODE = "ENTE"


class _Node:
    """Mutable working copy of a roll-up figure; frozen into a Figure at the end."""

    __slots__ = (
        "level",
        "code",
        "score",
        "reason",
        "result",
        "achievement",
        "computed",
        "overridden",
        "motivation",
        "weight",
        "share_parent",
        "share_ente",
        "explanation",
        "shares",
        "factor",
    )

    def __init__(self, level, code, score, reason, explanation, result=None, ach=None):
        self.level = level
        self.code = code
        self.score = score
        self.reason = reason
        self.result = result
        self.achievement = ach
        self.computed = score
        self.overridden = False
        self.motivation = ""
        self.weight = None
        self.share_parent = None
        self.share_ente = None
        self.explanation = explanation
        self.shares = {}  # child code -> weight share used in this node's mean
        self.factor = None  # weight share on the Ente when this node feeds it

    def figure(self, unit: str | None = None) -> Figure:
        return Figure(
            level=self.level,
            code=self.code,
            score=self.score,
            evaluable=self.score is not None,
            reason=self.reason,
            result=self.result,
            achievement=self.achievement,
            computed_score=None if self.level is Level.INDICATOR else self.computed,
            overridden=self.overridden,
            override_motivation=self.motivation,
            weight=self.weight,
            share_parent=self.share_parent,
            share_ente=self.share_ente,
            unit=unit,
            explanation=self.explanation,
        )


def _not_evaluable(reason: Reason, steps: tuple, extra: tuple = ()) -> Explanation:
    return Explanation("not_evaluable", (("reason", reason.value),) + extra, "", steps)


def score_result(indicator: IndicatorInput, result, reason, result_expl, settings):
    """Score one result: achievement (rule 3) then parametrata (rule 4).

    Returns ``(score, achievement, reason, explanation)``. The explanation is
    the ``parametrata`` step with the result and achievement explanations as
    its ``steps`` (result → achievement → parametrata), or ``not_evaluable``
    with the steps done so far.
    """
    if reason is not None:
        return None, None, reason, _not_evaluable(reason, (result_expl,))
    ach, reason, ach_expl = achievement(
        indicator.comparator, result, indicator.target, settings
    )
    if reason is not None:
        return None, None, reason, _not_evaluable(reason, (result_expl, ach_expl))
    score, expl = parametrata(ach, settings.tolerance, (result_expl, ach_expl))
    return score, ach, None, expl


def evaluate_row(indicator: IndicatorInput, quadrimesters, up_to: int, settings):
    """One indicator × unit row: ``(result, score, achievement, reason,
    explanation)``; what a unit sheet row and the data-entry preview show."""
    result, reason, expl = row_result(indicator.measure, quadrimesters, up_to)
    score, ach, reason, expl = score_result(indicator, result, reason, expl, settings)
    return result, score, ach, reason, expl


def _rollup(level: Level, code: str, children) -> _Node:
    score, shares, expl = weighted_mean(children)
    if score is None:
        node = _Node(
            level,
            code,
            None,
            Reason.NO_CHILDREN,
            _not_evaluable(Reason.NO_CHILDREN, (expl,)),
        )
    else:
        node = _Node(level, code, score, None, expl)
    node.shares = shares
    return node


def _apply_override(node: _Node, objective: ObjectiveInput) -> None:
    """A "valutazione motivata" replaces the computed score (docs/RULES.md R12).

    2019: OS 3.2 computes 100 (IS TOT 3.2) but is set to 91 because the ICQRF
    inspection found 3 serious non-conformities (docs/RULES.md C2).
    The computed score stays in ``computed_score``; an override stands even
    when the computed score is not evaluable.
    """
    override = objective.override
    if override is None:
        return
    value = round_half_up(override.value)
    computed = node.score
    inputs = (
        ("computed_score", computed),
        ("override", value),
        ("motivation", override.motivation),
        ("author", override.author),
    )
    formula = f"{fmt_pct(computed) if computed is not None else '—'} → {fmt_pct(value)}"
    node.explanation = Explanation("override", inputs, formula, (node.explanation,))
    node.computed = computed
    node.score = value
    node.reason = None
    node.overridden = True
    node.motivation = override.motivation


def _set_share(node: _Node, parent: _Node) -> None:
    """Weight (as used, in % of the evaluable siblings), "% su Ob pond" and "% su Ente".

    share_parent = score × weight share in the parent; share_ente = score ×
    product of the weight shares up to the Ente, only for a figure that
    actually feeds the Ente (not under an override, not an OO whose OS is
    scored on its IS). 2019: OS 3.2 91 × 0,5 = 45,5 and 91 × 0,5 × 0,5 = 22,75
    (printed 45,5% and 22,8%); OB3 95,5 × 0,5 = 47,75 (printed 47,8%).
    """
    share = parent.shares.get(node.code)
    if share is None or node.score is None:
        return
    node.weight = round_half_up(share * 100)
    node.share_parent = round_half_up(node.score * share)
    if parent.factor is not None and not parent.overridden:
        node.factor = parent.factor * share
        node.share_ente = round_half_up(node.score * node.factor)


def _index(items, what: str) -> dict:
    found = {}
    for item in items:
        if item.code in found:
            raise ValueError(f"duplicate {what} code {item.code!r}")
        found[item.code] = item
    return found


def evaluate_cycle(cycle: CycleInput) -> CycleResult:
    """Evaluate a cycle (year to date after ``cycle.up_to_quadrimester``).

    Rules (docs/RULES.md R1–R13, each with its evidence in the 2019
    document):

    * row (indicator × unit): result per measure type (:mod:`.measures`),
      rounded half-up to 2 decimals, then achievement and parametrata
      (:mod:`.achievement`);
    * indicator (entity level): the parameters of all its rows pooled
      (:func:`.measures.entity_result`), then scored the same way;
    * unit: unweighted mean of the scores of all the unit's rows, IS, IO and
      FRD together (FRD: (5 × 100 + 84,47) / 6 = 97,41);
    * IS TOT of an OS: (weighted) mean of its IS; OO: (weighted) mean of its
      IO with ``counts_in_parent`` (FRD rows excluded: OO 2.1.1 is printed 100
      while FRD ob2 scores 84,47, docs/RULES.md R10);
    * OS = IS TOT (docs/RULES.md R11: OO results do not enter the OS %); an OS
      without any IS falls back to the (weighted) mean of its OO, so that it
      is not left without a score; an override replaces the computed score;
    * area = weighted mean of its OS, Ente = weighted mean of the areas
      (2019: OB3 95,5, Ente 97,75, printed 97,8 in section 3.1).

    Every stored score is rounded half-up to 2 decimals and parents are
    computed from the rounded children, so every report shows the same
    figures. Non-evaluable figures are excluded from roll-ups and listed in
    ``not_evaluable``; a parent whose children are all non-evaluable is
    NO_CHILDREN. Raises ValueError on an inconsistent input (unknown parent
    or indicator, duplicate code or row, unknown rule name, quadrimester not 1–3).
    """
    with paused_gc():
        return _Evaluation(cycle).run()


class paused_gc:
    """The cyclic garbage collector paused for a block that allocates many
    small objects none of which forms a reference cycle (an evaluation, the
    recompute of a cycle): reference counting frees them, and the collector
    would only rescan them and, inside Odoo, the whole heap of the registry
    (about 40% of an evaluation of 100,000 rows; in a recompute a full pass
    costs some 100 ms). A class, not a generator: leaving the block allocates
    nothing once the collector is back on, so the pass it owes runs at the
    caller's next allocation, as with a plain ``try/finally``."""

    def __enter__(self):
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, kind, error, traceback):
        if self.collecting:
            gc.enable()


def _check_tree(cycle: CycleInput) -> dict[str, IndicatorInput]:
    """Validate codes and parents; return the indicators by code."""
    check_settings(cycle.settings)
    if cycle.up_to_quadrimester not in (1, 2, 3):
        raise ValueError("up_to_quadrimester must be 1, 2 or 3")
    areas = _index(cycle.areas, "area")
    strategic = _index(cycle.strategic, "strategic objective")
    operational = _index(cycle.operational, "operational objective")
    indicators = _index(cycle.indicators, "indicator")
    for os_ in cycle.strategic:
        if os_.parent not in areas:
            raise ValueError(f"strategic objective {os_.code!r}: unknown area")
    for oo in cycle.operational:
        if oo.parent not in strategic:
            raise ValueError(f"operational objective {oo.code!r}: unknown OS")
    for ind in cycle.indicators:
        parents = strategic if ind.kind == "IS" else operational
        if ind.parent not in parents:
            raise ValueError(f"indicator {ind.code!r}: unknown parent {ind.parent!r}")
        if Aggregation(ind.aggregation).value not in AGGREGATIONS[ind.measure.value]:
            raise ValueError(
                f"indicator {ind.code!r}: aggregation {ind.aggregation!r} does not "
                f"suit measure {ind.measure.value!r}"
            )
    return indicators


class _Evaluation:
    """One run of :func:`evaluate_cycle`, split in steps."""

    def __init__(self, cycle: CycleInput):
        self.cycle = cycle
        self.indicators = _check_tree(cycle)
        self.settings = cycle.settings
        self.up_to = cycle.up_to_quadrimester
        self.rows: dict[str, Figure] = {}
        self.rows_by_indicator: dict[str, list] = {}
        self.rows_by_unit: dict[str, list] = {}
        self.ind_nodes: dict[str, _Node] = {}
        self.oo_nodes: dict[str, _Node] = {}
        self.is_nodes: dict[str, _Node] = {}
        self.os_nodes: dict[str, _Node] = {}
        self.oo_means: dict[str, _Node] = {}
        self.area_nodes: dict[str, _Node] = {}
        self.oo_of: dict[str, list] = {}
        for oo in cycle.operational:
            self.oo_of.setdefault(oo.parent, []).append(oo)
        self.os_of: dict[str, list] = {}
        for os_ in cycle.strategic:
            self.os_of.setdefault(os_.parent, []).append(os_)
        self.ente: _Node | None = None

    def run(self) -> CycleResult:
        self.evaluate_rows()
        self.evaluate_indicators()
        self.roll_up()
        self.set_shares()
        return self.result()

    def evaluate_rows(self) -> None:
        """Every indicator × unit row: result, achievement, parametrata."""
        rows, indicators, settings, up_to = (
            self.rows,
            self.indicators,
            self.settings,
            self.up_to,
        )
        by_indicator, by_unit = self.rows_by_indicator, self.rows_by_unit
        for row in self.cycle.rows:
            ind = indicators.get(row.indicator)
            if ind is None:
                raise ValueError(f"row {row.key!r}: unknown indicator")
            key = f"{row.indicator}@{row.unit}"  # RowInput.key, without the call
            if key in rows:
                raise ValueError(f"duplicate row {key!r}")
            result, score, ach, reason, expl = evaluate_row(
                ind, row.quadrimesters, up_to, settings
            )
            fig = row_figure(
                Level.ROW, ind.code, score, reason, result, ach, row.unit, expl
            )
            rows[key] = fig
            by_indicator.setdefault(ind.code, []).append((row, fig))
            by_unit.setdefault(row.unit, []).append((key, score, None))

    def evaluate_indicators(self) -> None:
        """Entity level: pool the rows of each indicator (single row: reuse it)."""
        for ind in self.cycle.indicators:
            pairs = self.rows_by_indicator.get(ind.code)
            if not pairs:
                expl = _not_evaluable(Reason.NO_DATA, (), (("rows", 0),))
                node = _Node(Level.INDICATOR, ind.code, None, Reason.NO_DATA, expl)
            elif len(pairs) == 1:
                fig = pairs[0][1]
                node = _Node(
                    Level.INDICATOR,
                    ind.code,
                    fig.score,
                    fig.reason,
                    fig.explanation,
                    fig.result,
                    fig.achievement,
                )
            else:
                result, reason, expl = self.entity(ind, pairs)
                score, ach, reason, expl = score_result(
                    ind, result, reason, expl, self.settings
                )
                node = _Node(
                    Level.INDICATOR, ind.code, score, reason, expl, result, ach
                )
            self.ind_nodes[ind.code] = node

    def entity(self, ind: IndicatorInput, pairs):
        """Entity result of an indicator with several unit rows, by the
        indicator's aggregation (docs/RULES.md R2)."""
        aggregation = Aggregation(ind.aggregation).value
        if aggregation == "pooled":
            quadrimesters = [r.quadrimesters for r, _ in pairs]
            return entity_result(ind.measure, quadrimesters, self.up_to)
        figures = [fig for _r, fig in pairs]
        if aggregation != "all_units":
            rows = [(f.unit, f.result, f.reason) for f in figures]
            return units_result(aggregation, rows)
        # every unit must reach it: the result of the unit that achieves least
        inputs = (("rows", len(figures)),)
        for fig in figures:
            if fig.reason is not None:
                extra = (("unit", fig.unit), ("unit_reason", fig.reason.value))
                expl = Explanation("units_all_units", inputs + extra)
                return None, fig.reason, expl
        worst = min(figures, key=lambda f: f.achievement)
        terms = tuple((f.unit, f.achievement) for f in figures)
        formula = f"{worst.unit}: {fmt_pct(worst.achievement)}"
        return (
            worst.result,
            None,
            Explanation(
                "units_all_units",
                inputs + (("unit", worst.unit), ("achievements", terms)),
                formula,
                (worst.explanation,),
            ),
        )

    def roll_up(self) -> None:
        """OO, IS TOT, OS, areas, Ente, bottom up."""
        is_of: dict[str, list] = {}
        io_of: dict[str, list] = {}
        for ind in self.cycle.indicators:
            if ind.counts_in_parent:
                children = is_of if ind.kind == "IS" else io_of
                score = self.ind_nodes[ind.code].score
                children.setdefault(ind.parent, []).append(
                    (ind.code, score, ind.weight)
                )
        for oo in self.cycle.operational:
            node = _rollup(Level.OO, oo.code, io_of.get(oo.code, ()))
            _apply_override(node, oo)
            self.oo_nodes[oo.code] = node
        for os_ in self.cycle.strategic:
            children = [
                (o.code, self.oo_nodes[o.code].score, o.weight)
                for o in self.oo_of.get(os_.code, ())
            ]
            source = self.oo_means[os_.code] = _rollup(Level.OS, os_.code, children)
            if os_.code in is_of:
                source = _rollup(Level.IS_TOTAL, os_.code, is_of[os_.code])
                self.is_nodes[os_.code] = source
            node = _Node(
                Level.OS, os_.code, source.score, source.reason, source.explanation
            )
            _apply_override(node, os_)
            self.os_nodes[os_.code] = node
        for area in self.cycle.areas:
            children = [
                (o.code, self.os_nodes[o.code].score, o.weight)
                for o in self.os_of.get(area.code, ())
            ]
            node = _rollup(Level.AREA, area.code, children)
            _apply_override(node, area)
            self.area_nodes[area.code] = node
        children = [
            (a.code, self.area_nodes[a.code].score, a.weight) for a in self.cycle.areas
        ]
        self.ente = _rollup(Level.ENTE, ENTE_CODE, children)
        self.ente.factor = 1.0
        self.ente.share_ente = self.ente.score

    def set_shares(self) -> None:
        """Weights as used, "% su Ob pond" and "% su Ente", top down."""
        for area in self.cycle.areas:
            _set_share(self.area_nodes[area.code], self.ente)
        for os_ in self.cycle.strategic:
            os_node = self.os_nodes[os_.code]
            _set_share(os_node, self.area_nodes[os_.parent])
            feeds = os_node.factor is not None and not os_node.overridden
            is_node = self.is_nodes.get(os_.code)
            oo_mean = self.oo_means[os_.code]
            if is_node is not None:
                if feeds and is_node.score is not None:
                    is_node.factor = os_node.factor
                    is_node.share_ente = round_half_up(is_node.score * is_node.factor)
                for code in is_node.shares:
                    _set_share(self.ind_nodes[code], is_node)
            elif feeds:
                oo_mean.factor = os_node.factor
            for oo in self.oo_of.get(os_.code, ()):
                _set_share(self.oo_nodes[oo.code], oo_mean)
        for oo_node in self.oo_nodes.values():
            for code in oo_node.shares:
                _set_share(self.ind_nodes[code], oo_node)

    def result(self) -> CycleResult:
        units = {
            unit: _rollup(Level.UNIT, unit, children).figure(unit)
            for unit, children in self.rows_by_unit.items()
        }
        groups = {
            "indicators": self.ind_nodes,
            "is_totals": self.is_nodes,
            "operational": self.oo_nodes,
            "strategic": self.os_nodes,
            "areas": self.area_nodes,
        }
        groups = {
            name: {code: n.figure() for code, n in nodes.items()}
            for name, nodes in groups.items()
        }
        ente = self.ente.figure()
        not_evaluable = [f for f in self.rows.values() if not f.evaluable]
        for group in groups.values():
            not_evaluable.extend(f for f in group.values() if not f.evaluable)
        if not ente.evaluable:
            not_evaluable.append(ente)
        not_evaluable.extend(f for f in units.values() if not f.evaluable)
        return CycleResult(
            up_to_quadrimester=self.up_to,
            rows=self.rows,
            ente=ente,
            units=units,
            not_evaluable=tuple(not_evaluable),
            **groups,
        )
