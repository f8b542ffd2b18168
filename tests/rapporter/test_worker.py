"""Ordering a PDF in the browser reaches a real Celery worker through the configured broker."""

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.urls import reverse

from rapporter.models import JobbStatus, Rapportjobb
from rapporter.tasks import generera_rapport
from tests.rapporter.conftest import pdf_text
from uppfoljning.celery import app
from uppfoljning.health import check_broker


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_ordered_pdf(client, charlotte, year):
    if not check_broker()["ok"]:
        pytest.fail(f"broker {app.conf.broker_url} is not reachable")
    client.force_login(charlotte)
    response = client.post(reverse("rapporter:order", args=["arsrapport", 2024, "pdf"]))
    jobb = Rapportjobb.objects.get()
    assert response.url == jobb.get_absolute_url()
    done = threading.Event()

    def on_postrun(sender=None, args=None, **kwargs):
        if (
            sender is not None
            and sender.name == generera_rapport.name
            and list(args or ()) == [jobb.pk]
        ):
            done.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            assert done.wait(timeout=60), "the worker did not make the PDF within 60 s"
    finally:
        task_postrun.disconnect(on_postrun)
    jobb.refresh_from_db()
    assert jobb.status == JobbStatus.KLAR
    with jobb.pdf.open("rb") as handle:
        assert "Uppföljning av privata utförare 2024" in pdf_text(handle.read())
    status = client.get(jobb.get_absolute_url() + "?format=json").json()
    assert status["download_url"] == reverse("rapporter:jobb_pdf", args=[jobb.pk])
