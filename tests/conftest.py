import contextlib

import pytest
import time_machine
from django.utils import timezone

from tests import clock
from tests.helpers import PASSWORD, make_user, refuse_without_postgres, unavailable
from uppfoljning import roles

__all__ = ["PASSWORD", "make_user"]  # older test modules import them from here

# --- The clock (tests/clock.py) ---------------------------------------------------

_suite_travel = None


def pytest_configure(config):
    """Travel to TEST_TODAY before collection, so module-level dates see it too."""
    global _suite_travel
    _suite_travel = time_machine.travel(clock.NOW, tick=True)
    _suite_travel.start()


def pytest_unconfigure(config):
    global _suite_travel
    if _suite_travel is not None:
        _suite_travel.stop()
        _suite_travel = None


def pytest_sessionstart(session):
    from django.conf import settings

    refuse_without_postgres(settings.DATABASES["default"]["ENGINE"])


def pytest_report_header(config):
    return f"clock: the suite runs on {clock.NOW:%Y-%m-%d %H:%M} Europe/Stockholm (TEST_TODAY)"


@pytest.fixture(autouse=True)
def _day_of_the_marker(request):
    """A test marked `pytest.mark.today(moment)` runs then, the clock standing still there
    (`tick=True` lets it run on, as a browser test's live server needs)."""
    marker = request.node.get_closest_marker("today")
    if marker is None:
        yield
        return
    tick = marker.kwargs.get("tick", False)
    with time_machine.travel(clock.moment_of(marker.args[0]), tick=tick):
        yield


@pytest.fixture
def today(_day_of_the_marker):
    """The date the test runs on in Stockholm: TEST_TODAY's or its marker's."""
    return timezone.localdate()


# --- Personas ---------------------------------------------------------------------

# Named personas, one per role (see DOMAIN.md "People").
PERSONAS = {
    "alice": roles.STRATEG,
    "sam": roles.PLACERINGSSAMORDNARE,
    "charlotte": roles.CHEF,
    "sixten": roles.SOCIALSEKRETERARE,
    "ada": roles.ADMINISTRATOR,
}


@pytest.fixture
def alice(django_user_model):
    """A strategist (avtalsansvarig strateg)."""
    return make_user(django_user_model, "alice", roles.STRATEG)


@pytest.fixture
def sam(django_user_model):
    """A placement coordinator (placeringssamordnare)."""
    return make_user(django_user_model, "sam", roles.PLACERINGSSAMORDNARE)


@pytest.fixture
def charlotte(django_user_model):
    """A manager (chef)."""
    return make_user(django_user_model, "charlotte", roles.CHEF)


@pytest.fixture
def sixten(django_user_model):
    """A social worker (socialsekreterare)."""
    return make_user(django_user_model, "sixten", roles.SOCIALSEKRETERARE)


@pytest.fixture
def ada(django_user_model):
    """An administrator (systemförvaltare)."""
    return make_user(django_user_model, "ada", roles.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def bob(django_user_model):
    """A second strategist."""
    return make_user(django_user_model, "bob", roles.STRATEG)


@pytest.fixture
def postgres(db):
    """For a test that only means something on PostgreSQL: skips elsewhere (REQUIRE_POSTGRES)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        unavailable(
            f"Testet kräver PostgreSQL; sviten körs på {connection.vendor}.",
            required_by="REQUIRE_POSTGRES",
        )
    return connection


# --- Celery -----------------------------------------------------------------------


@pytest.fixture
def eager_celery():
    """Run queued tasks in-process (the worker's code path, without a worker)."""
    from uppfoljning.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


# --- The demo data, loaded once ---------------------------------------------------

DEMO_PASSWORD = "demo-lösenord-1"


def _demo_day():
    """10:00 on the demo's today: it is loaded, and its tests run, from then."""
    return clock.moment_of(clock.DEMO_TODAY)


class _LoadedDemo:
    """The demo loaded inside one open transaction, rolled back by close()."""

    def __init__(self, django_db_blocker):
        from django.contrib.auth import get_user_model
        from django.db import transaction

        from demo.management.commands.setup_demo import create_demo_users
        from demo.register import load_demo_data

        self._open = contextlib.ExitStack()
        self._open.enter_context(time_machine.travel(_demo_day(), tick=True))
        self._open.enter_context(django_db_blocker.unblock())
        self._open.enter_context(transaction.atomic())
        create_demo_users(DEMO_PASSWORD)
        self.user = get_user_model().objects.get(username="strateg")
        self.summary = load_demo_data(user=self.user, today=clock.DEMO_TODAY)
        assert self.summary is not None

    @property
    def is_open(self):
        return self._open is not None

    def close(self):
        from django.db import transaction

        if self._open is not None:
            transaction.set_rollback(True)
            self._open.close()
            self._open = None


_demo = None


@pytest.fixture(scope="session")
def demo_session(django_db_setup, django_db_blocker):
    """The demo (its users and demo.register.load_demo_data) loaded once for the session.

    It is loaded, and its tests run, on the demo's own day (the clock running on from there)
    whatever TEST_TODAY says: the demo is a fixed story around that day. The tests that ask
    for it run first (pytest_collection_modifyitems below), each inside a savepoint of its
    own (the `db` fixture), so what a test changes is undone after it; before the first test
    that does not ask for it, the whole load is rolled back (pytest_runtest_setup), so no
    other test sees the demo. A test that needs the demo must not use `transactional_db`.
    """
    global _demo
    _demo = _LoadedDemo(django_db_blocker)
    yield _demo
    _demo.close()
    _demo = None


@pytest.fixture
def demo_day(demo_session):
    """The test runs on the demo's own day, like the load (see demo_session)."""
    assert demo_session.is_open, "the demo was rolled back: its tests must run together"
    with time_machine.travel(_demo_day(), tick=True):
        yield timezone.localdate()


@pytest.fixture
def demo(demo_session, demo_day, db):
    """The summary load_demo_data returned for the session's demo."""
    return demo_session.summary


@pytest.fixture
def demo_strateg(demo_session, demo_day, db):
    """The demo's strategist (username strateg), who loaded it."""
    return demo_session.user


def _uses_demo(item):
    return "demo_session" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(session, config, items):
    """Run the tests that read the session's demo first, together (see demo_session)."""
    items[:] = [item for item in items if _uses_demo(item)] + [
        item for item in items if not _uses_demo(item)
    ]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Roll the demo back before the first test that does not read it."""
    if _demo is not None and not _uses_demo(item):
        _demo.close()
