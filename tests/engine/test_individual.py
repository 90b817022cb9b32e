"""The individual scheda: rows, phases (mid-year transfers), behaviours, split.

Expected 2019 figures are read from
cciaa_performance/tests/reference/individual.json; the synthetic cases compare
the engine with an independent computation of the rule it documents.
"""

import datetime
from fractions import Fraction

import pytest
from cciaa_engine import Comparator, Settings, round_half_up
from cciaa_engine.individual import (
    BEHAVIOURS_NOT_RATED,
    Behaviour,
    Phase,
    SchedaInput,
    SchedaRow,
    behaviour_score,
    combine_phases,
    evaluate_scheda,
    final_score,
    phase_score,
    rows_by_phase,
    score_own_objective,
    split_equally,
)
from engine_reference import load_reference
from hypothesis import given, settings
from hypothesis import strategies as st

YEAR = 2019
REORGANISATION = datetime.date(2019, 5, 20)  # determinazione SG n. 115 del 15/5/2019
START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
DAY = datetime.timedelta(days=1)

COMPARATOR_OF_KIND = {
    "percent": Comparator.GE,
    "count": Comparator.GE,
    "days_average": Comparator.LE,
    "date": Comparator.DEADLINE,
}


def individual():
    return load_reference("individual.json")


def reference_value(value, kind):
    return datetime.date.fromisoformat(value) if kind == "date" else value


def schede_2019():
    """(holder, objectives) of the SG and each P.O., in printed order."""
    data = individual()
    yield "SG", data["sg"]["objectives"]
    for po in data["po"]:
        yield po["code"], po["objectives"]


def scored_row(index, obj, unit=None):
    """A scheda row scored like an own objective from its printed result and target."""
    kind = obj["result_kind"]
    score, ach, reason, _expl = score_own_objective(
        COMPARATOR_OF_KIND[kind],
        reference_value(obj["result"], kind),
        reference_value(obj["target"], kind),
        Settings(),
    )
    assert reason is None
    return SchedaRow(f"{index}:{obj['code']}", None, score, ach, unit, obj["code"])


# ------------------------------------------------------------------ 2019 rows


@pytest.mark.parametrize(("holder", "objectives"), list(schede_2019()))
def test_every_2019_row_scores_as_printed(holder, objectives):
    for index, obj in enumerate(objectives):
        row = scored_row(index, obj)
        assert row.achievement == obj["achievement_pct"], (holder, obj["code"])
        assert row.score == obj["achievement_capped_pct"], (holder, obj["code"])


def test_2019_status_counts_match_section_4():
    summary = individual()["summary"]["normalized"]
    sg = dict(schede_2019())["SG"]
    po_rows = [obj for holder, objs in schede_2019() if holder != "SG" for obj in objs]
    for label, objectives in (("dirigenti", sg), ("po", po_rows)):
        rows = tuple(scored_row(i, o) for i, o in enumerate(objectives))
        status = evaluate_scheda(SchedaInput(rows=rows)).status
        expected = summary[label]
        assert status["reached"] == expected["reached"]
        assert status["partial"] == expected["partially_reached"]
        assert status["not_reached"] == expected["not_reached"]
        assert status["total"] == expected["total"]
        assert status["reached_pct"] == expected["reached_pct"]


def test_po3_duplicate_indicator_counts_twice_on_two_units():
    """PO 3 carries O2.1.4-c on S0 and on S3: two rows, both counted (21, not 20)."""
    po3 = next(p for p in individual()["po"] if p["code"] == "PO 3")
    rows = tuple(
        scored_row(i, o, o.get("inferred_unit"))
        for i, o in enumerate(po3["objectives"])
    )
    codes = [r.label for r in rows]
    assert codes.count("O2.1.4-c") == 2
    result = evaluate_scheda(SchedaInput(rows=rows))
    assert result.status["total"] == len(po3["objectives"])


