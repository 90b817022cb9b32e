"""Pre-validation of the Relazione: plain Python, no odoo import.

Each check reads the *facts* the data provider extracted from the prepared
Relazione (the same structure the PDF and the XLSX print) and returns
findings as ``(message code, params)``; the UI and the printed annex word
them. Every check names the letter of the OIV checklist (Allegato 1, A–K) it
supports. The classes of error found in the 2019 document (docs/RULES.md
C1, C4, C6–C9, C15) are each caught by one of them:

==========================================  ==============  ======
2019 error                                  check           letter
==========================================  ==============  ======
date printed as a serial (43697,00)         dates           E
a share printed as 200,00%                  shares          E
target date in the wrong year (2018)        dates           E
Ente 100,0% vs 97,8%                        rollup/sections B
duplicated individual-objective row         individual      C
staff rows not adding up to their total     context         F
budget total rounded wrongly                context         F
"≥ 5" in the algorithm with target 3        algorithm       E
"trimestrali" for four-monthly reports      wording         K
==========================================  ==============  ======
"""

from __future__ import annotations

import datetime
import re

from odoo.addons.cciaa_performance.engine.build import unbalanced

# (code, OIV letter, severity of a finding)
CHECKS = (
    ("results", "C", "error"),
    ("criticita", "G", "error"),
    ("overrides", "G", "error"),
    ("weights", "E", "error"),
    ("dates", "E", "error"),
    ("shares", "E", "error"),
    ("algorithm", "E", "error"),
    ("rollup", "B", "error"),
    ("sections", "B", "error"),
    ("context", "F", "error"),
    ("individual", "C", "error"),
    ("transparency", "D", "warning"),
    ("placeholders", "I", "error"),
    ("wording", "K", "warning"),
)

# spreadsheet serial day numbers of 1/1/2000 and 31/12/2050: a "date" stored as
# a number in that range is almost certainly a serial (43697 = 20/08/2019)
SERIAL_MIN, SERIAL_MAX = 36526, 55153
EXCEL_EPOCH = datetime.date(1899, 12, 30)
TOLERANCE = 0.01  # two stored decimals, rounded half-up

DATE_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
COMPARISON_RE = re.compile(r"(≥|>=|=>|≤|<=|=<|>|<|=)\s*(\d+(?:[.,]\d+)?)\s*(%?)")
COUNT_RE = re.compile(r"\(n\.\s*(\d+(?:[.,]\d+)?)\)")
DIRECTION = {
    "≥": "ge",
    ">=": "ge",
    "=>": "ge",
    ">": "ge",
    "≤": "le",
    "<=": "le",
    "=<": "le",
    "<": "le",
    "=": "eq",
}
COMPARATOR_DIRECTION = {">=": "ge", "<=": "le", "=": "eq", "deadline": "le"}
WORDING_RE = re.compile(r"\btrimestral[ei]\b", re.IGNORECASE)
PLACEHOLDER_RE = re.compile(
    r"(…{2,}|\.{4,}|-{3,}\s*%|_{4,}|\[(?:inserire|descrivere|completare)[^\]]*\])",
    re.IGNORECASE,
)
TRANSPARENCY_RE = re.compile(r"trasparen|corruzion", re.IGNORECASE)


def serial_to_date(value):
    return EXCEL_EPOCH + datetime.timedelta(days=int(value))


def _number(text):
    return float(text.replace(",", "."))


def parse_algorithm(text: str):
    """What an algorithm text states about the target, or None.

    Returns ``("date", date)``, ``("number", direction, value)`` from the first
    comparison ("≥ 5", ">=80%", "= 100%") or ``("number", "ge", n)`` from a
    count in brackets ("(n. 12)"). Dates are read first so that
    "<= 30/08/2019" is a date, not the number 30."""
    if not text:
        return None
    date_match = DATE_RE.search(text)
    if date_match:
        day, month, year = (int(g) for g in date_match.groups())
        try:
            return ("date", datetime.date(year, month, day))
        except ValueError:
            return None
    comparison = COMPARISON_RE.search(text)
    if comparison:
        return ("number", DIRECTION[comparison.group(1)], _number(comparison.group(2)))
    count = COUNT_RE.search(text)
    if count:
        return ("number", "ge", _number(count.group(1)))
    return None


def _check_results(facts):
    findings = []
    for node in facts["nodes"]:
        if node.get("excluded"):
            continue
        if not node["has_result"]:
            findings.append(("no_result", {"kind": node["kind"], "code": node["code"]}))
        elif not node["evaluable"]:
            findings.append(
                (
                    "not_evaluable",
                    {
                        "kind": node["kind"],
                        "code": node["code"],
                        "reason": node["reason"] or "",
                    },
                )
            )
    return findings


