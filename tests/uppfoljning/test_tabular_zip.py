"""An .xlsx is a zip: one that inflates far beyond what an import holds is refused unread.

Finding 10: a 300 KB file that inflated to 300 MB passed the 10 MB limit and
took openpyxl 25 s and 740 MB. The sizes in the zip directory are checked
before openpyxl is asked to open anything.
"""

import io
import zipfile

import pytest

from tests.spreadsheets import xlsx_bytes
from uppfoljning import tabular
from uppfoljning.tabular import Column, read_rows

COLUMNS = [Column("namn", "text", required_value=True)]
SHEET = "xl/worksheets/sheet1.xml"
ROW = '<row><c t="inlineStr"><is><t>Vård AB</t></is></c></row>'.encode()


def rebuilt(data, replace, declared=None):
    """The zip `data` with members rewritten by `replace(name, bytes) -> [chunks]`;
    `declared` {name: size} makes the central directory lie about a member's size."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            with target.open(info.filename, "w", force_zip64=True) as member:
                for chunk in replace(info.filename, source.read(info.filename)):
                    member.write(chunk)
        for info in target.filelist:  # written into the directory on close
            info.file_size = (declared or {}).get(info.filename, info.file_size)
    return out.getvalue()


def bomb(inflated_mb, declared=None):
    """A real workbook whose sheet XML is `inflated_mb` MB of repeated rows."""
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    head += b'spreadsheetml/2006/main"><sheetData>'
    block = ROW * (1024 * 1024 // len(ROW))

    def replace(name, content):
        if name != SHEET:
            return [content]
        return [head, *([block] * inflated_mb), b"</sheetData></worksheet>"]

    return rebuilt(xlsx_bytes(["namn"], [["Vård AB"]]), replace, declared)


@pytest.fixture
def openpyxl_untouched(monkeypatch):
    """Fail the test if openpyxl is asked to load the workbook at all."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to load the file")

    monkeypatch.setattr(tabular.openpyxl, "load_workbook", refuse)


def test_a_zip_bomb_under_the_size_limit_is_refused_before_openpyxl_opens_it(
    openpyxl_untouched,
):
    data = bomb(100)
    assert len(data) < 1024 * 1024  # well under MAX_BYTES: the old check let it through
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET).file_size > 100_000_000
    found, rows, errors = read_rows(COLUMNS, data, "leverantorer.xlsx")
    assert (found, rows) == ([], [])
    assert errors == [
        "Excel-filen packas upp till mer än vad en importfil kan innehålla "
        "(högst 80 MB uppackat) och har inte lästs. Dela upp den eller spara den som CSV."
    ]


def test_many_members_that_together_inflate_too_far_are_refused(openpyxl_untouched):
    block = b"x" * (1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):  # each under the member limit, together over the total
            with archive.open(f"xl/media/bild{number}.bin", "w") as member:
                for _ in range(30):
                    member.write(block)
    _found, _rows, errors = read_rows(COLUMNS, out.getvalue(), "f.xlsx")
    assert errors == [tabular.XLSX_INFLATED_MESSAGE]


def test_a_zip_of_thousands_of_members_is_refused(openpyxl_untouched):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(tabular.MAX_XLSX_MEMBERS + 1):
            archive.writestr(f"x/{number}.xml", b"")
    _found, _rows, errors = read_rows(COLUMNS, out.getvalue(), "f.xlsx")
    assert errors == [tabular.XLSX_INFLATED_MESSAGE]


def test_a_directory_that_lies_about_the_size_gets_no_further_than_the_declared_size():
    data = bomb(100, declared={SHEET: 2000})
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET).file_size == 2000
    _found, _rows, errors = read_rows(COLUMNS, data, "f.xlsx")
    # zipfile stops at the declared size, the CRC check fails: refused as damaged.
    assert errors == [tabular.XLSX_MESSAGE]


def test_an_ordinary_workbook_still_reads():
    data = xlsx_bytes(["namn"], [["Vård AB"], ["Omsorg AB"]])
    _found, rows, errors = read_rows(COLUMNS, data, "f.xlsx")
    assert errors == []
    assert [row.values["namn"] for row in rows] == ["Vård AB", "Omsorg AB"]
