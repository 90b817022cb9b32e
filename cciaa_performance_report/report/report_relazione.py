"""The one data provider of every print of a cycle (the pattern of OCA
mis_builder: orchestrate, read, result, render).

``_prepare`` returns ONE prepared structure that the QWeb PDF of the
Relazione, its XLSX, the unit-sheet and the scheda reports render as is: the
cycle's figures (``relazione_figures``, ``relazione_rows``, and
``relazione_individual`` for section 4), what belongs to a Relazione record
(narrative here, context tables and OIV validation in ``relazione_context``)
and the pre-validation (``relazione_prevalidation``), which runs on this same
structure. Those parts are AbstractModels named in ``_inherit``: their methods
call one another through this model.
"""

from collections import defaultdict

from lxml import html as lxml_html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import html_sanitize

from . import formats, publication_pdf

# attributes through which wkhtmltopdf would fetch a resource
_REMOTE_ATTRS = ("src", "srcset", "background", "poster", "data", "lowsrc", "dynsrc")
_REMOTE_TAGS = ("link", "iframe", "frame", "object", "embed", "script", "base", "meta")


def _no_remote(html):
    """``html`` (an Html field, sanitized when written) without anything that
    makes wkhtmltopdf load a resource (images, frames, CSS ``url()``) from a
    URL: a narrative printed in the PDF never reaches the network (SSRF).
    Inline ``data:`` images are kept; a text without such content is
    returned as it is."""
    if not html:
        return Markup("")
    root = lxml_html.fragment_fromstring(str(html), create_parent="div")
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in _REMOTE_TAGS:
            element.drop_tree()
            changed = True
            continue
        for attr in list(element.attrib):
            value = (element.attrib[attr] or "").strip().lower()
            if (attr.lower() in _REMOTE_ATTRS and not value.startswith("data:")) or (
                attr.lower() == "style" and ("url(" in value or "import" in value)
            ):
                del element.attrib[attr]
                changed = True
    if not changed:
        return Markup(html)
    body = html_sanitize(lxml_html.tostring(root, encoding="unicode"))
    return Markup(body)


