"""What people read is what is stored: every stored figure of the printed
quadrimester, on generated cycles, appears in the Relazione (its HTML) and in
its workbook where it belongs, formatted by the one formatter
(cciaa_performance/engine/formats.py); "n.d." (with the reason where the
templates print it) for a figure that is not evaluable; no figure printed
that has no stored result.

The cycles are those of cciaa_performance/tests/test_one_path.py (its fixed
catalogue of every measure x comparator x missing pattern x aggregation and
its hypothesis ``cycle_files``), imported through the wizard, their motivated
evaluations confirmed by the SG, recomputed; the expected texts are read from
the stored results (SQL, every stored digit), never typed.

Printed where (relazione_templates.xml, report_relazione_xlsx.py):

- PDF 3.0 Albero: Ente, areas, OS, OO ``pct1`` (+ "*" when a motivated
  evaluation applies), IS TOT ``pct``; indicators result ``value`` (percent
  when the indicator is one), achievement ``pct``, parametrata ``pct``;
- PDF 3.1: Ente, areas, OS ``pct1``, weight ``number``, OS share of its area
  and area / OS share of the Ente ``pct1`` (the Ente's own score in that
  column); IS TOT and IS as in 3.0;
- PDF 3.2: OO ``pct1`` (no "*"), IO and FRD as in 3.0;
- PDF unit sheets: the unit's result ``pct`` in the heading, each row's
  result, achievement, parametrata as an indicator's;
- PDF section 1 (Ente, areas ``pct1``, units ``pct``), the Ente's figure in
  sections 3 and 3.3, the criticità (OS and OO below 100%) and the motivated
  evaluations (computed and final ``pct1``);
- XLSX "Albero" and "Schede unità": the same figures typed (numbers in
  percent units, dates), "n.d." texts where not evaluable.
"""

import base64
import contextlib
import datetime
import io
import math
import re

import openpyxl
from hypothesis import given
from lxml import html as lxml_html

from odoo import Command
from odoo.tests import tagged

from odoo.addons.cciaa_performance.engine import formats, shortfall
from odoo.addons.cciaa_performance.importer.writer import write_xlsx
from odoo.addons.cciaa_performance.tests.common import CciaaCase
from odoo.addons.cciaa_performance.tests.test_one_path import (
    ENTE,
    FILENAME,
    catalogue,
    cycle_files,
    generated_cycles,
)

