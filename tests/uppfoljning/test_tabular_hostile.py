"""Cells the fuzz tests (tests/fuzz) found to break the reader, read now as Swedish refusals."""

import pytest

from tests.spreadsheets import xlsx_bytes
from uppfoljning.tabular import BadValue, Column, parse_decimal, read_rows

COLUMNS = [
    Column("antal", "count", required_column=False),
    Column("rang", "int", required_column=False),
    Column("omraden", "int_list", required_column=False),
    Column("belopp", "decimal", required_column=False, max_digits=12),
]


def errors_of(header, cells, filename="f.csv"):
    if filename.endswith(".xlsx"):
        data = xlsx_bytes(header, [cells])
    else:
        data = (";".join(header) + "\r\n" + ";".join(cells) + "\r\n").encode()
    _found, rows, errors = read_rows(COLUMNS, data, filename)
    assert errors == []
    return rows[0].errors


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        # 5,000 digits: int() raised ValueError (Python's 4,300-digit limit).
        ("antal", "9" * 5000, "ogiltigt antal"),
        ("rang", "9" * 5000, "ogiltigt tal"),
        ("omraden", "1, " + "9" * 5000, "ogiltig lista"),
        ("belopp", "9" * 5000, "ogiltigt belopp"),
        # Digits of other scripts are no numbers in a Swedish file.
        ("antal", "١٢", "ogiltigt antal"),
    ],
)
def test_a_huge_or_foreign_number_is_refused_not_a_crash(column, cell, message):
    errors = errors_of([column], [cell])
    assert len(errors) == 1
    assert errors[0].startswith(f"Rad 2, kolumn ”{column}”: {message}")


@pytest.mark.parametrize("value", [1e308, -1e300])
def test_a_spreadsheet_number_no_amount_can_be_is_refused(value):
    errors = errors_of(["belopp"], [value], "f.xlsx")
    assert len(errors) == 1
    assert errors[0].startswith("Rad 2, kolumn ”belopp”: beloppet")


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_a_cell_that_is_no_number_is_refused(value):
    # An XLSX cannot carry these, but another producer's reader might hand them over.
    with pytest.raises(BadValue, match="är för stort eller inget tal"):
        parse_decimal(value, COLUMNS[3])
