"""Build engine inputs from the reference JSON of the 2019 Relazione
(cciaa_performance/tests/reference/).

Nothing here types a figure: every value comes from unit_sheets.json or tree.json.
"""

from __future__ import annotations

import datetime
import functools
import json
import pathlib

from cciaa_engine import (
    Comparator,
    CycleInput,
    IndicatorInput,
    Measure,
    ObjectiveInput,
    Override,
    QuadrimesterValues,
    RowInput,
    Settings,
    calendar,
    evaluate_cycle,
)

REPO = pathlib.Path(__file__).resolve().parents[2]
REFERENCE_DIR = REPO / "cciaa_performance" / "tests" / "reference"

UNIT_MEASURES = {
    "ratio": Measure.RATIO,
    "count": Measure.COUNT,
    "average": Measure.AVERAGE,
    "date": Measure.DATE,
}
UNIT_COMPARATORS = {
    ">=": Comparator.GE,
    "<=": Comparator.LE,
    "=": Comparator.EQ,
    "by_date": Comparator.DEADLINE,
}


@functools.cache
def load_reference(name: str):
    """A reference JSON copied unchanged (docs/RULES.md; read once)."""
    with open(REFERENCE_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def unit_sheets() -> dict:
    return load_reference("unit_sheets.json")


def tree() -> dict:
    return load_reference("tree.json")


def unit_sheet_rows():
    """Every (unit, row) pair of the seven unit sheets, in document order."""
    for unit in unit_sheets()["units"]:
        for row in unit["indicators"]:
            yield unit, row


@functools.cache
def evaluated_unit_sheets(up_to_quadrimester: int = 3):
    """``(CycleResult, keys)`` for the unit sheets, evaluated once per quarter."""
    cycle, keys = unit_sheets_cycle(unit_sheets(), up_to_quadrimester)
    return evaluate_cycle(cycle), keys


@functools.cache
def evaluated_tree(as_printed: bool):
    """The tree cycle (see :func:`tree_cycle`) evaluated once."""
    return evaluate_cycle(tree_cycle(tree(), unit_sheets(), as_printed=as_printed))


def parse_printed_pct(text: str) -> float:
    """ "94,59%" → 94.59 (a printed string kept in the reference JSON)."""
    return float(text.strip().rstrip("%").strip().replace(".", "").replace(",", "."))


def parse_value(value):
    """An ISO date string becomes a date; numbers stay numbers; None stays None."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


quarter_of = calendar.quadrimester_of  # the engine's one calendar


# ---------------------------------------------------------------- unit sheets


def unit_row_code(row: dict) -> str:
    """FRD codes repeat inside the FRD sheet (docs/RULES.md R5): add the seq."""
    if row["kind"] == "FRD":
        return f"{row['code']}#{row['seq']}"
    return row["code"]


def unit_row_quarters(row: dict) -> tuple[QuadrimesterValues, ...]:
    """q1..q3 per parameter; a merged value goes to the quadrimester of its date, a
    merged number (S5 S2.1.3-a's count "2") to quadrimester III."""
    params = row["parameters"]
    cells = {q: [p[f"q{q}"] for p in params] for q in (1, 2, 3)}
    for index, param in enumerate(params):
        merged = parse_value(param["merged_value"])
        if merged is None:
            continue
        quarter = quarter_of(merged) if isinstance(merged, datetime.date) else 3
        cells[quarter][index] = merged
    return tuple(QuadrimesterValues(q, tuple(cells[q])) for q in (1, 2, 3))


def unit_row_indicator(row: dict) -> IndicatorInput:
    kind = row["kind"]
    return IndicatorInput(
        code=unit_row_code(row),
        kind=kind,
        parent="OS" if kind == "IS" else "OO",
        measure=UNIT_MEASURES[row["measure"]],
        comparator=UNIT_COMPARATORS[row["direction"]],
        target=parse_value(row["target"]),
        counts_in_parent=kind != "FRD",
    )


def unit_sheets_cycle(
    data: dict, up_to_quadrimester: int = 3, settings: Settings | None = None
):
    """One cycle holding the 88 rows of the seven unit sheets under a one-branch tree.

    Returns ``(cycle, keys)`` where ``keys[(unit, seq)]`` is the row key. An
    indicator that appears in several sheets (S2.1.1-b …) is one indicator with
    one row per unit, so its entity-level figure pools the units.
    """
    indicators: dict[str, IndicatorInput] = {}
    rows = []
    keys = {}
    for unit in data["units"]:
        for row in unit["indicators"]:
            ind = unit_row_indicator(row)
            known = indicators.setdefault(ind.code, ind)
            assert known == ind, f"{ind.code} differs between unit sheets"
            row_input = RowInput(ind.code, unit["code"], unit_row_quarters(row))
            rows.append(row_input)
            keys[(unit["code"], row["seq"])] = row_input.key
    cycle = CycleInput(
        settings=settings or Settings(),
        areas=(ObjectiveInput("AREA", None),),
        strategic=(ObjectiveInput("OS", "AREA"),),
        operational=(ObjectiveInput("OO", "OS"),),
        indicators=tuple(indicators.values()),
        rows=tuple(rows),
        up_to_quadrimester=up_to_quadrimester,
    )
    return cycle, keys


# ----------------------------------------------------------------------- tree


def tree_indicator_rows(tree: dict):
    """Yield ``(row, kind, parent_code)`` for every IS, IO and FRD row of tree.json."""
    for area in tree["ente"]["areas"]:
        for os_ in area["strategic_objectives"]:
            for row in os_["indicators"]:
                yield row, "IS", os_["code"]
            for oo in os_["operational_objectives"]:
                for row in oo["indicators"]:
                    yield row, "IO", oo["code"]
                for row in oo.get("frd_rows", ()):
                    yield row, "FRD", oo["code"]


def tree_comparator(row: dict) -> Comparator:
    """Direction printed in the tree: ">" and ">=" are higher-is-better, "<=" on a
    date is a deadline, "=" is exact; S2.1.3-a's ">= / <=" is a count (≥)."""
    direction = row["direction"]
    if direction == "=":
        return Comparator.EQ
    if direction == "<=":
        return Comparator.DEADLINE if row["target_kind"] == "date" else Comparator.LE
    return Comparator.GE


def tree_result(row: dict, *, decode_serial: bool):
    """The printed result; O2.1.4-g's spreadsheet serial is kept as the number
    43697 unless ``decode_serial`` (tree.json also holds the decoded date)."""
    if not decode_serial and "result_serial_number" in row:
        return row["result_serial_number"]
    return parse_value(row["result"])


def tree_cycle(
    tree: dict, unit_sheets: dict | None = None, *, as_printed: bool = False
):
    """The 2019 tree as a cycle, one row per indicator valued with its printed result.

    A date result is a DATE measure reported in its quadrimester, a number is a
    VALUE in quadrimester III (so achievement and parametrata are recomputed
    from the printed result and target). Weights are the area and OS weights
    of tree.json; indicators and OO carry none.

    ``as_printed`` keeps the document's errors (target 30/11/2018 of O2.1.2-c,
    the serial 43697 of O2.1.4-g) and no override. Otherwise O2.1.2-c takes
    the target printed in the S0 unit sheet (``unit_sheets``), O2.1.4-g the
    decoded date, and every OS whose published % differs from its IS TOT gets
    an override with that published % and the tree note as motivation (3.2: 91).
    """
    corrected_targets = {}
    if not as_printed:
        for unit in unit_sheets["units"]:
            for row in unit["indicators"]:
                corrected_targets.setdefault(row["code"], parse_value(row["target"]))
    areas, strategic, operational = [], [], []
    for area in tree["ente"]["areas"]:
        areas.append(ObjectiveInput(area["code"], None, area["weight"]))
        for os_ in area["strategic_objectives"]:
            override = None
            if not as_printed and os_["published_pct"] != os_["published_is_total_pct"]:
                override = Override(os_["published_pct"], os_["note"])
            strategic.append(
                ObjectiveInput(os_["code"], area["code"], os_["weight"], override)
            )
            for oo in os_["operational_objectives"]:
                operational.append(
                    ObjectiveInput(oo["code"], os_["code"], oo["weight"])
                )
    indicators, rows = [], []
    for row, kind, parent in tree_indicator_rows(tree):
        result = tree_result(row, decode_serial=not as_printed)
        target = parse_value(row["target"])
        if not as_printed and row["code"] == "O2.1.2-c":
            # typo in 3.0/3.2 (30/11/2018); the S0 unit sheet prints 30/11/2019
            # (docs/RULES.md C7)
            target = corrected_targets[row["code"]]
        comparator = tree_comparator(row)
        if comparator is Comparator.DEADLINE:
            measure = Measure.DATE
            quarter = quarter_of(result) if isinstance(result, datetime.date) else 3
        else:
            measure, quarter = Measure.VALUE, 3
        indicators.append(
            IndicatorInput(
                code=row["id"],
                kind=kind,
                parent=parent,
                measure=measure,
                comparator=comparator,
                target=target,
                weight=row["weight"],
                counts_in_parent=row.get("counts_toward_oo_pct", True),
            )
        )
        unit = row["units"][0] if row.get("units") else "ENTE"
        values = {q: (None,) for q in (1, 2, 3)}
        values[quarter] = (result,)
        rows.append(
            RowInput(
                row["id"],
                unit,
                tuple(QuadrimesterValues(q, values[q]) for q in (1, 2, 3)),
            )
        )
    return CycleInput(
        settings=Settings(),
        areas=tuple(areas),
        strategic=tuple(strategic),
        operational=tuple(operational),
        indicators=tuple(indicators),
        rows=tuple(rows),
    )
