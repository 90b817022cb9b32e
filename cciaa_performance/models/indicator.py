from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..engine.types import AGGREGATIONS
from .area import BSC_PERSPECTIVES


class CciaaPerformanceIndicator(models.Model):
    """Indicator: strategic (IS, on an OS), operational (IO, on an OO) or an FRD
    objective row (on an OO, not counted in it: docs/RULES.md R10)."""

    _name = "cciaa.performance.indicator"
    _description = "Indicator"
    _inherit = ["cciaa.performance.node.mixin", "mail.thread"]
    _order = "cycle_id, kind, code"

    kind = fields.Selection(
        [
            ("IS", "Strategic (IS)"),
            ("IO", "Operational (IO)"),
            ("FRD", "FRD objective"),
        ],
        required=True,
        default="IO",
    )
    strategic_id = fields.Many2one(
        "cciaa.performance.strategic.objective",
        ondelete="cascade",
        index=True,
        domain="[('cycle_id', '=', cycle_id)]",
    )
    operational_id = fields.Many2one(
        "cciaa.performance.operational.objective",
        ondelete="cascade",
        index=True,
        domain="[('cycle_id', '=', cycle_id)]",
    )
    objective_strategic_id = fields.Many2one(
        "cciaa.performance.strategic.objective",
        compute="_compute_objective_strategic",
        store=True,
        string="Strategic objective (tree)",
    )
    area_id = fields.Many2one(related="objective_strategic_id.area_id", store=True)
    algorithm = fields.Text()
    measure = fields.Selection(
        [
            ("ratio", "Ratio (Σ numerator / Σ denominator)"),
            ("count", "Count (sum)"),
            ("average", "Average of the quadrimesters"),
            ("date", "Completion date"),
            ("value", "Single value"),
        ],
        required=True,
        default="ratio",
    )
    comparator = fields.Selection(
        [
            (">=", "≥ (higher is better)"),
            ("<=", "≤ (lower is better)"),
            ("=", "="),
            ("deadline", "By the date"),
        ],
        required=True,
        default=">=",
    )
    aggregation = fields.Selection(
        [
            ("pooled", "Pooled by the measure's rule"),
            ("sum", "Sum of the units"),
            ("mean", "Mean of the units"),
            ("min", "Lowest unit"),
            ("max", "Highest unit"),
            ("all_units", "Every unit must reach it (worst unit)"),
            ("latest", "Latest unit date"),
            ("earliest", "Earliest unit date"),
        ],
        string="Entity aggregation",
        required=True,
        default="pooled",
        help="How the figures of the reporting units give the result of the "
        "Ente when several units report this indicator.",
    )
    target_ids = fields.One2many(
        "cciaa.performance.indicator.target", "indicator_id", string="Targets by year"
    )
    target_display = fields.Char(compute="_compute_target_display", string="Target")
    parameter_1 = fields.Char(string="Parameter 1 (numerator)")
    parameter_2 = fields.Char(string="Parameter 2 (denominator)")
    department_ids = fields.Many2many("hr.department", string="Reporting units")
    bsc_perspective = fields.Selection(BSC_PERSPECTIVES, string="BSC perspective")
    is_percent = fields.Boolean(
        string="Percentage",
        help="The values are percentages (0-100); implied for ratios.",
    )
    most_significant = fields.Boolean(
        help="Shown among the most significant indicators."
    )
    is_frd = fields.Boolean(compute="_compute_is_frd", store=True, string="FRD")
    measurement_ids = fields.One2many("cciaa.performance.measurement", "indicator_id")

    @api.depends("kind")
    def _compute_is_frd(self):
        for indicator in self:
            indicator.is_frd = indicator.kind == "FRD"

    @api.depends("strategic_id", "operational_id.strategic_id")
    def _compute_objective_strategic(self):
        for indicator in self:
            indicator.objective_strategic_id = (
                indicator.strategic_id or indicator.operational_id.strategic_id
            )

    @api.depends("target_ids.value", "target_ids.date_value", "cycle_id.year")
    def _compute_target_display(self):
        for indicator in self:
            target = indicator._target_for(indicator.cycle_id.year)
            indicator.target_display = target.display_name if target else False

    @api.constrains("measure", "aggregation")
    def _check_aggregation(self):
        """The same rule as the import (importer/validate.py)."""
        labels = dict(self._fields["aggregation"]._description_selection(self.env))
        for indicator in self:
            if indicator.aggregation not in AGGREGATIONS[indicator.measure]:
                raise ValidationError(
                    self.env._(
                        "%(code)s: the entity aggregation %(aggregation)s does not "
                        "suit its measure.",
                        code=indicator.code,
                        aggregation=labels[indicator.aggregation],
                    )
                )

    @api.constrains("kind", "strategic_id", "operational_id")
    def _check_parent(self):
        for indicator in self:
            if indicator.kind == "IS" and (
                not indicator.strategic_id or indicator.operational_id
            ):
                raise ValidationError(
                    self.env._(
                        "Strategic indicator %(code)s must hang on a "
                        "strategic objective.",
                        code=indicator.code,
                    )
                )
            if indicator.kind in ("IO", "FRD") and (
                not indicator.operational_id or indicator.strategic_id
            ):
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s must hang on an operational objective.",
                        code=indicator.code,
                    )
                )

    def _target_for(self, year):
        self.ensure_one()
        return self.target_ids.filtered(lambda t: t.year == year)[:1]
