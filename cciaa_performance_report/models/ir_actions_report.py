from urllib.parse import urlsplit

from odoo import models

from ..report import publication_pdf

# Reports printed with page numbers stamped on every page after rendering.
# Debian's wkhtmltopdf (unpatched Qt) ignores --footer-html, so the footer and
# its page numbers of Odoo's layouts never appear (docs/ENVIRONMENT.md): the
# numbers are drawn on the finished PDF instead. The published documents (the
# Relazione, the Piano) are finished by report/publication_pdf.py after one
# wkhtmltopdf pass: page numbers, index page numbers, outline, metadata,
# PDF/A parts; their data provider gives what to write (``_publication``).
PAGED_REPORTS = {
    "cciaa_performance_report.report_relazione": True,  # published
    "cciaa_performance_report.report_piano": True,  # published
    "cciaa_performance_report.report_unit_sheet": False,
    "cciaa_performance_report.report_scheda": False,
    "cciaa_performance_report.report_scheda_record": False,
}
MM_TO_PT = 72 / 25.4


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        # our layouts have no HTML header or footer (page numbers are stamped):
        # not passing Odoo's empty ones spares the unpatched wkhtmltopdf's
        # "--header-html is not supported" complaint
        report = self
        if report_ref and self._get_report(report_ref).report_name in PAGED_REPORTS:
            header = footer = None
            # our prints load nothing but the server's own assets (SSRF)
            report = self.with_context(cciaa_pdf_no_remote=True)
        return super(IrActionsReport, report)._run_wkhtmltopdf(
            bodies,
            report_ref=report_ref,
            header=header,
            footer=footer,
            landscape=landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )

    def _build_wkhtmltopdf_args(self, paperformat_id, landscape, *args, **kwargs):
        """For our reports wkhtmltopdf goes through a proxy that answers
        nothing, bypassed only for the Odoo server itself: a URL planted in a
        text can never be fetched (the texts are also stripped of remote
        resources, report_relazione._no_remote)."""
        command_args = super()._build_wkhtmltopdf_args(
            paperformat_id, landscape, *args, **kwargs
        )
        if self.env.context.get("cciaa_pdf_no_remote"):
            host = urlsplit(self._get_report_url()).hostname or "localhost"
            command_args += ["--proxy", "http://127.0.0.1:9"]
            command_args += ["--bypass-proxy-for", host]
        return command_args

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        report = self._get_report(report_ref)
        published = PAGED_REPORTS.get(report.report_name)
        if published is None:
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        content, content_type = super()._render_qweb_pdf(
            report_ref, res_ids=res_ids, data=data
        )
        if content_type != "pdf":  # test mode renders HTML
            return content, content_type
        if published:
            return self._cciaa_publish(content, report, res_ids), content_type
        footer = self._cciaa_footer(report, res_ids)
        return self._cciaa_stamp_page_numbers(content, footer), content_type

    def _cciaa_publish(self, content, report, res_ids):
        """The published PDF of ONE wkhtmltopdf pass: the provider says
        what the document is (title, author, subject, language, footer, index
        entries); several records print page numbers and metadata only."""
        provider = self.env[f"report.{report.report_name}"]
        records = self.env[report.model].browse(res_ids or [])
        meta = provider._publication(records)
        paperformat = report.get_paperformat()
        return publication_pdf.finish(
            content,
            right_margin=(paperformat.margin_right or 0) * MM_TO_PT,
            **meta,
        )[0]

    def _cciaa_footer(self, report, res_ids):
        records = self.env[report.model].browse(res_ids or [])
        company = records[:1].company_id if "company_id" in records._fields else False
        return (company or self.env.company).name

    def _cciaa_stamp_page_numbers(self, content, footer):
        """ "footer · pag. n di N" at the bottom of every page."""
        return publication_pdf.number_pages(content, footer)
