"""End to end: a form posted with a personnummer spelt unusually is refused in Swedish, unsaved."""

import pytest
from django.urls import reverse

from arenden.models import Avvikelse
from leverantorer.models import Leverantor
from tests.factories import LeverantorFactory
from uppfoljning.validators import MESSAGE

pytestmark = pytest.mark.django_db

EN_DASH = "811218\u20139876"  # 811218–9876
NBSP = "811218\u00a09876"


def field_errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_a_social_workers_deviation_with_an_en_dash_personnummer_is_refused(client, sixten):
    client.force_login(sixten)
    response = client.post(
        reverse("arenden:avvikelse_create"),
        {
            "leverantor": LeverantorFactory().pk,
            "datum": "2026-11-02",
            "kategori": "fakturering",
            "allvarlighet": "lag",
            "beskrivning": f"Klienten {EN_DASH} fakturerades för utflyttningsdagen.",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "beskrivning") == [MESSAGE]
    assert "Uppgifter som identifierar en enskild får inte sparas här" in response.text
    assert "9876" not in response.text.replace(EN_DASH, "")  # not echoed outside the field
    assert not Avvikelse.objects.exists()


def test_a_suppliers_telefon_with_a_personnummer_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("leverantorer:create"),
        {"namn": "Ekliden Vård AB", "organisationsnummer": "5560000001", "telefon": NBSP},
    )
    assert response.status_code == 200
    assert field_errors(response, "telefon") == [MESSAGE]
    assert not Leverantor.objects.exists()


def test_a_suppliers_ordinary_phone_number_is_saved(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("leverantorer:create"),
        {
            "namn": "Ekliden Vård AB",
            "organisationsnummer": "5560000001",
            "telefon": "070-123 45 67",
        },
    )
    assert response.status_code == 302
    assert Leverantor.objects.get().telefon == "070-123 45 67"


def test_a_suppliers_e_post_made_of_a_personnummer_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("leverantorer:create"),
        {
            "namn": "Ekliden Vård AB",
            "organisationsnummer": "5560000001",
            "epost": "8112189876@example.se",
        },
    )
    assert response.status_code == 200
    assert field_errors(response, "epost") == [MESSAGE]
    assert not Leverantor.objects.exists()
