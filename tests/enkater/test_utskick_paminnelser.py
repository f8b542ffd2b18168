"""Questionnaire reminders: before the deadline and on it, once each, never to one who answered."""

import datetime

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core import mail

from enkater.models import EnkatPaminnelse, Mottagare, SvarStatus, UtskickStatus
from enkater.paminnelser import paminn, tillfalle_for
from enkater.tasks import paminna_enkater_task
from tests import clock
from tests.arenden.mail_backends import RefusingBackend
from tests.clock import DEFAULT
from tests.enkater.factories import MottagareFactory, SvarFactory, UtskickFactory
from uppfoljning.celery import app

D = datetime.date

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = [pytest.mark.today(DEFAULT), pytest.mark.django_db]


def test_the_beat_schedule_runs_the_reminders_daily_with_the_other_reminders():
    entry = settings.CELERY_BEAT_SCHEDULE["enkatpaminnelser"]
    assert entry["task"] == paminna_enkater_task.name
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=6, minute=30)
    assert settings.ENKAT_PAMINNELSE_DAGAR_FORE == 3


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2026, 11, 18), None),
        (D(2026, 11, 19), "fore"),
        (D(2026, 11, 21), "fore"),
        (D(2026, 11, 22), "sista_dag"),
        (D(2026, 11, 23), None),
    ],
)
def test_the_milestones(on, expected):
    assert tillfalle_for(D(2026, 11, 22), on) == expected


DEADLINE = D(2026, 11, 22)


def sent_out(svar_senast=DEADLINE):
    utskick = UtskickFactory(
        svar_senast=svar_senast, status=UtskickStatus.SKICKAT, version__formular__namn="Bemanning"
    )
    return utskick, [
        MottagareFactory(
            utskick=utskick, skickad=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
        )
        for _n in range(3)
    ]


def test_before_and_on_the_deadline_once_each_by_the_test_clock():
    # The suite's today is 2026-11-20: two days before the deadline.
    _utskick, rows = sent_out()
    assert paminn() == (3, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.epost for r in rows)
    assert all(m.subject == "Påminnelse: Bemanning" for m in mail.outbox)
    assert paminn() == (0, 0)  # the same day again
    with time_machine.travel(clock.moment_of("2026-11-21"), tick=False):
        assert paminn() == (0, 0)  # "fore" was sent
    with time_machine.travel(clock.moment_of("2026-11-22"), tick=False):
        assert paminn() == (3, 0)
        assert paminn() == (0, 0)
    assert len(mail.outbox) == 6
    assert mail.outbox[-1].subject == "Sista dagen att svara: Bemanning"
    assert EnkatPaminnelse.objects.filter(skickad__isnull=False).count() == 6


def test_never_to_one_who_answered_was_revoked_or_never_got_the_letter():
    _utskick, (answered, drafting, revoked) = sent_out()
    answered.besvarad = True
    answered.save()
    SvarFactory(mottagare=drafting, status=SvarStatus.UTKAST)
    submitted = MottagareFactory(utskick=_utskick, skickad=drafting.skickad)
    SvarFactory(mottagare=submitted, status=SvarStatus.INSKICKAT)
    revoked.aterkallad = revoked.skickad
    revoked.save()
    MottagareFactory(utskick=_utskick)  # its letter was never sent
    assert paminn() == (1, 0)
    assert mail.outbox[0].to == [drafting.epost]


def test_an_external_reminder_carries_no_link():
    _utskick, rows = sent_out()
    paminn()
    for message in mail.outbox:
        assert "/enkater/svar/" not in message.body
        assert "länken i det första brevet" in message.body
    assert not any(r.token in m.body for r in rows for m in mail.outbox)


def test_only_open_send_outs(settings):
    utskick, _rows = sent_out()
    utskick.status = UtskickStatus.STANGT
    utskick.save()
    assert paminn() == (0, 0)


def test_a_refused_reminder_is_sent_on_the_next_run(settings):
    settings.EMAIL_BACKEND = "tests.arenden.mail_backends.RefusingBackend"
    RefusingBackend.refused = None
    try:
        sent_out()
        assert paminn() == (0, 3)
        assert EnkatPaminnelse.objects.filter(ansprak__isnull=True).count() == 3
        RefusingBackend.refused = []
        assert paminn() == (3, 0)
    finally:
        RefusingBackend.refused = None


def test_the_task_sends_the_reminders():
    sent_out()
    result = paminna_enkater_task.apply(kwargs={"on": "2026-11-22"})
    assert result.get() == {"skickade": 3, "misslyckade": 0}
    assert set(EnkatPaminnelse.objects.values_list("tillfalle", flat=True)) == {"sista_dag"}
    assert Mottagare.objects.count() == 3
