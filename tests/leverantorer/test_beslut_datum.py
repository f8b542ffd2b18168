"""A decision is dated on or after the contract's previous one, and not ahead of today.

"Today" is fixed at 2026-03-10 by the `today` marker (tests/clock.py).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import AvtalStatus, Beslut, BeslutSkal, BeslutTyp
from tests.factories import AvtalFactory
from tests.helpers import pause

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
D = datetime.date
BEFORE_PREVIOUS = "Beslutet kan inte dateras före avtalets föregående beslut (2026-02-01)."


# Every test here runs on that day (tests/clock.py); `today` is its date.
pytestmark = pytest.mark.today(NOW)


def post_lift(client, avtal, datum):
    return client.post(
        reverse("leverantorer:beslut_create", args=[avtal.pk]),
        {
            "typ": "hav_paus",
            "datum": datum,
            "beslutsfattare": "Avdelningschef",
            "skal": "brister_atgardade",
            "faktaunderlag": "IVO har godtagit redovisningen.",
        },
    )


@pytest.mark.django_db
def test_a_lift_dated_before_the_pause_it_lifts_is_refused(client, alice, today):
    avtal = AvtalFactory()
    pause(avtal, alice, datum=D(2026, 2, 1), omprovning=D(2026, 5, 1))
    client.force_login(alice)
    response = post_lift(client, avtal, "2026-01-15")
    assert response.status_code == 200
    assert response.context["form"].errors["datum"] == [BEFORE_PREVIOUS]
    assert BEFORE_PREVIOUS in response.text
    assert Beslut.objects.count() == 1
    avtal.refresh_from_db()
    assert avtal.status == AvtalStatus.PAUSAD


@pytest.mark.django_db
@pytest.mark.parametrize("datum", ["2026-02-01", "2026-03-10"])
def test_a_lift_on_or_after_the_pause_and_not_after_today_is_taken(client, alice, today, datum):
    avtal = AvtalFactory()
    pause(avtal, alice, datum=D(2026, 2, 1), omprovning=D(2026, 5, 1))
    client.force_login(alice)
    response = post_lift(client, avtal, datum)
    assert response.status_code == 302
    avtal.refresh_from_db()
    assert avtal.status == AvtalStatus.AKTIV
    assert avtal.beslut.order_by("-pk").first().datum == D.fromisoformat(datum)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("datum", "message"),
    [
        ("2026-03-11", "Datumet kan inte ligga efter dagens datum (2026-03-10)."),
        ("0001-01-01", "Datumet måste ligga mellan 1990-01-01 och 2100-12-31."),
    ],
)
def test_a_decision_in_the_future_or_out_of_range_is_refused(client, alice, today, datum, message):
    avtal = AvtalFactory()
    pause(avtal, alice, datum=D(2026, 2, 1), omprovning=D(2026, 5, 1))
    client.force_login(alice)
    response = post_lift(client, avtal, datum)
    assert response.context["form"].errors["datum"][0].startswith(message)
    assert Beslut.objects.count() == 1


@pytest.mark.django_db
def test_the_rule_holds_outside_the_form_too(alice, today):
    """Imports, tasks and the case's closing all go through avtal_fatta_beslut."""
    avtal = AvtalFactory()
    pause(avtal, alice, datum=D(2026, 2, 1), omprovning=D(2026, 5, 1))
    with pytest.raises(ValidationError) as error:
        avtal_fatta_beslut(
            avtal=avtal,
            typ=BeslutTyp.UPPSAGNING,
            datum=D(2026, 1, 31),
            beslutsfattare="Socialnämnden",
            skal=BeslutSkal.BRISTER,
            faktaunderlag="Bristerna kvarstår.",
            namnd_diarienummer="SCN-2026-00012",
            user=alice,
        )
    assert error.value.message_dict["datum"] == [BEFORE_PREVIOUS]
    assert Beslut.objects.count() == 1


@pytest.mark.django_db
def test_closing_a_case_with_a_decision_before_the_previous_one_writes_nothing(
    client, alice, today
):
    from arenden.handelsstyrd import handelsstyrd_oppna
    from arenden.models import UppfoljningStatus

    avtal = AvtalFactory()
    pause(avtal, alice, datum=D(2026, 2, 1), omprovning=D(2026, 5, 1))
    case = handelsstyrd_oppna(
        leverantor=avtal.leverantor,
        rubrik="Ej åtgärdat",
        utlosande="IVO",
        ansvarig=alice,
        user=alice,
        oppnad=D(2026, 1, 10),
    )
    client.force_login(alice)
    response = client.post(
        reverse("arenden:uppfoljning_close", args=[case.pk]),
        {
            "utfall": "uppsagning",
            "bedomning": "Bristerna kvarstår.",
            "avslutad": "2026-03-01",
            "avtal": avtal.pk,
            "beslutsdatum": "2026-01-31",
            "beslutsfattare": "Socialnämnden",
            "namnd_diarienummer": "SCN-2026-00012",
            "skal": "brister",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["beslutsdatum"] == [BEFORE_PREVIOUS]
    case.refresh_from_db()
    assert case.status == UppfoljningStatus.OPPEN
    assert Beslut.objects.count() == 1
