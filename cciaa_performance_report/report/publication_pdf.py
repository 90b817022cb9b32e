"""The finishing of a published PDF (the Relazione, the Piano) after ONE
wkhtmltopdf pass: page numbers, the index's page numbers and links, the
bookmark outline, the document's metadata and the parts of PDF/A-2B the
toolchain allows (docs/PIANO.md, "Publication-grade PDF").

Debian's wkhtmltopdf (unpatched Qt) has no header, footer, outline nor table
of contents (docs/ENVIRONMENT.md), but it does turn every external link into a
link annotation at the place the link is laid out. The templates wrap each
section heading and each index entry in a link to a reserved host that never
resolves (``.invalid``, RFC 2606): reading those annotations back gives, with
no text extraction and no second rendering, the page and height of every
heading and the row of every index entry. They are then removed: the index
entries become links inside the document, the headings plain text.

Plain functions over bytes; the PDF library is Odoo's (``odoo.tools.pdf``:
PyPDF2 or pypdf) and the overlay is drawn with reportlab, both required by
Odoo. fontTools, when installed, rewrites the glyph widths of the embedded
fonts from the fonts themselves (PDF/A rule 6.2.11.5), as Odoo's own PDF/A
conversion does.
"""

import contextlib
import datetime
import io
import logging
import re
from hashlib import md5
from xml.sax.saxutils import escape
from zlib import compress

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont
from reportlab.pdfgen import canvas

from odoo.tools.misc import file_open
from odoo.tools.pdf import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    OdooPdfFileWriter,
    PdfFileReader,
    create_string_object,
    generic,
)

try:  # optional, as in odoo.tools.pdf
    from fontTools.ttLib import TTFont
except ImportError:
    TTFont = None

_logger = logging.getLogger(__name__)

LANG = "it-IT"  # the published documents are Italian (BCP 47 tag)
MARK_HOST = "cciaa-pdf-mark.invalid"
MARK_PREFIX = f"http://{MARK_HOST}/"
HEADING, ENTRY, PAGE = "at", "toc", "pg"
# an annotation is printed (PDF/A 6.3.2): flag bit 3
PRINT_FLAG = 4
# reportlab ships the Bitstream Vera fonts: an embedded font for the overlay
# wherever reportlab is (PDF/A 6.2.11.4: every font embedded)
OVERLAY_FONT = "CciaaVera"
OVERLAY_FONT_FILE = "Vera.ttf"
PDF_DATE = "D:%Y%m%d%H%M%S+00'00'"
XMP_DATE = "%Y-%m-%dT%H:%M:%S+00:00"
PRODUCER = "Odoo"  # odoo.tools.pdf's writer brands every PDF so


def mark(kind, anchor):
    """The link a template wraps a heading (``HEADING``), an index entry
    (``ENTRY``) or the blank where the index prints its page (``PAGE``) in,
    for the PDF only."""
    return f"{MARK_PREFIX}{kind}/{anchor}"


def marks(anchors):
    """{"at:<anchor>": url, "toc:<anchor>": url, "pg:<anchor>": url} for
    the templates."""
    return {
        f"{kind}:{anchor}": mark(kind, anchor)
        for anchor in anchors
        for kind in (HEADING, ENTRY, PAGE)
    }


def finish(content, *, title, author, subject, lang, footer, toc, right_margin):
    """The published PDF made from wkhtmltopdf's ``content``.

    ``toc``: the index entries in order, dicts with ``anchor``, ``title`` and
    ``level`` (1 for a section, 2 for a sub-section): the outline, and the
    page number drawn at the right of each index row (``right_margin``: the
    page's right margin in points). ``lang``: a BCP 47 tag ("it-IT").
    Returns ``(pdf bytes, {anchor: page number})``."""
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    pages = list(reader.pages)
    headings, entries, blanks = _read_marks(pages)
    page_of = {anchor: page + 1 for anchor, (page, _top) in headings.items()}
    overlay = _overlay(pages, footer, entries, blanks, page_of, right_margin)
    writer = OdooPdfFileWriter()
    for page in pages:
        writer.add_page(page)
    _stamp(writer, overlay)
    kids = writer._root_object["/Pages"]["/Kids"]
    _link_entries(writer, kids, entries, headings)
    _outline(writer, kids, toc, headings)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    info = {
        "/Title": title,
        "/Author": author,
        "/Subject": subject,
        "/Creator": PRODUCER,
        "/Producer": PRODUCER,
        "/CreationDate": now.strftime(PDF_DATE),
        "/ModDate": now.strftime(PDF_DATE),
    }
    writer.add_metadata(info)
    root = writer._root_object
    root[NameObject("/Lang")] = create_string_object(lang)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): generic.BooleanObject(True)}
    )
    _pdfa(writer, content, info, lang, now)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), page_of


