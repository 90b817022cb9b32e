"""One path: what the database stores is what the engine computes from the file.

A cycle file in the import format (docs/IMPORT_FORMAT.md) is written as the
XLSX a user uploads (the project's own writer), imported through the wizard by
the performance manager, its motivated evaluations confirmed (or not) by the
Segretario Generale, and recomputed with the cycle's own button. Every stored
figure of every quadrimester must then equal the engine's evaluation of the
parsed file, ``evaluate_cycle(to_engine.cycle_input(parsed, q))``: rows,
entity indicators, IS totals, OO, OS, areas, Ente and units, on evaluable,
reason, score, result, achievement, computed score, override, weight and
shares; no stored figure without an engine figure, nor the reverse.

The files are generated (hypothesis): 1-2 areas, OS, OO, indicators of every
measure and comparator, weights with zeros (100/0) or empty, 1-3 reporting
units among which a reorganisation (a unit until 30/04, its successor from
01/05), missing reports (a unit that sent nothing, a quadrimester missing, a
parameter missing), motivated evaluations and rule settings. One fixed
catalogue file holds every measure x comparator x missing pattern, so the
coverage does not depend on the random draws.
"""

import base64
import contextlib
import dataclasses
import datetime
import math
from collections import Counter

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import tagged

from ..engine import evaluate_cycle
from ..importer import format_issue, has_errors, parse, read_sheets
from ..importer.to_engine import cycle_input
from ..importer.writer import write_xlsx
from ..models.explanation import explanation_json
from .common import CciaaCase

YEAR = 2019
ENTE = "CCIAA Percorso Unico"
FILENAME = "ciclo.xlsx"
# Random cycles per run: 0.15-0.3 s each on the 2-core machine, shared
# (import, confirmation, recomputation, up to 3 engine runs), 25-45 s in all
# when they pass; 150 draws reach every measure x comparator x missing pattern
# (the catalogue holds them all anyway). A failure costs the shrinking too.
MAX_EXAMPLES = 150
SHOWN_DIFFERENCES = 40


def _day(month, day):
    return datetime.date(YEAR, month, day)


# code, name, kind, parent, valid from, valid to: S3 is split on 01/05 and S4
# takes over (a dated reorganisation, both units in the same year's file)
UNITS = (
    ("SG", "Segretario Generale", "sg", None, None, None),
    ("A1", "Area Servizi alle imprese", "area", "SG", None, None),
    ("S1", "Servizio Promozione", "servizio", "A1", None, None),
    ("S2", "Servizio Registro Imprese", "servizio", "A1", None, None),
    ("U2.1", "Ufficio Registro Imprese", "ufficio", "S2", None, None),
    ("S3", "Servizio Certificazioni", "servizio", "A1", None, _day(4, 30)),
    ("S4", "Servizio Certificazioni e Ambiente", "servizio", "A1", _day(5, 1), None),
    ("ENTE", "Ente", "pseudo", None, None, None),
)
REPORTING_UNITS = ("S1", "S2", "U2.1", "S3", "S4", "ENTE")
QUARTERS = (1, 2, 3)
# the quadrimesters a unit exists in: it reports only in those
UNIT_QUARTERS = {"S3": (1,), "S4": (2, 3)}
QUARTER_SPAN = {
    1: (_day(1, 1), _day(4, 30)),
    2: (_day(5, 1), _day(8, 31)),
    3: (_day(9, 1), _day(12, 31)),
}
MEASURES = ("rapporto", "conteggio", "media", "data", "valore")
COMPARATORS = {
    "rapporto": (">=", "<=", "="),
    "conteggio": (">=", "<=", "="),
    "media": (">=", "<=", "="),
    "data": ("entro",),
    "valore": (">=", "<=", "="),
}
TARGETS = {
    "rapporto": (90, 100, 50, 0, 95.5),
    "conteggio": (10, 0, 1, 25, 40.5),
    "media": (20.25, 0, 5, 8.333, 60),
    "data": (_day(6, 30), _day(4, 30), _day(8, 31), _day(10, 15), _day(12, 31)),
    "valore": (90, 0, 50, 100),
}
# entity aggregation (column aggregazione, docs/RULES.md R2), None = empty; the
# writer leaves the column out of a workbook whose schema does not know it
NUMBER_AGGREGATIONS = (None, "aggregato", "media", "minimo", "massimo", "ogni_unita")
AGGREGATIONS = {
    "rapporto": NUMBER_AGGREGATIONS,
    "conteggio": NUMBER_AGGREGATIONS + ("somma",),
    "media": NUMBER_AGGREGATIONS + ("somma",),
    "data": (None, "aggregato", "data_ultima", "data_prima", "ogni_unita"),
    "valore": NUMBER_AGGREGATIONS + ("somma",),
}
# full: every quadrimester the unit exists in; none: the unit sent nothing;
# gap: a quadrimester missing; parameter: a ratio with one parameter missing
PATTERNS = ("full", "none", "gap", "parameter")
SIBLING_WEIGHTS = {
    0: ((),),
    1: ((100,),),
    2: ((50, 50), (100, 0), (0, 100), (33.33, 66.67)),
}
OVERRIDE_PERCENTS = (91, 0, 100, 87.5, 50)
SETTINGS = {
    "tolleranza": (None, 90, 80, 100, 0, 95.5),
    "regola_scadenza_mancata": (None, "zero", "per_giorno"),
    "punti_per_giorno": (None, 1, 2.5, 0),
    "regola_uguale_mancato": (None, "distanza", "zero"),
}