def _check_criticita(facts):
    return [
        ("missing_criticita", {"code": n["code"], "score": n["score"]})
        for n in facts["nodes"]
        if n["kind"] in ("os", "oo")
        and n["has_result"]
        and n["score"] is not None
        and n["score"] < 100 - TOLERANCE
        and not n["criticita"]
    ]


def _check_overrides(facts):
    findings = [
        ("missing_motivation", {"code": o["code"]})
        for o in facts["overrides"]
        if not (o["motivation"] or "").strip()
    ]
    findings += [
        ("missing_motivation", {"code": r["code"]})
        for r in facts["results"]
        if r["overridden"] and not (r["motivation"] or "").strip()
    ]
    return findings


def _check_weights(facts):
    findings = []
    for group in facts["weight_groups"]:
        weights = group["weights"]
        if unbalanced(weights):
            findings.append(
                (
                    "weights",
                    {
                        "codes": ", ".join(group["codes"]),
                        "total": round(sum(weights), 2),
                    },
                )
            )
    return findings


def _check_dates(facts):
    year = facts["year"]
    findings = []
    for node in facts["nodes"]:
        if node["kind"] != "indicator":
            continue
        target = node.get("target")
        if node["measure"] == "date":
            if isinstance(target, datetime.date) and target.year != year:
                findings.append(
                    (
                        "target_out_of_year",
                        {"code": node["code"], "date": target, "year": year},
                    )
                )
            if target is not None and not isinstance(target, datetime.date):
                findings.append(
                    ("target_not_date", {"code": node["code"], "value": target})
                )
    for result in facts["results"]:
        if result["level"] not in ("row", "indicator"):
            continue
        code = result["code"]
        date = result["result_date"]
        number = result["result_value"]
        if date and date.year != year:
            findings.append(
                (
                    "date_out_of_year",
                    {"code": code, "unit": result["unit"], "date": date, "year": year},
                )
            )
        looks_serial = number and SERIAL_MIN <= number <= SERIAL_MAX
        if result["measure"] == "date" and not date and number:
            params = {"code": code, "unit": result["unit"], "value": number}
            if looks_serial:
                params["date"] = serial_to_date(number)
            findings.append(("date_as_number", params))
        elif result["measure"] != "date" and looks_serial and result.get("date_like"):
            findings.append(
                (
                    "date_as_number",
                    {
                        "code": code,
                        "unit": result["unit"],
                        "value": number,
                        "date": serial_to_date(number),
                    },
                )
            )
    for measurement in facts.get("measurements", ()):
        if measurement["date"] and measurement["date"].year != year:
            findings.append(
                (
                    "date_out_of_year",
                    {
                        "code": measurement["code"],
                        "unit": measurement["unit"],
                        "date": measurement["date"],
                        "year": year,
                    },
                )
            )
    return findings


def _check_shares(facts):
    findings = []
    for result in facts["results"]:
        for field in ("achievement", "score", "share_parent", "share_ente"):
            value = result.get(field)
            if value is not None and (value > 100 + TOLERANCE or value < -TOLERANCE):
                findings.append(
                    (
                        "share_out_of_range",
                        {
                            "code": result["code"],
                            "unit": result["unit"],
                            "what": field,
                            "value": value,
                        },
                    )
                )
        value = result.get("result_value")
        # a percentage result is a share (pooled numerator over denominator, a
        # survey %): above 100 it is impossible (O2.1.3-g printed 200,00%)
        if (
            result["level"] in ("row", "indicator")
            and result.get("is_percent")
            and value is not None
            and value > 100 + TOLERANCE
        ):
            findings.append(
                (
                    "share_out_of_range",
                    {
                        "code": result["code"],
                        "unit": result["unit"],
                        "what": "result",
                        "value": value,
                    },
                )
            )
    return findings


def _check_algorithm(facts):
    findings = []
    for node in facts["nodes"]:
        if node["kind"] != "indicator":
            continue
        stated = parse_algorithm(node.get("algorithm") or "")
        target = node.get("target")
        if not stated or target is None:
            continue
        text = node["algorithm"]
        if stated[0] == "date":
            if isinstance(target, datetime.date) and stated[1] != target:
                findings.append(
                    (
                        "algorithm_target",
                        {"code": node["code"], "text": text, "target": target},
                    )
                )
            continue
        if isinstance(target, datetime.date):
            continue
        _kind, direction, value = stated
        own = COMPARATOR_DIRECTION.get(node.get("comparator"))
        if abs(value - target) > TOLERANCE:
            findings.append(
                (
                    "algorithm_target",
                    {
                        "code": node["code"],
                        "text": text,
                        "target": target,
                        "percent": node.get("is_percent"),
                    },
                )
            )
        elif {direction, own} == {"ge", "le"}:
            findings.append(
                (
                    "algorithm_direction",
                    {
                        "code": node["code"],
                        "text": text,
                        "comparator": node.get("comparator"),
                    },
                )
            )
    return findings


