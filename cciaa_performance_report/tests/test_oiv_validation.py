from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.cciaa_performance.models.guard import trusted

from .common import Relazione2019Case


@tagged("post_install", "-at_install")
class TestOivValidation(Relazione2019Case):
    """Only the OIV writes the validation, whatever the client; its outcome
    moves the Relazione and the cycle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the OIV validates a closed cycle (cycle._mark_validated); the data
        # set leaves it in progress with its campaigns closed
        if cls.cycle.state == "active":
            trusted(cls.cycle.sudo()).write({"state": "closed"})
        cls.relazione.action_approve()
        cls.validation = cls.relazione.validation_id
        cls.oiv = cls.user("oiv_h4", "group_oiv")
        cls.others = {
            "sg": cls.user("sg_h4", "group_sg"),
            "manager": cls.user("manager_h4", "group_manager"),
            "office": cls.user("office_h4", "group_office_user"),
            "hr": cls.user("hr_h4", "group_hr"),
        }

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
                if name == "office":  # reads it only once the OIV validated
                    with self.assertRaises(AccessError):
                        validation.read(["outcome", "item_ids"])
                else:
                    validation.read(["outcome", "item_ids"])
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

    # -- security: states, freeze, fixed checklist, escaping -------------------

    def validate(self):
        validation = self.fill()
        validation.action_validate()
        return validation

    def test_state_never_written_by_a_client(self):
        """Neither sudo nor a forged context writes a state: only the actions."""
        manager = self.others["manager"]
        forged = {"cciaa_trusted": True, "anything": True}
        for env_records in (
            self.relazione.with_user(manager),
            self.relazione.with_user(manager).with_context(**forged),
            self.relazione.sudo(),
            self.relazione.sudo().with_context(**forged),
        ):
            with self.subTest(records=env_records.env.context):
                with self.assertRaises(UserError):
                    env_records.write({"state": "validated"})
        for env_records in (
            self.validation.with_user(self.oiv).with_context(**forged),
            self.validation.sudo(),
            self.validation.sudo().with_context(**forged),
        ):
            with self.assertRaises(UserError):
                env_records.write({"state": "done"})
            with self.assertRaises(UserError):
                env_records.write({"user_id": self.oiv.id})
        Relazione = (
            self.env["cciaa.performance.relazione"].sudo().with_context(**forged)
        )
        with self.assertRaises(UserError):
            Relazione.create({"cycle_id": self.cycle.id, "state": "published"})
        self.assertEqual(self.relazione.state, "approved")
        self.assertEqual(self.validation.state, "draft")

    def test_validated_relazione_frozen_and_kept(self):
        validation = self.validate()
        forged = {"anything": True, "cciaa_trusted": True}
        for relazione in (
            self.relazione.sudo(),
            self.relazione.sudo().with_context(**forged),
        ):
            with self.assertRaises(UserError):
                relazione.write({"president_name": "Altro"})
            with self.assertRaises(UserError):
                relazione.write({"transmitted_by": "Altro"})
            with self.assertRaises(UserError):
                relazione.unlink()
        for record in (validation.sudo(), validation.sudo().with_context(**forged)):
            with self.assertRaises(UserError):
                record.write({"observations": "riscritto"})
            with self.assertRaises(UserError):
                record.item_ids[:1].write({"evidence": "riscritto"})
            with self.assertRaises(UserError):
                record.item_ids[:1].unlink()
            with self.assertRaises(UserError):
                record.unlink()
        with self.assertRaises(UserError):
            validation.with_context(**forged).write({"observations": "riscritto"})
        # publishing (its action) still works, and the published one is kept too
        self.relazione.action_publish()
        self.assertEqual(self.relazione.state, "published")
        with self.assertRaises(UserError):
            self.relazione.sudo().unlink()
        with self.assertRaises(UserError):
            self.validation.sudo().unlink()
        self.assertTrue(self.relazione.exists() and self.validation.exists())

    def test_checklist_text_fixed(self):
        validation = self.validation.with_user(self.oiv)
        item = validation.item_ids[:1]
        text = item.name
        for record in (item, item.with_context(anything=True), item.sudo()):
            with self.assertRaises(UserError):
                record.write({"name": "Domanda riscritta"})
            with self.assertRaises(UserError):
                record.write({"letter": "B"})
        with self.assertRaises(UserError):
            item.unlink()
        with self.assertRaises(UserError):
            self.env["cciaa.performance.oiv.validation.item"].with_user(
                self.oiv
            ).create({"validation_id": validation.id, "letter": "A", "name": "x"})
        # the evaluation is the OIV's
        item.write({"evidence": "Verificato.", "outcome": "ok"})
        self.assertEqual(item.name, text)
        self.assertEqual(item.outcome, "ok")

    def test_observations_escaped_in_the_html(self):
        payload = '<img src="http://127.0.0.1:9/x">'
        validation = self.fill("valida_osservazioni", payload)
        validation.item_ids[:1].evidence = "<script>alert(1)</script>"
        validation.action_validate()
        html = self.render_html()
        self.assertNotIn(payload, html)
        self.assertNotIn("<script>alert(1)", html)
        self.assertIn("&lt;img src=&#34;http://127.0.0.1:9/x&#34;&gt;", html)
        self.assertNotIn('http://127.0.0.1:9/x"', html)

    def test_narrative_loads_no_remote_resource(self):
        self.relazione.action_reset_draft()
        self.relazione.write(
            {
                "section_premessa": '<p>Premessa<img src="http://127.0.0.1:9/p">'
                '<span style="background-image: url(http://127.0.0.1:9/s)">x</span>'
                "</p>"
            }
        )
        html = self.render_html()
        self.assertIn("Premessa", html)
        self.assertNotIn("127.0.0.1:9", html)

    def test_xlsx_text_never_a_formula(self):
        import io
        import zipfile

        import xlsxwriter

        provider = self.env["report.cciaa_performance_report.report_relazione_xlsx"]
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
        payload = '=HYPERLINK("http://127.0.0.1:9/x","y")'
        provider._write_sheet(
            workbook,
            provider._formats(workbook),
            "Test",
            [("text", "@header", 20, "text"), ("n", "+n", 10, "number")],
            [{"text": payload, "n": "-1+2"}, {"text": "+1", "n": 3}],
        )
        workbook.close()
        with zipfile.ZipFile(io.BytesIO(stream.getvalue())) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode()
            strings = archive.read("xl/sharedStrings.xml").decode()
        self.assertNotIn("<f>", sheet)
        self.assertIn("HYPERLINK", strings)
        self.assertIn("@header", strings)

    def test_reopened_validation_frees_cycle_and_relazione(self):
        """Only the SG reopens, with a reason; the cycle is in progress again,
        the Relazione approved, the validation to be done again."""
        validation = self.validate()
        self.assertEqual(self.cycle.state, "validated")
        for login in ("manager", "hr"):
            with self.assertRaises(AccessError):
                self.cycle.with_user(self.others[login]).action_reopen_validation(
                    "Errore"
                )
        self.cycle.with_user(self.others["sg"]).action_reopen_validation(
            "Errore nel dato di un indicatore"
        )
        self.assertEqual(self.cycle.state, "active")
        self.assertEqual(self.relazione.state, "approved")
        self.assertEqual(validation.state, "draft")
