"""Year over year: beside each indicator of year N, its result of cycle N-1
(the indicator with the same code, entity level, as stored) and the trend.
Every print of the data provider gets them (the Relazione's section 3, the
unit sheets, the workbook): the prepared rows only carry them; the lookup is
the cycle's (``cciaa_performance/models/cycle_years.py``)."""

from odoo import api, models

from odoo.addons.cciaa_performance.models.cycle_years import trend

from . import formats

# the Relazione is an Italian document: its texts are Italian (relazione_rows.py)
TREND_SYMBOL = {"better": "▲", "worse": "▼", "same": "=", "changed": "≠"}
TREND_IT = {
    "better": "in miglioramento",
    "worse": "in peggioramento",
    "same": "invariato",
    "changed": "variato",
}
# the lists of prepared rows that hold indicators
ROW_LISTS = ("tree_rows", "strategic_rows", "operational_rows", "indicators")


class ReportRelazione(models.AbstractModel):
    _inherit = "report.cciaa_performance_report.report_relazione"

    @api.model
    def _prepare_cycle(self, cycle, quarter=None):
        data = super()._prepare_cycle(cycle, quarter)
        previous = cycle._previous_cycle()
        data["previous_year"] = previous.year if previous else False
        if previous:
            figures = cycle._previous_indicator_figures()
            rows = [row for key in ROW_LISTS for row in data.get(key, [])]
            entity = {row["code"]: row for row in data["indicators"]}
            for row in rows:
                if row.get("level") == "indicator":
                    row.update(self._year_over_year(row, figures.get(row["code"])))
            # a unit sheet's row holds the unit's result: beside it the
            # indicator's result N-1, and the trend of the indicator's
            for sheet in data["unit_sheets"]:
                for row in sheet["rows"]:
                    row.update(
                        self._year_over_year(
                            entity.get(row["code"], row), figures.get(row["code"])
                        )
                    )
        return data

    @staticmethod
    def _year_over_year(row, figure):
        """The keys of a prepared indicator row (the indicator's, entity
        level) for year N-1: its result as printed ("n.d." where N-1 has
        none) and typed, and the trend."""
        previous = figure["value"] if figure else None
        key = trend(
            previous,
            row["result_raw"] if row.get("evaluable") else None,
            row["comparator"],
        )
        return {
            "previous": figure["text"] if figure else formats.NOT_AVAILABLE,
            "previous_raw": previous,
            "trend": key or False,
            "trend_symbol": TREND_SYMBOL.get(key, ""),
            "trend_label": TREND_IT.get(key, ""),
        }
