"""Build the 2019 data set of the CCIAA di Massa-Carrara in the import format.

Reads the verified transcriptions of the Relazione sulla performance 2019
(``cciaa_performance/tests/reference/*.json``, the files the tests compare
every figure with) and writes one CSV per sheet of
docs/IMPORT_FORMAT.md into ``cciaa_performance/datasets/massa_carrara_2019/``, then
the same sheets as ``cciaa_performance/datasets/massa_carrara_2019.xlsx`` (typed
cells) for the import wizard.

Usage: python3 data/tools/build_2019.py [REFERENCE_DIR] [--out DIR]

Every value comes from the reference JSON; the document's errors are corrected
here, each one named in CORRECTIONS and listed in cciaa_performance/datasets/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib.util
import json
import pathlib

REPO = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_REFERENCE = REPO / "cciaa_performance" / "tests" / "reference"
DEFAULT_OUT = REPO / "cciaa_performance" / "datasets" / "massa_carrara_2019"
SCHEMA_PY = REPO / "cciaa_performance" / "importer" / "schema.py"

YEAR = 2019
REORG = datetime.date(2019, 5, 20)  # determinazione SG n. 115 del 15/5/2019

BSC = {
    "imprese consumatori territorio": "imprese",
    "imprese consumatori e territorio": "imprese",
    "processi interni": "processi",
    "innovazione e crescita": "innovazione",
    "economico finanziaria": "economico",
}

# measure_type of tree.json -> misura of the format, for indicators that no
# unit sheet carries (their only figure is the printed yearly result)
TREE_MEASURE = {
    "percentage_ratio": "valore",
    "percentage_satisfaction": "valore",
    "count": "conteggio",
    "date_deadline": "data",
    "days_average": "media",
}
SHEET_MEASURE = {
    "ratio": "rapporto",
    "count": "conteggio",
    "average": "media",
    "date": "data",
}

# FRD rows of the FRD unit sheet, in printed order (seq 1..6)
FRD_CODES = ("FRD:ob1", "FRD:ob2-1", "FRD:ob2-2", "FRD:ob3-1", "FRD:ob3-2", "FRD:ob3-3")

NOTE_MERGED_DATE = (
    "data unica stampata sulle tre colonne: posta nel quadrimestre che la contiene"
)
NOTE_MERGED_VALUE = "valore annuale stampato senza ripartizione per quadrimestre"
NOTE_TREE_VALUE = (
    "risultato annuale stampato nell'Albero (riga %s), senza dati per quadrimestre"
)

# Corrections of the document (cciaa_performance/datasets/README.md lists each with
# its source).
CORRECTIONS = {
    # indicator: {field: corrected value}
    "O2.1.2-c": {
        "target_n": datetime.date(2019, 11, 30)
    },  # printed 30/11/2018 (l. 4539, 6096)
}

# Entity aggregation chosen where the document shows one other than the
# measure's own (docs/RULES.md R2): section 3.2 prints O2.1.4-d ("n. soluzioni
# individuate nell'anno >= 2", every office) as 2, the minimum over the six
# offices (S3 had 4), not their sum.
AGGREGATION = {"O2.1.4-d": "minimo"}

OVERRIDE_3_2 = {
    "obiettivo": "3.2",
    "percentuale": 91,
    # seed lines 1964-1966 (repeated at 2020-2026) and the "% mancato raggiungimento"
    # column of the criticità table, lines 1971-1993; PDF line breaks joined
    "motivazione": (
        "L’obiettivo strategico non è stato raggiunto al 100% poiché l’ICQRF "
        "durante l’ispezione triennale ha rilevato 3 NC gravi. L’Ispezione si è "
        "basata su attività eseguite nel triennio 2016, 2017 e 2018 e delle tre non "
        "conformità rilevate, due sono riconducibili a normative che nel 2019 sono "
        "state aggiornate. % mancato raggiungimento target (1° anno): 9%."
    ),
    "autore": "",
}

CRITICITA_3_2 = {
    "obiettivo": "3.2",
    # seed lines 1980-1993 ("Criticità riscontrate") and 1964
    "criticita": (
        "Numero di non conformità rilevate dagli Organismi di controllo misurata "
        "dal numero di non conformità rilevate dal ICQRF superiore a 1: l’ICQRF "
        "durante l’ispezione triennale ha rilevato 3 NC gravi (9% di mancato "
        "raggiungimento del target del primo anno)."
    ),
    # seed lines 1994-2005 ("Obiettivi/azioni previsti nel ciclo successivo")
    "azioni": (
        "NC1 L’Ufficio ha già aggiornato la Procedura di Controllo ed il MIPAAF "
        "l’ha approvata. NC2 In corso nuova selezione dell’Ispettore. NC3 L’Ufficio "
        "sta predisponendo nuove Procedure e verbali ispettivi in linea con la "
        "normativa e le NC rilevate prima di procedere all’attività Ispettiva "
        "annuale."
    ),
}

COLUMNS = {
    "ciclo": [
        "anno",
        "ente",
        "tolleranza",
        "regola_scadenza_mancata",
        "punti_per_giorno",
        "regola_uguale_mancato",
    ],
    "unita": [
        "codice",
        "nome",
        "tipo",
        "padre",
        "responsabile",
        "valida_dal",
        "valida_al",
    ],
    "aree": ["codice", "titolo", "peso", "missioni_programmi", "prospettive_bsc"],
    "obiettivi_strategici": [
        "codice",
        "area",
        "titolo",
        "peso",
        "pira",
        "prospettive_bsc",
        "unita",
    ],
    "obiettivi_operativi": [
        "codice",
        "obiettivo_strategico",
        "titolo",
        "peso",
        "pira",
        "prospettive_bsc",
        "unita",
    ],
    "indicatori": [
        "codice",
        "tipo",
        "obiettivo",
        "titolo",
        "algoritmo",
        "misura",
        "comparatore",
        "target_n",
        "target_n1",
        "target_n2",
        "parametro_1",
        "parametro_2",
        "unita",
        "prospettiva_bsc",
        "piu_significativo",
        "peso",
        "percentuale",
        "aggregazione",
    ],
    "dipendenti": ["matricola", "nome", "categoria", "ruolo"],
    "assegnazioni": ["matricola", "unita", "dal", "al", "partecipazione"],
    "misurazioni": [
        "indicatore",
        "unita",
        "quadrimestre",
        "parametro",
        "valore",
        "nota",
    ],
    "valutazioni_motivate": ["obiettivo", "percentuale", "motivazione", "autore"],
    "criticita": ["obiettivo", "criticita", "azioni"],
    "schede": [
        "matricola",
        "indicatore",
        "obiettivo",
        "unita",
        "peso",
        "comparatore",
        "target",
        "risultato",
        "valutatore",
    ],
}


def iso(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def quarter_of(d: datetime.date) -> int:
    return 1 if d.month <= 4 else 2 if d.month <= 8 else 3


def bsc_codes(names) -> str:
    out = []
    for name in names or ():
        code = BSC[" ".join(name.lower().split())]
        if code not in out:
            out.append(code)
    return ", ".join(out)


def fmt(value) -> str:
    """CSV text: ISO dates, '.' decimals, integers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "si" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# ---------------------------------------------------------------- organisation


