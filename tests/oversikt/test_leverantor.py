"""The supplier page (oversikt): what it shows, and to whom."""

import pytest

from tests.factories import VerksamhetFactory


@pytest.mark.django_db
def test_a_protected_address_is_shown_only_to_those_who_need_it(client, alice, charlotte):
    verksamhet = VerksamhetFactory(skyddat_boende=True, adress="Hemliga vägen 1")
    client.force_login(charlotte)
    page = client.get(verksamhet.leverantor.get_absolute_url()).text
    assert "Hemliga vägen 1" not in page
    assert "Sekretess (skyddat boende)" in page
    client.force_login(alice)
    assert "Hemliga vägen 1" in client.get(verksamhet.leverantor.get_absolute_url()).text
