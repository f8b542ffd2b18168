"""Sweeps: chunks, resume after a killed worker, one at a time, the due-date claim."""

import datetime
import json

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from arenden.kontroller import sweeps as sweeps_module
from arenden.kontroller.stub import StubKalla
from arenden.kontroller.sweeps import (
    claim_schedule,
    ivo_subjects,
    kredit_subjects,
    next_due,
    scheduled_sweeps,
    stalled,
    sweep_chunk,
    sweep_run_all,
    sweep_start,
)
from arenden.models import IvoKontroll, Kontrollschema, Kontrollsvep, Kreditkontroll, Signal
from leverantorer.models import AvtalStatus
from tests.arenden.kontroller.stubserver import ivo_answer, kredit_answer
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory


@pytest.fixture
def http_ivo(settings, stub, fast_checks):
    settings.KONTROLL_IVO_ADAPTER = "http"
    settings.KONTROLL_KREDIT_ADAPTER = "http"
    settings.KONTROLL_HTTP = {
        "ivo": {
            "url": stub.url,
            "token": "t",
            "token_url": "",
            "client_id": "",
            "client_secret": "",
            "scope": "",
        },
        "kredit": {
            "url": stub.url,
            "token": "t",
            "token_url": "",
            "client_id": "",
            "client_secret": "",
            "scope": "",
        },
    }
    settings.KONTROLL_CHUNK = 3
    settings.KONTROLL_MAX_SAMTIDIGA = 2
    return stub


def units(n, alice=None):
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice))
    return [VerksamhetFactory(leverantor=avtal.leverantor) for _ in range(n)]


@pytest.mark.django_db
def test_ivo_sweep_covers_units_of_agreements_with_annual_supervision():
    named = AvtalFactory()
    covered = VerksamhetFactory(leverantor=named.leverantor)
    VerksamhetFactory(leverantor=named.leverantor)  # not named by the contract
    named.verksamheter.add(covered)
    whole = AvtalFactory(status=AvtalStatus.PAUSAD)
    all_units = [VerksamhetFactory(leverantor=whole.leverantor) for _ in range(2)]
    no_supervision = AvtalFactory(ramavtal=RamavtalFactory(arlig_ivo_tillsyn=False))
    VerksamhetFactory(leverantor=no_supervision.leverantor)
    ended = AvtalFactory(status=AvtalStatus.UPPHORT)
    VerksamhetFactory(leverantor=ended.leverantor)
    assert ivo_subjects() == sorted([covered.pk, *(u.pk for u in all_units)])
    assert kredit_subjects() == sorted(
        [named.leverantor_id, whole.leverantor_id, no_supervision.leverantor_id]
    )


@pytest.mark.django_db
def test_a_sweep_runs_in_chunks_with_bounded_concurrency(http_ivo, alice):
    batch = units(7, alice)
    http_ivo.default = lambda path: (200, ivo_answer(), 0.02)
    svep, created = sweep_start(typ="ivo", anledning="manuell")
    assert created and svep.totalt == 7 and svep.adapter == "http"
    assert sweep_chunk(svep.pk) is True
    svep.refresh_from_db()
    assert (svep.klara, svep.status, svep.las_till) == (3, "pagar", None)
    svep = sweep_run_all(svep.pk)
    assert (svep.status, svep.klara, svep.misslyckade) == ("klar", 7, 0)
    assert IvoKontroll.objects.filter(svep=svep).count() == 7
    assert http_ivo.max_in_flight <= 2
    assert len(http_ivo.requests) == 7
    assert svep.procent == 100
    assert {c.verksamhet_id for c in IvoKontroll.objects.all()} == {u.pk for u in batch}


