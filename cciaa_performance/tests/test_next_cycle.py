import datetime
import shutil

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import DATASET_2019
from .next_cycle_common import dataset_with_plan, read_sheet, shifted


def units_of(row):
    return {u.strip() for u in row["unita"].replace(";", ",").split(",") if u.strip()}


@tagged("post_install", "-at_install")
class TestNextCycle(TransactionCase):
    """Cycle 2020 made from the 2019 data set (with its three-year plan,
    next_cycle_common.py) by the manager's wizard: what is carried, what is
    left out or refused and why, and that the writing is all or nothing.

    The manager's choices are read off the data set: the last strategic
    objective is concluded, and so is the last operational objective of
    another one; the first operational objective has no targets for 2020
    (one of its indicators gets one typed in the wizard); one unit that is
    the only reporting unit of an indicator closes on 31/12/2019."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        operational = read_sheet(DATASET_2019, "obiettivi_operativi")
        cls.without_targets = operational[0]["codice"]
        folder = dataset_with_plan(without_targets={cls.without_targets})
        try:
            cls.cycle = cls.env["cciaa.performance.cycle"]._import_dataset_path(folder)
            cls.strategic_rows = read_sheet(folder, "obiettivi_strategici")
            cls.operational_rows = read_sheet(folder, "obiettivi_operativi")
            cls.indicator_rows = read_sheet(folder, "indicatori")
        finally:
            shutil.rmtree(folder)
        cls.os_of = {r["codice"]: r["obiettivo_strategico"] for r in operational}
        cls.concluded_os = cls.strategic_rows[-1]["codice"]
        cls.concluded_oo = [
            r["codice"]
            for r in cls.operational_rows
            if r["obiettivo_strategico"]
            not in (cls.concluded_os, cls.os_of[cls.without_targets])
        ][-1]
        cls.typed = next(
            r
            for r in cls.indicator_rows
            if r["obiettivo"] == cls.without_targets and r["misura"] == "data"
        )
        cls.closed_unit = cls._unit_to_close()
        cls.company = cls.cycle.company_id
        cls.manager = new_test_user(
            cls.env,
            login="next_cycle_manager",
            groups="cciaa_performance.group_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.office = new_test_user(
            cls.env,
            login="next_cycle_office",
            groups="cciaa_performance.group_office_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.env["hr.department"].search(
            [("company_id", "=", cls.company.id), ("cciaa_code", "=", cls.closed_unit)]
        ).cciaa_date_to = datetime.date(2019, 12, 31)
        # a reorganisation dated later in 2020 closes another unit: on 1
        # January it is still valid, so it is carried
        cls.later_unit = sorted(
            {u for r in cls.indicator_rows for u in units_of(r)} - {cls.closed_unit}
        )[0]
        cls.env["hr.department"].search(
            [("company_id", "=", cls.company.id), ("cciaa_code", "=", cls.later_unit)]
        ).cciaa_date_to = datetime.date(2020, 3, 31)

    @classmethod
    def _unit_to_close(cls):
        """A unit that is the only reporting unit of an indicator the other
        choices leave alone, and one of several of another indicator."""
        untouched = [
            r
            for r in cls.indicator_rows
            if cls._objectives_of(r).isdisjoint(
                {cls.concluded_os, cls.concluded_oo, cls.without_targets}
            )
        ]
        alone = {next(iter(units_of(r))) for r in untouched if len(units_of(r)) == 1}
        shared = {u for r in untouched if len(units_of(r)) > 1 for u in units_of(r)}
        return sorted(alone & shared)[0]

    @classmethod
    def _objectives_of(cls, row):
        if row["tipo"] == "IS":
            return {row["obiettivo"]}
        return {row["obiettivo"], cls.os_of[row["obiettivo"]]}

    # -- what the data set says should happen ------------------------------------

    def expected(self):
        """Codes carried to 2020, by level, derived from the CSV files with
        the rules of docs/DOMAIN.md."""
        concluded = {self.concluded_os, self.concluded_oo}
        indicators = {
            r["codice"]
            for r in self.indicator_rows
            if self._objectives_of(r).isdisjoint(concluded)
            and (
                r["obiettivo"] != self.without_targets
                or r["codice"] == self.typed["codice"]
            )
            and units_of(r) - {self.closed_unit}
        }
        below = {}
        for r in self.indicator_rows:
            if r["codice"] in indicators:
                below.setdefault(r["obiettivo"], set()).add(r["codice"])
        operational = {
            r["codice"]
            for r in self.operational_rows
            if r["codice"] not in concluded
            and r["obiettivo_strategico"] not in concluded
            and below.get(r["codice"])
        }
        strategic = {
            r["codice"]
            for r in self.strategic_rows
            if r["codice"] not in concluded
            and (
                below.get(r["codice"])
                or any(self.os_of[oo] == r["codice"] for oo in operational)
            )
        }
        areas = {r["area"] for r in self.strategic_rows if r["codice"] in strategic}
        return {
            "area": areas,
            "os": strategic,
            "oo": operational,
            "indicator": indicators,
        }

    # -- helpers -------------------------------------------------------------------

    def open_wizard(self, user=None):
        action = self.cycle.with_user(user or self.manager).action_next_cycle()
        return (
            self.env[action["res_model"]]
            .with_user(user or self.manager)
            .browse(action["res_id"])
        )

    def mark(self, wizard, typed_value=None):
        lines = {(line.level, line.code): line for line in wizard.line_ids}
        lines["os", self.concluded_os].concluded = True
        lines["oo", self.concluded_oo].concluded = True
        lines["indicator", self.typed["codice"]].write(
            {
                "set_target": True,
                "target_date": typed_value
                or shifted(self.typed["target_n"], "data", 1),
            }
        )
        wizard.action_preview()
        return lines

    def cycle_2020(self):
        return self.env["cciaa.performance.cycle"].search(
            [("company_id", "=", self.company.id), ("year", "=", 2020)]
        )

    # -- tests -----------------------------------------------------------------------

    def test_preview_lists_what_is_carried_and_what_is_not(self):
        wizard = self.open_wizard()
        lines = self.mark(wizard)
        expected = self.expected()
        for level, codes in expected.items():
            with self.subTest(level=level):
                carried = {
                    line.code
                    for line in wizard.line_ids
                    if line.level == level and line.outcome == "create"
                }
                self.assertEqual(carried, codes)
        self.assertEqual(lines["os", self.concluded_os].outcome, "concluded")
        self.assertEqual(lines["oo", self.concluded_oo].outcome, "concluded")
        refused = wizard.line_ids.filtered(lambda line: line.outcome == "refused")
        self.assertTrue(refused)
        for line in refused:
            with self.subTest(code=line.code):
                self.assertTrue(line.reason)
        no_target = [
            r["codice"]
            for r in self.indicator_rows
            if r["obiettivo"] == self.without_targets
            and r["codice"] != self.typed["codice"]
        ]
        for code in no_target:
            self.assertEqual(lines["indicator", code].outcome, "refused")
            self.assertIn("2020", lines["indicator", code].reason)
        # the closed unit is named where it is dropped
        self.assertIn(self.closed_unit, wizard.preview)
        # the concluded OS leaves its weighted siblings short of 100
        area = next(
            r["area"] for r in self.strategic_rows if r["codice"] == self.concluded_os
        )
        siblings = sorted(
            r["codice"]
            for r in self.strategic_rows
            if r["area"] == area and r["codice"] in expected["os"]
        )
        self.assertIn(", ".join(siblings), wizard.preview)
        # nothing is written by the preview
        self.assertFalse(self.cycle_2020())

    def test_cycle_2020_carries_the_tree_targets_units_and_settings(self):
        source_counts = self.counts(self.cycle)
        wizard = self.open_wizard()
        self.mark(wizard)
        wizard.action_confirm()
        new = self.cycle_2020()
        self.assertEqual(wizard.new_cycle_id, new)
        self.assertEqual(new.state, "draft")
        for fname in (
            "tolerance",
            "missed_deadline_rule",
            "points_per_day_late",
            "exact_miss_rule",
        ):
            self.assertEqual(new[fname], self.cycle[fname], fname)
        expected = self.expected()
        self.assertEqual(set(new.area_ids.mapped("code")), expected["area"])
        self.assertEqual(set(new.strategic_ids.mapped("code")), expected["os"])
        self.assertEqual(set(new.operational_ids.mapped("code")), expected["oo"])
        self.assertEqual(set(new.indicator_ids.mapped("code")), expected["indicator"])
        old = {
            (r._name, r.code): r
            for nodes in (
                self.cycle.area_ids,
                self.cycle.strategic_ids,
                self.cycle.operational_ids,
                self.cycle.indicator_ids,
            )
            for r in nodes
        }
        first_day = datetime.date(2020, 1, 1)
        for area in new.area_ids:
            source = old[area._name, area.code]
            for fname in ("name", "weight", "mission_programs", "bsc_perspectives"):
                self.assertEqual(area[fname], source[fname], (area.code, fname))
        for objective in [*new.strategic_ids, *new.operational_ids]:
            source = old[objective._name, objective.code]
            for fname in ("name", "weight", "pira_code", "bsc_perspectives"):
                self.assertEqual(objective[fname], source[fname], objective.code)
            self.assertEqual(
                objective.department_ids,
                source.department_ids._cciaa_valid_on(first_day),
            )
        self.assertEqual(
            new.strategic_ids.operational_ids, new.operational_ids, "tree rebuilt"
        )
        for indicator in new.indicator_ids:
            source = old[indicator._name, indicator.code]
            with self.subTest(code=indicator.code):
                for fname in (
                    "kind",
                    "name",
                    "algorithm",
                    "weight",
                    "measure",
                    "comparator",
                    "aggregation",
                    "parameter_1",
                    "parameter_2",
                    "bsc_perspective",
                    "is_percent",
                    "most_significant",
                ):
                    self.assertEqual(indicator[fname], source[fname], fname)
                parent = indicator.strategic_id or indicator.operational_id
                source_parent = source.strategic_id or source.operational_id
                self.assertEqual(parent.code, source_parent.code)
                self.assertEqual(parent.cycle_id, new)
                units = indicator.department_ids.mapped("cciaa_code")
                self.assertNotIn(self.closed_unit, units)
                if self.later_unit in source.department_ids.mapped("cciaa_code"):
                    self.assertIn(self.later_unit, units)
                self.assertEqual(
                    set(units),
                    set(source.department_ids.mapped("cciaa_code"))
                    - {self.closed_unit},
                )
                targets = {t.year: t._engine_value() for t in indicator.target_ids}
                if indicator.code == self.typed["codice"]:
                    self.assertEqual(
                        targets,
                        {
                            2020: datetime.date.fromisoformat(
                                shifted(self.typed["target_n"], "data", 1)
                            )
                        },
                    )
                else:
                    # N+1 and N+2 of 2019 become N and N+1; N+2 is left to fill
                    self.assertEqual(
                        targets,
                        {
                            t.year: t._engine_value()
                            for t in source.target_ids
                            if t.year in (2020, 2021)
                        },
                    )
                    self.assertIn(2020, targets)
        # the evaluation system is carried with its behaviours and scale
        system, source_system = (
            new.evaluation_system_ids,
            self.cycle.evaluation_system_ids,
        )
        self.assertEqual(len(system), 1)
        for fname in ("results_share_sg", "results_share_po", "results_share_staff"):
            self.assertEqual(system[fname], source_system[fname])
        self.assertEqual(
            system.behaviour_ids.mapped("name"),
            source_system.behaviour_ids.mapped("name"),
        )
        self.assertEqual(
            system.level_ids.mapped("value"), source_system.level_ids.mapped("value")
        )
        # what belongs to a year is not carried
        self.assertFalse(new.indicator_ids.measurement_ids)
        self.assertFalse(new.result_ids)
        self.assertFalse(new.campaign_ids)
        self.assertFalse(new.scheda_ids)
        for objectives in (new.strategic_ids, new.operational_ids):
            self.assertFalse(objectives.override_ids)
            self.assertFalse(objectives.criticita_ids)
        # cycle N is left as it was
        self.assertEqual(self.counts(self.cycle), source_counts)
        # and N+1 exists once: a second run is refused before writing
        again = self.open_wizard()
        with self.assertRaisesRegex(UserError, "2020"):
            again.action_confirm()

    def counts(self, cycle):
        return {
            fname: len(cycle[fname])
            for fname in (
                "area_ids",
                "strategic_ids",
                "operational_ids",
                "indicator_ids",
            )
        } | {"targets": len(cycle.indicator_ids.target_ids)}

    def test_a_failing_record_leaves_nothing(self):
        """The typed target of one indicator falls outside 2020-2021: the
        indicator's target is refused when the cycle, its areas and its
        objectives are already created; nothing of them stays, and the same
        wizard writes the cycle once the target is corrected."""
        before = {
            model: self.env[model].search_count([])
            for model in (
                "cciaa.performance.cycle",
                "cciaa.performance.area",
                "cciaa.performance.strategic.objective",
                "cciaa.performance.operational.objective",
                "cciaa.performance.indicator",
                "cciaa.performance.indicator.target",
                "cciaa.performance.evaluation.system",
            )
        }
        wizard = self.open_wizard()
        wrong = shifted(self.typed["target_n"], "data", 1)
        wrong = datetime.date.fromisoformat(wrong).replace(year=2020 + 5)
        lines = self.mark(wizard, typed_value=wrong)
        self.assertEqual(lines["indicator", self.typed["codice"]].outcome, "create")
        with self.assertRaisesRegex(ValidationError, self.typed["codice"]):
            wizard.action_confirm()
        self.assertFalse(self.cycle_2020())
        self.assertEqual(
            {model: self.env[model].search_count([]) for model in before}, before
        )
        self.assertEqual(wizard.state, "preview")
        lines["indicator", self.typed["codice"]].target_date = shifted(
            self.typed["target_n"], "data", 1
        )
        wizard.action_confirm()
        self.assertEqual(
            set(self.cycle_2020().indicator_ids.mapped("code")),
            self.expected()["indicator"],
        )

    def test_only_managers_make_the_next_cycle(self):
        with self.assertRaises(AccessError):
            self.cycle.with_user(self.office).action_next_cycle()
        wizard = self.open_wizard()
        with self.assertRaises(AccessError):
            wizard.with_user(self.office).action_confirm()
        # the manager of another chamber neither opens it on this cycle nor
        # points a wizard of theirs at it
        other = self.env["res.company"].create({"name": "CCIAA Altra"})
        stranger = new_test_user(
            self.env,
            login="next_cycle_stranger",
            groups="cciaa_performance.group_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        with self.assertRaises(AccessError):
            self.cycle.with_user(stranger).action_next_cycle()
        with self.assertRaises(AccessError):
            wizard.with_user(stranger).action_confirm()
        self.assertFalse(self.cycle_2020())
