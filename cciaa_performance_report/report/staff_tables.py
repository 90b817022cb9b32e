"""Staff tables of the Relazione (section 2.2): plain Python, no odoo import.

Counts the staff in service on 31 December of each year by category, age
class, seniority class, working time, education and sex, and the
gender-sensitive indicators of section 3.4. Every table has a class for
missing data ("Non indicato"), so that its rows always add up to the
headcount of the year: the 2019 document printed a seniority total of 32
over rows summing to 31 (organisation.json, ``by_seniority``).

An employee is a mapping with the keys ``gender``, ``birthday``,
``hire_date``, ``end_date``, ``category``, ``part_time`` (working time %),
``education`` and ``contract``. Only employees with a hire date are
counted: staff on loan or in convenzione (for example a Segretario Generale
shared with another chamber) carry none.
"""

from __future__ import annotations

import datetime

UNKNOWN = "unknown"
UNKNOWN_LABEL = "Non indicato"

# (dimension, title, [(key, label)]); keys are matched by _classify
DIMENSIONS = (
    (
        "category",
        "Categorie",
        (
            ("dirigente", "Categoria dirigenziale"),
            ("D", "Categoria D"),
            ("C", "Categoria C"),
            ("B", "Categoria B"),
            ("A", "Categoria A"),
        ),
    ),
    (
        "age",
        "Classi d'età",
        (
            ("0-29", "fino a 29"),
            ("30-39", "30-39"),
            ("40-49", "40-49"),
            ("50-59", "50-59"),
            ("60-", "60 e oltre"),
        ),
    ),
    (
        "seniority",
        "Anzianità di servizio",
        (
            ("0-5", "0-5"),
            ("6-10", "6-10"),
            ("11-15", "11-15"),
            ("16-20", "16-20"),
            ("21-25", "21-25"),
            ("26-30", "26-30"),
            ("31-35", "31-35"),
            ("36-40", "36-40"),
            ("41-", "41 e oltre"),
        ),
    ),
    ("contract", "Tipo di contratto", (("full", "Full time"), ("part", "Part time"))),
    (
        "education",
        "Titolo di studio",
        (
            ("obbligo", "Scuola obbligo"),
            ("diploma", "Diploma"),
            ("laurea", "Laurea"),
            ("post_laurea", "Post-laurea"),
        ),
    ),
    ("sex", "Sesso", (("female", "Donne"), ("male", "Uomini"), ("other", "Altro"))),
)
DIMENSION_KEYS = tuple(d[0] for d in DIMENSIONS)
# rows printed only when some year counts someone (the 2019 tables have none)
OPTIONAL_KEYS = {("education", "post_laurea"), ("sex", "other"), ("age", "0-29")}

GRADUATE = ("laurea", "post_laurea")

# (key, label, unit, computable): the rows of the 3.4 gender table, in the
# document's order; pay is entered (no payroll here), the rest computed
GENDER_INDICATORS = (
    ("pct_female_managers", "% di dirigenti donne", "percent", True),
    ("pct_female", "% di donne rispetto al totale del personale", "percent", True),
    (
        "pct_female_permanent",
        "% di personale femminile assunto a tempo indeterminato",
        "percent",
        True,
    ),
    (
        "pay_female",
        "Retribuzione media ricorrente erogata nell'anno al personale femminile "
        "non dirigente",
        "amount",
        False,
    ),
    (
        "pay_male",
        "Retribuzione media ricorrente erogata nell'anno al personale maschile "
        "non dirigente",
        "amount",
        False,
    ),
    ("avg_age_female", "Età media del personale femminile", "years", True),
    ("avg_age_male", "Età media del personale maschile", "years", True),
    (
        "pct_female_graduates",
        "% di personale femminile laureato rispetto al totale del personale femminile",
        "percent",
        True,
    ),
    (
        "pct_male_graduates",
        "% di personale maschile laureato rispetto al totale del personale maschile",
        "percent",
        True,
    ),
)
GENDER_KEYS = tuple(g[0] for g in GENDER_INDICATORS)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def full_years(start: datetime.date, day: datetime.date) -> int:
    """Completed years from ``start`` to ``day`` (an age, a seniority)."""
    return day.year - start.year - ((day.month, day.day) < (start.month, start.day))


def in_service(employee, year: int) -> bool:
    """In service on 31 December of ``year`` (a last day on 31/12 counts)."""
    day = year_end(year)
    hired, left = employee.get("hire_date"), employee.get("end_date")
    return bool(hired) and hired <= day and (not left or left >= day)


def _band(value: int, bands) -> str:
    for key, _label in bands:
        low, _sep, high = key.partition("-")
        if int(low) <= value and (not high or value <= int(high)):
            return key
    return UNKNOWN


def _classify(dimension: str, employee, year: int) -> str:
    bands = dict((d[0], d[2]) for d in DIMENSIONS)[dimension]
    keys = {k for k, _label in bands}
    if dimension == "age":
        birthday = employee.get("birthday")
        return (
            _band(full_years(birthday, year_end(year)), bands) if birthday else UNKNOWN
        )
    if dimension == "seniority":
        return _band(full_years(employee["hire_date"], year_end(year)), bands)
    if dimension == "contract":
        part_time = employee.get("part_time")
        if part_time is None or part_time is False:
            return UNKNOWN
        return "part" if part_time < 100 else "full"
    value = employee.get(
        {"category": "category", "education": "education", "sex": "gender"}[dimension]
    )
    return value if value in keys else UNKNOWN


def staff_tables(employees, years):
    """``{"headcount": {year: n}, dimension: {year: {key: n}}}`` for ``years``.

    Every dimension's counts of a year sum to that year's headcount by
    construction (missing data goes to ``UNKNOWN``)."""
    tables = {"headcount": {}}
    for dimension in DIMENSION_KEYS:
        tables[dimension] = {}
    for year in years:
        staff = [e for e in employees if in_service(e, year)]
        tables["headcount"][year] = len(staff)
        for dimension, _title, bands in DIMENSIONS:
            counts = {key: 0 for key, _label in bands}
            for employee in staff:
                key = _classify(dimension, employee, year)
                counts[key] = counts.get(key, 0) + 1
            tables[dimension][year] = counts
    return tables


def _pct(part: int, whole: int):
    return round(part * 100.0 / whole, 2) if whole else None


def _mean(values):
    return round(sum(values) / len(values), 2) if values else None


def gender_indicators(employees, year: int):
    """The computable rows of the 3.4 table for ``year`` (None = no data)."""
    staff = [e for e in employees if in_service(e, year)]
    women = [e for e in staff if e.get("gender") == "female"]
    men = [e for e in staff if e.get("gender") == "male"]
    managers = [e for e in staff if e.get("category") == "dirigente"]
    day = year_end(year)

    def ages(people):
        return [full_years(e["birthday"], day) for e in people if e.get("birthday")]

    return {
        "pct_female_managers": _pct(
            sum(e.get("gender") == "female" for e in managers), len(managers)
        ),
        "pct_female": _pct(len(women), len(staff)),
        "pct_female_permanent": _pct(
            sum(e.get("contract") == "indeterminato" for e in women), len(women)
        ),
        "avg_age_female": _mean(ages(women)),
        "avg_age_male": _mean(ages(men)),
        "pct_female_graduates": _pct(
            sum(e.get("education") in GRADUATE for e in women), len(women)
        ),
        "pct_male_graduates": _pct(
            sum(e.get("education") in GRADUATE for e in men), len(men)
        ),
    }
