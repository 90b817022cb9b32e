from odoo import fields, models

from odoo.addons.cciaa_performance.models.guard import trusted


class CciaaPerformanceCycle(models.Model):
    _inherit = "cciaa.performance.cycle"

    relazione_ids = fields.One2many("cciaa.performance.relazione", "cycle_id")

    def action_open_relazione(self):
        """The cycle's Relazione, created (with its texts from the templates and
        the staff tables from the employees) the first time."""
        self.ensure_one()
        relazione = self.relazione_ids[:1]
        if not relazione:
            relazione = self.env["cciaa.performance.relazione"].create(
                {"cycle_id": self.id}
            )
            relazione._compute_context()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cciaa.performance.relazione",
            "res_id": relazione.id,
            "view_mode": "form",
            "target": "current",
        }

    def _unvalidate(self):
        """A reopened validation takes the Relazione back to approved and its
        OIV validation back to be done again: both were frozen."""
        relazioni = self.sudo().relazione_ids.filtered(
            lambda r: r.state in ("validated", "published")
        )
        trusted(relazioni.validation_id).write({"state": "draft"})
        trusted(relazioni).write({"state": "approved"})
        result = super()._unvalidate()
        relazioni._handoff_reopened()
        return result