def number_pages(content, footer):
    """The PDF with "footer · pag. n di N" at the bottom of every page, for
    the prints that are not published documents (unit sheets, schede)."""
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    pages = list(reader.pages)
    overlay = _overlay(pages, footer, [], {}, {}, 0, cover=False)
    writer = OdooPdfFileWriter()
    for page in pages:
        writer.add_page(page)
    _stamp(writer, overlay)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _annotations(page):
    annots = page.get("/Annots")
    return annots.get_object() if annots is not None else None


def _read_marks(pages):
    """Headings {anchor: (page index, top)} (the first line of a heading
    broken over two), index entries [(anchor, page index, rect)] and the
    blanks of their page numbers {anchor: rect}; the mark annotations are
    taken off their pages, the others flagged printable."""
    headings, entries, blanks = {}, [], {}
    for index, page in enumerate(pages):
        annots = _annotations(page)
        if annots is None:
            continue
        kept = ArrayObject()
        for ref in annots:
            annot = ref.get_object()
            uri = (annot.get("/A") or {}).get("/URI") or ""
            if not str(uri).startswith(MARK_PREFIX):
                annot[NameObject("/F")] = NumberObject(PRINT_FLAG)
                kept.append(ref)
                continue
            kind, _sep, anchor = str(uri)[len(MARK_PREFIX) :].partition("/")
            rect = [float(v) for v in annot["/Rect"]]
            if kind == HEADING and anchor not in headings:
                headings[anchor] = (index, max(rect[1], rect[3]))
            elif kind == ENTRY and not any(e[0] == anchor for e in entries):
                entries.append((anchor, index, rect))
            elif kind == PAGE:
                blanks.setdefault(anchor, rect)
        if kept:
            page[NameObject("/Annots")] = kept
        else:
            del page["/Annots"]
    return headings, entries, blanks


def _overlay_font():
    if OVERLAY_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(ReportlabTTFont(OVERLAY_FONT, OVERLAY_FONT_FILE))
    return OVERLAY_FONT


