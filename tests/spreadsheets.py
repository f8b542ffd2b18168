"""Files as offices export them, for the tests of the reader and of every import."""

import io

import openpyxl


def csv_bytes(header, rows, *, delimiter=";", encoding="utf-8-sig"):
    """A CSV file: `;` and UTF-8 with BOM (Swedish Excel's "CSV UTF-8") unless told."""
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(header, rows):
    """An .xlsx file with one sheet; cells keep their Python types (dates, numbers)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
