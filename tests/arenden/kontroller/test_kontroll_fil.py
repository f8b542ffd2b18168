"""The file adapter: an uploaded export, all or nothing, with Swedish errors."""

import datetime
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from arenden.kontroller.fil import FilKalla, fil_lasa
from arenden.kontroller.parsing import KontrollFel, parse_ivo
from arenden.kontroller.storage import store_check
from arenden.kontroller.sweeps import sweep_run_all, sweep_start
from arenden.models import IvoKontroll, Kontrollfil, Kontrollsvep, Kreditkontroll, Signal
from tests.arenden.kontroller.stubserver import ivo_answer
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory

IVO_HEADER = (
    "Tillståndsnummer;Tillstånd;Vilande;Öppna tillsynsärenden;Krav på återrapportering;"
    "Senaste tillsyn\r\n"
)
KREDIT_HEADER = (
    "Organisationsnummer;Rating;Score;Betalningsanmärkningar;Skatteskuld;Skatteskuld datum;"
    "Konkurs;Likvidation;Avregistrerad\r\n"
)


@pytest.fixture
def two_units(alice):
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice))
    return (
        VerksamhetFactory(leverantor=avtal.leverantor, ivo_tillstandsnummer="IVO-7.1"),
        VerksamhetFactory(leverantor=avtal.leverantor, ivo_tillstandsnummer="IVO-7.2"),
    )


def ivo_csv(*rows, encoding="utf-8-sig"):
    return (IVO_HEADER + "".join(r + "\r\n" for r in rows)).encode(encoding)


@pytest.mark.django_db
def test_a_good_cp1252_csv_export_is_read(two_units):
    data = ivo_csv(
        "IVO-7.1;Giltigt tillstånd;nej;0;nej;2026-04-01",
        "IVO-7.2;återkallat;Ja;2;ja;",
        encoding="cp1252",
    )
    content = fil_lasa("ivo", data, "ivo-export.csv")
    assert content.errors == []
    assert content.amnen == sorted(u.pk for u in two_units)
    assert content.rader["IVO-7.2"]["tillstand"] == "aterkallat"
    assert content.rader["IVO-7.2"]["senaste_tillsyn"] is None
    assert len(content.sha256) == 64


@pytest.mark.django_db
def test_a_good_credit_export_with_decimal_commas(alice):
    avtal = AvtalFactory()
    orgnr = avtal.leverantor.organisationsnummer
    data = (KREDIT_HEADER + f"{orgnr};AA;75;1;12 345,50;2026-09-01;nej;nej;nej\r\n").encode(
        "utf-8-sig"
    )
    content = fil_lasa("kredit", data, "kredit.csv")
    assert content.errors == []
    answer = content.rader[orgnr]
    assert answer["skatteskulder"] == {"belopp": "12345.50", "sedan": "2026-09-01"}
    assert answer["betalningsanmarkningar"]["antal"] == 1


