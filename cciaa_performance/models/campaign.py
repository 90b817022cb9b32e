import datetime

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine import fmt_date
from ..engine.calendar import ROMAN, SELECTION, period
from .guard import is_trusted, trusted

# docs/DOMAIN.md "Calendar of a cycle": each monitoring report is due within 30
# days of the period's close (2019: indicator O2.1.4-e).
DEADLINE_DAYS = 30
# No chatter message per placeholder row.
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}
# State changes go through action_open / action_close / _reopen only: they
# write with the marker of guard.py, which no client can forge.


class CciaaPerformanceCampaign(models.Model):
    """Monitoring campaign of one cycle's quadrimester: to open → open →
    closed, reopened only with a written reason. A closed campaign freezes the
    quadrimester's measurements (see cciaa.performance.measurement)."""

    _name = "cciaa.performance.campaign"
    _description = "Monitoring campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, cycle_id, quarter"

    # not stored: the name is shown (and printed in lock messages) in the
    # reader's language, not in the language of whoever opened the campaign
    name = fields.Char(compute="_compute_name", search="_search_name")
    cycle_id = fields.Many2one(
        "cciaa.performance.cycle", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="cycle_id.company_id", store=True, index=True)
    year = fields.Integer(related="cycle_id.year", store=True)
    quarter = fields.Selection(SELECTION, required=True, string="Quadrimester")
    state = fields.Selection(
        [("to_open", "To open"), ("open", "Open"), ("closed", "Closed")],
        default="to_open",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_start = fields.Date(compute="_compute_period", store=True, string="From")
    date_end = fields.Date(compute="_compute_period", store=True, string="To")
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        tracking=True,
        help="Date by which the units report "
        "(default: 30 days after the period's close).",
    )
    reminder_days = fields.Integer(
        compute="_compute_reminder_days",
        store=True,
        readonly=False,
        tracking=True,
        string="Remind days before",
        help="The responsible users get an activity this many days "
        "before the deadline.",
    )
    opened_by_id = fields.Many2one(
        "res.users", readonly=True, tracking=True, copy=False
    )
    opened_on = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one(
        "res.users", readonly=True, tracking=True, copy=False
    )
    closed_on = fields.Datetime(readonly=True, tracking=True, copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    last_reopen_reason = fields.Text(readonly=True, tracking=True, copy=False)
    confirmation_ids = fields.One2many(
        "cciaa.performance.campaign.confirmation", "campaign_id", string="Confirmations"
    )
    reminded_user_ids = fields.Many2many(
        "res.users",
        "cciaa_performance_campaign_reminded_rel",
        "campaign_id",
        "user_id",
        string="Reminded users",
        readonly=True,
        copy=False,
    )
    measurement_count = fields.Integer(compute="_compute_counts", string="Rows")
    missing_count = fields.Integer(compute="_compute_counts", string="Rows to fill")

    _sql_constraints = [
        (
            "cycle_quarter_uniq",
            "unique(cycle_id, quarter)",
            "A cycle has one campaign per quadrimester.",
        ),
        (
            "reminder_days_positive",
            "CHECK(reminder_days >= 0)",
            "The reminder days cannot be negative.",
        ),
    ]

    @api.depends("cycle_id.name", "quarter")
    def _compute_name(self):
        for campaign in self:
            campaign.name = self.env._(
                "%(cycle)s – quadrimester %(quarter)s",
                cycle=campaign.cycle_id.name or "",
                quarter=ROMAN.get(int(campaign.quarter or 0), ""),
            )

    def _search_name(self, operator, value):
        """Campaigns are found by their cycle's name (chamber and year)."""
        return [("cycle_id.name", operator, value)]

    @api.depends("cycle_id.year", "quarter")
    def _compute_period(self):
        for campaign in self:
            if campaign.cycle_id.year and campaign.quarter:
                campaign.date_start, campaign.date_end = period(
                    campaign.cycle_id.year, campaign.quarter
                )
            else:
                campaign.date_start = campaign.date_end = False

    @api.depends("date_end")
    def _compute_deadline(self):
        for campaign in self:
            campaign.deadline = (
                campaign.date_end
                and campaign.date_end + datetime.timedelta(days=DEADLINE_DAYS)
            )

    @api.depends("cycle_id.reminder_days")
    def _compute_reminder_days(self):
        for campaign in self:
            campaign.reminder_days = campaign.cycle_id.reminder_days

    def _compute_counts(self):
        Measurement = self.env["cciaa.performance.measurement"]
        counts = {
            (cycle.id, quarter, entered): count
            for cycle, quarter, entered, count in Measurement._read_group(
                [("cycle_id", "in", self.cycle_id.ids)],
                ["cycle_id", "quarter", "entered"],
                ["__count"],
            )
        }
        for campaign in self:
            key = (campaign.cycle_id.id, campaign.quarter)
            missing = counts.get((*key, False), 0)
            campaign.missing_count = missing
            campaign.measurement_count = missing + counts.get((*key, True), 0)

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env) and any(
            vals.get("state", "to_open") != "to_open" for vals in vals_list
        ):
            raise UserError(self.env._("A campaign starts in the state 'To open'."))
        return super().create(vals_list)

    def write(self, vals):
        if not is_trusted(self.env):
            if "state" in vals:
                raise UserError(
                    self.env._(
                        "Open, close and reopen a campaign with its buttons: "
                        "a reopening needs a written reason."
                    )
                )
            if {"cycle_id", "quarter"}.intersection(vals) and self.filtered(
                lambda c: c.state != "to_open"
            ):
                raise UserError(
                    self.env._(
                        "The cycle and quadrimester of a started campaign "
                        "cannot change."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_to_open(self):
        if self.filtered(lambda c: c.state != "to_open"):
            raise UserError(
                self.env._(
                    "Only a campaign that was never opened can be deleted: deleting a "
                    "closed one would unlock its data."
                )
            )

    # -- transitions -----------------------------------------------------------

    def _check_can_manage(self):
        """Checked in the methods, not only in the views, so that RPC is covered."""
        if self.env.su or self.env.user.has_groups(
            "cciaa_performance.group_sg,cciaa_performance.group_manager"
        ):
            return
        raise AccessError(
            self.env._(
                "Only the Segretario Generale or the performance manager opens, closes "
                "and reopens monitoring campaigns."
            )
        )

    def _transition(self, vals, message):
        trusted(self).write(vals)
        for campaign in self:
            campaign._message_log(body=message)

    def action_open(self):
        self._check_can_manage()
        for campaign in self:
            if campaign.state != "to_open":
                raise UserError(
                    self.env._(
                        "%(campaign)s is not waiting to be opened.",
                        campaign=campaign.name,
                    )
                )
        self._transition(
            {
                "state": "open",
                "opened_by_id": self.env.uid,
                "opened_on": fields.Datetime.now(),
            },
            self.env._("Campaign opened: the units can enter their data."),
        )
        self._create_missing_measurements()
        self.cycle_id._recompute()
        return True

    def action_close(self):
        self._check_can_manage()
        for campaign in self:
            if campaign.state != "open":
                raise UserError(
                    self.env._("%(campaign)s is not open.", campaign=campaign.name)
                )
        self._transition(
            {
                "state": "closed",
                "closed_by_id": self.env.uid,
                "closed_on": fields.Datetime.now(),
            },
            self.env._("Campaign closed: its measurements are locked."),
        )
        self.cycle_id._recompute()
        return True

    def action_reopen(self):
        """Ask the reason (wizard); the reopening itself is :meth:`_reopen`."""
        self._check_can_manage()
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen %(campaign)s", campaign=self.name),
            "res_model": "cciaa.performance.campaign.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_campaign_id": self.id},
        }

    def action_open_measurements(self):
        """The data-entry screen on this campaign's quadrimester."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cciaa_performance.action_cciaa_performance_measurement_data_entry"
        )
        action["domain"] = [
            ("cycle_id", "=", self.cycle_id.id),
            ("quarter", "=", self.quarter),
        ]
        return action

    def _reopen(self, reason):
        self._check_can_manage()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Reopening a campaign needs a written reason."))
        for campaign in self:
            if campaign.state != "closed":
                raise UserError(
                    self.env._("%(campaign)s is not closed.", campaign=campaign.name)
                )
            campaign._transition(
                {
                    "state": "open",
                    "reopen_count": campaign.reopen_count + 1,
                    "last_reopen_reason": reason,
                    "closed_by_id": False,
                    "closed_on": False,
                },
                Markup("%s<br/>%s")
                % (self.env._("Campaign reopened. Reason:"), reason),
            )
        return True

    @api.model
    def _create_closed_for_history(self, cycle):
        """Closed campaigns for the quadrimesters of an imported (historical)
        cycle that have data: the periods are over and their figures were
        published, so they are locked from the start. Called after the
        measurements are loaded."""
        quarters = {
            quarter
            for (quarter,) in self.env["cciaa.performance.measurement"]
            .sudo()
            ._read_group([("cycle_id", "=", cycle.id)], ["quarter"])
        }
        now = fields.Datetime.now()
        campaigns = trusted(self.with_context(**QUIET)).create(
            [
                {
                    "cycle_id": cycle.id,
                    "quarter": quarter,
                    "state": "closed",
                    "closed_by_id": self.env.uid,
                    "closed_on": now,
                }
                for quarter in sorted(quarters)
            ]
        )
        for campaign in campaigns:
            campaign._message_log(
                body=self.env._("Created closed: historical data loaded by the import.")
            )
        return campaigns

    # -- business --------------------------------------------------------------

    def _create_missing_measurements(self):
        """One empty row (``entered`` False) per indicator × reporting unit ×
        parameter that has no measurement yet for the quadrimester, so that
        the data-entry screen lists everything the units must report. Units
        whose validity ended before the period are left out (a reorganisation
        dates units, docs/DOMAIN.md "Organisational units")."""
        Measurement = self.env["cciaa.performance.measurement"].sudo()
        for campaign in self:
            indicators = (
                self.env["cciaa.performance.indicator"]
                .sudo()
                .search_read(
                    [("cycle_id", "=", campaign.cycle_id.id)],
                    ["measure", "department_ids"],
                    load=None,
                )
            )
            existing = {
                (m["indicator_id"], m["department_id"], m["parameter"])
                for m in Measurement.search_read(
                    [
                        ("cycle_id", "=", campaign.cycle_id.id),
                        ("quarter", "=", campaign.quarter),
                    ],
                    ["indicator_id", "department_id", "parameter"],
                    load=None,
                )
            }
            unit_ids = {u for i in indicators for u in i["department_ids"]}
            ended = {
                u["id"]
                for u in self.env["hr.department"]
                .sudo()
                .search_read(
                    [
                        ("id", "in", list(unit_ids)),
                        ("cciaa_date_to", "<", campaign.date_start),
                    ],
                    ["id"],
                )
            }
            values = [
                {
                    "indicator_id": i["id"],
                    "department_id": unit,
                    "quarter": campaign.quarter,
                    "parameter": parameter,
                    "entered": False,
                }
                for i in indicators
                for unit in i["department_ids"]
                if unit not in ended
                for parameter in (("1", "2") if i["measure"] == "ratio" else ("1",))
                if (i["id"], unit, parameter) not in existing
            ]
            Measurement.with_context(**QUIET).create(values)

    def _lock_message(self):
        self.ensure_one()
        return self.env._(
            "%(campaign)s is closed (closed by %(user)s on %(date)s): its measurements "
            "cannot be created, changed or deleted until the campaign is reopened.",
            campaign=self.name,
            user=self.closed_by_id.name or "?",
            date=fmt_date(self.closed_on.date()) if self.closed_on else "?",
        )

    def _responsible_users(self):
        """Users who must report for this campaign: the users of the employees
        assigned (today) to a unit that still has rows to fill, and the heads
        of those units."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        unit_ids = [
            unit.id
            for (unit,) in self.env["cciaa.performance.measurement"]
            .sudo()
            ._read_group(
                [
                    ("cycle_id", "=", self.cycle_id.id),
                    ("quarter", "=", self.quarter),
                    ("entered", "=", False),
                ],
                ["department_id"],
            )
        ]
        if not unit_ids:
            return self.env["res.users"]
        assignments = (
            self.env["cciaa.performance.assignment"]
            .sudo()
            .search(
                [
                    ("department_id", "in", unit_ids),
                    ("date_from", "<=", today),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", today),
                ]
            )
        )
        heads = self.env["hr.department"].sudo().browse(unit_ids).manager_id
        users = (assignments.employee_id | heads).user_id
        return users.filtered(lambda u: u.active and not u.share)

    # -- cron ------------------------------------------------------------------

    @api.model
    def _cron_send_reminders(self):
        """Daily: one activity per responsible user and campaign, from
        ``reminder_days`` before the deadline on, never twice (the reminded
        users are remembered on the campaign)."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref(
            "cciaa_performance.mail_activity_type_monitoring_data"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        campaigns = self.sudo().search(
            [("state", "=", "open"), ("deadline", "!=", False)]
        )
        values = []
        for campaign in campaigns:
            if today < campaign.deadline - datetime.timedelta(
                days=campaign.reminder_days
            ):
                continue
            users = campaign._responsible_users() - campaign.reminded_user_ids
            if not users:
                continue
            values += [
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": campaign.id,
                    "user_id": user.id,
                    "date_deadline": campaign.deadline,
                    "summary": self.env._(
                        "Enter the monitoring data of %(campaign)s by %(date)s",
                        campaign=campaign.name,
                        date=fmt_date(campaign.deadline),
                    ),
                }
                for user in users
            ]
            campaign.reminded_user_ids = [fields.Command.link(u.id) for u in users]
        return self.env["mail.activity"].sudo().create(values)
