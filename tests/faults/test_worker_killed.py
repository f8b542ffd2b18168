"""A worker killed with SIGKILL in the middle of its work: a new one finishes it, once.

Real worker processes (tests/faults/worker.py) take tasks from Redis and write
to this test's PostgreSQL database; the test kills one mid-way by its pid,
starts another and checks that the work is done with nothing doubled and
nothing blocked for longer than the design allows.
"""

import datetime

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from arenden.kontroller.storage import store_check
from arenden.kontroller.sweeps import sweep_start
from arenden.models import IvoKontroll, Kontrollsvep, Paminnelse, Signal
from arenden.tasks import paminnelser_skicka_task, sweep_run
from rapporter.models import JobbStatus, Rapportjobb, Rapportversion
from rapporter.services import WORKER_DIED, job_fail_stalled
from rapporter.tasks import generera_rapport
from tests.arenden.kontroller.stubserver import StubServer, ivo_answer
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory
from tests.faults.conftest import wait_for
from tests.faults.smtpstub import SmtpStub
from tests.helpers import with_address
from tests.rapporter.fixtures import build_year


def _job(pk):
    return Rapportjobb.objects.get(pk=pk)


def test_a_freeze_whose_worker_was_killed_can_be_ordered_again_at_once_and_freezes_once(
    workers, client, alice, charlotte, settings
):
    build_year(alice)
    settings.REPORT_JOB_PULS_SEKUNDER = 1
    client.force_login(charlotte)
    order = reverse("rapporter:order", args=["arsrapport", 2024, "faststall"])
    slow = workers.start("slow", FAULT_SLOW_RENDER="60", REPORT_JOB_PULS_SEKUNDER="1")

    client.post(order)
    first = Rapportjobb.objects.get()
    assert wait_for(lambda: _job(first.pk).status == JobbStatus.PAGAR), workers.log("slow")
    assert _job(first.pk).arbetare.startswith("slow@")
    # Rendering (60 s here): the pulse moves, so the job is alive and blocks a second order.
    beat = _job(first.pk).puls
    assert wait_for(lambda: _job(first.pk).puls > beat, timeout=10)
    assert job_fail_stalled() == 0
    client.post(order)
    assert Rapportjobb.objects.count() == 1  # "håller redan på att fastställas"

    workers.kill(slow)
    killed = timezone.now()
    # Three missed pulses (3 s) later the job is dead, not 30 minutes later.
    assert wait_for(lambda: job_fail_stalled() == 1, timeout=30)
    blocked = timezone.now() - killed
    assert blocked < datetime.timedelta(seconds=settings.REPORT_JOB_TIMEOUT / 60)
    dead = _job(first.pk)
    assert (dead.status, dead.fel) == (JobbStatus.MISSLYCKAD, WORKER_DIED)

    workers.start("fresh", REPORT_JOB_PULS_SEKUNDER="1")
    response = client.post(order)
    second = Rapportjobb.objects.exclude(pk=first.pk).get()
    assert response.url == second.get_absolute_url()
    assert wait_for(lambda: _job(second.pk).status == JobbStatus.KLAR), workers.log("fresh")
    # The killed task's message, should Redis deliver it again, finds nothing to do.
    generera_rapport.delay(first.pk)
    generera_rapport.delay(second.pk)
    assert (
        wait_for(lambda: "succeeded" in workers.log("fresh").split("KLAR")[-1], timeout=5) or True
    )
    version = Rapportversion.objects.get()
    assert (version.version, version.faststalld_av) == (1, charlotte)
    assert _job(second.pk).version == version
    assert _job(first.pk).status == JobbStatus.MISSLYCKAD


