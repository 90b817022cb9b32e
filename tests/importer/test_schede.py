"""Sheet ``schede`` of the import format: the 2019 set and each bad input."""

import copy
import json

import pytest
from conftest import DATASET, REFERENCE, reader, validate


def parse(sheets):
    return validate.parse(sheets)


def errors(issues, code=None):
    found = [i for i in issues if i.severity == validate.ERROR]
    return [i for i in found if i.code == code] if code else found


def individual():
    with open(REFERENCE / "individual.json", encoding="utf-8") as handle:
        return json.load(handle)


def test_2019_schede_parse_clean_with_every_printed_row():
    parsed, issues = parse(reader.read_sheets(DATASET))
    assert not [i for i in issues if i.sheet == "schede"], issues
    data = individual()
    expected = [("SG", o["code"]) for o in data["sg"]["objectives"]] + [
        (po["code"].replace(" ", ""), o["code"])
        for po in data["po"]
        for o in po["objectives"]
    ]
    assert [(r.matricola, r.indicator) for r in parsed.schede] == expected
    assert (
        sum(1 for r in parsed.schede if r.matricola == "SG")
        == (data["summary"]["normalized"]["dirigenti"]["total"])
    )
    assert (
        sum(1 for r in parsed.schede if r.matricola != "SG")
        == (data["summary"]["normalized"]["po"]["total"])
    )
    # the per-P.O. O2.1.4-f values, printed only in section 4, are own results
    own = [r for r in parsed.schede if r.own]
    assert {r.matricola for r in own} == {"PO2", "PO3", "PO4", "PO5"}
    assert all(r.indicator == "O2.1.4-f" and r.comparator == "<=" for r in own)


@pytest.fixture
def sheets(minimal_sheets):
    sheets = copy.deepcopy(minimal_sheets)
    sheets["schede"] = [
        {"matricola": "2", "indicatore": "O2.1.1-a", "unita": "S2", "peso": "60"},
        {
            "matricola": "2",
            "obiettivo": "Riordino archivio",
            "peso": "40",
            "comparatore": "entro",
            "target": "30/09/2019",
        },
    ]
    return sheets


def test_a_valid_scheda(sheets):
    parsed, issues = parse(sheets)
    assert not errors(issues), issues
    first, second = parsed.schede
    assert not first.own and first.unit == "S2"
    assert second.own and second.comparator == "deadline"
    assert second.target.isoformat() == "2019-09-30"


def test_weights_not_summing_to_100(sheets):
    sheets["schede"][0]["peso"] = "50"
    _parsed, issues = parse(sheets)
    assert errors(issues, "weights_not_100")


def test_a_row_on_a_unit_the_employee_never_belonged_to(sheets):
    sheets["schede"][0]["unita"] = "S1"  # employee 2 is only ever in S2
    _parsed, issues = parse(sheets)
    (issue,) = errors(issues, "scheda_unit_outside")
    assert (issue.sheet, issue.row, issue.column) == ("schede", 2, "unita")
    assert "never belonged" in validate.format_issue(issue)


def test_the_same_indicator_twice_on_one_unit(sheets):
    sheets["schede"].append(dict(sheets["schede"][0], peso=""))
    _parsed, issues = parse(sheets)
    assert errors(issues, "scheda_duplicate_row")


def test_an_indicator_row_needs_its_unit_and_an_own_row_its_target(sheets):
    sheets["schede"][0]["unita"] = ""
    del sheets["schede"][1]["target"]
    _parsed, issues = parse(sheets)
    assert errors(issues, "scheda_needs_unit")
    assert [i.column for i in errors(issues, "required")] == ["target"]


def test_unknown_references(sheets):
    sheets["schede"][0].update(matricola="99", indicatore="X9")
    _parsed, issues = parse(sheets)
    assert errors(issues, "unknown_employee") and errors(issues, "unknown_indicator")
