"""Who reads the Relazione, over real HTTP as each role (issue 10 item 6):
before the OIV's validation only the manager, the SG, HR and the OIV; office
users and P.O. once it is validated or published. What anybody reads names
nobody: no employee of the 2019 data set in the HTML nor in the workbook."""

import io

import openpyxl

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.cciaa_performance.models.guard import trusted
from odoo.addons.cciaa_performance.tests.rpc_common import OK, REFUSED, RpcMixin

from .common import Relazione2019Case
from .html_tools import plain

ROLES = {
    "office_priv": "group_office_user",
    "po_priv": "group_po",
    "manager_priv": "group_manager",
    "sg_priv": "group_sg",
    "hr_priv": "group_hr",
    "oiv_priv": "group_oiv",
}
READS_DRAFTS = {"manager_priv", "sg_priv", "hr_priv", "oiv_priv"}
PUBLIC_STATES = ("validated", "published")
STATES = ("draft", "approved", *PUBLIC_STATES)
HTML = "/report/html/cciaa_performance_report.report_relazione/%s"
XLSX = "/report/xlsx/cciaa_performance_report.report_relazione_xlsx/%s"


@tagged("post_install", "-at_install")
class TestPrivacyRpc(RpcMixin, HttpCase, Relazione2019Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for login, group in ROLES.items():
            cls.user(login, group)
        cls.relazione.action_run_checks()
        cls.refresh_schede()
        # premiums confirmed once the OIV validated the cycle: the workbook
        # then has a distribution to print
        fund = cls.premium_fund()
        trusted(cls.cycle).write({"state": "validated"})
        fund.action_confirm()
        validation = cls.relazione.validation_id
        # the Relazione and each of its children, read by id
        cls.records = [
            ("cciaa.performance.relazione", cls.relazione.ids),
            ("cciaa.performance.relazione.phase", cls.relazione.phase_ids.ids),
            (
                "cciaa.performance.relazione.staff.line",
                cls.relazione.staff_line_ids.ids,
            ),
            (
                "cciaa.performance.relazione.budget.line",
                cls.relazione.budget_line_ids.ids,
            ),
            (
                "cciaa.performance.relazione.gender.line",
                cls.relazione.gender_line_ids.ids,
            ),
            ("cciaa.performance.relazione.check", cls.relazione.check_ids.ids),
            ("cciaa.performance.oiv.validation", validation.ids),
            ("cciaa.performance.oiv.validation.item", validation.item_ids.ids),
        ]

    def set_state(self, state):
        trusted(self.relazione.sudo()).write({"state": state})
        self.env.flush_all()

    def get(self, login, url):
        """``url`` as ``login``: the HTTP status and the body."""
        self.authenticate(login, login)
        self._rpc_login = login  # the RPC calls of the mixin share the session
        with mute_logger("odoo.http"):
            response = self.url_open(url % self.relazione.id, timeout=120)
        return response.status_code, response.content

    @staticmethod
    def expected(login, state):
        return OK if state in PUBLIC_STATES or login in READS_DRAFTS else REFUSED

    def test_reading_by_role_and_state(self):
        for state in STATES:
            self.set_state(state)
            with self.subTest(state=state):
                self.assertTrue(all(ids for _model, ids in self.records))
                self.check_table(
                    [
                        (login, model, "read", [ids, ["id"]], {}, expected)
                        for login in ROLES
                        for expected in [self.expected(login, state)]
                        for model, ids in self.records
                    ]
                )

    def test_printing_a_draft_by_role(self):
        self.set_state("draft")
        for login in ROLES:
            allowed = self.expected(login, "draft") == OK
            for url in (HTML, XLSX):
                with self.subTest(login=login, url=url):
                    status, body = self.get(login, url)
                    self.assertEqual(status, 200 if allowed else 403)
                    if not allowed:  # the refusal names the Relazione
                        self.assertIn(
                            f"{self.relazione.display_name} is not validated by "
                            "the OIV yet",
                            body.decode(),
                        )

    def test_what_an_office_user_reads_names_nobody(self):
        self.set_state("validated")
        status, html = self.get("office_priv", HTML)
        self.assertEqual(status, 200)
        text = plain(html.decode())
        self.assertIn("4. Rendicontazione degli obiettivi individuali", text)
        self.assertIn("Distribuzione dei premi collegati alla performance", text)
        self.assertNamesNobody(text, self.signatories())
        status, content = self.get("office_priv", XLSX)
        self.assertEqual(status, 200)
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        self.assertNotIn("Premi", workbook.sheetnames)
        distribution = list(workbook["Distribuzione premi"].iter_rows(values_only=True))
        self.assertIn("Categoria", [row[0] for row in distribution])
        self.assertNamesNobody(
            " ".join(
                str(value)
                for sheet in workbook
                for row in sheet.iter_rows(values_only=True)
                for value in row
                if value is not None
            )
        )