DOCUMENT = "cciaa_performance_report.action_report_relazione"
WORKBOOK = "cciaa_performance_report.action_report_relazione_xlsx"
DOCUMENT_LANG = "it_IT"
# Random cycles per run: each costs an import, a recomputation, the HTML and
# the workbook (two preparations of the Relazione), 0.2-0.3 s on the shared
# 2-core machine (10-15 s in all when they pass, the catalogue about 1 s); 40
# draws reach every level evaluable and not in both prints, the catalogue
# holds every measure x comparator x missing pattern anyway. A failure costs
# the shrinking too.
MAX_EXAMPLES = 40
SHOWN_DIFFERENCES = 40
NA = formats.NOT_AVAILABLE
LEVELS = ("ente", "area", "os", "is_total", "oo", "indicator", "unit", "row")
OBJECTIVE_ROWS = {"E": "ente", "AS": "area", "OS": "os", "OO": "oo"}
INDICATOR_ROWS = ("IS", "IO", "FRD")
# section 1 lists the organisational units, not the pseudo-unit ENTE nor a
# special agency
PSEUDO_UNITS = ("pseudo", "azienda_speciale")
STORED_COLUMNS = (
    "level",
    "code",
    "unit_code",
    "indicator_id",
    "department_id",
    "evaluable",
    "reason",
    "score",
    "result_value",
    "result_date",
    "achievement",
    "computed_score",
    "overridden",
    "weight",
    "share_parent",
    "share_ente",
)
# the stored columns a printed field shows, named in a failure message
SHOWN_COLUMNS = {
    "objective": ("evaluable", "reason", "score", "overridden"),
    "objective_plain": ("evaluable", "reason", "score"),
    "score": ("evaluable", "reason", "score"),
    "result": ("evaluable", "result_value", "result_date"),
    "achievement": ("evaluable", "achievement"),
    "weight": ("evaluable", "weight"),
    "share_parent": ("evaluable", "share_parent"),
    "share_ente": ("evaluable", "share_ente"),
    "computed": ("evaluable", "computed_score"),
    "shortfall": ("evaluable", "score"),
    "blank": (),
}
BLANK = "blank"
# PDF tables: {printed row kind: {cell index: field}}; the target (the plan's,
# not a stored figure) and the texts are not compared
OBJECTIVE_CELLS = {2: BLANK, 3: BLANK, 4: BLANK}
TREE_CELLS = {
    **{kind: {**OBJECTIVE_CELLS, 5: "objective"} for kind in OBJECTIVE_ROWS},
    "IS TOT": {**OBJECTIVE_CELLS, 5: "score"},
    **{kind: {2: "result", 4: "achievement", 5: "score"} for kind in INDICATOR_ROWS},
}
STRATEGIC_BLANKS = {2: BLANK, 3: BLANK, 4: BLANK, 5: BLANK}
STRATEGIC_CELLS = {
    "E": {
        **STRATEGIC_BLANKS,
        6: "objective",
        7: "weight",
        8: BLANK,
        9: "objective_plain",
    },
    "AS": {**STRATEGIC_BLANKS, 6: "objective", 7: "weight", 8: BLANK, 9: "share_ente"},
    "OS": {
        **STRATEGIC_BLANKS,
        6: "objective",
        7: "weight",
        8: "share_parent",
        9: "share_ente",
    },
    "IS TOT": {**STRATEGIC_BLANKS, 6: "score", 7: BLANK, 8: BLANK, 9: BLANK, 10: BLANK},
    "IS": {3: "result", 5: "achievement", 6: "score", 7: BLANK, 8: BLANK, 9: BLANK},
}
OPERATIONAL_CELLS = {
    "AS": {**STRATEGIC_BLANKS, 6: BLANK, 7: BLANK},
    "OS": {**STRATEGIC_BLANKS, 6: BLANK, 7: BLANK},
    "OO": {**STRATEGIC_BLANKS, 6: "objective_plain"},
    "IO": {3: "result", 5: "achievement", 6: "score"},
    "FRD": {3: "result", 5: "achievement", 6: "score"},
}
# unit-sheet row, first line, counted from its end: result, target,
# achievement, parametrata
SHEET_CELLS = {-4: "result", -2: "achievement", -1: "score"}
# XLSX "Albero": {row kind: {column header: field}}
TREE_BLANKS = {
    "Risultato": BLANK,
    "Target": BLANK,
    "% realizzazione target": BLANK,
}
XLSX_TREE = {
    "E": {
        **TREE_BLANKS,
        "% realizzazione parametrata": "score",
        "Peso": BLANK,
        "% su Ob pond": BLANK,
        "% su Ente": "share_ente",
    },
    **{
        kind: {
            **TREE_BLANKS,
            "% realizzazione parametrata": "score",
            "Peso": "weight",
            "% su Ob pond": "share_parent",
            "% su Ente": "share_ente",
        }
        for kind in ("AS", "OS", "OO")
    },
    "IS TOT": {
        **TREE_BLANKS,
        "% realizzazione parametrata": "score",
        "Peso": BLANK,
        "% su Ob pond": BLANK,
        "% su Ente": BLANK,
    },
    **{
        kind: {
            "Risultato": "result",
            "% realizzazione target": "achievement",
            "% realizzazione parametrata": "score",
            "Peso": BLANK,
            "% su Ob pond": BLANK,
            "% su Ente": BLANK,
        }
        for kind in INDICATOR_ROWS
    },
}
XLSX_SHEET_FIRST = {
    "Risultato": "result",
    "% realizzazione target": "achievement",
    "% realizzazione parametrata": "score",
}
XLSX_SHEET_NEXT = dict.fromkeys(
    ("Risultato", "Target", "% realizzazione target", "% realizzazione parametrata"),
    BLANK,
)


