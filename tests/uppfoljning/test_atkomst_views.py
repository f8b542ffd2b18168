"""Each view that shows something sensitive writes exactly one access log row per object.

Decisions (the contract and supplier pages), findings (finding pages and
case pages), checks (the pre-call-off verdict, the call-off order, recorded
checks, a sweep, a check's document), protected addresses, hidden visits,
exports and PDF downloads. A user refused the page writes nothing.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from arenden.models import (
    Brist,
    IvoKontroll,
    Kontrollsvep,
    Kontrolltyp,
    Platsbesok,
    Svepanledning,
    Uppfoljning,
    UppfoljningTyp,
)
from rapporter.models import JobbStatus, JobbTyp, Rapportjobb, Rapportversion
from tests.arenden.factories_sarskild import PlatsbesokFactory, SarskildFactory
from tests.factories import AvtalFactory, PlaceringFactory, VerksamhetFactory
from uppfoljning.models import Atkomsthandelse

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def world(alice):
    avtal = AvtalFactory(leverantor__namn="Solgården AB")
    unit = VerksamhetFactory(leverantor=avtal.leverantor, namn="Solgården HVB")
    skyddad = VerksamhetFactory(
        leverantor=avtal.leverantor, namn="Skyddat boende", skyddat_boende=True, adress="Gatan 1"
    )
    avtal.verksamheter.add(unit, skyddad)
    case = Uppfoljning.objects.create(
        typ=UppfoljningTyp.HANDELSSTYRD,
        rubrik="Signal från IVO",
        leverantor=avtal.leverantor,
        ansvarig=alice,
        oppnad=D(2024, 3, 1),
    )
    announced = Platsbesok.objects.create(
        uppfoljning=case,
        verksamhet=unit,
        tidpunkt=timezone.make_aware(datetime.datetime(2024, 3, 10, 19, 30)),
        genomfort=True,
    )
    hidden = Platsbesok.objects.create(
        uppfoljning=case,
        verksamhet=unit,
        tidpunkt=timezone.make_aware(datetime.datetime(2027, 3, 10, 19, 30)),
        anmalt=False,
    )
    brist = Brist.objects.create(
        uppfoljning=case,
        leverantor=avtal.leverantor,
        verksamhet=unit,
        beskrivning="Ingen nattpersonal.",
        krav="Bemanna natten.",
        konstaterad=D(2024, 3, 10),
        atgard_senast=D(2024, 4, 10),
    )
    return {
        "avtal": avtal,
        "unit": unit,
        "skyddad": skyddad,
        "case": case,
        "announced": announced,
        "hidden": hidden,
        "brist": brist,
    }


def rows():
    """(user, model name or None, object id, action, path) of every row, oldest first."""
    return [
        (
            h.user.username,
            h.objekttyp.model if h.objekttyp else None,
            h.objekt_id,
            h.handling,
            h.sokvag,
        )
        for h in Atkomsthandelse.objects.select_related("user", "objekttyp").order_by("pk")
    ]


def get(client, user, url, **query):
    client.force_login(user)
    response = client.get(url, query)
    return response.status_code


# --- Decisions -------------------------------------------------------------------


def test_the_contract_page_logs_the_contract_whose_decisions_it_shows(client, alice, world):
    url = reverse("leverantorer:avtal", args=[world["avtal"].pk])
    assert get(client, alice, url) == 200
    assert rows() == [("alice", "avtal", world["avtal"].pk, "visa", url)]


def test_the_supplier_page_logs_the_supplier_and_each_protected_address_shown(client, alice, world):
    supplier = world["avtal"].leverantor
    url = reverse("leverantorer:detail", args=[supplier.pk])
    assert get(client, alice, url) == 200
    assert rows() == [
        ("alice", "leverantor", supplier.pk, "visa", url),
        ("alice", "verksamhet", world["skyddad"].pk, "visa_skyddad_adress", url),
    ]


def test_a_manager_who_may_not_see_the_address_logs_only_the_supplier(client, charlotte, world):
    supplier = world["avtal"].leverantor
    url = reverse("leverantorer:detail", args=[supplier.pk])
    client.force_login(charlotte)
    response = client.get(url)
    assert response.status_code == 200
    assert "Gatan 1" not in response.content.decode()
    assert rows() == [("charlotte", "leverantor", supplier.pk, "visa", url)]


def test_the_unit_form_logs_the_protected_address_it_shows(client, alice, world):
    unit = world["skyddad"]
    url = reverse("leverantorer:verksamhet_update", args=[unit.leverantor_id, unit.pk])
    assert get(client, alice, url) == 200
    assert rows() == [("alice", "verksamhet", unit.pk, "visa_skyddad_adress", url)]
    # An ordinary unit's form shows no protected address: nothing more is logged.
    plain = world["unit"]
    assert (
        get(
            client,
            alice,
            reverse("leverantorer:verksamhet_update", args=[plain.leverantor_id, plain.pk]),
        )
        == 200
    )
    assert len(rows()) == 1


# --- Findings and hidden visits ---------------------------------------------------


def test_the_finding_page_and_list_log_the_finding(client, sam, world):
    url = reverse("arenden:brist", args=[world["brist"].pk])
    assert get(client, sam, url) == 200
    assert get(client, sam, reverse("arenden:brist_list")) == 200
    assert rows() == [
        ("sam", "brist", world["brist"].pk, "visa", url),
        ("sam", "brist", None, "visa", "/uppfoljning/brister/"),
    ]


def test_the_case_page_logs_the_case_and_the_hidden_visit_a_strategist_sees(client, alice, world):
    url = reverse("arenden:uppfoljning", args=[world["case"].pk])
    assert get(client, alice, url) == 200
    assert rows() == [
        ("alice", "uppfoljning", world["case"].pk, "visa", url),
        ("alice", "platsbesok", world["hidden"].pk, "visa", url),
    ]


def test_a_manager_sees_no_hidden_visit_and_logs_only_the_case(client, charlotte, world):
    url = reverse("arenden:uppfoljning", args=[world["case"].pk])
    assert get(client, charlotte, url) == 200
    assert rows() == [("charlotte", "uppfoljning", world["case"].pk, "visa", url)]


def test_the_special_follow_up_page_logs_the_case_and_its_hidden_visit(client, alice):
    sarskild = SarskildFactory(ansvarig=alice)
    hidden = PlatsbesokFactory(
        uppfoljning=sarskild,
        anmalt=False,
        tidpunkt=timezone.make_aware(datetime.datetime(2027, 1, 12, 19, 0)),
    )
    PlatsbesokFactory(uppfoljning=sarskild, anmalt=True)
    url = reverse("arenden:sarskild", args=[sarskild.pk])
    assert get(client, alice, url) == 200
    assert rows() == [
        ("alice", "uppfoljning", sarskild.pk, "visa", url),
        ("alice", "platsbesok", hidden.pk, "visa", url),
    ]


# --- Checks -----------------------------------------------------------------------


def test_the_verdict_page_logs_the_checked_unit(client, sam, world):
    avtal, unit = world["avtal"], world["unit"]
    url = reverse("arenden:avrop_verdict", args=[avtal.pk, unit.pk])
    assert get(client, sam, url) == 200
    assert rows() == [("sam", "verksamhet", unit.pk, "visa", url)]


def test_the_call_off_order_logs_its_framework_agreement(client, sam, world):
    ramavtal = world["avtal"].ramavtal
    url = reverse("arenden:avropsordning", args=[ramavtal.pk])
    assert get(client, sam, url) == 200
    assert rows() == [("sam", "ramavtal", ramavtal.pk, "visa", url)]


def test_the_recorded_checks_list_logs_the_list(client, charlotte):
    assert get(client, charlotte, reverse("arenden:avrop_records")) == 200
    assert rows() == [
        ("charlotte", "avropskontroll", None, "visa", "/uppfoljning/avrop/kontroller/")
    ]


def test_a_sweep_page_logs_the_sweep(client, alice):
    svep = Kontrollsvep.objects.create(
        typ=Kontrolltyp.IVO, adapter="demo", anledning=Svepanledning.MANUELL, startad_av=alice
    )
    url = reverse("kontroller:svep", args=[svep.pk])
    assert get(client, alice, url) == 200
    # Its JSON progress poll is not logged: it repeats every few seconds.
    assert get(client, alice, reverse("kontroller:svep_status", args=[svep.pk])) == 200
    assert rows() == [("alice", "kontrollsvep", svep.pk, "visa", url)]


def test_a_checks_document_download_is_logged(client, sam, world, media):
    check = IvoKontroll.objects.create(
        verksamhet=world["unit"], kalla="manuell", status="ok", tillstand="giltigt"
    )
    check.underlag.save("x.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    url = reverse("kontroller:kontroll_underlag", args=["ivo", check.pk])
    client.force_login(sam)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # closes the file
    assert rows() == [("sam", "ivokontroll", check.pk, "ladda_ner", url)]


# --- Exports and PDFs -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "model"),
    [
        ("leverantorer:list", "leverantor"),
        ("leverantorer:placering_list", "placering"),
        ("arenden:uppfoljning_list", "uppfoljning"),
        ("arenden:avrop_records", "avropskontroll"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_list_export_is_logged_once(client, alice, world, url_name, model, fmt):
    url = reverse(url_name)
    assert get(client, alice, url, export=fmt) == 200
    assert rows() == [("alice", model, None, "exportera", url)]


def test_the_urval_export_is_logged(client, charlotte):
    placering = PlaceringFactory()
    query = {
        "ramavtal": placering.avtal.ramavtal_id,
        "fran": "2023-01-01",
        "till": "2023-12-31",
        "ordning": "antal",
    }
    url = reverse("leverantorer:urval")
    assert get(client, charlotte, url, **query) == 200
    assert rows() == []  # the table on the page is not an export
    assert get(client, charlotte, url, export="csv", **query) == 200
    assert rows() == [("charlotte", "placering", None, "exportera", url)]


def test_a_pdf_download_is_logged(client, charlotte, media):
    jobb = Rapportjobb.objects.create(
        typ=JobbTyp.PDF,
        dokumenttyp="arsrapport",
        ar=2024,
        status=JobbStatus.KLAR,
        skapad_av=charlotte,
    )
    jobb.pdf.save("arsrapport-2024.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    version = Rapportversion.objects.create(
        dokumenttyp="arsrapport",
        ar=2024,
        version=1,
        titel="Uppföljning av privata utförare 2024",
        pdf=ContentFile(b"%PDF-1.7\n%%EOF\n", name="v1.pdf"),
        sha256="0" * 64,
        storlek=15,
        faststalld_av=charlotte,
    )
    client.force_login(charlotte)
    for url in (
        reverse("rapporter:jobb_pdf", args=[jobb.pk]),
        reverse("rapporter:version", args=[version.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert rows() == [
        ("charlotte", "rapportjobb", jobb.pk, "ladda_ner", f"/rapporter/jobb/{jobb.pk}/pdf/"),
        (
            "charlotte",
            "rapportversion",
            version.pk,
            "ladda_ner",
            f"/rapporter/version/{version.pk}/",
        ),
    ]


# --- Refused: nothing is logged ---------------------------------------------------


def test_a_user_refused_the_page_writes_no_row(client, sixten, charlotte, alice, world, media):
    client.force_login(sixten)
    refused = [
        reverse("leverantorer:avtal", args=[world["avtal"].pk]),
        reverse("leverantorer:detail", args=[world["avtal"].leverantor_id]),
        reverse("arenden:brist", args=[world["brist"].pk]),
        reverse("arenden:uppfoljning", args=[world["case"].pk]),
        reverse("arenden:avrop_records") + "?export=csv",
        reverse("leverantorer:list") + "?export=xlsx",
    ]
    for url in refused:
        assert client.get(url).status_code == 403, url
    jobb = Rapportjobb.objects.create(
        typ=JobbTyp.PDF, dokumenttyp="arsrapport", ar=2024, status=JobbStatus.KLAR, skapad_av=alice
    )
    jobb.pdf.save("a.pdf", ContentFile(b"%PDF-1.7\n"))
    client.force_login(charlotte)  # may read reports, but this job is alice's: as if missing
    assert client.get(reverse("rapporter:jobb_pdf", args=[jobb.pk])).status_code == 404
    assert client.get(reverse("arenden:brist", args=[world["brist"].pk + 100])).status_code == 404
    assert rows() == []
