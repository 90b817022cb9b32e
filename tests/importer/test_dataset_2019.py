"""The 2019 data set parses cleanly and reproduces the published figures.

Expected values are read from the reference JSON (cciaa_performance/tests/reference/,
copied unchanged from the verified transcriptions of the Relazione 2019), never typed.
"""

import datetime
import importlib
import importlib.util

import pytest
from conftest import DATASET, REFERENCE, reader, validate

to_engine = importlib.import_module("cciaa_performance.importer.to_engine")
engine = importlib.import_module("cciaa_performance.engine")


# The reference walker shared with the Odoo end-to-end test (plain Python).
_spec = importlib.util.spec_from_file_location(
    "reference_2019",
    REFERENCE.parent / "reference_2019.py",
)
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)
TREE, SHEETS, FRD_CODES = ref.TREE, ref.SHEETS, ref.FRD_CODES
sheet_rows, tree_indicators, tree_objectives = (
    ref.sheet_rows,
    ref.tree_indicators,
    ref.tree_objectives,
)
_value = ref.printed_value


@pytest.fixture(scope="module")
def parsed():
    parsed, issues = validate.parse(reader.read_sheets(DATASET))
    assert [validate.format_issue(i) for i in issues] == []
    return parsed


@pytest.fixture(scope="module")
def result(parsed):
    return engine.evaluate_cycle(to_engine.cycle_input(parsed))


def test_contents(parsed):
    kinds = [i.kind for i in parsed.indicators]
    n_is = sum(len(os_["indicators"]) for os_ in tree_objectives("os"))
    n_io = sum(len(oo["indicators"]) for oo in tree_objectives("oo"))
    assert (kinds.count("IS"), kinds.count("IO"), kinds.count("FRD")) == (
        n_is,
        n_io,
        len(FRD_CODES),
    )
    assert len(parsed.operational) == len(list(tree_objectives("oo")))
    assert {a.code: a.weight for a in parsed.areas} == {
        a["code"]: a["weight"] for a in tree_objectives("area")
    }
    assert {s.code: s.weight for s in parsed.strategic} == {
        s["code"]: s["weight"] for s in tree_objectives("os")
    }
    assert [(o.objective, o.percent) for o in parsed.overrides] == [
        (s["code"], s["published_pct"])
        for s in tree_objectives("os")
        if s["published_pct"] != s["published_is_total_pct"]
    ]
    # every indicator carries a target of the year, typed (no 2018 date, no serial)
    for ind in parsed.indicators:
        assert ind.target_n is not None
        if isinstance(ind.target_n, datetime.date):
            assert ind.target_n.year == parsed.cycle.year


@pytest.mark.parametrize(
    ("unit", "code", "row"),
    list(sheet_rows()),
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_unit_sheet_rows(result, unit, code, row):
    figure = result.rows[f"{code}@{unit}"]
    assert figure.result == _value(row["result"])
    assert figure.achievement == row["achievement_pct"]
    assert figure.score == row["achievement_capped_pct"]


def test_unit_sheet_row_count(result):
    rows = list(sheet_rows())
    assert all(f"{code}@{unit}" in result.rows for unit, code, _r in rows)
    assert len(rows) == sum(len(u["indicators"]) for u in SHEETS["units"])


@pytest.mark.parametrize("unit", SHEETS["units"], ids=lambda u: u["code"])
def test_unit_results(result, unit):
    assert result.units[unit["code"]].score == unit["published_result_pct"]


@pytest.mark.parametrize("ind", list(tree_indicators()), ids=lambda i: i["code"])
def test_tree_indicator_parametrata(result, ind):
    assert result.indicators[ind["code"]].score == ind["achievement_capped_pct"]


@pytest.mark.parametrize("code", ["S2.1.1-b", "S2.1.4-b"])
def test_entity_pooled_rule(result, code):
    # The document's entity figures for these two disagree with each other and
    # with pooling (S2.1.1-b: 94,63% in 3.0, 94,59% in 3.1; S2.1.4-b: 94,69% /
    # 94,56%). Our rule pools the parameters of all reporting units.
    rows = [row for _u, c, row in sheet_rows() if c == code]
    num = sum(r["parameters"][0]["total"] for r in rows)
    den = sum(r["parameters"][1]["total"] for r in rows)
    printed = next(i for i in tree_indicators() if i["code"] == code)["result"]
    assert result.indicators[code].result == round(num / den * 100, 2)
    assert result.indicators[code].result != printed


@pytest.mark.parametrize("oo", list(tree_objectives("oo")), ids=lambda o: o["code"])
def test_operational_objectives(result, oo):
    assert result.operational[oo["code"]].score == oo["published_pct"]


@pytest.mark.parametrize("os_", list(tree_objectives("os")), ids=lambda o: o["code"])
def test_strategic_objectives(result, os_):
    figure = result.strategic[os_["code"]]
    assert figure.score == os_["published_pct"]
    assert figure.computed_score == os_["published_is_total_pct"]
    assert figure.overridden == (os_["published_pct"] != os_["published_is_total_pct"])


@pytest.mark.parametrize("area", list(tree_objectives("area")), ids=lambda a: a["code"])
def test_areas(result, area):
    assert result.areas[area["code"]].score == area["published_pct"]


def test_ente(result):
    areas = list(tree_objectives("area"))
    expected = sum(a["published_pct"] * a["weight"] for a in areas) / sum(
        a["weight"] for a in areas
    )
    assert result.ente.score == round(expected, 2)
    # Section 1 (and the tree's E row) print 100,0% for the Ente; the weighted
    # areas give 97,75 (97,8% in section 3): one computation, one figure.
    assert result.ente.score != TREE["ente"]["published_pct"]


def test_tree_indicator_results(result):
    """Entity indicators compared on their result, not only the parametrata
    (76 of 77 score 100 in 2019, so a wrong result would pass unseen). The
    differences are the document's own contradictions (docs/RULES.md)."""
    differ = {}
    for ind in tree_indicators():
        figure = result.indicators[ind["code"]]
        if figure.result != _value(ind["result"]):
            differ[ind["code"]] = (figure.result, ind["result"])
    assert set(differ) == ref.CONTRADICTED_RESULTS, differ
