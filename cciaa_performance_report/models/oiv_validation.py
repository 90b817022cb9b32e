from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cciaa_performance.models.guard import bookkeeping, is_trusted, trusted

OIV_GROUP = "cciaa_performance.group_oiv"
OUTCOMES = [
    ("valida", "VALIDA"),
    ("valida_osservazioni", "VALIDA CON OSSERVAZIONI"),
    ("non_valida", "NON VALIDA"),
]
# A validation with observations is still a validation (the OIV validates and
# records its remarks): it moves the cycle to "validated" like VALIDA.
POSITIVE_OUTCOMES = ("valida", "valida_osservazioni")

# The checklist of Allegato 1 (Unioncamere guidelines): document content, in
# Italian as the OIV signs it.
CHECKLIST = [
    (
        "A",
        "Coerenza fra contenuti della Relazione e contenuti del Piano della "
        "performance "
        "relativo all'anno di riferimento",
    ),
    (
        "B",
        "Coerenza fra la valutazione della performance organizzativa complessiva "
        "effettuata dall'OIV e le valutazioni degli obiettivi di performance "
        "organizzativa riportate dall'ente nella Relazione",
    ),
    (
        "C",
        "Presenza nella Relazione dei risultati relativi a tutti gli obiettivi (sia di "
        "performance organizzativa che individuale) inseriti nel Piano",
    ),
    (
        "D",
        "Verifica che nella misurazione e valutazione delle performance si sia tenuto "
        "conto degli obiettivi connessi all'anticorruzione e alla trasparenza",
    ),
    (
        "E",
        "Verifica del corretto utilizzo del metodo di calcolo previsto per gli "
        "indicatori",
    ),
    (
        "F",
        "Affidabilità dei dati utilizzati per la compilazione della relazione (con "
        "preferenza per fonti esterne certificate o fonti interne non auto-dichiarate, "
        "prime tra tutte il controllo di gestione)",
    ),
    (
        "G",
        "Effettiva evidenziazione, per tutti gli obiettivi e rispettivi indicatori, "
        "degli eventuali scostamenti riscontrati fra risultati programmati e risultati "
        "effettivamente conseguiti, con indicazione della relativa motivazione",
    ),
    (
        "H",
        "Adeguatezza del processo di misurazione e valutazione dei risultati descritto "
        "nella Relazione anche con riferimento agli obiettivi non inseriti nel Piano",
    ),
    (
        "I",
        "Conformità della Relazione alle disposizioni normative vigenti e alle linee "
        "guida Unioncamere",
    ),
    (
        "J",
        "Sinteticità della Relazione (lunghezza complessiva, utilizzo di schemi e "
        "tabelle, ecc.)",
    ),
    (
        "K",
        "Chiarezza e comprensibilità della Relazione (linguaggio, utilizzo di "
        "rappresentazioni grafiche, presenza indice, pochi rinvii ad altri documenti "
        "o a "
        "riferimenti normativi, ecc.)",
    ),
]