def test_2019_schede_score_100_over_the_two_phases_of_the_reorganisation():
    """Every 2019 scheda with the reorganisation of 20 May: 139 + 226 days."""
    before = Phase("V-S2", START, REORGANISATION - DAY)
    after = Phase("S2", REORGANISATION, END)
    assert before.days + after.days == (END - START).days + 1
    for _holder, objectives in schede_2019():
        rows = tuple(scored_row(i, o) for i, o in enumerate(objectives))
        result = evaluate_scheda(SchedaInput(rows=rows, phases=(before, after)))
        expected = min(o["achievement_capped_pct"] for o in objectives)
        assert result.score == result.results_score == expected
        assert [p.phase.days for p in result.phases] == [before.days, after.days]
        phases_step = result.explanation.steps[0]
        assert phases_step.rule == "phases"
        assert [s.rule for s in phases_step.steps] == ["phase", "phase"]


# ------------------------------------------------------------------ own objectives


def test_own_objective_uses_the_organisational_rules():
    settings = Settings(tolerance=90)
    score, ach, reason, _ = score_own_objective(Comparator.GE, 87.8, 90, settings)
    assert reason is None
    assert ach == round_half_up(87.8 / 90 * 100)
    assert score == 100.0  # above the tolerance: parametrata
    score, ach, _, _ = score_own_objective(Comparator.LE, 17.333, 15, settings)
    assert ach == round_half_up((2 - round_half_up(17.333) / 15) * 100)
    assert score == ach  # below the tolerance: unchanged
    score, _, reason, _ = score_own_objective(Comparator.GE, None, 90, settings)
    assert score is None and reason is not None


# ------------------------------------------------------------------ phases


def test_transfer_values_each_phase_on_its_own_unit():
    """A staff member moves from U3.2 to U2.1 on 20 May: U3.2's rows are
    valued in the first phase, U2.1's in the second, own rows in both."""
    before = Phase("U3.2", START, REORGANISATION - DAY, scope=frozenset({"U3.2"}))
    after = Phase("U2.1", REORGANISATION, END, scope=frozenset({"U2.1", "ENTE"}))
    rows = (
        SchedaRow("a", 60, 100.0, unit="U3.2"),
        SchedaRow("b", 20, 50.0, unit="U3.2"),
        SchedaRow("c", 80, 80.0, unit="U2.1"),
        SchedaRow("own", 20, 90.0),
    )
    result = evaluate_scheda(SchedaInput(rows=rows, phases=(before, after)))
    first, second = result.phases
    assert first.rows == ("a", "b", "own")
    assert second.rows == ("c", "own")
    s1 = round_half_up((100 * 60 + 50 * 20 + 90 * 20) / 100)
    s2 = round_half_up((80 * 80 + 90 * 20) / 100)
    assert (first.score, second.score) == (s1, s2)
    expected = round_half_up((s1 * before.days + s2 * after.days) / 365)
    assert result.results_score == expected
    # the explanation lists each phase with its days and score
    steps = result.explanation.steps[0].steps
    assert [dict(s.inputs)["days"] for s in steps] == [before.days, after.days]
    assert [dict(s.inputs)["score"] for s in steps] == [s1, s2]


def test_participation_weighs_each_phase():
    a = Phase("A", START, END, participation=75)
    b = Phase("B", START, END, participation=25)
    score, _ = combine_phases([(a, 100.0), (b, 60.0)])
    assert score == round_half_up((100 * 0.75 + 60 * 0.25) / 1.0)


def test_a_phase_without_rows_is_left_out():
    before = Phase("V-S2", START, REORGANISATION - DAY, scope=frozenset({"V-S2"}))
    after = Phase("S2", REORGANISATION, END, scope=frozenset({"S2"}))
    rows = (SchedaRow("x", None, 70.0, unit="S2"),)
    result = evaluate_scheda(SchedaInput(rows=rows, phases=(before, after)))
    assert result.phases[0].score is None
    assert result.results_score == 70.0


