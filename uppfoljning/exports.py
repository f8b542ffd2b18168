"""CSV and XLSX downloads that open cleanly in Swedish Excel and cannot run formulas.

CSV: UTF-8 with a BOM (without it Excel guesses Windows-1252 and garbles
å/ä/ö), `;` between cells and decimal commas, as Swedish Excel expects.
Every string cell in either format goes through `neutralize`: a cell that
starts with =, +, -, @, tab or CR would otherwise be run as a formula when
the file is opened (CSV/formula injection, OWASP).
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from uppfoljning.atkomst import AtkomstHandling, logga_atkomst

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """Prefix a string that a spreadsheet would treat as a formula with a single quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def restore(value):
    """Undo `neutralize` on a cell of one of our exports that comes back in an import."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_STARTS):
        return value[1:]
    return value


def _local(value):
    """Aware datetimes in local time, without tzinfo (Excel has no time zones)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return neutralize(str(value))


def _xlsx_cell(value):
    if value is None or isinstance(value, (bool, int, float, Decimal, datetime.date)):
        if isinstance(value, datetime.datetime):
            return _local(value)
        return value
    # openpyxl refuses control characters; they carry nothing a reader needs.
    return neutralize(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def csv_response(filename, header, rows):
    """A CSV download: UTF-8 with BOM, `;`-separated, ISO dates, decimal commas."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return response


def xlsx_response(filename, header, rows):
    """An XLSX download with one sheet: the header row, then the rows."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([_xlsx_cell(value) for value in header])
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def export_response(request, basename, header, rows, *, model=None):
    """The list as a download when ?export=csv or xlsx is asked for, else None.

    Every export goes through here and is written to the access log, as an
    export of `model` (the rows' kind) when the caller names it.
    """
    fmt = request.GET.get("export")
    if fmt == "csv":
        response = csv_response(f"{basename}.csv", header, rows)
    elif fmt == "xlsx":
        response = xlsx_response(f"{basename}.xlsx", header, rows)
    else:
        return None
    logga_atkomst(request, model, AtkomstHandling.EXPORTERA)
    return response
