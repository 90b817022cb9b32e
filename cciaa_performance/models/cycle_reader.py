"""Records of a cycle read into plain rows, and from them the engine input.

The only place where the database becomes engine input (docs/RULES.md):
:func:`read_cycle` reads each table once (lists of dicts, the measurements as
tuples, whatever the size of the cycle), :func:`engine_input` turns them into
the plain rows of ``engine/build.py``, the one builder the import preview uses
too, and :func:`input_digests` fingerprints them so that an unchanged
quadrimester is not recomputed. No record is written here.
"""

import hashlib
import pathlib
import pickle

from odoo.tools import SQL

from ..engine import Override, build

# The engine's source is part of what a stored result depends on: a new
# engine (a changed rule) invalidates every digest, so everything is
# recomputed once after an upgrade.
ENGINE_DIGEST = hashlib.blake2b(
    b"".join(
        path.read_bytes()
        for path in sorted((pathlib.Path(__file__).parents[1] / "engine").glob("*.py"))
    ),
    digest_size=16,
).hexdigest()


def _query(env, model, domain, fnames, order, casts=None):
    Model = env[model]
    query = Model._search(domain, order=Model._order if order is None else order)
    casts = casts or {}
    return query.select(
        *(
            SQL(
                "%s%s AS %s",
                Model._field_to_sql(query.table, fname, query),
                SQL(casts.get(fname, "")),
                SQL.identifier(fname),
            )
            for fname in fnames
        )
    )


def select(env, model, domain, fnames, order=None):
    """The records of ``model`` in ``domain`` as dicts of column values (ids
    for many2one fields, None for empty), in one query that the ORM builds
    (domain, access rules, active_test; ``order``, by default the model's,
    False for none) without making records: at national scale
    ``search_read`` spends most of its time filling the cache of thousands
    of records that are read once."""
    return env.execute_query_dict(_query(env, model, domain, fnames, order))


# a measurement as read_cycle keeps it: a tuple of these columns (ten
# thousand dicts per chamber cost more than the query), in this order
MEASUREMENT = ("quarter", "indicator_id", "department_id", "parameter", "value",
               "date_value")  # fmt: skip
QUARTER, INDICATOR, UNIT, PARAMETER, VALUE, DATE_VALUE = range(len(MEASUREMENT))


def _measurement_rows(env, cycle):
    """The entered measurements of ``cycle`` as :data:`MEASUREMENT` tuples
    (quarter and parameter as integers, cast by PostgreSQL: ten thousand
    rows per chamber are not converted in Python), sorted by those columns:
    the order :func:`input_digests` reads them in, whatever the order of
    writing. Only measurements with ``entered`` set count: the empty rows
    created when a campaign opens are not zeros."""
    return env.execute_query(
        SQL(
            "%s ORDER BY 1, 2, 3, 4",
            _query(
                env,
                "cciaa.performance.measurement",
                [("cycle_id", "=", cycle.id), ("entered", "=", True)],
                MEASUREMENT,
                False,
                casts={"quarter": "::int", "parameter": "::int"},
            ),
        )
    )


def read_measurements(env, domain):
    """The measurements of ``domain`` as dicts (see :func:`select`)."""
    return select(
        env(su=True),
        "cciaa.performance.measurement",
        domain,
        ("indicator_id", "department_id", "quarter", "parameter", "value",
         "date_value"),
        order=False,  # the digests sort them (input_digests)
    )  # fmt: skip


def _reporting_units(env, indicator_ids):
    """{indicator id: sorted ids of its reporting units}, from the relation
    table of ``department_ids`` in one query."""
    field = env["cciaa.performance.indicator"]._fields["department_ids"]
    units = {indicator_id: [] for indicator_id in indicator_ids}
    for indicator_id, unit_id in env.execute_query(
        SQL(
            "SELECT %s, %s FROM %s WHERE %s = ANY(%s) ORDER BY 1, 2",
            SQL.identifier(field.column1),
            SQL.identifier(field.column2),
            SQL.identifier(field.relation),
            SQL.identifier(field.column1),
            list(indicator_ids),
        )
    ):
        units[indicator_id].append(unit_id)
    return units


def _reader(env):
    """``read(model, domain, fnames, order)``: :func:`select` as superuser,
    archived records included, the id first."""
    env = env(su=True, context=dict(env.context, active_test=False))

    def read(model, domain, fnames, order=None):
        return select(env, model, domain, ["id", *fnames], order)

    return read


