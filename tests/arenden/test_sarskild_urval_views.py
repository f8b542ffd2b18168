"""The create page for samples of units (800 units, no cap), carry-over, and per area."""

import pytest
from django.urls import reverse

from arenden.models import EjGenomfordOrsak, PlaneradStatus, Uppfoljning, UppfoljningLeverantor
from leverantorer.models import Verksamhet
from tests.arenden.factories_sarskild import SarskildFactory
from tests.clock import DEFAULT
from tests.factories import (
    AvtalFactory,
    AvtalsomradeFactory,
    LeverantorFactory,
    RamavtalFactory,
    VerksamhetFactory,
)
from tests.querycount import count_queries

pytestmark = [pytest.mark.today(DEFAULT), pytest.mark.django_db]


@pytest.fixture
def big_city():
    """800 units of 200 suppliers (four each) in one area of a choice system."""
    ramavtal = RamavtalFactory(namn="Daglig verksamhet LSS")
    area = AvtalsomradeFactory(ramavtal=ramavtal, nummer=3, namn="Norr")
    suppliers = LeverantorFactory.create_batch(200)
    Verksamhet.objects.bulk_create(
        Verksamhet(leverantor=supplier, namn=f"Enhet {i:03d}-{n}")
        for i, supplier in enumerate(suppliers)
        for n in range(4)
    )
    for supplier in suppliers:
        AvtalFactory(ramavtal=ramavtal, leverantor=supplier).avtalsomraden.add(area)
    return ramavtal, area


def test_all_800_units_of_an_area_are_sampled_with_no_cap(client, alice, big_city):
    ramavtal, area = big_city
    client.force_login(alice)
    page = reverse("arenden:sarskild_create") + f"?ramavtal={ramavtal.pk}"
    response = client.get(page)
    # Every unit is a checkbox, grouped under its supplier.
    assert response.text.count('name="verksamheter"') == 800
    assert response.text.count('<fieldset class="urval-grupp">') == 200
    # A constant number of queries: one more supplier with a unit costs none.
    before = count_queries(client, page)
    extra = VerksamhetFactory(namn="Enhet extra")
    AvtalFactory(ramavtal=ramavtal, leverantor=extra.leverantor)
    assert count_queries(client, page) == before
    response = client.post(
        reverse("arenden:sarskild_create"),
        {"ramavtal": ramavtal.pk, "ar": 2026, "avtalsomrade": area.pk, "urvalsregel": "alla"},
    )
    uppfoljning = Uppfoljning.objects.get()
    assert response.status_code == 302
    assert uppfoljning.urval.count() == 800
    assert uppfoljning.urvalskriterier == "Alla 800 verksamheter i avtalsområde 3 Norr"


def test_a_random_draw_of_300_says_its_seed(client, alice, big_city):
    ramavtal, area = big_city
    client.force_login(alice)
    response = client.post(
        reverse("arenden:sarskild_create"),
        {
            "ramavtal": ramavtal.pk,
            "ar": 2026,
            "urvalsregel": "slump",
            "antal": 300,
            "urval_seed": 123456789,
        },
        follow=True,
    )
    uppfoljning = Uppfoljning.objects.get()
    assert (uppfoljning.urval.count(), uppfoljning.urval_seed) == (300, 123456789)
    assert uppfoljning.urvalskriterier == (
        "300 verksamheter slumpvis valda bland 800 (slumpfrö 123456789)"
    )
    assert "Slumpfrö: 123456789." in response.text


