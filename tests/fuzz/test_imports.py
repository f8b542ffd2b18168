"""Every file import, fed hostile CSV and XLSX cells: a clean import or a Swedish refusal.

The readers behind every upload (the register's leverantörslista and
placeringar, a stickprov's fakturalista, the IVO and credit check files) are
given files whose header is right and whose cells come from
tests/fuzz/hostile.py mixed with valid values. Nothing may raise but the
reader's own refusal, and a refused file writes nothing.
"""

import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from arenden.fakturalista import COLUMNS as FAKTURA_COLUMNS
from arenden.fakturalista import read_fakturalista
from arenden.kontroller.fil import COLUMNS as FIL_COLUMNS
from arenden.kontroller.fil import fil_lasa
from arenden.models import Kontrolltyp
from leverantorer.imports import (
    LEVERANTORER,
    PLACERINGAR,
    ImportRejected,
    apply_import,
    parse_import,
)
from leverantorer.imports.leverantorslista import COLUMNS as LEVERANTOR_COLUMNS
from leverantorer.imports.placeringar import COLUMNS as PLACERING_COLUMNS
from leverantorer.models import Leverantor, Verksamhet
from ramavtal.models import Ramavtal
from tests.fuzz.hostile import FUZZ, changed, snapshot, value_for
from tests.rapporter.fixtures import build_year

VALID = {
    "text": ["Vård AB", "HVB barn och unga"],
    "int": ["1", "2"],
    "int_list": ["1, 2", "1"],
    "decimal": ["1 234,50", "0", "12"],
    "date": ["2024-03-01", "2024-12-31"],
    "bool": ["ja", "nej"],
    "count": ["0", "3"],
}
# openpyxl cannot write these into a cell; a real XLSX cannot hold them either.
_ILLEGAL_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _valid(column, world):
    if column.parse == "choice":
        return list(column.choices.values)
    if column.parse == "orgnr":
        return world["orgnr"]
    if column.name in ("ramavtal", "verksamhet", "tillstandsnummer", "ivo_tillstandsnummer"):
        return world[column.name]
    return VALID[column.parse]


def _file(columns, world):
    names = [column.name for column in columns]
    row = st.tuples(*(value_for(_valid(column, world)) for column in columns))
    return st.tuples(st.lists(row, min_size=1, max_size=4), st.sampled_from(["csv", "xlsx"])).map(
        lambda drawn: _encode(names, *drawn)
    )


def _encode(header, rows, kind):
    if kind == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in rows:
            sheet.append([_ILLEGAL_IN_XLSX.sub("", cell)[:32_000] for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue(), "fil.xlsx"
    lines = [";".join(header)] + [";".join(cell.replace(";", ",") for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"), "fil.csv"


@pytest.fixture
def world(alice):
    build_year(alice)
    return {
        "user": alice,
        "orgnr": list(Leverantor.objects.values_list("organisationsnummer", flat=True)),
        "ramavtal": list(Ramavtal.objects.values_list("namn", flat=True)),
        "verksamhet": list(Verksamhet.objects.values_list("namn", flat=True)),
        "tillstandsnummer": [
            n for n in Verksamhet.objects.values_list("ivo_tillstandsnummer", flat=True) if n
        ]
        or ["IVO 1.1-1"],
        "ivo_tillstandsnummer": ["IVO 1.1-1"],
    }


def _swedish(messages):
    assert messages
    for message in messages:
        assert message and isinstance(message, str)


def _isolated(check):
    """Run `check` in a savepoint rolled back afterwards (each example sees the same world)."""

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "columns"), [(LEVERANTORER, LEVERANTOR_COLUMNS), (PLACERINGAR, PLACERING_COLUMNS)]
)
def test_a_register_import_of_hostile_cells_imports_cleanly_or_refuses_and_writes_nothing(
    world, kind, columns
):
    outcomes = set()

    @FUZZ
    @given(_file(columns, world))
    def run(file):
        def check():
            data, name = file
            before = snapshot()
            preview = parse_import(kind, data, name)
            assert changed(before, snapshot()) == {}  # a preview never writes
            if not preview.ok:
                _swedish(preview.all_errors or preview.errors)
                outcomes.add("refused")
                return
            try:
                apply_import(preview, user=world["user"])
                outcomes.add("imported")
            except ImportRejected as rejected:
                _swedish(rejected.errors)
                assert changed(before, snapshot()) == {}
                outcomes.add("refused")

        _isolated(check)

    run()
    assert "refused" in outcomes


@pytest.mark.django_db
def test_a_fakturalista_of_hostile_cells_reads_or_refuses_in_swedish(world):
    @FUZZ
    @given(_file(FAKTURA_COLUMNS, world))
    def run(file):
        before = snapshot()
        try:
            read_fakturalista(*file)
        except ValidationError as refused:
            _swedish(refused.messages)
        assert changed(before, snapshot()) == {}

    run()


@pytest.mark.django_db
@pytest.mark.parametrize("typ", [Kontrolltyp.IVO, Kontrolltyp.KREDIT])
def test_a_check_file_of_hostile_cells_reads_or_refuses_in_swedish(world, typ):
    @FUZZ
    @given(_file(FIL_COLUMNS[typ], world))
    def run(file):
        before = snapshot()
        result = fil_lasa(typ, *file)
        if result.errors:
            _swedish(result.errors)
        assert changed(before, snapshot()) == {}

    run()
