"""The shared date rules: the sane range, no future, the order of two dates."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from uppfoljning.dates import check_order, inte_framtida, rimligt_datum

D = datetime.date
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    "value",
    [
        D(1990, 1, 1),
        D(2100, 12, 31),
        datetime.datetime(1990, 1, 1, 0, 0, tzinfo=STOCKHOLM),
        datetime.datetime(2100, 12, 31, 23, 59, tzinfo=STOCKHOLM),
        None,
    ],
)
def test_dates_inside_the_range_pass(value):
    assert rimligt_datum(value) is None


@pytest.mark.parametrize(
    "value",
    [
        D(1, 1, 1),
        D(1989, 12, 31),
        D(2101, 1, 1),
        D(9999, 12, 31),
        datetime.datetime(1, 1, 1, 0, 0, tzinfo=STOCKHOLM),
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
        # 1989-12-31 23:30 UTC is already 1990 in Stockholm: the local day counts.
        datetime.datetime(1989, 12, 31, 22, 59, tzinfo=datetime.UTC),
    ],
)
def test_dates_outside_the_range_are_refused_in_swedish(value):
    with pytest.raises(ValidationError) as error:
        rimligt_datum(value)
    assert error.value.messages == [
        "Datumet måste ligga mellan 1990-01-01 och 2100-12-31. "
        "Kontrollera att årtalet är rätt skrivet."
    ]


def test_the_local_day_decides_at_the_lower_edge():
    assert rimligt_datum(datetime.datetime(1989, 12, 31, 23, 30, tzinfo=datetime.UTC)) is None


def test_today_is_read_when_the_rule_runs(monkeypatch):
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2026, 3, 10, 23, 30, tzinfo=STOCKHOLM)
    )
    assert inte_framtida(D(2026, 3, 10)) is None
    with pytest.raises(ValidationError) as error:
        inte_framtida(D(2026, 3, 11))
    assert error.value.messages == ["Datumet kan inte ligga efter dagens datum (2026-03-10)."]
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2026, 3, 11, 0, 30, tzinfo=STOCKHOLM)
    )
    assert inte_framtida(D(2026, 3, 11)) is None


def test_a_time_later_today_is_in_the_future(monkeypatch):
    # A check at 23:00 entered at noon would become the "latest" check.
    monkeypatch.setattr(
        timezone, "now", lambda: datetime.datetime(2026, 3, 10, 12, 0, tzinfo=STOCKHOLM)
    )
    assert inte_framtida(datetime.datetime(2026, 3, 10, 11, 59, tzinfo=STOCKHOLM)) is None
    # Typed to the minute, or a clock a little ahead: up to five minutes pass.
    assert inte_framtida(datetime.datetime(2026, 3, 10, 12, 5, tzinfo=STOCKHOLM)) is None
    with pytest.raises(ValidationError) as error:
        inte_framtida(datetime.datetime(2026, 3, 10, 23, 0, tzinfo=STOCKHOLM))
    assert error.value.messages == ["Tidpunkten kan inte ligga efter nu (2026-03-10 12:00)."]


def test_check_order_adds_one_message_per_field():
    errors = {}
    check_order(errors, "till", D(2026, 3, 2), D(2026, 3, 1), "Slut före början.")
    check_order(errors, "till", D(2026, 3, 5), D(2026, 3, 1), "Andra regeln.")
    check_order(errors, "annat", D(2026, 3, 1), D(2026, 3, 1), "Samma dag går bra.")
    check_order(errors, "tomt", None, D(2026, 3, 1), "Saknas ett datum prövas inget.")
    assert errors == {"till": "Slut före början."}
