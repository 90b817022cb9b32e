"""The calendar of a cycle: its three quadrimesters (docs/DOMAIN.md).

One place for what a quadrimester is (its months, first and last day, its
Roman numeral and label), used by the importer, the models and the reports.
Plain Python, no odoo import.
"""

from __future__ import annotations

import calendar
import datetime

QUADRIMESTERS = (1, 2, 3)
MONTHS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}  # first and last month
ROMAN = {1: "I", 2: "II", 3: "III"}
# the selection of the Odoo fields (values are strings there)
SELECTION = [("1", "I (Jan–Apr)"), ("2", "II (May–Aug)"), ("3", "III (Sep–Dec)")]


def quadrimester_of(day: datetime.date) -> int:
    """The quadrimester that contains ``day``."""
    return (day.month - 1) // 4 + 1


def period(year: int, quadrimester: int | str) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) of a quadrimester of ``year``."""
    first, last = MONTHS[int(quadrimester)]
    return (
        datetime.date(year, first, 1),
        datetime.date(year, last, calendar.monthrange(year, last)[1]),
    )
