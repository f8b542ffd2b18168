"""The decision form and the contract page: vite, decisions for one unit, LOV wording."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from leverantorer.models import AvtalStatus, Beslut, BeslutTyp
from ramavtal.models import Upphandlingsform
from tests.factories import AvtalFactory, LeverantorFactory, RamavtalFactory, VerksamhetFactory
from tests.helpers import decide
from tests.querycount import count_queries

VITE = {
    "typ": "vite",
    "datum": "2024-06-03",
    "beslutsfattare": "Enhetschef Avtal",
    "skal": "brister",
    "faktaunderlag": "Rättelsen uteblev.",
    "belopp": "25 000",
}


def contract_with_units(*names):
    leverantor = LeverantorFactory(namn="Skogsgläntan AB")
    units = [VerksamhetFactory(leverantor=leverantor, namn=name) for name in names]
    avtal = AvtalFactory(leverantor=leverantor)
    avtal.verksamheter.set(units)
    return avtal, units


def url(avtal):
    return reverse("leverantorer:beslut_create", args=[avtal.pk])


@pytest.mark.django_db
def test_the_form_is_prefilled_from_the_link(client, alice):
    avtal, (ask, bjork) = contract_with_units("Ask", "Björk")
    client.force_login(alice)
    page = client.get(url(avtal), {"verksamhet": bjork.pk, "typ": "vite"}).text
    assert '<option value="vite" selected>Vite</option>' in page
    assert f'<option value="{bjork.pk}" selected>Björk</option>' in page
    assert f'<option value="{ask.pk}">Ask</option>' in page
    assert "Bara för vite: beloppet i kronor, t.ex. 25000." in page
    assert "Lämna tomt när beslutet gäller hela avtalet." in page


@pytest.mark.django_db
def test_the_unit_list_offers_only_the_contracts_units(client, alice):
    avtal, _units = contract_with_units("Ask", "Björk")
    VerksamhetFactory(leverantor=avtal.leverantor, namn="Ek")  # the supplier's, not named
    VerksamhetFactory(namn="Annans")
    client.force_login(alice)
    page = client.get(url(avtal)).text
    assert ">Ask</option>" in page and ">Björk</option>" in page
    assert ">Ek</option>" not in page and ">Annans</option>" not in page
    assert '<option value="" selected>Hela avtalet</option>' in page


@pytest.mark.django_db
def test_a_vite_is_recorded_with_its_amount_and_unit(client, alice):
    avtal, (_ask, bjork) = contract_with_units("Ask", "Björk")
    client.force_login(alice)
    response = client.post(url(avtal), {**VITE, "verksamhet": bjork.pk}, follow=True)
    beslut = Beslut.objects.get()
    assert (beslut.typ, beslut.belopp, beslut.verksamhet) == (
        BeslutTyp.VITE,
        Decimal("25000.00"),
        bjork,
    )
    assert "Beslutet är registrerat. Avtalets status är oförändrad: Aktiv." in response.text
    assert "Vite för Björk 2024-06-03" in response.text
    assert "25\xa0000\xa0kr" in response.text
    assert "Oförändrad: Aktiv" in response.text


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"belopp": ""}, "Ange vitets belopp i kronor."),
        ({"belopp": "0"}, "Vitets belopp måste vara större än 0 kr."),
        ({"belopp": "-100"}, "Vitets belopp måste vara större än 0 kr."),
        ({"faktaunderlag": ""}, "Detta fält måste fyllas i."),  # the field's own message
        (
            {"beslutsfattare": "Socialnämnden"},
            "Vitet är beslutat av nämnden: ange nämndens diarienummer.",
        ),
        (
            {"typ": "paus", "omprovning_datum": "2024-09-01"},
            "Belopp anges bara för vite.",
        ),
    ],
)
@pytest.mark.django_db
def test_a_refused_vite_says_why_in_swedish_and_writes_nothing(
    client, alice, changes, field_message
):
    avtal, _units = contract_with_units("Ask", "Björk")
    client.force_login(alice)
    response = client.post(url(avtal), {**VITE, **changes})
    assert response.status_code == 200
    assert field_message in response.text
    assert "Formuläret innehåller fel." in response.text
    assert not Beslut.objects.exists()


@pytest.mark.django_db
def test_a_havning_for_one_unit_from_the_form(client, alice):
    avtal, (ask, bjork, ek) = contract_with_units("Ask", "Björk", "Ek")
    client.force_login(alice)
    response = client.post(
        url(avtal),
        {
            "typ": "havning",
            "verksamhet": bjork.pk,
            "datum": "2024-06-03",
            "beslutsfattare": "Socialnämnden",
            "namnd_diarienummer": "SCN-2024-00400",
            "skal": "brister",
            "faktaunderlag": "Allvarliga brister vid Björk.",
        },
        follow=True,
    )
    assert (
        "Avtalet omfattar inte längre Björk; för de andra verksamheterna gäller det vidare."
        in response.text
    )
    assert "<dt>Omfattar verksamheter</dt><dd>Ask, Ek</dd>" in response.text
    assert "Hävning för Björk 2024-06-03" in response.text
    avtal.refresh_from_db()
    assert avtal.status == AvtalStatus.AKTIV


@pytest.mark.django_db
def test_a_havning_for_the_only_unit_is_refused_on_the_form(client, alice):
    avtal, (ask,) = contract_with_units("Ask")
    client.force_login(alice)
    response = client.post(
        url(avtal),
        {
            "typ": "havning",
            "verksamhet": ask.pk,
            "datum": "2024-06-03",
            "beslutsfattare": "Socialnämnden",
            "namnd_diarienummer": "SCN-2024-00400",
            "skal": "brister",
            "faktaunderlag": "Allvarliga brister.",
        },
    )
    assert (
        "Avtalet omfattar bara den här verksamheten: fatta beslutet för hela avtalet."
        in response.text
    )
    assert not Beslut.objects.exists()


@pytest.mark.django_db
def test_a_contract_naming_no_units_shows_all_the_suppliers(client, alice):
    leverantor = LeverantorFactory()
    VerksamhetFactory(leverantor=leverantor, namn="Ask")
    VerksamhetFactory(leverantor=leverantor, namn="Björk")
    avtal = AvtalFactory(leverantor=leverantor)
    client.force_login(alice)
    page = client.get(avtal.get_absolute_url()).text
    assert (
        "<dt>Omfattar verksamheter</dt><dd>Ask, Björk (alla leverantörens verksamheter)</dd>"
        in page
    )


@pytest.mark.django_db
def test_a_choice_system_contract_says_approved_instead_of_a_rank(client, alice):
    lov = RamavtalFactory(
        upphandlingsform=Upphandlingsform.LOV, slutdatum=None, slutdatum_inkl_option=None
    )
    avtal = AvtalFactory(ramavtal=lov, startdatum=datetime.date(2025, 2, 1), rangordning=None)
    client.force_login(alice)
    page = client.get(avtal.get_absolute_url()).text
    assert "Godkänd i valfrihetssystemet sedan 2025-02-01" in page
    assert "Plats i avropsordningen" not in page
    ranked = client.get(AvtalFactory().get_absolute_url()).text
    assert "Plats i avropsordningen" in ranked
    assert "Godkänd i valfrihetssystemet" not in ranked


@pytest.mark.django_db
def test_the_contract_page_costs_the_same_with_more_decisions(client, alice):
    avtal, (ask, bjork, ek) = contract_with_units("Ask", "Björk", "Ek")
    client.force_login(alice)
    decide(avtal, BeslutTyp.VITE, alice, belopp=Decimal("5000"), verksamhet=ask)
    small = count_queries(client, avtal.get_absolute_url())
    decide(avtal, BeslutTyp.VITE, alice, belopp=Decimal("7500"), verksamhet=ek)
    decide(avtal, BeslutTyp.HAVNING, alice, verksamhet=bjork)
    assert count_queries(client, avtal.get_absolute_url()) == small


@pytest.mark.django_db
def test_the_supplier_page_shows_the_vite_amount(client, alice):
    avtal, (ask, _bjork) = contract_with_units("Ask", "Björk")
    decide(avtal, BeslutTyp.VITE, alice, belopp=Decimal("25000"), verksamhet=ask)
    client.force_login(alice)
    page = client.get(avtal.leverantor.get_absolute_url()).text
    assert "Vite för Ask, 25\xa0000\xa0kr 2024-06-03" in page


@pytest.mark.django_db
def test_a_decision_asked_for_from_a_sample_row_returns_there_but_never_off_site(client, alice):
    avtal, (_ask, bjork) = contract_with_units("Ask", "Björk")
    client.force_login(alice)
    response = client.post(url(avtal) + "?next=/uppfoljning/sarskild/urval/7/", VITE)
    assert response.status_code == 302
    assert response.headers["Location"] == "/uppfoljning/sarskild/urval/7/"

    response = client.post(url(avtal) + "?next=https://evil.example/", VITE)
    assert response.headers["Location"] == avtal.get_absolute_url()
