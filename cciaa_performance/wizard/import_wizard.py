import base64

from markupsafe import Markup

from odoo import Command, fields, models
from odoo.exceptions import UserError

from ..engine.individual import split_equally
from ..importer import ReadError, format_issue, has_errors, parse, read_sheets
from ..importer.reader import READ_MESSAGES
from ..importer.validate import WARNING, Issue
from ..importer.writer import template_xlsx
from ..models.download import download
from ..models.guard import trusted_create

# Creating thousands of records: no chatter message per record.
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


# what one report lists; the rest is counted
MAX_REPORTED_ISSUES = 200


class CciaaPerformanceImportWizard(models.TransientModel):
    """Import a whole cycle from the documented XLSX/CSV format.

    Everything is validated first; if any error remains, nothing is written
    and every error is listed with sheet, row, column and reason."""

    _name = "cciaa.performance.import.wizard"
    _description = "Import a performance cycle"

    file = fields.Binary(string="File (.xlsx or .zip of CSV)")
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("errors", "Errors"), ("done", "Done")], default="upload"
    )
    report = fields.Html(readonly=True, sanitize=False)
    cycle_id = fields.Many2one("cciaa.performance.cycle", readonly=True)

    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose a file to import."))
        source = (base64.b64decode(self.file), self.filename or "import.xlsx")
        cycle, issues = self._run(source)
        self.write(
            {
                "state": "done" if cycle else "errors",
                "cycle_id": cycle.id if cycle else False,
                "report": self._issues_html(issues),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_open_cycle(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cciaa.performance.cycle",
            "res_id": self.cycle_id.id,
            "view_mode": "form",
        }

    def action_download_template(self):
        """An empty workbook with every sheet and column of the format."""
        return download(self, "modello_ciclo_performance.xlsx", template_xlsx())

    # -- service -------------------------------------------------------------

    def _import_source(self, source):
        """Import from a path or (bytes, filename); raise UserError listing every
        error (command line and tests)."""
        cycle, issues = self._run(source)
        if not cycle:
            shown, more = self._reported(issues)
            raise UserError("\n".join([*self._messages(shown), *filter(None, [more])]))
        return cycle

    def _run(self, source):
        """(cycle, issues): cycle is False when anything is wrong; then nothing
        was written."""
        try:
            sheets = read_sheets(source)
        except ReadError as error:
            return False, [
                Issue(
                    sheet="",
                    row=None,
                    column=None,
                    code="unreadable",
                    params={
                        "reason": self.env._(READ_MESSAGES[error.code], **error.params)
                    },
                )
            ]
        parsed, issues = parse(sheets)
        issues += self._check_against_database(parsed)
        if has_errors(issues):
            return False, issues
        with self.env.cr.savepoint():
            cycle = self._create_cycle(parsed)
        # The importer may not yet be allowed in a chamber the import just
        # created: the recomputation itself runs as superuser anyway.
        cycle.sudo()._recompute()
        return cycle, issues

    def _check_against_database(self, parsed):
        issues = []
        if not self._sg_imports():
            # A motivated evaluation is the Segretario Generale's decision:
            # imported by anybody else it arrives as a proposal.
            issues += [
                Issue(
                    sheet="valutazioni_motivate",
                    row=o.row,
                    column="obiettivo",
                    code="override_proposed",
                    params={"objective": o.objective},
                    severity=WARNING,
                )
                for o in parsed.overrides
            ]
        if not parsed.cycle:
            return issues
        company = (
            self.env["res.company"]
            .sudo()
            .search([("name", "=", parsed.cycle.ente)], limit=1)
        )
        access = self._company_access_issue(parsed.cycle, company)
        if access:
            return [*issues, access]
        if company and self.env["cciaa.performance.cycle"].sudo().search_count(
            [("company_id", "=", company.id), ("year", "=", parsed.cycle.year)]
        ):
            issues.append(
                Issue(
                    sheet="ciclo",
                    row=parsed.cycle.row,
                    column="anno",
                    code="cycle_exists",
                    params={"year": parsed.cycle.year, "ente": parsed.cycle.ente},
                )
            )
        return issues

    def _company_access_issue(self, c, company):
        """An import never widens the importer's access: a cycle goes into a
        chamber the importer already works in, and a new chamber is created
        only by who administers the companies."""
        if self.env.su:
            return None
        if company and company not in self.env.user.company_ids:
            code = "ente_not_allowed"
        elif not company and not self.env.user.has_group("base.group_erp_manager"):
            code = "ente_unknown"
        else:
            return None
        return Issue(
            sheet="ciclo", row=c.row, column="ente", code=code, params={"ente": c.ente}
        )

    def _sg_imports(self):
        return self.env.su or self.env.user.has_group("cciaa_performance.group_sg")

    def _reported(self, issues):
        """The issues shown, at most MAX_REPORTED_ISSUES, and a closing line
        for the rest: a broken file of 20 MB must not make a report larger
        than the file."""
        shown = list(issues[:MAX_REPORTED_ISSUES])
        hidden = len(issues) - len(shown)
        more = (
            self.env._(
                "…and %(count)s more errors and warnings: correct these first.",
                count=hidden,
            )
            if hidden
            else None
        )
        return shown, more

    def _messages(self, issues):
        translate = self.env._
        extra = {
            "cycle_exists": self.env._(
                "The cycle %(year)s of %(ente)s already exists."
            ),
            "unreadable": self.env._("The file cannot be read: %(reason)s"),
            "ente_not_allowed": self.env._(
                "You do not work in %(ente)s: an administrator must add this "
                "chamber to your companies before you import its cycle."
            ),
            "ente_unknown": self.env._(
                "The chamber %(ente)s does not exist: an administrator must "
                "create it (Settings › Companies) and add it to your companies."
            ),
            "override_proposed": self.env._(
                "The motivated evaluation of %(objective)s arrives as a proposal: "
                "it counts once the Segretario Generale confirms it."
            ),
        }
        messages = []
        for issue in issues:
            if issue.code in extra:
                messages.append(extra[issue.code] % issue.params)
            else:
                messages.append(format_issue(issue, translate=translate))
        return messages

    def _issues_html(self, issues):
        if not issues:
            return Markup("<p>%s</p>") % self.env._(
                "Imported with no errors or warnings."
            )
        shown, more = self._reported(issues)
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (
                self.env._("Error")
                if issue.severity == "error"
                else self.env._("Warning"),
                issue.sheet,
                issue.row or "",
                issue.column or "",
                message,
            )
            for issue, message in zip(shown, self._messages(shown), strict=True)
        )
        if more:
            rows += Markup("<tr><td colspan='5'>%s</td></tr>") % more
        head = Markup(
            "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
        ) % (
            self.env._("Severity"),
            self.env._("Sheet"),
            self.env._("Row"),
            self.env._("Column"),
            self.env._("Reason"),
        )
        return Markup("<table class='table table-sm'>%s%s</table>") % (head, rows)

    # -- creation --------------------------------------------------------------

    def _create_cycle(self, parsed):
        env = self.env(context=dict(self.env.context, **QUIET))
        company = env["res.company"].search([("name", "=", parsed.cycle.ente)], limit=1)
        if not company:
            euro = env.ref("base.EUR").sudo()
            euro.active = True
            company = (
                env["res.company"]
                .sudo()
                .create({"name": parsed.cycle.ente, "currency_id": euro.id})
            )
            # only who administers companies gets here (_company_access_issue)
            env.user.sudo().company_ids = [Command.link(company.id)]
        env = env(context=dict(env.context, allowed_company_ids=[company.id]))
        c = parsed.cycle
        # an imported cycle is in progress at once: the import is its activation
        cycle = trusted_create(
            env["cciaa.performance.cycle"],
            {
                "year": c.year,
                "company_id": company.id,
                "tolerance": c.tolerance,
                "missed_deadline_rule": c.missed_deadline_rule,
                "points_per_day_late": c.points_per_day_late,
                "exact_miss_rule": c.exact_miss_rule,
                "state": "active",
            },
        )
        employees = self._create_employees(env, company, parsed)
        units = self._create_units(env, company, parsed, employees)
        areas = self._create_records(
            env,
            "cciaa.performance.area",
            [
                {
                    "cycle_id": cycle.id,
                    "code": a.code,
                    "name": a.title,
                    "weight": a.weight,
                    "mission_programs": ", ".join(a.missions),
                    "bsc_perspectives": ", ".join(a.bsc),
                }
                for a in parsed.areas
            ],
        )
        strategic = self._create_records(
            env,
            "cciaa.performance.strategic.objective",
            [
                {
                    "cycle_id": cycle.id,
                    "code": o.code,
                    "name": o.title,
                    "weight": o.weight,
                    "area_id": areas[o.area].id,
                    "pira_code": o.pira,
                    "bsc_perspectives": ", ".join(o.bsc),
                    "department_ids": [Command.set([units[u].id for u in o.units])],
                }
                for o in parsed.strategic
            ],
        )
        operational = self._create_records(
            env,
            "cciaa.performance.operational.objective",
            [
                {
                    "cycle_id": cycle.id,
                    "code": o.code,
                    "name": o.title,
                    "weight": o.weight or 0.0,
                    "strategic_id": strategic[o.strategic].id,
                    "pira_code": o.pira,
                    "bsc_perspectives": ", ".join(o.bsc),
                    "department_ids": [Command.set([units[u].id for u in o.units])],
                }
                for o in parsed.operational
            ],
        )
        indicators = self._create_records(
            env,
            "cciaa.performance.indicator",
            [
                self._indicator_values(cycle, i, strategic, operational, units)
                for i in parsed.indicators
            ],
        )
        env["cciaa.performance.assignment"].create(
            [
                {
                    "employee_id": employees[a.matricola].id,
                    "department_id": units[a.unit].id,
                    "date_from": a.date_from,
                    "date_to": a.date_to,
                    "participation": a.participation,
                }
                for a in parsed.assignments
            ]
        )
        env["cciaa.performance.measurement"].create(
            [
                {
                    "indicator_id": indicators[m.indicator].id,
                    "department_id": units[m.unit].id,
                    "quarter": str(m.quarter),
                    "parameter": str(m.parameter),
                    **(
                        {"date_value": m.value}
                        if indicators[m.indicator].measure == "date"
                        else {"value": m.value}
                    ),
                    "note": m.note,
                }
                for m in parsed.measurements
            ]
        )
        objectives = {**strategic, **operational}
        # the manager may not enter motivated evaluations: theirs arrive as
        # proposals, written here as the import's own act
        trusted_create(
            env["cciaa.performance.override"].sudo(),
            [
                {
                    self._objective_field(objectives[o.objective]): objectives[
                        o.objective
                    ].id,
                    "value": o.percent,
                    "motivation": o.motivation,
                    "author": o.author,
                    "state": "confirmed" if self._sg_imports() else "proposed",
                    "confirmed_by_id": self.env.uid if self._sg_imports() else False,
                }
                for o in parsed.overrides
            ],
        )
        env["cciaa.performance.criticita"].create(
            [
                {
                    self._objective_field(objectives[o.objective]): objectives[
                        o.objective
                    ].id,
                    "issues": o.issues,
                    "actions": o.actions,
                }
                for o in parsed.criticalities
            ]
        )
        # A historical cycle's quadrimesters are over: their campaigns are
        # created closed (locked), after the measurements are in.
        env["cciaa.performance.campaign"]._create_closed_for_history(cycle)
        self._create_schede(env, cycle, parsed, employees, units, indicators)
        return cycle.with_env(self.env)

    @staticmethod
    def _create_schede(env, cycle, parsed, employees, units, indicators):
        """The cycle's evaluation system (results only until the SMVP's split is
        entered) and one draft scheda per employee of sheet ``schede``, rows in
        sheet order, equal weights where none is given. As superuser: the
        wizard is for managers, who do not evaluate anybody."""
        env = env(su=True)
        env["cciaa.performance.evaluation.system"].create({"cycle_id": cycle.id})
        rows_of = {}
        for row in parsed.schede:
            rows_of.setdefault(row.matricola, []).append(row)
        schede = []
        for matricola, rows in rows_of.items():
            weights = [row.weight for row in rows]
            if all(weight is None for weight in weights):
                weights = [cents / 100 for cents in split_equally(10000, len(rows))]
            evaluator = next((row.evaluator for row in rows if row.evaluator), None)
            lines = []
            for sequence, (row, weight) in enumerate(zip(rows, weights, strict=True)):
                indicator = indicators[row.indicator] if row.indicator else None
                is_date = row.comparator == "deadline" or bool(
                    indicator and indicator.measure == "date"
                )
                line = {
                    "sequence": sequence,
                    "kind": "own" if row.own else "indicator",
                    "indicator_id": indicator.id if indicator else False,
                    "department_id": units[row.unit].id if row.unit else False,
                    "weight": weight,
                }
                if row.title:
                    line["name"] = row.title
                if row.own:
                    line["comparator"] = row.comparator
                    line["target_date" if is_date else "target_value"] = row.target
                    if row.result is not None:
                        result_field = (
                            "own_result_date" if is_date else "own_result_value"
                        )
                        line[result_field] = row.result
                lines.append(Command.create(line))
            schede.append(
                {
                    "cycle_id": cycle.id,
                    "employee_id": employees[matricola].id,
                    "evaluator_id": employees[evaluator].id if evaluator else False,
                    "line_ids": lines,
                }
            )
        env["cciaa.performance.scheda"].create(schede)

    @staticmethod
    def _objective_field(objective):
        return (
            "strategic_id"
            if objective._name == "cciaa.performance.strategic.objective"
            else "operational_id"
        )

    @staticmethod
    def _create_records(env, model, values):
        records = env[model].create(values)
        return {record.code: record for record in records}

    @staticmethod
    def _indicator_values(cycle, row, strategic, operational, units):
        year = cycle.year
        targets = []
        for offset, target in enumerate((row.target_n, row.target_n1, row.target_n2)):
            if target is None:
                continue
            key = "date_value" if row.measure == "date" else "value"
            targets.append(Command.create({"year": year + offset, key: target}))
        return {
            "cycle_id": cycle.id,
            "code": row.code,
            "kind": row.kind,
            "name": row.title,
            "algorithm": row.algorithm,
            "measure": row.measure,
            "comparator": row.comparator,
            "aggregation": row.aggregation,
            "strategic_id": strategic[row.objective].id if row.kind == "IS" else False,
            "operational_id": operational[row.objective].id
            if row.kind != "IS"
            else False,
            "parameter_1": row.parameter_1,
            "parameter_2": row.parameter_2,
            "department_ids": [Command.set([units[u].id for u in row.units])],
            "bsc_perspective": row.bsc,
            "most_significant": row.most_significant,
            "is_percent": row.percent,
            "weight": row.weight or 0.0,
            "target_ids": targets,
        }

    @staticmethod
    def _create_employees(env, company, parsed):
        Employee = env["hr.employee"].sudo()
        existing = Employee.search(
            [
                ("company_id", "=", company.id),
                ("cciaa_registration", "in", [e.matricola for e in parsed.employees]),
            ]
        )
        employees = {e.cciaa_registration: e for e in existing}
        new = [e for e in parsed.employees if e.matricola not in employees]
        for employee in Employee.create(
            [
                {
                    "name": e.name,
                    "cciaa_registration": e.matricola,
                    "company_id": company.id,
                    "cciaa_role": e.role,
                    "cciaa_category": e.category,
                }
                for e in new
            ]
        ):
            employees[employee.cciaa_registration] = employee
        return employees

    @staticmethod
    def _create_units(env, company, parsed, employees):
        """Units are matched by code within the chamber; new ones are created
        parents first (a reorganisation adds dated units, never overwrites)."""
        Department = env["hr.department"].sudo()
        units = {
            u.cciaa_code: u
            for u in Department.search(
                [
                    ("company_id", "=", company.id),
                    ("cciaa_code", "in", [u.code for u in parsed.units]),
                ]
            )
        }
        pending = [u for u in parsed.units if u.code not in units]
        while pending:
            ready = [u for u in pending if not u.parent or u.parent in units]
            for row, unit in zip(
                ready,
                Department.create(
                    [
                        {
                            "name": u.name,
                            "cciaa_code": u.code,
                            "cciaa_kind": u.kind,
                            "company_id": company.id,
                            "parent_id": units[u.parent].id if u.parent else False,
                            "manager_id": employees[u.head].id if u.head else False,
                            "cciaa_date_from": u.valid_from,
                            "cciaa_date_to": u.valid_to,
                        }
                        for u in ready
                    ]
                ),
                strict=True,
            ):
                units[row.code] = unit
            pending = [u for u in pending if u.code not in units]
        return units
