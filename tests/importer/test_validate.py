"""One test per class of bad input: each asserts sheet, row, column and code."""

import copy
import datetime

import pytest
from conftest import validate


def issues_of(sheets, severity=None):
    _parsed, issues = validate.parse(sheets)
    return [i for i in issues if severity is None or i.severity == severity]


def only(issues, code):
    found = [i for i in issues if i.code == code]
    assert found, f"no {code} in {[validate.format_issue(i) for i in issues]}"
    return found


def where(issue):
    return issue.sheet, issue.row, issue.column, issue.code


def test_minimal_cycle_is_clean(minimal_sheets):
    parsed, issues = validate.parse(minimal_sheets)
    assert issues == []
    assert parsed.cycle.year == 2019
    assert parsed.strategic[1].weight == 37.5  # "37,5"
    assert parsed.indicators[0].units == ("S1", "S2")
    assert parsed.indicators[0].measure == "ratio"
    assert parsed.indicators[1].comparator == "deadline"
    assert parsed.indicators[1].target_n == datetime.date(2019, 6, 30)
    assert parsed.measurements[2].value == datetime.date(2019, 6, 20)
    assert parsed.assignments[2].participation == 50.0
    assert parsed.overrides[0].percent == 91.0


def test_weights_not_100(minimal_sheets):
    minimal_sheets["aree"][1]["peso"] = "50"
    (issue,) = only(issues_of(minimal_sheets), "weights_not_100")
    assert where(issue) == ("aree", 2, "peso", "weights_not_100")
    assert issue.params["total"] == "90"


def test_os_weights_per_area(minimal_sheets):
    minimal_sheets["obiettivi_strategici"][2]["peso"] = "60"
    (issue,) = only(issues_of(minimal_sheets), "weights_not_100")
    assert where(issue) == ("obiettivi_strategici", 3, "peso", "weights_not_100")


def test_oo_weights_only_when_set(minimal_sheets):
    minimal_sheets["obiettivi_operativi"].append(
        {"codice": "2.1.2", "obiettivo_strategico": "2.1", "titolo": "x", "peso": "40"}
    )
    issues = issues_of(minimal_sheets)
    assert [where(i) for i in issues] == [
        ("obiettivi_operativi", 3, "peso", "weight_missing")
    ]


def test_duplicate_code(minimal_sheets):
    minimal_sheets["obiettivi_operativi"][1]["codice"] = "1.1.1"
    issues = issues_of(minimal_sheets)
    (issue,) = only(issues, "duplicate_code")
    assert where(issue) == ("obiettivi_operativi", 3, "codice", "duplicate_code")
    assert issue.params["other_row"] == 2


def test_an_operational_objective_cannot_take_a_strategic_code(minimal_sheets):
    """Overrides and criticità name an objective by its code: one code, one
    objective (an OS and an OO both "1.1" would both take the override)."""
    minimal_sheets["obiettivi_operativi"][1]["codice"] = "1.1"
    (issue,) = only(issues_of(minimal_sheets), "objective_code_taken")
    assert where(issue) == ("obiettivi_operativi", 3, "codice", "objective_code_taken")


def test_unknown_unit(minimal_sheets):
    minimal_sheets["indicatori"][2]["unita"] = "S9"
    minimal_sheets["misurazioni"][3]["unita"] = "S9"
    issues = only(issues_of(minimal_sheets), "unknown_unit")
    assert [where(i) for i in issues] == [
        ("indicatori", 4, "unita", "unknown_unit"),
        ("misurazioni", 5, "unita", "unknown_unit"),
    ]


def test_unit_not_reporting(minimal_sheets):
    minimal_sheets["misurazioni"][3]["unita"] = "S1"
    (issue,) = only(issues_of(minimal_sheets), "unit_not_reporting")
    assert where(issue) == ("misurazioni", 5, "unita", "unit_not_reporting")


def test_unknown_references(minimal_sheets):
    minimal_sheets["obiettivi_strategici"][0]["area"] = "OB9"
    minimal_sheets["indicatori"][1]["obiettivo"] = "9.9.9"
    minimal_sheets["misurazioni"][3]["indicatore"] = "X-1"
    minimal_sheets["assegnazioni"][2]["matricola"] = "99"
    issues = issues_of(minimal_sheets)
    assert ("obiettivi_strategici", 2, "area", "unknown_area") in map(where, issues)
    assert ("indicatori", 3, "obiettivo", "unknown_objective") in map(where, issues)
    assert ("misurazioni", 5, "indicatore", "unknown_indicator") in map(where, issues)
    assert ("assegnazioni", 4, "matricola", "unknown_employee") in map(where, issues)


@pytest.mark.parametrize("text", ["dieci", "1,2,3", "12a", "--"])
def test_text_in_numeric_cell(minimal_sheets, text):
    minimal_sheets["misurazioni"][3]["valore"] = text
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("misurazioni", 5, "valore", "not_a_number")
    assert issue.params["value"] == text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("95,5", 95.5),
        ("95.5", 95.5),
        ("1.234,56", 1234.56),
        ("1,234.56", 1234.56),
        ("80%", 80.0),
        (" 7 ", 7.0),
    ],
)
def test_numbers_italian_and_english(text, number):
    assert validate.parse_number(text) == number


def test_negative_count(minimal_sheets):
    minimal_sheets["misurazioni"][3]["valore"] = "-2"
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("misurazioni", 5, "valore", "negative_value")


