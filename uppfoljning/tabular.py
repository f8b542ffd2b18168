"""Reading the CSV and XLSX files Swedish offices export: one reader for every import.

`read_rows(columns, file, filename)` reads a whole file and parses each row
against a list of `Column`s, without looking at the database. What it
accepts is what offices produce: `;` (Swedish Excel's default), `,` or tab
separators; UTF-8 with or without BOM, Windows-1252 or Excel's "Unicode
text"; `.xlsx` through openpyxl with defusedxml; decimal commas and thousands
spaces; ISO dates. What it says is Swedish and names the row (as a
spreadsheet numbers it, the header being row 1) and the column.

Every column except organisationsnummer (a sole trader's is a personnummer by
law) goes through `looks_like_identity_number` before it is parsed: offices'
extracts sometimes carry a client's personnummer, which must never be stored
or echoed back.

Used by the register imports (leverantorer.imports), the invoice list of a
stickprov and the check files from IVO or a credit service.
"""

import codecs
import csv
import datetime
import io
import math
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from openpyxl.xml import DEFUSEDXML

from uppfoljning.dates import rimligt_datum
from uppfoljning.validators import looks_like_identity_number, normalize_orgnr

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# An .xlsx is a zip: 10 MB on disk may inflate a hundredfold. What a sheet of
# MAX_ROWS rows really needs stays far below these; a zip bomb does not.
MAX_XLSX_MEMBERS = 200
MAX_XLSX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_XLSX_TOTAL_BYTES = 80 * 1024 * 1024

ENCODING_MESSAGE = (
    "Filen kunde inte läsas som text (varken UTF-8 eller Windows-1252). "
    "Spara den som CSV (UTF-8) eller som Excel-fil (.xlsx) och försök igen."
)
XLSX_MESSAGE = "Filen kunde inte läsas som Excel-fil (.xlsx). Kontrollera att den inte är skadad."
XLSX_INFLATED_MESSAGE = (
    "Excel-filen packas upp till mer än vad en importfil kan innehålla "
    f"(högst {MAX_XLSX_TOTAL_BYTES // (1024 * 1024)} MB uppackat) och har inte lästs. "
    "Dela upp den eller spara den som CSV."
)
IDENTITY_MESSAGE = (
    "värdet ser ut som ett personnummer eller samordningsnummer och har inte importerats. "
    "Uppgifter som identifierar en enskild får inte sparas – använd en pseudonym referens."
)


@dataclass(frozen=True)
class Column:
    """A column a file may (or must) have, and how its cells are read."""

    name: str  # as folded by column_key: "Kostnad per dygn (kr)" -> "kostnad_per_dygn"
    parse: str  # key into PARSERS
    required_column: bool = True
    required_value: bool = False
    max_length: int | None = None
    max_digits: int | None = None
    choices: Any = None  # a TextChoices class, for parse="choice"
    check_identity: bool = True