class CciaaPerformanceOivValidation(models.Model):
    """The OIV's validation of a Relazione (Allegato 1): evidence for each item
    A–K, the outcome, date and signatory. Only the OIV group writes it — access
    rights, record rules and the checks below, so that it holds over RPC too;
    everybody else reads it. Validating with a positive outcome moves the
    Relazione and the cycle to "validated", which unlocks the premiums."""

    _name = "cciaa.performance.oiv.validation"
    _description = "OIV validation of the Relazione"
    _inherit = ["mail.thread"]
    _rec_name = "relazione_id"

    relazione_id = fields.Many2one(
        "cciaa.performance.relazione",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    cycle_id = fields.Many2one(related="relazione_id.cycle_id", store=True, index=True)
    company_id = fields.Many2one(
        related="relazione_id.company_id", store=True, index=True
    )
    year = fields.Integer(related="relazione_id.year")
    relazione_state = fields.Selection(
        related="relazione_id.state", string="Relazione state"
    )
    state = fields.Selection(
        [("draft", "To validate"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    outcome = fields.Selection(OUTCOMES, tracking=True)
    observations = fields.Text(tracking=True)
    date = fields.Date(string="Validation date", tracking=True)
    signatory = fields.Char(tracking=True, help="Who signs for the OIV.")
    user_id = fields.Many2one(
        "res.users", string="Validated by", readonly=True, tracking=True
    )
    item_ids = fields.One2many(
        "cciaa.performance.oiv.validation.item", "validation_id", string="Checklist"
    )

    _sql_constraints = [
        (
            "relazione_uniq",
            "unique(relazione_id)",
            "A Relazione has one OIV validation.",
        ),
    ]

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._check_oiv()
        for vals in vals_list:
            if {"state", "user_id"} & set(vals) and not is_trusted(self.env):
                raise UserError(
                    self.env._("The validation is recorded with its button.")
                )
            vals.setdefault(
                "item_ids",
                [
                    fields.Command.create({"letter": letter, "name": text})
                    for letter, text in CHECKLIST
                ],
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_oiv()
        if is_trusted(self.env):
            return super().write(vals)
        if "state" in vals or "user_id" in vals:
            raise UserError(self.env._("The validation is recorded with its button."))
        if set(vals) - bookkeeping(vals):
            # concluded: not even sudo code changes it (only the trusted marker)
            self._check_open()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise UserError(self.env._("An OIV validation is never deleted."))
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_concluded(self):
        if is_trusted(self.env):
            return
        for validation in self:
            if validation.state == "done" or validation.relazione_id.state in (
                "validated",
                "published",
            ):
                raise UserError(
                    self.env._(
                        "The OIV validation of a validated Relazione is never deleted."
                    )
                )

    # -- checks ----------------------------------------------------------------

    def _check_oiv(self):
        """Only the OIV writes its record, whatever the client (superuser code
        such as the Relazione's creation excepted)."""
        if self.env.su:
            return
        if not self.env.user.has_group(OIV_GROUP):
            raise AccessError(
                self.env._("Only the OIV edits the validation of the Relazione.")
            )

    def _check_open(self):
        for validation in self:
            if validation.state == "done" or validation.relazione_id.state in (
                "validated",
                "published",
            ):
                raise UserError(
                    self.env._("This validation is concluded and cannot change.")
                )

    # -- actions ---------------------------------------------------------------

    def action_validate(self):
        """Record the OIV's outcome. VALIDA and VALIDA CON OSSERVAZIONI validate
        the Relazione and the cycle; NON VALIDA sends the Relazione back to draft."""
        self._check_oiv()
        self._check_open()
        for validation in self:
            relazione = validation.relazione_id
            if relazione.state != "approved":
                raise UserError(
                    self.env._("The OIV validates a Relazione approved by the Giunta.")
                )
            missing = [
                name
                for name, value in (
                    (self.env._("outcome"), validation.outcome),
                    (self.env._("date"), validation.date),
                    (self.env._("signatory"), validation.signatory),
                )
                if not value
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Fill in the %(fields)s of the validation.",
                        fields=", ".join(missing),
                    )
                )
            if validation.outcome in POSITIVE_OUTCOMES:
                empty = validation.item_ids.filtered(
                    lambda i: not (i.evidence or "").strip()
                )
                if empty:
                    raise UserError(
                        self.env._(
                            "Give the evidence of every checklist item (missing: "
                            "%(letters)s).",
                            letters=", ".join(empty.mapped("letter")),
                        )
                    )
            if (
                validation.outcome != "valida"
                and not (validation.observations or "").strip()
            ):
                raise UserError(self.env._("State the OIV's observations."))
            trusted(validation.sudo()).write(
                {"state": "done", "user_id": self.env.user.id}
            )
            outcome = dict(OUTCOMES)[validation.outcome]
            if validation.outcome in POSITIVE_OUTCOMES:
                trusted(relazione.sudo()).write({"state": "validated"})
                relazione.cycle_id._mark_validated()
            else:
                trusted(relazione.sudo()).write({"state": "draft"})
            body = self.env._(
                "OIV validation: %(outcome)s on %(date)s, signed by %(signatory)s.",
                outcome=outcome,
                date=validation.date.strftime("%d/%m/%Y"),
                signatory=validation.signatory,
            )
            # posted as the OIV member, on records they may no longer write
            author = self.env.user.partner_id.id
            for record in (validation, relazione, relazione.cycle_id):
                record.sudo()._message_log(body=body, author_id=author)
        return True