def unit_rows():
    return [
        {
            "codice": code,
            "nome": name,
            "tipo": kind,
            "padre": parent,
            "valida_dal": date_from,
            "valida_al": date_to,
        }
        for code, name, kind, parent, date_from, date_to in UNITS
    ]


def empty_sheets(cycle):
    return {
        "ciclo": [{"anno": YEAR, "ente": ENTE, **cycle}],
        "unita": unit_rows(),
        "aree": [],
        "obiettivi_strategici": [],
        "obiettivi_operativi": [],
        "indicatori": [],
        "misurazioni": [],
        "valutazioni_motivate": [],
    }


def indicator_row(code, kind, objective, measure, comparator, target, **extra):
    row = {
        "codice": code,
        "tipo": kind,
        "obiettivo": objective,
        "titolo": f"Indicatore {code}",
        "misura": measure,
        "comparatore": comparator,
        "target_n": target,
        "parametro_1": "evase" if measure == "rapporto" else "valore",
        "parametro_2": "ricevute" if measure == "rapporto" else None,
        **extra,
    }
    row["unita"] = ", ".join(row["unita"])
    return row


def measurement(code, unit, quarter, value, parameter=1):
    return {
        "indicatore": code,
        "unita": unit,
        "quadrimestre": quarter,
        "parametro": parameter,
        "valore": value,
    }


def pattern_of(measure, unit, rows):
    """The missing pattern of an indicator x unit, read from its measurements."""
    if not rows:
        return "none"
    reported = {row["quadrimestre"] for row in rows}
    if reported != set(UNIT_QUARTERS.get(unit, QUARTERS)):
        return "gap"
    if measure == "rapporto" and len(rows) < 2 * len(reported):
        return "parameter"
    return "full"


class CycleFile:
    """The sheets of a cycle file and the motivated evaluations the SG
    confirms. Shown as the sheets' non-empty cells (the fixed unit chart
    left out), so that a falsifying example reads like the file."""

    def __init__(self, sheets, confirmed):
        self.sheets = sheets
        self.confirmed = confirmed

    def __repr__(self):
        lines = [f"CycleFile (SG confirms {list(self.confirmed)}):"]
        for name, rows in self.sheets.items():
            if name == "unita" or not rows:
                continue
            lines.append(f"  {name}:")
            lines += [
                "    " + ", ".join(f"{k}={v}" for k, v in row.items() if v is not None)
                for row in rows
            ]
        return "\n".join(lines)


# -- random cycles -------------------------------------------------------------


def weights(count, required):
    choices = st.sampled_from(SIBLING_WEIGHTS[count])
    if required or not count:
        return choices
    return st.one_of(st.just((None,) * count), choices)


