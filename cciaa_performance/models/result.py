import concurrent.futures
import csv
import dataclasses
import datetime
import hashlib
import io
import json
import logging

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL, sql

from ..engine import evaluate_cycle, paused_gc
from . import cycle_reader
from .cycle_reader import ENGINE_DIGEST
from .explanation import expand_explanation, explanation_json

_logger = logging.getLogger(__name__)
# the engine the stored figures were computed with (a new one: recompute all)
ENGINE_PARAM = "cciaa_performance.engine_digest"

LEVELS = [
    ("row", "Indicator × unit"),
    ("indicator", "Indicator (entity)"),
    ("is_total", "Strategic indicators total"),
    ("oo", "Operational objective"),
    ("os", "Strategic objective"),
    ("area", "Strategic area"),
    ("ente", "Ente"),
    ("unit", "Organisational unit"),
]


class _Link(fields.Many2one):
    """A figure's link to a record of the plan or to its unit, without a
    foreign key: PostgreSQL checks a key row by row, and at national scale
    the checks of these five links were half the time of storing the
    figures (README, Benchmark). A figure is derived data, rewritten by
    every recompute and deleted with its cycle (``cycle_id`` keeps its key);
    what the keys' ON DELETE did when a node or a unit goes is done by
    :meth:`CciaaPerformanceResult._forget_links`."""

    def update_db_foreign_key(self, model, column):
        return


# model of a linked record -> the figures' column holding it
_LINK_OF = {
    "cciaa.performance.area": "area_id",
    "cciaa.performance.strategic.objective": "strategic_id",
    "cciaa.performance.operational.objective": "operational_id",
    "cciaa.performance.indicator": "indicator_id",
    "hr.department": "department_id",
}