def build_units(org, tree):
    """Both charts of 2019, the pseudo-units and the Azienda speciale."""
    units = []
    before = org["org_charts"]["before"]
    after = org["org_charts"]["after"]
    b_from, b_to = iso(before["valid_from"]), iso(before["valid_to"])
    a_from = iso(after["valid_from"])

    # Before 20/05/2019: no codes printed; ours are V-SG, V-AREA, V-S1.. (services in
    # printed order) and V-U<s>.<n> (offices).
    services = []

    def walk_before(node, parent):
        kind = node["kind"]
        if kind == "SG":
            code = "V-SG"
        elif kind == "Area":
            code = "V-AREA"
        elif kind == "Servizio":
            services.append(node)
            code = f"V-S{len(services)}"
        else:
            siblings = [
                c for c in parent_node[parent]["children"] if c["kind"] == "Ufficio"
            ]
            code = f"{parent.replace('V-S', 'V-U')}.{siblings.index(node) + 1}"
        parent_node[code] = node
        units.append(
            {
                "codice": code,
                "nome": node["name"],
                "tipo": {"SG": "sg", "Area": "area", "Servizio": "servizio"}.get(
                    kind, "ufficio"
                ),
                "padre": parent or "",
                "valida_dal": b_from,
                "valida_al": b_to,
                "_po": node.get("headed_by_po", False),
            }
        )
        for child in node["children"]:
            walk_before(child, code)

    parent_node = {}
    walk_before(before["tree"], None)

    def walk_after(node, parent):
        kind = node["kind"]
        code = node["code"] or {"SG": "SG", "Area": "AREA"}[kind]
        units.append(
            {
                "codice": code,
                "nome": node["name"],
                "tipo": {"SG": "sg", "Area": "area", "Servizio": "servizio"}.get(
                    kind, "ufficio"
                ),
                "padre": parent or "",
                "valida_dal": a_from,
                "valida_al": None,
                "_po": node.get("headed_by_po", False),
            }
        )
        if node.get("office_code"):  # S0 is also office U0.1 (legend line 5001)
            units.append(
                {
                    "codice": node["office_code"],
                    "nome": node["name"],
                    "tipo": "ufficio",
                    "padre": code,
                    "valida_dal": a_from,
                    "valida_al": None,
                    "_po": False,
                }
            )
        for child in node["children"]:
            walk_after(child, code)

    walk_after(after["tree"], None)
    legend = {u["codice"] for u in units}
    isr = org["azienda_speciale"]
    units.append(
        {
            "codice": "ISR",
            "nome": isr["name"],
            "tipo": "azienda_speciale",
            "padre": "",
            "valida_dal": None,
            "valida_al": None,
        }
    )
    for code, name in (
        ("ENTE", "Ente (intera Camera)"),
        ("TUTTI", "Tutti gli uffici"),
        ("FRD", "Obiettivi di integrazione Fondo Risorse Decentrate"),
    ):
        units.append(
            {
                "codice": code,
                "nome": name,
                "tipo": "pseudo",
                "padre": "",
                "valida_dal": None,
                "valida_al": None,
            }
        )
    assert "S0" in legend and "U5.2" in legend
    return units


