from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .guard import check_groups, is_trusted, trusted


class CciaaPerformanceOverride(models.Model):
    """A "valutazione motivata": an authorised person sets an objective's % with
    a written motivation (2019: OS 3.2 at 91%)."""

    _name = "cciaa.performance.override"
    _description = "Motivated evaluation (override)"
    _inherit = ["mail.thread", "cciaa.performance.frozen.mixin"]
    # set by the SG after the year-end close of the campaigns: frozen with the cycle
    _frozen_fields = ()
    _order = "create_date desc"

    strategic_id = fields.Many2one(
        "cciaa.performance.strategic.objective", ondelete="cascade", index=True
    )
    operational_id = fields.Many2one(
        "cciaa.performance.operational.objective", ondelete="cascade", index=True
    )
    cycle_id = fields.Many2one(
        "cciaa.performance.cycle", compute="_compute_cycle", store=True, index=True
    )
    company_id = fields.Many2one(related="cycle_id.company_id", store=True)
    value = fields.Float(string="Objective %", required=True, tracking=True)
    motivation = fields.Text(required=True, tracking=True)
    author = fields.Char(
        tracking=True, help="Who decided, as printed (e.g. the Segretario Generale)."
    )
    user_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True
    )
    date = fields.Date(default=fields.Date.context_today, required=True)
    # The SG's decision: one entered by the SG counts at once; one imported by
    # the performance manager is a proposal until the SG confirms it.
    state = fields.Selection(
        [("proposed", "Proposed"), ("confirmed", "Confirmed")],
        default="confirmed",
        required=True,
        readonly=True,
        tracking=True,
    )
    confirmed_by_id = fields.Many2one("res.users", readonly=True)

    _sql_constraints = [
        (
            "value_range",
            "CHECK(value >= 0 AND value <= 100)",
            "An objective % is between 0 and 100.",
        ),
        (
            "one_objective",
            "CHECK((strategic_id IS NULL) != (operational_id IS NULL))",
            "An override concerns exactly one objective.",
        ),
    ]

    @api.depends("strategic_id.cycle_id", "operational_id.cycle_id")
    def _compute_cycle(self):
        for override in self:
            override.cycle_id = (
                override.strategic_id or override.operational_id
            ).cycle_id

    @api.constrains("motivation")
    def _check_motivation(self):
        for override in self:
            if not (override.motivation or "").strip():
                raise ValidationError(
                    self.env._("An override needs a written motivation.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self.env):
            if any(vals.get("state", "confirmed") != "confirmed" for vals in vals_list):
                raise UserError(
                    self.env._(
                        "A motivated evaluation is not created as a proposal by hand."
                    )
                )
            for vals in vals_list:
                vals["confirmed_by_id"] = self.env.uid
        return super().create(vals_list)

    def write(self, vals):
        if not is_trusted(self.env) and {"state", "confirmed_by_id"} & set(vals):
            raise UserError(
                self.env._("A motivated evaluation is confirmed only with its button.")
            )
        return super().write(vals)

    def action_confirm(self):
        """The SG makes a proposed motivated evaluation count."""
        check_groups(
            self.env,
            "cciaa_performance.group_sg",
            self.env._("Only the Segretario Generale confirms a motivated evaluation."),
        )
        self.check_access("write")
        for override in self:
            if override.state != "proposed":
                raise UserError(
                    self.env._(
                        "The motivated evaluation of %(objective)s is already "
                        "confirmed.",
                        objective=override._objective_code(),
                    )
                )
        trusted(self).write({"state": "confirmed", "confirmed_by_id": self.env.uid})
        self.cycle_id._recompute()
        return True

    def _objective_code(self):
        return (self.strategic_id or self.operational_id).code
