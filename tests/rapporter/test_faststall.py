"""A frozen version is stored once, as PDF/A, and never changes."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from arenden.models import Avvikelse, AvvikelseKategori
from rapporter.documents import document_pdf
from rapporter.models import Dokumenttyp, JobbStatus, JobbTyp, Rapportversion
from rapporter.services import job_order, job_run, rapport_faststall
from tests.rapporter.conftest import pdf_text

pytestmark = pytest.mark.django_db


def _bytes(version):
    with version.pdf.open("rb") as handle:
        return handle.read()


def test_a_frozen_version_stays_byte_identical_after_data_changes(year, alice, charlotte, client):
    version = rapport_faststall(dokument=year["rapport"], user=charlotte)
    frozen = _bytes(version)
    assert hashlib.sha256(frozen).hexdigest() == version.sha256
    assert version.storlek == len(frozen)
    assert version.faststalld_av == charlotte and version.version == 1
    assert "Under 2024 rapporterades 4 avvikelser" in pdf_text(frozen)

    # The data changes afterwards: a new render says so, the frozen file does not.
    Avvikelse.objects.create(
        leverantor=year["sarskild"].urval.first().leverantor,
        kategori_id=AvvikelseKategori.LOKALER,
        datum="2024-12-01",
        beskrivning="Sen avvikelse.",
        rapporterad_av=alice,
    )
    year["rapport"].bakgrund = "Ny text efter fastställandet."
    year["rapport"].save()
    assert "Under 2024 rapporterades 5 avvikelser" in pdf_text(
        document_pdf(Dokumenttyp.ARSRAPPORT, year["rapport"]).pdf
    )

    client.force_login(charlotte)
    response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-SHA256"] == version.sha256
    assert b"".join(response.streaming_content) == frozen


def test_a_second_freeze_gets_the_next_number_and_keeps_the_first(year, charlotte):
    first = rapport_faststall(dokument=year["rapport"], user=charlotte)
    first_bytes = _bytes(first)
    second = rapport_faststall(dokument=year["rapport"], user=charlotte)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert _bytes(first) == first_bytes
    assert second.pdf.name != first.pdf.name


def test_a_frozen_version_is_pdf_a(year, charlotte):
    version = rapport_faststall(dokument=year["rapport"], user=charlotte)
    reader = PdfReader(io.BytesIO(_bytes(version)))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp and "3" in xmp.split("pdfaid:part")[1][:5]
    assert "/OutputIntents" in reader.trailer["/Root"]
    # The ordinary download is not PDF/A (it is a working copy).
    plain = PdfReader(io.BytesIO(document_pdf(Dokumenttyp.ARSRAPPORT, year["rapport"]).pdf))
    assert "/OutputIntents" not in plain.trailer["/Root"]


def test_a_freeze_job_runs_once_even_if_delivered_twice(year, charlotte):
    jobb = job_order(
        typ=JobbTyp.FASTSTALL, dokumenttyp=Dokumenttyp.ARSRAPPORT, ar=2024, user=charlotte
    )
    assert job_run(jobb.pk) is True
    assert job_run(jobb.pk) is False  # re-delivered: already claimed
    jobb.refresh_from_db()
    assert jobb.status == JobbStatus.KLAR and jobb.framsteg == 100
    assert Rapportversion.objects.count() == 1
    assert jobb.version == Rapportversion.objects.get()


def test_the_service_refuses_an_incomplete_document_too(year, charlotte):
    rapport = year["rapport"]
    rapport.diarienummer = ""
    with pytest.raises(ValidationError, match="diarienummer"):
        rapport_faststall(dokument=rapport, user=charlotte)
    assert not Rapportversion.objects.exists()


def test_a_freeze_refused_by_the_worker_says_why(year, charlotte):
    jobb = job_order(
        typ=JobbTyp.FASTSTALL, dokumenttyp=Dokumenttyp.ARSRAPPORT, ar=2024, user=charlotte
    )
    # Someone empties a required section between the order and the worker.
    year["rapport"].bedomning = ""
    year["rapport"].save()
    assert job_run(jobb.pk) is False
    jobb.refresh_from_db()
    assert jobb.status == JobbStatus.MISSLYCKAD
    assert "kan inte fastställas förrän följande är ifyllt: bedömning och slutsatser" in jobb.fel
    assert not Rapportversion.objects.exists()