def build_people(units, individual):
    """The S.G. and the P.O. of S2..S5, with assignments before/after 20/05/2019."""
    employees = [
        {
            "matricola": "SG",
            "nome": individual["sg"]["name"],
            "categoria": "dirigente",
            "ruolo": "sg",
        },
    ]
    assignments = [
        {
            "matricola": "SG",
            "unita": "V-SG",
            "dal": datetime.date(YEAR, 1, 1),
            "al": REORG - datetime.timedelta(days=1),
        },
        {"matricola": "SG", "unita": "SG", "dal": REORG, "al": None},
    ]
    heads = {
        "V-SG": "SG",
        "SG": "SG",
        "V-AREA": "SG",
        "AREA": "SG",
    }  # the SG holds the Area ad interim
    by_name_before = {
        u["nome"]: u["codice"] for u in units if u["codice"].startswith("V-S")
    }
    # Services of the old chart that became S2..S5 (same name, or the service
    # whose work passed to S5: "contabilità e gestione risorse finanziarie").
    before_of = {
        "S2": by_name_before["Servizio Registro Imprese"],
        "S3": by_name_before[
            "Servizio Certificazioni, Regolazione del Mercato e Tutela del Consumatore"
        ],
        "S4": by_name_before["Servizio Promozione"],
        "S5": by_name_before["Servizio contabilità e gestione risorse finanziarie"],
    }
    for po in individual["po"]:
        unit = po["unit_code"]
        matricola = po["code"].replace(" ", "")  # PO2..PO5
        employees.append(
            {
                "matricola": matricola,
                "nome": f"Responsabile P.O. Servizio {unit}",
                "categoria": "D",
                "ruolo": "po",
            }
        )
        assignments.append(
            {
                "matricola": matricola,
                "unita": before_of[unit],
                "dal": datetime.date(YEAR, 1, 1),
                "al": REORG - datetime.timedelta(days=1),
            }
        )
        assignments.append(
            {"matricola": matricola, "unita": unit, "dal": REORG, "al": None}
        )
        heads[unit] = matricola
        heads[before_of[unit]] = matricola
    for u in units:
        u["responsabile"] = heads.get(u["codice"], "")
        u.pop("_po", None)
    for a in assignments:
        a["partecipazione"] = 100
    return employees, assignments


