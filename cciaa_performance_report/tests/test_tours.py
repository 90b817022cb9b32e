"""The OIV's flow in a real browser (Odoo UI tour, headless Chromium), on the
2019 cycle with its Relazione approved; Italian UI, one user of the OIV group.
The shared tour machinery is cciaa_performance's (tests/test_tours.py)."""

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.cciaa_performance.models.guard import trusted
from odoo.addons.cciaa_performance.tests import test_tours as base

from .common import CONTEXT_2019


@tagged("post_install", "-at_install")
class TestTours(base.CciaaTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cycle = cls.import_2019()
        cls.chamber = cls.cycle.company_id
        cls.cycle.action_open_relazione()
        cls.relazione = cls.cycle.relazione_ids
        cls.relazione._load_context_folder(CONTEXT_2019)
        cls.relazione.action_approve()  # by the Giunta
        # the OIV validates a closed cycle; the data set leaves it in progress
        trusted(cls.cycle).write({"state": "closed"})

    def test_oiv_validates_and_cannot_change_the_figures(self):
        """Checklist A–K and outcome recorded; measurements and results stay
        out of the OIV's reach."""
        oiv = self.tour_user("tour_oiv", "group_oiv")
        # the Giunta's approval asks the OIV of the chamber for its validation:
        # approved again now that the tour's OIV exists, it finds the activity
        self.relazione.action_reset_draft()
        self.relazione.action_approve()
        Activity = self.env["mail.activity"]
        asked = self.env.ref(
            "cciaa_performance_report.mail_activity_type_relazione_validate"
        )
        to_validate = [
            ("res_model", "=", self.relazione._name),
            ("res_id", "=", self.relazione.id),
            ("activity_type_id", "=", asked.id),
            ("user_id", "=", oiv.id),
        ]
        self.assertEqual(Activity.search_count(to_validate), 1)
        validation = self.relazione.validation_id
        Item = self.env["cciaa.performance.oiv.validation.item"]
        Validation = self.env["cciaa.performance.oiv.validation"]
        outcome = Validation._fields["outcome"].selection[0][0]  # VALIDA
        assessment = Item._fields["outcome"].selection[0][0]  # compliant
        today = fields.Datetime.context_timestamp(oiv, fields.Datetime.now())
        signatory = "Organismo Indipendente di Valutazione"
        items = [
            {
                "letter": item.letter,
                "evidence": f"Elemento {item.letter} verificato sulla Relazione.",
                "outcome": assessment,
            }
            for item in validation.item_ids
        ]
        self.tour_params(
            oiv,
            "cciaa_oiv_tour",
            {
                "relazione": self.relazione.display_name,
                "items": items,
                "outcome": outcome,
                "date": today.strftime(self.lang.date_format),
                "signatory": signatory,
            },
        )

        self.start_tour("/odoo", "cciaa_oiv_tour", login=oiv.login, timeout=240)
        # recording the validation did the OIV's activity
        self.assertFalse(Activity.search_count(to_validate))

        self.assertEqual(validation.state, "done")
        self.assertEqual(validation.user_id, oiv)
        self.assertEqual(validation.outcome, outcome)
        self.assertEqual(validation.signatory, signatory)
        self.assertEqual(validation.date, today.date())
        self.assertEqual(
            validation.item_ids.mapped("evidence"), [i["evidence"] for i in items]
        )
        self.assertEqual(set(validation.item_ids.mapped("outcome")), {assessment})
        self.assertEqual(self.cycle.state, "validated")
        # what the OIV validated is out of its reach
        for model, field in (
            ("cciaa.performance.measurement", "note"),
            ("cciaa.performance.result", "score"),
        ):
            record = self.env[model].search([("cycle_id", "=", self.cycle.id)], limit=1)
            with self.subTest(model=model), self.assertRaises(AccessError):
                record.with_user(oiv).write({field: record[field]})
