"""All-or-nothing import of supplier lists and placement extracts (CSV or XLSX).

Two steps so a person can look before anything is written:
`parse_import` reads and checks the whole file and says per row what would
happen, without writing; `apply_import` writes an error-free preview inside
one transaction. Apply re-reads the database rather than trusting the
preview's snapshot, so a stale preview cannot write inconsistent rows.

Rows are matched on natural keys (organisationsnummer, diarienummer,
referens) and unchanged objects are never saved, so importing the same file
twice writes nothing and adds no history.

Every column except organisationsnummer (a sole trader's is a personnummer by
law) goes through `looks_like_identity_number`: offices' extracts sometimes
carry a client's personnummer, which must never be stored or echoed back.
"""

import codecs
import csv
import datetime
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl.xml import DEFUSEDXML

from leverantorer.models import (
    Avtal,
    DirektupphandlingSkal,
    Lagrum,
    Leverantor,
    PlacerandeEnhet,
    Placering,
    Verksamhet,
    normalize_orgnr,
)
from ramavtal.models import Ramavtal
from uppfoljning.dates import rimligt_datum
from uppfoljning.validators import looks_like_identity_number

LEVERANTORER = "leverantorer"
PLACERINGAR = "placeringar"
KINDS = (LEVERANTORER, PLACERINGAR)

# Row actions, as shown to the user.
NY = "ny"
ANDRAS = "ändras"
OFORANDRAD = "oförändrad"

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

ENCODING_MESSAGE = (
    "Filen kunde inte läsas som text (varken UTF-8 eller Windows-1252). "
    "Spara den som CSV (UTF-8) eller som Excel-fil (.xlsx) och försök igen."
)
XLSX_MESSAGE = "Filen kunde inte läsas som Excel-fil (.xlsx). Kontrollera att den inte är skadad."
IDENTITY_MESSAGE = (
    "värdet ser ut som ett personnummer eller samordningsnummer och har inte importerats. "
    "Uppgifter som identifierar en enskild får inte sparas – använd en pseudonym referens."
)


class ImportRejected(Exception):
    """apply_import was given a preview with errors, or the register changed under it."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("Importen avbröts: " + " ".join(self.errors))


@dataclass
class ImportRow:
    number: int  # the row number a spreadsheet shows; the header is row 1
    values: dict[str, Any]  # parsed values by column name; never an identity number
    action: str = ""  # NY, ANDRAS or OFORANDRAD; empty when the row has errors
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


@dataclass
class ImportPreview:
    kind: str
    filename: str
    columns: list[str] = field(default_factory=list)  # known columns found in the file
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # file-level errors

    @property
    def ok(self):
        return not self.errors and bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def all_errors(self):
        """File-level errors, then every row's, in file order."""
        return self.errors + [message for row in self.rows for message in row.errors]

    @property
    def counts(self):
        counts = {NY: 0, ANDRAS: 0, OFORANDRAD: 0}
        for row in self.rows:
            if row.action:
                counts[row.action] += 1
        return counts


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    name: str
    parse: str  # key into _PARSERS
    required_column: bool = True
    required_value: bool = False
    max_length: int | None = None
    max_digits: int | None = None
    choices: Any = None
    check_identity: bool = True


def _text_field_length(model, name):
    return model._meta.get_field(name).max_length


