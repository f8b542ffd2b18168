"""Helpers the test modules share: users, decisions, services. Fixtures: tests/conftest.py."""

import datetime
import os
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group

from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import BeslutSkal, BeslutTyp

PASSWORD = "test-lösenord-123"


def make_user(django_user_model, username, role=None, **extra):
    """A user who can log in with PASSWORD, in the role's group if one is given."""
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def with_address(user):
    """The persona with an e-mail address (username@kommun.example), for mail tests."""
    user.email = f"{user.username}@kommun.example"
    user.save(update_fields=["email"])
    return user


def decide(avtal, typ, user, *, datum=datetime.date(2024, 6, 3), **values):
    """Take a decision on the contract through the decision service, with a valid basis.

    A decision maker, a reason and the facts are filled in; a pause gets a re-assessment
    date 90 days on, a termination or rescission the committee's diarienummer. Pass any of
    them (or another date) to test it.
    """
    values.setdefault("beslutsfattare", "Enhetschef")
    values.setdefault("skal", BeslutSkal.IVO_ARENDE)
    values.setdefault("faktaunderlag", "IVO kräver återrapportering.")
    if typ == BeslutTyp.PAUS:
        values.setdefault("omprovning_datum", datum + datetime.timedelta(days=90))
    if typ in (BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING):
        values.setdefault("namnd_diarienummer", "SCN-2024-00400")
    return avtal_fatta_beslut(avtal=avtal, typ=typ, user=user, datum=datum, **values)


def pause(avtal, user, *, datum=datetime.date(2024, 6, 3), omprovning=None, **values):
    """A temporary exclusion from call-offs (avropspaus), re-assessed on omprovning."""
    if omprovning is not None:
        values["omprovning_datum"] = omprovning
    return decide(avtal, BeslutTyp.PAUS, user, datum=datum, **values)


# --- What a test needs from the machine -------------------------------------------


def unavailable(message, *, required_by):
    """Skip the test for want of a service, or fail it when `required_by`=1 is set (as in CI).

    REQUIRE_BROWSER, REQUIRE_REDIS and REQUIRE_POSTGRES turn a skip into a failure, so a
    CI machine that lacks Chromium, Redis or PostgreSQL fails instead of passing with less.
    """
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{message} ({required_by}=1)", pytrace=False)
    pytest.skip(message)


def suite_redis_url(broker_url=None):
    """The Redis database that is the suite's own: CELERY_BROKER_URL's, if it names one.

    Only a redis:// URL with an explicit database number counts (redis://host:port/N):
    a test may flush that database and no other, and without a number it would be 0,
    which is likely someone else's.
    """
    url = os.environ.get("CELERY_BROKER_URL", "") if broker_url is None else broker_url
    parts = urlsplit(url)
    if parts.scheme != "redis" or not parts.path.strip("/").isdigit():
        return None
    return url


def flush_suite_redis(url):
    """Empty the suite's own Redis database (see suite_redis_url), never another one."""
    import redis

    if suite_redis_url(url) is None:
        raise ValueError(f"{url!r} names no Redis database of the suite's own: not flushed")
    redis.Redis.from_url(url).flushdb()


def refuse_without_postgres(engine):
    """With REQUIRE_POSTGRES=1 the suite runs on PostgreSQL or not at all (UsageError)."""
    if os.environ.get("REQUIRE_POSTGRES") == "1" and not engine.endswith("postgresql"):
        raise pytest.UsageError(
            f"REQUIRE_POSTGRES=1 but the tests would run on {engine}: "
            "set DATABASE_URL=postgres://… (CI's second run)."
        )