def test_the_search_narrows_the_list_without_scripts(client, alice):
    avtal = AvtalFactory(leverantor__namn="Almgården AB")
    VerksamhetFactory(leverantor=avtal.leverantor, namn="Alm norra")
    bjork = VerksamhetFactory(
        leverantor=AvtalFactory(ramavtal=avtal.ramavtal).leverantor, namn="Björk"
    )
    client.force_login(alice)
    page_url = reverse("arenden:sarskild_create") + f"?ramavtal={avtal.ramavtal.pk}&sok=almg"
    page = client.get(page_url).text
    assert "Alm norra" in page and "Björk" not in page
    assert '<input type="search" id="id_sok" name="sok" value="almg" form="sok-form">' in page
    assert '<form method="get" id="sok-form">' in page
    # A ticked unit the search hides is kept when the form comes back with an error.
    data = {"ramavtal": avtal.ramavtal.pk, "ar": 2026, "urvalsregel": "hand"}
    page = client.post(page_url, {**data, "verksamheter": [bjork.pk]}).text
    assert "Beskriv hur verksamheterna valdes ut när urvalet görs för hand." in page
    assert f'<input type="hidden" name="verksamheter" value="{bjork.pk}">' in page


def test_moved_rows_of_last_year_are_proposed_ticked_and_carried(client, alice):
    avtal = AvtalFactory(leverantor__namn="Almgården AB")
    unit = VerksamhetFactory(leverantor=avtal.leverantor, namn="Alm norra")
    old = UppfoljningLeverantor.objects.create(
        uppfoljning=SarskildFactory(ramavtal=avtal.ramavtal, ar=2025),
        verksamhet=unit,
        status=PlaneradStatus.FLYTTAD,
        orsak=EjGenomfordOrsak.objects.get_or_create(namn="Omprioritering")[0],
    )
    client.force_login(alice)
    page = client.get(
        reverse("arenden:sarskild_create") + f"?ramavtal={avtal.ramavtal.pk}&ar=2026"
    ).text
    assert "Alm norra (Almgården AB) – Flyttad från 2025: Omprioritering" in page
    assert f'name="flyttade" value="{old.pk}"' in page
    assert f'value="{old.pk}" id="id_flyttade_0" checked' in page
    response = client.post(
        reverse("arenden:sarskild_create"),
        {
            "ramavtal": avtal.ramavtal.pk,
            "ar": 2026,
            "urvalsregel": "hand",
            "verksamheter": [unit.pk],
            "urvalskriterier": "Flyttade från förra året",
            "flyttade": [old.pk],
        },
    )
    assert response.status_code == 302
    row = Uppfoljning.objects.get(ar=2026).urval.get()
    assert (row.verksamhet, row.flyttad_fran) == (unit, old)


def test_one_follow_up_per_area_from_the_form_skips_one_that_exists(client, alice):
    ramavtal = RamavtalFactory(namn="Daglig verksamhet LSS")
    areas = [
        AvtalsomradeFactory(ramavtal=ramavtal, nummer=n, namn=f"Område {n}") for n in (1, 2, 3)
    ]
    for area in areas:
        unit = VerksamhetFactory()
        AvtalFactory(ramavtal=ramavtal, leverantor=unit.leverantor).avtalsomraden.add(area)
    SarskildFactory(ramavtal=ramavtal, avtalsomrade=areas[1], ar=2026)
    client.force_login(alice)
    page = reverse("arenden:sarskild_per_omrade") + f"?ramavtal={ramavtal.pk}&ar=2026"
    text = client.get(page).text
    assert "2 Område 2 (har redan en uppföljning 2026)" in text
    response = client.post(
        page,
        {
            "ramavtal": ramavtal.pk,
            "ar": 2026,
            "omraden": [a.pk for a in areas],
            "urvalsregel": "alla",
            "ansvarig": alice.pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    created = Uppfoljning.objects.filter(ar=2026, ansvarig=alice).order_by("avtalsomrade__nummer")
    assert [c.rubrik for c in created] == [
        "Särskild uppföljning Daglig verksamhet LSS 1 Område 1 2026",
        "Särskild uppföljning Daglig verksamhet LSS 3 Område 3 2026",
    ]
    assert "2 särskilda uppföljningar är skapade för 2026." in response.text
    assert "Hoppade över områden som redan har en uppföljning 2026: 2 Område 2." in response.text