@pytest.mark.django_db
def test_a_worsening_in_a_sweep_creates_one_signal_and_a_rerun_none(http_ivo, alice):
    unit, other = units(2, alice)
    http_ivo.default = lambda path: (200, ivo_answer())
    first = sweep_run_all(sweep_start(typ="ivo", anledning="schema")[0].pk)
    assert first.signaler == 0
    http_ivo.script(
        f"/verksamheter/{unit.ivo_tillstandsnummer}", (200, ivo_answer(tillstand="aterkallat"))
    )
    second = sweep_run_all(sweep_start(typ="ivo", anledning="schema")[0].pk)
    assert second.signaler == 1
    signal = Signal.objects.get()
    assert signal.verksamhet == unit and signal.ansvarig == alice and signal.kalla == "ivo"
    third = sweep_run_all(sweep_start(typ="ivo", anledning="schema")[0].pk)
    assert third.signaler == 0 and third.klara == 2
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_a_killed_worker_is_resumed_without_duplicate_checks_or_signals(http_ivo, alice):
    units(5, alice)
    http_ivo.default = lambda path: (200, ivo_answer(vilande=True))
    svep, _ = sweep_start(typ="ivo", anledning="schema")
    assert sweep_chunk(svep.pk)  # 3 done, signals for each (first check finds "vilande")
    # The worker dies while holding the lease on the next chunk.
    now = timezone.now()
    Kontrollsvep.objects.filter(pk=svep.pk).update(
        las_till=now + datetime.timedelta(minutes=10), senast_aktiv=now
    )
    assert sweep_chunk(svep.pk) is False  # another worker cannot take it yet
    later = now + datetime.timedelta(hours=1)
    assert list(stalled(later)) == [svep]
    assert sweep_chunk(svep.pk, now=later) is False  # lease ran out: resumed and finished
    svep.refresh_from_db()
    assert (svep.status, svep.klara) == ("klar", 5)
    assert IvoKontroll.objects.count() == 5
    assert Signal.objects.count() == 5
    # A duplicate task after the end adds nothing.
    assert sweep_chunk(svep.pk) is False
    assert IvoKontroll.objects.count() == 5 and len(http_ivo.requests) == 5


@pytest.mark.django_db
def test_a_worker_that_outlived_its_lease_leaves_the_new_holders_lease_alone(settings, monkeypatch):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    units(1)
    svep, _ = sweep_start(typ="ivo", anledning="schema")
    theirs = timezone.now() + datetime.timedelta(minutes=30)

    class SlowSource(StubKalla):
        def hamta(self, nyckel):
            # Meanwhile the lease ran out and another worker claimed the sweep.
            Kontrollsvep.objects.filter(pk=svep.pk).update(las_till=theirs)
            return super().hamta(nyckel)

    monkeypatch.setattr(sweeps_module, "adapter_for", lambda typ, namn: SlowSource(typ=typ))
    sweep_chunk(svep.pk)
    svep.refresh_from_db()
    assert svep.las_till == theirs
    assert IvoKontroll.objects.filter(svep=svep).count() == 1


@pytest.mark.django_db
def test_units_deleted_after_planning_do_not_stall_the_sweep(settings):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    settings.KONTROLL_CHUNK = 2
    batch = units(5)
    svep, _ = sweep_start(typ="ivo", anledning="schema")
    for unit in batch[:3]:
        unit.delete()
    for _round in range(5):  # bounded: the old code re-ran the first chunk forever
        if not sweep_chunk(svep.pk):
            break
    svep.refresh_from_db()
    assert (svep.status, svep.klara, svep.misslyckade) == ("klar", 2, 0)


