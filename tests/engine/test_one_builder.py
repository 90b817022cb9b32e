"""The one builder of the engine input (engine/build.py) and the entity
aggregation of an indicator reported by several units (docs/RULES.md R2).

Expected values are derived in each test from the inputs it builds.
"""

import datetime

import pytest
from cciaa_engine import Reason, Settings, evaluate_cycle, round_half_up
from cciaa_engine import build as b
from cciaa_engine.types import AGGREGATIONS

D = datetime.date


def plan(indicators, measurements, **kw):
    return b.cycle_input(
        settings=kw.pop("settings", Settings()),
        areas=kw.pop("areas", [b.AreaRow("OB1", 100)]),
        strategic=kw.pop("strategic", [b.ObjectiveRow("1.1", "OB1", 100)]),
        operational=kw.pop("operational", [b.ObjectiveRow("1.1.1", "1.1", None)]),
        indicators=indicators,
        measurements=measurements,
        **kw,
    )


def io(code, measure="count", comparator=">=", target=2, units=("U1", "U2"), **kw):
    return b.IndicatorRow(
        code=code,
        kind=kw.pop("kind", "IO"),
        parent=kw.pop("parent", "1.1.1"),
        measure=measure,
        comparator=comparator,
        target=target,
        weight=kw.pop("weight", None),
        units=units,
        **kw,
    )


def m(indicator, unit, quarter, value, parameter=1):
    return b.MeasurementRow(indicator, unit, quarter, parameter, value)


# ------------------------------------------------------------ rows


def test_every_reporting_unit_has_a_row_reported_or_not():
    cycle = plan([io("O-a", units=("U1", "U2", "U3"))], [m("O-a", "U1", 1, 3)])
    keys = [row.key for row in cycle.rows]
    assert keys == ["O-a@U1", "O-a@U2", "O-a@U3"]
    result = evaluate_cycle(cycle)
    assert result.rows["O-a@U2"].reason is Reason.NO_DATA
    # the unit that has not reported is in its unit's figure: not evaluable
    assert not result.units["U2"].evaluable


def test_a_date_indicator_is_not_done_before_its_last_unit():
    day = D(2019, 6, 1)
    ind = io("O-d", "date", "deadline", D(2019, 6, 30), units=("U1", "U2"))
    result = evaluate_cycle(plan([ind], [m("O-d", "U1", 2, day)]))
    assert result.indicators["O-d"].reason is Reason.NO_DATA
    both = evaluate_cycle(plan([ind], [m("O-d", "U1", 2, day), m("O-d", "U2", 2, day)]))
    assert both.indicators["O-d"].result == day


def test_a_measurement_outside_the_reporting_units_is_kept():
    cycle = plan([io("O-a", units=("U1",))], [m("O-a", "U9", 1, 4)])
    assert [row.key for row in cycle.rows] == ["O-a@U1", "O-a@U9"]


# ------------------------------------------------------------ weights


@pytest.mark.parametrize("empty", [None, 0, 0.0])
def test_siblings_without_weight_weigh_the_same(empty):
    cycle = plan(
        [
            io("O-a", weight=empty, units=("U1",)),
            io("O-b", weight=empty, units=("U1",)),
        ],
        [m("O-a", "U1", 1, 2), m("O-b", "U1", 1, 0)],
    )
    assert {i.weight for i in cycle.indicators} == {None}
    scores = [evaluate_cycle(cycle).indicators[c].score for c in ("O-a", "O-b")]
    oo = evaluate_cycle(cycle).operational["1.1.1"]
    assert oo.score == round_half_up(sum(scores) / 2)


def test_a_weight_of_zero_stays_zero():
    """100/0 siblings: the OO is its weighted child, not the mean of both."""
    cycle = plan(
        [io("O-a", weight=100, units=("U1",)), io("O-b", weight=0, units=("U1",))],
        [m("O-a", "U1", 1, 2), m("O-b", "U1", 1, 0)],
    )
    result = evaluate_cycle(cycle)
    assert [i.weight for i in cycle.indicators] == [100.0, 0.0]
    assert result.operational["1.1.1"].score == result.indicators["O-a"].score
    assert result.indicators["O-a"].score != result.indicators["O-b"].score


# ------------------------------------------------------------ aggregation


COUNTS = {"U1": 14, "U2": 0, "U3": 2}


def counted(aggregation, counts=COUNTS):
    ind = io("O-c", units=tuple(counts), aggregation=aggregation)
    rows = [m("O-c", unit, 1, value) for unit, value in counts.items()]
    return evaluate_cycle(plan([ind], rows)).indicators["O-c"]


def test_pooled_count_is_the_sum_over_units():
    assert counted("pooled").result == sum(COUNTS.values())


@pytest.mark.parametrize(
    "aggregation, expected",
    [
        ("sum", sum(COUNTS.values())),
        ("mean", round_half_up(sum(COUNTS.values()) / len(COUNTS))),
        ("min", min(COUNTS.values())),
        ("max", max(COUNTS.values())),
    ],
)
def test_aggregations_of_the_units_results(aggregation, expected):
    figure = counted(aggregation)
    assert figure.result == expected
    assert figure.explanation.steps[0].rule == f"units_{aggregation}"


def test_every_unit_must_reach_it_is_the_worst_unit():
    """Counts 14, 0, 0 against "≥ 2 every unit": not reached at entity level,
    while the pooled sum (14) would reach it."""
    assert counted("pooled", {"U1": 14, "U2": 0}).score == 100
    worst = counted("all_units", {"U1": 14, "U2": 0})
    assert worst.result == 0 and worst.score == 0


@pytest.mark.parametrize("aggregation", ["min", "max", "all_units"])
def test_min_max_and_every_unit_need_every_unit(aggregation):
    ind = io("O-c", units=("U1", "U2"), aggregation=aggregation)
    result = evaluate_cycle(plan([ind], [m("O-c", "U1", 1, 5)]))
    assert result.indicators["O-c"].reason is Reason.NO_DATA


def test_sum_and_mean_use_the_units_that_reported():
    ind = io("O-c", units=("U1", "U2"), aggregation="mean")
    result = evaluate_cycle(plan([ind], [m("O-c", "U1", 1, 5)]))
    assert result.indicators["O-c"].result == 5


def test_dates_latest_and_earliest():
    days = {"U1": D(2019, 3, 1), "U2": D(2019, 6, 20)}
    for aggregation, pick in (("latest", max), ("earliest", min), ("pooled", max)):
        ind = io(
            "O-d",
            "date",
            "deadline",
            D(2019, 6, 30),
            units=tuple(days),
            aggregation=aggregation,
        )
        rows = [m("O-d", u, 1 if d.month <= 4 else 2, d) for u, d in days.items()]
        assert evaluate_cycle(plan([ind], rows)).indicators["O-d"].result == pick(
            days.values()
        )


@pytest.mark.parametrize(
    "measure, aggregation",
    [
        (measure, aggregation)
        for measure in AGGREGATIONS
        for aggregation in ("sum", "latest", "earliest", "min")
        if aggregation not in AGGREGATIONS[measure]
    ],
)
def test_an_aggregation_that_does_not_suit_the_measure_is_refused(measure, aggregation):
    comparator = "deadline" if measure == "date" else ">="
    ind = io("O-x", measure, comparator, units=("U1", "U2"), aggregation=aggregation)
    with pytest.raises(ValueError, match="aggregation"):
        evaluate_cycle(plan([ind], []))
