"""XLSX, a zip of CSVs, a folder of CSVs and uploaded bytes read the same."""

import csv
import datetime
import io
import zipfile

import openpyxl
from conftest import DATASET, reader, validate


def _xlsx_bytes(sheets, typed):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        header = list(dict.fromkeys(k for r in rows for k in r))
        ws.append(header)
        for row in rows:
            ws.append([typed(name, k, row.get(k)) for k in header])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _as_cell(sheet, column, value):
    """What a user's workbook holds: real numbers and real dates."""
    if value in (None, ""):
        return None
    if column in ("dal", "al", "valida_dal", "valida_al") or (
        sheet in ("indicatori", "misurazioni") and "/" in str(value)
    ):
        d, m, y = (
            (int(p) for p in str(value).split("/"))
            if "/" in str(value)
            else (None, None, None)
        )
        if d:
            return datetime.datetime(y, m, d)
        return datetime.datetime.fromisoformat(str(value))
    if column in (
        "peso",
        "valore",
        "anno",
        "tolleranza",
        "partecipazione",
        "percentuale",
    ):
        try:
            return float(validate.parse_number(value))
        except validate.CellError:
            return value
    return value


def _zip_bytes(sheets):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, rows in sheets.items():
            header = list(dict.fromkeys(k for r in rows for k in r))
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(header)
            for row in rows:
                writer.writerow([row.get(k) or "" for k in header])
            # BOM as Excel writes it
            zf.writestr(f"cycle/{name}.csv", "\ufeff" + text.getvalue())
    return buf.getvalue()


def test_xlsx_and_zip_parse_the_same(minimal_sheets):
    from_xlsx = reader.read_sheets(
        (_xlsx_bytes(minimal_sheets, _as_cell), "ciclo.xlsx")
    )
    from_zip = reader.read_sheets((_zip_bytes(minimal_sheets), "ciclo.zip"))
    parsed_xlsx, issues_xlsx = validate.parse(from_xlsx)
    parsed_zip, issues_zip = validate.parse(from_zip)
    assert issues_xlsx == issues_zip == []
    assert parsed_xlsx == parsed_zip
    # row numbers are those of the spreadsheet (header = 1)
    assert [r.number for r in from_xlsx["misurazioni"]] == [2, 3, 4, 5]


def test_empty_rows_skipped_but_counted():
    data = b"codice,nome,tipo\nSG,Segretario,sg\n,,\nS1,Servizio,servizio\n"
    rows = reader.read_sheets((data, "unita.csv"))["unita"]
    assert [(r["codice"], r.number) for r in rows] == [("SG", 2), ("S1", 4)]


def test_semicolon_csv():
    data = b"codice;titolo;peso\nOB1;Area;95,5\n"
    rows = reader.read_sheets((data, "aree.csv"))["aree"]
    assert rows[0]["peso"] == "95,5"


def test_dataset_folder_zip_and_xlsx_read_the_same(tmp_path):
    folder = validate.parse(reader.read_sheets(DATASET))
    archive = tmp_path / "set.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(DATASET.glob("*.csv")):
            zf.write(path, path.name)
    zipped = validate.parse(reader.read_sheets(archive))
    workbook = validate.parse(reader.read_sheets(DATASET.with_suffix(".xlsx")))
    assert folder == zipped == workbook


def _zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_refused_before_it_is_read_whole():
    # a small zip that expands past the limit: refused with a reason, not read
    bomb = _zip(
        {"misurazioni.csv": b"a;b\n" + b"1;2\n" * (reader.MAX_UNPACKED_BYTES // 4)}
    )
    assert len(bomb) < reader.MAX_UNPACKED_BYTES // 100
    try:
        reader.read_sheets((bomb, "ciclo.zip"))
    except reader.ReadError as error:
        assert "MB" in str(error)
    else:
        raise AssertionError("a zip bomb was accepted")


def test_too_large_file_refused():
    data = b"x" * (reader.MAX_FILE_BYTES + 1)
    try:
        reader.read_sheets((data, "ciclo.csv"))
    except reader.ReadError as error:
        assert "MB" in str(error)
    else:
        raise AssertionError("an oversized file was accepted")


def test_windows_1252_csv_is_read():
    # what Excel on Windows writes: "Attività" in Windows-1252
    data = "codice;titolo\nOB1;Attività e qualità\n".encode("cp1252")
    sheets = reader.read_sheets((data, "aree.csv"))
    assert sheets["aree"][0]["titolo"] == "Attività e qualità"


def test_damaged_zip_member_is_a_read_error():
    good = _zip({"aree.csv": b"codice;titolo\n" + b"OB1;Area\n" * 200})
    damaged = bytearray(good)
    start = good.index(b"aree.csv") + len(b"aree.csv") + 10
    damaged[start : start + 20] = b"\x00" * 20
    try:
        reader.read_sheets((bytes(damaged), "ciclo.zip"))
    except reader.ReadError:
        pass
    else:
        raise AssertionError("a damaged zip member was read")


def test_read_errors_carry_a_code_for_translation():
    # the wizard translates READ_MESSAGES[code]: no English reason reaches a user
    cases = [
        ((b"PK\x03\x04garbage", "ciclo"), "not_zip"),
        ((b"PK\x03\x04garbage", "ciclo.xlsx"), "not_xlsx"),
        ((b"%PDF-1.4", "ciclo.pdf"), "unsupported_type"),
        ((b"x" * (reader.MAX_FILE_BYTES + 1), "ciclo.csv"), "file_too_large"),
    ]
    for source, code in cases:
        try:
            reader.read_sheets(source)
        except reader.ReadError as error:
            assert error.code == code
            assert str(error) == reader.READ_MESSAGES[code] % error.params
        else:
            raise AssertionError(f"{source[1]} was read")
