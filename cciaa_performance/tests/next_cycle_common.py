"""The 2019 data set with a three-year plan, for the tests of the next cycle
and of the year-over-year columns.

The published 2019 plan gives the targets of 2019 only (indicatori.csv:
target_n1, target_n2 empty). Its Piano also set the targets of 2020 and
2021; lacking them, the copy made here carries each indicator's 2019 target
forward (a date moved by one and two years), except for the indicators of
the operational objectives in ``without_targets``, which keep no target
N+1: the next cycle must refuse them. No figure is typed: every target comes
from the data set.
"""

import csv
import datetime
import os
import shutil
import tempfile

from .common import DATASET_2019


def read_sheet(folder, name):
    with open(os.path.join(folder, f"{name}.csv"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def shifted(value, measure, years):
    """The 2019 target ``value`` (as written in the CSV) ``years`` later: a
    date moves by that many years, a number stays; None when the date would
    fall after N+2 (the import refuses it)."""
    if measure != "data":
        return value
    day = datetime.date.fromisoformat(value)
    moved = day.replace(year=day.year + years)
    return moved.isoformat() if moved.year <= 2019 + 2 else None


def dataset_with_plan(without_targets=()):
    """A temporary copy of the 2019 data set whose indicators have targets
    for 2020 and 2021 (see the module's docstring); the caller removes it
    (``shutil.rmtree``)."""
    folder = tempfile.mkdtemp(prefix="cciaa_2019_plan_")
    for name in os.listdir(DATASET_2019):
        source = os.path.join(DATASET_2019, name)
        if os.path.isfile(source):
            shutil.copy(source, folder)
    rows = read_sheet(folder, "indicatori")
    for row in rows:
        if row["obiettivo"] in without_targets:
            continue
        row["target_n1"] = shifted(row["target_n"], row["misura"], 1) or ""
        row["target_n2"] = shifted(row["target_n"], row["misura"], 2) or ""
    with open(
        os.path.join(folder, "indicatori.csv"), "w", encoding="utf-8", newline=""
    ) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder
