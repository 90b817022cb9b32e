"""Issues of an import: what is wrong, where (sheet, row, column), and the
English template of each stable code (``MESSAGES``), which the Odoo side
translates. Plain Python, no odoo import."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

# English source strings; the Odoo side passes each through self.env._().
MESSAGES: dict[str, str] = {
    "missing_sheet": "Sheet %(sheet)s is missing.",
    "unknown_sheet": "Sheet %(sheet)s is not part of the format and was ignored.",
    "unknown_column": (
        "Column %(column)s is not part of sheet %(sheet)s (check its spelling)."
    ),
    "duplicate_column": "Column %(column)s appears more than once.",
    "missing_column": "Required column %(column)s is missing.",
    "single_row": "Sheet %(sheet)s must have exactly one row (found %(count)s).",
    "required": "A value is required.",
    "not_a_number": "%(value)s is not a number.",
    "not_a_date": "%(value)s is not a date (use dd/mm/yyyy or yyyy-mm-dd).",
    "serial_date_converted": (
        "%(value)s looks like a spreadsheet serial number: read as the date %(date)s."
    ),
    "bad_choice": "%(value)s is not one of: %(choices)s.",
    "bad_bool": "%(value)s is not yes/no (use si or no).",
    "not_an_integer": "%(value)s is not a whole number.",
    "date_outside_cycle": (
        "The date %(date)s is outside the years allowed here (%(first)s-%(last)s)."
    ),
    "date_outside_quarter": (
        "The date %(date)s does not fall in quadrimester %(quarter)s."
    ),
    "date_order": "The end date %(end)s is before the start date %(start)s.",
    "negative_value": "%(value)s is negative: a measurement must be zero or more.",
    "percent_out_of_range": "%(value)s is outside 0-100.",
    "share_above_100": (
        "Parameter 1 (%(numerator)s) is greater than parameter 2 (%(denominator)s) for "
        "%(indicator)s / %(unit)s in quadrimester %(quarter)s: "
        "a share above 100%% is impossible."
    ),
    "value_above_100": (
        "%(value)s is above 100, but indicator %(indicator)s is a percentage."
    ),
    "weights_not_100": "The weights of %(group)s sum to %(total)s instead of 100.",
    "weight_missing": (
        "Weight missing: the other objectives or indicators of %(group)s have one."
    ),
    "duplicate_code": "Code %(code)s is used twice (also on row %(other_row)s).",
    "duplicate_measurement": (
        "Measurement already given on row %(other_row)s for %(indicator)s / %(unit)s, "
        "quadrimester %(quarter)s, parameter %(parameter)s."
    ),
    "unknown_unit": "Unit %(code)s is not in sheet unita.",
    "unknown_area": "Area %(code)s is not in sheet aree.",
    "unknown_objective": "Objective %(code)s is not in the objectives sheets.",
    "objective_code_taken": (
        "Code %(code)s is already a strategic objective: an operational objective "
        "needs a code of its own."
    ),
    "unknown_indicator": "Indicator %(code)s is not in sheet indicatori.",
    "unknown_employee": "Employee %(code)s is not in sheet dipendenti.",
    "no_target": "Indicator %(code)s has no target for year N (target_n).",
    "target_type": (
        "Target %(value)s does not suit measure %(measure)s "
        "(a date for data, a number otherwise)."
    ),
    "comparator_mismatch": (
        "Comparator %(comparator)s does not suit measure %(measure)s "
        "(entro goes with data, and only with it)."
    ),
    "aggregation_mismatch": (
        "Aggregation %(aggregation)s does not suit measure %(measure)s "
        "(dates: aggregato, data_ultima, data_prima, ogni_unita; numbers: "
        "aggregato, somma, media, minimo, massimo, ogni_unita)."
    ),
    "no_parameter_2": (
        "Parameter 2 is for rapporto indicators only (%(indicator)s is %(measure)s)."
    ),
    "missing_denominator": (
        "Indicator %(indicator)s is a rapporto but has no name for parameter 2."
    ),
    "unit_not_reporting": (
        "Unit %(unit)s is not among the reporting units of %(indicator)s (%(units)s)."
    ),
    "overlap_above_100": (
        "Employee %(employee)s would be assigned %(total)s%% on %(date)s "
        "(overlapping assignments above 100%%)."
    ),
    "parent_cycle": "Unit %(code)s is its own ancestor.",
}


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None  # spreadsheet row (header = 1); None = the sheet as a whole
    column: str | None
    code: str
    params: dict = field(default_factory=dict)
    severity: str = ERROR


def format_issue(issue: Issue, translate=lambda s: s) -> str:
    """ "sheet, row, column: message" with the message translated then filled."""
    params = {"sheet": issue.sheet, "column": issue.column or "", **issue.params}
    template = translate(MESSAGES.get(issue.code, issue.code))
    try:
        message = template % params
    except (KeyError, TypeError, ValueError):
        message = f"{template} {params}"
    where = [issue.sheet]
    if issue.row is not None:
        where.append(str(issue.row))
    if issue.column:
        where.append(issue.column)
    return f"{' / '.join(where)}: {message}"


def has_errors(issues) -> bool:
    return any(i.severity == ERROR for i in issues)


# scheda rows (sheet schede)
MESSAGES.update(
    {
        "scheda_needs_objective": (
            "Give the indicator code or the title of an own objective."
        ),
        "scheda_needs_unit": "Indicator %(indicator)s needs the unit it is valued on.",
        "scheda_duplicate_row": (
            "%(indicator)s is already valued on %(unit)s for %(employee)s (row "
            "%(other_row)s): an indicator appears once per unit."
        ),
        "scheda_unit_outside": (
            "Employee %(employee)s never belonged to unit %(unit)s (no assignment "
            "there, not its head): the objective cannot be valued on it."
        ),
    }
)
