"""A sweep run by a real Celery worker through Redis on 127.0.0.1."""

import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from arenden.kontroller.sweeps import sweep_start
from arenden.models import IvoKontroll, Kontrollsvep
from arenden.tasks import sweep_run
from tests.factories import AvtalFactory, VerksamhetFactory
from tests.helpers import flush_suite_redis, suite_redis_url, unavailable
from uppfoljning.celery import app

# Only the suite's own Redis (the database its CELERY_BROKER_URL names, which
# each developer or CI job picks for itself) is ever flushed: never a fixed one.
REDIS_URL = suite_redis_url()


@pytest.fixture
def redis_broker():
    if REDIS_URL is None:
        unavailable(
            "Sviten körs utan Redis (CELERY_BROKER_URL=redis://…/N saknas) – testet med en "
            "riktig worker körs i CI:s andra körning mot PostgreSQL och Redis.",
            required_by="REQUIRE_REDIS",
        )
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        unavailable(
            f"Redis svarar inte på {REDIS_URL} – testet med en riktig worker hoppas över.",
            required_by="REQUIRE_REDIS",
        )
    flush_suite_redis(REDIS_URL)
    names = ("broker_url", "broker_read_url", "broker_write_url", "broker_transport_options")
    saved = {name: app.conf[name] for name in names}
    app.conf.broker_url = app.conf.broker_read_url = app.conf.broker_write_url = REDIS_URL
    app.conf.broker_transport_options = {"visibility_timeout": 60}
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_sweep_chunk_by_chunk_and_ignores_a_duplicate(redis_broker, settings):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    settings.KONTROLL_CHUNK = 2
    avtal = AvtalFactory()
    for _ in range(5):
        VerksamhetFactory(leverantor=avtal.leverantor)
    svep, _ = sweep_start(typ="ivo", anledning="schema")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        sweep_run.delay(svep.pk)
        sweep_run.delay(svep.pk)  # a duplicate delivery, as after a visibility timeout
        assert wait_for(lambda: Kontrollsvep.objects.get(pk=svep.pk).status == "klar"), (
            "the worker did not finish the sweep within 30 s"
        )
        sweep_run.delay(svep.pk)  # after the end: nothing to do
        assert wait_for(lambda: redis.Redis.from_url(REDIS_URL).llen("celery") == 0)
    svep.refresh_from_db()
    assert (svep.klara, svep.totalt) == (5, 5)
    assert IvoKontroll.objects.filter(svep=svep).count() == 5
    assert IvoKontroll.objects.count() == 5