class CciaaPerformanceResult(models.Model):
    """A stored figure of the engine's result object, per cycle and quadrimester
    (year to date). Screens, PDF and XLSX read these records; nothing else
    computes a score."""

    _name = "cciaa.performance.result"
    _description = "Performance result"
    _inherit = ["cciaa.performance.explanation"]
    _order = "cycle_id, quarter, level, code, unit_code"
    _rec_name = "code"

    cycle_id = fields.Many2one(
        "cciaa.performance.cycle", required=True, ondelete="cascade", index=True
    )
    # not stored: the company rule searches it through the cycle, and half a
    # million figures do not each pay a foreign-key check and an index entry
    company_id = fields.Many2one(related="cycle_id.company_id")
    quarter = fields.Integer(
        string="After quadrimester",
        required=True,
        help="Year-to-date figure using the quadrimesters up to this one.",
    )
    level = fields.Selection(LEVELS, required=True)
    code = fields.Char(required=True)
    unit_code = fields.Char(string="Unit code")
    # the links to the plan and the unit, for the screens' filters and
    # group-bys: no foreign key (see _Link), cleared by _forget_links
    indicator_id = _Link("cciaa.performance.indicator", index=True)
    department_id = _Link("hr.department", string="Unit", index=True)
    operational_id = _Link("cciaa.performance.operational.objective", index=True)
    strategic_id = _Link("cciaa.performance.strategic.objective", index=True)
    area_id = _Link("cciaa.performance.area", index=True)
    bsc_perspective = fields.Selection(
        related="indicator_id.bsc_perspective", store=True
    )
    indicator_kind = fields.Selection(related="indicator_id.kind", store=True)
    result_value = fields.Float(string="Result", digits=(16, 2))
    result_date = fields.Date(string="Result (date)")
    achievement = fields.Float(string="% target achievement", digits=(16, 2))
    score = fields.Float(
        string="% achievement (parametrata)", digits=(16, 2), aggregator="avg"
    )
    computed_score = fields.Float(string="Computed %", digits=(16, 2))
    evaluable = fields.Boolean(default=True)
    reason = fields.Selection(
        [
            ("no_data", "No data yet"),
            ("zero_denominator", "Zero denominator"),
            ("no_target", "No target"),
            ("no_children", "Nothing evaluable below"),
            ("bad_value", "Value of the wrong type"),
        ]
    )
    status = fields.Selection(
        [
            ("reached", "Reached"),
            ("partial", "Partially reached"),
            ("not_reached", "Not reached"),
        ]
    )
    overridden = fields.Boolean()
    override_motivation = fields.Text()
    weight = fields.Float(digits=(16, 2))
    share_parent = fields.Float(string="% on weighted objective", digits=(16, 2))
    share_ente = fields.Float(string="% on Ente", digits=(16, 2))
    # compact JSON (models/explanation.py); ``explanation`` is its tree
    explanation_data = fields.Text(
        string="Stored explanation",
        readonly=True,
        help="How the figure was computed, as the engine recorded it.",
    )
    explanation = fields.Json(compute="_compute_explanation")
    figure_digest = fields.Char(
        readonly=True,
        help="Digest of every stored column of this figure: a recompute that "
        "gives the same figure leaves the record as it is.",
    )
    input_digest = fields.Char(
        readonly=True,
        help="On the Ente figure of each quadrimester: digest of the engine input "
        "(data up to the quadrimester, plan, rules, engine version) it was computed "
        "from. An unchanged digest means unchanged results: they are not rewritten.",
    )
    explanation_html = fields.Html(compute="_compute_explanation_html", sanitize=False)

    def init(self):
        # databases made before _Link: their link columns lose their keys
        keys = [f"{self._table}_{column}_fkey" for column in sorted(_LINK_OF.values())]
        for name in keys:
            if sql.constraint_definition(self.env.cr, self._table, name):
                sql.drop_constraint(self.env.cr, self._table, name)
        self.env.cr.execute(
            "DELETE FROM ir_model_constraint WHERE type = 'f' AND name = ANY(%s)",
            [keys],
        )
        # every recompute starts by reading the input digests of its cycle
        # (on its Ente figures): without this index it scans the cycle's
        # thousands of figures for three rows
        tools.create_index(
            self.env.cr,
            "cciaa_performance_result_ente_digest_index",
            self._table,
            ["cycle_id", "quarter"],
            where="level = 'ente'",
        )

    def _compute_display_name(self):
        for result in self:
            unit = f" @ {result.unit_code}" if result.unit_code else ""
            result.display_name = f"{result.code}{unit} (Q{result.quarter})"

    @api.depends("explanation_data")
    def _compute_explanation(self):
        for result in self:
            data = result.explanation_data
            result.explanation = expand_explanation(json.loads(data)) if data else False

    @api.depends("explanation")
    def _compute_explanation_html(self):
        labels = self._rule_labels()
        for result in self:
            result.explanation_html = (
                self._render_explanation(result.explanation, labels)
                if result.explanation
                else False
            )

    def action_explain(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "cciaa_performance.view_cciaa_performance_result_form"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
        }

    # -- lookups -----------------------------------------------------------

    # columns the engine may leave empty for a figure that is computed (a
    # weight or a share where the figure does not feed its parent or the Ente)
    NULLABLE = ("weight", "share_parent", "share_ente")

    def _as_stored(self, fnames=NULLABLE):
        """{id: {field: value}} as the table holds them: a NULL float stays
        None, where the ORM would read 0.0 and a renderer print a figure that
        nobody computed."""
        self.flush_model(fnames)
        rows = self.env.execute_query(
            SQL(
                "SELECT id, %s FROM cciaa_performance_result WHERE id = ANY(%s)",
                SQL(", ").join(SQL.identifier(f) for f in fnames),
                self.ids,
            )
        )
        return {row[0]: dict(zip(fnames, row[1:], strict=True)) for row in rows}

    @api.model
    def _forget_links(self, model, ids):
        """When records of ``model`` (a node of the plan or a unit) are
        deleted, what a foreign key's ON DELETE would do to the figures linked
        to them (``_Link``): a node's figures go, and with them those of the
        nodes below it, which carry its id too (a deleted area's objectives
        and indicators go by the database's cascade); a unit's figures stay,
        without their link. Called before the records go (their ``ondelete``
        methods), so that the ORM recomputes nothing about figures that
        point at them."""
        column = SQL.identifier(_LINK_OF[model])
        self.flush_model()
        if model == "hr.department":
            query = SQL(
                "UPDATE cciaa_performance_result SET %s = NULL WHERE %s = ANY(%s)",
                column,
                column,
                ids,
            )
        else:
            query = SQL(
                "DELETE FROM cciaa_performance_result WHERE %s = ANY(%s)", column, ids
            )
        self.env.execute_query(query)
        self.invalidate_model()

    @api.model
    def _latest_for(self, nodes):
        """Latest stored result of each node (area, objective, indicator), by id."""
        fname = _LINK_OF[nodes._name]
        level = {
            "area_id": "area",
            "strategic_id": "os",
            "operational_id": "oo",
            "indicator_id": "indicator",
        }[fname]
        results = self.search(
            [(fname, "in", nodes.ids), ("level", "=", level)], order="quarter desc"
        )
        latest = {}
        for result in results:
            latest.setdefault(result[fname].id, result)
        return latest

    # -- recomputation -----------------------------------------------------

    @api.model
    def _recompute_cycles(self, cycles, force=False):
        """Rebuild the stored results of each cycle, for every quadrimester
        with data (or with a started campaign), from one engine evaluation
        per quadrimester. Idempotent: a quadrimester's results are replaced,
        or left alone when the digest of its input is the one they were
        computed from (closed quadrimesters usually; ``force`` recomputes
        anyway). The number of SQL queries per cycle does not depend on its
        size: ``cycle_reader.read_cycle`` reads each table once and
        :class:`_FigureWriter` writes in two statements per quadrimester.
        A validated cycle is never recomputed: its figures are published."""
        validated = cycles.filtered(lambda c: c.state == "validated")
        if validated:
            raise UserError(
                self.env._(
                    "%(cycle)s has been validated by the OIV: its figures are "
                    "published and are not recomputed.",
                    cycle=validated[0].display_name,
                )
            )
        for cycle in cycles:
            with paused_gc():
                self._recompute_cycle(cycle, force)
            self.env.invalidate_all()
            cycle.sudo().write(
                {"recomputed_on": fields.Datetime.now(), "recomputed_by": self.env.uid}
            )

    @api.model
    def _recompute_cycle(self, cycle, force):
        """One cycle of :meth:`_recompute_cycles`: read, check, evaluate the
        quadrimesters whose input changed, store what changed."""
        raw = cycle_reader.read_cycle(self.env, cycle)
        # figures are computed only from weights that sum to 100: the rule
        # of the activation, checked on the rows just read
        errors = cycle._weight_messages(raw)
        if errors:
            raise UserError("\n".join(errors))
        digests = cycle_reader.input_digests(raw)
        stored = {} if force else self._stored_digests(cycle)
        todo = [q for q, digest in digests.items() if stored.get(q) != digest]
        gone = set(stored) - set(digests)
        quarters = None if force else set(todo) | gone
        with _FigureWriter(self, cycle, quarters) as writer:
            if todo:
                loaded = cycle_reader.engine_input(raw)
            for quarter in todo:
                cycle_input = dataclasses.replace(
                    loaded["input"], up_to_quadrimester=quarter
                )
                values = self._result_values(
                    cycle,
                    quarter,
                    evaluate_cycle(cycle_input),
                    loaded["ids"],
                    digests[quarter],
                )
                writer.add(quarter, _figure_lines(values))

    @api.model
    def _stored_digests(self, cycle):
        """{quarter: input digest} of the results stored for ``cycle``."""
        self.flush_model(["cycle_id", "level", "quarter", "input_digest"])
        return dict(
            self.env.execute_query(
                SQL(
                    "SELECT quarter, input_digest FROM cciaa_performance_result "
                    "WHERE cycle_id = %s AND level = 'ente'",
                    cycle.id,
                )
            )
        )

    @api.model
    def _result_values(self, cycle, quarter, cycle_result, ids, input_digest=None):
        """The figures of one evaluation (one quadrimester) as tuples of
        column values in ``_FIGURE_COLUMNS`` order, ready for SQL (None for
        empty, the explanation as compact JSON text; ``input_digest`` goes on
        the Ente figure). A figure the engine could not compute is stored as
        NULL, not 0: pivot and graph averages (SQL AVG) leave it out, as the
        engine does; links are plain ids taken from ``ids``
        (``cycle_reader.engine_input``)."""
        values = []
        head = (cycle.id, quarter)
        date = datetime.date

        def add(figure, level, links, digest=None):
            result = figure.result
            score = figure.score
            computed = figure.computed_score
            values.append(
                (
                    *head,
                    level,
                    figure.code,
                    figure.unit or None,
                    *links,
                    float(result) if isinstance(result, (int, float)) else None,
                    result if isinstance(result, date) else None,
                    figure.achievement,
                    score,
                    computed if computed is not None else score,
                    figure.evaluable,
                    figure.reason.value if figure.reason else None,
                    figure.status,
                    figure.overridden,
                    figure.override_motivation or None,
                    figure.weight,
                    figure.share_parent,
                    figure.share_ente,
                    explanation_json(figure.explanation),
                    digest,
                )
            )

        def links(kind):
            return {
                code: tuple(columns.get(name) for name in _LINK_COLUMNS)
                for code, columns in ids[kind].items()
            }

        indicators, units = links("indicator"), ids["unit"]
        nothing = (None,) * len(_LINK_COLUMNS)
        for figure in cycle_result.rows.values():
            link = indicators.get(figure.code, nothing)
            add(figure, "row", (link[0], units.get(figure.unit), *link[2:]))
        for figure in cycle_result.indicators.values():
            add(figure, "indicator", indicators.get(figure.code, nothing))
        objectives = links("os")
        for figure in cycle_result.is_totals.values():
            add(figure, "is_total", objectives.get(figure.code, nothing))
        operational = links("oo")
        for figure in cycle_result.operational.values():
            add(figure, "oo", operational.get(figure.code, nothing))
        for figure in cycle_result.strategic.values():
            add(figure, "os", objectives.get(figure.code, nothing))
        areas = links("area")
        for figure in cycle_result.areas.values():
            add(figure, "area", areas.get(figure.code, nothing))
        add(cycle_result.ente, "ente", nothing, input_digest)
        for figure in cycle_result.units.values():
            add(figure, "unit", (None, units.get(figure.code), *nothing[2:]))
        return values

    # -- cron ----------------------------------------------------------------

    @api.model
    def _cron_recompute(self, batch_size=10):
        """Recompute every cycle in progress, ``batch_size`` cycles at a time.

        Under ir.cron (Odoo 18's progress API: ``ir_cron_progress_id`` in the
        context) one batch is done per call and the progress is notified;
        ir.cron commits after each call and calls again while something
        remains, so no commit happens in this code. A cycle is due when the
        scheduler has not tried it since its previous run ended
        (``lastcall``): the batches of one run are disjoint and a run is
        idempotent. Called directly (tests, shell), every cycle in progress
        is done in one call, batch after batch. One failing cycle is rolled
        back to its savepoint, logged and reported on the cycle
        (``recompute_error``); the others go on. Returns the number of cycles
        tried."""
        Cycle = self.env["cciaa.performance.cycle"].sudo()
        active = [("id", "in", self._stale_cycles().ids)]
        done = failed = 0
        if self.env.context.get("ir_cron_progress_id"):
            lastcall = self.env.context.get("lastcall")
            due = [
                *active,
                "|",
                ("recompute_attempted_on", "=", False),
                ("recompute_attempted_on", "<", lastcall) if lastcall else (0, "=", 1),
            ]
            batch = Cycle.search(due, limit=batch_size, order="id")
            failed = sum(not self._cron_recompute_cycle(cycle) for cycle in batch)
            done = len(batch)
            remaining = Cycle.search_count(due)
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        else:
            last_id = 0
            while batch := Cycle.search(
                [*active, ("id", ">", last_id)], limit=batch_size, order="id"
            ):
                failed += sum(not self._cron_recompute_cycle(cycle) for cycle in batch)
                done += len(batch)
                last_id = batch[-1].id
            remaining = 0
        if not remaining:
            self.env["ir.config_parameter"].sudo().set_param(
                ENGINE_PARAM, ENGINE_DIGEST
            )
        _logger.info("Recomputed %s cycles, %s failed", done, failed)
        return done

    @api.model
    def _stale_cycles(self):
        """The cycles in progress whose stored figures may be out of date:
        their inputs changed since the last recompute (input_change.py), they
        have no figure yet, their last recompute failed, or the engine changed
        since the last run (every cycle then). Unchanged ones cost nothing."""
        cycles = (
            self.env["cciaa.performance.cycle"]
            .sudo()
            .search([("state", "=", "active")])
        )
        engine = self.env["ir.config_parameter"].sudo().get_param(ENGINE_PARAM)
        if engine != ENGINE_DIGEST:
            return cycles
        stale = self.env["cciaa.performance.input.change"]._changed_cycles(cycles.ids)
        self.flush_model(["cycle_id"])
        self.env.cr.execute(
            "SELECT c.id FROM cciaa_performance_cycle c WHERE c.id = ANY(%s) "
            "AND (c.recompute_error IS NOT NULL OR NOT EXISTS "
            "(SELECT 1 FROM cciaa_performance_result r WHERE r.cycle_id = c.id))",
            [cycles.ids],
        )
        stale |= {row[0] for row in self.env.cr.fetchall()}
        return cycles.filtered(lambda c: c.id in stale)

    @api.model
    def _cron_recompute_cycle(self, cycle):
        """Recompute one cycle in its own savepoint; True when it succeeded."""
        try:
            with self.env.cr.savepoint():
                cycle._recompute_request()
        except Exception as error:  # noqa: BLE001 - one bad cycle must not stop the run
            # the savepoint's rollback has cleared the ORM cache
            _logger.exception(
                "Recomputation of cycle %s (id %s) failed", cycle.name, cycle.id
            )
            cycle.write(
                {
                    "recompute_attempted_on": fields.Datetime.now(),
                    "recompute_error": f"{type(error).__name__}: {error}",
                }
            )
            return False
        cycle.write(
            {"recompute_attempted_on": fields.Datetime.now(), "recompute_error": False}
        )
        return True


