"""Not-evaluable figures, configurable rules, input errors: small synthetic cycles.

Expected values are derived in each test from the inputs it builds.
"""

import datetime

import pytest
from cciaa_engine import (
    Comparator,
    CycleInput,
    IndicatorInput,
    Level,
    Measure,
    ObjectiveInput,
    Override,
    QuadrimesterValues,
    Reason,
    RowInput,
    Settings,
    achievement,
    evaluate_cycle,
    round_half_up,
    status_counts,
)

DAY = datetime.date(2019, 6, 30)


def quarters(*values_by_quarter):
    """quarters((1, 2), (3, 4)) → Q1 values (1, 2), Q2 values (3, 4)."""
    return tuple(
        QuadrimesterValues(q, tuple(v)) for q, v in enumerate(values_by_quarter, 1)
    )


def ind(code, measure=Measure.COUNT, comparator=Comparator.GE, target=1, **kw):
    kind = kw.pop("kind", "IS" if code.startswith("S") else "IO")
    parent = kw.pop("parent", "1.1" if kind == "IS" else "1.1.1")
    return IndicatorInput(code, kind, parent, measure, comparator, target, **kw)


def cycle(
    indicators,
    rows,
    *,
    settings=None,
    up_to=3,
    areas=None,
    strategic=None,
    operational=None,
):
    return CycleInput(
        settings=settings or Settings(),
        areas=areas or (ObjectiveInput("OB1", None),),
        strategic=strategic or (ObjectiveInput("1.1", "OB1"),),
        operational=operational or (ObjectiveInput("1.1.1", "1.1"),),
        indicators=tuple(indicators),
        rows=tuple(rows),
        up_to_quadrimester=up_to,
    )


# ------------------------------------------------------------ not evaluable

CASES = {
    Reason.ZERO_DENOMINATOR: (
        ind("S-zero", Measure.RATIO, target=90),
        quarters((0, 0), (0, 0), (0, None)),
    ),
    Reason.NO_DATA: (ind("S-empty"), quarters((None,), (None,), (None,))),
    Reason.NO_TARGET: (ind("S-target", target=None), quarters((4,), (5,), (6,))),
    Reason.BAD_VALUE: (ind("S-bad", Measure.RATIO, target=90), quarters((DAY, 10))),
}


@pytest.mark.parametrize("reason", list(CASES), ids=lambda r: r.value)
def test_not_evaluable_is_excluded_and_listed(reason):
    bad_ind, bad_quarters = CASES[reason]
    good = ind("S-good", target=5)
    result = evaluate_cycle(
        cycle(
            [bad_ind, good],
            [
                RowInput(bad_ind.code, "U1", bad_quarters),
                RowInput("S-good", "U1", quarters((7,))),
            ],
        )
    )
    row = result.rows[f"{bad_ind.code}@U1"]
    assert not row.evaluable and row.score is None and row.reason == reason
    assert row.explanation.rule == "not_evaluable"
    assert dict(row.explanation.inputs)["reason"] == reason.value
    indicator = result.indicators[bad_ind.code]
    assert indicator.reason == reason
    assert row in result.not_evaluable and indicator in result.not_evaluable
    good_score = result.indicators["S-good"].score
    assert result.is_totals["1.1"].score == good_score
    assert dict(result.is_totals["1.1"].explanation.inputs)["excluded"] == (
        bad_ind.code,
    )
    assert result.units["U1"].score == good_score
    assert result.ente.score == good_score


def test_bad_value_number_in_a_date_and_date_in_a_count():
    date_ind = ind("O-date", Measure.DATE, Comparator.DEADLINE, target=DAY)
    count_ind = ind("O-count", target=1)
    result = evaluate_cycle(
        cycle(
            [date_ind, count_ind],
            [
                RowInput("O-date", "U1", quarters((43697.0,))),
                RowInput("O-count", "U1", quarters((DAY,))),
            ],
        )
    )
    assert result.rows["O-date@U1"].reason == Reason.BAD_VALUE
    assert result.rows["O-count@U1"].reason == Reason.BAD_VALUE
    assert result.operational["1.1.1"].reason == Reason.NO_CHILDREN


def test_date_target_for_a_number_is_bad_value():
    value, reason, _ = achievement(Comparator.GE, 5.0, DAY, Settings())
    assert value is None and reason == Reason.BAD_VALUE


