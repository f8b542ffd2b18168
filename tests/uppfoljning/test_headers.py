"""No-store on everything Django serves, Permissions-Policy everywhere, refused requests logged.

Finding 7 of issue 14: signed-in pages, exports, PDFs and JSON polls were
cacheable. uppfoljning.middleware.ResponsePolicyMiddleware fixes all of them
in one place; static files (served by WhiteNoise before it) are left alone.
"""

import logging

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse

from arenden.models import Kontrollsvep, Kontrolltyp, Svepanledning
from rapporter.models import JobbStatus, JobbTyp, Rapportjobb
from tests.factories import LeverantorFactory

pytestmark = pytest.mark.django_db

POLICY_PARTS = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def assert_not_stored(response):
    assert "no-store" in response.headers["Cache-Control"], response.headers.get("Cache-Control")
    policy = response.headers["Permissions-Policy"]
    for part in POLICY_PARTS:
        assert part in policy


def test_it_keeps_a_signed_in_page_out_of_every_cache(client, alice):
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert_not_stored(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_keeps_an_export_out_of_every_cache(client, alice, fmt):
    LeverantorFactory(namn="Solgården AB")
    client.force_login(alice)
    response = client.get(reverse("leverantorer:list"), {"export": fmt})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert_not_stored(response)


def test_it_keeps_a_pdf_download_out_of_every_cache(client, charlotte):
    jobb = Rapportjobb.objects.create(
        typ=JobbTyp.PDF,
        dokumenttyp="arsrapport",
        ar=2024,
        status=JobbStatus.KLAR,
        framsteg=100,
        skapad_av=charlotte,
    )
    jobb.pdf.save("arsrapport-2024.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    client.force_login(charlotte)
    response = client.get(reverse("rapporter:jobb_pdf", args=[jobb.pk]))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert_not_stored(response)


def test_it_keeps_a_json_poll_out_of_every_cache(client, alice):
    svep = Kontrollsvep.objects.create(
        typ=Kontrolltyp.IVO, adapter="demo", anledning=Svepanledning.MANUELL, startad_av=alice
    )
    client.force_login(alice)
    response = client.get(reverse("kontroller:svep_status", args=[svep.pk]))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert_not_stored(response)


def test_the_login_page_and_healthz_are_not_stored_either(client):
    login = client.get(reverse("login"))
    assert login.status_code == 200
    assert_not_stored(login)
    health = client.get(reverse("healthz"))
    assert_not_stored(health)
    # never_cache's own header, which already forbids storing, is kept as it is.
    assert "must-revalidate" in health.headers["Cache-Control"]


def test_the_redirect_to_login_is_not_stored(client):
    response = client.get(reverse("leverantorer:list"))
    assert response.status_code == 302
    assert_not_stored(response)


def test_it_leaves_static_files_to_whitenoise(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # read to the end: the client closes the file
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Permissions-Policy" not in response.headers


# --- Refused requests: logged without personal data ---------------------------


@login_not_required
def too_many(request):
    return HttpResponse("För många försök.", status=429)


urlpatterns = [path("for-manga/", too_many)]


def refused_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "uppfoljning.atkomst"]


def test_it_logs_a_403_with_the_user_id_and_nothing_else(client, sixten, caplog):
    client.force_login(sixten)
    with caplog.at_level(logging.WARNING, logger="uppfoljning.atkomst"):
        response = client.get(reverse("leverantorer:list"), {"q": "Anna Andersson"})
    assert response.status_code == 403
    assert refused_lines(caplog) == [f"refused GET /leverantorer/ 403 user={sixten.pk}"]
    text = caplog.text
    assert "sixten" not in text and "Anna" not in text and "127.0.0.1" not in text


def test_it_logs_an_anonymous_404_and_masks_an_identity_number_in_the_path(client, caplog):
    with caplog.at_level(logging.WARNING, logger="uppfoljning.atkomst"):
        client.get("/konto/logga-in/")  # public: not refused, not logged
        response = client.get("/finns-inte/19121212-1212/?namn=Anna")
    assert response.status_code == 404
    assert refused_lines(caplog) == ["refused GET /finns-inte/…/ 404 user=anonym"]
    assert "1212" not in caplog.text and "Anna" not in caplog.text


def test_it_names_a_string_argument_instead_of_logging_it(client, alice, caplog):
    client.force_login(alice)
    with caplog.at_level(logging.WARNING, logger="uppfoljning.atkomst"):
        response = client.post(reverse("rapporter:create", args=["Anna Andersson"]))
    assert response.status_code == 404
    assert refused_lines(caplog) == [
        f"refused POST /rapporter/ny/<dokumenttyp>/ 404 user={alice.pk}"
    ]


def test_it_logs_a_405(client, alice, caplog):
    client.force_login(alice)
    with caplog.at_level(logging.WARNING, logger="uppfoljning.atkomst"):
        response = client.get(reverse("kontroller:svep_start"))
    assert response.status_code == 405
    assert refused_lines(caplog) == [
        f"refused GET /leverantorer/kontroller/starta/ 405 user={alice.pk}"
    ]


@override_settings(ROOT_URLCONF=__name__)
def test_it_logs_a_429(client, caplog):
    with caplog.at_level(logging.WARNING, logger="uppfoljning.atkomst"):
        response = client.post("/for-manga/")
    assert response.status_code == 429
    assert refused_lines(caplog) == ["refused POST /for-manga/ 429 user=anonym"]
    assert_not_stored(response)


def test_it_logs_nothing_for_an_answered_request(client, alice, caplog):
    client.force_login(alice)
    with caplog.at_level(logging.INFO, logger="uppfoljning.atkomst"):
        assert client.get(reverse("home")).status_code == 200
    assert refused_lines(caplog) == []
