"""Walks the verified 2019 reference (reference/*.json next to this file, the one
copy the report addon and the plain pytest tests also read): the expected
figures of the end-to-end tests are read here, never typed.

Plain Python (no odoo import): the Odoo tests import it, and the plain pytest
tests of tests/importer load it by path."""

import datetime
import json
import os

REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference")


def reference(name):
    with open(os.path.join(REFERENCE, name), encoding="utf-8") as handle:
        return json.load(handle)


TREE = reference("tree.json")
SHEETS = reference("unit_sheets.json")


# Entity results the document prints against its own figures (docs/RULES.md,
# "contradictions"): S2.1.1-b and S2.1.4-b print entity figures that disagree
# with each other and with the pooled parameters of their unit sheets;
# O2.1.3-g prints 200,00%, an impossible share (its S5 sheet gives 87,80%).
CONTRADICTED_RESULTS = {"S2.1.1-b", "S2.1.4-b", "O2.1.3-g"}


def frd_code(row_id):
    return "FRD:" + row_id[len("FRD-") :]  # "FRD-ob2-1" -> "FRD:ob2-1"


def frd_rows():
    for area in TREE["ente"]["areas"]:
        for os_ in area["strategic_objectives"]:
            for oo in os_["operational_objectives"]:
                yield from oo.get("frd_rows", [])


FRD_CODES = [frd_code(r["id"]) for r in frd_rows()]  # printed order = FRD sheet order


def sheet_rows():
    """(unit code, indicator code, row) of the 88 unit-sheet rows."""
    for unit in SHEETS["units"]:
        for row in unit["indicators"]:
            code = FRD_CODES[row["seq"] - 1] if row["kind"] == "FRD" else row["code"]
            yield unit["code"], code, row


def tree_indicators():
    for area in TREE["ente"]["areas"]:
        for os_ in area["strategic_objectives"]:
            yield from os_["indicators"]
            for oo in os_["operational_objectives"]:
                yield from oo["indicators"]
    for row in frd_rows():
        yield {**row, "code": frd_code(row["id"])}


def tree_objectives(level):
    for area in TREE["ente"]["areas"]:
        if level == "area":
            yield area
        for os_ in area["strategic_objectives"]:
            if level == "os":
                yield os_
            if level == "oo":
                yield from os_["operational_objectives"]


def printed_value(printed):
    """A reference result as we store it: dates as dates, numbers rounded half-up
    to 2 decimals (the document prints S4 O3.1.3-a unrounded as 8,3333333)."""
    if isinstance(printed, str):
        return datetime.date.fromisoformat(printed)
    return round(printed, 2)
