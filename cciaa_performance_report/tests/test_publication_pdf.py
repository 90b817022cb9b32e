import re
import unittest

from odoo.tests import HttpCase, tagged

from ..report import publication_pdf
from .common import Relazione2019Case, reference
from .pdf_tools import (
    annotations,
    has_poppler,
    outline,
    page_index,
    pages_text,
    reader,
    render_pdf,
    run,
)

RELAZIONE = "cciaa_performance_report.action_report_relazione"
UNIT_SHEET = "cciaa_performance_report.action_report_unit_sheet"
PIANO = "cciaa_performance_report.action_report_piano"


@unittest.skipUnless(has_poppler(), "pdftotext, pdfinfo (poppler-utils) missing")
@tagged("post_install", "-at_install")
class TestPublicationPdf(HttpCase, Relazione2019Case):
    """The published PDFs (the Relazione and the Piano 2019) as wkhtmltopdf
    renders them here (Debian's build: no header, footer nor outline), read
    back: metadata, bookmarks to the page of each section, the index's page
    numbers, "pag. n di N" on every page, the PDF/A-2B parts."""

    documents = {}

    def each(self):
        """Each document, rendered once for the class by the first test that
        reads it: the test server answers wkhtmltopdf inside a test only
        (HttpCase), not in setUpClass."""
        if not self.documents:
            prepared = self.provider._prepare(self.relazione)
            piano = self.env[
                "report.cciaa_performance_report.report_piano"
            ]._prepare_piano(self.cycle)
            for name, report, record, title, toc in (
                (
                    "relazione",
                    RELAZIONE,
                    self.relazione,
                    prepared["title"],
                    prepared["toc"],
                ),
                ("piano", PIANO, self.cycle, piano["title"], piano["toc"]),
            ):
                pdf = render_pdf(self.env, report, record.ids)
                type(self).documents[name] = {
                    "pdf": pdf,
                    "pages": pages_text(pdf),
                    "reader": reader(pdf),
                    "title": title,
                    "toc": toc,
                }
        for name, document in self.documents.items():
            with self.subTest(document=name):
                yield document

    def test_metadata_read_back_by_pdfinfo(self):
        company = self.cycle.company_id.name
        for document in self.each():
            info = dict(
                re.findall(r"^(\w+):\s+(.*)$", run("pdfinfo", document["pdf"]), re.M)
            )
            self.assertEqual(info["Title"], document["title"])
            self.assertEqual(info["Author"], company)
            self.assertIn(str(self.cycle.year), info["Subject"])
            self.assertEqual(info["Pages"], str(len(document["pages"])))
            root = document["reader"].trailer["/Root"]
            self.assertEqual(str(root["/Lang"]), publication_pdf.LANG)
            self.assertEqual(root["/PageMode"], "/UseOutlines")
        self.assertIn(
            "2.2 Performance", self.documents["piano"]["reader"].metadata["/Subject"]
        )

    def test_every_page_is_numbered(self):
        for document in self.each():
            total = len(document["pages"])
            self.assertGreater(total, 5)
            for number, page in enumerate(document["pages"], start=1):
                self.assertIn(f"pag. {number} di {total}", page)

    def test_outline_and_index_point_to_each_section(self):
        """Each index entry is a bookmark to the page where its heading is
        printed (first page after the index holding the title), and the index
        prints that page's number."""
        for document in self.each():
            pages, toc = document["pages"], document["toc"]
            bookmarks = outline(document["reader"])
            self.assertEqual(
                [(level, title) for level, title, _page in bookmarks],
                [(2 if e["sub"] else 1, e["title"]) for e in toc],
            )
            index = next(i for i, page in enumerate(pages) if "SOMMARIO" in page)
            cursor = index + 1
            for (_level, title, page), entry in zip(bookmarks, toc, strict=True):
                found = next(i for i in range(cursor, len(pages)) if title in pages[i])
                self.assertEqual(page, found, title)
                self.assertRegex(
                    pages[index], rf"{re.escape(entry['title'])} {page + 1}\b"
                )
                cursor = found

    def test_index_links_inside_and_no_mark_left(self):
        for document in self.each():
            pdf_reader = document["reader"]
            links = [
                (page, annot)
                for page, annot in annotations(pdf_reader)
                if annot["/Subtype"] == "/Link"
            ]
            uris = [str((a.get("/A") or {}).get("/URI", "")) for _p, a in links]
            self.assertFalse([u for u in uris if publication_pdf.MARK_HOST in u])
            internal = [(p, a) for p, a in links if "/Dest" in a]
            self.assertEqual(len(internal), len(document["toc"]))
            bookmarks = outline(pdf_reader)
            targets = [
                page_index(pdf_reader, a.raw_get("/Dest")[0]) for _p, a in internal
            ]
            self.assertEqual(targets, [page for _l, _t, page in bookmarks])

    def test_pdfa_parts(self):
        """What PDF/A-2B asks that the toolchain gives (docs/PIANO.md): an
        sRGB output intent, the file identifier, XMP metadata declaring the
        conformance and repeating the document information, every font
        embedded, every annotation printable, no encryption."""
        for document in self.each():
            pdf_reader = document["reader"]
            trailer = pdf_reader.trailer
            root = trailer["/Root"]
            intent = root["/OutputIntents"][0].get_object()
            self.assertEqual(intent["/S"], "/GTS_PDFA1")
            self.assertEqual(intent["/DestOutputProfile"].get_object()["/N"], 3)
            self.assertEqual(len(trailer["/ID"]), 2)
            self.assertNotIn("/Encrypt", trailer)
            xmp = root["/Metadata"].get_object().get_data().decode()
            self.assertIn("<pdfaid:part>2</pdfaid:part>", xmp)
            self.assertIn("<pdfaid:conformance>B</pdfaid:conformance>", xmp)
            info = pdf_reader.metadata
            for key in ("/Title", "/Author", "/Subject"):
                self.assertIn(f">{info[key]}<", xmp.replace("\n    ", ""))
            fonts = run("pdffonts", document["pdf"]).splitlines()[2:]
            self.assertTrue(fonts)
            for line in fonts:
                # name type [type] encoding emb sub uni object ID
                self.assertRegex(line, r" yes +(yes|no) +(yes|no) +\d+ +\d+\s*$")
            for _page, annot in annotations(pdf_reader):
                self.assertTrue(int(annot["/F"]) & publication_pdf.PRINT_FLAG)

    def test_unit_sheets_numbered_on_every_page(self):
        """The other prints get their page numbers from the same module."""
        codes = [unit["code"] for unit in reference("unit_sheets.json")["units"]]
        units = self.env["hr.department"].search([("cciaa_code", "in", codes)])
        pages = pages_text(render_pdf(self.env, UNIT_SHEET, units.ids))
        company = self.cycle.company_id.name
        self.assertGreater(len(pages), 1)
        for number, page in enumerate(pages, start=1):
            self.assertIn(f"{company} pag. {number} di {len(pages)}", page)