def plain(element):
    """The text of an element as a reader sees it: whitespace collapsed."""
    return " ".join(element.text_content().split())


def table_rows(table):
    """The body rows of ``table`` as their ``td`` elements."""
    return [row.xpath("./td") for row in table.xpath("./tbody/tr")]


def row_kind(cells):
    """The printed kind of a row (E, AS, OS, IS TOT, OO, IS, IO, FRD): the
    first cell's own text, without the programme printed under it."""
    return " ".join((cells[0].text or "").split())


def row_code(cells):
    return plain(cells[1]).split(" ", 1)[0]


def same_cell(cell, expected):
    """An XLSX cell read back (openpyxl) against the expected typed value:
    numbers within the 15-16 significant digits a workbook keeps."""
    if expected is None:
        return cell is None
    if isinstance(expected, str):
        return cell == expected
    if isinstance(expected, datetime.date):
        return isinstance(cell, datetime.datetime) and cell.date() == expected
    return (
        isinstance(cell, (int, float))
        and not isinstance(cell, bool)
        and math.isclose(cell, expected, rel_tol=1e-14, abs_tol=1e-12)
    )


def stored_result(stored):
    """A stored result as stored: a date, a number or None."""
    return stored["result_date"] or stored["result_value"]


@tagged("post_install", "-at_install")
class TestPrintedFigures(CciaaCase):
    """PDF (as HTML) and XLSX print exactly the stored figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chamber = cls.env["res.company"].create({"name": ENTE})
        for user in (cls.user_manager, cls.user_sg):
            user.company_ids = [Command.link(cls.chamber.id)]
        lang = cls.env["res.lang"]._get_code(DOCUMENT_LANG) or cls.env.lang
        document_env = cls.env(context=dict(cls.env.context, lang=lang))
        field = cls.env["cciaa.performance.result"]._fields["reason"]
        cls.not_available = {
            code: f"{NA} ({label})"
            for code, label in field._description_selection(document_env)
        }

    # -- the path: file, import, confirmation, recomputation, prints -----------

    def as_user(self, records, user):
        return records.with_user(user).with_context(
            allowed_company_ids=[self.chamber.id]
        )

    def import_cycle(self, cycle_file):
        """Import as the manager, the SG confirms, the manager recomputes."""
        Wizard = self.as_user(
            self.env["cciaa.performance.import.wizard"], self.user_manager
        )
        wizard = Wizard.create(
            {
                "file": base64.b64encode(write_xlsx(cycle_file.sheets)),
                "filename": FILENAME,
            }
        )
        wizard.action_import()
        self.assertEqual(wizard.state, "done", f"import refused: {wizard.report}")
        cycle = wizard.cycle_id
        proposals = self.env["cciaa.performance.override"].search(
            [("cycle_id", "=", cycle.id)]
        )
        chosen = proposals.filtered(
            lambda o: (o.strategic_id or o.operational_id).code in cycle_file.confirmed
        )
        if chosen:
            self.as_user(chosen, self.user_sg).action_confirm()
        self.as_user(cycle, self.user_manager).action_recompute()
        return cycle.with_env(self.env)

    def printed(self, cycle):
        """The Relazione of ``cycle``: its HTML parsed and its workbook."""
        cycle.action_open_relazione()
        relazione = cycle.relazione_ids
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html(DOCUMENT, relazione.ids)[0].decode()
        content, _fmt = Report._render_xlsx(WORKBOOK, relazione.ids, None)
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        return lxml_html.document_fromstring(html), workbook

    def stored_figures(self, cycle):
        """{(level, code, unit of a row): stored columns} of the latest
        quadrimester, read with SQL so that every stored digit is there."""
        self.env.flush_all()
        # the column names are constants (STORED_COLUMNS)
        self.env.cr.execute(
            f"SELECT {', '.join(STORED_COLUMNS)} FROM cciaa_performance_result "
            "WHERE cycle_id = %s AND quarter = (SELECT max(quarter) "
            "FROM cciaa_performance_result WHERE cycle_id = %s)",
            [cycle.id, cycle.id],
        )
        stored = {}
        for row in self.env.cr.dictfetchall():
            unit = row["unit_code"] if row["level"] == "row" else None
            stored[(row["level"], row["code"], unit)] = row
        return stored

    # -- the expected texts and values ----------------------------------------

    def score_text(self, stored, fmt):
        if stored["evaluable"]:
            return fmt(stored["score"])
        return self.not_available.get(stored["reason"], NA)

    def expected_text(self, field, stored, percent=False):
        """What the PDF prints for ``field`` of a stored figure."""
        evaluable = stored["evaluable"]
        texts = {
            "objective": lambda: (
                self.score_text(stored, formats.pct1)
                + ("*" if stored["overridden"] else "")
            ),
            "objective_plain": lambda: self.score_text(stored, formats.pct1),
            "score": lambda: self.score_text(stored, formats.pct),
            "result": lambda: (
                formats.value(stored_result(stored), percent) if evaluable else NA
            ),
            "achievement": lambda: (
                formats.pct(stored["achievement"]) if evaluable else NA
            ),
            # the weight as used: none stored (not evaluable), none printed
            "weight": lambda: (
                "" if stored["weight"] is None else formats.number(stored["weight"])
            ),
            "share_parent": lambda: (
                formats.pct1(stored["share_parent"]) if evaluable else NA
            ),
            "share_ente": lambda: (
                formats.pct1(stored["share_ente"]) if evaluable else NA
            ),
            "computed": lambda: (
                formats.pct1(stored["computed_score"]) if evaluable else NA
            ),
            "shortfall": lambda: formats.pct1(shortfall(stored["score"])),
            BLANK: lambda: "",
        }
        return texts[field]()

    def expected_cell(self, field, stored):
        """What the workbook holds for ``field`` of a stored figure: the
        stored value typed; "n.d." (with the reason for the parametrata)
        where it is not evaluable or has no value, as the PDF prints it; no
        weight where none is stored."""
        if field == BLANK:
            return None
        if field == "weight":
            return stored["weight"]
        if not stored["evaluable"]:
            return self.score_text(stored, None) if field == "score" else NA
        value = stored_result(stored) if field == "result" else stored[field]
        return NA if value is None else value

    # -- comparison ---------------------------------------------------------------

    def prepare_figures(self, cycle):
        """The stored figures of the printed quadrimester and what chooses
        their format: the indicator (a percentage?) and the unit's kind."""
        self.stored = self.stored_figures(cycle)
        self.assertTrue(self.stored, "nothing stored")
        Indicator = self.env["cciaa.performance.indicator"]
        ids = {s["indicator_id"] for s in self.stored.values() if s["indicator_id"]}
        self.percent = {i.id: bool(i.is_percent) for i in Indicator.browse(ids)}
        self.kinds = {
            i.id: i.kind for i in Indicator.search([("cycle_id", "=", cycle.id)])
        }
        units = self.env["hr.department"].browse(
            {s["department_id"] for s in self.stored.values() if s["department_id"]}
        )
        self.unit_kinds = {u.id: u.cciaa_kind for u in units}

    def keys(self, *levels, kinds=None):
        """The stored keys of ``levels``; of indicators of ``kinds`` only."""
        return {
            key
            for key, stored in self.stored.items()
            if key[0] in levels
            and (kinds is None or self.kinds.get(stored["indicator_id"]) in kinds)
        }

    def row_key(self, kind, code):
        if kind == "E":  # the Ente is one: its stored code is its own
            return next(
                (k for k in self.stored if k[0] == "ente"), ("ente", code, None)
            )
        if kind in OBJECTIVE_ROWS:
            return (OBJECTIVE_ROWS[kind], code, None)
        if kind == "IS TOT":
            return ("is_total", code, None)
        return ("indicator", code, None)

    @staticmethod
    def label(key):
        level, code, unit = key
        return f"{level} {code}" + (f" @ {unit}" if unit else "")

    def differ(self, where, key, field, expected, printed):
        stored = self.stored[key]
        shown = ", ".join(f"{c} {stored[c]!r}" for c in SHOWN_COLUMNS[field])
        self.found.append(
            f"{where}, {self.label(key)}: {field} (stored: {shown}) "
            f"expected {expected!r}, printed {printed!r}"
        )

    def check_text(self, where, key, field, printed):
        stored = self.stored[key]
        percent = self.percent.get(stored["indicator_id"], False)
        expected = self.expected_text(field, stored, percent)
        if field != BLANK:
            self.compared.append((where, key[0], bool(stored["evaluable"])))
        if printed != expected:
            self.differ(where, key, field, expected, printed)

    def check_cell(self, where, key, field, cell):
        expected = self.expected_cell(field, self.stored[key])
        if field != BLANK:
            self.compared.append((where, key[0], bool(self.stored[key]["evaluable"])))
        if not same_cell(cell, expected):
            self.differ(where, key, field, expected, cell)

    def check_unstored(self, where, key, printed):
        """A row without a stored figure (an OS without strategic indicators
        has no IS TOT) prints no figure: "n.d." or nothing."""
        figures = [p for p in printed if p not in ("", NA, None)]
        if figures:
            self.found.append(
                f"{where}, {self.label(key)}: nothing stored, printed {figures!r}"
            )

    def check_keys(self, where, printed, expected):
        """Every stored figure printed once."""
        seen = set()
        for key in printed:
            if key in seen:
                self.found.append(f"{where}, {self.label(key)}: printed twice")
            seen.add(key)
        self.found += [
            f"{where}, {self.label(key)}: stored, not printed"
            for key in sorted(expected - seen)
        ]

    def check_table(self, where, table, layout, expected):
        """A PDF table of objectives and indicators, row by row."""
        printed = []
        for cells in table_rows(table):
            kind = row_kind(cells)
            key = self.row_key(kind, row_code(cells))
            printed.append(key)
            if kind not in layout:
                self.found.append(f"{where}: a row {kind} {self.label(key)}")
            elif key in self.stored:
                for index, field in layout[kind].items():
                    text = (
                        plain(cells[index])
                        if -len(cells) <= index < len(cells)
                        else None
                    )
                    self.check_text(where, key, field, text)
            else:
                self.check_unstored(where, key, [plain(c) for c in cells[2:]])
        self.check_keys(where, printed, expected)

    # -- the PDF -------------------------------------------------------------------

    def check_pdf(self, root):
        def after(anchor, path):
            return root.xpath(f'//*[@id="{anchor}"]/following-sibling::{path}')

        self.check_table(
            "PDF 3.0 Albero",
            after("s30", "table[1]")[0],
            TREE_CELLS,
            self.keys("ente", "area", "os", "is_total", "oo", "indicator"),
        )
        self.check_table(
            "PDF 3.1",
            after("s31", "table[1]")[0],
            STRATEGIC_CELLS,
            self.keys("ente", "area", "os", "is_total")
            | self.keys("indicator", kinds=("IS",)),
        )
        self.check_table(
            "PDF 3.2",
            after("s32", "table[1]")[0],
            OPERATIONAL_CELLS,
            self.keys("area", "os", "oo") | self.keys("indicator", kinds=("IO", "FRD")),
        )
        self.check_unit_sheets(root)
        self.check_section_one(after)
        self.check_section_three(root, after)

    def check_unit_sheets(self, root):
        where = "PDF schede unità"
        units, rows = [], []
        for heading in root.xpath('//h3[starts-with(@id, "unit-")]'):
            key = ("unit", heading.get("id")[len("unit-") :], None)
            units.append(key)
            found = re.search(r"Risultato ambito organizzativo (.*)$", plain(heading))
            if key in self.stored:
                self.check_text(where, key, "score", found and found.group(1))
            else:
                self.check_unstored(where, key, [found and found.group(1)])
            for cells in table_rows(heading.getparent().getnext()):
                if cells[0].get("rowspan") is None:
                    continue  # a parameter's own line: data, not a stored figure
                row = ("row", row_code(cells), key[1])
                rows.append(row)
                if row in self.stored:
                    for index, field in SHEET_CELLS.items():
                        self.check_text(where, row, field, plain(cells[index]))
                else:
                    self.check_unstored(where, row, [plain(c) for c in cells[-4:]])
        self.check_keys(where, units, self.keys("unit"))
        self.check_keys(where, rows, self.keys("row"))

    def check_section_one(self, after):
        where = "PDF sezione 1"
        ente = self.row_key("E", "ENTE")
        kpi = after("s1", 'div[contains(@class, "kpi")][1]')[0]
        self.check_text(where, ente, "objective_plain", plain(kpi[1]))
        self.check_exact(where, ente, plain(kpi))
        tables = after("s1", "table")
        areas = [("area", plain(c[0]), None) for c in table_rows(tables[0])]
        for key, cells in zip(areas, table_rows(tables[0]), strict=True):
            if key in self.stored:
                self.check_text(where, key, "objective_plain", plain(cells[2]))
            else:
                self.check_unstored(where, key, [plain(cells[2])])
        self.check_keys(where, areas, self.keys("area"))
        units = [("unit", plain(c[0]), None) for c in table_rows(tables[1])]
        for key, cells in zip(units, table_rows(tables[1]), strict=True):
            if key in self.stored:
                self.check_text(where, key, "score", plain(cells[2]))
            else:
                self.check_unstored(where, key, [plain(cells[2])])
        self.check_keys(
            where,
            units,
            {
                key
                for key in self.keys("unit")
                if self.unit_kinds.get(self.stored[key]["department_id"])
                not in PSEUDO_UNITS
            },
        )

    def check_exact(self, where, ente, text):
        """The Ente's figure "non arrotondato" (two decimals) in ``text``."""
        expected = self.expected_text("score", self.stored[ente])
        self.compared.append((where, "ente", bool(self.stored[ente]["evaluable"])))
        if not re.search(
            re.escape(f"valore non arrotondato {expected}") + r"(?: ·|\),)", text
        ):
            printed = re.search(r"valore non arrotondato (.{0,40})", text)
            self.differ(where, ente, "score", expected, printed and printed.group(1))

    def check_section_three(self, root, after):
        ente = self.row_key("E", "ENTE")
        paragraph = after("s3r", "p[1]")[0]
        self.check_text(
            "PDF 3", ente, "objective_plain", plain(paragraph.find("strong"))
        )
        self.check_exact("PDF 3", ente, plain(paragraph))
        paragraph = after("s33", "p[1]")[0]
        self.check_text(
            "PDF 3.3", ente, "objective_plain", plain(paragraph.find("strong"))
        )
        objectives = self.keys("os", "oo")
        # the criticità: every OS and OO below 100%, its score and shortfall
        where = "PDF criticità"
        node = root.get_element_by_id("s3c").getnext().getnext()
        printed = []
        if node.tag == "table":
            for cells in table_rows(node):
                code = plain(cells[0]).split(" ", 1)[0]
                key = ("os", code, None)
                key = key if key in self.stored else ("oo", code, None)
                printed.append(key)
                if key not in self.stored:
                    self.check_unstored(where, key, [plain(c) for c in cells])
                    continue
                title = plain(cells[0])
                score = title[title.rfind("(") + 1 : -1] if title.endswith(")") else ""
                self.check_text(where, key, "objective_plain", score)
                self.check_text(where, key, "shortfall", plain(cells[1]))
        node = node.getnext()  # past the table, or the sentence "Tutti ... 100%"
        self.check_keys(
            where,
            printed,
            {
                key
                for key in objectives
                if self.stored[key]["evaluable"] and self.stored[key]["score"] < 100
            },
        )
        # the motivated evaluations: computed and final figure
        where = "PDF valutazioni motivate"
        printed = []
        if node is not None and node.tag == "h3":
            for cells in table_rows(node.getnext()):
                code = plain(cells[0]).split(" ", 1)[0]
                key = ("os", code, None)
                key = key if key in self.stored else ("oo", code, None)
                printed.append(key)
                if key in self.stored:
                    self.check_text(where, key, "computed", plain(cells[1]))
                    self.check_text(where, key, "objective_plain", plain(cells[2]))
                else:
                    self.check_unstored(where, key, [plain(c) for c in cells[1:3]])
        self.check_keys(
            where, printed, {k for k in objectives if self.stored[k]["overridden"]}
        )

    # -- the workbook --------------------------------------------------------------

    @staticmethod
    def sheet_rows(workbook, name):
        values = list(workbook[name].iter_rows(values_only=True))
        return [dict(zip(values[0], row, strict=True)) for row in values[1:]]

    def check_xlsx(self, workbook):
        where = "XLSX Albero"
        printed = []
        for row in self.sheet_rows(workbook, "Albero"):
            kind = row["Ob/Ind"]
            key = self.row_key(kind, row["Codice"])
            printed.append(key)
            if kind not in XLSX_TREE:
                self.found.append(f"{where}: a row {kind} {self.label(key)}")
            elif key in self.stored:
                for column, field in XLSX_TREE[kind].items():
                    self.check_cell(where, key, field, row[column])
            else:
                self.check_unstored(where, key, [row[c] for c in XLSX_TREE[kind]])
        self.check_keys(
            where,
            printed,
            self.keys("ente", "area", "os", "is_total", "oo", "indicator"),
        )
        where = "XLSX Schede unità"
        printed, units = [], []
        for line in self.sheet_rows(workbook, "Schede unità"):
            unit = ("unit", line["Unità"], None)
            key = ("row", line["Codice"], line["Unità"])
            if unit in self.stored:
                self.check_cell(
                    where, unit, "score", line["Risultato ambito organizzativo %"]
                )
            else:
                self.check_unstored(
                    where, unit, [line["Risultato ambito organizzativo %"]]
                )
            first = key not in printed
            if first:
                printed.append(key)
                if unit not in units:
                    units.append(unit)
            layout = XLSX_SHEET_FIRST if first else XLSX_SHEET_NEXT
            if key in self.stored:
                for column, field in layout.items():
                    self.check_cell(where, key, field, line[column])
            else:
                self.check_unstored(where, key, [line[c] for c in layout])
        self.check_keys(where, printed, self.keys("row"))
        self.check_keys(where, units, self.keys("unit"))

    # -- the tests -----------------------------------------------------------------

    def assert_printed(self, cycle_file):
        """Import, confirm, recompute, print; every difference, rolled back."""
        self.compared = []  # (where, level, evaluable) of each figure compared
        self.found = []
        with contextlib.closing(self.env.cr.savepoint()):
            cycle = self.import_cycle(cycle_file)
            self.prepare_figures(cycle)
            root, workbook = self.printed(cycle)
            self.check_pdf(root)
            self.check_xlsx(workbook)
        if self.found:
            shown = self.found[:SHOWN_DIFFERENCES]
            if len(self.found) > len(shown):
                shown.append(f"... and {len(self.found) - len(shown)} more")
            self.fail(
                f"{len(self.found)} printed figures differ from the stored ones:\n"
                + "\n".join(shown)
            )

    def test_catalogue_prints_the_stored_figures(self):
        self.assert_printed(catalogue())
        # every level compared in both prints; rows and indicators not
        # evaluable too (the catalogue has no other figure that is not)
        compared = {
            (where.split(" ")[0], level, ok) for where, level, ok in self.compared
        }
        for document in ("PDF", "XLSX"):
            for level in LEVELS:
                self.assertIn((document, level, True), compared)
            for level in ("indicator", "row"):
                self.assertIn((document, level, False), compared)

    def test_random_cycles_print_the_stored_figures(self):
        seen = set()

        @generated_cycles(MAX_EXAMPLES)
        @given(cycle_files())
        def check(cycle_file):
            try:
                self.assert_printed(cycle_file)
            finally:
                seen.update((w.split(" ")[0], lv, ok) for w, lv, ok in self.compared)

        check()
        # the draws reach every level, evaluable and not, in both prints
        for document in ("PDF", "XLSX"):
            for level in LEVELS:
                for evaluable in (True, False):
                    self.assertIn((document, level, evaluable), seen)
