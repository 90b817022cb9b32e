import datetime

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..engine import (
    Comparator,
    Measure,
    QuadrimesterValues,
    achievement,
    fmt_pct,
    parametrata,
    row_result,
)
from .common import CciaaCase


@tagged("post_install", "-at_install")
class TestCampaign(CciaaCase):
    """Campaigns: who opens, closes and reopens them; closed means locked for
    every user, every operation, sudo included; P.O. confirmations; rows to
    fill; reminders; closing the cycle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Campaign = cls.env["cciaa.performance.campaign"]
        cls.q1 = Campaign.create({"cycle_id": cls.cycle.id, "quarter": "1"})
        cls.q2 = Campaign.create({"cycle_id": cls.cycle.id, "quarter": "2"})
        cls.q3 = Campaign.create({"cycle_id": cls.cycle.id, "quarter": "3"})
        cls.Measurement = cls.env["cciaa.performance.measurement"]

    def setUp(self):
        super().setUp()
        # what setUpClass created is no news: its pending tracking is done
        self.flush_tracking()

    def tracked(self, record):
        """The record in an environment where the chatter tracks changes."""
        return record.with_env(
            record.env(context=dict(record.env.context, tracking_disable=False))
        )

    def flush_tracking(self):
        """Tracking values are written when the transaction is about to commit."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def close_q1(self):
        self.q1.with_user(self.user_sg).action_open()
        self.q1.with_user(self.user_sg).action_close()

    # -- who manages campaigns -----------------------------------------------

    def test_defaults(self):
        self.assertEqual(self.q2.date_start, datetime.date(self.cycle.year, 5, 1))
        self.assertEqual(self.q2.date_end, datetime.date(self.cycle.year, 8, 31))
        self.assertEqual((self.q2.deadline - self.q2.date_end).days, 30)
        self.assertEqual(self.q2.reminder_days, self.cycle.reminder_days)
        self.assertEqual(self.q2.state, "to_open")

    def test_only_sg_and_manager_open_close_reopen(self):
        for user in (self.user_office, self.user_po, self.user_oiv, self.user_hr):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.q1.with_user(user).action_open()
                with self.assertRaises(AccessError):
                    self.env["cciaa.performance.campaign"].with_user(user).create(
                        {"cycle_id": self.cycle.id, "quarter": "1"}
                    )
        self.q1.with_user(self.user_manager).action_open()
        for user in (self.user_office, self.user_po):
            with self.assertRaises(AccessError):
                self.q1.with_user(user).action_close()
        self.q1.with_user(self.user_manager).action_close()
        self.assertEqual(self.q1.closed_by_id, self.user_manager)
        self.assertTrue(self.q1.closed_on)
        for user in (self.user_office, self.user_po):
            with self.assertRaises(AccessError):
                self.q1.with_user(user)._reopen("reason")
        self.q1.with_user(self.user_sg)._reopen("Correzione di un dato")
        self.assertEqual(self.q1.state, "open")

    def test_state_cannot_be_written_directly(self):
        """Over RPC a manager could call write(): the buttons' checks must hold
        there too, whatever context the client sends."""
        for context in ({}, {"cciaa_campaign_transition": True}):
            campaign = self.q1.with_user(self.user_manager).with_context(**context)
            with self.assertRaises(UserError):
                campaign.write({"state": "closed"})
            with self.assertRaises(UserError):
                self.env["cciaa.performance.campaign"].with_user(
                    self.user_manager
                ).with_context(**context).create(
                    {"cycle_id": self.cycle.id, "quarter": "1", "state": "open"}
                )
        self.close_q1()
        with self.assertRaises(UserError):
            self.q1.with_user(self.user_manager).write({"quarter": "2"})
        with self.assertRaises(UserError):
            self.q1.with_user(self.user_manager).unlink()

    # -- locking ----------------------------------------------------------------

    def test_closed_campaign_locks_every_operation_for_every_user(self):
        self.close_q1()
        own = {
            self.user_office: self.unit_u21,
            self.user_po: self.unit_s2,
            self.user_manager: self.unit_s3,
            self.user_sg: self.unit_s3,
        }
        existing = {
            self.unit_u21: self.m_u21,
            self.unit_s2: self.m_s2,
            self.unit_s3: self.m_s3,
        }
        envs = [
            (user.login, self.Measurement.with_user(user), unit)
            for user, unit in own.items()
        ]
        envs += [
            ("sudo", self.Measurement.sudo(), self.unit_s3),
            ("superuser", self.Measurement.with_user(SUPERUSER_ID), self.unit_s3),
        ]
        for name, Measurement, unit in envs:
            record = existing[unit].with_env(Measurement.env)
            with self.subTest(user=name, operation="create"):
                with self.assertRaises(UserError) as caught:
                    Measurement.create(
                        {
                            "indicator_id": self.indicator.id,
                            "department_id": unit.id,
                            "quarter": "1",
                            "parameter": "2",
                            "value": 1,
                        }
                    )
                self.assertIn(self.q1.name, str(caught.exception))
                self.assertIn(self.user_sg.name, str(caught.exception))
            with self.subTest(user=name, operation="write"):
                with self.assertRaises(UserError):
                    record.write({"value": 99})
                with self.assertRaises(UserError):
                    record.write({"note": "later"})
                with self.assertRaises(UserError):
                    record.write({"quarter": "2"})  # moving it out is changing it
            with self.subTest(user=name, operation="unlink"):
                with self.assertRaises(UserError):
                    record.unlink()
        # groups without write access are refused before the lock is reached
        for user in (self.user_oiv, self.user_hr):
            with self.assertRaises(AccessError):
                self.m_s3.with_user(user).write({"value": 99})
        # nothing changed; commenting on a frozen figure is still possible
        self.assertEqual(self.m_s3.value, 7)
        self.m_s3.message_post(body="Verificato")
        # a quadrimester without campaign, or an open one, is free
        self.Measurement.with_user(self.user_office).create(
            {
                "indicator_id": self.indicator.id,
                "department_id": self.unit_u21.id,
                "quarter": "2",
                "parameter": "1",
                "value": 3,
            }
        )
        self.q1.with_user(self.user_sg)._reopen("Valore errato")
        self.m_u21.with_user(self.user_office).write({"value": 6})
        self.assertEqual(self.m_u21.value, 6)

    def test_a_record_cannot_be_moved_into_a_closed_quadrimester(self):
        self.close_q1()
        moving = self.Measurement.create(
            {
                "indicator_id": self.indicator.id,
                "department_id": self.unit_s3.id,
                "quarter": "2",
                "parameter": "1",
                "value": 1,
            }
        )
        with self.assertRaises(UserError):
            moving.write({"quarter": "1", "parameter": "2"})

    # -- reopening and tracking -------------------------------------------------

    def test_reopening_needs_a_reason_and_is_tracked(self):
        campaign = self.tracked(self.q1)
        campaign.with_user(self.user_sg).action_open()
        campaign.with_user(self.user_sg).action_close()
        self.flush_tracking()
        Wizard = self.tracked(self.env["cciaa.performance.campaign.reopen"]).with_user(
            self.user_sg
        )
        action = campaign.with_user(self.user_sg).action_reopen()
        self.assertEqual(action["res_model"], Wizard._name)
        wizard = Wizard.with_context(**action["context"]).create({"reason": "   "})
        with self.assertRaises(UserError):
            wizard.action_reopen()
        self.assertEqual(campaign.state, "closed")
        reason = "Il Servizio S3 ha segnalato un errore materiale"
        Wizard.with_context(**action["context"]).create(
            {"reason": reason}
        ).action_reopen()
        self.flush_tracking()
        self.assertEqual(campaign.state, "open")
        self.assertEqual(campaign.reopen_count, 1)
        self.assertEqual(campaign.last_reopen_reason, reason)
        self.assertFalse(campaign.closed_by_id)
        messages = campaign.message_ids
        self.assertTrue(any(reason in (m.body or "") for m in messages))
        states = campaign.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        labels = dict(campaign._fields["state"]._description_selection(campaign.env))
        self.assertIn(
            (labels["closed"], labels["open"]),
            [(t.old_value_char, t.new_value_char) for t in states],
        )

    def test_changes_of_an_entered_measurement_are_tracked(self):
        self.q2.with_user(self.user_sg).action_open()
        self.flush_tracking()  # the rows to fill were created in another transaction
        row = (
            self.tracked(self.Measurement)
            .with_user(self.user_office)
            .search([("quarter", "=", "2"), ("parameter", "=", "1")])
        )
        self.assertEqual(len(row), 1)
        row.write({"value": 4})
        self.flush_tracking()
        row.write({"value": 5, "note": "rettifica"})
        self.flush_tracking()
        tracked = row.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "value"
        )
        self.assertEqual(
            sorted((t.old_value_float, t.new_value_float) for t in tracked),
            [(0.0, 4.0), (4.0, 5.0)],
        )
        self.assertTrue(
            all(
                t.mail_message_id.author_id == self.user_office.partner_id
                for t in tracked
            )
        )

    # -- data entry ---------------------------------------------------------------

    def test_opening_creates_the_rows_to_fill_and_they_do_not_count(self):
        self.cycle.action_recompute()
        before = self._scores(quarter=1)
        self.q1.with_user(self.user_sg).action_open()
        self.q2.with_user(self.user_sg).action_open()
        rows = self.Measurement.search([("quarter", "=", "2")])
        expected = {
            (unit, p) for unit in self.indicator.department_ids for p in ("1", "2")
        }
        self.assertEqual({(m.department_id, m.parameter) for m in rows}, expected)
        self.assertFalse(any(rows.mapped("entered")))
        # quadrimester I: only the missing denominators were added
        q1 = self.Measurement.search([("quarter", "=", "1")])
        self.assertEqual(len(q1), 2 * len(self.indicator.department_ids))
        self.cycle.action_recompute()
        self.assertEqual(self._scores(quarter=1), before)
        self.assertEqual(self._scores(quarter=2), before)
        # the data-entry screen of an office: its open rows only
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_measurement_data_entry"
        )
        domain = safe_eval(action["domain"])
        seen = self.Measurement.with_user(self.user_office).search(domain)
        self.assertEqual(seen.department_id, self.unit_u21)
        self.assertEqual(set(seen.mapped("quarter")), {"1", "2"})
        self.q1.with_user(self.user_sg).action_close()
        seen = self.Measurement.with_user(self.user_office).search(domain)
        self.assertEqual(set(seen.mapped("quarter")), {"2"})

    def _scores(self, quarter):
        results = self.env["cciaa.performance.result"].search(
            [("cycle_id", "=", self.cycle.id), ("quarter", "=", quarter)]
        )
        return sorted(
            (r.level, r.code, r.unit_code or "", r.evaluable, r.score) for r in results
        )

    def test_year_to_date_figures_follow_the_typing(self):
        self.q2.with_user(self.user_sg).action_open()
        numerator = self.Measurement.search(
            [
                ("department_id", "=", self.unit_u21.id),
                ("quarter", "=", "2"),
                ("parameter", "=", "1"),
            ]
        )
        denominator = numerator.search(
            [
                ("department_id", "=", self.unit_u21.id),
                ("quarter", "=", "2"),
                ("parameter", "=", "2"),
            ]
        )
        typed = {"numerator": 6.0, "denominator": 15.0}
        denominator.with_user(self.user_office).write({"value": typed["denominator"]})
        with Form(numerator.with_user(self.user_office)) as form:
            form.value = typed["numerator"]
            shown = (form.ytd_result, form.ytd_achievement, form.ytd_score)
        # the same through the engine: Q1 (stored, numerator only) + Q2 as typed
        quarters = (
            QuadrimesterValues(1, (self.m_u21.value, None)),
            QuadrimesterValues(2, (typed["numerator"], typed["denominator"])),
        )
        result, reason, _e = row_result(Measure.RATIO, quarters, 2)
        self.assertIsNone(reason)
        settings = self.cycle._engine_settings()
        target = self.indicator._target_for(self.cycle.year)._engine_value()
        ach, _r, _e = achievement(Comparator.GE, result, target, settings)
        score, _e = parametrata(ach, settings.tolerance)
        self.assertEqual(shown, (f"{fmt_pct(result)}%", ach, score))
        self.assertTrue(numerator.entered)
        # on the list: computed in batch for the whole screen
        rows = self.Measurement.with_user(self.user_office).search(
            [("quarter", "=", "2")]
        )
        self.assertEqual(set(rows.mapped("ytd_score")), {score})

    # -- confirmation by the P.O. ---------------------------------------------------

    def test_po_confirmation_locks_the_servizio_until_reopened(self):
        self.q2.with_user(self.user_sg).action_open()
        Confirmation = self.env["cciaa.performance.campaign.confirmation"]
        with self.assertRaises(AccessError):
            Confirmation.with_user(self.user_office).create(
                {"campaign_id": self.q2.id, "department_id": self.unit_u21.id}
            )
        with self.assertRaises(AccessError):  # not the head of S3
            Confirmation.with_user(self.user_po).create(
                {"campaign_id": self.q2.id, "department_id": self.unit_s3.id}
            )
        confirmation = (
            self.tracked(Confirmation)
            .with_user(self.user_po)
            .create({"campaign_id": self.q2.id, "department_id": self.unit_s2.id})
        )
        self.assertEqual(confirmation.confirmed_by_id, self.user_po)
        office_row = self.Measurement.with_user(self.user_office).search(
            [("quarter", "=", "2"), ("parameter", "=", "1")]
        )
        with self.assertRaises(UserError) as caught:  # U2.1 lies under S2
            office_row.write({"value": 3})
        self.assertIn(self.user_po.name, str(caught.exception))
        with self.assertRaises(UserError):
            self.Measurement.sudo().search(
                [("quarter", "=", "2"), ("department_id", "=", self.unit_s2.id)]
            ).unlink()
        s3_row = self.Measurement.with_user(self.user_office_s3).search(
            [("quarter", "=", "2"), ("parameter", "=", "1")]
        )
        s3_row.write({"value": 3})  # another Servizio is free
        with self.assertRaises(UserError):
            confirmation.write({"state": "reopened"})
        with self.assertRaises(UserError):
            confirmation._reopen("")
        confirmation._reopen("Dato di U2.1 da correggere")
        self.assertEqual(confirmation.state, "reopened")
        self.assertIn(
            "Dato di U2.1 da correggere",
            " ".join(confirmation.sudo().message_ids.mapped("body")),
        )
        office_row.write({"value": 3})
        confirmation.action_confirm()
        with self.assertRaises(UserError):
            office_row.write({"value": 4})

    def test_confirmation_needs_an_open_campaign(self):
        with self.assertRaises(UserError):
            self.env["cciaa.performance.campaign.confirmation"].with_user(
                self.user_po
            ).create({"campaign_id": self.q3.id, "department_id": self.unit_s2.id})

    # -- reminders --------------------------------------------------------------------

    def test_reminders_are_created_once(self):
        self.q2.with_user(self.user_sg).action_open()
        Campaign = self.env["cciaa.performance.campaign"]
        activity_type = self.env.ref(
            "cciaa_performance.mail_activity_type_monitoring_data"
        )

        def reminders():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", Campaign._name),
                    ("res_id", "=", self.q2.id),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )

        window = self.q2.deadline - datetime.timedelta(days=self.q2.reminder_days)
        with freeze_time(window - datetime.timedelta(days=1)):
            Campaign._cron_send_reminders()
        self.assertFalse(reminders())
        with freeze_time(window):
            Campaign._cron_send_reminders()
        # every unit of the indicator has rows to fill: their staff and heads
        expected = self.user_office | self.user_office_s3 | self.user_po
        self.assertEqual(reminders().user_id, expected)
        self.assertEqual(len(reminders()), len(expected))
        self.assertEqual(set(reminders().mapped("date_deadline")), {self.q2.deadline})
        with freeze_time(window + datetime.timedelta(days=1)):
            Campaign._cron_send_reminders()
            Campaign._cron_send_reminders()
        self.assertEqual(len(reminders()), len(expected))

    # -- closing the cycle -------------------------------------------------------------

    def test_cycle_closes_only_with_criticita_for_objectives_below_100(self):
        cycle = self.tracked(self.cycle)
        # quadrimester I with denominators: every row at half its target
        for measurement in (self.m_s2, self.m_u21, self.m_s3):
            self.Measurement.create(
                {
                    "indicator_id": self.indicator.id,
                    "department_id": measurement.department_id.id,
                    "quarter": "1",
                    "parameter": "2",
                    "value": measurement.value * 2,
                }
            )
        with self.assertRaises(UserError):  # campaigns still to open
            cycle.with_user(self.user_sg).action_close()
        for campaign in self.q1 | self.q2 | self.q3:
            campaign.with_user(self.user_sg).action_open()
            campaign.with_user(self.user_sg).action_close()
        with self.assertRaises(UserError) as caught:
            cycle.with_user(self.user_sg).action_close()
        cycle.action_recompute()  # what action_close did was rolled back with it
        below = self.env["cciaa.performance.result"].search(
            [
                ("cycle_id", "=", self.cycle.id),
                ("quarter", "=", 3),
                ("level", "in", ("os", "oo")),
                ("score", "<", 100),
            ]
        )
        self.assertTrue(below)
        for result in below:
            self.assertIn(result.code, str(caught.exception))
        self.assertEqual(cycle.state, "active")
        with self.assertRaises(UserError):  # no way around it with write()
            cycle.with_user(self.user_sg).write({"state": "closed"})
        Criticita = self.env["cciaa.performance.criticita"].with_user(self.user_sg)
        for result in below:
            field = "strategic_id" if result.level == "os" else "operational_id"
            Criticita.create(
                {
                    field: result[field].id,
                    "issues": "Dati incompleti",
                    "actions": "Verifica trimestrale",
                }
            )
        cycle.with_user(self.user_sg).action_close()
        self.assertEqual(cycle.state, "closed")

    # -- overrides ----------------------------------------------------------

    def test_override_is_shown_with_the_figure_and_tracked(self):
        objective = self.tracked(self.operational)
        for measurement in (self.m_s2, self.m_u21, self.m_s3):
            self.Measurement.create(
                {
                    "indicator_id": self.indicator.id,
                    "department_id": measurement.department_id.id,
                    "quarter": "1",
                    "parameter": "2",
                    "value": measurement.value,
                }
            )
        self.cycle.action_recompute()
        computed = objective.score
        motivation = "Valutazione motivata del Segretario Generale"
        override = (
            self.tracked(self.env["cciaa.performance.override"])
            .with_user(self.user_sg)
            .create(
                {"operational_id": objective.id, "value": 80, "motivation": motivation}
            )
        )
        self.assertIn(motivation, " ".join(objective.message_ids.mapped("body")))
        self.cycle.action_recompute()
        objective.invalidate_recordset()
        self.assertTrue(objective.overridden)
        self.assertEqual(objective.score, override.value)
        self.assertEqual(objective.computed_score, computed)
        self.assertEqual(objective.override_motivation, motivation)
        result = self.env["cciaa.performance.result"].search(
            [("operational_id", "=", objective.id), ("level", "=", "oo")], limit=1
        )
        self.assertEqual(
            (result.overridden, result.override_motivation), (True, motivation)
        )
        override.with_user(self.user_sg).write({"value": 85})
        self.assertEqual(
            len(objective.message_ids.filtered(lambda m: motivation in (m.body or ""))),
            2,
        )

    def test_users_without_an_employee_cannot_break_the_screens(self):
        user = self.env["res.users"].create(
            {
                "name": "Senza dipendente",
                "login": "no_employee",
                "groups_id": [
                    Command.link(self.env.ref("cciaa_performance.group_office_user").id)
                ],
                "company_id": self.company.id,
                "company_ids": [Command.set(self.company.ids)],
            }
        )
        self.assertFalse(
            self.Measurement.with_user(user).search([("campaign_open", "=", True)])
        )

    def test_report_shows_each_user_the_notes_of_their_units(self):
        self.m_u21.note = "Nota ufficio U2.1"
        self.m_s3.note = "Nota del servizio S3"
        self.cycle.action_recompute()
        Report = self.env["ir.actions.report"]

        def html(user):
            return (
                Report.with_user(user)
                ._render_qweb_html("cciaa_performance.report_monitoring", self.q1.ids)[
                    0
                ]
                .decode()
            )

        office = html(self.user_office)
        self.assertIn(self.m_u21.note, office)
        self.assertNotIn(self.m_s3.note, office)
        manager = html(self.user_manager)
        self.assertIn(self.m_u21.note, manager)
        self.assertIn(self.m_s3.note, manager)
