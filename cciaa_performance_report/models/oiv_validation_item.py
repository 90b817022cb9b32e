from odoo import api, fields, models

from .relazione_check import LETTERS


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
        return super().create(vals_list)

    def write(self, vals):
        validations = self.validation_id
        validations._check_oiv()
        if not self.env.su:
            validations._check_open()
        result = super().write(vals)
        if not self.env.su and {"evidence", "outcome"} & set(vals):
            for item in self:
                item.validation_id.message_post(
                    body=self.env._(
                        "Item %(letter)s: %(evidence)s",
                        letter=item.letter,
                        evidence=item.evidence or "—",
                    )
                )
        return result

    def unlink(self):
        self.env["cciaa.performance.oiv.validation"]._check_oiv()
        self.validation_id._check_open()
        return super().unlink()
