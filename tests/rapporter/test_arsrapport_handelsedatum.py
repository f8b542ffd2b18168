"""The annual report counts events by the day they happened, not the day entered.

"Today" is fixed at 2026-03-10 by the `today` marker (tests/clock.py): the municipality
enters last year's work now to get its first annual report (2025).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from arenden.models import Uppfoljning
from rapporter.arsrapport import arsrapport_data, event_driven
from tests.factories import AvtalFactory

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


# Every test here runs on that day (tests/clock.py); `today` is its date.
pytestmark = pytest.mark.today(NOW)


def enter_case(client, avtal, oppnad, avslutad=None):
    client.post(
        reverse("arenden:handelsstyrd_create"),
        {
            "leverantor": avtal.leverantor_id,
            "ramavtal": avtal.ramavtal_id,
            "rubrik": f"Signal {oppnad}",
            "utlosande": "Upprepade avvikelser",
            "oppnad": oppnad,
        },
    )
    case = Uppfoljning.objects.get(rubrik=f"Signal {oppnad}")
    if avslutad:
        response = client.post(
            reverse("arenden:uppfoljning_close", args=[case.pk]),
            {
                "utfall": "krav_pa_rattelse",
                "bedomning": "Rutinen för avvikelser ska ses över.",
                "rattelse_senast": "2025-09-30",
                "avslutad": avslutad,
            },
        )
        assert response.status_code == 302
    return case


@pytest.mark.django_db
def test_a_case_opened_and_closed_last_year_and_entered_today_counts_last_year(
    client, alice, today
):
    avtal = AvtalFactory()
    client.force_login(alice)
    enter_case(client, avtal, "2025-04-02", avslutad="2025-06-10")

    last_year = arsrapport_data(2025).handelsstyrd
    assert (last_year.antal, last_year.avslutade) == (1, 1)
    assert last_year.utfall == [("Krav på rättelse", 1)]
    this_year = event_driven(2026)
    assert (this_year.antal, this_year.avslutade) == (0, 0)


@pytest.mark.django_db
def test_a_case_closed_after_the_year_was_still_running_at_its_end(client, alice, today):
    avtal = AvtalFactory()
    client.force_login(alice)
    enter_case(client, avtal, "2025-11-20", avslutad="2026-01-15")
    enter_case(client, avtal, "2025-05-05", avslutad="2025-12-31")

    report = event_driven(2025)
    assert (report.antal, report.avslutade) == (2, 1)
    assert report.utfall == [("Krav på rättelse", 1), ("Pågår", 1)]
    assert report.rader[0].utfall == {"Krav på rättelse": 1, "Pågår": 1}