def read_plan(env, cycle):
    """The tree of a cycle (lists of dicts, one query per table): its areas,
    strategic and operational objectives and indicators."""
    read = _reader(env)
    in_cycle = [("cycle_id", "=", cycle.id)]
    return {
        "areas": read("cciaa.performance.area", in_cycle, ["code", "weight"]),
        "strategic": read(
            "cciaa.performance.strategic.objective",
            in_cycle,
            ["code", "weight", "area_id"],
        ),
        "operational": read(
            "cciaa.performance.operational.objective",
            in_cycle,
            ["code", "weight", "strategic_id", "area_id"],
        ),
        "indicators": read(
            "cciaa.performance.indicator",
            in_cycle,
            [
                "code",
                "kind",
                "strategic_id",
                "operational_id",
                "objective_strategic_id",
                "area_id",
                "measure",
                "comparator",
                "weight",
                "bsc_perspective",
                "aggregation",
            ],
        ),
    }


def read_cycle(env, cycle):
    """The raw data of a cycle (lists of dicts), one query per table: its
    plan (:func:`read_plan`), targets, confirmed overrides, entered
    measurements, units and started campaigns."""
    cycle = cycle.sudo()
    read = _reader(env)
    in_cycle = [("cycle_id", "=", cycle.id)]
    plan = read_plan(env, cycle)
    indicators = plan["indicators"]
    measurements = _measurement_rows(env(su=True), cycle)
    # sorted: the digest of an unchanged plan must not depend on the order
    # in which the units were written
    units = _reporting_units(env, [i["id"] for i in indicators])
    for indicator in indicators:
        indicator["department_ids"] = units[indicator["id"]]
    reporting = {d for i in indicators for d in i["department_ids"]}
    return {
        "cycle": cycle,
        "settings": cycle._engine_settings(),
        **plan,
        "targets": read(
            "cciaa.performance.indicator.target",
            [
                ("indicator_id", "in", [i["id"] for i in indicators]),
                ("year", "=", cycle.year),
            ],
            ["indicator_id", "value", "date_value"],
        ),
        "overrides": read(
            "cciaa.performance.override",
            # a proposal counts once the SG has confirmed it
            [*in_cycle, ("state", "=", "confirmed")],
            ["strategic_id", "operational_id", "value", "motivation", "author"],
            order="date, id",
        ),
        "measurements": measurements,
        "units": read(
            "hr.department",
            [
                "|",
                (
                    "id",
                    "in",
                    list(reporting | {m[UNIT] for m in measurements}),
                ),
                "&",
                ("company_id", "in", (cycle.company_id.id, False)),
                ("cciaa_code", "!=", False),
            ],
            ["cciaa_code"],
        ),
        "started": read(
            "cciaa.performance.campaign",
            [*in_cycle, ("state", "in", ("open", "closed"))],
            ["quarter"],
        ),
    }


def weight_groups(plan):
    """The sibling groups whose weights must sum to 100 (docs/RULES.md R6),
    as lists of (code, weight), from a cycle's plan (:func:`read_plan`): the
    areas; the OS of each area; the OO of each OS; the indicators of each
    objective but FRD, which weigh nothing. The one grouping: the recompute,
    the activation of a cycle and the Relazione's pre-validation use it."""

    def by(rows, key):
        groups = {}
        for row in rows:
            groups.setdefault(key(row), []).append((row["code"], row["weight"]))
        return list(groups.values())

    return [
        [(a["code"], a["weight"]) for a in plan["areas"]],
        *by(plan["strategic"], lambda o: o["area_id"]),
        *by(plan["operational"], lambda o: o["strategic_id"]),
        *by(
            (i for i in plan["indicators"] if i["kind"] != "FRD"),
            lambda i: (i["strategic_id"], i["operational_id"]),
        ),
    ]


def quarters(raw):
    """Quadrimesters 1 … the last one with data or a started campaign."""
    last = max(
        [m[QUARTER] for m in raw["measurements"]]
        + [int(c["quarter"]) for c in raw["started"]],
        default=1,
    )
    return list(range(1, last + 1))


