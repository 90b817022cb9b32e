"""The sheets and columns of the import format (docs/IMPORT_FORMAT.md) as data.

Plain Python, no odoo import. ``validate.parse`` reads these declarations to
type every cell; the Odoo wizard and the export read them too, so a column is
declared once.

Column types:
``text``, ``number`` (Italian or English decimals), ``percent`` (a number in
percent units, trailing ``%`` allowed), ``date``, ``list`` (comma separated
codes), ``bool`` (si/no), ``choice`` (one of ``choices``; ``aliases`` map
accepted spellings to the canonical value) and ``value`` (a number or a date,
depending on the indicator's ``misura``: targets and measurement values).
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT = "text"
NUMBER = "number"
PERCENT = "percent"
DATE = "date"
LIST = "list"
BOOL = "bool"
CHOICE = "choice"
VALUE = "value"  # number or date, decided by the indicator's measure


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    type: str = TEXT
    choices: tuple[str, ...] = ()
    # accepted spelling (lower case) -> canonical choice
    aliases: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    required: bool = True
    single_row: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


# Canonical choice values -> engine values (engine/types.py enums).
MEASURES = {
    "rapporto": "ratio",
    "conteggio": "count",
    "media": "average",
    "data": "date",
    "valore": "value",
}
# entity-level aggregation of an indicator reported by several units
AGGREGATIONS = {
    "aggregato": "pooled",
    "somma": "sum",
    "media": "mean",
    "minimo": "min",
    "massimo": "max",
    "ogni_unita": "all_units",
    "data_ultima": "latest",
    "data_prima": "earliest",
}
COMPARATORS = {">=": ">=", "<=": "<=", "=": "=", "entro": "deadline"}
MISSED_DEADLINE_RULES = {"zero": "zero", "per_giorno": "per_day"}
EXACT_MISS_RULES = {"distanza": "distance", "zero": "zero"}
UNIT_KINDS = ("sg", "area", "servizio", "ufficio", "azienda_speciale", "pseudo")
BSC_PERSPECTIVES = ("imprese", "processi", "innovazione", "economico")
INDICATOR_KINDS = ("IS", "IO", "FRD")
CATEGORIES = ("dirigente", "D", "C", "B", "A")
ROLES = ("sg", "po", "staff")
PSEUDO_UNITS = ("ENTE", "TUTTI", "FRD")

_BSC_ALIASES = {
    "imprese consumatori territorio": "imprese",
    "processi interni": "processi",
    "innovazione e crescita": "innovazione",
    "economico finanziaria": "economico",
    "economico-finanziaria": "economico",
}

SHEETS: dict[str, Sheet] = {
    s.name: s
    for s in (
        Sheet(
            "ciclo",
            (
                Column("anno", True, NUMBER),
                Column("ente", True),
                Column("tolleranza", False, PERCENT),
                Column(
                    "regola_scadenza_mancata",
                    False,
                    CHOICE,
                    tuple(MISSED_DEADLINE_RULES),
                ),
                Column("punti_per_giorno", False, NUMBER),
                Column("regola_uguale_mancato", False, CHOICE, tuple(EXACT_MISS_RULES)),
            ),
            single_row=True,
        ),
        Sheet(
            "unita",
            (
                Column("codice", True),
                Column("nome", True),
                Column(
                    "tipo",
                    True,
                    CHOICE,
                    UNIT_KINDS,
                    {"azienda speciale": "azienda_speciale"},
                ),
                Column("padre"),
                Column("responsabile"),
                Column("valida_dal", False, DATE),
                Column("valida_al", False, DATE),
            ),
        ),
        Sheet(
            "aree",
            (
                Column("codice", True),
                Column("titolo", True),
                Column("peso", True, PERCENT),
                Column("missioni_programmi", False, LIST),
                Column("prospettive_bsc", False, LIST, BSC_PERSPECTIVES, _BSC_ALIASES),
            ),
        ),
        Sheet(
            "obiettivi_strategici",
            (
                Column("codice", True),
                Column("area", True),
                Column("titolo", True),
                Column("peso", True, PERCENT),
                Column("pira"),
                Column("prospettive_bsc", False, LIST, BSC_PERSPECTIVES, _BSC_ALIASES),
                Column("unita", False, LIST),
            ),
        ),
        Sheet(
            "obiettivi_operativi",
            (
                Column("codice", True),
                Column("obiettivo_strategico", True),
                Column("titolo", True),
                Column("peso", False, PERCENT),
                Column("pira"),
                Column("prospettive_bsc", False, LIST, BSC_PERSPECTIVES, _BSC_ALIASES),
                Column("unita", False, LIST),
            ),
        ),
        Sheet(
            "indicatori",
            (
                Column("codice", True),
                Column(
                    "tipo",
                    True,
                    CHOICE,
                    INDICATOR_KINDS,
                    {"is": "IS", "io": "IO", "frd": "FRD"},
                ),
                Column("obiettivo", True),
                Column("titolo", True),
                Column("algoritmo"),
                Column("misura", True, CHOICE, tuple(MEASURES)),
                Column(
                    "comparatore",
                    True,
                    CHOICE,
                    tuple(COMPARATORS),
                    {"≥": ">=", "=>": ">=", "≤": "<=", "=<": "<=", "==": "="},
                ),
                # target_n is required; an empty one is reported as "no_target"
                Column("target_n", False, VALUE),
                Column("target_n1", False, VALUE),
                Column("target_n2", False, VALUE),
                Column("parametro_1"),
                Column("parametro_2"),
                Column("unita", True, LIST),
                Column(
                    "prospettiva_bsc", False, CHOICE, BSC_PERSPECTIVES, _BSC_ALIASES
                ),
                Column("piu_significativo", False, BOOL),
                Column("peso", False, PERCENT),
                Column("percentuale", False, BOOL),
                Column("aggregazione", False, CHOICE, tuple(AGGREGATIONS)),
            ),
        ),
        Sheet(
            "dipendenti",
            (
                Column("matricola", True),
                Column("nome", True),
                Column(
                    "categoria",
                    False,
                    CHOICE,
                    CATEGORIES,
                    {"d": "D", "c": "C", "b": "B", "a": "A"},
                ),
                Column("ruolo", False, CHOICE, ROLES),
            ),
            required=False,
        ),
        Sheet(
            "assegnazioni",
            (
                Column("matricola", True),
                Column("unita", True),
                Column("dal", True, DATE),
                Column("al", False, DATE),
                Column("partecipazione", False, PERCENT),
            ),
            required=False,
        ),
        Sheet(
            "misurazioni",
            (
                Column("indicatore", True),
                Column("unita", True),
                Column(
                    "quadrimestre",
                    True,
                    CHOICE,
                    ("1", "2", "3"),
                    {"i": "1", "ii": "2", "iii": "3"},
                ),
                Column("parametro", False, CHOICE, ("1", "2")),
                Column("valore", True, VALUE),
                Column("nota"),
            ),
            required=False,
        ),
        Sheet(
            "valutazioni_motivate",
            (
                Column("obiettivo", True),
                Column("percentuale", True, PERCENT),
                Column("motivazione", True),
                Column("autore"),
            ),
            required=False,
        ),
        Sheet(
            "criticita",
            (
                Column("obiettivo", True),
                Column("criticita", True),
                Column("azioni"),
            ),
            required=False,
        ),
    )
}

# Individual schede (issue 5): one row per objective of an employee's scheda.
SHEETS["schede"] = Sheet(
    "schede",
    (
        Column("matricola", True),
        Column("indicatore"),
        Column("obiettivo"),
        Column("unita"),
        Column("peso", False, PERCENT),
        Column(
            "comparatore",
            False,
            CHOICE,
            tuple(COMPARATORS),
            {"≥": ">=", "=>": ">=", "≤": "<=", "=<": "<=", "==": "="},
        ),
        Column("target", False, VALUE),
        Column("risultato", False, VALUE),
        Column("valutatore"),
    ),
    required=False,
)

# Written by the export, ignored on import (round trip).
IGNORED_SHEETS = ("risultati",)
