from odoo import fields, models

from ..engine.formats import NOT_AVAILABLE
from .cycle_years import trend

TRENDS = [
    ("better", "Better"),
    ("worse", "Worse"),
    ("same", "Unchanged"),
    ("changed", "Changed"),
]


class CciaaPerformanceIndicator(models.Model):
    """The result of the indicator with the same code in cycle N-1 and the
    trend, beside this year's (cycle_years.py: the one lookup)."""

    _inherit = "cciaa.performance.indicator"

    previous_result = fields.Char(
        compute="_compute_previous_result",
        string="Result N-1",
        help="The stored result of the indicator with the same code in the "
        "chamber's previous cycle (n.d. where there is none).",
    )
    trend = fields.Selection(
        TRENDS,
        compute="_compute_previous_result",
        help="How the result moved since the previous cycle, on the side "
        "the comparator calls better.",
    )

    def _compute_previous_result(self):
        latest = self.env["cciaa.performance.result"]._latest_for(self)
        for cycle, indicators in self.grouped("cycle_id").items():
            previous = cycle and cycle._previous_cycle()
            figures = cycle._previous_indicator_figures() if previous else {}
            for indicator in indicators:
                figure = figures.get(indicator.code)
                current = latest.get(indicator.id)
                value = None
                if current and current.evaluable:
                    value = (
                        current.result_date
                        if indicator.measure == "date"
                        else current.result_value
                    )
                if figure:
                    indicator.previous_result = figure["text"]
                else:
                    indicator.previous_result = NOT_AVAILABLE if previous else False
                indicator.trend = (
                    trend(
                        figure["value"] if figure else None,
                        None if value is False else value,
                        indicator.comparator,
                    )
                    or False
                )