def _check_rollup(facts):
    findings = []
    for rollup in facts["rollups"]:
        children = [
            (s, w) for s, w in rollup["children"] if s is not None and w is not None
        ]
        total = sum(w for _s, w in children)
        if rollup["score"] is None or not total or rollup.get("overridden"):
            continue
        expected = sum(s * w for s, w in children) / total
        if abs(expected - rollup["score"]) > TOLERANCE:
            findings.append(
                (
                    "rollup",
                    {
                        "code": rollup["code"],
                        "score": rollup["score"],
                        "expected": round(expected, 2),
                    },
                )
            )
    return findings


def _check_sections(facts):
    return [
        ("section_mismatch", {"what": what, "s1": s1, "s3": s3})
        for what, s1, s3 in facts["section_pairs"]
        if s1 != s3
    ]


def _check_context(facts):
    findings = []
    staff = facts.get("staff") or {}
    headcount = staff.get("headcount", {})
    for dimension, by_year in staff.items():
        if dimension == "headcount":
            continue
        for year, counts in by_year.items():
            total = headcount.get(year)
            added = sum(counts.values())
            if total is not None and added != total:
                findings.append(
                    (
                        "staff_total",
                        {
                            "table": dimension,
                            "year": year,
                            "sum": added,
                            "total": total,
                        },
                    )
                )
    budget = facts.get("budget") or []
    for section in ("proventi", "oneri"):
        lines = [b for b in budget if b["section"] == section]
        for declared in (b for b in lines if b["declared"]):
            for column, value in declared["values"].items():
                added = round(
                    sum(b["values"][column] for b in lines if not b["declared"]), 2
                )
                if abs(round(value, 2) - added) > 0.001:
                    findings.append(
                        (
                            "budget_total",
                            {
                                "line": declared["name"],
                                "column": column,
                                "declared": value,
                                "sum": added,
                            },
                        )
                    )
    return findings


def _check_individual(facts):
    rows = facts.get("individual_rows")
    if rows is None:
        return []
    seen = {}
    for row in rows:
        key = (row["scheda"], row["code"], row.get("unit") or "")
        seen[key] = seen.get(key, 0) + 1
    return [
        (
            "duplicate_row",
            {"scheda": scheda, "code": code, "unit": unit, "count": count},
        )
        for (scheda, code, unit), count in sorted(seen.items())
        if count > 1
    ]


def _check_transparency(facts):
    if any(TRANSPARENCY_RE.search(n.get("title") or "") for n in facts["nodes"]):
        return []
    return [("no_transparency", {})]


def _check_placeholders(facts):
    findings = []
    for where, text in facts["narrative"]:
        match = PLACEHOLDER_RE.search(text or "")
        if match:
            findings.append(("placeholder", {"where": where, "text": match.group(0)}))
    return findings


def _check_wording(facts):
    findings = []
    if facts.get("periods") != 3:
        return findings
    seen = set()
    for where, text in list(facts["narrative"]) + list(facts["indicator_texts"]):
        match = WORDING_RE.search(text or "")
        if match and (where, match.group(0).lower()) not in seen:
            seen.add((where, match.group(0).lower()))
            findings.append(("wording", {"where": where, "word": match.group(0)}))
    return findings


RUNNERS = {
    "results": _check_results,
    "criticita": _check_criticita,
    "overrides": _check_overrides,
    "weights": _check_weights,
    "dates": _check_dates,
    "shares": _check_shares,
    "algorithm": _check_algorithm,
    "rollup": _check_rollup,
    "sections": _check_sections,
    "context": _check_context,
    "individual": _check_individual,
    "transparency": _check_transparency,
    "placeholders": _check_placeholders,
    "wording": _check_wording,
}


def run_checks(facts):
    """Every check on ``facts``: a list of dicts with ``code``, ``letter``,
    ``severity`` (of its findings), ``status`` ("ok" or the severity) and
    ``findings`` [(message code, params)]."""
    out = []
    for sequence, (code, letter, severity) in enumerate(CHECKS, start=1):
        findings = RUNNERS[code](facts)
        out.append(
            {
                "sequence": sequence,
                "code": code,
                "letter": letter,
                "severity": severity,
                "status": severity if findings else "ok",
                "findings": findings,
                "applicable": code != "individual"
                or facts.get("individual_rows") is not None,
            }
        )
    return out
