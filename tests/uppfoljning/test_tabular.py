"""The shared CSV/XLSX reader: files, encodings, separators, cells and Swedish messages."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from tests.spreadsheets import csv_bytes, xlsx_bytes
from uppfoljning import tabular
from uppfoljning.tabular import Column, read_rows, row_message

PERSONNUMMER = "19121212-1212"  # Skatteverket's test number
SAMORDNINGSNUMMER = "701063-2391"


class Enhet(models.TextChoices):
    BARN_UNGDOM = "barn_ungdom", "Barn och ungdom"
    VUXEN = "vuxen", "Vuxen"


COLUMNS = [
    Column("organisationsnummer", "orgnr", required_value=True, check_identity=False),
    Column("namn", "text", required_value=True, max_length=20),
    Column("belopp", "decimal", required_column=False, max_digits=8),
    Column("datum", "date", required_column=False),
    Column("antal", "count", required_column=False),
    Column("rang", "int", required_column=False),
    Column("aktiv", "bool", required_column=False),
    Column("omraden", "int_list", required_column=False),
    Column("enhet", "choice", required_column=False, choices=Enhet),
]


def read_one(header, cells, **options):
    """The single data row of a CSV with `header` and `cells`."""
    found, rows, errors = read_rows(COLUMNS, csv_bytes(header, [cells], **options), "f.csv")
    assert errors == []
    assert len(rows) == 1
    return rows[0]


# Moved from tests/leverantorer/test_imports.py (then through parse_import).
@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "tom.csv", "Filen är tom."),
        (b"\xef\xbb\xbf\r\n;;\r\n", "tom.csv", "Filen är tom."),
        (b"\x00\x01\x02\x81binary\x00", "x.csv", tabular.ENCODING_MESSAGE),
        (b"not a zip", "x.xlsx", tabular.XLSX_MESSAGE),
        (b"PK\x03\x04broken", "x.xlsx", tabular.XLSX_MESSAGE),
        (
            b"\xd0\xcf\x11\xe0old",
            "x.xls",
            "Det äldre Excel-formatet (.xls) stöds inte. Spara filen som .xlsx eller CSV.",
        ),
    ],
)
def test_it_reports_an_unreadable_file(data, filename, message):
    assert read_rows(COLUMNS, data, filename) == ([], [], [message])


# Moved from tests/leverantorer/test_imports.py (then through parse_import).
def test_it_reports_a_file_with_only_a_header():
    data = csv_bytes(["organisationsnummer", "namn"], [])

    _found, rows, errors = read_rows(COLUMNS, data, "f.csv")

    assert rows == []
    assert errors == ["Filen innehåller inga rader att importera, bara rubrikraden."]


def test_it_refuses_a_file_over_the_size_limit():
    data = b"namn\r\n" + b"x" * tabular.MAX_BYTES

    assert read_rows(COLUMNS, data, "f.csv") == ([], [], ["Filen är för stor (högst 10 MB)."])


def test_it_reads_a_semicolon_csv_in_utf8_with_bom():
    data = "\ufeffOrganisationsnummer;Namn\r\n556000-9010;Åkerö Vård AB\r\n".encode()

    found, rows, errors = read_rows(COLUMNS, data, "f.csv")

    assert (found, errors) == (["organisationsnummer", "namn"], [])
    assert rows[0].number == 2
    assert rows[0].values == {"organisationsnummer": "556000-9010", "namn": "Åkerö Vård AB"}


def test_it_reads_a_comma_separated_windows_1252_file():
    row = read_one(
        ["organisationsnummer", "namn"],
        ["5560009010", "Öbacka HVB"],
        delimiter=",",
        encoding="cp1252",
    )

    assert row.values == {"organisationsnummer": "556000-9010", "namn": "Öbacka HVB"}


def test_it_reads_excels_tab_separated_unicode_text():
    row = read_one(
        ["organisationsnummer", "namn"],
        ["556000-9010", "Västerås"],
        delimiter="\t",
        encoding="utf-16",
    )

    assert row.values["namn"] == "Västerås"


def test_it_matches_headers_whatever_their_case_accents_and_units_and_ignores_extra_columns():
    row = read_one(
        ["Organisationsnummer ", "NAMN", "Belopp (kr)", "Områden", "Kommentar"],
        ["556000-9010", "Solgården", "100", "2", "ignoreras"],
    )

    assert row.values == {
        "organisationsnummer": "556000-9010",
        "namn": "Solgården",
        "belopp": Decimal("100"),
        "omraden": [2],
    }


def test_it_reports_missing_and_repeated_columns_for_the_whole_file():
    data = csv_bytes(["namn", "belopp", "Belopp"], [["Solgården", "1", "2"]])

    assert read_rows(COLUMNS, data, "f.csv") == (
        [],
        [],
        ["Kolumnen ”belopp” finns flera gånger.", "Kolumnen ”organisationsnummer” saknas."],
    )


@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [
        ("belopp", "1 234,50", Decimal("1234.50")),
        ("belopp", "1.234,50 kr", Decimal("1234.50")),
        ("belopp", "4\u00a0100", Decimal("4100")),
        ("belopp", "99.5", Decimal("99.5")),
        ("datum", "2024-03-01", datetime.date(2024, 3, 1)),
        ("antal", "0", 0),
        ("rang", "12", 12),
        ("aktiv", "Ja", True),
        ("aktiv", "nej", False),
        ("aktiv", "x", True),
        ("omraden", "3, 1;1", [1, 3]),
        ("enhet", "Avdelning Barn och ungdom", "barn_ungdom"),
        ("enhet", "VUXEN", "vuxen"),
        ("namn", "  Solgården \u00a0 HVB ", "Solgården HVB"),
    ],
)
def test_it_reads_swedish_cells(column, cell, expected):
    header, cells = ["organisationsnummer", "namn"], ["556000-9010", "Solgården"]
    if column == "namn":
        cells[1] = cell
    else:
        header, cells = [*header, column], [*cells, cell]

    row = read_one(header, cells)

    assert row.errors == []
    assert row.values[column] == expected


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        (
            "organisationsnummer",
            "556000-0000",
            "Ogiltigt organisationsnummer: ange tio siffror (NNNNNN-NNNN) med korrekt "
            "kontrollsiffra.",
        ),
        ("namn", "x" * 21, "texten är för lång (högst 20 tecken)."),
        ("belopp", "-5", "beloppet kan inte vara negativt."),
        ("belopp", "tre tusen", "ogiltigt belopp ”tre tusen”: skriv t.ex. ”1 234,50”."),
        ("belopp", "1,234", "ogiltigt belopp ”1,234”: högst två decimaler (decimalkomma)."),
        ("belopp", "1 000 000", "beloppet ”1 000 000” är för stort."),
        (
            "datum",
            "1/3/2024",
            "ogiltigt datum ”1/3/2024”: ange datum som ÅÅÅÅ-MM-DD, t.ex. 2024-03-01.",
        ),
        (
            "datum",
            "0001-01-01",
            "ogiltigt datum ”0001-01-01”: Datumet måste ligga mellan 1990-01-01 och 2100-12-31. "
            "Kontrollera att årtalet är rätt skrivet.",
        ),
        ("antal", "-1", "ogiltigt antal ”-1”: ange ett heltal, 0 eller större."),
        ("rang", "0", "ogiltigt tal ”0”: ange ett heltal, 1 eller större."),
        ("aktiv", "kanske", "ogiltigt värde ”kanske”: ange ”ja” eller ”nej”."),
        (
            "omraden",
            "1 och 3",
            "ogiltig lista ”1 och 3”: ange områdenas nummer åtskilda med komma, t.ex. ”1, 3”.",
        ),
        ("enhet", "LSS", "okänt värde ”LSS”: ange något av ”Barn och ungdom”, ”Vuxen”."),
    ],
)
def test_it_names_the_row_and_column_of_a_bad_cell(column, cell, message):
    header, cells = ["organisationsnummer", "namn"], ["556000-9010", "Solgården"]
    if column in header:
        cells[header.index(column)] = cell
    else:
        header, cells = [*header, column], [*cells, cell]

    row = read_one(header, cells)

    assert row.errors == [f"Rad 2, kolumn ”{column}”: {message}"]


def test_a_bad_or_empty_cell_reads_as_the_columns_empty_value():
    row = read_one(
        ["organisationsnummer", "namn", "belopp", "omraden"], ["556000-9010", "", "", "x"]
    )

    assert row.errors == [
        "Rad 2, kolumn ”namn”: värde saknas.",
        "Rad 2, kolumn ”omraden”: ogiltig lista ”x”: ange områdenas nummer åtskilda med komma, "
        "t.ex. ”1, 3”.",
    ]
    assert row.values == {
        "organisationsnummer": "556000-9010",
        "namn": "",
        "belopp": None,
        "omraden": [],
    }


def test_it_refuses_an_identity_number_without_storing_or_echoing_it():
    row = read_one(["organisationsnummer", "namn"], ["556000-9010", f"Boende {SAMORDNINGSNUMMER}"])

    assert row.errors == ["Rad 2, kolumn ”namn”: " + tabular.IDENTITY_MESSAGE]
    assert row.values["namn"] == ""
    assert SAMORDNINGSNUMMER not in repr(row)


def test_a_sole_traders_organisationsnummer_is_a_personnummer_and_is_read():
    row = read_one(["organisationsnummer", "namn"], [PERSONNUMMER, "Enskild firma"])

    assert row.errors == []
    assert row.values["organisationsnummer"] == "121212-1212"


def test_it_reads_an_xlsx_file_with_date_and_number_cells():
    data = xlsx_bytes(
        ["Organisationsnummer", "Namn", "Datum", "Belopp", "Rang", "Aktiv"],
        [["556000-9010", "Solgården", datetime.datetime(2024, 5, 1), 93000.499, 2.0, True]],
    )

    _found, rows, errors = read_rows(COLUMNS, data, "f.xlsx")

    assert errors == []
    assert rows[0].values == {
        "organisationsnummer": "556000-9010",
        "namn": "Solgården",
        "datum": datetime.date(2024, 5, 1),
        "belopp": Decimal("93000.50"),
        "rang": 2,
        "aktiv": True,
    }


def test_it_reads_a_django_upload_a_form_has_already_read():
    upload = SimpleUploadedFile(
        "f.csv", csv_bytes(["organisationsnummer", "namn"], [["556000-9010", "Solgården"]])
    )
    upload.read()  # as a form's validation might

    _found, rows, errors = read_rows(COLUMNS, upload, upload.name)

    assert errors == []
    assert [row.values["namn"] for row in rows] == ["Solgården"]


def test_blank_rows_are_left_out_but_rows_keep_their_spreadsheet_numbers():
    data = b"organisationsnummer;namn\r\n;\r\n556000-9010;Solg\xc3\xa5rden\r\n"

    _found, rows, _errors = read_rows(COLUMNS, data, "f.csv")

    assert [row.number for row in rows] == [3]


def test_a_message_names_the_row_and_the_column_if_any():
    assert row_message(4, "belopp", "för stort.") == "Rad 4, kolumn ”belopp”: för stort."
    assert row_message(4, None, "fel.") == "Rad 4: fel."