class ReportRelazione(models.AbstractModel):
    _name = "report.cciaa_performance_report.report_relazione"
    _description = "Relazione sulla performance: data provider"
    # one provider, its parts in files of their own (explicit mixins)
    _inherit = [
        "report.cciaa_performance_report.relazione_context",
        "report.cciaa_performance_report.relazione_figures",
        "report.cciaa_performance_report.relazione_rows",
        "report.cciaa_performance_report.relazione_individual",
        "report.cciaa_performance_report.relazione_prevalidation",
    ]

    @api.model
    def _get_report_values(self, docids, data=None):
        relazioni = self.env["cciaa.performance.relazione"].browse(docids)
        relazioni._check_readable()
        # the links that place the headings and index rows in ONE Relazione's
        # PDF (report/publication_pdf.py); none in HTML
        single_pdf = (data or {}).get("report_type") == "pdf" and len(relazioni) == 1
        return {
            "doc_ids": docids,
            "doc_model": "cciaa.performance.relazione",
            "docs": relazioni,
            "reports": [self._prepare(relazione) for relazione in relazioni],
            "marks": publication_pdf.marks(e["anchor"] for e in self._toc({}))
            if single_pdf
            else {},
        }

    @api.model
    def _publication(self, relazioni):
        """What the published PDF says of itself (report/publication_pdf.py):
        metadata, running footer and outline; the outline of one Relazione."""
        company = relazioni[:1].company_id.name or self.env.company.name
        if len(relazioni) != 1:
            return {
                "title": "Relazione sulla performance",
                "author": company,
                "subject": "Relazione sulla performance",
                "lang": publication_pdf.LANG,
                "footer": company,
                "toc": [],
            }
        title = f"La Relazione sulla performance {relazioni.year}"
        return {
            "title": title,
            "author": company,
            "subject": (
                f"Relazione sulla performance {relazioni.year} "
                "(art. 10, comma 1, lett. b), D.Lgs. 150/2009)"
            ),
            "lang": publication_pdf.LANG,
            "footer": f"{company} – {title}",
            "toc": [
                {**entry, "level": 2 if entry["sub"] else 1} for entry in self._toc({})
            ],
        }

    # -- the Relazione -------------------------------------------------------

    @api.model
    def _prepare(self, relazione, quarter=None):
        data = self._prepare_cycle(relazione.cycle_id, quarter or relazione.quarter)
        data.update(self._prepare_relazione(relazione, data))
        data["checks"] = self._prepare_checks(
            self._prevalidation_facts(relazione, data)
        )
        data["checks_by_letter"] = defaultdict(list)
        for check in data["checks"]:
            data["checks_by_letter"][check["letter"]].append(check)
        data["toc"] = self._toc(data)
        return data

    def _prepare_relazione(self, relazione, data):
        company = relazione.company_id
        sections = {
            key: _no_remote(relazione[f"section_{key}"])
            for key in relazione._section_keys()
        }
        delibera = ""
        if relazione.delibera_number and relazione.delibera_date:
            delibera = (
                f"Allegato alla deliberazione di Giunta camerale n. "
                f"{relazione.delibera_number} del "
                f"{formats.date(relazione.delibera_date)}"
            )
        return {
            "relazione": relazione,
            "company_name": company.name,
            "title": f"La Relazione sulla performance {relazione.year}",
            "delibera": delibera,
            "document_date": formats.date(
                relazione.delibera_date or relazione.create_date.date()
            ),
            "president": relazione.president_name or "",
            "secretary": relazione.secretary_name or "",
            "state": relazione.state,
            "sections": sections,
            "staff": self._prepare_staff(relazione),
            "budget": self._prepare_budget(relazione),
            "gender": self._prepare_gender(relazione),
            "phases": [
                {
                    "name": phase.name,
                    "date": phase.date_text
                    or self._date_range(phase.date_from, phase.date_to),
                    "description": phase.description or "",
                    "owners": phase.owners or "",
                }
                for phase in relazione.phase_ids.sorted("sequence")
            ],
            "oiv": self._prepare_oiv(relazione),
            "plan_period": f"{relazione.year}-{relazione.year + 2}",
        }

    def _toc(self, data):
        toc = [
            ("premessa", "Premessa"),
            ("s1", "1. I principali risultati raggiunti"),
            ("s2", "2. Analisi del contesto e delle risorse"),
            ("s21", "2.1 Il contesto esterno di riferimento"),
            ("s22", "2.2 L'amministrazione"),
            ("s3", "3. Rendicontazione della performance organizzativa"),
            ("s3r", "I risultati raggiunti"),
            ("s3c", "Le criticità e le opportunità"),
            ("s30", "3.0 Albero della performance"),
            ("s31", "3.1 Rendicontazione degli obiettivi strategici triennali"),
            ("s32", "3.2 Rendicontazione degli obiettivi operativi annuali"),
            ("s3u", "Schede delle unità organizzative"),
            ("s33", "3.3 Valutazione complessiva della performance organizzativa"),
            ("s34", "3.4 Bilancio di genere"),
            ("s4", "4. Rendicontazione degli obiettivi individuali"),
            ("s5", "5. Il processo di misurazione e valutazione"),
            ("s51", "5.1 Fasi, soggetti, tempi e responsabilità"),
            ("s52", "5.2 Punti di forza e di debolezza del ciclo della performance"),
            ("a1", "Allegato 1 – Validazione della Relazione"),
            ("a2", "Allegato 2 – Pre-validazione automatica"),
        ]
        return [
            {
                "anchor": a,
                "title": t,
                "sub": (a[1:].isdigit() and len(a) > 2) or a in ("s3r", "s3c", "s3u"),
            }
            for a, t in toc
        ]
