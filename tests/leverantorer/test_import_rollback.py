"""Applying an import is all or nothing: a row refused mid-apply rolls back the rows before it."""

import pytest

from leverantorer.imports import ImportRejected, apply_import, parse_import
from leverantorer.models import Leverantor, Placering
from ramavtal.models import Ramavtal
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory
from tests.leverantorer.test_imports import (
    LEVERANTORER_HEADER,
    ORGNR_A,
    ORGNR_B,
    PLACERINGAR_HEADER,
    register_state,
)
from tests.spreadsheets import csv_bytes

pytestmark = pytest.mark.django_db

HVB = "SCN-2019-0437"
STOD = "SCN-2021-00275"


def placement(referens, orgnr, unit, diarienummer):
    return [
        referens,
        orgnr,
        unit,
        diarienummer,
        "",
        "2024-01-15",
        "2024-03-31",
        "SoL",
        "",
        "Barn och ungdom",
        "3 450,50",
        "",
    ]


@pytest.fixture
def two_suppliers():
    """Supplier A under the HVB agreement, supplier B under the stödboende agreement."""
    hvb = RamavtalFactory(diarienummer=HVB)
    stod = RamavtalFactory(diarienummer=STOD)
    a = AvtalFactory(ramavtal=hvb, leverantor__organisationsnummer=ORGNR_A)
    b = AvtalFactory(ramavtal=stod, leverantor__organisationsnummer=ORGNR_B)
    VerksamhetFactory(leverantor=a.leverantor, namn="Solgården HVB")
    VerksamhetFactory(leverantor=b.leverantor, namn="Björkhagen stödboende")
    return {"hvb": hvb, "stod": stod}


def placement_file():
    return csv_bytes(
        PLACERINGAR_HEADER,
        [
            placement("P-000101", ORGNR_A, "Solgården HVB", HVB),
            placement("P-000102", ORGNR_B, "Björkhagen stödboende", STOD),
        ],
    )


def test_a_row_refused_mid_apply_rolls_back_the_rows_already_written(alice, two_suppliers):
    preview = parse_import("placeringar", placement_file(), "plac.csv")
    assert preview.ok and preview.counts["ny"] == 2
    # Between preview and apply the second row's agreement gets its diarienummer
    # corrected: the first row is written, then the second is refused.
    Ramavtal.objects.filter(pk=two_suppliers["stod"].pk).update(diarienummer="SCN-2021-00276")
    before = register_state()

    with pytest.raises(ImportRejected) as raised:
        apply_import(preview, user=alice)

    assert raised.value.errors == [
        "Rad 3, kolumn ”ramavtal”: okänt ramavtal ”SCN-2021-00275”: "
        "inget ramavtal har det diarienumret."
    ]
    assert register_state() == before
    assert not Placering.objects.filter(referens="P-000101").exists()


def test_a_supplier_row_refused_mid_apply_leaves_no_supplier_behind(alice, two_suppliers):
    data = csv_bytes(
        LEVERANTORER_HEADER,
        [
            ["556677-8899", "Nya Hemmet AB", "Uppsala", "Uppsala län", HVB, "3", "", "", ""],
            ["556677-8899", "Nya Hemmet AB", "Uppsala", "Uppsala län", STOD, "1", "", "", ""],
        ],
    )
    preview = parse_import("leverantorer", data, "lev.csv")
    assert preview.ok, preview.all_errors
    Ramavtal.objects.filter(pk=two_suppliers["stod"].pk).update(diarienummer="SCN-2021-00276")
    before = register_state()

    with pytest.raises(ImportRejected) as raised:
        apply_import(preview, user=alice)

    assert raised.value.errors == [
        "Rad 3, kolumn ”ramavtal”: okänt ramavtal ”SCN-2021-00275”: "
        "inget ramavtal har det diarienumret."
    ]
    assert register_state() == before
    assert not Leverantor.objects.filter(namn="Nya Hemmet AB").exists()


def test_a_supplier_created_between_preview_and_apply_is_updated_not_duplicated(
    alice, two_suppliers
):
    data = csv_bytes(
        LEVERANTORER_HEADER,
        [["556677-8899", "Nya Hemmet AB", "Gävle", "Gävleborg", HVB, "3", "", "", ""]],
    )
    preview = parse_import("leverantorer", data, "lev.csv")
    assert preview.counts == {"ny": 1, "ändras": 0, "oförändrad": 0}
    # Someone registers the supplier by hand meanwhile: apply reads the register
    # again rather than trusting the preview, so the file's values update it.
    by_hand = Leverantor.objects.create(
        organisationsnummer="556677-8899", namn="Nya hemmet", ort="Uppsala", region="Uppsala län"
    )

    result = apply_import(preview, user=alice)

    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)  # the new contract
    [supplier] = Leverantor.objects.filter(organisationsnummer="556677-8899")
    assert supplier.pk == by_hand.pk
    assert (supplier.namn, supplier.ort) == ("Nya Hemmet AB", "Gävle")
    assert supplier.avtal.get().ramavtal == two_suppliers["hvb"]