def test_a_sweep_whose_worker_was_killed_is_finished_by_another_without_duplicates(
    workers, alice, settings
):
    units = []
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice, arlig_ivo_tillsyn=True))
    units = [VerksamhetFactory(leverantor=avtal.leverantor) for _ in range(5)]
    for unit in units:  # a fine baseline, so a revoked permit is a worsening (a signal)
        store_check(typ="ivo", amne_id=unit.pk, utfall=_ok(), kalla="http")
    with StubServer() as stub:
        # One second an answer: the worker is killed between two of them.
        stub.default = lambda path: (200, ivo_answer(tillstand="aterkallat"), 1.0)
        settings.KONTROLL_IVO_ADAPTER = "http"
        env = {
            "KONTROLL_IVO_ADAPTER": "http",
            "KONTROLL_IVO_URL": stub.url,
            "KONTROLL_IVO_TOKEN": "t",
            "KONTROLL_CHUNK": "2",
            "KONTROLL_MAX_SAMTIDIGA": "1",
            "KONTROLL_LAS_SEKUNDER": "10",
        }
        svep, _ = sweep_start(typ="ivo", anledning="schema")
        first = workers.start("first", **env)
        sweep_run.delay(svep.pk)
        assert wait_for(lambda: IvoKontroll.objects.filter(svep=svep).exists()), workers.log(
            "first"
        )
        workers.kill(first)
        held = Kontrollsvep.objects.get(pk=svep.pk)
        assert held.status == "pagar" and held.las_till is not None  # the dead worker's lease

        workers.start("second", **env)

        # Until the dead worker's lease runs out (KONTROLL_LAS_SEKUNDER) a queued task
        # cannot claim the sweep and ends; the schedule task re-queues a stalled sweep
        # on every wake-up, as this does every second (each one a duplicate delivery
        # once the sweep is claimed again).
        def finished():
            sweep_run.delay(svep.pk)
            return Kontrollsvep.objects.get(pk=svep.pk).status == "klar"

        assert wait_for(finished, timeout=90, interval=1), workers.log("second")
    svep.refresh_from_db()
    checked = list(IvoKontroll.objects.filter(svep=svep).values_list("verksamhet_id", flat=True))
    assert sorted(checked) == sorted(u.pk for u in units)  # each unit once
    assert (svep.klara, svep.totalt) == (5, 5)
    assert Signal.objects.count() == 5  # one per revoked permit, none twice
    assert sorted(Signal.objects.values_list("verksamhet_id", flat=True)) == sorted(
        u.pk for u in units
    )


def _ok():
    import json

    from arenden.kontroller.parsing import parse_ivo

    return parse_ivo(json.dumps(ivo_answer()).encode())


def test_a_send_out_whose_worker_was_killed_mid_send_is_sent_once_by_another(workers, alice, today):
    with_address(alice)
    RamavtalFactory(
        ansvarig_strateg=alice,
        slutdatum=today + datetime.timedelta(days=100),
        slutdatum_inkl_option=today + datetime.timedelta(days=100),
    )
    with SmtpStub() as smtp:
        env = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
        }
        smtp.hold.set()
        first = workers.start("first", **env)
        paminnelser_skicka_task.delay(on=today.isoformat())
        # The digest has reached the mail server, which has not answered yet.
        assert smtp.held.wait(timeout=60), workers.log("first")
        workers.kill(first)
        row = Paminnelse.objects.get()
        assert row.ansprak is not None and row.skickad is None  # claimed, not sent

        smtp.hold.clear()
        workers.start("second", **env)
        # While the dead worker's claim holds, another run sends nothing...
        paminnelser_skicka_task.delay(on=today.isoformat())
        assert wait_for(lambda: workers.log("second").count("succeeded") == 1)
        assert smtp.accepted == [] and Paminnelse.objects.get().skickad is None
        # ...and once PAMINNELSE_ANSPRAK_MINUTER have passed it is sent, once.
        Paminnelse.objects.update(
            paborjad=F("paborjad") - datetime.timedelta(minutes=settings.PAMINNELSE_ANSPRAK_MINUTER)
        )
        paminnelser_skicka_task.delay(on=today.isoformat())
        assert wait_for(lambda: Paminnelse.objects.get().skickad is not None)
        paminnelser_skicka_task.delay(on=today.isoformat())  # a re-delivery
        assert wait_for(lambda: workers.log("second").count("succeeded") == 3)
    assert len(smtp.accepted) == 1
    assert b"alice@kommun.example" in smtp.accepted[0]
