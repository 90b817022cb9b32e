import re

from markupsafe import Markup, escape

from odoo import api, fields, models

# Narrative sections of the Relazione (Unioncamere guidelines): key, label.
SECTIONS = [
    ("premessa", "Foreword"),
    ("context_external", "2.1 External context"),
    ("context_administration", "2.2 The administration"),
    ("results", "3 Results achieved"),
    ("criticita", "3 Issues and opportunities"),
    ("oiv_evaluation", "3.3 Overall evaluation of organisational performance"),
    ("gender", "3.4 Gender report"),
    ("individual", "4 Individual objectives"),
    ("process", "5 Measurement and evaluation process"),
    ("strengths", "5.2 Strengths and weaknesses of the cycle"),
]
SECTION_KEYS = [key for key, _label in SECTIONS]
PLACEHOLDER = re.compile(r"\{(ente|anno|anno_successivo|piano)\}")


class CciaaPerformanceRelazioneTemplate(models.Model):
    """Editable default text of a narrative section of the Relazione. A chamber
    may keep its own version (company set); the shipped one has no company.
    Placeholders: {ente}, {anno}, {anno_successivo}, {piano}."""

    _name = "cciaa.performance.relazione.template"
    _description = "Relazione section template"
    _order = "sequence, key, company_id"

    key = fields.Selection(SECTIONS, required=True, string="Section")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", help="Empty: every chamber.")
    body = fields.Html(sanitize_style=True)
    active = fields.Boolean(default=True)

    @api.model
    def _texts_for(self, company, values):
        """Section key -> Markup, the company's template first, then the shipped one."""
        templates = self.search(
            [("company_id", "in", (company.id, False))], order="company_id, sequence"
        )
        texts = {}
        for template in templates.sorted(lambda t: not t.company_id):
            if template.key not in texts and template.body:
                texts[template.key] = Markup(
                    PLACEHOLDER.sub(
                        lambda m: str(escape(values[m.group(1)])), template.body
                    )
                )
        return texts