def _overlay(pages, footer, entries, blanks, page_of, right_margin, cover=True):
    """One page of reportlab drawing per page: "footer · pag. n di N" at
    the bottom of every page (the number only on a ``cover``), and on the index the page
    of each entry at the right of its row: at the right end of the blank
    the template left for it (the page's right margin without one)."""
    font = _overlay_font()
    total = len(pages)
    by_page = {}
    for anchor, index, rect in entries:
        by_page.setdefault(index, []).append((anchor, rect))
    stream = io.BytesIO()
    sheet = canvas.Canvas(stream, pageCompression=1, initialFontName=font)
    grey = Color(0.3, 0.3, 0.3)
    for number, page in enumerate(pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        sheet.setPageSize((width, height))
        sheet.setFillColor(grey)
        sheet.setFont(font, 7.5)
        if number > 1 or not cover:
            sheet.drawString(28, 16, footer)
        sheet.drawRightString(width - 28, 16, f"pag. {number} di {total}")
        sheet.setFillColor(Color(0.13, 0.13, 0.13))
        for anchor, rect in by_page.get(number - 1, ()):
            if anchor not in page_of:
                continue
            bottom, top = sorted((rect[1], rect[3]))
            size = max(6.0, min(9.0, (top - bottom) * 0.72))
            right = width - right_margin - 2
            if anchor in blanks:
                right = max(blanks[anchor][0], blanks[anchor][2])
            sheet.setFont(font, size)
            sheet.drawRightString(
                right,
                bottom + (top - bottom - size) / 2 + size * 0.22,
                str(page_of[anchor]),
            )
        sheet.showPage()
    sheet.save()
    return PdfFileReader(io.BytesIO(stream.getvalue()), strict=False)


def _stamp(writer, overlay):
    """Each overlay page drawn over its page. Not ``merge_page``: that
    parses every content stream in Python (seconds per page of tables); the
    overlay's stream is appended instead, after the page's own wrapped in
    q/Q so that it draws in the page's untransformed space, and its fonts are
    added under names of their own."""
    save = DecodedStreamObject()
    save.set_data(b"q\n")
    restore = DecodedStreamObject()
    restore.set_data(b"\nQ\n")
    save_ref, restore_ref = writer._add_object(save), writer._add_object(restore)
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        data = stamp["/Contents"].get_object().get_data()
        resources = page["/Resources"]
        if "/Font" not in resources:
            resources[NameObject("/Font")] = DictionaryObject()
        fonts = resources["/Font"]
        for name, font in stamp["/Resources"]["/Font"].items():
            own = f"/Cciaa{name[1:]}"
            pattern = rb"%s( [\d.]+ Tf)" % re.escape(name.encode())
            data = re.sub(pattern, own.encode() + rb"\1", data)
            fonts[NameObject(own)] = font
        drawing = DecodedStreamObject()
        drawing.set_data(data)
        raw = page.raw_get("/Contents") if "/Contents" in page else None
        if raw is None:
            original = []
        elif isinstance(raw.get_object(), ArrayObject):
            original = list(raw.get_object())
        else:
            original = [raw]
        page[NameObject("/Contents")] = ArrayObject(
            [save_ref, *original, restore_ref, writer._add_object(drawing)]
        )


def _destination(kids, headings, anchor):
    index, top = headings[anchor]
    return ArrayObject(
        [
            kids[index],
            NameObject("/XYZ"),
            NumberObject(0),
            generic.FloatObject(round(top + 6, 2)),
            NumberObject(0),  # zoom unchanged
        ]
    )


def _link_entries(writer, kids, entries, headings):
    """Each index row becomes a link to its section, across the page."""
    for anchor, index, rect in entries:
        if anchor not in headings:
            continue
        page = writer.pages[index]
        width = float(page.mediabox.width)
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/F"): NumberObject(PRINT_FLAG),
                NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                NameObject("/Rect"): ArrayObject(
                    generic.FloatObject(round(v, 2))
                    for v in (rect[0], rect[1], width - 20, rect[3])
                ),
                NameObject("/Dest"): _destination(kids, headings, anchor),
                NameObject("/P"): kids[index],
            }
        )
        annots = _annotations(page)
        if annots is None:
            annots = ArrayObject()
            page[NameObject("/Annots")] = annots
        annots.append(writer._add_object(link))


def _outline(writer, kids, toc, headings):
    """The bookmarks: the index's entries, sub-sections under their section."""
    root = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    root_ref = writer._add_object(root)
    parents = [(root, root_ref)]
    children = {id(root): []}
    for entry in toc:
        if entry["anchor"] not in headings:
            continue
        level = max(1, min(entry.get("level", 1), len(parents)))
        parent, parent_ref = parents[level - 1]
        item = DictionaryObject(
            {
                NameObject("/Title"): create_string_object(entry["title"]),
                NameObject("/Parent"): parent_ref,
                NameObject("/Dest"): _destination(kids, headings, entry["anchor"]),
            }
        )
        item_ref = writer._add_object(item)
        children[id(parent)].append((item, item_ref))
        children[id(item)] = []
        del parents[level:]
        parents.append((item, item_ref))
    nodes = {id(root): root}
    for group in children.values():
        for item, _ref in group:
            nodes[id(item)] = item
    for key, group in children.items():
        node = nodes[key]
        if not group:
            continue
        node[NameObject("/First")] = group[0][1]
        node[NameObject("/Last")] = group[-1][1]
        node[NameObject("/Count")] = NumberObject(len(group))
        for (item, _ref), (_next, next_ref) in zip(group, group[1:], strict=False):
            item[NameObject("/Next")] = next_ref
            _next[NameObject("/Prev")] = _ref
    writer._root_object[NameObject("/Outlines")] = root_ref


