"""A PDF job's worker pulses while it renders: a killed worker's job fails in seconds."""

import datetime
import time

import pytest
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from rapporter.models import Dokumenttyp, JobbStatus, JobbTyp, Rapportjobb, Rapportversion
from rapporter.services import (
    WORKER_DIED,
    JobLost,
    _pulse,
    job_fail_stalled,
    job_order,
    job_run,
    rapport_faststall,
)


def _freeze_job(user, **fields):
    jobb = job_order(typ=JobbTyp.FASTSTALL, dokumenttyp=Dokumenttyp.ARSRAPPORT, ar=2024, user=user)
    Rapportjobb.objects.filter(pk=jobb.pk).update(**fields)
    return Rapportjobb.objects.get(pk=jobb.pk)


def _ago(seconds):
    return timezone.now() - datetime.timedelta(seconds=seconds)


def _pulse_ago(seconds):
    # Pulses are in the database's clock (the test's clock travels to TEST_TODAY).
    return Now() - datetime.timedelta(seconds=seconds)


@pytest.mark.django_db
def test_a_job_records_its_worker_and_pulse_when_claimed(year, charlotte):
    jobb = job_order(typ=JobbTyp.PDF, dokumenttyp=Dokumenttyp.ARSRAPPORT, ar=2024, user=charlotte)

    assert job_run(jobb.pk, arbetare="celery@web1:4711") is True

    jobb.refresh_from_db()
    assert jobb.status == JobbStatus.KLAR
    assert jobb.arbetare == "celery@web1:4711"
    assert jobb.puls is not None


@pytest.mark.django_db
def test_a_running_job_whose_pulse_stopped_fails_and_freezing_can_be_ordered_at_once(
    client, year, charlotte, settings
):
    settings.REPORT_JOB_PULS_SEKUNDER = 10
    # Claimed a minute ago by a worker that was killed 31 s ago (three pulses missed).
    dead = _freeze_job(
        charlotte,
        status=JobbStatus.PAGAR,
        arbetare="celery@w:1",
        startad=_ago(60),
        puls=_pulse_ago(31),
    )
    client.force_login(charlotte)

    response = client.post(reverse("rapporter:order", args=["arsrapport", 2024, "faststall"]))

    dead.refresh_from_db()
    assert dead.status == JobbStatus.MISSLYCKAD
    assert dead.fel == WORKER_DIED
    new = Rapportjobb.objects.exclude(pk=dead.pk).get()
    assert response.url == new.get_absolute_url()  # not "håller redan på att fastställas"
    assert new.status == JobbStatus.VANTAR


@pytest.mark.django_db
def test_a_job_that_missed_fewer_than_three_pulses_is_left_running(year, charlotte, settings):
    settings.REPORT_JOB_PULS_SEKUNDER = 10
    slow = _freeze_job(
        charlotte, status=JobbStatus.PAGAR, arbetare="celery@w:1", puls=_pulse_ago(29)
    )

    assert job_fail_stalled() == 0

    slow.refresh_from_db()
    assert slow.status == JobbStatus.PAGAR and slow.fel == ""


@pytest.mark.django_db
def test_a_waiting_job_without_a_pulse_still_waits_for_the_last_resort_timeout(
    year, charlotte, settings
):
    settings.REPORT_JOB_PULS_SEKUNDER = 10
    waiting = _freeze_job(charlotte)  # no worker has taken it: no pulse to miss
    Rapportjobb.objects.filter(pk=waiting.pk).update(skapad=_ago(settings.REPORT_JOB_TIMEOUT - 5))
    assert job_fail_stalled() == 0
    Rapportjobb.objects.filter(pk=waiting.pk).update(skapad=_ago(settings.REPORT_JOB_TIMEOUT + 5))
    assert job_fail_stalled() == 1
    waiting.refresh_from_db()
    assert waiting.status == JobbStatus.MISSLYCKAD and "i tid" in waiting.fel


@pytest.mark.django_db
def test_a_worker_whose_job_was_failed_meanwhile_freezes_nothing(year, charlotte):
    # Its pulse was missed (say the database was away) and the job was failed;
    # the user may already have ordered it again, so this worker adds no version.
    jobb = _freeze_job(charlotte, status=JobbStatus.MISSLYCKAD, fel=WORKER_DIED)

    with pytest.raises(JobLost):
        rapport_faststall(dokument=year["rapport"], user=charlotte, jobb_id=jobb.pk)

    assert not Rapportversion.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_pulse_keeps_beating_while_the_work_runs_and_stops_after(year, charlotte, settings):
    settings.REPORT_JOB_PULS_SEKUNDER = 0.05
    jobb = _freeze_job(
        charlotte, status=JobbStatus.PAGAR, arbetare="celery@w:1", puls=_pulse_ago(3600)
    )
    seen = set()
    with _pulse(jobb.pk, "celery@w:1"):
        deadline = time.monotonic() + 10
        while len(seen) < 3 and time.monotonic() < deadline:
            seen.add(Rapportjobb.objects.get(pk=jobb.pk).puls)
            time.sleep(0.02)
    assert len(seen) >= 3, "the pulse did not move while the work ran"
    last = Rapportjobb.objects.get(pk=jobb.pk).puls
    time.sleep(0.2)
    assert Rapportjobb.objects.get(pk=jobb.pk).puls == last  # stopped with the block


@pytest.mark.django_db(transaction=True)
def test_the_pulse_never_touches_a_job_another_worker_holds(year, charlotte, settings):
    settings.REPORT_JOB_PULS_SEKUNDER = 0.02
    old = _ago(3600)
    jobb = _freeze_job(charlotte, status=JobbStatus.PAGAR, arbetare="celery@other:2", puls=old)
    with _pulse(jobb.pk, "celery@w:1"):
        time.sleep(0.2)
    assert Rapportjobb.objects.get(pk=jobb.pk).puls == old