COLUMNS = {
    LEVERANTORER: [
        Column("organisationsnummer", "orgnr", required_value=True, check_identity=False),
        Column(
            "namn", "text", required_value=True, max_length=_text_field_length(Leverantor, "namn")
        ),
        Column("ort", "text", max_length=_text_field_length(Leverantor, "ort")),
        Column("region", "text", max_length=_text_field_length(Leverantor, "region")),
        Column("ramavtal", "text", required_value=True, max_length=50),
        Column("rangordning", "int", required_column=False),
        Column(
            "verksamhet",
            "text",
            required_column=False,
            max_length=_text_field_length(Verksamhet, "namn"),
        ),
        Column(
            "ivo_tillstandsnummer",
            "text",
            required_column=False,
            max_length=_text_field_length(Verksamhet, "ivo_tillstandsnummer"),
        ),
        Column("avtalsomraden", "int_list", required_column=False),
    ],
    PLACERINGAR: [
        Column(
            "referens",
            "text",
            required_value=True,
            max_length=_text_field_length(Placering, "referens"),
        ),
        Column("organisationsnummer", "orgnr", required_value=True, check_identity=False),
        Column(
            "verksamhet",
            "text",
            required_value=True,
            max_length=_text_field_length(Verksamhet, "namn"),
        ),
        Column("ramavtal", "text", max_length=50),
        Column(
            "direktupphandling_skal",
            "choice",
            required_column=False,
            choices=DirektupphandlingSkal,
        ),
        Column("startdatum", "date", required_value=True),
        Column("slutdatum", "date", required_column=False),
        Column("lagrum", "choice", required_value=True, choices=Lagrum),
        Column("avtalsomrade", "int", required_column=False),
        Column("placerande_enhet", "choice", required_value=True, choices=PlacerandeEnhet),
        Column("kostnad_per_dygn", "decimal", max_digits=10),
        Column("kostnad_totalt", "decimal", max_digits=12),
    ],
}