@st.composite
def unit_measurements(draw, code, measure, unit):
    """The measurements of one indicator x unit, in one of the missing patterns."""
    patterns = PATTERNS if measure == "rapporto" else PATTERNS[:3]
    pattern = draw(st.sampled_from(patterns))
    quarters = UNIT_QUARTERS.get(unit, QUARTERS)
    if pattern == "none":
        return []
    if pattern == "gap" and len(quarters) > 1:
        kept = draw(
            st.lists(
                st.sampled_from(quarters),
                min_size=1,
                max_size=len(quarters) - 1,
                unique=True,
            )
        )
        quarters = tuple(sorted(kept))
    dropped = None
    if pattern == "parameter":
        dropped = (draw(st.sampled_from(quarters)), draw(st.sampled_from((1, 2))))
    rows = []
    for quarter in quarters:
        if measure == "rapporto":
            denominator = draw(st.integers(0, 40))
            values = {1: draw(st.integers(0, denominator)), 2: denominator}
        elif measure == "data":
            values = {1: draw(st.dates(*QUARTER_SPAN[quarter]))}
        else:
            # whole, two or three decimals (a mean of days: 8,333)
            mils = draw(st.integers(0, 40000 if measure == "conteggio" else 100000))
            value = draw(st.sampled_from((mils // 1000, mils // 10 / 100, mils / 1000)))
            values = {1: value}
        rows += [
            measurement(code, unit, quarter, value, parameter)
            for parameter, value in values.items()
            if (quarter, parameter) != dropped
        ]
    return rows


@st.composite
def indicators(draw, kind, objective, prefix, count, required_weights=False):
    """``count`` indicators of ``objective`` and their measurements."""
    rows, values = [], []
    # an FRD objective does not count in its OO: it has no weight there
    drawn = (None,) * count if kind == "FRD" else draw(weights(count, required_weights))
    for letter, weight in zip("abc", drawn, strict=False):
        code = f"{prefix}-{letter}" if kind != "FRD" else f"FRD:{objective}"
        measure = draw(st.sampled_from(MEASURES))
        # values of 0-100: a percentage measure may say so
        percent = measure in ("media", "valore") and draw(st.booleans())
        units = draw(
            st.lists(
                st.sampled_from(REPORTING_UNITS), min_size=1, max_size=3, unique=True
            )
        )
        rows.append(
            indicator_row(
                code,
                kind,
                objective,
                measure,
                draw(st.sampled_from(COMPARATORS[measure])),
                draw(st.sampled_from(TARGETS[measure])),
                unita=units,
                peso=weight,
                percentuale="si" if percent else None,
                aggregazione=draw(st.sampled_from(AGGREGATIONS[measure])),
            )
        )
        for unit in units:
            values += draw(unit_measurements(code, measure, unit))
    return rows, values


@st.composite
def strategic_objective(draw, sheets, area, code, weight):
    sheets["obiettivi_strategici"].append(
        {"codice": code, "area": area, "titolo": f"Obiettivo {code}", "peso": weight}
    )
    count = draw(st.integers(0, 2))
    for number, oo_weight in zip(
        range(1, count + 1), draw(weights(count, False)), strict=True
    ):
        oo = f"{code}.{number}"
        sheets["obiettivi_operativi"].append(
            {
                "codice": oo,
                "obiettivo_strategico": code,
                "titolo": f"Obiettivo {oo}",
                "peso": oo_weight,
            }
        )
        for kind, counts in (("IO", (0, 1, 1, 2, 2)), ("FRD", (0, 0, 1))):
            count = draw(st.sampled_from(counts))
            rows, values = draw(indicators(kind, oo, f"O{oo}", count))
            sheets["indicatori"] += rows
            sheets["misurazioni"] += values
    rows, values = draw(indicators("IS", code, f"S{code}", draw(st.integers(0, 2))))
    sheets["indicatori"] += rows
    sheets["misurazioni"] += values
    return code


@st.composite
def cycle_files(draw):
    """A random cycle file and the motivated evaluations the SG confirms."""
    cycle = {name: draw(st.sampled_from(choices)) for name, choices in SETTINGS.items()}
    sheets = empty_sheets(cycle)
    objectives = []
    n_areas = draw(st.integers(1, 2))
    for a, area_weight in zip(
        range(1, n_areas + 1), draw(weights(n_areas, True)), strict=True
    ):
        area = f"OB{a}"
        sheets["aree"].append(
            {"codice": area, "titolo": f"Area {a}", "peso": area_weight}
        )
        n_os = draw(st.integers(1, 2))
        for s, os_weight in zip(
            range(1, n_os + 1), draw(weights(n_os, True)), strict=True
        ):
            objectives.append(
                draw(strategic_objective(sheets, area, f"{a}.{s}", os_weight))
            )
    objectives += [row["codice"] for row in sheets["obiettivi_operativi"]]
    confirmed = []
    for code in draw(st.lists(st.sampled_from(objectives), max_size=2, unique=True)):
        sheets["valutazioni_motivate"].append(
            {
                "obiettivo": code,
                "percentuale": draw(st.sampled_from(OVERRIDE_PERCENTS)),
                "motivazione": f"Valutazione motivata di {code}",
                "autore": "Segretario Generale",
            }
        )
        if draw(st.booleans()):
            confirmed.append(code)
    return CycleFile(sheets, tuple(confirmed))


# -- the catalogue: every measure x comparator x missing pattern ------------------


def catalogue_measurements(code, measure, unit, pattern, seed):
    """Deterministic measurements of one indicator x unit in ``pattern``."""
    quarters = UNIT_QUARTERS.get(unit, QUARTERS)
    if pattern == "none":
        return []
    if pattern == "gap":
        quarters = quarters[::2] if len(quarters) > 2 else quarters[-1:]
    rows = []
    for quarter in quarters:
        step = seed + quarter
        if measure == "rapporto":
            values = {1: 3 + step % 5, 2: 8 + step % 3}
            if pattern == "parameter" and quarter == quarters[-1]:
                del values[1 + step % 2]
        elif measure == "data":
            first, last = QUARTER_SPAN[quarter]
            days = step * 9 % (last - first).days
            values = {1: first + datetime.timedelta(days=days)}
        else:
            values = {1: round(4 + step * 2.75, 2)}
        rows += [
            measurement(code, unit, quarter, value, parameter)
            for parameter, value in values.items()
        ]
    return rows


CATALOGUE_PATTERNS = ("full", "none", "gap", "parameter", "gap")


def catalogue():
    """One cycle with every measure x comparator, each on five units in
    different missing patterns; areas and IS weighted 100/0, equal OO weights,
    per-day deadlines, a confirmed and an unconfirmed motivated evaluation."""
    sheets = empty_sheets(
        {
            "tolleranza": 95,
            "regola_scadenza_mancata": "per_giorno",
            "punti_per_giorno": 2,
            "regola_uguale_mancato": "distanza",
        }
    )
    sheets["aree"] = [
        {"codice": "OB1", "titolo": "Area 1", "peso": 100},
        {"codice": "OB2", "titolo": "Area 2", "peso": 0},
    ]
    sheets["obiettivi_strategici"] = [
        {"codice": "1.1", "area": "OB1", "titolo": "Obiettivo 1.1", "peso": 100},
        {"codice": "2.1", "area": "OB2", "titolo": "Obiettivo 2.1", "peso": 100},
    ]
    seed = 0
    for m, measure in enumerate(MEASURES, start=1):
        oo = f"1.1.{m}"
        sheets["obiettivi_operativi"].append(
            {"codice": oo, "obiettivo_strategico": "1.1", "titolo": f"OO {oo}"}
        )
        comparators, aggregations = COMPARATORS[measure], AGGREGATIONS[measure]
        for i in range(max(len(comparators), len(aggregations))):
            code = f"O{oo}-{i + 1}"
            # the patterns move from unit to unit: each indicator has others
            shifted = CATALOGUE_PATTERNS[i:] + CATALOGUE_PATTERNS[:i]
            patterns = dict(zip(REPORTING_UNITS, shifted, strict=False))
            sheets["indicatori"].append(
                indicator_row(
                    code,
                    "IO",
                    oo,
                    measure,
                    comparators[i % len(comparators)],
                    TARGETS[measure][i % len(TARGETS[measure])],
                    unita=list(patterns),
                    aggregazione=aggregations[i % len(aggregations)],
                )
            )
            for unit, pattern in patterns.items():
                seed += 1
                sheets["misurazioni"] += catalogue_measurements(
                    code, measure, unit, pattern, seed
                )
    for m, measure in enumerate(MEASURES):
        code = f"S2.1-{'abcde'[m]}"
        sheets["indicatori"].append(
            indicator_row(
                code,
                "IS",
                "2.1",
                measure,
                COMPARATORS[measure][-1],
                TARGETS[measure][0],
                unita=["S2"],
                peso=100 if m == 0 else 0,
            )
        )
        sheets["misurazioni"] += catalogue_measurements(code, measure, "S2", "full", m)
    sheets["valutazioni_motivate"] = [
        {"obiettivo": "1.1.1", "percentuale": 87.5, "motivazione": "Ispezione"},
        {"obiettivo": "2.1", "percentuale": 91, "motivazione": "Non conformità"},
    ]
    return CycleFile(sheets, ("1.1.1",))


# -- comparison ----------------------------------------------------------------

COMPARED = (
    "evaluable",
    "reason",
    "score",
    "result",
    "achievement",
    "computed_score",
    "overridden",
    "weight",
    "share_parent",
    "share_ente",
    # how it was computed, exactly as the engine recorded it (stored JSON text)
    "explanation",
)
NUMBERS = {"score", "achievement", "computed_score", "weight", "share_parent"}
NUMBERS |= {"share_ente"}


def generated_cycles(max_examples):
    """The hypothesis settings of the tests that import generated cycles: the
    same draws on every run (CI reproducible), no deadline (an import takes
    its time), no "explain" phase (it reruns a failing import many times)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )


def engine_figures(cycle_result):
    """The engine's figures keyed like the stored ones: (level, code, unit)."""
    figures = {("row", f.code, f.unit): f for f in cycle_result.rows.values()}
    for level, group in (
        ("indicator", cycle_result.indicators),
        ("is_total", cycle_result.is_totals),
        ("oo", cycle_result.operational),
        ("os", cycle_result.strategic),
        ("area", cycle_result.areas),
        ("unit", cycle_result.units),
    ):
        for code, figure in group.items():
            figures[(level, code, figure.unit)] = figure
    ente = cycle_result.ente
    figures[("ente", ente.code, None)] = ente
    return figures


def engine_values(figure):
    """A figure as the database holds it: an empty value is stored as 0, a
    result as a number or a date."""
    result = figure.result
    computed = figure.computed_score
    return {
        "evaluable": figure.evaluable,
        "reason": figure.reason.value if figure.reason else None,
        "score": figure.score,
        "result": (
            (0.0, result)
            if isinstance(result, datetime.date)
            else (float(result or 0.0), None)
        ),
        "achievement": figure.achievement,
        "computed_score": figure.score if computed is None else computed,
        "overridden": figure.overridden,
        "weight": figure.weight,
        "share_parent": figure.share_parent,
        "share_ente": figure.share_ente,
        "explanation": explanation_json(figure.explanation),
    }


def stored_values(row):
    values = {name: row[name] for name in COMPARED if name in row}
    values["result"] = (row["result_value"] or 0.0, row["result_date"] or None)
    values["reason"] = row["reason"] or None
    values["overridden"] = bool(row["overridden"])
    values["explanation"] = row["explanation_data"]
    return values


def same(name, stored, engine):
    if name in NUMBERS:
        return math.isclose(stored or 0.0, engine or 0.0, rel_tol=0, abs_tol=1e-6)
    if name == "result":
        return math.isclose(stored[0], engine[0], abs_tol=1e-6) and (
            stored[1] == engine[1]
        )
    return stored == engine


def label(quarter, key):
    level, code, unit = key
    where = f" @ {unit}" if unit and level == "row" else ""
    return f"Q{quarter} {level} {code}{where}"


def differences(quarter, stored, expected):
    """(kind, line) for each figure of ``quarter`` that differs: first the
    figures only one side has, then the values that differ, each line naming
    the figure, the quadrimester, the stored and the engine's value."""
    found = [
        (
            f"{key[0]} without engine figure",
            f"{label(quarter, key)}: stored, no engine figure",
        )
        for key in sorted(set(stored) - set(expected), key=repr)
    ]
    for key in sorted(set(expected) - set(stored), key=repr):
        engine = engine_values(expected[key])
        found.append(
            (
                f"{key[0]} not stored",
                f"{label(quarter, key)}: not stored; engine: evaluable "
                f"{engine['evaluable']}, reason {engine['reason']}, "
                f"score {engine['score']}, result {engine['result']}",
            )
        )
    for key in sorted(set(expected) & set(stored), key=repr):
        engine = engine_values(expected[key])
        values = stored_values(stored[key])
        found += [
            (
                name,
                f"{label(quarter, key)}: {name} stored {values[name]!r}, "
                f"engine {engine[name]!r}",
            )
            for name in COMPARED
            if not same(name, values[name], engine[name])
        ]
    return found


def report(found):
    """The failure message: how many differ and how (figures missing by level,
    values by field), then the first lines in full."""
    kinds = Counter(kind for kind, _line in found)
    lines = [line for _kind, line in found]
    shown = lines[:SHOWN_DIFFERENCES]
    if len(lines) > len(shown):
        shown.append(f"... and {len(lines) - len(shown)} more")
    summary = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    return (
        f"{len(lines)} stored figures differ from the engine's ({summary}):\n"
        + "\n".join(shown)
    )


@tagged("post_install", "-at_install")
class TestOnePath(CciaaCase):
    """Stored figures = engine(parsed file), for every figure and quadrimester."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chamber = cls.env["res.company"].create({"name": ENTE})
        # both work in the chamber: the manager imports, the SG confirms
        for user in (cls.user_manager, cls.user_sg):
            user.company_ids = [Command.link(cls.chamber.id)]

    def as_user(self, records, user):
        return records.with_user(user).with_context(
            allowed_company_ids=[self.chamber.id]
        )

    def import_file(self, content):
        Wizard = self.as_user(
            self.env["cciaa.performance.import.wizard"], self.user_manager
        )
        wizard = Wizard.create(
            {"file": base64.b64encode(content), "filename": FILENAME}
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done", f"import refused: {wizard.report}")
        return wizard.cycle_id

    def stored_figures(self, cycle):
        """{quarter: {(level, code, unit): row}} as stored: read with SQL, so
        that no rounding of the ORM's cache hides a stored digit."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT quarter, level, code, unit_code, evaluable, reason, score, "
            "result_value, result_date, achievement, computed_score, overridden, "
            "weight, share_parent, share_ente, explanation_data "
            "FROM cciaa_performance_result WHERE cycle_id = %s",
            [cycle.id],
        )
        stored = {}
        for row in self.env.cr.dictfetchall():
            key = (row["level"], row["code"], row["unit_code"] or None)
            quarter = stored.setdefault(row["quarter"], {})
            self.assertNotIn(key, quarter, f"Q{row['quarter']} {key} stored twice")
            quarter[key] = row
        return stored

    def database_path(self, content, confirmed):
        """Import as the manager, the SG confirms ``confirmed``, the manager
        recomputes; the stored figures, everything rolled back after."""
        with contextlib.closing(self.env.cr.savepoint()):
            cycle = self.import_file(content)
            proposals = self.env["cciaa.performance.override"].search(
                [("cycle_id", "=", cycle.id)]
            )
            self.assertEqual(set(proposals.mapped("state")) - {"proposed"}, set())
            chosen = proposals.filtered(
                lambda o: (o.strategic_id or o.operational_id).code in confirmed
            )
            if chosen:
                self.as_user(chosen, self.user_sg).action_confirm()
            self.as_user(cycle, self.user_manager).action_recompute()
            return self.stored_figures(cycle)

    def assert_one_path(self, cycle_file):
        content = write_xlsx(cycle_file.sheets)
        confirmed = cycle_file.confirmed
        parsed, issues = parse(read_sheets((content, FILENAME)))
        errors = [format_issue(i) for i in issues if i.severity == "error"]
        self.assertFalse(has_errors(issues), f"the generated file is invalid: {errors}")
        stored = self.database_path(content, confirmed)
        counted = dataclasses.replace(
            parsed, overrides=[o for o in parsed.overrides if o.objective in confirmed]
        )
        last = max((m.quarter for m in parsed.measurements), default=1)
        found = []
        if sorted(stored) != list(range(1, last + 1)):
            found.append(
                (
                    "quadrimesters",
                    f"quadrimesters stored {sorted(stored)}, with data up to {last}",
                )
            )
        for quarter in range(1, last + 1):
            expected = engine_figures(evaluate_cycle(cycle_input(counted, quarter)))
            found += differences(quarter, stored.get(quarter, {}), expected)
        if found:
            self.fail(report(found))

    def test_catalogue_of_measures_comparators_and_gaps(self):
        cycle_file = catalogue()
        sheets = cycle_file.sheets
        seen = set()
        for row in sheets["indicatori"]:
            units = row["unita"].split(", ")
            for unit in units:
                rows = [
                    m
                    for m in sheets["misurazioni"]
                    if m["indicatore"] == row["codice"] and m["unita"] == unit
                ]
                pattern = pattern_of(row["misura"], unit, rows)
                seen.add((row["misura"], row["comparatore"], pattern))
        wanted = {
            (measure, comparator, pattern)
            for measure, comparators in COMPARATORS.items()
            for comparator in comparators
            for pattern in PATTERNS
            if pattern != "parameter" or measure == "rapporto"
        }
        self.assertEqual(wanted - seen, set(), "the catalogue misses combinations")
        self.assert_one_path(cycle_file)

    def test_random_cycles(self):
        @generated_cycles(MAX_EXAMPLES)
        @given(cycle_files())
        def check(cycle_file):
            self.assert_one_path(cycle_file)

        check()
