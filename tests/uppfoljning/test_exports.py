import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from uppfoljning.exports import XLSX_CONTENT_TYPE, csv_response, neutralize, xlsx_response

HEADER = ["Leverantör", "Start", "Kostnad", "Antal", "Anteckning"]
ROWS = [
    ["Åkerö Vård AB", datetime.date(2024, 3, 1), Decimal("1234.50"), 3, '=HYPERLINK("x")'],
    ["-2+3", None, Decimal("10"), 0, "@SUM(A1)"],
    ["+46 8 123", datetime.date(2024, 12, 31), None, 7, "vanlig text"],
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+46 8 123 45", "'+46 8 123 45"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tdold", "'\tdold"),
        ("\rdold", "'\rdold"),
        ("Solgården HVB", "Solgården HVB"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (None, None),
        (Decimal("-1.5"), Decimal("-1.5")),
    ],
)
def test_it_neutralizes_only_strings_a_spreadsheet_would_run(value, expected):
    assert neutralize(value) == expected


def test_it_writes_a_csv_that_swedish_excel_opens():
    response = csv_response("leverantörer.csv", HEADER, ROWS)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "leverant%C3%B6rer.csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        HEADER,
        ["Åkerö Vård AB", "2024-03-01", "1234,50", "3", '\'=HYPERLINK("x")'],
        ["'-2+3", "", "10", "0", "'@SUM(A1)"],
        ["'+46 8 123", "2024-12-31", "", "7", "vanlig text"],
    ]


def test_it_writes_a_csv_from_a_generator_with_datetimes_and_floats(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    moment = datetime.datetime(2024, 6, 1, 10, 30, tzinfo=datetime.UTC)

    response = csv_response("x.csv", ["När", "Tal", "Ja"], ([moment, 0.1, True] for _ in range(1)))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["2024-06-01 12:30", "0,1", "Ja"]


def test_it_writes_an_xlsx_that_reads_back_with_formulas_neutralized():
    response = xlsx_response("leverantörer.xlsx", HEADER, ROWS)

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "leverant%C3%B6rer.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert rows[1][0] == "Åkerö Vård AB"
    assert rows[1][1] == datetime.datetime(2024, 3, 1)
    assert rows[1][2] == pytest.approx(1234.5)
    assert rows[1][3] == 3
    assert rows[1][4] == '\'=HYPERLINK("x")'
    assert rows[2] == ["'-2+3", None, 10, 0, "'@SUM(A1)"]
    # No cell became a formula.
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_it_writes_an_xlsx_with_aware_datetimes_and_control_characters(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    moment = datetime.datetime(2024, 1, 15, 8, 0, tzinfo=datetime.UTC)

    response = xlsx_response("x.xlsx", ["När", "Text"], [[moment, "rad\x07ett"]])

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["A2"].value == datetime.datetime(2024, 1, 15, 9, 0)
    assert sheet["B2"].value == "radett"
