"""The suite's own rules: its clock, its factories' dates, its helpers, what it may flush."""

import datetime
import time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from leverantorer.models import AvtalStatus, BeslutTyp
from ramavtal.models import Ramavtal
from tests import clock, helpers
from tests.conftest import pytest_collection_modifyitems
from tests.factories import AvtalFactory, RamavtalFactory

D = datetime.date
STOCKHOLM = ZoneInfo("Europe/Stockholm")


# --- The clock ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2032-01-01", datetime.datetime(2032, 1, 1, 10, 0, tzinfo=STOCKHOLM)),
        ("2026-11-20T10:00", datetime.datetime(2026, 11, 20, 10, 0, tzinfo=STOCKHOLM)),
        (" 2025-06-30 23:30 ", datetime.datetime(2025, 6, 30, 23, 30, tzinfo=STOCKHOLM)),
        (
            "2025-06-30T21:30+00:00",
            datetime.datetime(2025, 6, 30, 21, 30, tzinfo=datetime.UTC),
        ),
    ],
)
def test_test_today_is_read_as_stockholm_time_ten_oclock_for_a_date(value, expected):
    moment = clock.parse(value)
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()


def test_the_default_day_is_a_friday_in_november_2026():
    assert clock.parse(clock.DEFAULT) == datetime.datetime(2026, 11, 20, 10, 0, tzinfo=STOCKHOLM)


def test_every_clock_shows_the_suites_day():
    assert timezone.localdate() == clock.TODAY
    assert datetime.date.today() == clock.TODAY
    assert timezone.localtime().date() == clock.TODAY


def test_the_suites_clock_runs_on():
    first = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > first


@pytest.mark.today(D(2025, 2, 28))
def test_a_marked_test_runs_on_its_day_at_ten_with_the_clock_standing_still(today):
    assert today == D(2025, 2, 28)
    first = timezone.localtime()
    time.sleep(0.01)
    assert timezone.localtime() == first == datetime.datetime(2025, 2, 28, 10, 0, tzinfo=STOCKHOLM)


@pytest.mark.today("2024-12-31T23:59", tick=True)
def test_a_marked_test_may_let_the_clock_run(today):
    assert today == D(2024, 12, 31)
    first = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > first


def test_today_is_the_suites_day_without_a_marker(today):
    assert today == clock.TODAY


def test_a_marker_takes_dates_datetimes_and_strings_only():
    naive = datetime.datetime(2026, 3, 10, 12, 0)
    assert clock.moment_of(naive) == datetime.datetime(2026, 3, 10, 12, 0, tzinfo=STOCKHOLM)
    assert clock.moment_of(D(2026, 3, 10)) == datetime.datetime(
        2026, 3, 10, 10, 0, tzinfo=STOCKHOLM
    )
    with pytest.raises(TypeError, match="pytest.mark.today"):
        clock.moment_of(2026)


@pytest.mark.parametrize(
    ("year", "expected"), [(2027, D(2027, 2, 28)), (2028, D(2028, 2, 29)), (2100, D(2100, 2, 28))]
)
def test_the_end_of_february(year, expected):
    assert clock.end_of_february(year) == expected


# --- Factory agreements are in force on the day the test runs -------------------------


@pytest.mark.parametrize(
    ("day", "slut", "option"),
    [
        (D(2026, 11, 20), D(2027, 2, 28), D(2031, 2, 28)),
        (D(2032, 1, 1), D(2033, 2, 28), D(2037, 2, 28)),
        (D(2027, 6, 1), D(2028, 2, 29), D(2032, 2, 29)),
    ],
)
def test_a_factory_agreement_ends_after_the_day_the_test_runs(day, slut, option):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        ramavtal = RamavtalFactory.build()
    assert (ramavtal.startdatum, ramavtal.slutdatum, ramavtal.slutdatum_inkl_option) == (
        D(2021, 3, 1),
        slut,
        option,
    )


@pytest.mark.today(D(2032, 1, 1))
@pytest.mark.django_db
def test_a_factory_agreement_is_in_force_in_2032(today):
    avtal = AvtalFactory()
    assert avtal.ramavtal.slutdatum_inkl_option == D(2037, 2, 28)
    assert list(Ramavtal.objects.i_kraft_under(today, today)) == [avtal.ramavtal]


