"""Reading the rendered Relazione back: sections by their anchors, table rows
as lists of cell texts."""

import re
from html import unescape

SECTION_IDS = (
    "premessa",
    "s1",
    "s2",
    "s3",
    "s3c",
    "s30",
    "s31",
    "s32",
    "s3u",
    "s33",
    "s34",
    "s4",
    "s5",
    "a1",
    "a2",
)


def plain(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def section(html, anchor):
    """The HTML from the heading with id ``anchor`` to the next section heading."""
    start = html.index(f'id="{anchor}"')
    ends = [html.find(f'id="{other}"', start + 1) for other in SECTION_IDS]
    ends = [e for e in ends if e > start]
    return html[start : min(ends)] if ends else html[start:]


def rows(html):
    """Every table row of ``html`` as the list of its cells' texts."""
    out = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        out.append([plain(c) for c in cells])
    return out


def unit_sheet_rows(html):
    """{(unit, indicator code): (first line's cells, parameter lines)} of the
    printed unit sheets after the third quadrimester (12 cells on a row's
    first line); a parameter line is the cells Parametro, Dati I…III quadr.,
    TOT / MEDIA anno."""
    out = {}
    for chunk in section(html, "s3u").split('id="unit-')[1:]:
        unit = chunk.split('"', 1)[0]
        code = None
        for cells in rows(chunk):
            if len(cells) == 12 and cells[0] != "Ob/Ind":
                code = cells[1].split(" ")[0]
                out[(unit, code)] = (cells, [cells[3:8]])
            elif len(cells) == 5 and code:
                out[(unit, code)][1].append(cells)
    return out
