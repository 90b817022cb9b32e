from odoo import api, fields, models
from odoo.exceptions import ValidationError

SHARE_FIELDS = ("results_share_sg", "results_share_po", "results_share_staff")


class CciaaPerformanceEvaluationSystem(models.Model):
    """The cycle's evaluation system (SMVP) for individual performance: the
    split between results and behaviours per staff category, the behaviours
    and the scale they are rated on. Parameters, not constants: each cycle
    has its own."""

    _name = "cciaa.performance.evaluation.system"
    _description = "Individual evaluation system (SMVP)"
    _inherit = ["mail.thread"]
    _order = "cycle_id desc"

    name = fields.Char(required=True, default="SMVP", tracking=True)
    cycle_id = fields.Many2one(
        "cciaa.performance.cycle", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="cycle_id.company_id", store=True, index=True)
    results_share_sg = fields.Float(
        string="Results share SG %",
        default=100.0,
        tracking=True,
        help="Share of the results in the final score of the Segretario Generale; "
        "the rest is the behaviours. 100 = results only.",
    )
    results_share_po = fields.Float(
        string="Results share P.O./EQ %", default=100.0, tracking=True
    )
    results_share_staff = fields.Float(
        string="Results share staff %", default=100.0, tracking=True
    )
    behaviour_share_sg = fields.Float(
        compute="_compute_behaviour_shares", string="Behaviours SG %"
    )
    behaviour_share_po = fields.Float(
        compute="_compute_behaviour_shares", string="Behaviours P.O./EQ %"
    )
    behaviour_share_staff = fields.Float(
        compute="_compute_behaviour_shares", string="Behaviours staff %"
    )
    behaviour_ids = fields.One2many(
        "cciaa.performance.behaviour", "system_id", string="Behaviours", copy=True
    )
    level_ids = fields.One2many(
        "cciaa.performance.behaviour.level",
        "system_id",
        string="Rating scale",
        copy=True,
    )
    notes = fields.Html()

    _sql_constraints = [
        ("cycle_uniq", "unique(cycle_id)", "A cycle has one evaluation system."),
    ]

    @api.depends(*SHARE_FIELDS)
    def _compute_behaviour_shares(self):
        for system in self:
            system.behaviour_share_sg = 100 - system.results_share_sg
            system.behaviour_share_po = 100 - system.results_share_po
            system.behaviour_share_staff = 100 - system.results_share_staff

    @api.constrains(*SHARE_FIELDS)
    def _check_shares(self):
        for system in self:
            for fname in SHARE_FIELDS:
                if not 0 <= system[fname] <= 100:
                    raise ValidationError(
                        self.env._(
                            "%(field)s must be between 0 and 100.",
                            field=system._fields[fname].get_description(self.env)[
                                "string"
                            ],
                        )
                    )

    def _results_share(self, category):
        """Results share (%) of a staff category: "sg", "po" or "staff"."""
        self.ensure_one()
        return self[f"results_share_{category or 'staff'}"]

    def _behaviours_for(self, category):
        return self.behaviour_ids.filtered(
            lambda b: b[f"applies_{category or 'staff'}"]
        )
