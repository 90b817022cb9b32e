"""Reading a real PDF back (test mode renders HTML unless forced): the text of
each page with pdftotext (poppler-utils), the outline, the index links and
the PDF/A parts with Odoo's PDF library."""

import io
import re
import shutil
import subprocess
import tempfile

from odoo.tools import config
from odoo.tools.pdf import PdfFileReader


def render_pdf(env, report, res_ids):
    """The PDF as a user downloads it: wkhtmltopdf fetches the report's
    assets from the test server, which must serve the test's transaction
    (an HttpCase: a TransactionCase's server would wait on its locks)."""
    env["ir.config_parameter"].sudo().set_param(
        "report.url", f"http://127.0.0.1:{config['http_port']}"
    )
    reports = env["ir.actions.report"].with_context(force_report_rendering=True)
    content, fmt = reports._render_qweb_pdf(report, res_ids)
    assert fmt == "pdf", fmt
    return content


def run(tool, pdf, *args):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            [tool, *args, handle.name, *(["-"] if tool == "pdftotext" else [])],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def pages_text(pdf):
    """The text of each page, runs of blanks made one space."""
    text = run("pdftotext", pdf, "-layout")
    return [re.sub(r"\s+", " ", page) for page in text.split("\f")][:-1]


def has_poppler():
    return bool(shutil.which("pdftotext") and shutil.which("pdfinfo"))


def reader(pdf):
    return PdfFileReader(io.BytesIO(pdf), strict=False)


def page_index(pdf_reader, ref):
    """The index of the page an indirect reference points to."""
    kids = pdf_reader.trailer["/Root"]["/Pages"]["/Kids"]
    return next(i for i, kid in enumerate(kids) if kid.idnum == ref.idnum)


def outline(pdf_reader):
    """[(level, title, page index)] of the bookmarks, depth first."""
    out = []

    def walk(item_ref, level):
        while item_ref is not None:
            item = item_ref.get_object()
            dest = item["/Dest"]
            out.append((level, str(item["/Title"]), page_index(pdf_reader, dest[0])))
            if "/First" in item:
                walk(item.raw_get("/First"), level + 1)
            item_ref = item.raw_get("/Next") if "/Next" in item else None

    root = pdf_reader.trailer["/Root"]
    if "/Outlines" in root and "/First" in root["/Outlines"]:
        walk(root["/Outlines"].raw_get("/First"), 1)
    return out


def annotations(pdf_reader):
    """[(page index, annotation dict)] of every annotation."""
    out = []
    for index, page in enumerate(pdf_reader.pages):
        annots = page.get("/Annots")
        for ref in annots.get_object() if annots is not None else ():
            out.append((index, ref.get_object()))
    return out