def input_digests(raw):
    """{quarter: digest} of everything the year-to-date results after each
    quadrimester depend on: the plan, the rules, the chamber, the units'
    codes, the engine's source, and the measurements of that quadrimester
    and the earlier ones (later ones cannot change a year-to-date figure).
    Computed on the raw data, so that an unchanged cycle costs its reads
    and no engine input is built."""
    plan = repr(
        (
            ENGINE_DIGEST,
            raw["cycle"].company_id.id,
            raw["settings"],
            *(
                raw[key]
                for key in (
                    "areas", "strategic", "operational", "indicators", "targets",
                    "overrides", "units",
                )
            ),
        )
    )  # fmt: skip
    hasher = hashlib.blake2b(plan.encode(), digest_size=16)
    # the measurements come sorted (_measurement_rows): each quarter's list
    # is in the same order whatever the order of writing
    by_quarter = {}
    for row in raw["measurements"]:
        by_quarter.setdefault(row[QUARTER], []).append(row)
    digests = {}
    for quarter in quarters(raw):
        # pickled, not repr'd: a third of the time for ten thousand tuples,
        # and as exact (plain ints, floats, None and dates, no object
        # shared between rows, so equal rows give equal bytes). A Python that
        # pickled differently would only make every quadrimester recompute
        # once, as a new engine does.
        hasher.update(pickle.dumps((quarter, by_quarter.get(quarter, [])), 5))
        digests[quarter] = hasher.copy().hexdigest()
    return digests


def engine_input(raw):
    """The engine input, the links of the figures and the quadrimesters
    of a cycle's raw data (see :meth:`_read_cycle`)."""
    areas, strategic = raw["areas"], raw["strategic"]
    operational, indicators = raw["operational"], raw["indicators"]
    measurements = raw["measurements"]
    indicator_by_id = {i["id"]: i for i in indicators}
    code_of = {i["id"]: i["code"] for i in indicators}
    dated = {i["id"] for i in indicators if i["measure"] == "date"}
    target_by = {
        t["indicator_id"]: (
            t["date_value"]
            if indicator_by_id[t["indicator_id"]]["measure"] == "date"
            else t["value"]
        )
        for t in raw["targets"]
    }
    unit_code = {u["id"]: u["cciaa_code"] or str(u["id"]) for u in raw["units"]}
    area_code = {a["id"]: a["code"] for a in areas}
    os_code = {o["id"]: o["code"] for o in strategic}
    oo_code = {o["id"]: o["code"] for o in operational}
    overrides = {}
    for o in raw["overrides"]:  # ordered by date: the latest one counts
        code = (
            os_code[o["strategic_id"]]
            if o["strategic_id"]
            else oo_code[o["operational_id"]]
        )
        overrides[code] = Override(
            value=o["value"], motivation=o["motivation"], author=o["author"] or ""
        )
    engine_input = build.cycle_input(
        settings=raw["settings"],
        areas=(build.AreaRow(a["code"], a["weight"]) for a in areas),
        strategic=(
            build.ObjectiveRow(o["code"], area_code[o["area_id"]], o["weight"])
            for o in strategic
        ),
        operational=(
            build.ObjectiveRow(o["code"], os_code[o["strategic_id"]], o["weight"])
            for o in operational
        ),
        indicators=(
            build.IndicatorRow(
                code=i["code"],
                kind=i["kind"],
                parent=(
                    os_code[i["strategic_id"]]
                    if i["strategic_id"]
                    else oo_code[i["operational_id"]]
                ),
                measure=i["measure"],
                comparator=i["comparator"],
                target=target_by.get(i["id"]),
                weight=i["weight"],
                units=tuple(unit_code[d] for d in i["department_ids"]),
                aggregation=i["aggregation"],
            )
            for i in indicators
        ),
        # build.MeasurementRow's fields, as plain tuples
        measurements=(
            (
                code_of[indicator_id],
                unit_code[unit_id],
                quarter,
                parameter,
                date_value if indicator_id in dated else value,
            )
            for quarter, indicator_id, unit_id, parameter, value, date_value in (
                measurements
            )
        ),
        overrides=overrides,
    )
    # links of the stored figures, SQL-ready (None, not the ORM's False)
    ids = {
        "area": {a["code"]: {"area_id": a["id"]} for a in areas},
        "os": {
            o["code"]: {"strategic_id": o["id"], "area_id": o["area_id"] or None}
            for o in strategic
        },
        "oo": {
            o["code"]: {
                "operational_id": o["id"],
                "strategic_id": o["strategic_id"],
                "area_id": o["area_id"] or None,
            }
            for o in operational
        },
        "indicator": {
            i["code"]: {
                "indicator_id": i["id"],
                "operational_id": i["operational_id"] or None,
                "strategic_id": i["objective_strategic_id"] or None,
                "area_id": i["area_id"] or None,
                "bsc_perspective": i["bsc_perspective"] or None,
                "indicator_kind": i["kind"],
            }
            for i in indicators
        },
        "unit": {code: unit_id for unit_id, code in unit_code.items()},
    }
    return {"input": engine_input, "ids": ids, "quarters": quarters(raw)}