# The stored columns of a result, as written by _FigureWriter (the log
# columns are added there); _result_values gives a value to each of them but
# the digest, in this order.
# a figure's links to the records it is about
_LINK_COLUMNS = (
    "indicator_id", "department_id", "operational_id", "strategic_id", "area_id",
    "bsc_perspective", "indicator_kind",
)  # fmt: skip
_COLUMN_NAMES = (
    "cycle_id", "quarter", "level", "code", "unit_code",
    *_LINK_COLUMNS,
    "result_value", "result_date",
    "achievement", "score", "computed_score", "evaluable", "reason", "status",
    "overridden", "override_motivation", "weight", "share_parent", "share_ente",
    "explanation_data", "input_digest", "figure_digest",
)  # fmt: skip
# what makes a figure the same figure: every column but its own digest (the
# Ente's input digest included, so that a new input is recorded on it)
_FIGURE_COLUMNS = _COLUMN_NAMES[:-1]


class _Lines(list):
    """A file for csv.writer that keeps each row's line apart (the writer
    writes one string per row, quoted newlines included)."""

    write = list.append


def _figure_lines(values):
    """{figure digest: CSV line of its columns} of result values
    (``_result_values``): the line COPY reads is the text the digest is
    taken of, so each figure is serialised once, whether it is then written
    or found unchanged."""
    lines = _Lines()
    # "\n" ends each row: csv quotes only the fields that hold the
    # terminator, so a motivation written on several lines stays one field
    csv.writer(lines, lineterminator="\n").writerows(values)
    blake2b = hashlib.blake2b
    return {
        blake2b(line.encode(), digest_size=12).hexdigest(): line
        for line in (row[:-1] for row in lines)
    }


