from odoo import fields, models


class CciaaPerformanceRelazioneBudgetLine(models.Model):
    """A line of the budget table of section 2.2 (proventi / oneri correnti:
    preventivo, preventivo aggiornato, consuntivo). Totals are printed as the
    sums of the lines; a line flagged as declared total carries the total of
    the approved financial statements, which the pre-validation compares with
    that sum (the 2019 document printed 3.821.170,00 over lines adding up to
    3.821.170,17)."""

    _name = "cciaa.performance.relazione.budget.line"
    _description = "Relazione budget line"
    _inherit = ["cciaa.performance.relazione.line.mixin"]
    _order = "relazione_id, section desc, sequence, id"

    sequence = fields.Integer(default=10)
    section = fields.Selection(
        [("proventi", "Current income (A)"), ("oneri", "Current expenses (B)")],
        required=True,
    )
    name = fields.Char(string="Item", required=True)
    preventivo = fields.Float(string="Budget", digits=(16, 2))
    aggiornato = fields.Float(string="Updated budget", digits=(16, 2))
    consuntivo = fields.Float(string="Final accounts", digits=(16, 2))
    is_declared_total = fields.Boolean(
        string="Declared total",
        help="The total as approved in the financial statements: not summed, checked "
        "against the sum of the other lines of its section.",
    )