# ---------------------------------------------------------------- plan and data


def build_plan(tree, sheets_json, headline):
    areas, strategic, operational, indicators, measurements = [], [], [], [], []
    significant = {r["code"] for r in headline["indicatori_piu_significativi"]["rows"]}

    # unit-sheet rows by indicator code (FRD rows renamed to their distinct codes)
    carried = {}
    for unit in sheets_json["units"]:
        for row in unit["indicators"]:
            code = FRD_CODES[row["seq"] - 1] if row["kind"] == "FRD" else row["code"]
            carried.setdefault(code, []).append((unit["code"], row))

    def indicator(ind, kind, parent, parent_bsc):
        code = ind["code"] if kind != "FRD" else "FRD:" + ind["id"][len("FRD-") :]
        rows = carried.get(code, [])
        record = {
            "codice": code,
            "tipo": kind,
            "obiettivo": parent,
            "titolo": ind["title"],
            "algoritmo": ind["algorithm_text"],
            "prospettiva_bsc": bsc_codes([parent_bsc]) if parent_bsc else "",
            "piu_significativo": code in significant,
            "peso": None,
            "aggregazione": AGGREGATION.get(code, ""),
            "target_n1": None,
            "target_n2": None,
        }
        if rows:
            first = rows[0][1]
            measure = SHEET_MEASURE[first["measure"]]
            direction = first["direction"]
            target = first["target"]
            params = first["parameters"] or []
            record["parametro_1"] = (params[0]["name"] or "") if params else ""
            record["parametro_2"] = (params[1]["name"] or "") if len(params) > 1 else ""
            record["unita"] = ", ".join(u for u, _r in rows)
            record["percentuale"] = measure == "rapporto"
        else:
            measure = TREE_MEASURE[ind["measure_type"]]
            direction = ind["direction"]
            target = ind["target"]
            record["parametro_1"] = ""
            record["parametro_2"] = ""
            record["unita"] = ", ".join(ind["units"])
            record["percentuale"] = ind["result_kind"] == "percent"
        record["misura"] = measure
        record["comparatore"] = (
            "entro"
            if measure == "data"
            else {">": ">=", "by_date": "entro"}.get(direction, direction)
        )
        record["target_n"] = iso(target) if measure == "data" else target
        record.update(CORRECTIONS.get(code, {}))
        indicators.append(record)

        measurements.extend(measurements_of(code, measure, rows, ind))

    for area in tree["ente"]["areas"]:
        areas.append(
            {
                "codice": area["code"],
                "titolo": area["title"],
                "peso": area["weight"],
                "missioni_programmi": ", ".join(area["mission_programs"]),
                "prospettive_bsc": bsc_codes(area["bsc_perspectives"]),
            }
        )
        for os_ in area["strategic_objectives"]:
            strategic.append(
                {
                    "codice": os_["code"],
                    "area": area["code"],
                    "titolo": os_["title"],
                    "peso": os_["weight"],
                    "pira": os_["pira"],
                    "prospettive_bsc": bsc_codes(os_["bsc_perspectives"]),
                    "unita": ", ".join(os_["responsible_units"]),
                }
            )
            os_bsc = os_["bsc_perspectives"][0] if os_["bsc_perspectives"] else ""
            for ind in os_["indicators"]:
                indicator(ind, "IS", os_["code"], os_bsc)
            for oo in os_["operational_objectives"]:
                operational.append(
                    {
                        "codice": oo["code"],
                        "obiettivo_strategico": os_["code"],
                        "titolo": oo["title"],
                        "peso": None,
                        "pira": oo["pira"],
                        "prospettive_bsc": bsc_codes([oo["bsc"]])
                        if oo.get("bsc")
                        else "",
                        "unita": ", ".join(oo["responsible_units"]),
                    }
                )
                for ind in oo["indicators"]:
                    indicator(ind, "IO", oo["code"], oo.get("bsc"))
                for ind in oo.get("frd_rows", []):
                    indicator(ind, "FRD", oo["code"], oo.get("bsc"))
    return areas, strategic, operational, indicators, measurements


