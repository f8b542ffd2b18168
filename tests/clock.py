"""The suite's one clock: every test runs on the day TEST_TODAY names (time-machine).

TEST_TODAY is an ISO date or date and time (`2032-01-01`, `2032-01-01T08:30`), read as
Stockholm time; a date alone means 10:00 that day. The default, 2026-11-20 10:00, is a
Friday with the demo's follow-up year behind it. tests/conftest.py travels there before
collection with `tick=True`, so time still passes (timeouts, waits, the live server's
thread and in-process Celery workers all see the same clock); a separate process that a
test starts sees the real date.

A test that needs another day says so with a marker, which travels for that test only and
stands still there (as a patched `timezone.now` did), or runs on with `tick=True`:

    pytestmark = pytest.mark.today(datetime.datetime(2026, 3, 10, 12, 0, tzinfo=STOCKHOLM))

and asks for the `today` fixture when it needs the date itself. The demo data is read on
its own day (tests/conftest.py, `demo_session`).
"""

import datetime
import os
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DEFAULT = "2026-11-20T10:00"


def parse(value):
    """An aware datetime in Stockholm for an ISO date (10:00 that day) or date and time."""
    value = value.strip()
    if "T" not in value and " " not in value:
        value = f"{value}T10:00"
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=STOCKHOLM)
    return moment


def moment_of(value):
    """An aware datetime for a marker's argument: a date (10:00), datetime or ISO string."""
    if isinstance(value, str):
        return parse(value)
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=STOCKHOLM)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(10, 0), tzinfo=STOCKHOLM)
    raise TypeError(f"pytest.mark.today takes a date, datetime or ISO string, not {value!r}")


# The moment the suite starts at, and its date in Stockholm.
NOW = parse(os.environ.get("TEST_TODAY") or DEFAULT)
TODAY = NOW.date()


def end_of_february(year):
    """28 or 29 February of the year (agreement periods here end with February)."""
    return datetime.date(year, 3, 1) - datetime.timedelta(days=1)


# The day the demo data is built from in the tests (load_demo_data(today=...)), whatever
# TEST_TODAY says: the demo tests' expected values are the story around that day.
DEMO_TODAY = datetime.date(2026, 11, 15)
