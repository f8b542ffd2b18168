"""A worker killed with SIGKILL in the middle of its work: a new one finishes it, once.

Real worker processes (tests/faults/worker.py) take tasks from Redis and write
to this test's PostgreSQL database; the test kills one mid-way by its pid,
starts another and checks that the work is done with nothing doubled and
nothing blocked for longer than the design allows.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from arenden.kontroller.storage import store_check
from arenden.kontroller.sweeps import sweep_start
from arenden.models import IvoKontroll, Kontrollsvep, Signal
from arenden.tasks import sweep_run
from rapporter.models import JobbStatus, Rapportjobb, Rapportversion
from rapporter.services import WORKER_DIED, job_fail_stalled
from rapporter.tasks import generera_rapport
from tests.arenden.kontroller.stubserver import StubServer, ivo_answer
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory
from tests.faults.conftest import wait_for
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
