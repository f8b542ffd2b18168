"""The broker (Redis) is unreachable: pages work, queuing says so, nothing is lost.

Celery points at a closed port on 127.0.0.1, as when Redis is down. Reading
pages never needs the broker. An action that queues says so in Swedish and
leaves a row that tells the truth: a PDF job marked failed (order it again),
a sweep marked stopped or, when the schedule planned it, left running for
the schedule to re-queue once the broker is back. Reminders are sent by the
daily task or `manage.py paminnelser --skicka`, which needs no broker.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from arenden.kontroller.sweeps import scheduled_sweeps
from arenden.models import Kontrollsvep
from arenden.tasks import scheduled_checks
from rapporter.models import JobbStatus, Rapportjobb
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory
from tests.helpers import with_address
from tests.rapporter.fixtures import build_year
from uppfoljning.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    names = ("broker_url", "broker_write_url", "broker_transport_options")
    saved = {name: app.conf[name] for name in names}
    app.conf.broker_url = app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    app.conf.broker_transport_options = {"max_retries": 0}
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None


def test_the_home_and_supplier_pages_work_without_the_broker(client, alice, broker_down):
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice))
    VerksamhetFactory(leverantor=avtal.leverantor)
    client.force_login(alice)

    home = client.get(reverse("home"))
    supplier = client.get(reverse("leverantorer:detail", args=[avtal.leverantor.pk]))

    assert home.status_code == 200
    assert supplier.status_code == 200
    assert avtal.leverantor.namn in supplier.content.decode()


def test_ordering_a_pdf_says_so_and_the_job_is_failed_not_left_waiting(
    client, alice, charlotte, broker_down
):
    build_year(alice)
    client.force_login(charlotte)
    order = reverse("rapporter:order", args=["arsrapport", 2024, "faststall"])

    response = client.post(order, follow=True)

    assert "PDF:en kunde inte beställas just nu: bakgrundstjänsten svarar inte." in (
        response.content.decode()
    )
    jobb = Rapportjobb.objects.get()
    assert jobb.status == JobbStatus.MISSLYCKAD and "svarar inte" in jobb.fel
    # Not blocking: a new order (the broker back) makes a new job at once.
    client.post(order)
    assert Rapportjobb.objects.count() == 2


def test_a_scheduled_sweep_planned_while_the_broker_is_down_is_requeued_later(
    settings, broker_down, django_capture_on_commit_callbacks
):
    settings.KONTROLL_IVO_ADAPTER = settings.KONTROLL_KREDIT_ADAPTER = "demo"
    VerksamhetFactory(leverantor=AvtalFactory().leverantor)

    # The worker took beat's task but Redis went away before it could queue the sweeps.
    with (
        pytest.raises(Exception, match="127.0.0.1:1|Connection refused|Error 111"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        scheduled_checks()

    planned = list(Kontrollsvep.objects.values_list("typ", "status"))
    assert sorted(planned) == [("ivo", "pagar"), ("kredit", "pagar")]
    # A later wake-up, the broker back, finds them stalled and queues them again.
    later = Kontrollsvep.objects.get(typ="ivo").skapad + datetime.timedelta(hours=1)
    assert sorted(scheduled_sweeps(now=later)) == sorted(
        Kontrollsvep.objects.values_list("pk", flat=True)
    )


def test_reminders_are_sent_without_the_broker(alice, broker_down, today):
    with_address(alice)
    RamavtalFactory(
        ansvarig_strateg=alice,
        slutdatum=today + datetime.timedelta(days=100),
        slutdatum_inkl_option=today + datetime.timedelta(days=100),
    )

    call_command("paminnelser", "--skicka")

    assert [message.to for message in mail.outbox] == [["alice@kommun.example"]]
    assert "löper ut" in mail.outbox[0].body