# --- The decision helper ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_pause_is_reassessed_after_90_days_unless_told(alice):
    beslut = helpers.pause(AvtalFactory(), alice)
    assert (beslut.typ, beslut.datum, beslut.omprovning_datum) == (
        BeslutTyp.PAUS,
        D(2024, 6, 3),
        D(2024, 9, 1),
    )
    later = helpers.pause(AvtalFactory(), alice, datum=D(2025, 1, 10), omprovning=D(2025, 2, 1))
    assert (later.datum, later.omprovning_datum) == (D(2025, 1, 10), D(2025, 2, 1))
    assert later.avtal.status == AvtalStatus.PAUSAD


@pytest.mark.django_db
def test_a_termination_carries_the_committees_number(alice):
    beslut = helpers.decide(AvtalFactory(), BeslutTyp.UPPSAGNING, alice)
    assert (beslut.namnd_diarienummer, beslut.avtal.status) == (
        "SCN-2024-00400",
        AvtalStatus.UPPSAGT,
    )


# --- What the suite needs from the machine ---------------------------------------------


@pytest.mark.parametrize("name", ["REQUIRE_REDIS", "REQUIRE_POSTGRES", "REQUIRE_BROWSER"])
def test_a_missing_service_skips_unless_required(monkeypatch, name):
    monkeypatch.delenv(name, raising=False)
    with pytest.raises(pytest.skip.Exception, match="Redis saknas"):
        helpers.unavailable("Redis saknas", required_by=name)
    monkeypatch.setenv(name, "0")
    with pytest.raises(pytest.skip.Exception):
        helpers.unavailable("Redis saknas", required_by=name)
    monkeypatch.setenv(name, "1")
    with pytest.raises(pytest.fail.Exception, match=f"Redis saknas \\({name}=1\\)"):
        helpers.unavailable("Redis saknas", required_by=name)


def test_required_postgres_refuses_to_run_on_sqlite(monkeypatch):
    monkeypatch.delenv("REQUIRE_POSTGRES", raising=False)
    helpers.refuse_without_postgres("django.db.backends.sqlite3")
    monkeypatch.setenv("REQUIRE_POSTGRES", "1")
    helpers.refuse_without_postgres("django.db.backends.postgresql")
    with pytest.raises(pytest.UsageError, match="REQUIRE_POSTGRES=1 but the tests would run on"):
        helpers.refuse_without_postgres("django.db.backends.sqlite3")


@pytest.mark.parametrize(
    ("url", "own"),
    [
        ("redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/15"),
        ("redis://127.0.0.1:6379/3", "redis://127.0.0.1:6379/3"),
        ("redis://127.0.0.1:6379", None),  # database 0: perhaps someone else's
        ("redis://127.0.0.1:6379/", None),
        ("redis://127.0.0.1:6379/x", None),
        ("filesystem://", None),
        ("", None),
    ],
)
def test_the_suites_redis_is_a_numbered_database_of_the_broker_url(url, own):
    assert helpers.suite_redis_url(url) == own


def test_the_suites_redis_is_read_from_celery_broker_url(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
    assert helpers.suite_redis_url() == "redis://127.0.0.1:6379/14"
    monkeypatch.delenv("CELERY_BROKER_URL")
    assert helpers.suite_redis_url() is None


class _FakeRedis:
    calls = []

    @classmethod
    def from_url(cls, url, **kwargs):
        cls.calls.append(("from_url", url))
        return cls()

    def flushdb(self):
        self.calls.append(("flushdb",))

    def flushall(self):  # pragma: no cover - must never be called
        self.calls.append(("flushall",))


def test_only_the_suites_own_redis_database_is_flushed(monkeypatch):
    import redis

    _FakeRedis.calls = []
    monkeypatch.setattr(redis, "Redis", _FakeRedis)
    helpers.flush_suite_redis("redis://127.0.0.1:6379/15")
    assert _FakeRedis.calls == [("from_url", "redis://127.0.0.1:6379/15"), ("flushdb",)]
    _FakeRedis.calls = []
    with pytest.raises(ValueError, match="not flushed"):
        helpers.flush_suite_redis("redis://127.0.0.1:6379")
    assert _FakeRedis.calls == []


# --- The demo, loaded once, runs first ---------------------------------------------------


def test_the_tests_that_read_the_demo_run_first_and_together():
    def item(name, *fixtures):
        return SimpleNamespace(name=name, fixturenames=list(fixtures))

    items = [
        item("a", "db"),
        item("demo_1", "demo", "demo_session", "db"),
        item("b"),
        item("demo_2", "demo_strateg", "demo_session"),
        item("c", "transactional_db"),
    ]
    pytest_collection_modifyitems(None, None, items)
    assert [i.name for i in items] == ["demo_1", "demo_2", "a", "b", "c"]
