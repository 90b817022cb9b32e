import io
import logging
import re
from urllib.parse import urlsplit

from reportlab.lib.colors import Color
from reportlab.pdfgen import canvas

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

_logger = logging.getLogger(__name__)

# Reports printed with page numbers stamped on every page after rendering.
# Debian's wkhtmltopdf (unpatched Qt) ignores --footer-html, so the footer and
# its page numbers of Odoo's layouts never appear (docs/ENVIRONMENT.md): the
# numbers are drawn on the finished PDF instead, and the index of the
# Relazione gets the page of each section from a first rendering.
PAGED_REPORTS = {
    "cciaa_performance_report.report_relazione": True,  # with index page numbers
    "cciaa_performance_report.report_unit_sheet": False,
    "cciaa_performance_report.report_scheda": False,
    "cciaa_performance_report.report_scheda_record": False,
}
TOC_MARK = "SOMMARIO"


def _normalise(text):
    return re.sub(r"\s+", " ", text or "").strip().lower()


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
        paged = PAGED_REPORTS.get(report.report_name)
        if paged is None:
            return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        content, content_type = super()._render_qweb_pdf(
            report_ref, res_ids=res_ids, data=data
        )
        if content_type != "pdf":  # test mode renders HTML
            return content, content_type
        if paged and len(res_ids or []) == 1 and not (data or {}).get("toc_pages"):
            pages = self._cciaa_section_pages(content, report, res_ids)
            if pages:
                data = dict(data or {}, toc_pages=pages)
                content, content_type = super()._render_qweb_pdf(
                    report_ref, res_ids=res_ids, data=data
                )
        footer = self._cciaa_footer(report, res_ids)
        return self._cciaa_stamp_page_numbers(content, footer), content_type

    def _cciaa_footer(self, report, res_ids):
        records = self.env[report.model].browse(res_ids or [])
        company = records[:1].company_id if "company_id" in records._fields else False
        name = (company or self.env.company).name
        if report.model == "cciaa.performance.relazione" and len(records) == 1:
            return f"{name} – La Relazione sulla performance {records.year}"
        return name

    def _cciaa_section_pages(self, content, report, res_ids):
        """Page number of each section heading of the index, read back from a
        first rendering: the index then prints them (same layout, same pages)."""
        provider = self.env[f"report.{report.report_name}"]
        relazione = self.env[report.model].browse(res_ids)
        toc = provider._toc({})
        try:
            reader = PdfFileReader(io.BytesIO(content), strict=False)
            texts = [_normalise(page.extract_text()) for page in reader.pages]
        except Exception:  # a PDF we cannot read back: print the index without pages
            _logger.info(
                "Could not read back the Relazione %s to number its index",
                relazione.display_name,
            )
            return {}
        start = next(
            (i + 1 for i, text in enumerate(texts) if TOC_MARK.lower() in text), 0
        )
        pages, cursor = {}, start
        for entry in toc:
            title = _normalise(entry["title"])
            for index in range(cursor, len(texts)):
                if title in texts[index]:
                    pages[entry["anchor"]] = index + 1
                    cursor = index
                    break
        return pages

    def _cciaa_stamp_page_numbers(self, content, footer):
        """Draw "footer · pag. n di N" at the bottom of every page but the cover."""
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        total = len(reader.pages)
        overlay_stream = io.BytesIO()
        sheet = canvas.Canvas(overlay_stream)
        for number, page in enumerate(reader.pages, start=1):
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            sheet.setPageSize((width, height))
            if number > 1:
                sheet.setFont("Helvetica", 7.5)
                sheet.setFillColor(Color(0.3, 0.3, 0.3))
                sheet.drawString(28, 16, footer)
                sheet.drawRightString(width - 28, 16, f"pag. {number} di {total}")
            sheet.showPage()
        sheet.save()
        overlay = PdfFileReader(io.BytesIO(overlay_stream.getvalue()), strict=False)
        # the pages are copied as Odoo's own banner does (tools.pdf.add_banner):
        # the index has no internal links to preserve (wkhtmltopdf turns "#x"
        # into links to the server), only external ones
        writer = PdfFileWriter()
        for index, page in enumerate(reader.pages):
            page.merge_page(overlay.pages[index])
            page.compress_content_streams()  # merging leaves them inflated
            writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()
