"""The Relazione's hand-offs (the list of every hand-off and its XML ids:
cciaa_performance/tests/test_activities.py)."""

from odoo.tests import tagged

from odoo.addons.cciaa_performance.models.guard import trusted

from .common import Relazione2019Case

PREFIX = "cciaa_performance_report.mail_activity_type_"


@tagged("post_install", "-at_install")
class TestRelazioneActivities(Relazione2019Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.cycle.state == "active":
            trusted(cls.cycle.sudo()).write({"state": "closed"})
        cls.oiv = cls.user("oiv_h5", "group_oiv")
        cls.manager = cls.user("manager_h5", "group_manager")
        cls.sg = cls.user("sg_h5", "group_sg")
        cls.hr = cls.user("hr_h5", "group_hr")

    def activities(self, name, done=None):
        domain = [
            ("res_model", "=", self.relazione._name),
            ("res_id", "=", self.relazione.id),
            ("activity_type_id", "=", self.env.ref(PREFIX + name).id),
        ]
        if done is not None:
            domain.append(("active", "=", not done))
        return self.env["mail.activity"].with_context(active_test=False).search(domain)

    def assertHandedTo(self, name, users):
        open_ = self.activities(name, done=False)
        self.assertEqual(open_.user_id, users, name)
        self.assertEqual(len(open_), len(users), name)
        template = self.env.ref(f"cciaa_performance_report.mail_template_{name}")
        subject = template._render_field("subject", self.relazione.ids)[
            self.relazione.id
        ]
        messages = self.relazione.message_ids.filtered(lambda m: m.subject == subject)
        self.assertLessEqual(users.partner_id, messages.partner_ids, name)

    def assertDone(self, name):
        activities = self.activities(name)
        self.assertTrue(activities, name)
        self.assertFalse(activities.filtered("active"), name)
        self.assertTrue(all(activities.mapped("date_done")), name)

    def test_approval_hands_off_to_the_oiv_then_to_the_manager_and_hr(self):
        relazione = self.relazione.with_user(self.manager)
        relazione.action_approve()
        self.assertHandedTo("relazione_validate", self.oiv)
        # the approval taken back and given again: still one validation asked
        relazione.action_reset_draft()
        self.assertFalse(self.activities("relazione_validate"))
        relazione.action_approve()
        self.assertHandedTo("relazione_validate", self.oiv)
        self.fill("valida").action_validate()
        self.assertDone("relazione_validate")
        self.assertEqual(self.relazione.state, "validated")
        # the manager publishes (not the SG, who holds every group)
        self.assertHandedTo("relazione_publish", self.manager)
        # HR confirms the fund of the validated cycle
        fund_type = self.env.ref(
            "cciaa_performance.mail_activity_type_cycle_fund_confirm"
        )
        self.assertEqual(
            self.cycle.activity_ids.filtered(
                lambda a: a.activity_type_id == fund_type
            ).user_id,
            self.hr,
        )
        relazione.action_publish()
        self.assertDone("relazione_publish")
        self.assertFalse(self.relazione.activity_ids)

    def test_a_reopened_validation_asks_the_oiv_again(self):
        self.relazione.with_user(self.manager).action_approve()
        self.fill("valida").action_validate()
        self.assertHandedTo("relazione_publish", self.manager)
        self.cycle.with_user(self.sg).action_reopen_validation("Dato errato in 3.2")
        # nothing to publish, nor premiums to confirm: the OIV validates again
        self.assertFalse(self.activities("relazione_publish"))
        self.assertHandedTo("relazione_validate", self.oiv)
        self.assertEqual(len(self.activities("relazione_validate")), 2)
        fund_type = self.env.ref(
            "cciaa_performance.mail_activity_type_cycle_fund_confirm"
        )
        self.assertFalse(
            self.cycle.activity_ids.filtered(lambda a: a.activity_type_id == fund_type)
        )

    def test_non_valida_hands_back_to_the_manager(self):
        relazione = self.relazione.with_user(self.manager)
        relazione.action_approve()
        self.fill("non_valida", "Dati non verificabili.").action_validate()
        self.assertDone("relazione_validate")
        self.assertEqual(self.relazione.state, "draft")
        self.assertHandedTo("relazione_correct", self.manager)
        self.assertFalse(self.activities("relazione_publish"))
        # corrected and approved again: the OIV is asked once more
        relazione.action_approve()
        self.assertDone("relazione_correct")
        self.assertHandedTo("relazione_validate", self.oiv)
        self.assertEqual(len(self.activities("relazione_validate")), 2)

    def test_the_templates_speak_italian(self):
        self.env["res.lang"]._activate_lang("it_IT")
        self.env["ir.module.module"]._load_module_terms(
            ["cciaa_performance_report"], ["it_IT"], overwrite=True
        )
        for name in ("relazione_validate", "relazione_publish", "relazione_correct"):
            template = self.env.ref(f"cciaa_performance_report.mail_template_{name}")
            with self.subTest(template=name):
                rendered = {
                    lang: template.with_context(lang=lang)._render_field(
                        "body_html", self.relazione.ids
                    )[self.relazione.id]
                    for lang in ("it_IT", "en_US")
                }
                self.assertNotEqual(rendered["it_IT"], rendered["en_US"])
                self.assertIn(self.relazione.name, rendered["it_IT"])
                activity_type = self.env.ref(PREFIX + name)
                self.assertNotEqual(
                    activity_type.with_context(lang="it_IT").name,
                    activity_type.with_context(lang="en_US").name,
                )
