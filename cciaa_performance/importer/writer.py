"""Write sheets of the import format to XLSX (template and cycle export).

Plain Python, no odoo import. Dates are written as real date cells, so a
re-import never meets a spreadsheet serial number.
"""

from __future__ import annotations

import datetime
import io

from .schema import SHEETS


def write_xlsx(
    sheets: dict[str, list[dict]], extra_headers: dict[str, list[str]] | None = None
):
    """XLSX bytes with one worksheet per entry of ``sheets`` (sheet name → rows
    as header → value dicts). Headers come from the schema, or from
    ``extra_headers`` for sheets outside it (e.g. the exported ``risultati``)."""
    import openpyxl

    extra_headers = extra_headers or {}
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        if name in SHEETS:
            headers = [column.name for column in SHEETS[name].columns]
        else:
            headers = extra_headers[name]
        worksheet = workbook.create_sheet(name)
        worksheet.append(headers)
        for row in rows:
            worksheet.append([row.get(header) for header in headers])
        for index, header in enumerate(headers, start=1):
            for cell in worksheet.iter_cols(min_col=index, max_col=index, min_row=2):
                for item in cell:
                    if isinstance(item.value, datetime.date):
                        item.number_format = "DD/MM/YYYY"
            worksheet.column_dimensions[
                openpyxl.utils.get_column_letter(index)
            ].width = max(12, len(header) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx():
    """An empty workbook with every sheet and column of the format."""
    return write_xlsx({name: [] for name in SHEETS})
