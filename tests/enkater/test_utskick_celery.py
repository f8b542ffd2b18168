"""A send-out sent by a real Celery worker through Redis (the suite's own database)."""

import datetime

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail

from enkater.models import Mottagare, Utskick, UtskickStatus
from enkater.tasks import skicka_utskick_task
from tests.arenden.kontroller.test_kontroll_celery import (
    REDIS_URL,
    redis_broker,  # noqa: F401 - fixture
    wait_for,
)
from tests.enkater.factories import MottagareFactory, UtskickFactory


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_letter_once_despite_a_duplicate(redis_broker):  # noqa: F811
    utskick = UtskickFactory(status=UtskickStatus.SKICKAS, svar_senast=datetime.date(2026, 12, 15))
    for _n in range(4):
        MottagareFactory(utskick=utskick)
    Utskick.objects.filter(pk=utskick.pk).update(antal_mottagare=4)
    with start_worker(app_for_test(), pool="solo", perform_ping_check=False, shutdown_timeout=10):
        skicka_utskick_task.delay(utskick.pk)
        skicka_utskick_task.delay(utskick.pk)  # a duplicate delivery
        assert wait_for(
            lambda: Utskick.objects.get(pk=utskick.pk).status == UtskickStatus.SKICKAT
        ), "the worker did not send the letters within 30 s"
        assert wait_for(lambda: redis.Redis.from_url(REDIS_URL).llen("celery") == 0)
    assert len(mail.outbox) == 4
    assert Mottagare.objects.filter(skickad__isnull=True).count() == 0
    assert Utskick.objects.get(pk=utskick.pk).antal_skickade == 4


def app_for_test():
    from uppfoljning.celery import app

    return app
