from odoo import api, fields, models

from ..report import formats

LETTERS = [(letter, letter) for letter in "ABCDEFGHIJK"]


class CciaaPerformanceRelazioneCheck(models.Model):
    """Outcome of one automatic pre-validation check of a Relazione, mapped to
    the OIV checklist letter it supports (report/prevalidation.py)."""

    _name = "cciaa.performance.relazione.check"
    _description = "Relazione pre-validation check"
    _order = "relazione_id, sequence"

    relazione_id = fields.Many2one(
        "cciaa.performance.relazione", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="relazione_id.company_id", store=True, index=True
    )
    sequence = fields.Integer()
    code = fields.Char(required=True)
    letter = fields.Selection(LETTERS, string="OIV item", required=True)
    name = fields.Char(string="Check", compute="_compute_texts")
    status = fields.Selection(
        [
            ("ok", "Passed"),
            ("warning", "Warnings"),
            ("error", "Errors"),
            ("na", "Not applicable"),
        ],
        required=True,
    )
    findings = fields.Json(string="Findings (data)")
    findings_count = fields.Integer(
        compute="_compute_texts", string="Number of findings"
    )
    findings_text = fields.Text(compute="_compute_texts", string="Details")
    printed = fields.Text(
        string="As printed", help="The findings as the annex prints them."
    )

    @api.depends("code", "findings")
    def _compute_texts(self):
        labels = self._labels()
        messages = self._messages()
        reasons = dict(
            self.env["cciaa.performance.result"]
            ._fields["reason"]
            ._description_selection(self.env)
        )
        for check in self:
            check.name = labels.get(check.code, check.code)
            findings = check.findings or []
            check.findings_count = len(findings)
            lines = []
            for code, params in findings:
                values = formats.finding_params(params or {})
                if values.get("reason"):  # a reason code: its label
                    values["reason"] = reasons.get(values["reason"], values["reason"])
                try:
                    lines.append(messages.get(code, code) % values)
                except (KeyError, TypeError, ValueError):
                    lines.append(f"{code}: {params}")
            check.findings_text = "\n".join(lines)

    def _labels(self):
        return {
            "results": self.env._("Every objective and indicator has a result"),
            "criticita": self.env._("Every objective below 100% has its criticità"),
            "overrides": self.env._("Every motivated evaluation has a motivation"),
            "weights": self.env._("Weights sum to 100 at every level"),
            "dates": self.env._(
                "Date results and targets are dates within the cycle's year"
            ),
            "shares": self.env._("No share above 100%"),
            "algorithm": self.env._("The algorithm text agrees with the target"),
            "rollup": self.env._(
                "Ente and areas equal the weighted mean of the level below"
            ),
            "sections": self.env._("Section 1 figures equal section 3 figures"),
            "context": self.env._("Context tables add up (staff, budget)"),
            "individual": self.env._("No duplicated individual-objective row"),
            "transparency": self.env._(
                "Transparency and anti-corruption objectives are measured"
            ),
            "placeholders": self.env._("No unfilled placeholder in the narrative"),
            "wording": self.env._("Four-monthly reports are called quadrimestrali"),
        }

    def _messages(self):
        return {
            "no_result": self.env._("%(kind)s %(code)s has no result"),
            "not_evaluable": self.env._(
                "%(kind)s %(code)s is not evaluable (%(reason)s)"
            ),
            "missing_criticita": self.env._(
                "Objective %(code)s is at %(score)s and has no criticità"
            ),
            "missing_motivation": self.env._(
                "The motivated evaluation of %(code)s has no motivation"
            ),
            "weights": self.env._(
                "The weights of %(codes)s sum to %(total)s instead of 100"
            ),
            "target_out_of_year": self.env._(
                "%(code)s: target %(date)s outside the year %(year)s"
            ),
            "target_not_date": self.env._("%(code)s: target %(value)s is not a date"),
            "date_out_of_year": self.env._(
                "%(code)s%(unit)s: date %(date)s outside the year %(year)s"
            ),
            "date_as_number": self.env._(
                "%(code)s%(unit)s: a date stored as the number %(value)s"
            ),
            "share_out_of_range": self.env._(
                "%(code)s%(unit)s: %(what)s is %(value)s, above 100%%"
            ),
            "algorithm_target": self.env._(
                '%(code)s: the algorithm says "%(text)s" but the target is %(target)s'
            ),
            "algorithm_direction": self.env._(
                '%(code)s: the algorithm "%(text)s" contradicts the comparator '
                "%(comparator)s"
            ),
            "rollup": self.env._(
                "%(code)s: %(score)s stored, the weighted mean gives %(expected)s"
            ),
            "section_mismatch": self.env._(
                "%(what)s: section 1 prints %(s1)s, section 3 %(s3)s"
            ),
            "staff_total": self.env._(
                "Staff by %(table)s, %(year)s: rows add up to %(sum)s, headcount "
                "%(total)s"
            ),
            "budget_total": self.env._(
                "Budget, %(line)s (%(column)s): declared %(declared)s, lines add up "
                "to %(sum)s"
            ),
            "duplicate_row": self.env._(
                "%(scheda)s: %(code)s%(unit)s appears %(count)s times"
            ),
            "no_transparency": self.env._(
                "No objective or indicator on transparency or anti-corruption"
            ),
            "placeholder": self.env._('%(where)s: unfilled placeholder "%(text)s"'),
            "wording": self.env._('%(where)s: "%(word)s" for four-monthly reports'),
        }
