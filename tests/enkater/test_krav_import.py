"""Importing a ramavtal's requirements from CSV or XLSX: preview, then all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enkater.krav_import import apply_krav, parse_krav
from enkater.models import Avtalskrav
from leverantorer.imports import ImportRejected
from tests.arenden.factories_sarskild import TemaFactory
from tests.enkater.factories import AvtalskravFactory
from tests.factories import AvtalsomradeFactory, RamavtalFactory

pytestmark = pytest.mark.django_db

HEADER = "Punkt;Rubrik;Text;Tema;Avtalsområde\n"


@pytest.fixture
def ramavtal():
    ramavtal = RamavtalFactory()
    AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Familjehem")
    TemaFactory(namn="Bemanning")
    TemaFactory(namn="Dokumentation")
    return ramavtal


def _csv(*lines):
    return (HEADER + "".join(line + "\n" for line in lines)).encode("utf-8-sig")


def _upload(client, ramavtal, content, name="krav.csv"):
    return client.post(
        reverse("enkater:krav_import", args=[ramavtal.pk]),
        {"fil": SimpleUploadedFile(name, content)},
    )


def test_happy_path_previews_then_writes_with_history(client, alice, ramavtal):
    existing = AvtalskravFactory(ramavtal=ramavtal, nummer="5.3", rubrik="Gammal rubrik")
    same = AvtalskravFactory(ramavtal=ramavtal, nummer="6.1", rubrik="Klagomål", text="Rutin.")
    content = _csv(
        "5.3;Bemanning dagtid;Leverantören ska bemanna dagtid.;Bemanning;",
        "5.3.2;Bemanning nattetid;Vaken personal nattetid.;bemanning;Familjehem",
        "6.1;Klagomål;Rutin.;;",
    )
    client.force_login(alice)
    response = _upload(client, ramavtal, content)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.ok
    assert [(row.number, row.action) for row in preview.rows] == [
        (2, "ändras"),
        (3, "ny"),
        (4, "oförändrad"),
    ]
    html = response.content.decode()
    assert "1 nya, 1 ändras, 1 oförändrade" in html
    assert Avtalskrav.objects.count() == 2  # nothing written by the preview

    response = client.post(
        reverse("enkater:krav_import", args=[ramavtal.pk]), {"token": response.context["token"]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("enkater:krav_list", args=[ramavtal.pk])
    existing.refresh_from_db()
    assert (existing.rubrik, existing.tema.namn) == ("Bemanning dagtid", "Bemanning")
    ny = Avtalskrav.objects.get(ramavtal=ramavtal, nummer="5.3.2")
    assert (ny.rubrik, ny.tema.namn, ny.avtalsomrade.namn) == (
        "Bemanning nattetid",
        "Bemanning",
        "Familjehem",
    )
    assert ny.history.get().history_user == alice
    assert existing.history.count() == 2
    assert same.history.count() == 1  # unchanged: not saved again

    # The token is used up: a second confirmation imports nothing.
    again = client.post(reverse("enkater:krav_import", args=[ramavtal.pk]), {"token": "x"})
    assert again.status_code == 302
    assert again["Location"] == reverse("enkater:krav_import", args=[ramavtal.pk])


def test_refused_with_row_and_column_messages_and_nothing_written(client, alice, ramavtal):
    AvtalskravFactory(ramavtal=ramavtal, nummer="1.1", rubrik="Orört")
    content = _csv(
        "1.1;Ändrad rubrik;;Bemanning;",
        "2.1;;Text;Bemanning;",
        "3.1;Trädgård;Text;Trädgårdsskötsel;",
        "1.1;Dubblett;Text;Bemanning;",
        "4.1;Område;Text;Bemanning;Hemtjänst",
        "5.1;Personnummer;Gäller 19121212-1212;Bemanning;",
    )
    client.force_login(alice)
    response = _upload(client, ramavtal, content)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.ok
    assert preview.all_errors == [
        "Rad 3, kolumn ”rubrik”: värde saknas.",
        "Rad 4, kolumn ”tema”: okänt tema ”Trädgårdsskötsel”: ange ett tema från ordlistan Teman.",
        "Rad 5, kolumn ”punkt”: punkten finns redan på rad 2 i filen.",
        "Rad 6, kolumn ”avtalsomrade”: okänt avtalsområde ”Hemtjänst”: ramavtalet har inget "
        "avtalsområde med det namnet.",
        "Rad 7, kolumn ”text”: värdet ser ut som ett personnummer eller samordningsnummer och "
        "har inte importerats. Uppgifter som identifierar en enskild får inte sparas – använd "
        "en pseudonym referens.",
    ]
    html = response.content.decode()
    assert "Ingenting har sparats" in html
    assert "19121212-1212" not in html
    assert response.context["token"] is None
    assert "krav_import" not in client.session
    assert list(Avtalskrav.objects.values_list("nummer", "rubrik")) == [("1.1", "Orört")]
    with pytest.raises(ImportRejected):
        apply_krav(ramavtal, parse_krav(ramavtal, content, "krav.csv"), user=alice)
    assert Avtalskrav.objects.count() == 1


def test_missing_column_is_a_file_error(ramavtal):
    preview = parse_krav(ramavtal, b"Punkt;Rubrik\n1;A\n", "krav.csv")
    assert preview.errors == ["Kolumnen ”text” saknas.", "Kolumnen ”tema” saknas."]


def test_xlsx_import(client, alice, ramavtal):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Punkt", "Rubrik", "Text", "Tema"])
    sheet.append(["10.1", "Fakturering", "Fakturan ska vara specificerad.", "Dokumentation"])
    sheet.append([7, "Avvikelser", "Lex Sarah-rutin.", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(alice)
    response = _upload(client, ramavtal, buffer.getvalue(), name="krav.xlsx")
    assert response.context["preview"].ok, response.context["preview"].all_errors
    client.post(
        reverse("enkater:krav_import", args=[ramavtal.pk]), {"token": response.context["token"]}
    )
    rows = Avtalskrav.objects.filter(ramavtal=ramavtal).values_list(
        "nummer", "rubrik", "tema__namn"
    )
    assert list(rows) == [("7", "Avvikelser", None), ("10.1", "Fakturering", "Dokumentation")]


def test_a_preview_for_one_ramavtal_cannot_be_confirmed_on_another(client, alice, ramavtal):
    client.force_login(alice)
    response = _upload(client, ramavtal, _csv("1.1;Rubrik;Text;Bemanning;"))
    other = RamavtalFactory()
    client.post(
        reverse("enkater:krav_import", args=[other.pk]), {"token": response.context["token"]}
    )
    assert not Avtalskrav.objects.exists()
