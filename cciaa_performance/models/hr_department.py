from odoo import api, fields, models
from odoo.exceptions import ValidationError

UNIT_KINDS = [
    ("sg", "Segretario Generale"),
    ("area", "Area"),
    ("servizio", "Service"),
    ("ufficio", "Office"),
    ("azienda_speciale", "Special agency"),
    ("pseudo", "Pseudo-unit (ENTE, TUTTI, FRD)"),
]


class HrDepartment(models.Model):
    """Organisational units of the chamber, dated: a reorganisation creates new
    units, the old ones stay for the months they existed."""

    _name = "hr.department"
    # the P.O.'s home cards: a part of the units in a file of its own
    _inherit = ["hr.department", "cciaa.performance.unit.home"]

    cciaa_code = fields.Char(string="Unit code", index=True)
    cciaa_kind = fields.Selection(UNIT_KINDS, string="Unit kind")
    cciaa_date_from = fields.Date(string="Valid from")
    cciaa_date_to = fields.Date(string="Valid to")

    _sql_constraints = [
        (
            "cciaa_code_company_uniq",
            "unique(company_id, cciaa_code)",
            "A unit code is used once per chamber.",
        ),
    ]

    @api.ondelete(at_uninstall=False)  # uninstalled, the figures go too
    def _unlink_figure_links(self):
        # the figures' links carry no foreign key (result.py _Link)
        self.env["cciaa.performance.result"]._forget_links(self._name, self.ids)

    @api.depends("cciaa_code")
    def _compute_display_name(self):
        """Units of two charts may share a name ("Servizio Registro Imprese"
        before and after the 2019 reorganisation): the code tells them apart."""
        res = super()._compute_display_name()
        for unit in self.filtered("cciaa_code"):
            unit.display_name = f"[{unit.cciaa_code}] {unit.display_name}"
        return res

    @api.constrains("cciaa_date_from", "cciaa_date_to")
    def _check_cciaa_dates(self):
        for unit in self:
            if (
                unit.cciaa_date_from
                and unit.cciaa_date_to
                and (unit.cciaa_date_to < unit.cciaa_date_from)
            ):
                raise ValidationError(
                    self.env._(
                        "Unit %(code)s ends before it starts.", code=unit.cciaa_code
                    )
                )

    def _cciaa_valid_on(self, day):
        return self.filtered(
            lambda u: (
                (not u.cciaa_date_from or u.cciaa_date_from <= day)
                and (not u.cciaa_date_to or day <= u.cciaa_date_to)
            )
        )
