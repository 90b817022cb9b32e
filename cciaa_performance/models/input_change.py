from odoo import api, fields, models


class CciaaPerformanceInputChange(models.Model):
    """A change of what feeds a cycle's figures, since its last recompute.

    Every create, write or delete of a record that feeds figures appends a
    row (guard.py, the freeze mixin); the recompute service removes the rows
    it has seen. So the scheduled run knows without reading any input which
    chambers changed: an hourly run where nothing changed reads one table.
    Rows are only appended (never updated), so concurrent data entry in one
    chamber never waits on, or conflicts with, another writer's mark."""

    _name = "cciaa.performance.input.change"
    _description = "Change of the inputs of a cycle"
    _log_access = False

    cycle_id = fields.Many2one(
        "cciaa.performance.cycle", required=True, ondelete="cascade", index=True
    )

    @api.model
    def _mark(self, cycle_ids):
        """Record that the inputs of ``cycle_ids`` changed (plain SQL: one
        statement whatever the number of records written)."""
        cycle_ids = sorted({cid for cid in cycle_ids if cid})
        if cycle_ids:
            self.env.cr.execute(
                "INSERT INTO cciaa_performance_input_change (cycle_id) "
                "SELECT unnest(%s::int[])",
                [cycle_ids],
            )

    @api.model
    def _seen(self, cycle_ids):
        """The last change recorded so far for ``cycle_ids`` (0: none)."""
        self.env.cr.execute(
            "SELECT COALESCE(max(id), 0) FROM cciaa_performance_input_change "
            "WHERE cycle_id = ANY(%s)",
            [list(cycle_ids)],
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _forget(self, cycle_ids, up_to):
        """The changes up to ``up_to`` are in the stored figures now; later
        ones (made while the recompute ran) stay for the next run."""
        self.env.cr.execute(
            "DELETE FROM cciaa_performance_input_change "
            "WHERE cycle_id = ANY(%s) AND id <= %s",
            [list(cycle_ids), up_to],
        )

    @api.model
    def _changed_cycles(self, cycle_ids):
        """The ids among ``cycle_ids`` whose inputs changed since their last
        recompute."""
        self.env.cr.execute(
            "SELECT DISTINCT cycle_id FROM cciaa_performance_input_change "
            "WHERE cycle_id = ANY(%s)",
            [list(cycle_ids)],
        )
        return {row[0] for row in self.env.cr.fetchall()}