class _FigureWriter:
    """Writes the figures of one cycle, a quadrimester at a time, in a thread
    of its own: PostgreSQL stores quadrimester I while Python computes II
    (on two cores, the insert's index entries no longer add to the engine's
    time).

    Raw SQL, on purpose: the ORM inserts 100 rows per statement and then
    recomputes the stored related fields, so its query count grows with the
    size of the cycle; a national recompute writes half a million figures.
    Per cycle: one SELECT of the stored figure digests, then per quadrimester
    one DELETE of the figures not given again and one COPY of the new ones:
    a figure that a recompute gives again, column for column, keeps its
    record (at national scale an office's change rewrites its rows and their
    parents, not its chamber's quadrimester). Stored figures of the
    quadrimesters ``quarters`` (every one when None) that no write gives
    again are deleted when the writer closes.

    Only the writer's thread uses the cursor between the first write and the
    close, and the caller touches no table meanwhile; the close waits for the
    thread whatever happened, so a failure is raised (and its savepoint
    rolled back) with the cursor idle. The ORM cache is flushed before."""

    def __init__(self, results, cycle, quarters):
        results.flush_model()
        self.cr = results.env.cr
        where = SQL("cycle_id = %s", cycle.id)
        if quarters is not None:
            where = SQL("%s AND quarter = ANY(%s)", where, sorted(quarters))
        self.stored = {}  # quarter -> {figure digest: id}
        for record_id, quarter, digest in results.env.execute_query(
            SQL(
                "SELECT id, quarter, figure_digest FROM cciaa_performance_result "
                "WHERE %s",
                where,
            )
        ):
            self.stored.setdefault(quarter, {})[digest] = record_id
        now = self.cr.now()
        self.log = f",{now},{now}\n"
        self.pool = None
        self.pending = []

    def __enter__(self):
        return self

    def add(self, quarter, lines):
        """Store the figures ``lines`` ({figure digest: CSV line},
        :func:`_figure_lines`) of ``quarter`` (asynchronously)."""
        stored = self.stored.pop(quarter, {})
        stale = [
            record_id for digest, record_id in stored.items() if digest not in lines
        ]
        new = [
            f"{line},{digest}{self.log}"
            for digest, line in lines.items()
            if digest not in stored
        ]
        if stale or new:
            if self.pool is None:
                self.pool = concurrent.futures.ThreadPoolExecutor(1)
            self.pending.append(self.pool.submit(self._store, stale, new))

    def _store(self, stale, new):
        if stale:
            self.cr.execute(
                "DELETE FROM cciaa_performance_result WHERE id = ANY(%s)", [stale]
            )
        if new:
            # COPY, not INSERT: PostgreSQL parses no statement of a quarter of
            # a million parameters (CSV: an unquoted empty field is NULL; no
            # stored text is empty, codes and JSON never are). No
            # create_uid/write_uid: a user id on each figure costs two
            # foreign-key checks per row (a fifth of the insert) and says
            # nothing the cycle's recomputed_by does not.
            columns = ", ".join(f'"{name}"' for name in _FIGURE_COLUMNS)
            data = "".join(new).encode()
            # one read of the whole buffer: psycopg2 takes the GIL back for
            # every chunk it reads (8 KB by default), and the main thread,
            # computing the next quadrimester, would hold it for 5 ms each time
            self.cr.copy_expert(
                f"COPY cciaa_performance_result ({columns}, figure_digest, "
                "create_date, write_date) FROM STDIN WITH (FORMAT csv)",
                io.BytesIO(data),
                size=len(data),
            )

    def __exit__(self, kind, error, traceback):
        try:
            for future in self.pending:
                future.result()  # the first failure is raised here
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
        if kind is None:
            leftover = [
                record_id for ids in self.stored.values() for record_id in ids.values()
            ]
            if leftover:
                self.cr.execute(
                    "DELETE FROM cciaa_performance_result WHERE id = ANY(%s)",
                    [leftover],
                )
        return False