def test_all_children_not_evaluable_propagates_no_children_and_renormalises():
    """OS 1.1 has only a non-evaluable IS: IS TOT, OS are NO_CHILDREN; the area
    and the Ente are computed on what is left (weights renormalised)."""
    areas = (ObjectiveInput("OB1", None, 40.0), ObjectiveInput("OB2", None, 60.0))
    strategic = (
        ObjectiveInput("1.1", "OB1", 50.0),
        ObjectiveInput("1.2", "OB1", 50.0),
        ObjectiveInput("2.1", "OB2", 100.0),
    )
    indicators = [
        ind("S-a", target=None, parent="1.1"),
        ind("S-b", target=10, parent="1.2"),
        ind("S-c", target=10, parent="2.1"),
    ]
    rows = [
        RowInput("S-a", "U1", quarters((1,))),
        RowInput("S-b", "U1", quarters((5,))),
        RowInput("S-c", "U2", quarters((10,))),
    ]
    result = evaluate_cycle(
        cycle(indicators, rows, areas=areas, strategic=strategic, operational=())
    )
    assert result.is_totals["1.1"].reason == Reason.NO_CHILDREN
    assert result.strategic["1.1"].reason == Reason.NO_CHILDREN
    assert result.strategic["1.1"] in result.not_evaluable
    ob1 = result.areas["OB1"]
    assert ob1.score == result.strategic["1.2"].score
    assert result.strategic["1.2"].weight == 100  # 1.1 left out: 1.2 weighs all of OB1
    ob2 = result.areas["OB2"].score
    assert result.ente.score == round_half_up((ob1.score * 40 + ob2 * 60) / 100)
    shares = [result.areas[c].share_ente for c in ("OB1", "OB2")]
    assert abs(sum(shares) - result.ente.score) <= 0.01


def test_parent_without_any_child_is_no_children():
    result = evaluate_cycle(
        cycle([ind("S-a")], [RowInput("S-a", "U1", quarters((3,)))])
    )
    assert result.operational["1.1.1"].reason == Reason.NO_CHILDREN
    assert result.operational["1.1.1"] in result.not_evaluable


def test_indicator_without_rows_is_no_data():
    result = evaluate_cycle(
        cycle([ind("S-a"), ind("S-b")], [RowInput("S-a", "U1", quarters((3,)))])
    )
    assert result.indicators["S-b"].reason == Reason.NO_DATA
    assert result.is_totals["1.1"].score == result.indicators["S-a"].score


def test_strategic_objective_without_is_falls_back_to_its_oo():
    operational = (ObjectiveInput("1.1.1", "1.1"), ObjectiveInput("1.1.2", "1.1"))
    indicators = [ind("O-a", target=10), ind("O-b", target=10, parent="1.1.2")]
    rows = [
        RowInput("O-a", "U1", quarters((10,))),
        RowInput("O-b", "U1", quarters((4,))),
    ]
    result = evaluate_cycle(cycle(indicators, rows, operational=operational))
    oo = [result.operational[c].score for c in ("1.1.1", "1.1.2")]
    assert "1.1" not in result.is_totals
    assert result.strategic["1.1"].score == round_half_up(sum(oo) / 2)
    assert result.strategic["1.1"].explanation.rule == "mean"
    assert result.operational["1.1.2"].share_ente == round_half_up(oo[1] / 2)


def test_oo_does_not_feed_an_os_that_has_is():
    indicators = [ind("S-a", target=10), ind("O-a", target=10)]
    rows = [
        RowInput("S-a", "U1", quarters((10,))),
        RowInput("O-a", "U1", quarters((2,))),
    ]
    result = evaluate_cycle(cycle(indicators, rows))
    assert result.strategic["1.1"].score == result.indicators["S-a"].score
    assert result.operational["1.1.1"].score < result.strategic["1.1"].score
    assert result.operational["1.1.1"].share_ente is None


def test_override_stands_even_when_computed_is_not_evaluable():
    strategic = (ObjectiveInput("1.1", "OB1", override=Override(80.0, "why", "SG")),)
    result = evaluate_cycle(
        cycle(
            [ind("S-a", target=None)],
            [RowInput("S-a", "U1", quarters((1,)))],
            strategic=strategic,
        )
    )
    fig = result.strategic["1.1"]
    assert fig.score == 80.0 and fig.overridden and fig.computed_score is None
    assert fig.override_motivation == "why"
    assert dict(fig.explanation.inputs)["author"] == "SG"
    assert result.ente.score == fig.score


def test_weights_on_indicators_are_used_when_all_set():
    indicators = [
        ind("S-a", target=10, weight=75.0),
        ind("S-b", target=10, weight=25.0),
    ]
    rows = [
        RowInput("S-a", "U1", quarters((10,))),
        RowInput("S-b", "U1", quarters((2,))),
    ]
    result = evaluate_cycle(cycle(indicators, rows))
    a, b = (result.indicators[c] for c in ("S-a", "S-b"))
    assert result.is_totals["1.1"].score == round_half_up(
        (a.score * 75 + b.score * 25) / 100
    )
    assert result.is_totals["1.1"].explanation.rule == "weighted_mean"
    assert (a.weight, b.weight) == (75.0, 25.0)
    assert a.share_parent == round_half_up(a.score * 0.75)


# ---------------------------------------------------------- configurable rules


def test_missed_deadline_zero_and_per_day():
    late = DAY + datetime.timedelta(days=5)
    value, reason, expl = achievement(Comparator.DEADLINE, late, DAY, Settings())
    assert value == 0 and reason is None and expl.rule == "deadline"
    settings = Settings(missed_deadline_rule="per_day", points_per_day_late=2.0)
    value, _, expl = achievement(Comparator.DEADLINE, late, DAY, settings)
    assert value == 100 - 5 * 2.0
    assert dict(expl.inputs)["days_late"] == 5
    very_late = DAY + datetime.timedelta(days=400)
    assert achievement(Comparator.DEADLINE, very_late, DAY, settings)[0] == 0
    assert achievement(Comparator.DEADLINE, DAY, DAY, settings)[0] == 100


