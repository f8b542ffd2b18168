"""Fixtures for the fault tests: the real PostgreSQL and Redis on 127.0.0.1, or a skip.

On a machine without them the tests skip (tests.helpers.unavailable); CI's
PostgreSQL run sets REQUIRE_POSTGRES=1 and REQUIRE_REDIS=1, so there they fail.
"""

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
