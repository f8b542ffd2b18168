"""Every text cell of every import passes the normalising guard.

A refused cell is named by row and column, the number is not echoed, nothing is written.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arenden.fakturalista import read_fakturalista
from arenden.kontroller.fil import fil_lasa
from arenden.kontroller.parsing import KontrollFel, parse_ivo, parse_kredit
from arenden.models import Faktura
from leverantorer.imports import ImportRejected, apply_import, parse_import
from tests.arenden.kontroller.stubserver import ivo_answer, kredit_answer
from tests.arenden.kontroller.test_kontroll_fil import ivo_csv
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory
from tests.leverantorer.test_imports import (
    LEVERANTORER_HEADER,
    ORGNR_A,
    PLACERINGAR_HEADER,
    placement_rows,
    register_state,
)
from tests.spreadsheets import csv_bytes, xlsx_bytes
from uppfoljning.tabular import IDENTITY_MESSAGE

pytestmark = pytest.mark.django_db

# 811218-9876 in fullwidth digits, with a fullwidth hyphen-minus.
FULLWIDTH = "\uff18\uff11\uff11\uff12\uff11\uff18\uff0d\uff19\uff18\uff17\uff16"
ARABIC_INDIC = "\u0668\u0661\u0661\u0662\u0661\u0668-\u0669\u0668\u0667\u0666"
IDENTITY = IDENTITY_MESSAGE


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def placed_supplier():
    ramavtal = RamavtalFactory(diarienummer="SCN-2019-0437")
    avtal = AvtalFactory(ramavtal=ramavtal, leverantor__organisationsnummer=ORGNR_A)
    return VerksamhetFactory(leverantor=avtal.leverantor, namn="Solgården HVB")


def placements_with_reference(reference):
    good, bad = placement_rows()
    bad = list(bad)
    bad[0] = reference
    return [good, bad]


def test_a_placement_import_with_a_fullwidth_personnummer_as_reference_writes_nothing(
    client, alice, placed_supplier, media
):
    client.force_login(alice)
    data = xlsx_bytes(PLACERINGAR_HEADER, placements_with_reference(f"Ref {FULLWIDTH}"))
    before = register_state()

    response = client.post(
        reverse("leverantorer:import"),
        {"kind": "placeringar", "fil": SimpleUploadedFile("placeringar.xlsx", data)},
    )

    assert response.status_code == 200
    assert f"Rad 3, kolumn ”referens”: {IDENTITY}" in response.text
    assert response.context["token"] is None  # nothing to confirm
    assert "\uff19\uff18\uff17\uff16" not in response.text  # the number is not echoed
    assert register_state() == before
    assert not (media / "imports").exists() or not list((media / "imports").iterdir())


def test_the_import_itself_refuses_the_preview(alice, placed_supplier):
    data = csv_bytes(PLACERINGAR_HEADER, placements_with_reference(ARABIC_INDIC))
    before = register_state()
    preview = parse_import("placeringar", data, "placeringar.csv")
    assert preview.rows[1].errors == [f"Rad 3, kolumn ”referens”: {IDENTITY}"]
    with pytest.raises(ImportRejected):
        apply_import(preview, user=alice)
    assert register_state() == before


@pytest.mark.parametrize(
    ("index", "column", "value"),
    [
        (1, "namn", "Solgården 811218\u20139876 AB"),  # en dash
        (2, "ort", "811218\u00a09876"),  # non-breaking space
        (6, "verksamhet", "HVB 8112\u200b18-9876"),  # zero-width space
        (7, "ivo_tillstandsnummer", "81-12-18-9876"),
    ],
)
def test_a_supplier_list_cell_with_a_personnummer_is_refused(index, column, value):
    RamavtalFactory(diarienummer="SCN-2019-0437")
    row = [ORGNR_A, "Solgården Vård AB", "Uppsala", "Uppsala län", "SCN-2019-0437"]
    row += ["1", "Solgården HVB", "", ""]
    row[index] = value
    before = register_state()
    preview = parse_import("leverantorer", csv_bytes(LEVERANTORER_HEADER, [row]), "lev.csv")
    assert preview.rows[0].errors == [f"Rad 2, kolumn ”{column}”: {IDENTITY}"]
    assert register_state() == before


def test_an_invoice_list_with_arabic_indic_digits_in_the_reference_is_refused(placed_supplier):
    orgnr = placed_supplier.leverantor.organisationsnummer
    header = (
        "fakturanummer;organisationsnummer;referens;fakturadatum;period_fran;period_till;belopp"
    )
    line = f"F-1;{orgnr};{ARABIC_INDIC};2024-03-05;2024-02-01;2024-02-29;100"
    data = ("\ufeff" + header + "\r\n" + line + "\r\n").encode("utf-8")
    with pytest.raises(ValidationError) as error:
        read_fakturalista(data, "fakturor.csv")
    assert error.value.messages == [f"Rad 2, kolumn ”referens”: {IDENTITY}"]
    assert not Faktura.objects.exists()


def test_an_ivo_export_with_a_soft_hyphened_personnummer_is_refused(placed_supplier):
    errors = fil_lasa("ivo", ivo_csv("811218\u00ad9876;giltigt;nej;0;nej;"), "x.csv").errors
    assert errors == [f"Rad 2, kolumn ”tillstandsnummer”: {IDENTITY}"]


def test_a_credit_answer_with_a_personnummer_as_rating_is_a_failed_check():
    raw = json.dumps(kredit_answer(rating="811218\u20139876")).encode()
    with pytest.raises(KontrollFel) as error:
        parse_kredit(raw)
    assert error.value.message == (
        "Svaret från kreditupplysningen var felaktigt: "
        "fältet ”rating” ser ut som ett personnummer eller samordningsnummer."
    )


def test_an_ivo_answer_with_a_personnummer_as_status_is_not_quoted_in_the_stored_message():
    raw = json.dumps(ivo_answer(tillstand="19811218-9876")).encode()
    with pytest.raises(KontrollFel) as error:
        parse_ivo(raw)
    assert error.value.message == "Svaret från IVO-källan var felaktigt: okänt tillstånd."


def test_an_ivo_answer_with_an_unknown_status_is_still_quoted():
    raw = json.dumps(ivo_answer(tillstand="förlängt")).encode()
    with pytest.raises(KontrollFel) as error:
        parse_ivo(raw)
    assert (
        error.value.message == "Svaret från IVO-källan var felaktigt: okänt tillstånd ”förlängt”."
    )
