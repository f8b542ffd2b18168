"""Decision reasons as a word list: seeded kods, rules through kod, retired reasons."""

import importlib

import pytest
from django.urls import reverse

from leverantorer.forms import BeslutForm
from leverantorer.models import AvtalStatus, Beslut, BeslutSkal
from tests.factories import AvtalFactory
from tests.helpers import pause

migration = importlib.import_module("leverantorer.migrations.0009_ordlistor")


@pytest.mark.django_db
def test_the_old_reasons_are_seeded_with_their_kods():
    assert list(BeslutSkal.objects.values_list("kod", "namn")) == [
        ("ivo_arende", "IVO-ärende med krav på återrapportering"),
        ("tillstand_forlorat", "Förlorat tillstånd"),
        ("tillstand_ej_sokt", "Har inte ansökt om nytt krav på tillstånd"),
        ("ekonomi", "Svag ekonomi, skatteskulder eller obestånd"),
        ("vilande", "Verksamheten vilande"),
        ("avvecklad", "Verksamheten avvecklad"),
        ("utredning", "I avvaktan på utredning"),
        ("brister", "Brister i avtalsuppfyllelse"),
        ("overenskommelse", "Överenskommelse mellan parterna"),
        ("brister_atgardade", "Bristerna är åtgärdade"),
        ("avtalstid_slut", "Avtalstiden har löpt ut"),
        ("annat", "Annat skäl"),
    ]
    assert BeslutSkal.AVTALSTID_SLUT == "avtalstid_slut"


@pytest.mark.django_db
def test_the_migration_gives_every_old_value_a_row():
    migration.rows_for_old_values(BeslutSkal, ["ekonomi", "gammalt_skal", "gammalt_skal", ""])
    extra = BeslutSkal.objects.get(kod="gammalt_skal")
    assert (extra.namn, extra.aktiv) == ("gammalt_skal", False)
    assert BeslutSkal.objects.count() == 13
    # Seeding again changes nothing that exists.
    BeslutSkal.objects.filter(kod="annat").update(namn="Annat", aktiv=False)
    migration.seed_kodad(BeslutSkal, migration.BESLUTSSKAL)
    assert BeslutSkal.objects.count() == 13
    assert BeslutSkal.objects.filter(kod="annat", namn="Annat", aktiv=False).exists()


@pytest.mark.django_db
def test_a_decision_names_its_reason_by_kod_or_row_and_renaming_keeps_it(alice):
    vilande = BeslutSkal.objects.get(kod=BeslutSkal.VILANDE)
    by_kod = pause(AvtalFactory(), alice, skal=BeslutSkal.VILANDE)
    by_row = pause(AvtalFactory(), alice, skal=vilande)
    vilande.namn = "Verksamheten är vilande"
    vilande.save()
    assert Beslut.objects.filter(skal=BeslutSkal.VILANDE).count() == 2
    by_kod.refresh_from_db()
    assert (by_kod.skal_id, str(by_kod.skal)) == ("vilande", "Verksamheten är vilande")
    assert by_row.skal == vilande


@pytest.mark.django_db
def test_a_retired_reason_stays_on_old_decisions_and_is_not_offered(client, alice):
    avtal = AvtalFactory()
    pause(avtal, alice, skal=BeslutSkal.VILANDE)
    BeslutSkal.objects.filter(kod=BeslutSkal.VILANDE).update(aktiv=False)
    client.force_login(alice)
    assert "Verksamheten vilande" in client.get(avtal.get_absolute_url()).text
    supplier_page = client.get(avtal.leverantor.get_absolute_url()).text
    assert "Verksamheten vilande" in supplier_page

    other = AvtalFactory()
    offered = BeslutForm(avtal=other).fields["skal"].queryset
    assert not offered.filter(kod=BeslutSkal.VILANDE).exists()
    assert offered.count() == 11
    response = client.post(
        reverse("leverantorer:beslut_create", args=[other.pk]),
        {
            "typ": "paus",
            "datum": "2024-06-03",
            "beslutsfattare": "Enhetschef",
            "skal": "vilande",
            "faktaunderlag": "Vilande.",
            "omprovning_datum": "2024-09-01",
        },
    )
    assert response.status_code == 200
    assert "skal" in response.context["form"].errors
    other.refresh_from_db()
    assert other.status == AvtalStatus.AKTIV
    # Retiring takes the word from people's choices, not from the code's rules.
    assert pause(other, alice, skal=BeslutSkal.VILANDE).skal_id == "vilande"


@pytest.mark.django_db
def test_closing_a_case_offers_only_active_reasons():
    from arenden.forms import AvslutaForm
    from tests.arenden.factories_sarskild import SarskildFactory

    BeslutSkal.objects.filter(kod=BeslutSkal.BRISTER).update(aktiv=False)
    form = AvslutaForm(uppfoljning=SarskildFactory())
    kods = list(form.fields["skal"].queryset.values_list("kod", flat=True))
    assert "brister" not in kods and "ivo_arende" in kods