def test_a_row_outside_every_phase_is_refused():
    phase = Phase("U2.1", START, END, scope=frozenset({"U2.1"}))
    with pytest.raises(ValueError, match="outside every phase"):
        rows_by_phase([SchedaRow("x", 100, 100.0, unit="S3")], [phase])


def test_sg_scope_is_the_whole_entity():
    phase = Phase("SG", START, END, scope=None)
    assert phase.covers("ISR") and phase.covers("U5.2")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=365),
            st.sampled_from([100.0, 50.0, 25.0, 83.33]),
            st.one_of(st.none(), st.integers(0, 10000).map(lambda c: c / 100)),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_phase_combination_is_a_weighted_mean(parts):
    phases = []
    for index, (days, participation, score) in enumerate(parts):
        start = START
        phases.append(
            (Phase(f"P{index}", start, start + (days - 1) * DAY, participation), score)
        )
    score, expl = combine_phases(phases)
    used = [(p, s) for p, s in phases if s is not None]
    if not used:
        assert score is None
        return
    assert min(s for _, s in used) - 0.005 <= score <= max(s for _, s in used) + 0.005
    weight = sum(Fraction(p.days) * Fraction(str(p.participation)) for p, _ in used)
    exact = sum(
        Fraction(str(s)) * p.days * Fraction(str(p.participation)) for p, s in used
    )
    assert abs(Fraction(str(score)) - exact / weight) <= Fraction(1, 200)
    assert len(expl.inputs) == len(phases)
    # the order of the phases does not matter
    assert combine_phases(list(reversed(phases)))[0] == score


# ------------------------------------------------------------- behaviours and split

SCALE = (("1", 0.0), ("2", 50.0), ("3", 75.0), ("4", 100.0))


def test_behaviours_on_a_configurable_scale():
    behaviours = (Behaviour("team", 40, "4"), Behaviour("problem", 60, "2"))
    score, expl = behaviour_score(behaviours, SCALE)
    assert score == round_half_up((100 * 40 + 50 * 60) / 100)
    assert expl.rule == "behaviours"
    score, _ = behaviour_score((Behaviour("team", 40, None),), SCALE)
    assert score is None
    with pytest.raises(ValueError, match="not on the scale"):
        behaviour_score((Behaviour("team", 40, "5"),), SCALE)


def test_split_by_category():
    score, reason, _ = final_score(90.0, 70.0, 60)
    assert reason is None
    assert score == round_half_up(90 * 0.6 + 70 * 0.4)
    assert final_score(90.0, None, 100)[0] == 90.0
    score, reason, _ = final_score(90.0, None, 60)
    assert score is None and reason == BEHAVIOURS_NOT_RATED


def test_scheda_with_behaviours():
    rows = (SchedaRow("a", 50, 100.0), SchedaRow("b", 50, 80.0))
    behaviours = (Behaviour("team", None, "3"), Behaviour("problem", None, "4"))
    result = evaluate_scheda(
        SchedaInput(rows=rows, results_share=70, behaviours=behaviours, scale=SCALE)
    )
    assert result.results_score == 90.0
    assert result.behaviour_score == round_half_up((75 + 100) / 2)
    assert result.score == round_half_up(90 * 0.7 + result.behaviour_score * 0.3)
    assert result.explanation.rule == "scheda"


def test_duplicate_row_keys_are_refused():
    with pytest.raises(ValueError, match="duplicate"):
        evaluate_scheda(
            SchedaInput(rows=(SchedaRow("a", 50, 1.0), SchedaRow("a", 50, 2.0)))
        )


def test_not_evaluable_rows_are_left_out_of_the_mean():
    score, expl = phase_score([SchedaRow("a", 50, None), SchedaRow("b", 50, 80.0)])
    assert score == 80.0
    assert ("excluded", ("a",)) in expl.inputs


@given(st.integers(0, 100000), st.integers(1, 40))
def test_split_equally_sums_exactly(total, n):
    parts = split_equally(total, n)
    assert sum(parts) == total
    assert max(parts) - min(parts) <= 1