def test_target_date_in_previous_year(minimal_sheets):
    # the 2019 document's O2.1.2-c: deadline printed 30/11/2018
    minimal_sheets["indicatori"][1]["target_n"] = "30/11/2018"
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("indicatori", 3, "target_n", "date_outside_cycle")
    assert (issue.params["first"], issue.params["last"]) == (2019, 2021)


def test_measurement_date_outside_year(minimal_sheets):
    minimal_sheets["misurazioni"][2]["valore"] = "2020-06-20"
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("misurazioni", 4, "valore", "date_outside_cycle")


def test_measurement_date_outside_quarter_is_a_warning(minimal_sheets):
    minimal_sheets["misurazioni"][2]["valore"] = "20/12/2019"
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("misurazioni", 4, "valore", "date_outside_quarter")
    assert issue.severity == "warning"


@pytest.mark.parametrize("serial", ["43697", "43697,00", 43697, 43697.0])
def test_serial_date_converted_with_warning(minimal_sheets, serial):
    # the document prints O2.1.4-g as 43697,00 = 20/08/2019
    minimal_sheets["misurazioni"][2]["valore"] = serial
    parsed, issues = validate.parse(minimal_sheets)
    (issue,) = issues
    assert where(issue) == ("misurazioni", 4, "valore", "serial_date_converted")
    assert issue.severity == "warning"
    assert issue.params["date"] == "20/08/2019"
    assert parsed.measurements[2].value == datetime.date(2019, 8, 20)


def test_serial_date_out_of_range_refused(minimal_sheets):
    minimal_sheets["misurazioni"][2]["valore"] = "43000"  # 22/09/2017
    issues = issues_of(minimal_sheets)
    assert [(where(i), i.severity) for i in issues] == [
        (("misurazioni", 4, "valore", "serial_date_converted"), "warning"),
        (("misurazioni", 4, "valore", "date_outside_cycle"), "error"),
    ]
    assert validate.has_errors(issues)


def test_share_above_100(minimal_sheets):
    minimal_sheets["misurazioni"][0]["valore"] = "11"  # 11 done out of 10
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("misurazioni", 2, "valore", "share_above_100")
    assert issue.params["quarter"] == 1


def test_percent_value_above_100(minimal_sheets):
    # a "valore" indicator whose target is a percentage (the document's 200,00%)
    minimal_sheets["indicatori"][2].update({"misura": "valore", "target_n": "90%"})
    minimal_sheets["misurazioni"][3]["valore"] = "200,00%"
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("misurazioni", 5, "valore", "value_above_100")


def test_indicator_without_target(minimal_sheets):
    minimal_sheets["indicatori"][2]["target_n"] = ""
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("indicatori", 4, "target_n", "no_target")


def test_overlapping_assignments_above_100(minimal_sheets):
    minimal_sheets["assegnazioni"].append(
        {
            "matricola": "2",
            "unita": "S1",
            "dal": "01/03/2019",
            "al": "30/04/2019",
            "partecipazione": "60",
        }
    )
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("assegnazioni", 5, "partecipazione", "overlap_above_100")
    assert issue.params["total"] == "110"


def test_consecutive_assignments_do_not_overlap(minimal_sheets):
    # employee 1 moves on 20/05/2019: 100% before and 100% after is fine
    assert issues_of(minimal_sheets) == []


def test_override_percent_and_motivation(minimal_sheets):
    minimal_sheets["valutazioni_motivate"][0].update(
        {"percentuale": "120", "motivazione": ""}
    )
    issues = issues_of(minimal_sheets)
    assert [where(i) for i in issues] == [
        ("valutazioni_motivate", 2, "percentuale", "percent_out_of_range"),
        ("valutazioni_motivate", 2, "motivazione", "required"),
    ]


def test_unknown_column_and_missing_sheet(minimal_sheets):
    minimal_sheets["aree"][0]["pesso"] = "1"
    del minimal_sheets["obiettivi_operativi"]
    issues = issues_of(minimal_sheets)
    assert ("aree", 1, "pesso", "unknown_column") in map(where, issues)
    assert ("obiettivi_operativi", None, None, "missing_sheet") in map(where, issues)


def test_bad_choice_and_comparator_mismatch(minimal_sheets):
    minimal_sheets["indicatori"][0]["misura"] = "percentuale"
    minimal_sheets["indicatori"][2]["comparatore"] = "entro"
    issues = issues_of(minimal_sheets)
    assert ("indicatori", 2, "misura", "bad_choice") in map(where, issues)
    assert ("indicatori", 4, "comparatore", "comparator_mismatch") in map(where, issues)


def test_required_value(minimal_sheets):
    minimal_sheets["unita"][1]["nome"] = " "
    (issue,) = issues_of(minimal_sheets)
    assert where(issue) == ("unita", 3, "nome", "required")


def test_every_code_has_a_message(minimal_sheets):
    broken = copy.deepcopy(minimal_sheets)
    broken["aree"][1]["peso"] = "x"
    broken["indicatori"][2]["target_n"] = ""
    for issue in issues_of(broken):
        assert issue.code in validate.MESSAGES
        text = validate.format_issue(issue)
        assert "%(" not in text and text.startswith(issue.sheet)


def test_format_issue_translates_the_template():
    issue = validate.Issue(
        "misurazioni", 5, "valore", "negative_value", {"value": "-2"}
    )
    italian = {validate.MESSAGES["negative_value"]: "%(value)s è negativo."}
    assert (
        validate.format_issue(issue, italian.get)
        == "misurazioni / 5 / valore: -2 è negativo."
    )