def measurements_of(code, measure, rows, ind):
    """The misurazioni rows of one indicator: the unit sheets' quadrimester
    values, or else one value reproducing the yearly result of the tree."""
    out = []
    for unit_code, row in rows:
        for p_index, param in enumerate(row["parameters"] or [], start=1):
            merged = param.get("merged_value")
            if merged is not None:
                if measure == "data":
                    value = iso(merged)
                    q = quarter_of(value)
                    note = NOTE_MERGED_DATE
                else:
                    value, q = merged, 3
                    note = NOTE_MERGED_VALUE
                out.append(_m(code, unit_code, q, p_index, value, note))
                continue
            for q in (1, 2, 3):
                value = param.get(f"q{q}")
                if value is not None:
                    out.append(_m(code, unit_code, q, p_index, value, ""))
    if not rows:
        result, line = ind["result"], ind["source_line"]
        if measure == "data":
            value = iso(result)
            q = quarter_of(value)
            note = f"data stampata nell'Albero (riga {line})"
        else:
            value, q = result, 3
            note = NOTE_TREE_VALUE % line
        out.append(_m(code, ind["units"][0], q, 1, value, note))
    return out


def _m(code, unit, quarter, parameter, value, note):
    return {
        "indicatore": code,
        "unita": unit,
        "quadrimestre": quarter,
        "parametro": parameter,
        "valore": value,
        "nota": note,
    }


# ---------------------------------------------------------------- schede


def build_schede(individual, units, indicators):
    """Section 4: the S.G.'s 8 rows and the P.O.'s 21, in printed order.

    Each row is the organisational indicator valued on the holder's scope
    (docs/RULES.md R14): the S.G.'s on the indicator's reporting unit (ISR,
    ENTE, S1, S4, S5: the only unit with its value), a P.O.'s on its Servizio,
    or on S0 where the notes infer it (PO 3's O2.1.4-c, O2.1.4-e, O2.1.4-g).
    The per-P.O. O2.1.4-f values are printed only in section 4: they are the
    row's own result (target and result typed on the scheda), on the P.O.'s
    Servizio. No weights are printed: empty = equal weights. The P.O. are
    evaluated by the S.G.; the S.G. on the OIV's proposal (no evaluator).

    PO 3 carries S0's rows: the notes infer that PO 3's holder also ran S0
    after the reorganisation, so S0 gets PO 3 as its head (``responsabile``).
    """
    reporting = {i["codice"]: i["unita"].split(", ") for i in indicators}
    rows = []
    for obj in individual["sg"]["objectives"]:
        (unit,) = reporting[obj["code"]]
        rows.append({"matricola": "SG", "indicatore": obj["code"], "unita": unit})
    for po in individual["po"]:
        matricola = po["code"].replace(" ", "")
        for obj in po["objectives"]:
            unit = obj.get("inferred_unit") or po["unit_code"]
            row = {
                "matricola": matricola,
                "indicatore": obj["code"],
                "unita": unit,
                "valutatore": "SG",
            }
            if obj["org_cross_ref"]["lines"] is None:  # printed only in section 4
                row.update(target=obj["target"], risultato=obj["result"])
            rows.append(row)
            if unit != po["unit_code"]:
                for u in units:
                    if u["codice"] == unit and not u["responsabile"]:
                        u["responsabile"] = matricola
    return rows