@dataclass
class Row:
    """One data row of a file, parsed."""

    number: int  # the row number a spreadsheet shows; the header is row 1
    values: dict[str, Any]  # parsed values by column name; never an identity number
    action: str = ""  # what an import would do with it; empty when the row has errors
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def column_key(text):
    """Case, whitespace and å/ä/ö-insensitive key: "Avtalsområden " -> "avtalsomraden"."""
    text = unicodedata.normalize("NFKD", str(text or "").replace("\ufeff", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"\(.*?\)", "", text)  # "Kostnad per dygn (kr)"
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def row_message(number, column, text):
    """A message about a row (and a column of it), as every import words it."""
    if column:
        return f"Rad {number}, kolumn ”{column}”: {text}"
    return f"Rad {number}: {text}"


# ---------------------------------------------------------------- cell values


class BadValue(Exception):
    """A cell that cannot be read; the message names the problem in Swedish."""


def cell_text(raw):
    """A cell as trimmed text with whitespace (also non-breaking) collapsed."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    elif isinstance(raw, datetime.datetime):
        raw = raw.date() if raw.time() == datetime.time() else raw
    return " ".join(str(raw).split())


def parse_text(raw, column):
    text = cell_text(raw)
    if column.max_length and len(text) > column.max_length:
        raise BadValue(f"texten är för lång (högst {column.max_length} tecken).")
    return text


def parse_orgnr(raw, column):
    try:
        return normalize_orgnr(cell_text(raw))
    except ValidationError as error:
        raise BadValue(error.messages[0]) from None


# ASCII digits, and few enough for int(): Python refuses to convert more than
# 4,300 digits (a ValueError, once a 500), and no rank or count needs 16.
_INT = re.compile(r"[0-9]{1,15}")


def parse_int(raw, column):
    """A whole number, 1 or more (a rank, an area's number)."""
    text = cell_text(raw).replace(" ", "")
    if isinstance(raw, bool) or not _INT.fullmatch(text) or int(text) < 1:
        raise BadValue(f"ogiltigt tal ”{cell_text(raw)}”: ange ett heltal, 1 eller större.")
    return int(text)


def parse_int_list(raw, column):
    """Numbers separated by commas, semicolons or spaces: "1, 3" -> [1, 3]."""
    parts = [part for part in re.split(r"[,;\s]+", cell_text(raw)) if part]
    if not all(_INT.fullmatch(part) and int(part) >= 1 for part in parts):
        raise BadValue(
            f"ogiltig lista ”{cell_text(raw)}”: ange områdenas nummer åtskilda med komma, "
            "t.ex. ”1, 3”."
        )
    return sorted({int(part) for part in parts})


_DECIMAL = re.compile(r"[0-9]{1,30}(\.[0-9]{1,30})?")
_CENTS = Decimal("0.01")


def parse_decimal(raw, column):
    """An amount in kronor: "1 234,50", "1.234,50 kr", a spreadsheet number; never negative."""
    if isinstance(raw, bool):
        raise BadValue("ogiltigt belopp.")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if not math.isfinite(raw) or abs(raw) >= 1e15:
            # quantize() cannot hold it (InvalidOperation); no amount is that large.
            raise BadValue(f"beloppet ”{cell_text(raw)}” är för stort eller inget tal.")
        # Spreadsheet arithmetic gives binary fractions; amounts are in öre.
        value = Decimal(repr(raw)).quantize(_CENTS, rounding=ROUND_HALF_UP)
    else:
        shown = cell_text(raw)
        compact = re.sub(r"(?i)\s*kr\.?$", "", shown).replace(" ", "")
        if "," in compact:
            # Swedish: decimal comma, a point (if any) separates thousands.
            compact = compact.replace(".", "").replace(",", ".", 1)
        if not _DECIMAL.fullmatch(compact):
            if compact.startswith("-") and _DECIMAL.fullmatch(compact[1:]):
                raise BadValue("beloppet kan inte vara negativt.")
            raise BadValue(f"ogiltigt belopp ”{shown}”: skriv t.ex. ”1 234,50”.")
        try:
            value = Decimal(compact)
        except InvalidOperation:
            raise BadValue(f"ogiltigt belopp ”{shown}”: skriv t.ex. ”1 234,50”.") from None
    if value < 0:
        raise BadValue("beloppet kan inte vara negativt.")
    if -value.as_tuple().exponent > 2:
        raise BadValue(f"ogiltigt belopp ”{cell_text(raw)}”: högst två decimaler (decimalkomma).")
    if value >= Decimal(10) ** (column.max_digits - 2):
        raise BadValue(f"beloppet ”{cell_text(raw)}” är för stort.")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(raw, column):
    """An ISO date or a spreadsheet date cell, within the range every form allows."""
    value = _read_date(raw)
    # Every imported date passes the same range rule as a date typed in a form.
    try:
        rimligt_datum(value)
    except ValidationError as error:
        raise BadValue(f"ogiltigt datum ”{value.isoformat()}”: {error.messages[0]}") from None
    return value


def _read_date(raw):
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = cell_text(raw)
    if _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise BadValue(f"ogiltigt datum ”{text}”: ange datum som ÅÅÅÅ-MM-DD, t.ex. 2024-03-01.")


def parse_choice(raw, column):
    """One of `column.choices`, given by its value or its label."""
    text = cell_text(raw)
    wanted = _choice_key(text)
    for value, label in column.choices.choices:
        if wanted in (_choice_key(value), _choice_key(label)):
            return value
    allowed = ", ".join(f"”{label}”" for label in column.choices.labels)
    raise BadValue(f"okänt värde ”{text}”: ange något av {allowed}.")


def _choice_key(text):
    # "Avdelning Barn och ungdom", "barn och ungdom" and "barn_ungdom" are one choice.
    key = column_key(text)
    return key.removeprefix("avdelning_")


_YES = {"ja", "j", "x", "true", "sant", "1"}
_NO = {"nej", "n", "false", "falskt", "0"}


def parse_bool(raw, column):
    if isinstance(raw, bool):
        return raw
    text = column_key(cell_text(raw))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise BadValue(f"ogiltigt värde ”{cell_text(raw)}”: ange ”ja” eller ”nej”.")


def parse_count(raw, column):
    """A whole number, 0 or more (a number of remarks or open cases)."""
    text = cell_text(raw).replace(" ", "")
    if isinstance(raw, bool) or not _INT.fullmatch(text):
        raise BadValue(f"ogiltigt antal ”{cell_text(raw)}”: ange ett heltal, 0 eller större.")
    return int(text)


PARSERS = {
    "bool": parse_bool,
    "count": parse_count,
    "text": parse_text,
    "orgnr": parse_orgnr,
    "int": parse_int,
    "int_list": parse_int_list,
    "decimal": parse_decimal,
    "date": parse_date,
    "choice": parse_choice,
}


def empty_value(column):
    """What an empty cell reads as: [] for a list, "" for text, otherwise None."""
    return [] if column.parse == "int_list" else ("" if column.parse == "text" else None)


# ---------------------------------------------------------------- reading files


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the user."""


def read_bytes(source):
    """The file's bytes, from bytes or a file object (a Django upload); refuses a huge file."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)  # a form may already have read the upload
        data = source.read(MAX_BYTES + 1)
    else:
        raise TypeError("read_rows needs bytes or a file object")
    if len(data) > MAX_BYTES:
        raise FileProblem(f"Filen är för stor (högst {MAX_BYTES // (1024 * 1024)} MB).")
    return data


def read_table(data, filename):
    """The file's rows as (row number, cells), blank rows left out."""
    name = (filename or "").lower()
    if not data.strip():
        raise FileProblem("Filen är tom.")
    if data.startswith(b"PK\x03\x04"):
        rows = read_xlsx(data)
    elif name.endswith(".xlsx"):
        raise FileProblem(XLSX_MESSAGE)
    elif data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise FileProblem(
            "Det äldre Excel-formatet (.xls) stöds inte. Spara filen som .xlsx eller CSV."
        )
    else:
        rows = read_csv(data)
    rows = [(number, cells) for number, cells in rows if any(cell_text(c) for c in cells)]
    if not rows:
        raise FileProblem("Filen är tom.")
    if len(rows) > MAX_ROWS + 1:
        raise FileProblem(f"Filen har för många rader (högst {MAX_ROWS}).")
    return rows


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data):
    """Text from UTF-8 (with or without BOM), Windows-1252 or UTF-16 with BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]  # Excel's "Unicode text"
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # cp1252 maps nearly every byte; control characters mean it was not text.
        if not _CONTROL.search(text):
            return text
    raise FileProblem(ENCODING_MESSAGE)


def read_csv(data):
    """Rows of a CSV file; the separator is the one the first line uses most."""
    text = decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count)  # ";" wins ties: Swedish Excel's default
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        for number, cells in enumerate(reader, start=1):
            rows.append((number, cells))
            if number > MAX_ROWS + 10:
                break
    except csv.Error:
        raise FileProblem(ENCODING_MESSAGE) from None
    return rows


def read_xlsx(data):
    """Rows of the first sheet of an .xlsx file, as cell values (dates as dates)."""
    if not DEFUSEDXML:
        # Without defusedxml openpyxl would parse uploaded XML unguarded.
        raise FileProblem("Excel-filer kan inte tas emot på den här servern; använd CSV.")
    check_zip_directory(data)
    rows = []
    try:
        with warnings.catch_warnings():
            # Style and data-validation warnings from other producers are irrelevant here.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                    rows.append((number, list(cells)))
                    if number > MAX_ROWS + 10:
                        break
            finally:
                workbook.close()
    except Exception:  # noqa: BLE001 - a malformed upload may fail anywhere inside openpyxl
        raise FileProblem(XLSX_MESSAGE) from None
    return rows


def check_zip_directory(data):
    """Refuse an .xlsx whose members would inflate beyond the limits, before any is read.

    The sizes come from the zip's central directory. A directory that lies
    (declares less than a member holds) cannot get past it either: Python's
    zipfile, which openpyxl reads through, stops each member at its declared
    size and then fails its CRC check, so the file is refused as damaged.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise FileProblem(XLSX_MESSAGE) from None
    if len(members) > MAX_XLSX_MEMBERS:
        raise FileProblem(XLSX_INFLATED_MESSAGE)
    if any(member.file_size > MAX_XLSX_MEMBER_BYTES for member in members):
        raise FileProblem(XLSX_INFLATED_MESSAGE)
    if sum(member.file_size for member in members) > MAX_XLSX_TOTAL_BYTES:
        raise FileProblem(XLSX_INFLATED_MESSAGE)


# ---------------------------------------------------------------- rows


def read_rows(columns, uploaded_file_or_bytes, filename):
    """Read a file and parse each row against `columns`, without looking at the database.

    Returns (names of the known columns found, a Row per data row, file-level
    errors). A row's parse errors are on the row; its values hold an empty
    value (see empty_value) for a cell that could not be read.
    """
    try:
        table = read_table(read_bytes(uploaded_file_or_bytes), filename)
    except FileProblem as problem:
        return [], [], [str(problem)]
    errors = []
    _header_number, header = table[0]
    positions = _map_header(columns, header, errors)
    if errors:
        return [], [], errors
    found = [column.name for column in columns if column.name in positions]
    rows = [_parse_row(columns, number, cells, positions) for number, cells in table[1:]]
    if not rows:
        errors.append("Filen innehåller inga rader att importera, bara rubrikraden.")
    return found, rows, errors


def _map_header(columns, header, errors):
    known = {column.name: column for column in columns}
    positions = {}
    for index, cell in enumerate(header):
        name = column_key(cell_text(cell))
        if name not in known:
            continue  # extra columns are allowed and ignored
        if name in positions:
            errors.append(f"Kolumnen ”{name}” finns flera gånger.")
        positions[name] = index
    for column in columns:
        if column.required_column and column.name not in positions:
            errors.append(f"Kolumnen ”{column.name}” saknas.")
    return positions


def _parse_row(columns, number, cells, positions):
    row = Row(number=number, values={})
    for column in columns:
        if column.name not in positions:
            continue
        index = positions[column.name]
        raw = cells[index] if index < len(cells) else None
        value = empty_value(column)
        if column.check_identity and looks_like_identity_number(cell_text(raw)):
            # Checked before parsing so the number is neither stored nor quoted back.
            row.errors.append(row_message(number, column.name, IDENTITY_MESSAGE))
        elif cell_text(raw) == "":
            if column.required_value:
                row.errors.append(row_message(number, column.name, "värde saknas."))
        else:
            try:
                value = PARSERS[column.parse](raw, column)
            except BadValue as problem:
                row.errors.append(row_message(number, column.name, str(problem)))
        row.values[column.name] = value
    return row
