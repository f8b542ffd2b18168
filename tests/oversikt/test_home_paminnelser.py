"""The strategist's start page lists every reminder currently due to them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.arenden.factories import ForetradareFactory
from tests.arenden.factories_sarskild import BristFactory
from tests.factories import AvtalFactory, RamavtalFactory
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


def months_ahead(months):
    today = timezone.localdate()
    return today + datetime.timedelta(days=30 * months)


def test_it_shows_my_and_unassigned_reminders_grouped_with_links(client, alice, bob):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    brist = BristFactory(
        uppfoljning__ansvarig=alice,
        atgard_senast=yesterday - datetime.timedelta(days=10),
        beskrivning="Bemanningsschema saknas för kvällstid.",
    )
    BristFactory(uppfoljning__ansvarig=bob, atgard_senast=yesterday, beskrivning="Bobs brist")
    mine = RamavtalFactory(namn="HVB barn och unga", ansvarig_strateg=alice)
    mine.slutdatum = mine.slutdatum_inkl_option = months_ahead(3)
    mine.save()
    nobodys = RamavtalFactory(namn="Stödboende unga", ansvarig_strateg=None)
    nobodys.slutdatum = nobodys.slutdatum_inkl_option = months_ahead(9)
    nobodys.save()

    client.force_login(alice)
    page = client.get(reverse("home")).text
    assert '<h2 id="reminders-heading">Påminnelser</h2>' in page
    assert "Brister efter sista åtgärdsdag (1)" in page
    assert "Ramavtal som löper ut (2)" in page
    assert f'<a href="{brist.get_absolute_url()}">' in page
    assert "Bemanningsschema saknas för kvällstid." in page
    assert "Bobs brist" not in page
    assert f'<a href="{mine.get_absolute_url()}">HVB barn och unga' in page
    assert "mindre än 6 månader kvar" in page
    assert "Stödboende unga" in page
    assert "Ingen ansvarig strateg" in page

    client.force_login(bob)
    page = client.get(reverse("home")).text
    assert "Bobs brist" in page
    assert "HVB barn och unga" not in page
    assert "Stödboende unga" in page  # unassigned: every strategist sees it


def test_it_says_when_nothing_is_due(client, alice):
    client.force_login(alice)
    assert "Inga påminnelser just nu." in client.get(reverse("home")).text


def test_other_roles_see_no_reminders(client, charlotte):
    RamavtalFactory(ansvarig_strateg=None, slutdatum_inkl_option=months_ahead(3))
    client.force_login(charlotte)
    assert "Påminnelser" not in client.get(reverse("home")).text


def test_the_start_page_costs_the_same_queries_however_many_reminders(client, alice):
    def grow():
        avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
        ForetradareFactory(leverantor=avtal.leverantor)
        BristFactory(uppfoljning__ansvarig=alice, leverantor=avtal.leverantor)
        ramavtal = RamavtalFactory(ansvarig_strateg=alice)
        ramavtal.slutdatum = ramavtal.slutdatum_inkl_option = months_ahead(4)
        ramavtal.save()

    client.force_login(alice)
    grow()
    before = count_queries(client, reverse("home"))
    for _ in range(4):
        grow()
    response = client.get(reverse("home"))
    assert response.text.count("Ramavtal som löper ut (5)") == 1
    assert count_queries(client, reverse("home")) == before


def test_a_long_kind_ends_in_a_link_to_its_full_list(client, alice):
    for _ in range(12):
        ForetradareFactory(leverantor=AvtalFactory(ramavtal__ansvarig_strateg=alice).leverantor)
    client.force_login(alice)
    response = client.get(reverse("home"))
    assert response.text.count("har ingen registerkontroll") == 10
    link = reverse("arenden:registerkontroll_list") + "?att_gora=on"
    assert f'<a href="{link}">Visa alla 12: registerkontroller av företrädare att göra</a>' in (
        response.text
    )
    listed = client.get(link).text
    assert listed.count("Kontroll saknas") >= 12