# -- PDF/A-2B ----------------------------------------------------------------


def _pdfa(writer, content, info, lang, now):
    """What PDF/A-2B asks of a file that the toolchain can give it: an
    output intent with an sRGB ICC profile (6.2.3), the file identifier
    (6.1.3), XMP metadata matching the document information and declaring
    the conformance (6.6), printable annotations (6.3.2, done when reading
    the marks), embedded fonts (wkhtmltopdf and the overlay embed theirs)
    whose widths agree with the font programs (6.2.11.5, with fontTools)."""
    digest = ByteStringObject(md5(content).digest())
    writer._set_id(ArrayObject([digest, digest]))
    with file_open("tools/data/files/sRGB2014.icc", mode="rb") as handle:
        profile = compress(handle.read())
    icc = DecodedStreamObject()
    icc.set_data(profile)
    icc.update(
        {
            NameObject("/Filter"): NameObject("/FlateDecode"),
            NameObject("/N"): NumberObject(3),
        }
    )
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): create_string_object("sRGB"),
            NameObject("/Info"): create_string_object("sRGB IEC61966-2.1"),
            NameObject("/DestOutputProfile"): writer._add_object(icc),
        }
    )
    writer._root_object[NameObject("/OutputIntents")] = ArrayObject(
        [writer._add_object(intent)]
    )
    metadata = DecodedStreamObject()
    metadata.set_data(_xmp(info, lang, now).encode())
    metadata.update(
        {
            NameObject("/Type"): NameObject("/Metadata"),
            NameObject("/Subtype"): NameObject("/XML"),
        }
    )
    writer._root_object[NameObject("/Metadata")] = writer._add_object(metadata)
    if TTFont is not None:
        _font_widths(writer)


def _xmp(info, lang, now):
    """XMP packet of the document information (PDF/A 6.6.2.3: the same
    values), with the PDF/A part and conformance."""
    stamp = now.strftime(XMP_DATE)
    title, author, subject = (
        escape(info["/Title"]),
        escape(info["/Author"]),
        escape(info["/Subject"]),
    )
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{subject}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


@contextlib.contextmanager
def _quiet(name):
    """fontTools warns about the odd header dates of wkhtmltopdf's subset
    fonts: nothing a reader of the log can act on."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _font_widths(writer):
    """The /W array of each embedded CID TrueType font rewritten from the
    font program's advance widths (wkhtmltopdf's are not always the font's:
    the reason of Odoo's own PDF/A conversion, tools/pdf convert_to_pdfa)."""
    seen = set()
    for page in writer.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts") or ():
                cid_font = descendant.get_object()
                if id(cid_font) in seen:
                    continue
                seen.add(id(cid_font))
                descriptor = cid_font.get("/FontDescriptor") or {}
                program = descriptor.get("/FontFile2")
                gid_map = cid_font.get("/CIDToGIDMap")
                if program is None or (gid_map is not None and gid_map != "/Identity"):
                    continue
                try:
                    with _quiet("fontTools"):
                        ttfont = TTFont(io.BytesIO(program.get_object().get_data()))
                        upm = ttfont["head"].unitsPerEm
                        metrics = ttfont["hmtx"].metrics
                        widths = [
                            NumberObject(round(1000.0 * metrics[name][0] / upm))
                            for name in ttfont.getGlyphOrder()
                        ]
                except Exception:  # a font program fontTools cannot read
                    _logger.info("PDF/A: glyph widths of a font left as they are")
                    continue
                cid_font[NameObject("/W")] = ArrayObject(
                    [NumberObject(0), ArrayObject(widths)]
                )
