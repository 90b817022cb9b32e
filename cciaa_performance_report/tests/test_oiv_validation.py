from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import Relazione2019Case


@tagged("post_install", "-at_install")
class TestOivValidation(Relazione2019Case):
    """Only the OIV writes the validation, whatever the client; its outcome
    moves the Relazione and the cycle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.relazione.action_approve()
        cls.validation = cls.relazione.validation_id
        cls.oiv = cls.user("oiv_h4", "group_oiv")
        cls.others = {
            "sg": cls.user("sg_h4", "group_sg"),
            "manager": cls.user("manager_h4", "group_manager"),
            "office": cls.user("office_h4", "group_office_user"),
            "hr": cls.user("hr_h4", "group_hr"),
        }

    def fill(self, outcome="valida", observations=False):
        validation = self.validation.with_user(self.oiv)
        for item in validation.item_ids:
            item.evidence = f"Verificato l'elemento {item.letter}."
        validation.write(
            {
                "outcome": outcome,
                "date": "2020-06-15",
                "signatory": "Organismo con funzioni analoghe all'OIV",
                "observations": observations,
            }
        )
        return validation

    def test_checklist_a_to_k(self):
        self.assertEqual(self.validation.item_ids.mapped("letter"), list("ABCDEFGHIJK"))

    def test_oiv_writes_its_record_only(self):
        validation = self.validation.with_user(self.oiv)
        validation.item_ids[:1].evidence = "Coerenza con il Piano verificata."
        validation.signatory = "OIV"
        self.assertIn(
            "Coerenza con il Piano verificata.",
            validation.message_ids.mapped("body")[0],
        )
        with self.assertRaises(AccessError):
            self.relazione.with_user(self.oiv).write({"transmitted_by": "OIV"})
        with self.assertRaises(AccessError):
            self.cycle.with_user(self.oiv).write({"tolerance": 80})
        with self.assertRaises(AccessError):
            self.relazione.staff_line_ids[:1].with_user(self.oiv).write({"count": 1})
        with self.assertRaises(AccessError):
            self.relazione.with_user(self.oiv).action_approve()

    def test_nobody_else_writes_it(self):
        for name, user in self.others.items():
            with self.subTest(user=name):
                validation = self.validation.with_user(user)
                validation.read(["outcome", "item_ids"])  # everybody reads it
                with self.assertRaises(AccessError):
                    validation.write({"signatory": name})
                with self.assertRaises(AccessError):
                    validation.item_ids[:1].write({"evidence": name})
                with self.assertRaises(AccessError):
                    validation.action_validate()
                with self.assertRaises(AccessError):
                    self.env["cciaa.performance.oiv.validation"].with_user(user).create(
                        {"relazione_id": self.relazione.id}
                    )

    def test_valida_validates_the_cycle(self):
        validation = self.fill()
        validation.action_validate()
        self.assertEqual(self.validation.state, "done")
        self.assertEqual(self.relazione.state, "validated")
        self.assertEqual(self.cycle.state, "validated")
        with self.assertRaises(UserError):  # AccessError is a UserError
            validation.write({"signatory": "altro"})
        self.relazione.action_publish()
        self.assertEqual(self.relazione.state, "published")

    def test_valida_con_osservazioni(self):
        validation = self.fill("valida_osservazioni")
        with self.assertRaises(UserError):
            validation.action_validate()  # observations required
        validation.observations = "Migliorare gli indicatori di outcome."
        validation.action_validate()
        self.assertEqual(self.cycle.state, "validated")

    def test_non_valida_sends_back_to_draft(self):
        validation = self.fill("non_valida", "Dati non affidabili.")
        validation.action_validate()
        self.assertEqual(self.relazione.state, "draft")
        self.assertNotEqual(self.cycle.state, "validated")

    def test_evidence_required(self):
        validation = self.fill()
        validation.item_ids[:1].evidence = False
        with self.assertRaises(UserError):
            validation.action_validate()

    def test_only_an_approved_relazione(self):
        self.relazione.action_reset_draft()
        validation = self.fill()
        with self.assertRaises(UserError):
            validation.action_validate()

    def test_state_not_written_directly(self):
        with self.assertRaises(UserError):
            self.relazione.with_user(self.others["manager"]).write(
                {"state": "validated"}
            )
        with self.assertRaises(UserError):
            self.validation.with_user(self.oiv).write({"state": "done"})
