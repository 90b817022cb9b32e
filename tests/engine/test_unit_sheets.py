"""The 88 rows and 7 unit results of the 2019 unit sheets (unit_sheets.json).

Expected figures are the printed ones in
cciaa_performance/tests/reference/unit_sheets.json.
"""

import datetime

import pytest
from cciaa_engine import Level, Measure, Reason, round_half_up
from engine_reference import (
    evaluated_unit_sheets,
    parse_printed_pct,
    parse_value,
    quarter_of,
    tree,
    unit_row_code,
    unit_sheet_rows,
    unit_sheets,
)

ROWS = list(unit_sheet_rows())
ROW_IDS = [f"{unit['code']}-{row['seq']}-{row['code']}" for unit, row in ROWS]


def row_figure(unit, row, up_to_quadrimester=3):
    result, keys = evaluated_unit_sheets(up_to_quadrimester)
    return result.rows[keys[(unit["code"], row["seq"])]]


def test_all_88_rows_are_present():
    result, keys = evaluated_unit_sheets()
    assert len(ROWS) == len(result.rows) == len(keys)
    assert sum(len(u["indicators"]) for u in unit_sheets()["units"]) == len(ROWS)


@pytest.mark.parametrize(("unit", "row"), ROWS, ids=ROW_IDS)
def test_row_result_achievement_and_parametrata(unit, row):
    fig = row_figure(unit, row)
    assert fig.level == Level.ROW
    assert fig.unit == unit["code"]
    assert fig.evaluable, fig.explanation
    expected = parse_value(row["result"])
    if isinstance(expected, datetime.date):
        assert fig.result == expected
    else:
        # our rule: results are stored rounded half-up to 2 decimals
        # (docs/RULES.md R9)
        assert fig.result == round_half_up(expected)
    assert fig.achievement == row["achievement_pct"]
    assert fig.score == row["achievement_capped_pct"]


def test_unrounded_printed_result_is_stored_rounded():
    """S4 O3.1.3-a prints 8,3333333 (unrounded); we store 8,33 like every result."""
    unrounded = [
        (unit, row)
        for unit, row in ROWS
        if isinstance(row["result"], float)
        and round_half_up(row["result"]) != row["result"]
    ]
    assert [(u["code"], r["code"]) for u, r in unrounded] == [("S4", "O3.1.3-a")]
    unit, row = unrounded[0]
    fig = row_figure(unit, row)
    assert fig.result != row["result"]
    assert fig.result == round_half_up(row["result"])
    assert fig.explanation.steps[0].rule == "average_mean"


def test_frd_ob2_rounds_before_scoring():
    """FRD ob2 (days): 17,33 → 84,47%; the unrounded mean would give 84,44%."""
    frd = next(u for u in unit_sheets()["units"] if u["code"] == "FRD")
    row = next(r for r in frd["indicators"] if r["measure"] == "average")
    fig = row_figure(frd, row)
    assert fig.result == row["result"]
    assert fig.achievement == row["achievement_pct"] == fig.score
    steps = fig.explanation.steps
    assert [s.rule for s in steps] == ["average_mean", "achievement_le"]
    assert fig.explanation.rule == "parametrata"
    assert "17,33" in steps[1].formula and "84,47" in steps[1].formula
    days = [row["parameters"][0][f"q{q}"] for q in (1, 2, 3)]
    unrounded = sum(days) / len(days)
    assert round_half_up((2 - unrounded / row["target"]) * 100) != fig.achievement


@pytest.mark.parametrize("unit", unit_sheets()["units"], ids=lambda u: u["code"])
def test_unit_result(unit):
    """Unit result = unweighted mean of the row scores (FRD: 97,41)."""
    result, _ = evaluated_unit_sheets()
    fig = result.units[unit["code"]]
    assert fig.level == Level.UNIT
    assert fig.score == unit["published_result_pct"]
    assert fig.explanation.rule == "mean"
    assert len(fig.explanation.inputs) == len(unit["indicators"])


def test_frd_rows_do_not_feed_the_oo_but_feed_the_frd_unit():
    result, _ = evaluated_unit_sheets()
    frd_codes = {unit_row_code(r) for u, r in ROWS if r["kind"] == "FRD"}
    oo_inputs = {code for code, _ in result.operational["OO"].explanation.inputs}
    assert not frd_codes & oo_inputs
    assert frd_codes <= set(result.indicators)


# ------------------------------------------------------------------ pooling


def _pooled_from_totals(code):
    """Σ of the printed per-unit TOT cells of each parameter, over S0–S5."""
    rows = [r for _, r in ROWS if r["code"] == code]
    numerator = sum(r["parameters"][0]["total"] for r in rows)
    denominator = sum(r["parameters"][1]["total"] for r in rows)
    return numerator, denominator, len(rows)


def _tree_row(code):
    for area in tree()["ente"]["areas"]:
        for os_ in area["strategic_objectives"]:
            for row in os_["indicators"]:
                if row["code"] == code:
                    return row
    raise KeyError(code)


