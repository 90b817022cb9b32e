from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cciaa_performance.models.guard import bookkeeping, is_trusted

from .relazione_check import LETTERS

# the text of Allegato 1 and the link to the validation: fixed, only the
# OIV's assessment (evidence, outcome) is written
FIXED_FIELDS = {"letter", "name", "validation_id", "company_id"}


class CciaaPerformanceOivValidationItem(models.Model):
    """An item A–K of the OIV checklist (Allegato 1) with the OIV's evidence.
    Changes are written in the chatter of the validation."""

    _name = "cciaa.performance.oiv.validation.item"
    _description = "OIV checklist item"
    _order = "validation_id, letter"

    validation_id = fields.Many2one(
        "cciaa.performance.oiv.validation",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="validation_id.company_id", store=True, index=True
    )
    letter = fields.Selection(LETTERS, required=True, readonly=True)
    name = fields.Text(string="Item", required=True, readonly=True)
    evidence = fields.Text()
    outcome = fields.Selection(
        [("ok", "Compliant"), ("remarks", "With remarks"), ("ko", "Not compliant")],
        string="Assessment",
    )
    automatic_checks = fields.Text(
        compute="_compute_automatic_checks",
        help="Outcome of the automatic pre-validation checks that support this item.",
    )

    _sql_constraints = [
        ("letter_uniq", "unique(validation_id, letter)", "One item per letter."),
    ]

    @api.depends("validation_id.relazione_id.check_ids.status", "letter")
    def _compute_automatic_checks(self):
        for item in self:
            checks = item.validation_id.relazione_id.check_ids.filtered(
                lambda c, letter=item.letter: c.letter == letter
            )
            status = dict(checks._fields["status"]._description_selection(self.env))
            item.automatic_checks = (
                "\n".join(f"{status.get(c.status, c.status)}: {c.name}" for c in checks)
                or False
            )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["cciaa.performance.oiv.validation"]._check_oiv()
        if not (self.env.su or is_trusted(self.env)):
            # the checklist A–K is created with the validation, never by a client
            raise UserError(self._fixed_message())
        records = super().create(vals_list)
        if not is_trusted(self.env):
            records.validation_id._check_open()
        return records

    def _fixed_message(self):
        return self.env._(
            "The items of the OIV checklist are those of Allegato 1: only their "
            "evidence and assessment are written."
        )

    def write(self, vals):
        validations = self.validation_id
        validations._check_oiv()
        if not is_trusted(self.env):
            if FIXED_FIELDS & set(vals):
                raise UserError(self._fixed_message())
            if set(vals) - bookkeeping(vals):
                validations._check_open()
        result = super().write(vals)
        if not self.env.su and {"evidence", "outcome"} & set(vals):
            for item in self:
                item.validation_id._message_log(
                    body=self.env._(
                        "Item %(letter)s: %(evidence)s",
                        letter=item.letter,
                        evidence=item.evidence or "—",
                    )
                )
        return result

    def unlink(self):
        self.env["cciaa.performance.oiv.validation"]._check_oiv()
        if not (self.env.su or is_trusted(self.env)):
            raise UserError(self._fixed_message())
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_concluded(self):
        if not is_trusted(self.env):
            self.validation_id._check_open()
