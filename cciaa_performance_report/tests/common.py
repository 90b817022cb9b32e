import json
import os

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from ..report import formats

HERE = os.path.dirname(__file__)
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
DATASET_2019 = os.path.join(REPO, "data", "massa_carrara_2019")
CONTEXT_2019 = os.path.join(DATASET_2019, "relazione")
REFERENCE = os.path.join(HERE, "reference")


def reference(name):
    """A verified transcription of the 2019 document (copied from
    ../shared/reference): expected figures are read here, never typed."""
    with open(os.path.join(REFERENCE, name), encoding="utf-8") as handle:
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

    def checks(self):
        return {c["code"]: c for c in self.prepared()["checks"]}

    @classmethod
    def render_html(cls):
        html, _fmt = cls.env["ir.actions.report"]._render_qweb_html(
            "cciaa_performance_report.action_report_relazione", cls.relazione.ids
        )
        return html.decode()

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
