"""Section 4 (individual objectives) and the premiums paid, from the models
of the individual evaluation and of the incentive fund: counts and objectives
by role for the public document, never a name or a person's score; the named
schede only for the print of one person's own scheda. A part of the data
provider (``report.cciaa_performance_report.report_relazione``), named in its
``_inherit``."""

from odoo import models

from odoo.addons.cciaa_performance.engine.incentive import to_cents
from odoo.addons.cciaa_performance.models.incentive_fund import LOCKED_STATES

from . import formats, premium_distribution
from .relazione_helpers import natural_key
from .staff_tables import DIMENSIONS

ROLE_LABELS = {"sg": "Segretario Generale", "po": "P.O.", "staff": "personale"}


class ReportRelazioneIndividual(models.AbstractModel):
    _name = "report.cciaa_performance_report.relazione_individual"
    _description = "Relazione sulla performance: individual objectives and premiums"

    def _prepare_individual(self, cycle, unit_by_code, na):
        """Section 4 as the public document prints it, all of it from the
        cycle's ``_individual_summary`` (cciaa_performance/models/
        cycle_individual.py): the engine's counts reached / partially / not
        reached of the dirigenti (the SG's scheda), the P.O. and the staff,
        and the objectives of the SG and of each P.O. under their role and
        Servizio. Never a name, a matricola nor a person's overall score: the
        summary's ``employee``, ``registration`` and ``final_score`` are not
        read here (docs/SECURITY.md, Privacy; the named schede are for the
        person's own print, ``_individual_schede``); the staff's objectives
        are only counted, as the 2019 document does."""
        if "cciaa.performance.scheda" not in self.env:
            return {"available": False, "sg": [], "po": [], "rows": []}
        summary = cycle.with_env(self._document_env()).sudo()._individual_summary()
        positions = {"sg": [], "po": []}
        references = []
        staff = 0
        for number, scheda in enumerate(summary["schede"], start=1):
            category, code = scheda["category"], scheda["unit"] or ""
            rows = [self._individual_row(row, na) for row in scheda["rows"]]
            role = ROLE_LABELS.get(category, ROLE_LABELS["staff"])
            if code:
                role = f"{role} {code}"
            # what the pre-validation reads: a scheda by number and role
            reference = f"scheda {number} ({role})"
            references += [
                {"scheda": reference, "code": row["code"], "unit": row["unit"]}
                for row in rows
            ]
            if category not in positions:
                staff += 1
                continue
            positions[category].append(
                {
                    "heading": self._position_heading(
                        category, code, unit_by_code.get(code)
                    ),
                    "code": code,
                    "rows": rows,
                }
            )
        return {
            "available": True,
            "sg": sorted(positions["sg"], key=lambda p: natural_key(p["code"])),
            "po": sorted(positions["po"], key=lambda p: natural_key(p["code"])),
            "counts_sg": self._counts_texts(summary["dirigenti"]),
            "counts_po": self._counts_texts(summary["po"]),
            "counts_staff": self._counts_texts(summary["staff"]),
            "staff_schede": staff,
            "rows": references,
        }

    @staticmethod
    def _position_heading(category, code, unit):
        """The printed heading of a scheda by role: the 2019 document heads the
        S.G.'s table "Obiettivi del S.G." and each P.O.'s by the Servizio it
        heads ("P.O. S2 – Servizio Registro Imprese")."""
        if category == "sg":
            return "Obiettivi del S.G."
        heading = f"P.O. {code}".strip()
        return f"{heading} – {unit.name}" if unit else heading

    @staticmethod
    def _individual_row(row, na):
        """A row of a scheda as ``_report_rows`` prepared it, with its stored
        figures; one that is not evaluable prints "n.d." (the parametrata with
        the reason), never a 0."""
        if row["score_value"] is not None:
            return {**row, "score_raw": row["score_value"]}
        return {
            **row,
            "result": row["result"] or formats.NOT_AVAILABLE,
            "achievement": formats.NOT_AVAILABLE,
            "score": na[row.get("reason") or None],
            "score_raw": None,
        }

    def _individual_schede(self, cycle, na):
        """Every scheda of ``cycle`` with the rows of ``_report_rows`` (those
        of section 4) and its results score, named: only for the print of one
        person's own scheda (report_scheda), never for the Relazione."""
        if "cciaa.performance.scheda" not in self.env:
            return []
        env = self._document_env()
        schede = (
            self.env["cciaa.performance.scheda"]
            .with_env(env)
            .sudo()
            .search([("cycle_id", "=", cycle.id)])
        )
        reasons = dict(schede._fields["final_reason"]._description_selection(env))
        out = []
        for scheda in schede:
            if not scheda.figures_on:
                score = formats.NOT_AVAILABLE
            elif scheda.final_reason == "no_rows":
                score = f"{formats.NOT_AVAILABLE} ({reasons['no_rows']})"
            else:
                score = formats.pct(scheda.results_score)
            out.append(
                {
                    "name": scheda.employee_id.name or scheda.display_name,
                    "category": scheda.category,
                    "score": score,
                    "rows": [
                        self._individual_row(r, na) for r in scheda._report_rows()
                    ],
                    "scheda_id": scheda.id,
                    "employee_id": scheda.employee_id.id,
                }
            )
        order = {"sg": 0, "po": 1}
        out.sort(key=lambda s: (order.get(s["category"], 2), s["name"] or ""))
        return out

    def _prepare_incentive(self, cycle):
        """The premiums of the cycle in aggregated form (art. 20 D.Lgs.
        33/2013), from the confirmed or paid allocations of its funds only: a
        simulation is not a premium, and no row names anybody."""
        model = "cciaa.performance.incentive.fund"
        funds = (
            self.env[model]
            .sudo()
            .search([("cycle_id", "=", cycle.id), ("state", "in", LOCKED_STATES)])
            if model in self.env
            else []
        )
        allocations = [
            {
                "category": a.category or "",
                "band": a.band,
                "total": to_cents(a.total_amount),
                "maggiorazione": to_cents(a.maggiorazione_amount),
                "selected": a.selected,
            }
            for fund in funds
            for a in fund.allocation_ids
        ]
        categories = next(bands for key, _t, bands in DIMENSIONS if key == "category")
        return premium_distribution.distribution(
            allocations,
            categories,
            sum(to_cents(f.amount) for f in funds),
            sum(to_cents(f.undistributed_amount) for f in funds),
        )
