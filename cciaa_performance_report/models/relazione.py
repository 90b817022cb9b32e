import csv
import datetime
import os

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cciaa_performance.models.guard import bookkeeping, is_trusted, trusted

from ..report.staff_tables import (
    DIMENSIONS,
    GENDER_INDICATORS,
    GENDER_KEYS,
    OPTIONAL_KEYS,
    UNKNOWN,
    UNKNOWN_LABEL,
    gender_indicators,
    staff_tables,
)
from .relazione_template import SECTION_KEYS, SECTIONS

STATES = [
    ("draft", "Draft"),
    ("approved", "Approved by the Giunta"),
    ("validated", "Validated by the OIV"),
    ("published", "Published"),
]
# read by every internal user; before, by the manager, SG, HR and OIV (security/)
PUBLIC_STATES = ("validated", "published")
# what may still change once the Giunta has approved the document
EDITABLE_AFTER_APPROVAL = {"transmitted_by", "transmission_date", "quarter"}
STAFF_YEARS = 4  # the 2019 document prints four years of staff tables
GENDER_YEARS = 5  # and five years of gender indicators
CSV_BOOL = {"si": True, "sì": True, "yes": True, "true": True, "1": True}


class CciaaPerformanceRelazione(models.Model):
    """The Relazione sulla performance of a cycle: narrative, context data,
    approval by the Giunta, validation by the OIV, publication. Every figure it
    prints comes from the cycle's stored results through the report's data
    provider; this record holds what the results do not."""

    _name = "cciaa.performance.relazione"
    _description = "Relazione sulla performance"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "year desc, company_id"

    name = fields.Char(compute="_compute_name", store=True)
    cycle_id = fields.Many2one(
        "cciaa.performance.cycle",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="cycle_id.company_id", store=True, index=True)
    year = fields.Integer(related="cycle_id.year", store=True)
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, copy=False
    )
    quarter = fields.Selection(
        [("1", "I"), ("2", "II"), ("3", "III")],
        string="Quadrimester printed",
        help="Empty: the latest quadrimester with stored results.",
    )
    delibera_number = fields.Char(string="Giunta deliberation no.", tracking=True)
    delibera_date = fields.Date(string="Giunta deliberation date", tracking=True)
    president_name = fields.Char(string="President")
    secretary_name = fields.Char(string="Segretario Generale")
    transmitted_by = fields.Char(
        string="Sent to the OIV by", help="Office that sends the Relazione to the OIV."
    )
    transmission_date = fields.Date(string="Sent to the OIV on")
    section_premessa = fields.Html(string="Foreword", sanitize_style=True)
    section_context_external = fields.Html(
        string="External context", sanitize_style=True
    )
    section_context_administration = fields.Html(
        string="The administration", sanitize_style=True
    )
    section_results = fields.Html(string="Results achieved", sanitize_style=True)
    section_criticita = fields.Html(
        string="Issues and opportunities", sanitize_style=True
    )
    section_oiv_evaluation = fields.Html(
        string="Overall evaluation (OIV)", sanitize_style=True
    )
    section_gender = fields.Html(string="Gender report", sanitize_style=True)
    section_individual = fields.Html(
        string="Individual objectives", sanitize_style=True
    )
    section_process = fields.Html(
        string="Measurement and evaluation process", sanitize_style=True
    )
    section_strengths = fields.Html(
        string="Strengths and weaknesses", sanitize_style=True
    )
    staff_line_ids = fields.One2many(
        "cciaa.performance.relazione.staff.line", "relazione_id", string="Staff tables"
    )
    budget_line_ids = fields.One2many(
        "cciaa.performance.relazione.budget.line", "relazione_id", string="Budget"
    )
    gender_line_ids = fields.One2many(
        "cciaa.performance.relazione.gender.line", "relazione_id", string="Gender table"
    )
    phase_ids = fields.One2many(
        "cciaa.performance.relazione.phase", "relazione_id", string="Process phases"
    )
    check_ids = fields.One2many(
        "cciaa.performance.relazione.check", "relazione_id", string="Pre-validation"
    )
    checked_on = fields.Datetime(string="Pre-validation run on", readonly=True)
    check_error_count = fields.Integer(compute="_compute_check_counts", string="Errors")
    check_warning_count = fields.Integer(
        compute="_compute_check_counts", string="Warnings"
    )
    validation_id = fields.Many2one(
        "cciaa.performance.oiv.validation",
        readonly=True,
        copy=False,
        string="OIV validation",
    )
    validation_outcome = fields.Selection(
        related="validation_id.outcome", string="OIV outcome"
    )

    _sql_constraints = [
        ("cycle_uniq", "unique(cycle_id)", "A cycle has one Relazione."),
    ]

    @api.depends("cycle_id.year", "company_id.name")
    def _compute_name(self):
        for relazione in self:
            relazione.name = self.env._(
                "Relazione sulla performance %(year)s", year=relazione.year or ""
            )

    @api.depends("check_ids.status")
    def _compute_check_counts(self):
        for relazione in self:
            relazione.check_error_count = len(
                relazione.check_ids.filtered(lambda c: c.status == "error")
            )
            relazione.check_warning_count = len(
                relazione.check_ids.filtered(lambda c: c.status == "warning")
            )

    # -- CRUD ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Cycle = self.env["cciaa.performance.cycle"]
        for vals in vals_list:
            if vals.get("state", "draft") != "draft" and not is_trusted(self.env):
                raise UserError(
                    self.env._(
                        "The state of a Relazione changes through its buttons "
                        "(approval, OIV validation, publication)."
                    )
                )
            cycle = Cycle.browse(vals.get("cycle_id"))
            if not cycle:
                continue
            texts = self.env["cciaa.performance.relazione.template"]._texts_for(
                cycle.company_id,
                {
                    "ente": cycle.company_id.name,
                    "anno": cycle.year,
                    "anno_successivo": cycle.year + 1,
                    "piano": f"{cycle.year}-{cycle.year + 2}",
                },
            )
            for key in SECTION_KEYS:
                vals.setdefault(f"section_{key}", texts.get(key, False))
        relazioni = super().create(vals_list)
        # the OIV's record exists from the start, so that only the OIV writes it
        validations = (
            self.env["cciaa.performance.oiv.validation"]
            .sudo()
            .create([{"relazione_id": relazione.id} for relazione in relazioni])
        )
        for relazione, validation in zip(relazioni, validations, strict=True):
            relazione.sudo().validation_id = validation
        return relazioni

    def write(self, vals):
        if "state" in vals and not is_trusted(self.env):
            raise UserError(
                self.env._(
                    "The state of a Relazione changes through its buttons (approval, "
                    "OIV "
                    "validation, publication)."
                )
            )
        locked_fields = (
            set(vals)
            - EDITABLE_AFTER_APPROVAL
            - {"state", "validation_id", "checked_on", "check_ids"}
        )
        locked_fields = {
            f for f in locked_fields if not f.startswith(("message_", "activity_"))
        }
        if locked_fields and not self.env.su:
            self._check_draft()
        changed = set(vals) - bookkeeping(vals)
        if changed and not is_trusted(self.env):
            self._check_not_validated()
        return super().write(vals)

    def _check_not_validated(self):
        """A Relazione validated by the OIV (or published) never changes and is
        never deleted, not even under sudo: only the trusted marker of the
        transitions passes."""
        for relazione in self:
            if relazione.state in ("validated", "published"):
                raise UserError(
                    self.env._(
                        "%(name)s has been validated by the OIV: it can no longer "
                        "change or be deleted.",
                        name=relazione.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_unless_validated(self):
        if not is_trusted(self.env):
            self._check_not_validated()

    def _check_readable(self):
        """Printing is reading: refused as a read is, with a sentence naming
        the Relazione when it is only its state that keeps it from the user
        (an office user or a P.O. before the OIV's validation)."""
        denied = (self - self._filtered_access("read")).sudo()
        early = denied.filtered(
            lambda r: (
                r.state not in PUBLIC_STATES and r.company_id in self.env.companies
            )
        )
        if early and self.browse().has_access("read"):
            raise AccessError(
                self.env._(
                    "%(name)s is not validated by the OIV yet: until then only the "
                    "performance manager, the Segretario Generale, HR and the OIV "
                    "read or print it.",
                    name=early[0].display_name,
                )
            )
        self.check_access("read")

    def _check_draft(self):
        for relazione in self:
            if relazione.state != "draft":
                raise UserError(
                    self.env._(
                        "%(name)s is no longer a draft: reset it to draft to change "
                        "it.",
                        name=relazione.display_name,
                    )
                )

    # -- actions ---------------------------------------------------------------

    def action_compute_context(self):
        """(Re)compute the staff tables and the computable gender indicators from
        the employees (hr.employee) in service on 31 December of each year."""
        self.check_access("write")
        self._check_draft()
        for relazione in self:
            relazione._compute_context()
        return True

    def action_run_checks(self):
        """Run the pre-validation on the prepared Relazione and store its outcome."""
        self.check_access("write")
        provider = self.env["report.cciaa_performance_report.report_relazione"]
        Check = self.env["cciaa.performance.relazione.check"].sudo()
        for relazione in self:
            checks = provider._prepare(relazione)["checks"]
            Check.search([("relazione_id", "=", relazione.id)]).unlink()
            Check.create(
                [
                    {
                        "relazione_id": relazione.id,
                        "sequence": check["sequence"],
                        "code": check["code"],
                        "letter": check["letter"],
                        "status": check["status"] if check["applicable"] else "na",
                        "findings": [
                            [code, _jsonable(params)]
                            for code, params in check["findings"]
                        ],
                        "printed": "\n".join(check["messages"]),
                    }
                    for check in checks
                ]
            )
            relazione.sudo().checked_on = fields.Datetime.now()
        return True

    def action_approve(self):
        """Record the Giunta's approval: needs the deliberation and a
        pre-validation without errors."""
        self.check_access("write")
        for relazione in self:
            if relazione.state != "draft":
                raise UserError(self.env._("Only a draft Relazione can be approved."))
            if not (relazione.delibera_number and relazione.delibera_date):
                raise UserError(
                    self.env._(
                        "Enter the number and date of the Giunta's deliberation first."
                    )
                )
            relazione.action_run_checks()
            errors = relazione.check_ids.filtered(lambda c: c.status == "error")
            if errors:
                raise UserError(
                    self.env._(
                        "The pre-validation found errors; correct them before the "
                        "approval:\n"
                        "%(errors)s",
                        errors="\n".join(
                            f"{c.letter} · {c.name}: {c.findings_text}" for c in errors
                        ),
                    )
                )
            trusted(relazione.sudo()).write({"state": "approved"})
            relazione._message_log(
                body=self.env._(
                    "Approved by the Giunta, deliberation no. %(number)s of %(date)s.",
                    number=relazione.delibera_number,
                    date=relazione.delibera_date.strftime("%d/%m/%Y"),
                )
            )
        return True

    def action_reset_draft(self):
        self.check_access("write")
        for relazione in self:
            if relazione.state != "approved":
                raise UserError(
                    self.env._(
                        "Only an approved Relazione not yet validated by the OIV can "
                        "go "
                        "back to draft."
                    )
                )
            trusted(relazione.sudo()).write({"state": "draft"})
        return True

    def action_publish(self):
        self.check_access("write")
        for relazione in self:
            if relazione.state != "validated":
                raise UserError(
                    self.env._("Only a Relazione validated by the OIV is published.")
                )
            trusted(relazione.sudo()).write({"state": "published"})
        return True

    def action_open_validation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cciaa.performance.oiv.validation",
            "res_id": self.validation_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_print_pdf(self):
        return self.env.ref(
            "cciaa_performance_report.action_report_relazione"
        ).report_action(self)

    def action_print_xlsx(self):
        return self.env.ref(
            "cciaa_performance_report.action_report_relazione_xlsx"
        ).report_action(self)

    # -- business --------------------------------------------------------------

    @api.model
    def _section_keys(self):
        return SECTION_KEYS

    @api.model
    def _section_labels(self):
        return [
            (key, self._fields[f"section_{key}"].string) for key, _label in SECTIONS
        ]

    def _staff_years(self):
        return list(range(self.year - STAFF_YEARS + 1, self.year + 1))

    def _employee_data(self):
        """The employees of the chamber (archived ones too: leavers) as the plain
        mappings ``staff_tables`` reads."""
        employees = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", self.company_id.id)])
        )
        return [
            {
                "gender": e.gender,
                "birthday": e.birthday,
                "hire_date": e.cciaa_hire_date,
                "end_date": e.cciaa_end_date,
                "category": e.cciaa_category,
                "part_time": e.cciaa_part_time,
                "education": e.cciaa_education,
                "contract": e.cciaa_contract,
            }
            for e in employees
        ]

    def _compute_context(self):
        self.ensure_one()
        employees = self._employee_data()
        years = self._staff_years()
        tables = staff_tables(employees, years)
        covered = [year for year in years if tables["headcount"][year]]
        Staff = self.env["cciaa.performance.relazione.staff.line"]
        Staff.search([("relazione_id", "=", self.id), ("year", "in", covered)]).unlink()
        labels = {
            d: dict([*bands, (UNKNOWN, UNKNOWN_LABEL)]) for d, _t, bands in DIMENSIONS
        }
        values = []
        for dimension, _title, bands in DIMENSIONS:
            for sequence, key in enumerate([k for k, _l in bands] + [UNKNOWN]):
                optional = key == UNKNOWN or (dimension, key) in OPTIONAL_KEYS
                if optional and not any(tables[dimension][y].get(key) for y in covered):
                    continue
                for year in covered:
                    values.append(
                        {
                            "relazione_id": self.id,
                            "year": year,
                            "dimension": dimension,
                            "key": key,
                            "label": labels[dimension][key],
                            "sequence": sequence,
                            "count": tables[dimension][year].get(key, 0),
                            "source": "computed",
                        }
                    )
        for year in covered:
            values.append(
                {
                    "relazione_id": self.id,
                    "year": year,
                    "dimension": "headcount",
                    "key": "total",
                    "label": "Totale",
                    "sequence": 0,
                    "count": tables["headcount"][year],
                    "source": "computed",
                }
            )
        Staff.create(values)
        Gender = self.env["cciaa.performance.relazione.gender.line"]
        computable = [key for key, _l, _u, flag in GENDER_INDICATORS if flag]
        Gender.search(
            [
                ("relazione_id", "=", self.id),
                ("year", "in", covered),
                ("indicator", "in", computable),
            ]
        ).unlink()
        gender_values = []
        for year in covered:
            for key, value in gender_indicators(employees, year).items():
                gender_values.append(
                    {
                        "relazione_id": self.id,
                        "year": year,
                        "indicator": key,
                        "value": value or 0.0,
                        "no_data": value is None,
                        "source": "computed",
                    }
                )
        Gender.create(gender_values)

    def _load_context_folder(self, path):
        """Load the context data of a Relazione from a folder of CSV files (the
        data set's ``relazione/`` folder, cciaa_performance/datasets/README.md):
        ``personale.csv`` (employees, created or updated by matricola),
        ``bilancio.csv``, ``genere.csv`` (entered gender rows), ``fasi.csv``,
        ``relazione.csv`` (delibera, signatories) and ``sezioni/<key>.html``
        (narrative). Then recomputes the staff and gender tables."""
        self.ensure_one()
        self.check_access("write")
        self._check_draft()

        def rows(name):
            file_path = os.path.join(path, name)
            if not os.path.exists(file_path):
                return None
            with open(file_path, encoding="utf-8-sig", newline="") as handle:
                return list(csv.DictReader(handle))

        header = rows("relazione.csv")
        if header is not None:
            values = {r["chiave"]: r["valore"] for r in header}
            self.write(
                {
                    "delibera_number": values.get("delibera_numero") or False,
                    "delibera_date": values.get("delibera_data") or False,
                    "president_name": values.get("presidente") or False,
                    "secretary_name": values.get("segretario_generale") or False,
                }
            )
        staff = rows("personale.csv")
        if staff is not None:
            self._load_employees(staff)
        budget = rows("bilancio.csv")
        if budget is not None:
            self.budget_line_ids.unlink()
            self.env["cciaa.performance.relazione.budget.line"].create(
                [
                    {
                        "relazione_id": self.id,
                        "sequence": index,
                        "section": row["sezione"],
                        "name": row["voce"],
                        "preventivo": float(row["preventivo"] or 0),
                        "aggiornato": float(row["aggiornato"] or 0),
                        "consuntivo": float(row["consuntivo"] or 0),
                        "is_declared_total": CSV_BOOL.get(
                            row["totale_dichiarato"].lower(), False
                        ),
                    }
                    for index, row in enumerate(budget, start=1)
                ]
            )
        gender = rows("genere.csv")
        if gender is not None:
            self.gender_line_ids.filtered(lambda g: g.source == "entered").unlink()
            self.env["cciaa.performance.relazione.gender.line"].create(
                [
                    {
                        "relazione_id": self.id,
                        "year": int(row["anno"]),
                        "indicator": row["indicatore"],
                        "value": float(row["valore"]),
                        "source": "entered",
                    }
                    for row in gender
                    if row["indicatore"] in GENDER_KEYS
                ]
            )
        phases = rows("fasi.csv")
        if phases is not None:
            self.phase_ids.unlink()
            self.env["cciaa.performance.relazione.phase"].create(
                [
                    {
                        "relazione_id": self.id,
                        "sequence": int(row["fase"]),
                        # data of an Italian data set, like the CSV's other texts
                        "name": row.get("nome") or f"Fase {row['fase']}",
                        "date_text": row["data_testo"] or False,
                        "date_from": row["dal"] or False,
                        "date_to": row["al"] or False,
                        "description": row["descrizione"],
                        "owners": row["responsabili"],
                    }
                    for row in phases
                ]
            )
        sections_dir = os.path.join(path, "sezioni")
        if os.path.isdir(sections_dir):
            texts = {}
            for key in SECTION_KEYS:
                file_path = os.path.join(sections_dir, f"{key}.html")
                if os.path.exists(file_path):
                    with open(file_path, encoding="utf-8") as handle:
                        texts[f"section_{key}"] = Markup(handle.read())
            if texts:
                self.write(texts)
        self._compute_context()
        return True

    def _load_employees(self, rows):
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        company = self.company_id
        existing = {
            e.cciaa_registration: e
            for e in Employee.search(
                [
                    ("company_id", "=", company.id),
                    ("cciaa_registration", "in", [r["matricola"] for r in rows]),
                ]
            )
        }
        today = fields.Date.context_today(self)
        to_create = []
        for row in rows:
            end = (
                datetime.date.fromisoformat(row["cessazione"])
                if row["cessazione"]
                else False
            )
            values = {
                "gender": {"F": "female", "M": "male"}.get(row["sesso"], "other"),
                "birthday": row["nascita"] or False,
                "cciaa_hire_date": row["assunzione"] or False,
                "cciaa_end_date": end,
                "cciaa_category": row["categoria"] or False,
                "cciaa_part_time": float(row["orario"] or 100),
                "cciaa_education": row["titolo_studio"] or False,
                "cciaa_contract": row["contratto"] or "indeterminato",
                "active": not end or end >= today,
            }
            employee = existing.get(row["matricola"])
            if employee:
                employee.write(values)
            else:
                to_create.append(
                    {
                        **values,
                        "name": row["nome"] or row["matricola"],
                        "cciaa_registration": row["matricola"],
                        "company_id": company.id,
                    }
                )
        if to_create:
            Employee.create(to_create)


def _jsonable(params):
    return {
        key: value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value
        for key, value in params.items()
    }
