"""The reminder task and its place in the beat schedule."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail

from arenden.models import Paminnelse
from arenden.tasks import ReminderSendFailed, paminnelser_skicka_task
from tests.arenden.factories_sarskild import BristFactory
from tests.arenden.mail_backends import RefusingBackend
from tests.helpers import with_address
from uppfoljning.celery import app

ROOT = Path(__file__).resolve().parents[2]


def test_the_beat_schedule_runs_the_reminder_task_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["paminnelser"]
    assert entry["task"] == paminnelser_skicka_task.name
    app.loader.import_default_modules()  # what a worker does on start: autodiscovery
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=6, minute=30)


def schedule_with(env):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "s = settings.CELERY_BEAT_SCHEDULE['paminnelser']['schedule']; "
        "print(sorted(s.hour), sorted(s.minute), settings.PAMINNELSE_SARSKILD_FRAN)"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PAMINNELSE_")}
    environ.update(env, DJANGO_SETTINGS_MODULE="uppfoljning.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_time_and_start_day_come_from_the_environment(tmp_path):
    env = {
        "PAMINNELSE_TID": "07:15",
        "PAMINNELSE_SARSKILD_FRAN": "09-01",
        "VAR_DIR": str(tmp_path),
    }
    result = schedule_with(env)
    assert result.stdout.strip() == "[7] [15] (9, 1)", result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PAMINNELSE_TID", "25:00", "is not a time of day (HH:MM)"),
        ("PAMINNELSE_SARSKILD_FRAN", "02-30", "is not a date in the year (MM-DD)"),
        ("SITE_URL", "uppfoljning.kommun.se", "must start with http:// or https://"),
    ],
)
def test_a_bad_setting_stops_the_start(tmp_path, name, value, message):
    result = schedule_with({name: value, "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_the_task_sends_the_digests(alice):
    with_address(alice)
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=datetime.date(2025, 3, 1))
    result = paminnelser_skicka_task.apply(kwargs={"on": "2025-03-02"})
    assert result.get() == {"skickade": {"alice": 1}, "misslyckade": []}
    assert len(mail.outbox) == 1
    assert paminnelser_skicka_task.apply(kwargs={"on": "2025-03-02"}).get()["skickade"] == {}


@pytest.mark.django_db
def test_the_task_retries_a_failed_send_and_then_gives_up_unsent(alice, settings):
    settings.EMAIL_BACKEND = "tests.arenden.mail_backends.RefusingBackend"
    RefusingBackend.refused = None
    RefusingBackend.attempts = 0
    with_address(alice)
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=datetime.date(2025, 3, 1))
    result = paminnelser_skicka_task.apply(kwargs={"on": "2025-03-02"})
    assert result.failed()
    assert isinstance(result.result, ReminderSendFailed)
    assert "alice" in str(result.result)
    assert RefusingBackend.attempts == 1 + paminnelser_skicka_task.max_retries
    assert Paminnelse.objects.get().skickad is None
