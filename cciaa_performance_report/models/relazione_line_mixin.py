from odoo import api, fields, models
from odoo.exceptions import UserError


class CciaaPerformanceRelazioneLineMixin(models.AbstractModel):
    """Context data of a Relazione: editable only while the Relazione is a draft
    (what the Giunta approved and the OIV validated does not change)."""

    _name = "cciaa.performance.relazione.line.mixin"
    _description = "Line of a Relazione (locked after approval)"

    relazione_id = fields.Many2one(
        "cciaa.performance.relazione", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="relazione_id.company_id", store=True, index=True
    )

    def _check_relazione_draft(self, relazioni):
        if self.env.su:
            return
        for relazione in relazioni:
            if relazione.state != "draft":
                raise UserError(
                    self.env._(
                        "%(name)s is no longer a draft: its data cannot change.",
                        name=relazione.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._check_relazione_draft(records.relazione_id)
        return records

    def write(self, vals):
        self.check_access("write")  # the access error first, then the lock
        self._check_relazione_draft(self.relazione_id)
        result = super().write(vals)
        self._check_relazione_draft(self.relazione_id)
        return result

    def unlink(self):
        self.check_access("unlink")
        self._check_relazione_draft(self.relazione_id)
        return super().unlink()
