import dataclasses

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..engine import evaluate_cycle, fmt_date, fmt_pct
from ..importer import parse, read_sheets
from ..importer.to_engine import cycle_input
from ..models.guard import trusted_create
from .common import DATASET_2019
from .reference_2019 import (
    SHEETS,
    TREE,
    printed_value,
    sheet_rows,
    tree_indicators,
    tree_objectives,
)
from .test_one_path import engine_figures

RESULT_LOGGER = "odoo.addons.cciaa_performance.models.result"


@tagged("post_install", "-at_install")
class TestRecompute2019(TransactionCase):
    """The scheduled recomputation on the real 2019 cycle: the published
    figures after quadrimester III, year-to-date figures after I and II that
    use those quadrimesters only, one bad cycle that does not stop the run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle = cls.env["cciaa.performance.cycle"]._import_dataset_path(
            DATASET_2019
        )
        cls.parsed, _issues = parse(read_sheets(DATASET_2019))
        cls.Result = cls.env["cciaa.performance.result"]

    def stored(self, quarter):
        results = self.Result.search(
            [("cycle_id", "=", self.cycle.id), ("quarter", "=", quarter)]
        )
        return {(r.level, r.code, r.unit_code or None): r for r in results}

    def run_cron(self):
        self.Result.search([("cycle_id", "=", self.cycle.id)]).unlink()
        self.assertFalse(self.cycle.result_ids)
        self.Result._cron_recompute()

    def test_an_imported_cycle_is_not_recomputed_again(self):
        """The digests stored by the import are those of the cycle as it reads
        afterwards (reporting units in any order): the next run rewrites
        nothing."""
        before = self.Result.search([("cycle_id", "=", self.cycle.id)])
        self.env.invalidate_all()
        self.cycle.action_recompute()
        self.assertEqual(self.Result.search([("cycle_id", "=", self.cycle.id)]), before)

    def test_import_closes_the_historical_campaigns(self):
        campaigns = self.cycle.campaign_ids
        self.assertEqual(
            sorted(campaigns.mapped("quarter")),
            sorted({str(m.quarter) for m in self.parsed.measurements}),
        )
        self.assertEqual(set(campaigns.mapped("state")), {"closed"})
        measurement = self.env["cciaa.performance.measurement"].search(
            [("cycle_id", "=", self.cycle.id)], limit=1
        )
        with self.assertRaises(UserError):
            measurement.write({"value": measurement.value + 1})

    def test_cron_gives_the_published_figures_after_quadrimester_3(self):
        self.run_cron()
        stored = self.stored(3)
        for unit, code, row in sheet_rows():
            with self.subTest(unit=unit, code=code):
                result = stored[("row", code, unit)]
                actual = (
                    result.result_date if result.result_date else result.result_value
                )
                self.assertEqual(actual, printed_value(row["result"]))
                self.assertEqual(result.achievement, row["achievement_pct"])
                self.assertEqual(result.score, row["achievement_capped_pct"])
        for unit in SHEETS["units"]:
            self.assertEqual(
                stored[("unit", unit["code"], unit["code"])].score,
                unit["published_result_pct"],
            )
        for indicator in tree_indicators():
            self.assertEqual(
                stored[("indicator", indicator["code"], None)].score,
                indicator["achievement_capped_pct"],
            )
        for oo in tree_objectives("oo"):
            self.assertEqual(
                stored[("oo", oo["code"], None)].score, oo["published_pct"]
            )
        for os_ in tree_objectives("os"):
            self.assertEqual(
                stored[("os", os_["code"], None)].score, os_["published_pct"]
            )
        areas = list(tree_objectives("area"))
        for area in areas:
            self.assertEqual(
                stored[("area", area["code"], None)].score, area["published_pct"]
            )
        expected_ente = sum(a["published_pct"] * a["weight"] for a in areas) / sum(
            a["weight"] for a in areas
        )
        self.assertEqual(stored[("ente", "ENTE", None)].score, round(expected_ente, 2))
        self.assertNotEqual(
            stored[("ente", "ENTE", None)].score, TREE["ente"]["published_pct"]
        )

    def test_year_to_date_after_quadrimesters_1_and_2_use_those_only(self):
        """After quadrimester q the stored figures equal the engine's on the
        data set cut to the quadrimesters ≤ q (evaluated as a full year): no
        later value leaks into them."""
        self.run_cron()
        trend = {}
        for quarter in (1, 2):
            cut = dataclasses.replace(
                self.parsed,
                measurements=[
                    m for m in self.parsed.measurements if m.quarter <= quarter
                ],
            )
            expected = engine_figures(
                evaluate_cycle(cycle_input(cut, up_to_quadrimester=3))
            )
            stored = self.stored(quarter)
            self.assertTrue(stored)
            for key, result in stored.items():
                with self.subTest(quarter=quarter, key=key):
                    figure = expected[key]
                    self.assertEqual(result.evaluable, figure.evaluable)
                    if figure.evaluable:
                        self.assertEqual(result.score, figure.score)
                        self.assertEqual(result.achievement, figure.achievement or 0.0)
            missing = [
                k for k, f in expected.items() if f.evaluable and k not in stored
            ]
            self.assertEqual(missing, [])
            trend[quarter] = {k: r.score for k, r in stored.items() if r.evaluable}
        final = {k: r.score for k, r in self.stored(3).items() if r.evaluable}
        # the trend I → II → III is kept and is not flat
        self.assertLess(len(trend[1]), len(final))
        self.assertTrue(any(trend[2].get(k) != v for k, v in final.items()))

    def test_recompute_is_idempotent(self):
        self.run_cron()
        first = sorted(
            (r.quarter, r.level, r.code, r.unit_code or "", r.score)
            for r in self.cycle.result_ids
        )
        self.Result._cron_recompute()
        self.assertEqual(
            first,
            sorted(
                (r.quarter, r.level, r.code, r.unit_code or "", r.score)
                for r in self.cycle.result_ids
            ),
        )

    def test_a_bad_cycle_is_reported_and_the_others_are_recomputed(self):
        company = self.env["res.company"].create({"name": "CCIAA Rotta"})
        broken = trusted_create(
            self.env["cciaa.performance.cycle"],
            {
                "year": 2019,
                "company_id": company.id,
                "state": "active",
                "area_ids": [
                    Command.create({"code": "OB1", "name": "Area", "weight": 100})
                ],
            },
        )
        # A rule name the engine does not know, as a damaged database would hold
        # it (the ORM's selection cannot write it): SQL on purpose.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE cciaa_performance_cycle SET exact_miss_rule = 'unknown' "
            "WHERE id = %s",
            [broken.id],
        )
        broken.invalidate_recordset()
        with self.assertLogs(RESULT_LOGGER, level="ERROR") as logs:
            self.run_cron()
        self.assertIn(str(broken.id), "\n".join(logs.output))
        self.assertIn("ValueError", broken.recompute_error)
        self.assertTrue(broken.recompute_attempted_on)
        self.assertFalse(self.cycle.recompute_error)
        self.assertEqual(set(self.cycle.result_ids.mapped("quarter")), {1, 2, 3})

    def test_monitoring_report_prints_the_quadrimester(self):
        campaign = self.cycle.campaign_ids.filtered(lambda c: c.quarter == "2")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("cciaa_performance.report_monitoring", campaign.ids)[0]
            .decode()
        )
        stored = self.stored(2)
        ente = stored[("ente", "ENTE", None)]
        self.assertIn(f"{fmt_pct(ente.score)}%", html)
        self.assertIn(fmt_date(campaign.date_start), html)
        self.assertIn(fmt_date(campaign.date_end), html)
        overridden = [r for r in stored.values() if r.level == "os" and r.overridden]
        self.assertTrue(overridden)
        for result in overridden:
            self.assertIn(result.override_motivation.split()[0], html)
        achievements = {
            r.achievement for r in stored.values() if r.level == "row" and r.evaluable
        }
        self.assertTrue(achievements)
        for value in achievements:
            self.assertIn(f"{fmt_pct(value)}%", html)
        notes = self.env["cciaa.performance.measurement"].search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("quarter", "=", "2"),
                ("note", "!=", False),
            ]
        )
        self.assertIn(notes[0].note.split()[0], html)


@tagged("post_install", "-at_install")
class TestRecomputeQueries(TransactionCase):
    """The query count of a recomputation does not grow with the cycle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True)
        )
        cls.unit = cls.env["hr.department"].create(
            {"name": "Servizio", "cciaa_code": "S1"}
        )
        cls.small = cls._cycle(2019, 10)
        cls.large = cls._cycle(2020, 200)

    @classmethod
    def _cycle(cls, year, n_indicators):
        env = cls.env
        cycle = trusted_create(
            env["cciaa.performance.cycle"], {"year": year, "state": "active"}
        )
        area = env["cciaa.performance.area"].create(
            {"cycle_id": cycle.id, "code": "OB1", "name": "Area", "weight": 100}
        )
        os_ = env["cciaa.performance.strategic.objective"].create(
            {
                "cycle_id": cycle.id,
                "area_id": area.id,
                "code": "1.1",
                "name": "OS",
                "weight": 100,
            }
        )
        oo = env["cciaa.performance.operational.objective"].create(
            {
                "cycle_id": cycle.id,
                "strategic_id": os_.id,
                "code": "1.1.1",
                "name": "OO",
            }
        )
        indicators = env["cciaa.performance.indicator"].create(
            [
                {
                    "cycle_id": cycle.id,
                    "kind": "IO",
                    "operational_id": oo.id,
                    "code": f"O1.1.1-{n}",
                    "name": f"Indicatore {n}",
                    "measure": "count",
                    "comparator": ">=",
                    "department_ids": [Command.set(cls.unit.ids)],
                    "target_ids": [Command.create({"year": year, "value": 10})],
                }
                for n in range(n_indicators)
            ]
        )
        env["cciaa.performance.measurement"].create(
            [
                {
                    "indicator_id": indicator.id,
                    "department_id": cls.unit.id,
                    "quarter": str(quarter),
                    "parameter": "1",
                    "value": index % 7,
                }
                for index, indicator in enumerate(indicators)
                for quarter in (1, 2, 3)
            ]
        )
        return cycle

    def count_queries(self, cycle):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.env["cciaa.performance.result"]._recompute_cycles(cycle, force=True)
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_the_cycle(self):
        self.count_queries(self.small)  # warm the registry's caches
        small = self.count_queries(self.small)
        self.env.invalidate_all()
        with self.assertQueryCount(small + 2):
            self.env["cciaa.performance.result"]._recompute_cycles(
                self.large, force=True
            )
        # the large cycle's results are all there
        rows = self.env["cciaa.performance.result"].search_count(
            [
                ("cycle_id", "=", self.large.id),
                ("level", "=", "row"),
                ("quarter", "=", 3),
            ]
        )
        self.assertEqual(rows, len(self.large.indicator_ids))

    def test_only_the_quadrimesters_whose_input_changed_are_rewritten(self):
        Result = self.env["cciaa.performance.result"]
        Result._recompute_cycles(self.small)

        def stored():
            results = Result.search([("cycle_id", "=", self.small.id)])
            return {
                q: results.filtered(lambda r, q=q: r.quarter == q) for q in (1, 2, 3)
            }

        before = stored()
        Result._recompute_cycles(self.small)  # nothing changed: nothing rewritten
        self.assertEqual(stored(), before)
        measurement = self.env["cciaa.performance.measurement"].search(
            [("cycle_id", "=", self.small.id), ("quarter", "=", "3")], limit=1
        )

        def row_value(results):
            return results.filtered(
                lambda r: (
                    r.level == "row" and r.indicator_id == measurement.indicator_id
                )
            ).result_value

        old_value = row_value(before[3])
        measurement.value += 5
        Result._recompute_cycles(self.small)
        after = stored()
        self.assertEqual(after[1], before[1])
        self.assertEqual(after[2], before[2])
        # in quadrimester III only the figures that changed are rewritten: the
        # changed row and what it feeds; the other rows keep their records
        rewritten = after[3] - before[3]
        self.assertEqual(row_value(after[3]), old_value + 5)
        self.assertIn(
            measurement.indicator_id, rewritten.filtered("indicator_id").indicator_id
        )
        self.assertTrue(after[3] & before[3])
        for kept in after[3] & before[3]:
            self.assertNotEqual(kept.indicator_id, measurement.indicator_id)
        # and what a recompute from scratch stores is what is stored
        kept = {q: set(after[q].mapped("figure_digest")) for q in (1, 2, 3)}
        self.env.cr.execute(
            "DELETE FROM cciaa_performance_result WHERE cycle_id = %s", [self.small.id]
        )
        self.env.invalidate_all()
        Result._recompute_cycles(self.small)
        fresh = stored()
        for quarter in (1, 2, 3):
            self.assertEqual(set(fresh[quarter].mapped("figure_digest")), kept[quarter])

    def test_the_scheduled_run_recomputes_only_the_cycles_that_changed(self):
        """Nothing changed: the run reads no input and writes nothing. A
        measurement written through the ORM marks its cycle; the run
        recomputes it and forgets the marks it has seen, not those of a change
        made while it ran."""
        self.env["cciaa.performance.result"]._cron_recompute()
        Change = self.env["cciaa.performance.input.change"]
        self.assertFalse(Change._changed_cycles(self.small.ids))
        before = self.small.result_ids
        self.assertEqual(self.env["cciaa.performance.result"]._cron_recompute(), 0)
        self.assertEqual(self.small.result_ids, before)
        measurement = self.env["cciaa.performance.measurement"].search(
            [("cycle_id", "=", self.small.id), ("quarter", "=", "3")], limit=1
        )
        measurement.write({"value": measurement.value + 1})
        self.assertEqual(Change._changed_cycles(self.small.ids), set(self.small.ids))
        self.assertEqual(self.env["cciaa.performance.result"]._cron_recompute(), 1)
        self.assertFalse(Change._changed_cycles(self.small.ids))
        self.assertEqual(set((self.small.result_ids - before).mapped("quarter")), {3})
        # a change recorded after the recompute started stays for the next run
        Change._mark(self.small.ids)
        seen = Change._seen(self.small.ids)
        Change._mark(self.small.ids)
        Change._forget(self.small.ids, seen)
        self.assertEqual(Change._changed_cycles(self.small.ids), set(self.small.ids))

    def test_a_new_engine_recomputes_every_cycle(self):
        self.env["cciaa.performance.result"]._cron_recompute()
        self.env["ir.config_parameter"].set_param(
            "cciaa_performance.engine_digest", "an older engine"
        )
        self.assertIn(self.small, self.env["cciaa.performance.result"]._stale_cycles())
        self.env["cciaa.performance.result"]._cron_recompute()
        self.assertNotIn(
            self.small, self.env["cciaa.performance.result"]._stale_cycles()
        )

    def dangling(self):
        """Figures whose link names a record that no longer exists (the links
        carry no foreign key, result.py _Link)."""
        counts = {}
        for column, table in (
            ("indicator_id", "cciaa_performance_indicator"),
            ("operational_id", "cciaa_performance_operational_objective"),
            ("strategic_id", "cciaa_performance_strategic_objective"),
            ("area_id", "cciaa_performance_area"),
            ("department_id", "hr_department"),
        ):
            self.env.cr.execute(
                f"SELECT count(*) FROM cciaa_performance_result r "  # noqa: S608
                f"WHERE r.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {table} t WHERE t.id = r.{column})"
            )
            counts[column] = self.env.cr.fetchone()[0]
        return counts

    def test_deleting_a_node_or_a_unit_takes_its_figures_along(self):
        """What the links' foreign keys did: a deleted indicator's figures go,
        a deleted area's figures go with everything below it, a deleted unit's
        figures stay without their link; no figure names a missing record."""
        Result = self.env["cciaa.performance.result"]
        nothing = dict.fromkeys(self.dangling(), 0)
        spare = self.env["hr.department"].create({"name": "Nuova", "cciaa_code": "S9"})
        first, second = self.small.indicator_ids.sorted("code")[:2]
        first.department_ids = [Command.link(spare.id)]
        Result._recompute_cycles(self.small)
        in_cycle = [("cycle_id", "=", self.small.id)]
        self.assertTrue(Result.search([*in_cycle, ("department_id", "=", spare.id)]))

        code = first.code
        first.unlink()
        self.assertFalse(Result.search([*in_cycle, ("code", "=", code)]))
        self.assertTrue(Result.search([*in_cycle, ("indicator_id", "=", second.id)]))
        self.assertEqual(self.dangling(), nothing)

        spare_rows = Result.search([*in_cycle, ("unit_code", "=", "S9")])
        spare.unlink()
        self.assertEqual(self.dangling(), nothing)
        self.assertTrue(spare_rows.exists())
        self.assertFalse(spare_rows.exists().department_id)

        self.small.area_ids.unlink()
        levels = set(Result.search(in_cycle).mapped("level"))
        self.assertEqual(levels, {"ente", "unit"})
        self.assertEqual(self.dangling(), nothing)

    def test_unbalanced_weights_stop_the_activation_and_the_recompute(self):
        """One rule, one grouping (cycle._weight_messages): the activation
        and the recompute refuse the same siblings with the same message."""
        self.env["cciaa.performance.area"].create(
            {"cycle_id": self.small.id, "code": "OB2", "name": "Altra", "weight": 20}
        )
        message = "The weights of OB1, OB2 sum to 120.0 instead of 100."
        self.assertEqual(self.small._weight_messages(), [message])
        draft = trusted_create(
            self.env["cciaa.performance.cycle"], {"year": 2021, "state": "draft"}
        )
        self.env["cciaa.performance.area"].create(
            [
                {"cycle_id": draft.id, "code": "OB1", "name": "Area", "weight": 60},
                {"cycle_id": draft.id, "code": "OB2", "name": "Altra", "weight": 60},
            ]
        )
        with self.assertRaisesRegex(UserError, "OB1, OB2 sum to 120.0"):
            draft.action_activate()
        with self.assertRaisesRegex(UserError, message):
            self.env["cciaa.performance.result"]._recompute_cycles(self.small)

    def test_a_motivation_on_several_lines_is_stored_as_written(self):
        """The figures are copied as CSV: a motivated evaluation typed on
        several lines (with a tab and a backslash, without the commas or
        quotes that would have it quoted anyway) is one field of its figure,
        stored as written; so is one with commas and quotes."""
        motivation = (
            "Ispezione ICQRF: 3 non conformità gravi\n\t- verbale n. 12\r\n"
            "- vedi C:\\verbali\\2019"
        )
        objective = self.small.operational_ids
        self.env["cciaa.performance.override"].create(
            {"operational_id": objective.id, "value": 91, "motivation": motivation}
        )
        self.env["cciaa.performance.result"]._recompute_cycles(self.small)
        figures = self.env["cciaa.performance.result"].search(
            [("operational_id", "=", objective.id), ("level", "=", "oo")]
        )
        self.assertEqual(len(figures), 3)
        self.assertEqual(set(figures.mapped("override_motivation")), {motivation})
        self.assertEqual(set(figures.mapped("score")), {91.0})
        quoted = 'Ispezione ICQRF, 3 non conformità "gravi"\nvedi verbale'
        self.env["cciaa.performance.override"].create(
            {"operational_id": objective.id, "value": 92, "motivation": quoted}
        )
        self.env["cciaa.performance.result"]._recompute_cycles(self.small)
        figures = figures.search(
            [("operational_id", "=", objective.id), ("level", "=", "oo")]
        )
        self.assertEqual(set(figures.mapped("override_motivation")), {quoted})

    def test_the_links_of_a_figure_carry_no_foreign_key(self):
        """Installed afresh or upgraded from a database that had them, the
        five links of a figure have no foreign key (result.py _Link); the
        cycle keeps its own, and its cascade."""

        def keys():
            self.env.cr.execute(
                "SELECT a.attname FROM pg_constraint c JOIN pg_attribute a "
                "ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                "WHERE c.conrelid = 'cciaa_performance_result'::regclass "
                "AND c.contype = 'f' ORDER BY 1"
            )
            return {name for (name,) in self.env.cr.fetchall()}

        links = {"indicator_id", "department_id", "operational_id", "strategic_id",
                 "area_id"}  # fmt: skip
        self.assertIn("cycle_id", keys())
        self.assertFalse(keys() & links)
        # a database made before: its keys, as Odoo had created them
        self.env.cr.execute(
            "ALTER TABLE cciaa_performance_result ADD CONSTRAINT "
            "cciaa_performance_result_area_id_fkey FOREIGN KEY (area_id) "
            "REFERENCES cciaa_performance_area(id) ON DELETE CASCADE"
        )
        self.assertIn("area_id", keys())
        self.env["cciaa.performance.result"].init()
        self.assertFalse(keys() & links)
        self.assertIn("cycle_id", keys())