@pytest.mark.django_db
def test_a_subject_is_checked_once_per_sweep_even_if_a_chunk_reruns(http_ivo):
    (unit,) = units(1)
    http_ivo.default = lambda path: (200, ivo_answer())
    svep, _ = sweep_start(typ="ivo", anledning="schema")
    sweep_run_all(svep.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        IvoKontroll.objects.create(verksamhet=unit, svep=svep, kalla="http", status="ok")


@pytest.mark.django_db
def test_only_one_full_sweep_of_a_kind_runs_at_a_time():
    units(2)
    first, created = sweep_start(typ="ivo", anledning="schema")
    second, created_again = sweep_start(typ="ivo", anledning="manuell")
    assert created and not created_again and second == first
    credit, created_credit = sweep_start(typ="kredit", anledning="schema")
    assert created_credit and credit != first


@pytest.mark.django_db
def test_a_refused_login_stops_the_sweep_after_one_request(http_ivo):
    units(5)
    http_ivo.default = lambda path: (401, {"error": "locked soon"})
    svep = sweep_run_all(sweep_start(typ="ivo", anledning="schema")[0].pk)
    assert svep.status == "avbruten"
    assert "nekades" in svep.felmeddelande
    assert len(http_ivo.requests) == 1
    failed = IvoKontroll.objects.filter(status="misslyckad")
    assert failed.count() == 1  # the rest stays unchecked: unknown, older checks show
    assert all("nekades" in c.felmeddelande for c in failed)


@pytest.mark.django_db
def test_credit_sweep_with_malformed_answers_stores_failures(http_ivo):
    avtal = AvtalFactory()
    http_ivo.default = lambda path: (200, b"{not json")
    svep = sweep_run_all(sweep_start(typ="kredit", anledning="schema")[0].pk)
    assert (svep.status, svep.misslyckade, svep.klara) == ("klar", 1, 0)
    check = Kreditkontroll.objects.get(leverantor=avtal.leverantor)
    assert check.status == "misslyckad" and "JSON" in check.felmeddelande


@pytest.mark.django_db
def test_demo_adapter_is_deterministic(settings):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    units(30)
    first = sweep_run_all(sweep_start(typ="ivo", anledning="schema")[0].pk)
    answers = dict(IvoKontroll.objects.values_list("verksamhet_id", "svar_sha256"))
    second = sweep_run_all(sweep_start(typ="ivo", anledning="schema")[0].pk)
    again = dict(
        IvoKontroll.objects.filter(svep=second).values_list("verksamhet_id", "svar_sha256")
    )
    assert first.klara == 30 and answers == again
    assert second.signaler == 0


# ---------------------------------------------------------------- schedule


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_next_due_for_ivo_is_twice_a_year(settings):
    settings.KONTROLL_IVO_MANADER = [3, 9]
    settings.KONTROLL_IVO_DAG = 1
    settings.KONTROLL_IVO_TIMME = 2
    assert next_due("ivo", local(2026, 1, 10)) == local(2026, 3, 1, 2)
    assert next_due("ivo", local(2026, 3, 1, 2)) == local(2026, 9, 1, 2)
    assert next_due("ivo", local(2026, 11, 23)) == local(2027, 3, 1, 2)


def test_next_due_for_credit_daily_or_weekly(settings):
    settings.KONTROLL_KREDIT_TIMME = 3
    settings.KONTROLL_KREDIT_INTERVALL = "dag"
    assert next_due("kredit", local(2026, 11, 23, 1)) == local(2026, 11, 23, 3)
    assert next_due("kredit", local(2026, 11, 23, 3)) == local(2026, 11, 24, 3)
    settings.KONTROLL_KREDIT_INTERVALL = "vecka"
    settings.KONTROLL_KREDIT_VECKODAG = 1  # Monday; 2026-11-23 is a Monday
    assert next_due("kredit", local(2026, 11, 23, 4)) == local(2026, 11, 30, 3)


@pytest.mark.django_db
def test_the_due_claim_runs_once_and_catches_up_a_missed_run(settings):
    settings.KONTROLL_KREDIT_INTERVALL = "dag"
    settings.KONTROLL_KREDIT_TIMME = 3
    now = local(2026, 11, 23, 1)
    assert claim_schedule("kredit", now) is True  # first sight: the baseline, at once
    assert claim_schedule("kredit", now) is False
    assert Kontrollschema.objects.get(typ="kredit").nasta == local(2026, 11, 23, 3)
    # The beat was down for two days: the next wake-up catches up, once.
    late = local(2026, 11, 25, 14)
    assert claim_schedule("kredit", late) is True
    assert claim_schedule("kredit", late) is False
    row = Kontrollschema.objects.get(typ="kredit")
    assert row.nasta == local(2026, 11, 26, 3) and row.senast_startad == late


@pytest.mark.django_db
def test_a_stale_claim_loses_the_conditional_update(settings, monkeypatch):
    settings.KONTROLL_KREDIT_INTERVALL = "dag"
    due = local(2026, 11, 23, 3)
    Kontrollschema.objects.create(typ="kredit", nasta=due)
    stale = Kontrollschema.objects.get(typ="kredit")
    later = due + datetime.timedelta(hours=1)
    assert claim_schedule("kredit", later) is True
    # A second process read the row before the first one's update: it must lose.
    monkeypatch.setattr(Kontrollschema.objects, "get_or_create", lambda **kw: (stale, False))
    assert claim_schedule("kredit", later) is False
    assert Kontrollschema.objects.get(typ="kredit").nasta == local(2026, 11, 24, 3)


@pytest.mark.django_db
def test_scheduled_wakeup_starts_due_sweeps_and_requeues_stalled_ones(settings):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    settings.KONTROLL_KREDIT_ADAPTER = "demo"
    units(2)
    now = local(2026, 11, 23, 12)
    Kontrollschema.objects.create(typ="ivo", nasta=now - datetime.timedelta(days=3))
    Kontrollschema.objects.create(typ="kredit", nasta=now + datetime.timedelta(hours=1))
    queued = scheduled_sweeps(now)
    svep = Kontrollsvep.objects.get()
    assert queued == [svep.pk] and svep.typ == "ivo" and svep.anledning == "schema"
    assert scheduled_sweeps(now) == []  # claimed: the same wake-up again starts nothing
    # The queue message was lost; much later the sweep is re-queued, not re-created.
    later = now + datetime.timedelta(hours=2)
    Kontrollschema.objects.filter(typ="kredit").update(nasta=later + datetime.timedelta(days=1))
    assert scheduled_sweeps(later) == [svep.pk]
    assert Kontrollsvep.objects.count() == 1
    assert json.loads(json.dumps(svep.amnen)) == ivo_subjects()


@pytest.mark.django_db
def test_after_a_refused_login_the_schedule_waits_for_a_person(http_ivo, settings, client, alice):
    settings.KONTROLL_KREDIT_INTERVALL = "dag"
    settings.KONTROLL_KREDIT_TIMME = 3
    units(1)
    now = local(2026, 11, 23, 12)
    Kontrollschema.objects.create(typ="ivo", nasta=now + datetime.timedelta(days=30))
    http_ivo.default = lambda path: (401, {"error": "invalid_client"})
    (refused,) = scheduled_sweeps(now)
    refused = sweep_run_all(refused)
    assert (refused.status, refused.inloggning_nekad) == ("avbruten", True)
    assert len(http_ivo.requests) == 1
    # The next days' due runs are claimed but ask the service nothing.
    for days in (1, 2):
        assert scheduled_sweeps(now + datetime.timedelta(days=days)) == []
    assert Kontrollsvep.objects.count() == 1 and len(http_ivo.requests) == 1
    assert Kontrollschema.objects.get(typ="kredit").nasta == local(2026, 11, 26, 3)
    client.force_login(alice)
    page = client.get(reverse("kontroller:svep_list")).content.decode()
    assert "de schemalagda kontrollerna görs inte, eftersom inloggningen nekades" in page
    # Someone corrects the credentials and starts a check by hand: the schedule resumes.
    http_ivo.default = lambda path: (200, kredit_answer())
    later = now + datetime.timedelta(days=3)
    manual, _ = sweep_start(
        typ="kredit", anledning="manuell", user=alice, now=later - datetime.timedelta(hours=1)
    )
    assert sweep_run_all(manual.pk).status == "klar"
    (scheduled,) = scheduled_sweeps(later)
    assert Kontrollsvep.objects.get(pk=scheduled).anledning == "schema"
    page = client.get(reverse("kontroller:svep_list")).content.decode()
    assert "inloggningen nekades" not in page


@pytest.mark.django_db
def test_the_beat_task_queues_after_commit_and_the_chain_finishes(
    settings, eager_celery, django_capture_on_commit_callbacks
):
    from arenden.tasks import scheduled_checks

    settings.KONTROLL_IVO_ADAPTER = "demo"
    settings.KONTROLL_KREDIT_ADAPTER = "demo"
    settings.KONTROLL_CHUNK = 2
    units(5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        scheduled_checks()
    # Planned, not yet run: the tasks wait for the commit.
    assert len(callbacks) == 2
    assert set(Kontrollsvep.objects.values_list("status", flat=True)) == {"pagar"}
    for callback in callbacks:
        callback()
    done = {s.typ: (s.status, s.klara) for s in Kontrollsvep.objects.all()}
    assert done == {"ivo": ("klar", 5), "kredit": ("klar", 1)}