@pytest.mark.parametrize("code", ["S2.1.1-b", "S2.1.4-b"])
def test_entity_level_pools_all_units(code):
    """S2.1.1-b: 275/291 = 94,50 (printed 94,63 in 3.0 and 94,59 in 3.1);
    S2.1.4-b: 769/812 = 94,70 (printed 94,69 and 94,56). The document's own
    entity figures disagree with each other and with pooling its unit sheets:
    we pool (docs/RULES.md R2, C3) and therefore differ from both."""
    result, _ = evaluated_unit_sheets()
    fig = result.indicators[code]
    numerator, denominator, units = _pooled_from_totals(code)
    assert fig.level == Level.INDICATOR
    assert fig.result == round_half_up(numerator / denominator * 100)
    ratio = fig.explanation.steps[0]
    assert ratio.rule == "ratio_pooled"
    inputs = dict(ratio.inputs)
    assert inputs["numerator_sum"] == numerator
    assert inputs["denominator_sum"] == denominator
    assert inputs["rows"] == units
    assert ratio.formula.startswith(f"{numerator} / {denominator} × 100 = ")
    printed = _tree_row(code)
    assert fig.result != printed["result"]  # section 3.0
    assert fig.result != parse_printed_pct(printed["section_3_1"]["result_printed"])
    assert fig.score == printed["achievement_capped_pct"]  # all three score 100


def test_pooled_formula_reads_the_italian_way():
    result, _ = evaluated_unit_sheets()
    numerator, denominator, _ = _pooled_from_totals("S2.1.1-b")
    expected = round_half_up(numerator / denominator * 100)
    formula = result.indicators["S2.1.1-b"].explanation.steps[0].formula
    assert formula.endswith(f"{expected:.2f}".replace(".", ","))


def test_entity_date_is_the_last_unit_to_finish():
    """O2.1.4-c is reported by S0–S5: the entity is done when the last unit is."""
    result, _ = evaluated_unit_sheets()
    dates = [parse_value(r["result"]) for _, r in ROWS if r["code"] == "O2.1.4-c"]
    assert len(dates) == 6
    assert result.indicators["O2.1.4-c"].result == max(dates)


# ------------------------------------------------------------- year to date


def _oracle(row, up_to):
    """Expected year-to-date result from the JSON cells (independent of the engine)."""
    params = row["parameters"]
    if row["measure"] == "date":
        day = parse_value(params[0]["merged_value"])
        return (day, None) if quarter_of(day) <= up_to else (None, Reason.NO_DATA)
    cells = [
        [p[f"q{q}"] for q in range(1, up_to + 1) if p[f"q{q}"] is not None]
        for p in params
    ]
    merged = params[0]["merged_value"]
    if merged is not None and up_to == 3:  # S5 S2.1.3-a's single count sits in III
        cells[0].append(merged)
    if not any(cells):
        return None, Reason.NO_DATA
    if row["measure"] == "ratio":
        if sum(cells[1]) == 0:
            return None, Reason.ZERO_DENOMINATOR
        return round_half_up(sum(cells[0]) / sum(cells[1]) * 100), None
    if row["measure"] == "count":
        return round_half_up(sum(cells[0])), None
    return round_half_up(sum(cells[0]) / len(cells[0])), None


@pytest.mark.parametrize("up_to", [1, 2, 3])
def test_year_to_date_rows(up_to):
    for unit, row in ROWS:
        fig = row_figure(unit, row, up_to)
        expected, reason = _oracle(row, up_to)
        assert fig.reason == reason, (unit["code"], row["code"])
        assert fig.result == expected, (unit["code"], row["code"])
        assert fig.evaluable == (reason is None)


def test_date_completed_in_third_quadrimester_is_no_data_at_second():
    late = [
        (u, r)
        for u, r in ROWS
        if r["measure"] == "date"
        and quarter_of(parse_value(r["parameters"][0]["merged_value"])) == 3
    ]
    assert late
    for unit, row in late:
        fig = row_figure(unit, row, 2)
        assert fig.reason == Reason.NO_DATA
        assert fig in evaluated_unit_sheets(2)[0].not_evaluable
        assert row_figure(unit, row, 3).result == parse_value(row["result"])


def test_ratio_after_first_quadrimester_uses_q1_only():
    """S1 S2.1.1-b after quadrimester I: q1 numerator / q1 denominator."""
    unit, row = next(
        (u, r) for u, r in ROWS if u["code"] == "S1" and r["code"] == "S2.1.1-b"
    )
    fig = row_figure(unit, row, 1)
    num, den = (p["q1"] for p in row["parameters"])
    assert fig.result == round_half_up(num / den * 100)
    assert dict(fig.explanation.steps[0].inputs)["up_to_quadrimester"] == 1


def test_year_to_date_entity_date_waits_for_every_unit():
    """O2.1.4-c: all six units finished in quadrimester II (June)."""
    dates = [parse_value(r["result"]) for _, r in ROWS if r["code"] == "O2.1.4-c"]
    assert {quarter_of(d) for d in dates} == {2}
    first, _ = evaluated_unit_sheets(1)
    second, _ = evaluated_unit_sheets(2)
    assert first.indicators["O2.1.4-c"].reason == Reason.NO_DATA
    assert second.indicators["O2.1.4-c"].result == max(dates)


def test_year_to_date_unit_results_skip_rows_without_data():
    result, keys = evaluated_unit_sheets(1)
    for unit in unit_sheets()["units"]:
        figs = [result.rows[keys[(unit["code"], r["seq"])]] for r in unit["indicators"]]
        scores = [f.score for f in figs if f.evaluable]
        fig = result.units[unit["code"]]
        if scores:
            assert fig.score == round_half_up(sum(scores) / len(scores))
        else:
            assert fig.reason == Reason.NO_CHILDREN


def test_measures_are_mixed():
    measures = {parse_measure for parse_measure in (r["measure"] for _, r in ROWS)}
    assert {m.value for m in Measure} - {"value"} == measures
