import json
import os
import re

from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tools.misc import file_path

from ..report import formats

# The 2019 data set and the reference JSON it shares with the base addon live in
# the base addon (a dependency, so installed wherever this one is); this addon's
# own tests/reference/ holds only the files nobody else reads.
DATASET_2019 = file_path("cciaa_performance/datasets/massa_carrara_2019")
CONTEXT_2019 = os.path.join(DATASET_2019, "relazione")
REFERENCE = os.path.join(os.path.dirname(__file__), "reference")
SHARED_REFERENCE = "cciaa_performance/tests/reference"


def reference(name):
    """A verified transcription of the 2019 document (copied
    unchanged, docs/RULES.md): expected figures are read here, never typed.
    This addon's own file if it has one, else the base addon's."""
    path = os.path.join(REFERENCE, name)
    if not os.path.isfile(path):
        path = file_path(f"{SHARED_REFERENCE}/{name}", filter_ext=(".json",))
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


class Relazione2019Case(TransactionCase):
    """The real 2019 cycle imported, recomputed, with its Relazione and the
    context data of the data set (staff, budget, gender, phases, narrative)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.cycle = cls.env["cciaa.performance.cycle"]._import_dataset_path(
            DATASET_2019
        )
        cls.cycle.action_open_relazione()
        cls.relazione = cls.env["cciaa.performance.relazione"].search(
            [("cycle_id", "=", cls.cycle.id)]
        )
        cls.relazione._load_context_folder(CONTEXT_2019)
        cls.provider = cls.env["report.cciaa_performance_report.report_relazione"]
        cls.Result = cls.env["cciaa.performance.result"]

    def stored(self, level, code, unit=None):
        return self.Result.search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("quarter", "=", 3),
                ("level", "=", level),
                ("code", "=", code),
                ("unit_code", "=", unit or False),
            ]
        )

    def prepared(self):
        return self.provider._prepare(self.relazione)

    def fill(self, outcome="valida", observations=False):
        """The OIV (``self.oiv``) fills the validation of the Relazione: every
        checklist item with its evidence, the outcome, date and signatory."""
        validation = self.relazione.validation_id.with_user(self.oiv)
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

    def checks(self):
        return {c["code"]: c for c in self.prepared()["checks"]}

    @classmethod
    def render_html(cls):
        html, _fmt = cls.env["ir.actions.report"]._render_qweb_html(
            "cciaa_performance_report.action_report_relazione", cls.relazione.ids
        )
        return html.decode()

    @classmethod
    def refresh_schede(cls):
        """The figures of the individual schede read from the stored results
        (what their assignment does): the import leaves them empty."""
        cls.env["cciaa.performance.scheda"].search(
            [("cycle_id", "=", cls.cycle.id)]
        )._refresh_results()

    @classmethod
    def premium_fund(cls):
        """The four P.O. of the data set evaluated and their premiums
        simulated from a fund (HR's workflow); confirming it needs the cycle
        validated by the OIV."""
        schede = cls.env["cciaa.performance.scheda"].search(
            [("cycle_id", "=", cls.cycle.id), ("category", "=", "po")]
        )
        schede.action_assign()
        schede.action_acknowledge()
        schede.action_evaluate()
        fund = cls.env["cciaa.performance.incentive.fund"].create(
            {
                "name": "Premi correlati alla performance 2019",
                "cycle_id": cls.cycle.id,
                "amount": 10000.0,
                "quota_pct": 25.0,  # one of the four gets the maggiorazione
                "coefficient_ids": [
                    Command.create({"category": "D", "coefficient": 1})
                ],
            }
        )
        fund.action_simulate()
        return fund

    @classmethod
    def personal_identifiers(cls):
        """(names, matricole) of the chamber's people, leavers too, from the
        database; a matricola that is also a unit code ("SG") is a code."""
        employees = (
            cls.env["hr.employee"]
            .with_context(active_test=False)
            .search([("company_id", "=", cls.cycle.company_id.id)])
        )
        codes = set(
            cls.env["hr.department"]
            .with_context(active_test=False)
            .search([])
            .mapped("cciaa_code")
        )
        names = {e.name for e in employees if e.name}
        registrations = {
            e.cciaa_registration for e in employees if e.cciaa_registration
        }
        return names, registrations - codes

    def signatories(self):
        """Where the Relazione legitimately prints a name: its signatures."""
        return [
            ("IL SEGRETARIO GENERALE", self.relazione.secretary_name),
            ("IL PRESIDENTE", self.relazione.president_name),
        ]

    def assertNamesNobody(self, text, signatories=()):  # noqa: N802 (unittest style)
        """No name nor matricola of an employee in ``text``; a signatory of
        the document (the SG signs it) only in its signature."""
        names, registrations = self.personal_identifiers()
        self.assertGreater(len(names), 30)  # the 2019 staff is there to look for
        for label, name in signatories:
            text = text.replace(f"{label} {name}", label)
        for name in names:
            self.assertNotIn(name, text)
        for registration in registrations:
            self.assertNotRegex(text, rf"\b{re.escape(registration)}\b")

    @classmethod
    def user(cls, login, *groups):
        return new_test_user(
            cls.env,
            login=login,
            groups=",".join(f"cciaa_performance.{g}" for g in groups),
            company_id=cls.cycle.company_id.id,
            company_ids=[Command.set(cls.cycle.company_id.ids)],
        )


pct = formats.pct
pct1 = formats.pct1
