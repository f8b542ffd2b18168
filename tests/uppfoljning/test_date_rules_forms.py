"""The range rule (and for events, no future) holds in every form with a date.

"Today" is fixed at 2026-03-10 by the `today` marker (tests/clock.py).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from arenden.models import Avvikelse, Registerkontroll, Signal
from ramavtal.models import Ramavtal
from tests.arenden.factories import ForetradareFactory
from tests.factories import LeverantorFactory

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
RANGE = "Datumet måste ligga mellan 1990-01-01 och 2100-12-31."
FUTURE = "Datumet kan inte ligga efter dagens datum (2026-03-10)."


# Every test here runs on that day (tests/clock.py); `today` is its date.
pytestmark = pytest.mark.today(NOW)


def errors_of(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def post_deviation(client, datum):
    return client.post(
        reverse("arenden:avvikelse_create"),
        {
            "leverantor": LeverantorFactory().pk,
            "datum": datum,
            "kategori": "fakturering",
            "allvarlighet": "lag",
            "beskrivning": "Fakturerat utflyttsdagen.",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("datum", "message"),
    [("0001-01-01", RANGE), ("1989-12-31", RANGE), ("2026-03-11", FUTURE)],
)
def test_a_deviation_cannot_be_dated_out_of_range_or_ahead(client, sixten, today, datum, message):
    client.force_login(sixten)
    response = post_deviation(client, datum)
    assert errors_of(response, "datum")[0].startswith(message)
    assert not Avvikelse.objects.exists()


@pytest.mark.django_db
def test_a_deviation_of_last_week_is_taken(client, sixten, today):
    client.force_login(sixten)
    assert post_deviation(client, "2026-03-03").status_code == 302
    assert Avvikelse.objects.get().datum == datetime.date(2026, 3, 3)


@pytest.mark.django_db
@pytest.mark.parametrize(("datum", "message"), [("2101-01-01", RANGE), ("2026-03-11", FUTURE)])
def test_a_signal_cannot_be_dated_out_of_range_or_ahead(client, alice, today, datum, message):
    client.force_login(alice)
    response = client.post(
        reverse("arenden:signal_create"),
        {
            "leverantor": LeverantorFactory().pk,
            "kalla": "media",
            "datum": datum,
            "beskrivning": "Artikel om brister i bemanningen.",
        },
    )
    assert errors_of(response, "datum")[0].startswith(message)
    assert not Signal.objects.exists()


RAMAVTAL = {
    "namn": "HVB barn och unga",
    "diarienummer": "SCN-2019-0437",
    "upphandlingsform": "lou",
    "startdatum": "2021-03-01",
    "slutdatum": "2023-02-28",
    "slutdatum_inkl_option": "2025-02-28",
    "malgrupp": "barn_unga",
}


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["startdatum", "slutdatum", "slutdatum_inkl_option"])
def test_an_agreement_period_out_of_range_is_refused(client, alice, today, field):
    client.force_login(alice)
    response = client.post(reverse("ramavtal:create"), {**RAMAVTAL, field: "0001-01-01"})
    assert errors_of(response, field)[0].startswith(RANGE)
    assert not Ramavtal.objects.exists()


@pytest.mark.django_db
def test_an_agreement_may_end_in_the_future(client, alice, today):
    client.force_login(alice)
    response = client.post(
        reverse("ramavtal:create"),
        {**RAMAVTAL, "slutdatum": "2027-02-28", "slutdatum_inkl_option": "2029-02-28"},
    )
    assert response.status_code == 302
    assert Ramavtal.objects.get().slutdatum_inkl_option == datetime.date(2029, 2, 28)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("begard", "besvarad", "field", "message"),
    [
        ("2026-03-11", "", "begard", FUTURE),
        ("2026-03-01", "2026-03-11", "besvarad", FUTURE),
        ("0001-01-01", "", "begard", RANGE),
    ],
)
def test_a_register_check_cannot_be_asked_for_or_answered_ahead(
    client, alice, today, begard, besvarad, field, message
):
    foretradare = ForetradareFactory()
    client.force_login(alice)
    response = client.post(
        reverse("arenden:registerkontroll_create", args=[foretradare.pk]),
        {
            "typ": "belastningsregister",
            "begard": begard,
            "besvarad": besvarad,
            "utfall": "inget" if besvarad else "vantar",
            "giltig_till": "2026-09-01",
        },
    )
    assert errors_of(response, field)[0].startswith(message)
    assert not Registerkontroll.objects.exists()
