from odoo import fields, models


class CciaaPerformanceRelazionePhase(models.Model):
    """A phase of the drafting process (section 5.1): when, what, who."""

    _name = "cciaa.performance.relazione.phase"
    _description = "Relazione process phase"
    _inherit = ["cciaa.performance.relazione.line.mixin"]
    _order = "relazione_id, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Phase", required=True)
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    date_text = fields.Char(
        string="When (text)",
        help="For periodic phases, e.g. every "
        "quadrimester; printed instead of the dates.",
    )
    description = fields.Text()
    owners = fields.Text(string="Responsible")
    user_ids = fields.Many2many("res.users", string="Responsible users")
