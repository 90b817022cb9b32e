"""Type and check the sheets of an import file (docs/IMPORT_FORMAT.md).

Plain Python, no odoo import. ``parse(sheets)`` turns the raw rows of
``reader.read_sheets`` into a ``ParsedCycle`` of typed, normalised rows and a
list of ``Issue``. Every issue names sheet, spreadsheet row (header = 1),
column and a stable ``code``; ``MESSAGES`` holds the English template of each
code (the Odoo side translates them). The import writes nothing while any
issue has severity "error"; the ParsedCycle is complete only in that case.

Normalised values: dates are ``datetime.date``, numbers ``float``, lists
tuples, yes/no ``bool``; ``misura`` and ``comparatore`` become the engine's
values (``ratio``, ``count``, ``average``, ``date``, ``value``; ``>=``,
``<=``, ``=``, ``deadline``), the cycle rules too (``zero``/``per_day``,
``distance``/``zero``).

The parser lives here; the issues (issues.py), the typed rows (rows.py) and
the typing of a cell (cells.py) have modules of their own.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from ..engine.calendar import quadrimester_of
from ..engine.types import AGGREGATIONS
from . import schema
from .cells import (  # noqa: F401 (the importer's API)
    CellError,
    _empty,
    _fmt_date,
    _fmt_num,
    _text,
    parse_bool,
    parse_choice,
    parse_date,
    parse_list,
    parse_number,
)
from .issues import (  # noqa: F401 (the importer's API)
    ERROR,
    MESSAGES,
    WARNING,
    Issue,
    format_issue,
    has_errors,
)
from .rows import (  # noqa: F401 (the importer's API)
    AreaRow,
    AssignmentRow,
    CriticalityRow,
    CycleRow,
    EmployeeRow,
    IndicatorRow,
    MeasurementRow,
    OperationalRow,
    OverrideRow,
    ParsedCycle,
    SchedaLineRow,
    StrategicRow,
    UnitRow,
)

# ------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, sheets):
        self.raw = {str(k).strip().lower(): v for k, v in (sheets or {}).items()}
        self.issues: list[Issue] = []
        self.out = ParsedCycle()
        self.year: int | None = None
        self.missing_columns: set[tuple[str, str]] = set()
        self.employee_codes: dict = {}
        self.unit_codes: dict = {}
        self.area_codes: dict = {}
        self.os_codes: dict = {}
        self.oo_codes: dict = {}
        self.indicators: dict = {}

    # -- issue helpers
    def add(self, sheet, row, column, code, severity=ERROR, /, **params):
        self.issues.append(Issue(sheet, row, column, code, params, severity))

    def rows(self, name):
        """(row number, {column: raw}) of a sheet, after header checks."""
        sheet = schema.SHEETS[name]
        rows = self.raw.get(name)
        if rows is None:
            if sheet.required:
                self.add(name, None, None, "missing_sheet")
            return []
        out = []
        seen_unknown = set()
        if rows:
            header = {str(k).strip().lower() for k in rows[0]}
            for column in sheet.columns:
                if column.required and column.name not in header:
                    self.missing_columns.add((name, column.name))
                    self.add(name, 1, column.name, "missing_column")
        for index, row in enumerate(rows):
            number = getattr(row, "number", index + 2)
            values = {str(k).strip().lower(): v for k, v in row.items()}
            for key in values:
                if key not in sheet.column_names and key not in seen_unknown:
                    seen_unknown.add(key)
                    self.add(name, 1, key, "unknown_column")
            if all(_empty(v) for v in values.values()):
                continue
            out.append((number, values))
        if sheet.single_row and len(out) != 1:
            self.add(name, None, None, "single_row", count=len(out))
        return out

    def cell(
        self, sheet_name, number, values, column_name, *, as_type=None, measure=None
    ):
        """Typed value of one cell, or None (issues recorded)."""
        column = schema.SHEETS[sheet_name].column(column_name)
        raw = values.get(column_name)
        kind = as_type or column.type
        if _empty(raw):
            if (
                column.required
                and (sheet_name, column_name) not in self.missing_columns
            ):
                self.add(sheet_name, number, column_name, "required")
            return (
                () if kind == schema.LIST else (False if kind == schema.BOOL else None)
            )
        try:
            if kind == schema.TEXT:
                return _text(raw)
            if kind in (schema.NUMBER, schema.PERCENT):
                return parse_number(raw)
            if kind == schema.DATE:
                value, serial = parse_date(raw)
                if serial:
                    self.add(
                        sheet_name,
                        number,
                        column_name,
                        "serial_date_converted",
                        WARNING,
                        value=_text(raw),
                        date=_fmt_date(value),
                    )
                return value
            if kind == schema.BOOL:
                return parse_bool(raw)
            if kind == schema.CHOICE:
                return parse_choice(raw, column)
            if kind == schema.LIST:
                return parse_list(raw, column)
        except CellError as exc:
            self.add(sheet_name, number, column_name, exc.code, **exc.params)
            return () if kind == schema.LIST else None
        raise ValueError(kind)

    def value_cell(self, sheet_name, number, values, column_name, measure):
        """A VALUE column: a date for ``date`` measures, a number otherwise."""
        if measure == "date":
            return self.cell(
                sheet_name, number, values, column_name, as_type=schema.DATE
            )
        if measure is None:
            return None
        raw = values.get(column_name)
        if not _empty(raw) and isinstance(raw, (datetime.date, datetime.datetime)):
            self.add(
                sheet_name,
                number,
                column_name,
                "target_type",
                value=str(raw),
                measure=measure,
            )
            return None
        return self.cell(sheet_name, number, values, column_name, as_type=schema.NUMBER)

    def check_year(self, sheet, number, column, value, first, last):
        if self.year is None or not isinstance(value, datetime.date):
            return True
        if not first <= value.year <= last:
            self.add(
                sheet,
                number,
                column,
                "date_outside_cycle",
                date=_fmt_date(value),
                first=first,
                last=last,
            )
            return False
        return True

    def check_percent(self, sheet, number, column, value):
        if value is not None and not 0 <= value <= 100:
            self.add(
                sheet, number, column, "percent_out_of_range", value=_fmt_num(value)
            )
            return None
        return value

    def unique(self, sheet, rows_with_codes, column="codice"):
        seen = {}
        for number, code in rows_with_codes:
            if code is None:
                continue
            if code in seen:
                self.add(
                    sheet,
                    number,
                    column,
                    "duplicate_code",
                    code=code,
                    other_row=seen[code],
                )
            else:
                seen[code] = number
        return seen

    def check_weights(self, sheet, groups, label, *, optional=False):
        """``groups``: group code -> [(row, weight or None)]; siblings sum to 100."""
        for group, members in groups.items():
            weights = [w for _n, w in members]
            if optional and all(w is None for w in weights):
                continue
            if optional and any(w is None for w in weights):
                for number, w in members:
                    if w is None:
                        self.add(
                            sheet, number, "peso", "weight_missing", group=label(group)
                        )
                continue
            if any(w is None for w in weights):
                continue  # already reported as required / not a number
            total = sum(weights)
            if round(total, 2) != 100:
                self.add(
                    sheet,
                    members[0][0],
                    "peso",
                    "weights_not_100",
                    group=label(group),
                    total=_fmt_num(round(total, 4)),
                )

    # -- sheets
    def parse(self):
        known = set(schema.SHEETS) | set(schema.IGNORED_SHEETS)
        for name in self.raw:
            if name not in known:
                self.add(name, None, None, "unknown_sheet", WARNING)
        self.parse_cycle()
        self.parse_employees()
        self.parse_units()
        self.parse_areas()
        self.parse_strategic()
        self.parse_operational()
        self.parse_indicators()
        self.parse_assignments()
        self.parse_measurements()
        self.parse_overrides()
        self.parse_criticalities()
        self.parse_schede()
        return self.out, self.issues

    def parse_cycle(self):
        s = "ciclo"
        rows = self.rows(s)
        if not rows:
            return
        number, v = rows[0]
        year = self.cell(s, number, v, "anno")
        if year is not None and (
            not float(year).is_integer() or not 1990 <= year <= 2200
        ):
            self.add(s, number, "anno", "not_an_integer", value=_fmt_num(year))
            year = None
        self.year = int(year) if year is not None else None
        ente = self.cell(s, number, v, "ente")
        tolerance = self.check_percent(
            s, number, "tolleranza", self.cell(s, number, v, "tolleranza")
        )
        deadline_rule = self.cell(s, number, v, "regola_scadenza_mancata")
        points = self.cell(s, number, v, "punti_per_giorno")
        if points is not None and points < 0:
            self.add(
                s, number, "punti_per_giorno", "negative_value", value=_fmt_num(points)
            )
            points = None
        exact_rule = self.cell(s, number, v, "regola_uguale_mancato")
        if self.year is not None and ente:
            self.out.cycle = CycleRow(
                year=self.year,
                ente=ente,
                tolerance=90.0 if tolerance is None else tolerance,
                missed_deadline_rule=schema.MISSED_DEADLINE_RULES[
                    deadline_rule or "zero"
                ],
                points_per_day_late=1.0 if points is None else points,
                exact_miss_rule=schema.EXACT_MISS_RULES[exact_rule or "distanza"],
                row=number,
            )

    def parse_employees(self):
        s = "dipendenti"
        rows = []
        for number, v in self.rows(s):
            rows.append(
                EmployeeRow(
                    matricola=self.cell(s, number, v, "matricola"),
                    name=self.cell(s, number, v, "nome"),
                    category=self.cell(s, number, v, "categoria"),
                    role=self.cell(s, number, v, "ruolo"),
                    row=number,
                )
            )
        self.employee_codes = self.unique(
            s, [(r.row, r.matricola) for r in rows], "matricola"
        )
        self.out.employees = rows

    def parse_units(self):
        s = "unita"
        rows = []
        for number, v in self.rows(s):
            unit = UnitRow(
                code=self.cell(s, number, v, "codice"),
                name=self.cell(s, number, v, "nome"),
                kind=self.cell(s, number, v, "tipo"),
                parent=self.cell(s, number, v, "padre"),
                head=self.cell(s, number, v, "responsabile"),
                valid_from=self.cell(s, number, v, "valida_dal"),
                valid_to=self.cell(s, number, v, "valida_al"),
                row=number,
            )
            if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
                self.add(
                    s,
                    number,
                    "valida_al",
                    "date_order",
                    start=_fmt_date(unit.valid_from),
                    end=_fmt_date(unit.valid_to),
                )
            rows.append(unit)
        self.unit_codes = self.unique(s, [(r.row, r.code) for r in rows])
        parents = {r.code: r.parent for r in rows if r.code}
        for r in rows:
            if r.parent and r.parent not in self.unit_codes:
                self.add(s, r.row, "padre", "unknown_unit", code=r.parent)
            elif r.parent:
                seen, cur = {r.code}, r.parent
                while cur:
                    if cur in seen:
                        self.add(s, r.row, "padre", "parent_cycle", code=r.code)
                        break
                    seen.add(cur)
                    cur = parents.get(cur)
            if r.head and r.head not in self.employee_codes:
                self.add(s, r.row, "responsabile", "unknown_employee", code=r.head)
        self.out.units = rows

    def check_units(self, sheet, number, column, codes):
        ok = True
        for code in codes:
            if code not in self.unit_codes:
                self.add(sheet, number, column, "unknown_unit", code=code)
                ok = False
        return ok

    def parse_areas(self):
        s = "aree"
        rows = []
        for number, v in self.rows(s):
            rows.append(
                AreaRow(
                    code=self.cell(s, number, v, "codice"),
                    title=self.cell(s, number, v, "titolo"),
                    weight=self.check_percent(
                        s, number, "peso", self.cell(s, number, v, "peso")
                    ),
                    missions=self.cell(s, number, v, "missioni_programmi"),
                    bsc=self.cell(s, number, v, "prospettive_bsc"),
                    row=number,
                )
            )
        self.area_codes = self.unique(s, [(r.row, r.code) for r in rows])
        if rows:
            self.check_weights(
                s, {"": [(r.row, r.weight) for r in rows]}, lambda _g: "Ente"
            )
        self.out.areas = rows

    def parse_strategic(self):
        s = "obiettivi_strategici"
        rows = []
        groups = defaultdict(list)
        for number, v in self.rows(s):
            r = StrategicRow(
                code=self.cell(s, number, v, "codice"),
                area=self.cell(s, number, v, "area"),
                title=self.cell(s, number, v, "titolo"),
                weight=self.check_percent(
                    s, number, "peso", self.cell(s, number, v, "peso")
                ),
                pira=self.cell(s, number, v, "pira"),
                bsc=self.cell(s, number, v, "prospettive_bsc"),
                units=self.cell(s, number, v, "unita"),
                row=number,
            )
            if r.area and r.area not in self.area_codes:
                self.add(s, number, "area", "unknown_area", code=r.area)
            elif r.area:
                groups[r.area].append((number, r.weight))
            self.check_units(s, number, "unita", r.units)
            rows.append(r)
        self.os_codes = self.unique(s, [(r.row, r.code) for r in rows])
        self.check_weights(s, groups, lambda g: f"area {g}")
        self.out.strategic = rows

    def parse_operational(self):
        s = "obiettivi_operativi"
        rows = []
        groups = defaultdict(list)
        for number, v in self.rows(s):
            r = OperationalRow(
                code=self.cell(s, number, v, "codice"),
                strategic=self.cell(s, number, v, "obiettivo_strategico"),
                title=self.cell(s, number, v, "titolo"),
                weight=self.check_percent(
                    s, number, "peso", self.cell(s, number, v, "peso")
                ),
                pira=self.cell(s, number, v, "pira"),
                bsc=self.cell(s, number, v, "prospettive_bsc"),
                units=self.cell(s, number, v, "unita"),
                row=number,
            )
            if r.strategic and r.strategic not in self.os_codes:
                self.add(
                    s,
                    number,
                    "obiettivo_strategico",
                    "unknown_objective",
                    code=r.strategic,
                )
            elif r.strategic:
                groups[r.strategic].append((number, r.weight))
            self.check_units(s, number, "unita", r.units)
            if r.code and r.code in self.os_codes:
                # overrides, criticità and schede name an objective by its code
                self.add(s, number, "codice", "objective_code_taken", code=r.code)
            rows.append(r)
        self.oo_codes = self.unique(s, [(r.row, r.code) for r in rows])
        self.check_weights(s, groups, lambda g: f"OS {g}", optional=True)
        self.out.operational = rows

    def parse_indicators(self):
        s = "indicatori"
        rows = []
        groups = defaultdict(list)
        for number, v in self.rows(s):
            code = self.cell(s, number, v, "codice")
            kind = self.cell(s, number, v, "tipo")
            objective = self.cell(s, number, v, "obiettivo")
            measure_choice = self.cell(s, number, v, "misura")
            measure = schema.MEASURES.get(measure_choice)
            comparator_choice = self.cell(s, number, v, "comparatore")
            comparator = schema.COMPARATORS.get(comparator_choice)
            if (
                measure
                and comparator
                and (measure == "date") != (comparator == "deadline")
            ):
                self.add(
                    s,
                    number,
                    "comparatore",
                    "comparator_mismatch",
                    comparator=comparator_choice,
                    measure=measure_choice,
                )
            aggregation_choice = self.cell(s, number, v, "aggregazione")
            aggregation = schema.AGGREGATIONS.get(aggregation_choice, "pooled")
            if measure and aggregation not in AGGREGATIONS[measure]:
                self.add(
                    s,
                    number,
                    "aggregazione",
                    "aggregation_mismatch",
                    aggregation=aggregation_choice,
                    measure=measure_choice,
                )
            targets = []
            for col, last_offset in (
                ("target_n", 2),
                ("target_n1", 2),
                ("target_n2", 2),
            ):
                t = self.value_cell(s, number, v, col, measure)
                if (
                    isinstance(t, datetime.date)
                    and self.year is not None
                    and not self.check_year(
                        s, number, col, t, self.year, self.year + last_offset
                    )
                ):
                    t = None
                targets.append(t)
            if _empty(v.get("target_n")):
                self.add(s, number, "target_n", "no_target", code=code or "")
            param1 = self.cell(s, number, v, "parametro_1")
            param2 = self.cell(s, number, v, "parametro_2")
            units = self.cell(s, number, v, "unita")
            self.check_units(s, number, "unita", units)
            percent = bool(self.cell(s, number, v, "percentuale"))
            raw_target = v.get("target_n")
            if isinstance(raw_target, str) and raw_target.strip().endswith("%"):
                percent = True
            if measure == "ratio":
                percent = True
            weight = self.check_percent(
                s, number, "peso", self.cell(s, number, v, "peso")
            )
            if kind == "IS":
                if objective and objective not in self.os_codes:
                    self.add(
                        s, number, "obiettivo", "unknown_objective", code=objective
                    )
            elif kind in ("IO", "FRD") and objective and objective not in self.oo_codes:
                self.add(s, number, "obiettivo", "unknown_objective", code=objective)
            if kind in ("IS", "IO") and objective:
                groups[(kind, objective)].append((number, weight))
            r = IndicatorRow(
                code=code,
                kind=kind,
                objective=objective,
                title=self.cell(s, number, v, "titolo"),
                algorithm=self.cell(s, number, v, "algoritmo"),
                measure=measure,
                comparator=comparator,
                target_n=targets[0],
                target_n1=targets[1],
                target_n2=targets[2],
                parameter_1=param1,
                parameter_2=param2,
                units=units,
                bsc=self.cell(s, number, v, "prospettiva_bsc"),
                most_significant=bool(self.cell(s, number, v, "piu_significativo")),
                weight=weight,
                percent=percent,
                row=number,
                aggregation=aggregation,
            )
            if measure == "ratio" and not param2:
                self.add(
                    s,
                    number,
                    "parametro_2",
                    "missing_denominator",
                    WARNING,
                    indicator=code or "",
                )
            rows.append(r)
        self.indicator_codes = self.unique(s, [(r.row, r.code) for r in rows])
        self.indicators = {r.code: r for r in rows if r.code}
        self.check_weights(s, groups, lambda g: f"{g[0]} {g[1]}", optional=True)
        self.out.indicators = rows

    def parse_assignments(self):
        s = "assegnazioni"
        rows = []
        for number, v in self.rows(s):
            matricola = self.cell(s, number, v, "matricola")
            unit = self.cell(s, number, v, "unita")
            if matricola and matricola not in self.employee_codes:
                self.add(s, number, "matricola", "unknown_employee", code=matricola)
            if unit:
                self.check_units(s, number, "unita", (unit,))
            date_from = self.cell(s, number, v, "dal")
            date_to = self.cell(s, number, v, "al")
            if date_from and date_to and date_to < date_from:
                self.add(
                    s,
                    number,
                    "al",
                    "date_order",
                    start=_fmt_date(date_from),
                    end=_fmt_date(date_to),
                )
            participation = self.check_percent(
                s, number, "partecipazione", self.cell(s, number, v, "partecipazione")
            )
            rows.append(
                AssignmentRow(
                    matricola=matricola,
                    unit=unit,
                    date_from=date_from,
                    date_to=date_to,
                    participation=100.0 if participation is None else participation,
                    row=number,
                )
            )
        by_employee = defaultdict(list)
        for r in rows:
            if r.matricola and r.date_from:
                by_employee[r.matricola].append(r)
        end_of_time = datetime.date.max
        for matricola, items in by_employee.items():
            # the total is highest at some assignment's first day: check each one
            for a in items:
                total = sum(
                    b.participation
                    for b in items
                    if b.date_from <= a.date_from <= (b.date_to or end_of_time)
                )
                if total > 100 + 1e-9:
                    self.add(
                        s,
                        a.row,
                        "partecipazione",
                        "overlap_above_100",
                        employee=matricola,
                        total=_fmt_num(total),
                        date=_fmt_date(a.date_from),
                    )
        self.out.assignments = rows

    def parse_measurements(self):
        s = "misurazioni"
        rows = []
        seen = {}
        for number, v in self.rows(s):
            code = self.cell(s, number, v, "indicatore")
            unit = self.cell(s, number, v, "unita")
            quarter = self.cell(s, number, v, "quadrimestre")
            parameter = self.cell(s, number, v, "parametro") or "1"
            indicator = self.indicators.get(code)
            if code and indicator is None:
                self.add(s, number, "indicatore", "unknown_indicator", code=code)
            if (
                unit
                and self.check_units(s, number, "unita", (unit,))
                and indicator
                and unit not in indicator.units
            ):
                self.add(
                    s,
                    number,
                    "unita",
                    "unit_not_reporting",
                    unit=unit,
                    indicator=code,
                    units=", ".join(indicator.units),
                )
            if indicator and parameter == "2" and indicator.measure != "ratio":
                self.add(
                    s,
                    number,
                    "parametro",
                    "no_parameter_2",
                    indicator=code,
                    measure=indicator.measure,
                )
            measure = indicator.measure if indicator else None
            if indicator is None:
                # still type the value so that its own errors show
                raw = v.get("valore")
                measure = (
                    "date"
                    if isinstance(raw, (datetime.date, datetime.datetime))
                    else "count"
                )
            value = self.value_cell(s, number, v, "valore", measure)
            if isinstance(value, datetime.date):
                if self.check_year(
                    s,
                    number,
                    "valore",
                    value,
                    self.year or value.year,
                    self.year or value.year,
                ):
                    if quarter and quadrimester_of(value) != int(quarter):
                        self.add(
                            s,
                            number,
                            "valore",
                            "date_outside_quarter",
                            WARNING,
                            date=_fmt_date(value),
                            quarter=quarter,
                        )
                else:
                    value = None
            elif isinstance(value, float):
                if value < 0:
                    self.add(
                        s, number, "valore", "negative_value", value=_fmt_num(value)
                    )
                    value = None
                elif (
                    indicator
                    and indicator.percent
                    and indicator.measure != "ratio"
                    and value > 100
                ):
                    self.add(
                        s,
                        number,
                        "valore",
                        "value_above_100",
                        value=_fmt_num(value),
                        indicator=code,
                    )
                    value = None
            key = (code, unit, quarter, parameter)
            if None not in key:
                if key in seen:
                    self.add(
                        s,
                        number,
                        "valore",
                        "duplicate_measurement",
                        other_row=seen[key],
                        indicator=code,
                        unit=unit,
                        quarter=quarter,
                        parameter=parameter,
                    )
                else:
                    seen[key] = number
            if None in key or value is None:
                continue
            rows.append(
                MeasurementRow(
                    indicator=code,
                    unit=unit,
                    quarter=int(quarter),
                    parameter=int(parameter),
                    value=value,
                    note=self.cell(s, number, v, "nota"),
                    row=number,
                )
            )
        self.check_shares(rows)
        self.out.measurements = rows

    def check_shares(self, rows):
        """A share above 100%: parameter 1 > parameter 2 in the same quadrimester."""
        s = "misurazioni"
        by_key = {(m.indicator, m.unit, m.quarter, m.parameter): m for m in rows}
        for m in rows:
            indicator = self.indicators.get(m.indicator)
            if not indicator or indicator.measure != "ratio" or m.parameter != 1:
                continue
            den = by_key.get((m.indicator, m.unit, m.quarter, 2))
            if den is not None and m.value > den.value:
                self.add(
                    s,
                    m.row,
                    "valore",
                    "share_above_100",
                    numerator=_fmt_num(m.value),
                    denominator=_fmt_num(den.value),
                    indicator=m.indicator,
                    unit=m.unit,
                    quarter=m.quarter,
                )

    def check_objective(self, sheet, number, code):
        if code and code not in self.os_codes and code not in self.oo_codes:
            self.add(sheet, number, "obiettivo", "unknown_objective", code=code)

    def parse_overrides(self):
        s = "valutazioni_motivate"
        rows = []
        for number, v in self.rows(s):
            code = self.cell(s, number, v, "obiettivo")
            self.check_objective(s, number, code)
            rows.append(
                OverrideRow(
                    objective=code,
                    percent=self.check_percent(
                        s, number, "percentuale", self.cell(s, number, v, "percentuale")
                    ),
                    motivation=self.cell(s, number, v, "motivazione"),
                    author=self.cell(s, number, v, "autore"),
                    row=number,
                )
            )
        self.unique(s, [(r.row, r.objective) for r in rows], "obiettivo")
        self.out.overrides = rows

    def parse_criticalities(self):
        s = "criticita"
        rows = []
        for number, v in self.rows(s):
            code = self.cell(s, number, v, "obiettivo")
            self.check_objective(s, number, code)
            rows.append(
                CriticalityRow(
                    objective=code,
                    issues=self.cell(s, number, v, "criticita"),
                    actions=self.cell(s, number, v, "azioni"),
                    row=number,
                )
            )
        self.out.criticalities = rows

    def parse_schede(self):
        """Sheet ``schede`` (issue 5): references, own objectives complete, one
        row per indicator and unit, weights per employee (all empty = equal
        weights, else summing to 100), and every unit one the employee
        belonged to (an assignment, or headed) or a pseudo-unit."""
        s = "schede"
        rows = [self.scheda_row(s, number, v) for number, v in self.rows(s)]
        roles = {e.matricola: e.role for e in self.out.employees if e.matricola}
        seen = {}
        groups = defaultdict(list)
        for r in rows:
            if r.matricola:
                groups[r.matricola].append((r.row, r.weight))
            key = (r.matricola, r.indicator, r.unit)
            if r.indicator and r.unit and None not in key:
                if key in seen:
                    self.add(
                        s,
                        r.row,
                        "unita",
                        "scheda_duplicate_row",
                        indicator=r.indicator,
                        unit=r.unit,
                        employee=r.matricola,
                        other_row=seen[key],
                    )
                else:
                    seen[key] = r.row
        self.check_weights(s, groups, lambda g: f"scheda {g}", optional=True)
        self.check_scheda_units(rows, roles)
        self.out.schede = rows

    def scheda_row(self, s, number, v):
        matricola = self.cell(s, number, v, "matricola")
        if matricola and matricola not in self.employee_codes:
            self.add(s, number, "matricola", "unknown_employee", code=matricola)
        code = self.cell(s, number, v, "indicatore")
        indicator = self.indicators.get(code) if code else None
        if code and indicator is None:
            self.add(s, number, "indicatore", "unknown_indicator", code=code)
        title = self.cell(s, number, v, "obiettivo")
        if not code and not title:
            self.add(s, number, "obiettivo", "scheda_needs_objective")
        unit = self.cell(s, number, v, "unita")
        if unit:
            self.check_units(s, number, "unita", (unit,))
        weight = self.cell(s, number, v, "peso")
        comparator = schema.COMPARATORS.get(self.cell(s, number, v, "comparatore"))
        if comparator is None and indicator is not None:
            comparator = indicator.comparator
        is_date = comparator == "deadline" or (
            indicator is not None and indicator.measure == "date"
        )
        measure = "date" if is_date else "count"
        target = self.value_cell(s, number, v, "target", measure)
        result = self.value_cell(s, number, v, "risultato", measure)
        year = self.year
        if isinstance(target, datetime.date) and year is not None:
            if not self.check_year(s, number, "target", target, year, year + 2):
                target = None
        if isinstance(result, datetime.date) and year is not None:
            if not self.check_year(s, number, "risultato", result, year, year):
                result = None
        own = not code or not (_empty(v.get("target")) and _empty(v.get("risultato")))
        if code and not own and not unit:
            self.add(s, number, "unita", "scheda_needs_unit", indicator=code)
        if own and comparator is None:
            self.add(s, number, "comparatore", "required")
        if own and _empty(v.get("target")):
            self.add(s, number, "target", "required")
        evaluator = self.cell(s, number, v, "valutatore")
        if evaluator and evaluator not in self.employee_codes:
            self.add(s, number, "valutatore", "unknown_employee", code=evaluator)
        return SchedaLineRow(
            matricola=matricola,
            indicator=code,
            title=title,
            unit=unit,
            weight=self.check_percent(s, number, "peso", weight),
            comparator=comparator,
            target=target,
            result=result,
            evaluator=evaluator,
            own=own,
            row=number,
        )

    def check_scheda_units(self, rows, roles):
        """A row is valued on a unit below one the employee was assigned to or
        heads, or on a pseudo-unit; the SG's scope is the whole entity."""
        children = defaultdict(list)
        kinds = {}
        for u in self.out.units:
            kinds[u.code] = u.kind
            if u.parent:
                children[u.parent].append(u.code)

        def subtree(codes):
            out, todo = set(), list(codes)
            while todo:
                code = todo.pop()
                if code not in out:
                    out.add(code)
                    todo.extend(children.get(code, ()))
            return out

        roots = defaultdict(set)
        for a in self.out.assignments:
            roots[a.matricola].add(a.unit)
        for u in self.out.units:
            if u.head:
                roots[u.head].add(u.code)
        scopes = {}
        for r in rows:
            if not r.unit or not r.matricola or r.unit not in self.unit_codes:
                continue
            if roles.get(r.matricola) == "sg" or kinds.get(r.unit) == "pseudo":
                continue
            if r.matricola not in scopes:
                scopes[r.matricola] = subtree(roots[r.matricola])
            if r.unit not in scopes[r.matricola]:
                self.add(
                    "schede",
                    r.row,
                    "unita",
                    "scheda_unit_outside",
                    employee=r.matricola,
                    unit=r.unit,
                )


def parse(sheets) -> tuple[ParsedCycle, list[Issue]]:
    """Type and check every sheet. ``sheets``: sheet name → rows, as returned by
    ``reader.read_sheets`` (plain dicts are accepted too: their row number is
    then their position + 2). Returns the parsed cycle and all issues, errors
    and warnings, in sheet order."""
    return _Parser(sheets).parse()