# ---------------------------------------------------------------- writers


def write_csv(out: pathlib.Path, sheets: dict[str, list[dict]]):
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with open(out / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(COLUMNS[name])
            for row in rows:
                writer.writerow([fmt(row.get(col)) for col in COLUMNS[name]])


def _load_schema():
    spec = importlib.util.spec_from_file_location("_cciaa_import_schema", SCHEMA_PY)
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.modules[spec.name] = module  # dataclasses resolve annotations through it
    spec.loader.exec_module(module)
    return module


def write_xlsx(path: pathlib.Path, sheets: dict[str, list[dict]]):
    """The same sheets with typed cells (numbers, real dates) for the wizard."""
    import openpyxl

    schema = _load_schema()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(COLUMNS[name])
        typed = {c.name: c.type for c in schema.SHEETS[name].columns}
        for row in rows:
            cells = []
            for col in COLUMNS[name]:
                value = row.get(col)
                if typed[col] in (schema.TEXT, schema.LIST, schema.CHOICE, schema.BOOL):
                    value = fmt(value) or None
                elif isinstance(value, bool) or value == "":
                    value = None
                cells.append(value)
            ws.append(cells)
        for cell in ws[1]:
            cell.font = openpyxl.styles.Font(bold=True)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
    wb.properties.creator = "data/tools/build_2019.py"
    # fixed timestamps: rebuilding with the same input gives the same content
    wb.properties.created = wb.properties.modified = datetime.datetime(2020, 5, 28)
    wb.save(path)


def build(reference: pathlib.Path) -> dict[str, list[dict]]:
    def load(name):
        with open(reference / f"{name}.json", encoding="utf-8") as fh:
            return json.load(fh)

    tree, sheets_json, org = load("tree"), load("unit_sheets"), load("organisation")
    individual, headline = load("individual"), load("headline")
    units = build_units(org, tree)
    employees, assignments = build_people(units, individual)
    areas, strategic, operational, indicators, measurements = build_plan(
        tree, sheets_json, headline
    )
    return {
        "ciclo": [
            {
                "anno": YEAR,
                "ente": "CCIAA di Massa-Carrara",
                "tolleranza": 90,
                "regola_scadenza_mancata": "zero",
                "punti_per_giorno": 1,
                "regola_uguale_mancato": "distanza",
            }
        ],
        "unita": units,
        "aree": areas,
        "obiettivi_strategici": strategic,
        "obiettivi_operativi": operational,
        "indicatori": indicators,
        "dipendenti": employees,
        "assegnazioni": assignments,
        "misurazioni": measurements,
        "valutazioni_motivate": [OVERRIDE_3_2],
        "criticita": [CRITICITA_3_2],
        "schede": build_schede(individual, units, indicators),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", nargs="?", default=str(DEFAULT_REFERENCE))
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--no-xlsx", action="store_true")
    args = parser.parse_args(argv)
    sheets = build(pathlib.Path(args.reference))
    out = pathlib.Path(args.out)
    write_csv(out, sheets)
    if not args.no_xlsx:
        write_xlsx(out.with_suffix(".xlsx"), sheets)
    print(", ".join(f"{name}: {len(rows)}" for name, rows in sheets.items()))


if __name__ == "__main__":
    main()
