"""Fixtures for the fault tests: the real PostgreSQL and Redis on 127.0.0.1, or a skip.

On a machine without them the tests skip (tests.helpers.unavailable); CI's
PostgreSQL run sets REQUIRE_POSTGRES=1 and REQUIRE_REDIS=1, so there they fail.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import flush_suite_redis, suite_redis_url, unavailable


@pytest.fixture
def pg(transactional_db):
    """The test database on PostgreSQL, committed as it goes (other processes see it)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        unavailable(
            f"Feltesterna kräver PostgreSQL; sviten körs på {connection.vendor}.",
            required_by="REQUIRE_POSTGRES",
        )
    return connection


def admin_connection(connection):
    """A psycopg connection to the server's maintenance database, outside Django."""
    import psycopg

    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def redis_url():
    """The suite's own Redis database (CELERY_BROKER_URL=redis://…/N), emptied."""
    import redis

    url = suite_redis_url()
    if url is None:
        unavailable(
            "Sviten körs utan Redis (CELERY_BROKER_URL=redis://…/N saknas).",
            required_by="REQUIRE_REDIS",
        )
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        unavailable(f"Redis svarar inte på {url}.", required_by="REQUIRE_REDIS")
    flush_suite_redis(url)
    return url


@pytest.fixture
def broker(redis_url):
    """This process queues tasks to the suite's Redis, as the web server would."""
    from uppfoljning.celery import app

    names = ("broker_url", "broker_read_url", "broker_write_url", "broker_transport_options")
    saved = {name: app.conf[name] for name in names}
    app.conf.broker_url = app.conf.broker_read_url = app.conf.broker_write_url = redis_url
    app.conf.broker_transport_options = {"visibility_timeout": 3600}
    app._pool = None
    app.amqp._producer_pool = None
    yield redis_url
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None


def database_url(connection):
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    return f"postgres://{params['USER']}{password}@{host}:{port}/{params['NAME']}"


class Workers:
    """Real worker processes started by a test, each killed or stopped by its own pid."""

    def __init__(self, connection, redis_url, tmp_path):
        from django.conf import settings

        self.env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        self.env.update(
            DJANGO_SETTINGS_MODULE="tests.settings",
            DATABASE_URL=database_url(connection),
            CELERY_BROKER_URL=redis_url,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            VAR_DIR=str(tmp_path / "worker-var"),
        )
        self.tmp_path = tmp_path
        self.started = []

    def start(self, name, **env):
        import time_machine

        # How far this process's clock is from the real one (it travels to TEST_TODAY).
        offset = time.time() - time_machine.escape_hatch.time.time()
        env.setdefault("FAULT_CLOCK_OFFSET", repr(offset))
        log = open(self.tmp_path / f"{name}.log", "w")  # noqa: SIM115 - closed in stop_all
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("worker.py"))],
            cwd=Path(__file__).resolve().parents[2],
            env={**self.env, "FAULT_WORKER_NAME": f"{name}@%h", **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.started.append((proc, log))
        return proc

    def kill(self, proc):
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self):
        for proc, log in self.started:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
            log.close()

    def log(self, name):
        return (self.tmp_path / f"{name}.log").read_text()


@pytest.fixture
def workers(pg, broker, tmp_path):
    running = Workers(pg, broker, tmp_path)
    yield running
    running.stop_all()


def wait_for(predicate, timeout=60, interval=0.1):
    """Poll until `predicate()` is true; False if it never was within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