def _fold(text):
    """Case, whitespace and å/ä/ö-insensitive key: "Avtalsområden " -> "avtalsomraden"."""
    text = unicodedata.normalize("NFKD", str(text or "").replace("\ufeff", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"\(.*?\)", "", text)  # "Kostnad per dygn (kr)"
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


def _msg(number, column, text):
    if column:
        return f"Rad {number}, kolumn ”{column}”: {text}"
    return f"Rad {number}: {text}"


# ---------------------------------------------------------------- cell values


class _BadValue(Exception):
    """A cell that cannot be read; the message names the problem in Swedish."""


def _cell_text(raw):
    """A cell as trimmed text with whitespace (also non-breaking) collapsed."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    elif isinstance(raw, datetime.datetime):
        raw = raw.date() if raw.time() == datetime.time() else raw
    return " ".join(str(raw).split())


def _parse_text(raw, column):
    text = _cell_text(raw)
    if column.max_length and len(text) > column.max_length:
        raise _BadValue(f"texten är för lång (högst {column.max_length} tecken).")
    return text


def _parse_orgnr(raw, column):
    try:
        return normalize_orgnr(_cell_text(raw))
    except ValidationError as error:
        raise _BadValue(error.messages[0]) from None


_INT = re.compile(r"\d+")


def _parse_int(raw, column):
    text = _cell_text(raw).replace(" ", "")
    if isinstance(raw, bool) or not _INT.fullmatch(text) or int(text) < 1:
        raise _BadValue(f"ogiltigt tal ”{_cell_text(raw)}”: ange ett heltal, 1 eller större.")
    return int(text)


def _parse_int_list(raw, column):
    parts = [part for part in re.split(r"[,;\s]+", _cell_text(raw)) if part]
    if not all(_INT.fullmatch(part) and int(part) >= 1 for part in parts):
        raise _BadValue(
            f"ogiltig lista ”{_cell_text(raw)}”: ange områdenas nummer åtskilda med komma, "
            "t.ex. ”1, 3”."
        )
    return sorted({int(part) for part in parts})


_DECIMAL = re.compile(r"\d+(\.\d+)?")
_CENTS = Decimal("0.01")


def _parse_decimal(raw, column):
    if isinstance(raw, bool):
        raise _BadValue("ogiltigt belopp.")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        # Spreadsheet arithmetic gives binary fractions; amounts are in öre.
        value = Decimal(repr(raw)).quantize(_CENTS, rounding=ROUND_HALF_UP)
    else:
        shown = _cell_text(raw)
        compact = re.sub(r"(?i)\s*kr\.?$", "", shown).replace(" ", "")
        if "," in compact:
            # Swedish: decimal comma, a point (if any) separates thousands.
            compact = compact.replace(".", "").replace(",", ".", 1)
        if not _DECIMAL.fullmatch(compact):
            if compact.startswith("-") and _DECIMAL.fullmatch(compact[1:]):
                raise _BadValue("beloppet kan inte vara negativt.")
            raise _BadValue(f"ogiltigt belopp ”{shown}”: skriv t.ex. ”1 234,50”.")
        try:
            value = Decimal(compact)
        except InvalidOperation:
            raise _BadValue(f"ogiltigt belopp ”{shown}”: skriv t.ex. ”1 234,50”.") from None
    if value < 0:
        raise _BadValue("beloppet kan inte vara negativt.")
    if -value.as_tuple().exponent > 2:
        raise _BadValue(f"ogiltigt belopp ”{_cell_text(raw)}”: högst två decimaler (decimalkomma).")
    if value >= Decimal(10) ** (column.max_digits - 2):
        raise _BadValue(f"beloppet ”{_cell_text(raw)}” är för stort.")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_date(raw, column):
    value = _read_date(raw)
    # Every imported date passes the same range rule as a date typed in a form.
    try:
        rimligt_datum(value)
    except ValidationError as error:
        raise _BadValue(f"ogiltigt datum ”{value.isoformat()}”: {error.messages[0]}") from None
    return value


def _read_date(raw):
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = _cell_text(raw)
    if _ISO_DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    raise _BadValue(f"ogiltigt datum ”{text}”: ange datum som ÅÅÅÅ-MM-DD, t.ex. 2024-03-01.")


def _parse_choice(raw, column):
    text = _cell_text(raw)
    wanted = _choice_key(text)
    for value, label in column.choices.choices:
        if wanted in (_choice_key(value), _choice_key(label)):
            return value
    allowed = ", ".join(f"”{label}”" for label in column.choices.labels)
    raise _BadValue(f"okänt värde ”{text}”: ange något av {allowed}.")


def _choice_key(text):
    # "Avdelning Barn och ungdom", "barn och ungdom" and "barn_ungdom" are one choice.
    key = _fold(text)
    return key.removeprefix("avdelning_")


_YES = {"ja", "j", "x", "true", "sant", "1"}
_NO = {"nej", "n", "false", "falskt", "0"}


def _parse_bool(raw, column):
    if isinstance(raw, bool):
        return raw
    text = _fold(_cell_text(raw))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _BadValue(f"ogiltigt värde ”{_cell_text(raw)}”: ange ”ja” eller ”nej”.")


def _parse_count(raw, column):
    text = _cell_text(raw).replace(" ", "")
    if isinstance(raw, bool) or not _INT.fullmatch(text):
        raise _BadValue(f"ogiltigt antal ”{_cell_text(raw)}”: ange ett heltal, 0 eller större.")
    return int(text)


_PARSERS = {
    "bool": _parse_bool,
    "count": _parse_count,
    "text": _parse_text,
    "orgnr": _parse_orgnr,
    "int": _parse_int,
    "int_list": _parse_int_list,
    "decimal": _parse_decimal,
    "date": _parse_date,
    "choice": _parse_choice,
}


def _empty_value(column):
    return [] if column.parse == "int_list" else ("" if column.parse == "text" else None)


# ---------------------------------------------------------------- reading files


class _FileProblem(Exception):
    """The file as a whole cannot be read; the message is for the user."""


def _read_bytes(source):
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)  # a form may already have read the upload
        data = source.read(MAX_BYTES + 1)
    else:
        raise TypeError("parse_import needs bytes or a file object")
    if len(data) > MAX_BYTES:
        raise _FileProblem(f"Filen är för stor (högst {MAX_BYTES // (1024 * 1024)} MB).")
    return data


def _read_table(data, filename):
    """The file's rows as (row number, cells), blank rows left out."""
    name = (filename or "").lower()
    if not data.strip():
        raise _FileProblem("Filen är tom.")
    if data.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(data)
    elif name.endswith(".xlsx"):
        raise _FileProblem(XLSX_MESSAGE)
    elif data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise _FileProblem(
            "Det äldre Excel-formatet (.xls) stöds inte. Spara filen som .xlsx eller CSV."
        )
    else:
        rows = _read_csv(data)
    rows = [(number, cells) for number, cells in rows if any(_cell_text(c) for c in cells)]
    if not rows:
        raise _FileProblem("Filen är tom.")
    if len(rows) > MAX_ROWS + 1:
        raise _FileProblem(f"Filen har för många rader (högst {MAX_ROWS}).")
    return rows


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _decode(data):
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
    raise _FileProblem(ENCODING_MESSAGE)


def _read_csv(data):
    text = _decode(data)
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
        raise _FileProblem(ENCODING_MESSAGE) from None
    return rows


def _read_xlsx(data):
    if not DEFUSEDXML:
        # Without defusedxml openpyxl would parse uploaded XML unguarded.
        raise _FileProblem("Excel-filer kan inte tas emot på den här servern; använd CSV.")
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
        raise _FileProblem(XLSX_MESSAGE) from None
    return rows


# ---------------------------------------------------------------- parse


def parse_import(kind, uploaded_file_or_bytes, filename) -> ImportPreview:
    """Read and check a whole file; say per row what apply_import would do. No writes."""
    preview = ImportPreview(kind=kind, filename=filename or "")
    if kind not in KINDS:
        preview.errors.append(f"Okänd importtyp ”{kind}”: välj leverantorer eller placeringar.")
        return preview
    preview.columns, preview.rows, preview.errors = read_rows(
        COLUMNS[kind], uploaded_file_or_bytes, filename
    )
    if preview.errors:
        return preview

    plan = _PLANS[kind](columns=preview.columns)
    for row in preview.rows:
        if row.errors:
            continue
        row.action, row.errors = plan.row(row.number, row.values)
    return preview


def read_rows(columns, uploaded_file_or_bytes, filename):
    """Read a file and parse each row against `columns`, without looking at the register.

    Returns (names of the known columns found, an ImportRow per data row, file-level
    errors). Also used by other all-or-nothing imports, e.g. a stickprov's invoice list.
    """
    try:
        table = _read_table(_read_bytes(uploaded_file_or_bytes), filename)
    except _FileProblem as problem:
        return [], [], [str(problem)]
    errors = []
    header_number, header = table[0]
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
        name = _fold(_cell_text(cell))
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
    row = ImportRow(number=number, values={})
    for column in columns:
        if column.name not in positions:
            continue
        index = positions[column.name]
        raw = cells[index] if index < len(cells) else None
        value = _empty_value(column)
        if column.check_identity and looks_like_identity_number(_cell_text(raw)):
            # Checked before parsing so the number is neither stored nor quoted back.
            row.errors.append(_msg(number, column.name, IDENTITY_MESSAGE))
        elif _cell_text(raw) == "":
            if column.required_value:
                row.errors.append(_msg(number, column.name, "värde saknas."))
        else:
            try:
                value = _PARSERS[column.parse](raw, column)
            except _BadValue as problem:
                row.errors.append(_msg(number, column.name, str(problem)))
        row.values[column.name] = value
    return row


# ---------------------------------------------------------------- apply


def apply_import(preview, *, user) -> ImportResult:
    """Write an error-free preview in one transaction; raise ImportRejected otherwise."""
    if not preview.ok:
        raise ImportRejected(preview.all_errors or ["Filen innehåller inga rader att importera."])
    result = ImportResult(kind=preview.kind)
    with transaction.atomic():
        plan = _PLANS[preview.kind](columns=preview.columns, user=user)
        for row in preview.rows:
            action, errors = plan.row(row.number, row.values)
            if errors:
                raise ImportRejected(errors)  # the register changed since the preview
            if action == NY:
                result.created += 1
            elif action == ANDRAS:
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def _save(obj, user):
    obj._history_user = user
    try:
        obj.full_clean()
    except ValidationError as error:
        raise ImportRejected(error.messages) from None
    obj.save()


def _model_errors(number, obj, exclude=()):
    """The model's own validation, as row messages: a net under the checks above."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [_msg(number, None, message) for message in error.messages]
    return []


def _action(created, changed):
    return NY if created else (ANDRAS if changed else OFORANDRAD)


class _Plan:
    """Walks the rows against the register, remembering what earlier rows planned.

    Without a user it only plans (preview); with one it saves as it goes.
    """

    def __init__(self, *, columns, user=None):
        self.columns = set(columns)
        self.user = user
        self.ramavtal = {r.diarienummer.strip().casefold(): r for r in Ramavtal.objects.all()}
        self.omraden = {}

    @property
    def commit(self):
        return self.user is not None

    def _omraden(self, ramavtal):
        if ramavtal.pk not in self.omraden:
            self.omraden[ramavtal.pk] = {o.nummer: o for o in ramavtal.avtalsomraden.all()}
        return self.omraden[ramavtal.pk]

    def _find_ramavtal(self, number, diarienummer, errors):
        ramavtal = self.ramavtal.get(diarienummer.casefold())
        if ramavtal is None:
            errors.append(
                _msg(
                    number,
                    "ramavtal",
                    f"okänt ramavtal ”{diarienummer}”: inget ramavtal har det diarienumret.",
                )
            )
        return ramavtal


class _Supplier:
    """A supplier as the plan sees it: saved or to be created, with its units and contracts."""

    def __init__(self, leverantor):
        self.leverantor = leverantor
        self.units = {}  # folded name -> [Verksamhet]
        self.contracts = {}  # ramavtal pk -> _Contract
        if leverantor.pk:
            for unit in leverantor.verksamheter.all():
                self.units.setdefault(unit.namn.casefold(), []).append(unit)


class _Contract:
    def __init__(self, avtal):
        self.avtal = avtal
        self.omrade_ids = set()
        self.unit_names = set()
        if avtal.pk:
            self.omrade_ids = set(avtal.avtalsomraden.values_list("pk", flat=True))
            self.unit_names = {v.namn.casefold() for v in avtal.verksamheter.all()}


class _LeverantorerPlan(_Plan):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.suppliers = {}  # organisationsnummer -> _Supplier
        self.claims = {}  # (what, key, column) -> (row number, value)

    def _claim_conflict(self, number, what, key, column, value, label):
        claimed = self.claims.get((what, key, column))
        if value in ("", None) or claimed is None or claimed[1] == value:
            return None
        return _msg(number, column, f"skiljer sig från rad {claimed[0]} för samma {label}.")

    def _claim(self, number, what, key, column, value):
        if value not in ("", None):
            self.claims.setdefault((what, key, column), (number, value))

    def row(self, number, values):
        errors = []
        orgnr = values["organisationsnummer"]
        ramavtal = self._find_ramavtal(number, values["ramavtal"], errors)
        omraden = []
        if ramavtal:
            known = self._omraden(ramavtal)
            for nummer in values.get("avtalsomraden", []):
                if nummer in known:
                    omraden.append(known[nummer])
                else:
                    errors.append(
                        _msg(
                            number,
                            "avtalsomraden",
                            f"avtalsområde {nummer} finns inte i ramavtalet "
                            f"”{ramavtal.diarienummer}”.",
                        )
                    )
        unit_name = values.get("verksamhet", "")
        unit_key = unit_name.casefold()
        ivo = values.get("ivo_tillstandsnummer", "")
        if ivo and not unit_name:
            errors.append(
                _msg(number, "ivo_tillstandsnummer", "ange också verksamheten tillståndet gäller.")
            )

        if orgnr not in self.suppliers:
            existing = Leverantor.objects.filter(organisationsnummer=orgnr).first()
            supplier = _Supplier(existing or Leverantor(organisationsnummer=orgnr))
        else:
            supplier = self.suppliers[orgnr]
        if unit_name and len(supplier.units.get(unit_key, [])) > 1:
            errors.append(
                _msg(
                    number,
                    "verksamhet",
                    f"leverantören har flera verksamheter som heter ”{unit_name}”; "
                    "rätta registret först.",
                )
            )
        conflicts = [
            self._claim_conflict(number, "lev", orgnr, col, values[col], "organisationsnummer")
            for col in ("namn", "ort", "region")
        ]
        if ramavtal:
            conflicts.append(
                self._claim_conflict(
                    number,
                    "avtal",
                    (orgnr, ramavtal.pk),
                    "rangordning",
                    values.get("rangordning"),
                    "leverantör och ramavtal",
                )
            )
        if unit_name:
            conflicts.append(
                self._claim_conflict(
                    number, "unit", (orgnr, unit_key), "ivo_tillstandsnummer", ivo, "verksamhet"
                )
            )
        errors += [conflict for conflict in conflicts if conflict]
        if errors:
            return "", errors

        # From here on the row is valid: record what it plans.
        self.suppliers[orgnr] = supplier
        for col in ("namn", "ort", "region"):
            self._claim(number, "lev", orgnr, col, values[col])
        self._claim(number, "avtal", (orgnr, ramavtal.pk), "rangordning", values.get("rangordning"))
        if unit_name:
            self._claim(number, "unit", (orgnr, unit_key), "ivo_tillstandsnummer", ivo)

        leverantor = supplier.leverantor
        created = changed = False
        dirty = []
        lev_created = leverantor.pk is None and not getattr(leverantor, "_planned", False)
        if lev_created:
            leverantor._planned = True
            created = True
        lev_changed = _assign(leverantor, {f: values[f] for f in ("namn", "ort", "region")})
        if lev_created or lev_changed:
            dirty.append(leverantor)
            changed = True

        unit = None
        if unit_name:
            matches = supplier.units.get(unit_key)
            if matches:
                unit = matches[0]
                if _assign(unit, {"ivo_tillstandsnummer": ivo}):
                    dirty.append(unit)
                    changed = True
            else:
                unit = Verksamhet(leverantor=leverantor, namn=unit_name, ivo_tillstandsnummer=ivo)
                supplier.units[unit_key] = [unit]
                dirty.append(unit)
                changed = True

        contract = supplier.contracts.get(ramavtal.pk)
        if contract is None:
            avtal = None
            if leverantor.pk:
                avtal = Avtal.objects.filter(leverantor=leverantor, ramavtal=ramavtal).first()
            if avtal is None:
                # A new contract starts as aktiv (the model default); an existing
                # one's status is never touched here, only by a Beslut.
                avtal = Avtal(leverantor=leverantor, ramavtal=ramavtal)
                created = True
                dirty.append(avtal)
            contract = supplier.contracts[ramavtal.pk] = _Contract(avtal)
        avtal = contract.avtal
        if _assign(avtal, {"rangordning": values.get("rangordning")}) and avtal not in dirty:
            dirty.append(avtal)
            changed = True
        new_omraden = [o for o in omraden if o.pk not in contract.omrade_ids]
        contract.omrade_ids.update(o.pk for o in new_omraden)
        link_unit = unit is not None and unit_key not in contract.unit_names
        if link_unit:
            contract.unit_names.add(unit_key)
        changed = changed or bool(new_omraden) or link_unit

        if not self.commit:
            model_errors = []
            for obj in dirty:
                unsaved_parent = obj is not leverantor and leverantor.pk is None
                exclude = ["leverantor"] if unsaved_parent else []
                model_errors += _model_errors(number, obj, exclude)
            if model_errors:
                return "", model_errors
        else:
            for obj in dirty:
                if isinstance(obj, (Verksamhet, Avtal)):
                    obj.leverantor = leverantor  # now saved; refresh the key
                _save(obj, self.user)
            # One add per relation: each add is one history row for the contract.
            avtal._history_user = self.user
            if new_omraden:
                avtal.avtalsomraden.add(*new_omraden)
            if link_unit:
                avtal.verksamheter.add(unit)
        return _action(created, changed), []


def _assign(obj, values):
    """Set the given non-empty values that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if value in ("", None):
            continue  # an empty optional cell leaves the register as it is
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


class _PlaceringarPlan(_Plan):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.leverantorer = {}  # organisationsnummer -> Leverantor or None
        self.units = {}  # leverantor pk -> {folded name: [Verksamhet]}
        self.contracts = {}  # (leverantor pk, ramavtal pk) -> Avtal or None
        self.referenser = {}  # referens -> first row number

    def row(self, number, values):
        errors = []
        referens = values["referens"]
        if referens in self.referenser:
            errors.append(
                _msg(
                    number,
                    "referens",
                    f"samma referens finns redan på rad {self.referenser[referens]} i filen.",
                )
            )
        else:
            self.referenser[referens] = number

        orgnr = values["organisationsnummer"]
        if orgnr not in self.leverantorer:
            self.leverantorer[orgnr] = Leverantor.objects.filter(organisationsnummer=orgnr).first()
        leverantor = self.leverantorer[orgnr]
        unit = None
        if leverantor is None:
            errors.append(
                _msg(
                    number,
                    "organisationsnummer",
                    "ingen leverantör med det organisationsnumret finns i registret; "
                    "importera leverantörslistan först.",
                )
            )
        else:
            if leverantor.pk not in self.units:
                units = {}
                for candidate in leverantor.verksamheter.all():
                    units.setdefault(candidate.namn.casefold(), []).append(candidate)
                self.units[leverantor.pk] = units
            matches = self.units[leverantor.pk].get(values["verksamhet"].casefold(), [])
            if len(matches) == 1:
                unit = matches[0]
            else:
                problem = "har ingen verksamhet" if not matches else "har flera verksamheter"
                errors.append(
                    _msg(
                        number,
                        "verksamhet",
                        f"leverantören {problem} som heter ”{values['verksamhet']}”.",
                    )
                )

        avtal = ramavtal = None
        skal = values.get("direktupphandling_skal") or ""
        if values["ramavtal"]:
            ramavtal = self._find_ramavtal(number, values["ramavtal"], errors)
            if skal:
                errors.append(
                    _msg(
                        number,
                        "direktupphandling_skal",
                        "ska vara tomt när placeringen gjorts under ett ramavtal.",
                    )
                )
            if ramavtal and leverantor:
                key = (leverantor.pk, ramavtal.pk)
                if key not in self.contracts:
                    self.contracts[key] = Avtal.objects.filter(
                        leverantor=leverantor, ramavtal=ramavtal
                    ).first()
                avtal = self.contracts[key]
                if avtal is None:
                    errors.append(
                        _msg(
                            number,
                            "ramavtal",
                            "leverantören har inget avtal under ramavtalet "
                            f"”{values['ramavtal']}”.",
                        )
                    )
        elif not skal:
            errors.append(
                _msg(
                    number,
                    "direktupphandling_skal",
                    "värde saknas: ange skälet när placeringen inte gjorts under ett ramavtal.",
                )
            )

        fields = {
            "avtal": avtal,
            "verksamhet": unit,
            "direktupphandling_skal": skal,
            "startdatum": values["startdatum"],
            "lagrum": values["lagrum"],
            "placerande_enhet": values["placerande_enhet"],
            "kostnad_per_dygn": values["kostnad_per_dygn"],
            "kostnad_totalt": values["kostnad_totalt"],
        }
        if "slutdatum" in self.columns:
            fields["slutdatum"] = values["slutdatum"]
            if values["slutdatum"] and values["slutdatum"] < values["startdatum"]:
                errors.append(
                    _msg(number, "slutdatum", "slutdatum kan inte ligga före startdatum.")
                )
        if "avtalsomrade" in self.columns:
            omrade = None
            nummer = values["avtalsomrade"]
            if nummer and not values["ramavtal"]:
                errors.append(
                    _msg(
                        number,
                        "avtalsomrade",
                        "avtalsområde kan bara anges för placeringar under ett ramavtal.",
                    )
                )
            elif nummer and ramavtal:
                omrade = self._omraden(ramavtal).get(nummer)
                if omrade is None:
                    errors.append(
                        _msg(
                            number,
                            "avtalsomrade",
                            f"avtalsområde {nummer} finns inte i ramavtalet "
                            f"”{ramavtal.diarienummer}”.",
                        )
                    )
            fields["avtalsomrade"] = omrade
        if errors:
            return "", errors

        placering = Placering.objects.filter(referens=referens).first()
        created = placering is None
        if created:
            placering = Placering(referens=referens)
        changed = False
        for name, value in fields.items():
            if _differs(placering, name, value):
                setattr(placering, name, value)
                changed = True
        if not (created or changed):
            return OFORANDRAD, []
        if self.commit:
            _save(placering, self.user)
        else:
            model_errors = _model_errors(number, placering)
            if model_errors:
                return "", model_errors
        return _action(created, changed), []


def _differs(obj, name, value):
    """Compare a foreign key by id, so unchanged rows cost no extra queries."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


_PLANS = {LEVERANTORER: _LeverantorerPlan, PLACERINGAR: _PlaceringarPlan}
