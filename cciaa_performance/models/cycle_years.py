import datetime

from odoo import models

from ..engine.formats import NOT_AVAILABLE, value
from .guard import check_groups

# the direction in which an indicator's result improves, by comparator
BETTER_WHEN = {">=": 1, "<=": -1, "deadline": -1}


def trend(previous, current, comparator):
    """How an indicator's result moved from N-1 to N: "better", "worse",
    "same", "changed" (an "=" target has no better side), or None where
    either year has no figure or the two cannot be compared (a number and a
    date). Higher is better for ">=", lower for "<=", earlier for a
    deadline; a date of N-1 is compared one year later (the same day of
    its year: 04/07/2019 against 04/07/2020 is unchanged)."""
    if previous is None or current is None:
        return None
    if isinstance(previous, datetime.date) != isinstance(current, datetime.date):
        return None
    if isinstance(previous, datetime.date):
        try:
            previous = previous.replace(year=previous.year + 1)
        except ValueError:  # 29 February
            previous = previous.replace(year=previous.year + 1, day=28)
    if previous == current:
        return "same"
    direction = BETTER_WHEN.get(comparator)
    if not direction:
        return "changed"
    return "better" if (current > previous) == (direction > 0) else "worse"


class CciaaPerformanceCycleYears(models.AbstractModel):
    """The cycle among the chamber's years: the next cycle made from this one
    (wizard/next_cycle.py) and the stored figures of the previous one, which
    the screens, the Relazione and its workbook print beside this year's.
    A part of the cycle, named in its ``_inherit``."""

    _name = "cciaa.performance.cycle.years"
    _description = "Performance cycle: its previous and next years"

    def action_next_cycle(self):
        """The wizard that makes cycle N+1 from this one (preview, then write)."""
        self.ensure_one()
        check_groups(
            self.env,
            # cycle.py's MANAGERS: that module imports this one, its parts
            "cciaa_performance.group_sg,cciaa_performance.group_manager",
            self.env._(
                "Only the Segretario Generale or the performance manager creates "
                "the next cycle."
            ),
        )
        self.check_access("read")
        return self.env["cciaa.performance.next.cycle"]._open_for(self)

    def _previous_cycle(self):
        """Cycle N-1 of the same chamber, or an empty recordset."""
        self.ensure_one()
        return self.search(
            [("company_id", "=", self.company_id.id), ("year", "=", self.year - 1)],
            limit=1,
        )

    def _previous_indicator_figures(self):
        """{code: {"value": ..., "text": ...}} of cycle N-1's indicators: the
        stored entity result after its last stored quadrimester (a date or a
        number; None where it is not evaluable) and the same printed by the
        one formatter ("n.d." where there is none). The one lookup that the
        screens, the Relazione and its workbook print beside year N."""
        figures = {}
        for code, result in self._previous_results().items():
            indicator = result.indicator_id
            raw = None
            if result.evaluable:
                raw = (
                    result.result_date or None
                    if indicator.measure == "date"
                    else result.result_value
                )
            figures[code] = {
                "value": raw,
                "text": NOT_AVAILABLE
                if raw is None
                else value(raw, indicator.is_percent),
            }
        return figures

    def _previous_results(self, level="indicator", quarter=None):
        """{code: result} of cycle N-1 at ``level`` ("indicator": the entity
        figure of each indicator; "ente", "area", "os", "oo"), after its
        ``quarter`` (default: the last it has stored). The one lookup behind
        every year-over-year column: records match by code, since N and N-1
        are different trees. Empty where there is no cycle N-1."""
        previous = self._previous_cycle()
        if not previous:
            return {}
        Result = self.env["cciaa.performance.result"]
        domain = [("cycle_id", "=", previous.id), ("level", "=", level)]
        if level == "indicator":
            domain.append(("unit_code", "=", False))
        if quarter is None:
            last = Result.search(domain, order="quarter desc", limit=1)
            if not last:
                return {}
            quarter = last.quarter
        return {
            result.code: result
            for result in Result.search([*domain, ("quarter", "=", quarter)])
        }
