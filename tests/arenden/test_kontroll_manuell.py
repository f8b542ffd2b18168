"""Manual IVO and credit checks: when they were made, what was seen, the document.

"Today" is fixed at 2026-03-10 12:00 in Stockholm by the `today` marker (tests/clock.py).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from arenden.models import IvoKontroll, Kreditkontroll
from arenden.models import kontroller as kontroll_models
from rapporter.arsrapport import checks
from tests.factories import AvtalFactory, VerksamhetFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=STOCKHOLM)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PERSONNUMMER = "811218-9876"


# Every test here runs on that day (tests/clock.py); `today` is its date.
pytestmark = pytest.mark.today(NOW)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def unit(db):
    return VerksamhetFactory(leverantor=AvtalFactory().leverantor)


def ivo_data(kontrollerad, **extra):
    return {
        "kontrollerad": kontrollerad,
        "tillstand": "giltigt",
        "vilande": "false",
        "krav_pa_aterrapportering": "false",
        "iakttagelse": "Placeringsstöd: giltigt tillstånd.",
        **extra,
    }


def post_ivo(client, unit, data):
    return client.post(reverse("arenden:avrop_ivo", args=[unit.pk]), data)


def errors_of(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


@pytest.mark.django_db
def test_a_check_entered_afterwards_keeps_when_it_was_made_and_what_was_seen(
    client, sam, unit, today, media
):
    client.force_login(sam)
    response = post_ivo(
        client,
        unit,
        ivo_data(
            "2026-03-02T09:15",
            iakttagelse="Placeringsstöd: giltigt tillstånd, inga öppna ärenden.",
            underlag=SimpleUploadedFile("skarmbild.pdf", PDF, content_type="application/pdf"),
        ),
    )
    assert response.status_code == 302
    check = IvoKontroll.objects.get()
    assert timezone.localtime(check.kontrollerad).replace(tzinfo=None) == datetime.datetime(
        2026, 3, 2, 9, 15
    )
    assert (check.kalla, check.registrerad_av) == ("manuell", sam)
    assert check.iakttagelse == "Placeringsstöd: giltigt tillstånd, inga öppna ärenden."
    # Stored under MEDIA_ROOT under a name of its own, not the uploaded one.
    assert check.underlag.name.startswith("kontroller/2026/")
    assert check.underlag.name.endswith(".pdf")
    assert "skarmbild" not in check.underlag.name
    assert (media / check.underlag.name).read_bytes() == PDF


@pytest.mark.django_db
def test_a_check_without_a_time_is_refused_not_dated_now(client, sam, unit, today):
    client.force_login(sam)
    page = client.get(reverse("arenden:avrop_ivo", args=[unit.pk]))
    assert page.context["form"]["kontrollerad"].value() is None
    response = post_ivo(client, unit, ivo_data(""))
    assert errors_of(response, "kontrollerad") == ["Ange när kontrollen gjordes."]
    assert not IvoKontroll.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kontrollerad", "message"),
    [
        ("2026-03-11T08:00", "Tidpunkten kan inte ligga efter nu (2026-03-10 12:00)."),
        ("2026-03-10T23:00", "Tidpunkten kan inte ligga efter nu (2026-03-10 12:00)."),
        ("0001-01-01T00:00", "Datumet måste ligga mellan 1990-01-01 och 2100-12-31."),
        ("2101-01-01T00:00", "Datumet måste ligga mellan 1990-01-01 och 2100-12-31."),
    ],
)
def test_a_check_in_the_future_or_out_of_range_is_refused(
    client, sam, unit, today, kontrollerad, message
):
    client.force_login(sam)
    response = post_ivo(client, unit, ivo_data(kontrollerad))
    assert response.status_code == 200
    assert errors_of(response, "kontrollerad")[0].startswith(message)
    assert not IvoKontroll.objects.exists()


@pytest.mark.django_db
def test_what_was_seen_may_not_name_a_person(client, sam, unit, today):
    client.force_login(sam)
    response = post_ivo(
        client, unit, ivo_data("2026-03-10T11:00", iakttagelse=f"Gäller {PERSONNUMMER}")
    )
    assert errors_of(response, "iakttagelse")[0].startswith(
        "Texten innehåller något som ser ut som ett personnummer"
    )
    assert not IvoKontroll.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "program.exe",
            b"MZ\x90\x00",
            "Filändelsen \u201cexe\u201d är inte giltig. Giltiga filändelser är: pdf, png",
        ),
        ("skarmbild.pdf", b"<html>inte en pdf</html>", "Filens innehåll stämmer inte med filtypen"),
        ("skarmbild.png", PDF, "Filens innehåll stämmer inte med filtypen"),
    ],
)
def test_only_pdf_png_and_jpg_documents_are_taken(
    client, sam, unit, today, media, name, content, message
):
    client.force_login(sam)
    response = post_ivo(
        client, unit, ivo_data("2026-03-10T11:00", underlag=SimpleUploadedFile(name, content))
    )
    assert response.status_code == 200
    assert errors_of(response, "underlag")[0].startswith(message)
    assert not IvoKontroll.objects.exists()
    assert not list(media.rglob("*.*"))


@pytest.mark.django_db
def test_a_too_large_document_is_refused(client, sam, unit, today, media, monkeypatch):
    monkeypatch.setattr(kontroll_models, "UNDERLAG_MAX_BYTES", 100)
    client.force_login(sam)
    big = SimpleUploadedFile("stor.png", PNG + b"\x00" * 100)
    response = post_ivo(client, unit, ivo_data("2026-03-10T11:00", underlag=big))
    assert errors_of(response, "underlag") == ["Filen är för stor: högst 10 MB."]
    assert not IvoKontroll.objects.exists()


@pytest.mark.django_db
def test_the_document_is_served_only_to_those_who_see_checks(
    client, sam, alice, charlotte, sixten, unit, today, media
):
    client.force_login(sam)
    post_ivo(
        client, unit, ivo_data("2026-03-10T11:00", underlag=SimpleUploadedFile("bild.png", PNG))
    )
    check = IvoKontroll.objects.get()
    url = reverse("kontroller:kontroll_underlag", args=["ivo", check.pk])
    page = client.get(unit.leverantor.get_absolute_url()).text
    assert f'href="{url}"' in page
    for user in (sam, alice, charlotte):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == PNG
    client.force_login(sixten)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(sam)
    assert client.get(reverse("kontroller:kontroll_underlag", args=["annat", 1])).status_code == 404


@pytest.mark.django_db
def test_a_credit_check_takes_its_date_and_document_too(client, sam, unit, today, media):
    supplier = unit.leverantor
    client.force_login(sam)
    url = reverse("arenden:avrop_kredit", args=[supplier.pk])
    data = {
        "kontrollerad": "2026-03-09T16:00",
        "rating": "AA",
        "betalningsanmarkningar": "false",
        "skatteskulder": "false",
        "konkurs": "false",
        "likvidation": "false",
        "avregistrerad": "false",
        "iakttagelse": "Inga anmärkningar i kreditupplysningen.",
        "underlag": SimpleUploadedFile("upplysning.pdf", PDF),
    }
    assert client.post(url, data).status_code == 302
    check = Kreditkontroll.objects.get()
    assert timezone.localtime(check.kontrollerad).date() == datetime.date(2026, 3, 9)
    response = client.get(reverse("kontroller:kontroll_underlag", args=["kredit", check.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    future = {**data, "kontrollerad": "2026-03-11T08:00", "underlag": ""}
    response = client.post(url, future)
    assert errors_of(response, "kontrollerad") == [
        "Tidpunkten kan inte ligga efter nu (2026-03-10 12:00)."
    ]
    assert Kreditkontroll.objects.count() == 1


@pytest.mark.django_db
def test_a_check_entered_this_year_for_last_year_counts_in_last_years_report(
    client, sam, unit, today
):
    client.force_login(sam)
    post_ivo(client, unit, ivo_data("2025-10-14T10:00"))
    post_ivo(client, unit, ivo_data("2026-03-10T09:00"))
    assert checks(2025).ivo_kontroller == 1
    assert checks(2026).ivo_kontroller == 1


# --- Finding 8: a manual check cannot quietly turn a Stopp into "Klar för avrop" ---

KREDIT_CLEAN = {
    "kontrollerad": "2026-03-10T11:30",
    "betalningsanmarkningar": "false",
    "skatteskulder": "false",
    "konkurs": "false",
    "likvidation": "false",
    "avregistrerad": "false",
    "iakttagelse": "Kreditupplysning från UC, inga anmärkningar.",
}


@pytest.fixture
def bankrupt(db, alice):
    """A contract whose supplier a credit service reported bankrupt yesterday."""
    from tests.factories import RamavtalFactory

    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice, tillstandspliktig=False))
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    Kreditkontroll.objects.create(
        leverantor=avtal.leverantor,
        kontrollerad=NOW - datetime.timedelta(days=1),
        kalla="http",
        status="ok",
        betalningsanmarkningar=False,
        skatteskulder=False,
        konkurs=True,
    )
    return avtal, unit


def utslag(client, avtal, unit):
    page = client.get(reverse("arenden:avrop_verdict", args=[avtal.pk, unit.pk]))
    return page.context["bedomning"].utslag


@pytest.mark.django_db
def test_a_manual_credit_check_with_the_forms_defaults_is_refused(client, sam, bankrupt, today):
    from arenden.models import Signal

    avtal, unit = bankrupt
    client.force_login(sam)
    assert utslag(client, avtal, unit) == "stopp"
    url = reverse("arenden:avrop_kredit", args=[avtal.leverantor_id])
    page = client.get(url)
    # Nothing is preselected: every outcome is a choice the person makes.
    for name in ("konkurs", "likvidation", "avregistrerad", "skatteskulder"):
        assert page.context["form"][name].value() in (None, "")
    response = client.post(url, {"kontrollerad": "2026-03-10T11:30"})
    assert response.status_code == 200
    for name in ("konkurs", "likvidation", "avregistrerad", "skatteskulder"):
        assert errors_of(response, name) == ["Ange vad kontrollen visade."]
    assert errors_of(response, "iakttagelse")[0].startswith("Ange vad kontrollen visade och var")
    assert Kreditkontroll.objects.count() == 1
    assert not Signal.objects.exists()
    assert utslag(client, avtal, unit) == "stopp"


@pytest.mark.django_db
def test_a_manual_check_that_lifts_a_stopp_raises_a_serious_signal_for_the_strategist(
    client, sam, alice, bankrupt, today
):
    from arenden.models import Signal

    avtal, unit = bankrupt
    client.force_login(sam)
    url = reverse("arenden:avrop_kredit", args=[avtal.leverantor_id])
    response = client.post(url, KREDIT_CLEAN, follow=True)
    assert "en signal har skapats till ansvarig strateg" in response.text
    signal = Signal.objects.get()
    assert (signal.ansvarig, signal.kalla, signal.allvarlig) == (alice, "kredit", True)
    assert signal.beskrivning.startswith(
        f"Kreditkontroll av {avtal.leverantor.namn} 2026-03-10, registrerad för hand av Sam, "
        "häver tidigare stopp: Leverantören är försatt i konkurs. (kreditkontroll 2026-03-09)"
    )
    # The verdict follows the newest check; the strategist now knows who lifted it.
    assert utslag(client, avtal, unit) == "klar"


@pytest.mark.django_db
def test_a_manual_check_that_lifts_a_warning_raises_a_signal_too(client, sam, unit, today):
    from arenden.models import Signal

    client.force_login(sam)
    post_ivo(client, unit, ivo_data("2026-03-09T10:00", krav_pa_aterrapportering="true"))
    assert Signal.objects.count() == 1  # the worsening itself
    post_ivo(client, unit, ivo_data("2026-03-10T10:00"))
    assert Signal.objects.count() == 2
    signal = Signal.objects.latest("pk")
    assert signal.allvarlig is False
    assert "häver tidigare varning: IVO har ett öppet ärende med krav på" in signal.beskrivning


@pytest.mark.django_db
def test_a_routine_manual_check_after_a_clean_one_raises_no_signal(client, sam, unit, today):
    from arenden.models import Signal

    client.force_login(sam)
    post_ivo(client, unit, ivo_data("2025-01-09T10:00"))  # clean but old: a warning by age
    post_ivo(client, unit, ivo_data("2026-03-10T10:00"))
    assert IvoKontroll.objects.count() == 2
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_dormant_must_be_answered_yes_or_no_not_left_unknown(client, sam, unit, today):
    client.force_login(sam)
    response = post_ivo(client, unit, ivo_data("2026-03-10T10:00", vilande="unknown"))
    assert errors_of(response, "vilande")[0].startswith("Välj ett giltigt alternativ")
    assert not IvoKontroll.objects.exists()