@pytest.mark.django_db
def test_an_xlsx_export_is_read(two_units):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "tillstandsnummer",
            "tillstand",
            "vilande",
            "oppna_tillsynsarenden",
            "krav_pa_aterrapportering",
        ]
    )
    sheet.append(["IVO-7.1", "giltigt", "nej", 0, "nej"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = fil_lasa("ivo", buffer.getvalue(), "export.xlsx")
    assert content.errors == [] and list(content.rader) == ["IVO-7.1"]


@pytest.mark.django_db
def test_a_broken_export_lists_every_problem_in_swedish(two_units):
    data = ivo_csv(
        "IVO-7.1;kanske;nej;0;nej;2026-04-01",
        "IVO-7.2;giltigt;jo;-1;nej;01/04/2026",
        "IVO-7.1;giltigt;nej;0;nej;",
    )
    errors = fil_lasa("ivo", data, "trasig.csv").errors
    assert any(e.startswith("Rad 2, kolumn ”tillstand”: okänt värde ”kanske”") for e in errors)
    assert any("Rad 3, kolumn ”vilande”" in e and "”ja” eller ”nej”" in e for e in errors)
    assert any("Rad 3, kolumn ”oppna_tillsynsarenden”" in e for e in errors)
    assert any("Rad 3, kolumn ”senaste_tillsyn”: ogiltigt datum" in e for e in errors)
    assert any("Rad 4" in e and "finns redan på rad 2" in e for e in errors)


@pytest.mark.django_db
def test_unknown_units_and_missing_columns_reject_the_file(two_units):
    assert fil_lasa("ivo", ivo_csv("IVO-9.9;giltigt;nej;0;nej;"), "x.csv").errors == [
        "Rad 2, kolumn ”tillstandsnummer”: ”IVO-9.9” finns inte i registret "
        "(ingen verksamhet har det)."
    ]
    errors = fil_lasa("ivo", b"tillstandsnummer;tillstand\r\nIVO-7.1;giltigt\r\n", "x.csv").errors
    assert "Kolumnen ”vilande” saknas." in errors
    assert fil_lasa("ivo", b"", "x.csv").errors == ["Filen är tom."]


@pytest.mark.django_db
def test_a_personnummer_in_an_export_is_neither_stored_nor_echoed(two_units):
    errors = fil_lasa("ivo", ivo_csv("19121212-1212;giltigt;nej;0;nej;"), "x.csv").errors
    assert len(errors) == 1 and "personnummer" in errors[0]
    assert "1212" not in errors[0]


@pytest.mark.django_db
def test_the_upload_stores_checks_and_one_signal(client, alice, two_units):
    client.force_login(alice)
    url = reverse("kontroller:kontrollfil")
    upload = SimpleUploadedFile(
        "ivo.csv", ivo_csv("IVO-7.1;giltigt;nej;0;nej;", "IVO-7.2;aterkallat;nej;0;nej;")
    )
    response = client.post(url, {"typ": "ivo", "fil": upload})
    svep = Kontrollsvep.objects.get()
    assert response.status_code == 302 and response["Location"] == svep.get_absolute_url()
    assert (svep.status, svep.adapter, svep.klara, svep.signaler) == ("klar", "fil", 2, 1)
    assert IvoKontroll.objects.filter(kalla="fil", status="ok").count() == 2
    assert Signal.objects.get().verksamhet == two_units[1]
    # The same file again: two more dated checks, no new signal.
    upload.seek(0)
    client.post(url, {"typ": "ivo", "fil": upload})
    assert IvoKontroll.objects.count() == 4 and Signal.objects.count() == 1


@pytest.mark.django_db
def test_a_broken_upload_writes_nothing(client, alice, two_units):
    client.force_login(alice)
    upload = SimpleUploadedFile(
        "ivo.csv", ivo_csv("IVO-7.1;giltigt;nej;0;nej;", "IVO-7.2;okänt värde;nej;0;nej;")
    )
    response = client.post(reverse("kontroller:kontrollfil"), {"typ": "ivo", "fil": upload})
    assert response.status_code == 200
    assert "Filen importerades inte" in response.content.decode()
    assert not Kontrollfil.objects.exists()
    assert not IvoKontroll.objects.exists() and not Kreditkontroll.objects.exists()
    assert not Kontrollsvep.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("sam", 403), ("charlotte", 403), ("alice", 200)])
def test_only_strategists_upload(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("kontroller:kontrollfil")).status_code == status


@pytest.mark.django_db
def test_the_file_adapter_answers_from_the_newest_file(two_units):
    with pytest.raises(KontrollFel, match="Ingen fil är importerad"):
        FilKalla(typ="ivo").hamta("IVO-7.1")
    content = fil_lasa("ivo", ivo_csv("IVO-7.1;giltigt;ja;0;nej;"), "x.csv")
    Kontrollfil.objects.create(
        typ="ivo", filnamn="x.csv", sha256=content.sha256, rader=content.rader
    )
    adapter = FilKalla(typ="ivo")
    assert adapter.hamta("IVO-7.1").falt["vilande"] is True
    with pytest.raises(KontrollFel, match="finns inte i den senast importerade filen"):
        adapter.hamta("IVO-7.2")


@pytest.mark.django_db
def test_a_sweep_reading_an_old_export_dates_its_answers_by_the_upload(two_units, settings):
    settings.KONTROLL_IVO_ADAPTER = "fil"
    unit = two_units[0]
    now = timezone.now()
    uploaded = now - datetime.timedelta(days=200)
    content = fil_lasa(
        "ivo", ivo_csv("IVO-7.1;giltigt;ja;0;nej;", "IVO-7.2;giltigt;nej;0;nej;"), "x.csv"
    )
    Kontrollfil.objects.create(
        typ="ivo", filnamn="x.csv", sha256=content.sha256, rader=content.rader, uppladdad=uploaded
    )
    sweep_run_all(sweep_start(typ="ivo", anledning="schema")[0].pk)
    assert set(IvoKontroll.objects.values_list("kontrollerad", flat=True)) == {uploaded}
    assert Signal.objects.count() == 1  # the first check finds the unit dormant
    # A later check from the service says it is active again ...
    answer = parse_ivo(json.dumps(ivo_answer(vilande=False)).encode())
    newer, _ = store_check(
        typ="ivo",
        amne_id=unit.pk,
        utfall=answer,
        kalla="http",
        now=now - datetime.timedelta(days=100),
    )
    # ... and the weekly sweep reads the old file again: no fresh-looking check
    # and no "dormant again" signal against the newer answer.
    again = sweep_run_all(sweep_start(typ="ivo", anledning="schema")[0].pk)
    assert (again.klara, again.signaler) == (2, 0)
    assert set(IvoKontroll.objects.filter(svep=again).values_list("kontrollerad", flat=True)) == {
        uploaded
    }
    assert IvoKontroll.objects.filter(verksamhet=unit).first() == newer  # still the latest
    assert Signal.objects.count() == 1
