"""Read the sheets of an import file into rows of raw cell values.

Plain Python, no odoo import. Accepted sources: a path to an ``.xlsx``
workbook, to a ``.zip`` of ``<sheet>.csv`` files or to a folder of them, or a
``(bytes, filename)`` pair (what an upload gives). XLSX cells keep their
Python type (``datetime``, ``int``, ``float``, ``str``); CSV cells are
strings. Typing happens in ``validate``.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
import zlib


class Row(dict):
    """Header → raw value, plus ``number``: the spreadsheet row (header = 1)."""

    def __init__(self, values, number):
        super().__init__(values)
        self.number = number


# English templates of the read errors (the Odoo side translates them)
READ_MESSAGES = {
    "too_many_rows": "a sheet has more than %(limit)s rows",
    "not_xlsx": "it is not an Excel workbook (.xlsx) or it is damaged",
    "xlsx_too_large": "the workbook expands to more than %(limit)s MB",
    "not_zip": "it is not a zip archive or it is damaged",
    "zip_member_damaged": "the file %(member)s inside the zip archive is damaged",
    "zip_too_large": "the zip archive expands to more than %(limit)s MB",
    "file_too_large": "the file is larger than %(limit)s MB",
    "unsupported_type": (
        "%(filename)s is neither an Excel workbook (.xlsx), a zip archive of "
        "CSV files nor a CSV file"
    ),
}


class ReadError(Exception):
    """The file itself cannot be read (not a workbook, not a zip...):
    ``code`` is a key of READ_MESSAGES, ``params`` fill its template."""

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(READ_MESSAGES[code] % params)


def _norm(name) -> str:
    return str(name).strip().lower() if name is not None else ""


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_from_matrix(matrix) -> list[Row]:
    """``matrix`` yields lists of cell values; the first is the header."""
    it = iter(matrix)
    try:
        header = [_norm(h) for h in next(it)]
    except StopIteration:
        return []
    rows = []
    for number, cells in enumerate(it, start=2):
        cells = list(cells)
        if all(_is_empty(c) for c in cells):
            continue
        values = {}
        for index, cell in enumerate(cells):
            name = header[index] if index < len(header) else ""
            if isinstance(cell, str):
                cell = cell.strip()
            if not name:
                # a value under no header is kept so that validation reports it
                if not _is_empty(cell):
                    values[f"#{index + 1}"] = cell
                continue
            values[name] = cell
        for name in header:
            if name:
                values.setdefault(name, None)
        rows.append(Row(values, number))
    return rows


# Limits of what one import may hold: a cycle of a large chamber is far below
# them (the 2019 set is 0,2 MB, 1.500 rows), a zip bomb or a runaway export is not.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ROWS = 200_000


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # what Excel on Windows writes ("CSV" without UTF-8): Windows-1252
        return data.decode("cp1252", errors="replace")


def _read_csv_text(data: bytes) -> list[Row]:
    text = _decode(data)
    if text.count("\n") > MAX_ROWS:
        raise ReadError("too_many_rows", limit=MAX_ROWS)
    first = text.split("\n", 1)[0]
    # Italian spreadsheets export CSV with ";" (the decimal comma takes ",")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return _rows_from_matrix(
        csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    )


def _read_xlsx(data: bytes) -> dict[str, list[Row]]:
    import openpyxl  # only needed for workbooks

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise ReadError("not_xlsx") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError("xlsx_too_large", limit=MAX_UNPACKED_BYTES // 2**20)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise ReadError("not_xlsx") from exc
    try:
        return {
            _norm(ws.title): _rows_from_matrix(ws.iter_rows(values_only=True))
            for ws in wb.worksheets
        }
    finally:
        wb.close()


def _sheet_name(filename: str) -> str | None:
    base = os.path.basename(filename)
    if base.startswith(".") or not base.lower().endswith(".csv"):
        return None
    return _norm(base[:-4])


def _read_zip(data: bytes) -> dict[str, list[Row]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ReadError("not_zip") from exc
    sheets = {}
    with zf:
        members = [
            info
            for info in zf.infolist()
            if _sheet_name(info.filename)
            and not info.is_dir()
            and "__macosx" not in info.filename.lower()
        ]
        budget = MAX_UNPACKED_BYTES
        for info in members:
            # read at most the remaining budget: the declared sizes may lie
            try:
                with zf.open(info) as member:
                    data = member.read(budget + 1)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
                raise ReadError("zip_member_damaged", member=info.filename) from exc
            budget -= len(data)
            if budget < 0:
                raise ReadError("zip_too_large", limit=MAX_UNPACKED_BYTES // 2**20)
            sheets[_sheet_name(info.filename)] = _read_csv_text(data)
    return sheets


def _read_folder(path: str) -> dict[str, list[Row]]:
    sheets = {}
    for entry in sorted(os.listdir(path)):
        name = _sheet_name(entry)
        if name:
            with open(os.path.join(path, entry), "rb") as fh:
                sheets[name] = _read_csv_text(fh.read())
    return sheets


def read_sheets(source) -> dict[str, list[Row]]:
    """Sheet name (lower case) → rows. See the module docstring for ``source``."""
    if isinstance(source, tuple):
        data, filename = source
        filename = filename or ""
    else:
        path = os.fspath(source)
        if os.path.isdir(path):
            return _read_folder(path)
        filename = path
        with open(path, "rb") as fh:
            data = fh.read()
    if len(data) > MAX_FILE_BYTES:
        raise ReadError("file_too_large", limit=MAX_FILE_BYTES // 2**20)
    lower = filename.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    if lower.endswith(".zip"):
        return _read_zip(data)
    if lower.endswith(".csv"):
        name = _sheet_name(filename)
        return {name: _read_csv_text(data)}
    # unknown extension: both formats are zip containers; xlsx has a workbook part
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                is_xlsx = "xl/workbook.xml" in zf.namelist()
        except zipfile.BadZipFile as exc:
            raise ReadError("not_zip") from exc
        return _read_xlsx(data) if is_xlsx else _read_zip(data)
    raise ReadError("unsupported_type", filename=filename or "?")
