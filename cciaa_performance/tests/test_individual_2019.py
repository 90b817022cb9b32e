import datetime

from odoo.tests import TransactionCase, tagged

from ..engine import round_half_up
from .common import DATASET_2019, reference

INDIVIDUAL = reference("individual.json")


def _holders():
    """(matricola in the data set, printed objectives) of the SG and each P.O."""
    yield "SG", INDIVIDUAL["sg"]["objectives"]
    for po in INDIVIDUAL["po"]:
        yield po["code"].replace(" ", ""), po["objectives"]


@tagged("post_install", "-at_install")
class TestIndividual2019(TransactionCase):
    """The 2019 data set imported through the wizard: section 4 of the
    Relazione reproduced from the stored results, with the two phases of the
    reorganisation of 20 May 2019. Expected figures come from
    reference/individual.json of these tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.cycle = cls.env["cciaa.performance.cycle"]._import_dataset_path(
            DATASET_2019
        )
        cls.cycle.action_recompute()
        cls.schede = {s.employee_id.cciaa_registration: s for s in cls.cycle.scheda_ids}

    def test_every_published_individual_result(self):
        for matricola, objectives in _holders():
            scheda = self.schede[matricola]
            lines = scheda.line_ids.sorted(lambda li: (li.sequence, li.id))
            self.assertEqual(lines.mapped("code"), [o["code"] for o in objectives])
            for line, obj in zip(lines, objectives, strict=True):
                where = f"{matricola} {obj['code']}"
                self.assertTrue(line.evaluable, where)
                if obj["result_kind"] == "date":
                    self.assertEqual(
                        line.result_date,
                        datetime.date.fromisoformat(obj["result"]),
                        where,
                    )
                else:  # stored rounded half-up to 2 decimals (8,3333333 → 8,33)
                    self.assertEqual(
                        line.result_value, round_half_up(obj["result"]), where
                    )
                self.assertEqual(line.achievement, obj["achievement_pct"], where)
                self.assertEqual(line.score, obj["achievement_capped_pct"], where)

    def test_po3_carries_o214c_twice_on_two_units(self):
        po3 = next(p for p in INDIVIDUAL["po"] if p["code"] == "PO 3")
        units = [
            o.get("inferred_unit") for o in po3["objectives"] if o["code"] == "O2.1.4-c"
        ]
        lines = self.schede["PO3"].line_ids.filtered(lambda li: li.code == "O2.1.4-c")
        self.assertEqual(
            sorted(lines.department_id.mapped("cciaa_code")), sorted(units)
        )
        self.assertEqual(
            sorted(lines.mapped("result_date")),
            sorted(
                datetime.date.fromisoformat(o["result"])
                for o in po3["objectives"]
                if o["code"] == "O2.1.4-c"
            ),
        )

    def test_section_4_summary_counts(self):
        summary = self.cycle._individual_summary()
        expected = INDIVIDUAL["summary"]["normalized"]
        for key in ("dirigenti", "po"):
            got, want = summary[key], expected[key]
            self.assertEqual(got["reached"], want["reached"], key)
            self.assertEqual(got["partial"], want["partially_reached"], key)
            self.assertEqual(got["not_reached"], want["not_reached"], key)
            self.assertEqual(got["total"], want["total"], key)
            self.assertEqual(got["reached_pct"], want["reached_pct"], key)
            self.assertEqual(got["partial_pct"], want["partially_reached_pct"], key)
            self.assertEqual(got["not_reached_pct"], want["not_reached_pct"], key)
        printed = {s["registration"]: s for s in summary["schede"]}
        for matricola, objectives in _holders():
            rows = printed[matricola]["rows"]
            self.assertEqual([r["code"] for r in rows], [o["code"] for o in objectives])

    def test_final_scores_over_the_two_phases_of_the_reorganisation(self):
        """Each scheda has the two phases of its holder's assignments (before and
        after 20 May 2019); the SG's scope is the whole entity, so both of his
        phases carry all 8 rows; the day-weighted score is the published 100."""
        assignments = self.env["cciaa.performance.assignment"].search(
            [("employee_id", "in", self.cycle.scheda_ids.employee_id.ids)]
        )
        reorganisation = max(assignments.mapped("date_from"))
        for matricola, objectives in _holders():
            scheda = self.schede[matricola]
            expected = min(o["achievement_capped_pct"] for o in objectives)
            self.assertEqual(scheda.final_score, expected, matricola)
            self.assertFalse(scheda.final_reason, matricola)
            phases = scheda.phase_data
            self.assertEqual(len(phases), 2, matricola)
            self.assertEqual(phases[1]["from"], reorganisation.strftime("%d/%m/%Y"))
            days = sum(p["days"] for p in phases)
            self.assertEqual(
                days, (datetime.date(2019, 12, 31) - datetime.date(2019, 1, 1)).days + 1
            )
            self.assertIn(phases[1]["unit"], scheda.explanation_html)
        sg = self.schede["SG"].phase_data
        self.assertEqual(
            [len(p["rows"]) for p in sg], [len(INDIVIDUAL["sg"]["objectives"])] * 2
        )
        self.assertEqual([p["score"] for p in sg], [100.0, 100.0])

    def test_2019_schede_go_through_the_workflow(self):
        """Equal weights per phase sum to 100: every imported scheda can be
        assigned; the SG's is evaluated on the OIV's proposal."""
        schede = self.cycle.scheda_ids.sudo()
        schede.action_assign()
        schede.action_acknowledge()
        sg = self.schede["SG"].sudo()
        sg.oiv_proposal_by = "OIV"
        schede.action_evaluate()
        self.assertEqual(set(schede.mapped("state")), {"evaluated"})
        for matricola, objectives in _holders():
            self.assertEqual(
                self.schede[matricola].final_score,
                min(o["achievement_capped_pct"] for o in objectives),
            )
