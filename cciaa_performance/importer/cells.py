"""Typing of one cell: numbers written the Italian or the English way, dates
(Italian, ISO, spreadsheet serials), yes/no, choices and lists. A cell that
cannot be typed raises ``CellError`` with a code of issues.MESSAGES."""

from __future__ import annotations

import datetime
import re

from . import schema

SERIAL_EPOCH = datetime.date(1899, 12, 30)  # spreadsheet day 0 (1900 system)
MAX_SERIAL = 2958465  # 31/12/9999

_NUM_PLAIN = re.compile(r"^[+-]?\d+$")
_NUM_COMMA = re.compile(r"^[+-]?\d*,\d+$")  # 95,5
_NUM_DOT = re.compile(r"^[+-]?\d*\.\d+$")  # 95.5
_NUM_IT_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234,56
_NUM_EN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")  # 1,234.56
_DATE_IT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)


class CellError(Exception):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def parse_number(raw) -> float:
    """XLSX number, or text with Italian or English decimals (IMPORT_FORMAT: Values)."""
    if isinstance(raw, (bool, datetime.date, datetime.datetime)):
        raise CellError("not_a_number", value=str(raw))
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    text = text.removesuffix("%")
    if _NUM_PLAIN.match(text) or _NUM_DOT.match(text):
        return float(text)
    if _NUM_COMMA.match(text):
        return float(text.replace(",", "."))
    if _NUM_IT_THOUSANDS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _NUM_EN_THOUSANDS.match(text):
        return float(text.replace(",", ""))
    raise CellError("not_a_number", value=str(raw))


def serial_to_date(serial: float) -> datetime.date:
    return SERIAL_EPOCH + datetime.timedelta(days=int(serial))


def parse_date(raw) -> tuple[datetime.date, bool]:
    """(date, was_a_serial). A number is a spreadsheet serial (caller warns)."""
    if isinstance(raw, datetime.datetime):
        return raw.date(), False
    if isinstance(raw, datetime.date):
        return raw, False
    if not isinstance(raw, bool):
        text = str(raw).strip()
        m = _DATE_IT.match(text)
        if m:
            day, month, year = (int(g) for g in m.groups())
            return _make_date(year, month, day, raw), False
        m = _DATE_ISO.match(text)
        if m:
            year, month, day = (int(g) for g in m.groups())
            return _make_date(year, month, day, raw), False
        try:
            serial = parse_number(raw)
        except CellError:
            serial = None
        if serial is not None and 1 <= serial <= MAX_SERIAL:
            return serial_to_date(serial), True
    raise CellError("not_a_date", value=str(raw))


def _make_date(year, month, day, raw):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError("not_a_date", value=str(raw)) from None


def parse_bool(raw) -> bool:
    if raw is None:
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in ("si", "sì", "x", "1", "s", "yes", "true", "vero"):
        return True
    if text in ("no", "0", "", "n", "false", "falso"):
        return False
    raise CellError("bad_bool", value=str(raw))


def parse_choice(raw, column: schema.Column) -> str:
    text = _text(raw)
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    key = text.lower()
    if key in column.aliases:
        return column.aliases[key]
    for choice in column.choices:
        if choice.lower() == key:
            return choice
    raise CellError("bad_choice", value=text, choices=", ".join(column.choices))


def parse_list(raw, column: schema.Column) -> tuple[str, ...]:
    items = tuple(p.strip() for p in re.split(r"[,;\n]", _text(raw)) if p.strip())
    if column.choices:
        return tuple(parse_choice(item, column) for item in items)
    return items


def _text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _fmt_date(d: datetime.date) -> str:
    return d.strftime("%d/%m/%Y")


def _fmt_num(x: float) -> str:
    return f"{x:g}"
