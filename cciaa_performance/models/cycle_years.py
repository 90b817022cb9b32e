from odoo import models

from .cycle import MANAGERS
from .guard import check_groups


class CciaaPerformanceCycle(models.Model):
    """The cycle among the chamber's years: the next cycle made from this one
    (wizard/next_cycle.py) and the stored figures of the previous one, which
    the screens, the Relazione and its workbook print beside this year's."""

    _inherit = "cciaa.performance.cycle"

    def action_next_cycle(self):
        """The wizard that makes cycle N+1 from this one (preview, then write)."""
        self.ensure_one()
        check_groups(
            self.env,
            MANAGERS,
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
