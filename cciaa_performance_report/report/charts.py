"""Vector charts of the Relazione as inline SVG: plain Python, no odoo import.

The provider builds them from the prepared figures, so the PDF (wkhtmltopdf
keeps SVG as vectors) and any HTML view show the same numbers.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

BAR = "#2f5d8a"
BAR_BELOW = "#c0504d"
GRID = "#bfbfbf"
TEXT = "#222222"


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines[:2] if len(lines) <= 2 else [lines[0], lines[1].rstrip(".,") + "…"]


def bar_chart(items, title: str = "", width: int = 640, label_width: int = 250) -> str:
    """Horizontal bars from 0 to 100 for ``items`` = [(label, value, text)].

    ``value`` is a percentage (None draws no bar); ``text`` is the printed
    figure written at the end of the bar. Bars below 100 are drawn in red.
    Labels wrap on two lines. Returns an ``<svg>`` element as a string."""
    row = 30
    top = 26 if title else 8
    bottom = 22
    plot = width - label_width - 70
    height = top + row * len(items) + bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">'
    ]
    if title:
        parts.append(
            f'<text x="0" y="15" font-size="13" font-weight="bold" fill="{TEXT}">'
            f"{escape(title)}</text>"
        )
    x0 = label_width
    for tick in range(0, 101, 25):
        x = x0 + plot * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" '
            f'y2="{top + row * len(items)}" stroke="{GRID}" stroke-width="0.6"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" font-size="10" fill="{TEXT}" '
            f'text-anchor="middle">{tick}%</text>'
        )
    for index, (label, value, text) in enumerate(items):
        y = top + row * index
        lines = _wrap(label, 38)
        for line_no, line in enumerate(lines):
            dy = 19 if len(lines) == 1 else 12 + 11 * line_no
            parts.append(
                f'<text x="{label_width - 8}" y="{y + dy}" font-size="10" '
                f'fill="{TEXT}" text-anchor="end">{escape(line)}</text>'
            )
        if value is not None:
            length = plot * max(0.0, min(float(value), 100.0)) / 100
            color = BAR if value >= 100 else BAR_BELOW
            parts.append(
                f'<rect x="{x0}" y="{y + 6}" width="{length:.1f}" height="18" '
                f'fill="{color}"/>'
            )
        parts.append(
            f'<text x="{x0 + plot + 6}" y="{y + 19}" font-size="11" '
            f'font-weight="bold" fill="{TEXT}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
