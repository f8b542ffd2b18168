"""A choice system (LOV) has no call-off order and may run until further notice."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.models import Utslag
from leverantorer.forms import AvtalForm
from tests.arenden.test_avropskontroll import facts
from tests.factories import AvtalFactory, LeverantorFactory, RamavtalFactory, VerksamhetFactory

D = datetime.date


def lov(**kwargs):
    values = {
        "namn": "Boendestöd",
        "upphandlingsform": "lov",
        "slutdatum": None,
        "slutdatum_inkl_option": None,
    }
    return RamavtalFactory(**{**values, **kwargs})


def test_an_open_ended_system_is_never_stopped_for_its_end():
    verdict_texts = [s.text for s in _verdict(ramavtal_till=None, valfrihetssystem=True).skal]
    assert not any("löpt ut" in t or "stängts" in t for t in verdict_texts)


def test_a_closed_system_stops_with_its_own_words():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    verdict = _verdict(ramavtal_till=yesterday, valfrihetssystem=True)
    assert verdict.utslag == Utslag.STOPP
    assert f"Valfrihetssystemet har stängts ({yesterday:%Y-%m-%d})." in [
        s.text for s in verdict.skal
    ]


def _verdict(**overrides):
    from arenden.avropskontroll import verdict_for

    return verdict_for(facts(**overrides))


@pytest.mark.django_db
def test_the_page_of_a_choice_system_shows_no_ranking(client, sam):
    system = lov()
    for namn in ("Örnen AB", "Ankan AB"):
        avtal = AvtalFactory(ramavtal=system, leverantor__namn=namn, rangordning=None)
        VerksamhetFactory(leverantor=avtal.leverantor)
    client.force_login(sam)
    response = client.get(reverse("arenden:avropsordning", args=[system.pk]))
    page = response.text
    assert "Godkända utförare: Boendestöd" in page
    assert "den enskilde väljer bland de godkända utförarna" in page
    assert '<th scope="col">Plats</th>' not in page
    names = [a.leverantor.namn for a, _u, _b in response.context["stopped_rows"]] + [
        a.leverantor.namn for a, _u, _b in response.context["open_rows"]
    ]
    assert sorted(names) == ["Ankan AB", "Örnen AB"]


@pytest.mark.django_db
def test_the_contract_form_refuses_a_ranking_in_a_choice_system():
    system = lov()
    supplier = LeverantorFactory()
    form = AvtalForm(
        {"ramavtal": system.pk, "rangordning": "1", "startdatum": "2024-01-01"},
        leverantor=supplier,
    )
    assert not form.is_valid()
    assert form.errors["rangordning"] == [
        "Ett valfrihetssystem har ingen avropsordning: lämna platsen tom."
    ]
    ok = AvtalForm(
        {"ramavtal": system.pk, "rangordning": "", "startdatum": "2024-01-01"},
        leverantor=supplier,
    )
    assert ok.is_valid(), ok.errors


@pytest.mark.django_db
def test_an_approved_suppliers_contract_form_has_no_ranking_field():
    avtal = AvtalFactory(ramavtal=lov(), rangordning=None)
    form = AvtalForm(instance=avtal, leverantor=avtal.leverantor)
    assert "rangordning" not in form.fields
