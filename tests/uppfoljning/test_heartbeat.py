"""The heartbeat task, run directly and through a real Celery worker."""

import datetime
import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core.management import CommandError, call_command
from django.utils import timezone

from uppfoljning.celery import app
from uppfoljning.health import check_broker
from uppfoljning.models import Heartbeat
from uppfoljning.tasks import record_heartbeat


@pytest.mark.django_db
def test_it_records_and_counts_heartbeats():
    record_heartbeat()
    record_heartbeat()
    beat = Heartbeat.objects.get(name="beat")
    assert beat.runs == 2


def test_the_beat_schedule_runs_the_heartbeat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["heartbeat"]
    assert entry["task"] == record_heartbeat.name
    assert entry["schedule"] == settings.HEARTBEAT_INTERVAL_SECONDS


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_task_from_the_configured_broker():
    """Through the broker the settings name: Redis on CI, filesystem:// elsewhere."""
    if not check_broker()["ok"]:
        pytest.fail(f"broker {app.conf.broker_url} is not reachable")
    done = threading.Event()

    def on_postrun(sender=None, **kwargs):
        if sender is not None and sender.name == record_heartbeat.name:
            done.set()

    task_postrun.connect(on_postrun, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            record_heartbeat.apply_async(kwargs={"name": "worker-test"})
            assert done.wait(timeout=30), "the worker did not run the task within 30 s"
    finally:
        task_postrun.disconnect(on_postrun)
    assert Heartbeat.objects.get(name="worker-test").runs == 1


@pytest.mark.django_db
def test_the_beat_health_check_fails_without_or_with_a_stale_heartbeat(settings):
    settings.HEARTBEAT_INTERVAL_SECONDS = 60
    with pytest.raises(CommandError, match="No heartbeat yet."):
        call_command("check_heartbeat")
    Heartbeat.objects.create(
        name="beat", last_seen=timezone.now() - datetime.timedelta(seconds=600), runs=4
    )
    with pytest.raises(CommandError, match=r"Heartbeat is 600 s old\."):
        call_command("check_heartbeat")
    record_heartbeat()
    call_command("check_heartbeat")  # fresh: no error