def test_exact_target_miss_rules():
    below, above, target = 1.0, 3.0, 2.0
    settings = Settings()
    assert achievement(Comparator.EQ, target, target, settings)[0] == 100
    assert (
        achievement(Comparator.EQ, below, target, settings)[0] == below / target * 100
    )
    assert (
        achievement(Comparator.EQ, above, target, settings)[0]
        == (2 - above / target) * 100
    )
    zero = Settings(exact_miss_rule="zero")
    assert achievement(Comparator.EQ, below, target, zero)[0] == 0
    assert achievement(Comparator.EQ, above, target, zero)[0] == 0


def test_zero_targets_never_divide():
    s = Settings()
    assert achievement(Comparator.GE, 0.0, 0, s)[0] == 100
    assert achievement(Comparator.GE, -1.0, 0, s)[0] == 0
    assert achievement(Comparator.LE, 0.0, 0, s)[0] == 100
    assert achievement(Comparator.LE, 1.0, 0, s)[0] == 0


def test_lower_is_better_is_floored_at_zero():
    target = 10.0
    assert achievement(Comparator.LE, target * 3, target, Settings())[0] == 0


def test_tolerance_is_a_setting():
    indicator = ind("S-a", target=100)
    row = RowInput("S-a", "U1", quarters((92,)))
    lenient = evaluate_cycle(cycle([indicator], [row]))
    strict = evaluate_cycle(
        cycle([indicator], [row], settings=Settings(tolerance=95.0))
    )
    assert lenient.rows["S-a@U1"].score == 100
    assert strict.rows["S-a@U1"].score == strict.rows["S-a@U1"].achievement < 100


# ------------------------------------------------------------- measures


def test_average_and_value_measures():
    avg = ind("S-avg", Measure.AVERAGE, Comparator.LE, target=15)
    val = ind("S-val", Measure.VALUE, target=80)
    rows = [
        RowInput("S-avg", "U1", quarters((10,), (None,), (14,))),
        RowInput("S-val", "U1", quarters((70,), (90,), (None,))),
        RowInput("S-val", "U2", quarters((60,))),
    ]
    result = evaluate_cycle(cycle([avg, val], rows))
    assert result.rows["S-avg@U1"].result == (10 + 14) / 2
    assert result.rows["S-val@U1"].result == 90  # latest reported
    assert result.indicators["S-val"].result == (90 + 60) / 2  # mean of the units


def test_entity_date_missing_for_one_unit_is_no_data():
    date_ind = ind("O-d", Measure.DATE, Comparator.DEADLINE, target=DAY)
    rows = [RowInput("O-d", "U1", quarters((DAY,))), RowInput("O-d", "U2", ())]
    result = evaluate_cycle(cycle([date_ind], rows))
    assert result.rows["O-d@U1"].score == 100
    assert result.indicators["O-d"].reason == Reason.NO_DATA
    assert (
        dict(result.indicators["O-d"].explanation.steps[0].inputs)["rows_without_date"]
        == 1
    )


# ---------------------------------------------------------- input errors


@pytest.mark.parametrize(
    "change",
    [
        dict(settings=Settings(missed_deadline_rule="half")),
        dict(settings=Settings(exact_miss_rule="close")),
        dict(up_to=4),
        dict(operational=(ObjectiveInput("1.1.1", "9.9"),)),
        dict(rows=[RowInput("S-x", "U1", ())]),
        dict(rows=[RowInput("S-a", "U1", ()), RowInput("S-a", "U1", ())]),
        dict(indicators=[ind("S-a"), ind("S-a")]),
    ],
)
def test_inconsistent_input_raises(change):
    indicators = change.pop("indicators", [ind("S-a")])
    rows = change.pop("rows", [])
    with pytest.raises(ValueError):
        evaluate_cycle(cycle(indicators, rows, **change))


def test_status_counts_accepts_figures_and_numbers():
    result = evaluate_cycle(
        cycle([ind("S-a")], [RowInput("S-a", "U1", quarters((3,)))])
    )
    scores = [100.0, 50.0, 0.0, None, result.ente]
    counts = status_counts(scores)
    assert (counts["reached"], counts["partial"], counts["not_reached"]) == (2, 1, 1)
    assert counts["not_evaluable"] == 1 and counts["total"] == 4
    assert counts["reached_pct"] == round_half_up(2 * 100 / 4)
    assert status_counts([])["reached_pct"] == 0


def test_levels_of_every_figure():
    result = evaluate_cycle(
        cycle([ind("S-a")], [RowInput("S-a", "U1", quarters((3,)))])
    )
    assert result.rows["S-a@U1"].level == Level.ROW
    assert result.indicators["S-a"].level == Level.INDICATOR
    assert result.units["U1"].level == Level.UNIT and result.units["U1"].unit == "U1"
    assert result.ente.level == Level.ENTE
