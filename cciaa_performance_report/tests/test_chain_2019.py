"""The whole chain on the real 2019 cycle, as the roles walk it over HTTP in
Italian (issue 10, docs/SECURITY.md): the office enters, the P.O. confirms,
the manager closes, the SG evaluates the P.O., the Giunta approves, the OIV
validates, HR confirms and pays. Each shortcut on the way is refused with an
Italian sentence; after the validation nothing changes."""

import datetime

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.translate import code_translations

from odoo.addons.cciaa_performance.tests.rpc_common import OK, REFUSED, RpcMixin

from .common import Relazione2019Case

LANG = "it_IT"
MODULES = ["cciaa_performance", "cciaa_performance_report"]


@tagged("post_install", "-at_install")
class TestChain2019(RpcMixin, HttpCase, Relazione2019Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang(LANG)
        env["ir.module.module"]._load_module_terms(MODULES, [LANG])
        company = cls.cycle.company_id
        Employee = env["hr.employee"].with_context(active_test=False)

        def user(login, group, registration=None):
            new = new_test_user(
                env,
                login=login,
                groups=f"cciaa_performance.{group}",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                lang=LANG,
            )
            if registration:
                Employee.search(
                    [
                        ("company_id", "=", company.id),
                        ("cciaa_registration", "=", registration),
                    ]
                ).user_id = new
            return new

        for login, group, registration in (
            ("sg_c", "group_sg", "SG"),
            ("po2_c", "group_po", "PO2"),
            ("po3_c", "group_po", "PO3"),
            ("po4_c", "group_po", "PO4"),
            ("po5_c", "group_po", "PO5"),
            ("manager_c", "group_manager", None),
            ("hr_c", "group_hr", None),
            ("oiv_c", "group_oiv", None),
            ("office_c", "group_office_user", None),
        ):
            user(login, group, registration)
        # an office worker of the Servizio S2 (the data set lists only its heads)
        cls.s2 = env["hr.department"].search(
            [("company_id", "=", company.id), ("cciaa_code", "=", "S2")]
        )
        clerk = Employee.create(
            {
                "name": "Addetto del Servizio S2",
                "company_id": company.id,
                "user_id": env["res.users"].search([("login", "=", "office_c")]).id,
            }
        )
        env["cciaa.performance.assignment"].create(
            {
                "employee_id": clerk.id,
                "department_id": cls.s2.id,
                "date_from": datetime.date(2019, 1, 1),
            }
        )
        Measurement = env["cciaa.performance.measurement"]
        in_q3 = [("cycle_id", "=", cls.cycle.id), ("quarter", "=", "3")]
        cls.m_s2 = Measurement.search([*in_q3, ("department_id", "=", cls.s2.id)])[:1]
        cls.m_s3 = Measurement.search(
            [*in_q3, ("department_id.cciaa_code", "=", "S3")]
        )[:1]
        cls.q3 = cls.cycle.campaign_ids.filtered(lambda c: c.quarter == "3")
        cls.schede_po = env["cciaa.performance.scheda"].search(
            [("cycle_id", "=", cls.cycle.id), ("category", "=", "po")]
        )

    # -- helpers -------------------------------------------------------------

    def ok(self, login, model, method, *args, **kwargs):
        outcome, result = self.call(login, model, method, *args, **kwargs)
        self.assertEqual(outcome, OK, f"{login} {model}.{method}: {result}")
        return result

    def create_as(self, login, model, vals):
        """The id of the record ``login`` creates (create answers a list)."""
        (new_id,) = self.ok(login, model, "create", [vals])
        return new_id

    def refused(self, login, model, method, *args, italian=None):
        """Refused; with ``italian``, the English source of the message, the
        refusal is in Italian (its text up to the first placeholder)."""
        outcome, why = self.call(login, model, method, *args)
        self.assertEqual(outcome, REFUSED, f"{login} {model}.{method} went through")
        if italian:
            translated = code_translations.get_python_translations(
                "cciaa_performance", LANG
            ).get(italian) or code_translations.get_python_translations(
                "cciaa_performance_report", LANG
            ).get(italian)
            self.assertTrue(translated, f"no Italian for {italian!r}")
            self.assertNotEqual(translated, italian)
            self.assertIn(translated.split("%(")[0], why)
        return why

    def ente(self):
        return self.Result.search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("quarter", "=", 3),
                ("level", "=", "ente"),
            ]
        ).score

    # -- the chain -------------------------------------------------------------

    def test_the_chain_as_the_roles_walk_it(self):
        M = "cciaa.performance.measurement"
        self.criticita = self.env["cciaa.performance.criticita"].search(
            [("cycle_id", "=", self.cycle.id)], limit=1
        )
        value = self.m_s2.value
        ente_before = self.ente()

        # the SG reopens the last quadrimester, with a reason, to correct a datum
        wizard = self.create_as(
            "sg_c",
            "cciaa.performance.campaign.reopen",
            {"campaign_id": self.q3.id, "reason": "Verifica di un dato del S2"},
        )
        self.ok("sg_c", "cciaa.performance.campaign.reopen", "action_reopen", [wizard])
        self.assertEqual(self.q3.state, "open")

        # the office enters its Servizio's datum, not another's
        self.ok("office_c", M, "write", self.m_s2.ids, {"value": value, "note": "ok"})
        self.refused("office_c", M, "write", self.m_s3.ids, {"value": 1})
        # the P.O. confirms their Servizio: the datum is locked for the office
        self.create_as(
            "po2_c",
            "cciaa.performance.campaign.confirmation",
            {"campaign_id": self.q3.id, "department_id": self.s2.id},
        )
        self.refused("office_c", M, "write", self.m_s2.ids, {"value": value + 1})
        # only the manager or the SG closes; then the cycle
        self.refused(
            "po2_c",
            "cciaa.performance.campaign",
            "action_close",
            self.q3.ids,
            italian="Only the Segretario Generale or the performance manager opens, "
            "closes and reopens monitoring campaigns.",
        )
        self.ok("manager_c", "cciaa.performance.campaign", "action_close", self.q3.ids)
        self.ok("manager_c", "cciaa.performance.cycle", "action_close", self.cycle.ids)
        self.assertEqual(self.cycle.state, "closed")
        self.refused("office_c", M, "write", self.m_s2.ids, {"value": value + 1})

        # the SG evaluates the P.O.; each P.O. acknowledges only their own scheda
        Scheda = "cciaa.performance.scheda"
        self.ok("sg_c", Scheda, "action_assign", self.schede_po.ids)
        by_login = {
            f"po{scheda.employee_id.cciaa_registration[2:]}_c": scheda
            for scheda in self.schede_po
        }
        other = by_login["po3_c"]
        self.refused("po2_c", Scheda, "action_acknowledge", other.ids)
        for login, scheda in by_login.items():
            self.ok(login, Scheda, "action_acknowledge", scheda.ids)
        self.refused(
            "po2_c",
            Scheda,
            "action_evaluate",
            by_login["po2_c"].ids,
            italian="You cannot assign or evaluate your own scheda.",
        )
        self.ok("sg_c", Scheda, "action_evaluate", self.schede_po.ids)

        # HR simulates the premiums; no confirmation before the OIV's validation
        Fund = "cciaa.performance.incentive.fund"
        fund = self.create_as(
            "hr_c",
            Fund,
            {
                "name": "Premi correlati alla performance 2019",
                "cycle_id": self.cycle.id,
                "amount": 10000.0,
                "quota_pct": 25.0,
                "coefficient_ids": [
                    Command.create({"category": "D", "coefficient": 1})
                ],
            },
        )
        self.ok("hr_c", Fund, "action_simulate", [fund])
        self.refused(
            "hr_c",
            Fund,
            "action_confirm",
            [fund],
            italian="The cycle %(cycle)s is not validated by the OIV yet: premiums "
            "are confirmed only after the validation.",
        )

        # the Giunta's approval, entered by the manager; the OIV validates
        R = "cciaa.performance.relazione"
        r = self.relazione.id
        self.refused(
            "oiv_c", R, "write", [r], {"delibera_number": "1", "delibera_date": "x"}
        )
        self.ok(
            "manager_c",
            R,
            "write",
            [r],
            {"delibera_number": "45", "delibera_date": "2020-06-10"},
        )
        self.ok("manager_c", R, "action_approve", [r])
        validation = self.relazione.validation_id
        self.refused(
            "manager_c",
            "cciaa.performance.oiv.validation",
            "action_validate",
            validation.ids,
        )
        for item in validation.item_ids:
            self.ok(
                "oiv_c",
                "cciaa.performance.oiv.validation.item",
                "write",
                item.ids,
                {"evidence": f"Verificato l'elemento {item.letter}."},
            )
        self.ok(
            "oiv_c",
            "cciaa.performance.oiv.validation",
            "write",
            validation.ids,
            {
                "outcome": "valida",
                "date": "2020-06-15",
                "signatory": "Organismo con funzioni analoghe all'OIV",
            },
        )
        self.ok(
            "oiv_c",
            "cciaa.performance.oiv.validation",
            "action_validate",
            validation.ids,
        )
        self.assertEqual(self.cycle.state, "validated")
        self.assertEqual(self.relazione.state, "validated")

        # after the validation nothing that feeds the figures changes
        target = self.m_s2.indicator_id.target_ids[:1]
        for login, model, method, args in (
            ("office_c", M, "write", [self.m_s2.ids, {"value": value + 1}]),
            (
                "manager_c",
                "cciaa.performance.indicator.target",
                "write",
                [target.ids, {"value": target.value + 1}],
            ),
            (
                "manager_c",
                "cciaa.performance.cycle",
                "action_recompute",
                [[self.cycle.id]],
            ),
            ("sg_c", R, "unlink", [[r]]),
            ("sg_c", "cciaa.performance.cycle", "unlink", [[self.cycle.id]]),
            (
                "sg_c",
                "cciaa.performance.criticita",
                "write",
                [self.criticita.ids, {"actions": "x"}],
            ),
        ):
            with self.subTest(login=login, model=model, method=method):
                self.refused(login, model, method, *args)
        self.assertEqual(self.m_s2.value, value)
        self.assertEqual(self.ente(), ente_before)

        # HR confirms and pays, after the validation
        self.ok("hr_c", Fund, "action_confirm", [fund])
        self.ok("hr_c", Fund, "action_mark_paid", [fund])
        paid = self.env[Fund].browse(fund)
        self.assertEqual(paid.state, "paid")
        self.assertEqual(
            round(sum(paid.allocation_ids.mapped("total_amount")), 2)
            + paid.undistributed_amount,
            paid.amount,
        )
