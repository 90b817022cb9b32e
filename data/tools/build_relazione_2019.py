"""Build the context data of the Relazione 2019
(cciaa_performance/datasets/massa_carrara_2019/relazione/).

Usage: python3 data/tools/build_relazione_2019.py [REFERENCE_DIR ...] [--out DIR]

Writes, from the verified transcriptions ``organisation.json``
(``cciaa_performance/tests/reference/``), ``gender.json`` and ``process.json``
(``cciaa_performance_report/tests/reference/``, the report's tests read them):

- ``personale.csv``: a synthetic but consistent staff. The document gives counts,
  not people; we build 39 anonymous employees (the 4 P.O. of the data set among
  them) whose 2019 tables reproduce every 2019 column of section 2.2 exactly
  (category, age, seniority, working time, education, sex: 31 people) and whose
  headcount, category, education and sex match 2016-2018 too. Static attributes
  cannot reproduce every earlier column: the document's own seniority and
  part-time histories are impossible for a staff that only shrinks (6 people in
  "0-5" in 2016, none in 2017 with 2 leavers; part-time 1 → 2 with no hires), and
  the 2016 sex column adds up to 42 for 39 people (16 men fit: organisation.json
  notes). The script prints every cell that differs from the document.
- ``bilancio.csv``: the budget rows (proventi/oneri) and the totals declared in
  the financial statements; the consuntivo proventi total is the corrected
  3.821.170,17 (printed 3.821.170,00, organisation.json ``budget`` notes).
- ``genere.csv``: the entered rows of the gender table (pay, every year; all of
  2015, which precedes the staff years).
- ``fasi.csv``: the phases of section 5.1.
- ``relazione.csv``: delibera, signatories (key, value).

The Segretario Generale is not counted in the staff tables (the 2019 tables have
no "Categoria dirigenziale"): he carries no hire date here.

The staff is found by simulated annealing with a fixed seed: the output is
deterministic. Run it again only when the reference changes.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import importlib.util
import json
import math
import pathlib
import random

REPO = pathlib.Path(__file__).resolve().parents[2]
# where the reference files are, first found first
DEFAULT_REFERENCE = (
    REPO / "cciaa_performance_report" / "tests" / "reference",
    REPO / "cciaa_performance" / "tests" / "reference",
)
DATASET = REPO / "cciaa_performance" / "datasets" / "massa_carrara_2019"
DEFAULT_OUT = DATASET / "relazione"
STAFF_PY = REPO / "cciaa_performance_report" / "report" / "staff_tables.py"

YEARS = (2016, 2017, 2018, 2019)
YEAR = 2019
SEED = 2019

spec = importlib.util.spec_from_file_location("staff_tables", STAFF_PY)
staff_tables = importlib.util.module_from_spec(spec)
spec.loader.exec_module(staff_tables)

TABLE_DIMENSION = {
    "by_category": "category",
    "by_age_class": "age",
    "by_seniority": "seniority",
    "by_contract": "contract",
    "by_education": "education",
    "by_sex": "sex",
}
LABEL_KEY = {
    "category": {
        "Categoria dirigenziale": "dirigente",
        "Categoria D": "D",
        "Categoria C": "C",
        "Categoria B": "B",
        "Categoria A": "A",
    },
    "age": {
        "20-29": "0-29",
        "30-39": "30-39",
        "40-49": "40-49",
        "50-59": "50-59",
        "60 e oltre": "60-",
    },
    "seniority": {"41 e oltre": "41-"},
    "contract": {"Full time": "full", "Part time": "part"},
    "education": {
        "Scuola obbligo": "obbligo",
        "Diploma": "diploma",
        "Laurea": "laurea",
    },
    "sex": {"Donne": "female", "Uomini": "male"},
}
# the document's 2016 sex column adds up to 42 for 39 people: 16 men fit the total
# and the gender table (organisation.json by_sex notes, gender.json notes)
CORRECTED = {("sex", 2016, "male"): 16}

GENDER_TARGETS = {  # gender.json rows used as soft targets (rounded as printed)
    "Età media del personale femminile": "avg_age_female",
    "Età media del personale maschile": "avg_age_male",
    "% di personale femminile laureato rispetto al totale del personale femminile": (
        "pct_female_graduates"
    ),
    "% di personale maschile laureato rispetto al totale del personale maschile": (
        "pct_male_graduates"
    ),
}
GENDER_KEY_BY_LABEL = {
    "% di Dirigenti donne": "pct_female_managers",
    "% di Donne rispetto al totale del personale": "pct_female",
    "% di personale femminile assunto a tempo indeterminato": "pct_female_permanent",
    "Retribuzione media ricorrente erogata nell'anno al personale femminile non "
    "dirigente": "pay_female",
    "Retribuzione media ricorrente erogata nell'anno al personale maschile non "
    "dirigente": "pay_male",
    **GENDER_TARGETS,
}

PO = ("PO2", "PO3", "PO4", "PO5")  # the data set's P.O. (category D, in service)
LEAVERS = {2017: 2, 2018: 2, 2019: 4}  # 39 → 37 → 35 → 31, nobody hired since 2011


def load(reference, name):
    """The JSON file ``name`` of the first folder of ``reference`` that has it."""
    paths = [pathlib.Path(folder) / name for folder in reference]
    # not found anywhere: open() names the first one
    path = next((path for path in paths if path.is_file()), paths[0])
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def staff_targets(organisation):
    targets = {}
    for table, dimension in TABLE_DIMENSION.items():
        for row in organisation["human_resources"][table]["rows"]:
            if row["label"] == "Totale":
                continue
            key = LABEL_KEY[dimension].get(row["label"], row["label"])
            for year in YEARS:
                targets[(dimension, year, key)] = row["values"][str(year)]
    targets.update(CORRECTED)
    headcount = {
        year: sum(v for (d, y, _k), v in targets.items() if d == "sex" and y == year)
        for year in YEARS
    }
    return targets, headcount


def gender_targets(gender):
    targets = {}
    for row in gender["indicators_table"]["rows"]:
        key = GENDER_TARGETS.get(row["label"].replace("’", "'"))
        if key:
            for year in YEARS:
                targets[(key, year)] = row["values"][str(year)]
    return targets


class Population:
    """39 people with static attributes and a leaving year (None = still there)."""

    def __init__(self, rng):
        self.rng = rng
        leave = [None] * 31 + [y for y, n in LEAVERS.items() for _ in range(n)]
        self.people = []
        for index in range(39):
            self.people.append(
                {
                    "gender": rng.choice(("female", "male")),
                    "category": "D" if index < len(PO) else rng.choice("DCB"),
                    "education": rng.choice(("obbligo", "diploma", "laurea")),
                    "part_time": 100.0,
                    "birth": rng.randint(1956, 1985),
                    "hire": rng.randint(1976, 2011),
                    "leave": leave[index],
                }
            )

    def employees(self):
        out = []
        for person in self.people:
            out.append(
                {
                    "gender": person["gender"],
                    "category": person["category"],
                    "education": person["education"],
                    "part_time": person["part_time"],
                    "contract": "indeterminato",
                    "birthday": datetime.date(person["birth"], 6, 30),
                    "hire_date": datetime.date(person["hire"], 2, 1),
                    "end_date": (
                        datetime.date(person["leave"], 6, 30)
                        if person["leave"]
                        else None
                    ),
                }
            )
        return out


def cost(population, targets, headcount, gender):
    employees = population.employees()
    tables = staff_tables.staff_tables(employees, YEARS)
    total = 0.0
    for (dimension, year, key), expected in targets.items():
        weight = 1000 if year == YEAR else 10
        total += weight * abs(tables[dimension][year].get(key, 0) - expected)
    for year in YEARS:
        total += 1000 * abs(tables["headcount"][year] - headcount[year])
        computed = staff_tables.gender_indicators(employees, year)
        for (key, y), expected in gender.items():
            if y == year and computed[key] is not None:
                weight = 300 if year == YEAR else 3
                total += weight * abs(round(computed[key]) - expected)
    return total


def mutate(population):
    rng = population.rng
    people = population.people
    index = rng.randrange(len(people))
    person = people[index]
    undo = (index, dict(person))
    move = rng.randrange(7)
    if move == 0:
        person["gender"] = "male" if person["gender"] == "female" else "female"
    elif move == 1 and index >= len(PO):
        person["category"] = rng.choice("DCB")
    elif move == 2:
        person["education"] = rng.choice(("obbligo", "diploma", "laurea"))
    elif move == 3:
        person["part_time"] = 50.0 if person["part_time"] == 100.0 else 100.0
    elif move == 4:
        person["birth"] = min(
            1990, max(1950, person["birth"] + rng.choice((-3, -1, 1, 3)))
        )
    elif move == 5:
        person["hire"] = min(
            2011, max(1975, person["hire"] + rng.choice((-3, -1, 1, 3)))
        )
    else:
        other = rng.randrange(len(PO), len(people))
        if index >= len(PO):
            undo = (index, dict(person), other, dict(people[other]))
            person["leave"], people[other]["leave"] = (
                people[other]["leave"],
                person["leave"],
            )
    return undo


def restore(population, undo):
    population.people[undo[0]] = undo[1]
    if len(undo) == 4:
        population.people[undo[2]] = undo[3]


def anneal(targets, headcount, gender, steps=60000):
    rng = random.Random(SEED)
    population = Population(rng)
    current = cost(population, targets, headcount, gender)
    best, best_people = current, [dict(p) for p in population.people]
    for step in range(steps):
        temperature = 200.0 * (1 - step / steps) + 0.05
        undo = mutate(population)
        candidate = cost(population, targets, headcount, gender)
        if candidate <= current or rng.random() < math.exp(
            (current - candidate) / temperature
        ):
            current = candidate
            if current < best:
                best, best_people = current, [dict(p) for p in population.people]
        else:
            restore(population, undo)
    population.people = best_people
    return population, best


def realistic_dates(population):
    """Spread birthdays and hire dates over their year (31/12 counts are unchanged)."""
    rng = random.Random(SEED + 1)
    rows = []
    po_index = 0
    for index, (person, employee) in enumerate(
        zip(population.people, population.employees(), strict=True)
    ):
        birthday = employee["birthday"].replace(
            month=rng.randint(1, 12), day=rng.randint(1, 28)
        )
        hired = employee["hire_date"].replace(month=rng.randint(1, 12), day=1)
        left = employee["end_date"]
        if left:
            left = left.replace(month=rng.randint(1, 11), day=rng.randint(1, 28))
        if index < len(PO):
            matricola, name = PO[po_index], ""
            po_index += 1
        else:
            matricola, name = f"D{index + 1:03d}", f"Dipendente {index + 1:03d}"
        rows.append(
            {
                "matricola": matricola,
                "nome": name,
                "sesso": {"female": "F", "male": "M"}[person["gender"]],
                "nascita": birthday.isoformat(),
                "assunzione": hired.isoformat(),
                "cessazione": left.isoformat() if left else "",
                "categoria": person["category"],
                "orario": f"{person['part_time']:g}",
                "titolo_studio": person["education"],
                "contratto": "indeterminato",
            }
        )
    return rows


def report_differences(rows, targets, headcount, gender):
    employees = [
        {
            "gender": {"F": "female", "M": "male"}[r["sesso"]],
            "birthday": datetime.date.fromisoformat(r["nascita"]),
            "hire_date": datetime.date.fromisoformat(r["assunzione"]),
            "end_date": datetime.date.fromisoformat(r["cessazione"])
            if r["cessazione"]
            else None,
            "category": r["categoria"],
            "part_time": float(r["orario"]),
            "education": r["titolo_studio"],
            "contract": r["contratto"],
        }
        for r in rows
    ]
    tables = staff_tables.staff_tables(employees, YEARS)
    differences = []
    for (dimension, year, key), expected in sorted(targets.items()):
        actual = tables[dimension][year].get(key, 0)
        if actual != expected:
            differences.append(
                f"{dimension} {year} {key}: {actual} (document {expected})"
            )
    for year in YEARS:
        if tables["headcount"][year] != headcount[year]:
            differences.append(f"headcount {year}: {tables['headcount'][year]}")
        computed = staff_tables.gender_indicators(employees, year)
        for (key, y), expected in sorted(gender.items()):
            if y == year and round(computed[key]) != expected:
                differences.append(
                    f"{key} {year}: {computed[key]} (document {expected})"
                )
    return differences


def write_csv(path, fieldnames, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def budget_rows(organisation):
    budget = organisation["budget"]
    rows = []
    checks = budget["checks"]
    for row in budget["rows"]:
        role = row["role"]
        if role == "header" or role == "result":
            continue  # headers are the sections, the result is computed
        section = "proventi" if role.startswith("A") else "oneri"
        values = {}
        for column, key in zip(
            ("preventivo", "aggiornato", "consuntivo"),
            budget["column_keys"],
            strict=True,
        ):
            value = row[key]
            if role.endswith("_total"):
                # the declared total is the sum of the rows: the document's
                # 3.821.170,00 lost 0,17 (budget notes)
                value = checks[key][
                    "sum_A_rows" if section == "proventi" else "sum_B_rows"
                ]
            values[column] = f"{value:.2f}"
        rows.append(
            {
                "sezione": section,
                "voce": row["label"],
                **values,
                "totale_dichiarato": "si" if role.endswith("_total") else "no",
            }
        )
    return rows


def gender_rows(gender):
    rows = []
    for row in gender["indicators_table"]["rows"]:
        key = GENDER_KEY_BY_LABEL[row["label"].replace("’", "'")]
        years = (
            ("2015", "2016", "2017", "2018", "2019")
            if key.startswith("pay_")
            else ("2015",)
        )
        for year in years:
            rows.append(
                {"anno": year, "indicatore": key, "valore": f"{row['values'][year]}"}
            )
    return rows


def phase_rows(process):
    rows = []
    for phase in process["phases"]["rows"]:
        owners = phase.get("soggetti_responsabili") or "; ".join(
            filter(
                None,
                (
                    phase.get("soggetti_responsabili_redazione")
                    and "Redazione: " + phase["soggetti_responsabili_redazione"],
                    phase.get("soggetti_responsabili_invio_giunta")
                    and "Invio alla Giunta: "
                    + phase["soggetti_responsabili_invio_giunta"],
                ),
            )
        )
        description = phase["descrizione"].replace(
            "elaborazionedegli", "elaborazione degli"
        )
        date_from, date_to = phase.get("date_from") or "", phase.get("date_to") or ""
        if phase["fase"] == 5:
            # printed "30 maggio 2020" against the delibera of 28/05/2020 (process.json)
            date_from = date_to = "2020-05-28"
        rows.append(
            {
                "fase": phase["fase"],
                "data_testo": "" if date_from else phase["data_printed"],
                "dal": date_from,
                "al": date_to,
                "descrizione": description,
                "responsabili": owners,
            }
        )
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", nargs="*", default=list(DEFAULT_REFERENCE))
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--steps", type=int, default=80000)
    args = parser.parse_args(argv)
    organisation = load(args.reference, "organisation.json")
    gender = load(args.reference, "gender.json")
    process = load(args.reference, "process.json")
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    targets, headcount = staff_targets(organisation)
    goals = gender_targets(gender)
    population, best = anneal(targets, headcount, goals, steps=args.steps)
    rows = realistic_dates(population)
    write_csv(out / "personale.csv", list(rows[0]), rows)
    differences = report_differences(rows, targets, headcount, goals)
    year_diffs = [
        d for d in differences if f" {YEAR} " in d or d.startswith("headcount")
    ]
    print(f"personale.csv: {len(rows)} employees, cost {best:g}")
    print("cells that differ from the document (2016-2018 only are acceptable):")
    for line in differences:
        print("  " + line)
    if year_diffs:
        raise SystemExit(f"{YEAR} columns not reproduced: {year_diffs}")

    budget = budget_rows(organisation)
    write_csv(out / "bilancio.csv", list(budget[0]), budget)
    genere = gender_rows(gender)
    write_csv(out / "genere.csv", list(genere[0]), genere)
    phases = phase_rows(process)
    write_csv(out / "fasi.csv", list(phases[0]), phases)
    write_csv(
        out / "relazione.csv",
        ["chiave", "valore"],
        [
            {"chiave": "delibera_numero", "valore": "21"},
            {"chiave": "delibera_data", "valore": "2020-05-28"},
            {"chiave": "presidente", "valore": "Dino Sodini"},
            {"chiave": "segretario_generale", "valore": "Enrico Ciabatti"},
        ],
    )
    print(f"Wrote {out}")


if __name__ == "__main__":
    main()
