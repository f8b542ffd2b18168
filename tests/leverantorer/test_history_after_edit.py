"""Regression: editing a supplier once made its page answer 500 for everyone.

The history display diffed every model field, including the search column
`sokbar_namn` that the history table leaves out.
"""

import pytest
from django.urls import reverse

from tests.factories import LeverantorFactory, VerksamhetFactory

READERS = ["alice", "sam", "charlotte", "ada"]


@pytest.fixture
def edited_leverantor(client, alice):
    leverantor = LeverantorFactory(namn="Ekliden Vård AB", organisationsnummer="556000-0001")
    client.force_login(alice)
    response = client.post(
        reverse("leverantorer:update", args=[leverantor.pk]),
        {"namn": "Ekliden Omsorg AB", "organisationsnummer": "556000-0001", "ort": "Enköping"},
    )
    assert response.status_code == 302
    client.logout()
    return leverantor


@pytest.mark.django_db
@pytest.mark.parametrize("persona", READERS)
def test_it_shows_the_supplier_page_after_an_edit_to_every_reader(
    client, request, edited_leverantor, persona
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(edited_leverantor.get_absolute_url())
    assert response.status_code == 200
    assert "Namn: Ekliden Vård AB → Ekliden Omsorg AB" in response.text
    assert "Ort: Uppsala → Enköping" in response.text


@pytest.mark.django_db
def test_it_keeps_the_social_worker_out_after_an_edit(client, sixten, edited_leverantor):
    client.force_login(sixten)
    assert client.get(edited_leverantor.get_absolute_url()).status_code == 403


@pytest.mark.django_db
def test_it_shows_the_admin_history_of_an_edited_supplier_and_unit(client, alice, ada):
    verksamhet = VerksamhetFactory(namn="Ekliden HVB")
    client.force_login(alice)
    verksamhet.namn = "Ekliden HVB Norra"
    verksamhet.save()
    leverantor = verksamhet.leverantor
    leverantor.namn = "Ekliden Omsorg AB"
    leverantor.save()

    client.force_login(ada)
    for url in (
        reverse("admin:leverantorer_leverantor_history", args=[leverantor.pk]),
        reverse("admin:leverantorer_verksamhet_history", args=[verksamhet.pk]),
    ):
        assert client.get(url).status_code == 200
    response = client.get(leverantor.get_absolute_url())
    assert response.status_code == 200
    assert "Ekliden Omsorg AB" in response.text
