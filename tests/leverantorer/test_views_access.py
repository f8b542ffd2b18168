"""Who may open the register pages no other test requested with a login.

Units, representatives and contracts of a supplier, a contract's and a
placement's page, and an agreement's areas and levels: strategists keep the
register, coordinators, managers and administrators read it, social workers
neither; anonymous visitors are sent to the login page.
"""

import pytest
from django.urls import reverse

from leverantorer.models import Avtal, Foretradare, Verksamhet
from ramavtal.models import Avtalsomrade, Niva
from tests.arenden.factories import ForetradareFactory
from tests.factories import AvtalFactory, PlaceringFactory, VerksamhetFactory

pytestmark = pytest.mark.django_db

PERSONAS = ("alice", "sam", "charlotte", "sixten", "ada")
READERS = {"alice", "sam", "charlotte", "ada"}
KEEPERS = {"alice"}


@pytest.fixture
def users(request):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def register():
    avtal = AvtalFactory()
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    return {
        "avtal": avtal,
        "unit": unit,
        "foretradare": ForetradareFactory(leverantor=avtal.leverantor),
        "placering": PlaceringFactory(avtal=avtal, verksamhet=unit),
    }


def pages(r):
    """(name, url, personas who get it); every other persona gets 403."""
    lev = r["avtal"].leverantor_id
    ramavtal = r["avtal"].ramavtal_id
    return [
        ("verksamhet_create", reverse("leverantorer:verksamhet_create", args=[lev]), KEEPERS),
        (
            "verksamhet_update",
            reverse("leverantorer:verksamhet_update", args=[lev, r["unit"].pk]),
            KEEPERS,
        ),
        ("foretradare_create", reverse("leverantorer:foretradare_create", args=[lev]), KEEPERS),
        (
            "foretradare_update",
            reverse("leverantorer:foretradare_update", args=[lev, r["foretradare"].pk]),
            KEEPERS,
        ),
        ("avtal_create", reverse("leverantorer:avtal_create", args=[lev]), KEEPERS),
        (
            "avtal_update",
            reverse("leverantorer:avtal_update", args=[lev, r["avtal"].pk]),
            KEEPERS,
        ),
        ("avtal", reverse("leverantorer:avtal", args=[r["avtal"].pk]), READERS),
        ("placering", reverse("leverantorer:placering", args=[r["placering"].pk]), READERS),
        (
            "placering_update",
            reverse("leverantorer:placering_update", args=[r["placering"].pk]),
            KEEPERS,
        ),
        ("ramavtal", reverse("ramavtal:detail", args=[ramavtal]), READERS),
        ("avtalsomrade_create", reverse("ramavtal:avtalsomrade_create", args=[ramavtal]), KEEPERS),
        ("niva_create", reverse("ramavtal:niva_create", args=[ramavtal]), KEEPERS),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_answers_its_roles_and_refuses_the_others(client, users, register, persona):
    client.force_login(users[persona])
    for name, url, allowed in pages(register):
        expected = 200 if persona in allowed else 403
        assert client.get(url).status_code == expected, name


@pytest.mark.parametrize("persona", ["sam", "charlotte", "sixten", "ada"])
def test_only_a_strategist_may_post_to_the_register_forms(client, users, register, persona):
    client.force_login(users[persona])
    before = [m.objects.count() for m in (Verksamhet, Foretradare, Avtal, Avtalsomrade, Niva)]
    for name, url, allowed in pages(register):
        if allowed == KEEPERS:
            assert client.post(url, {"namn": "Nytt namn"}).status_code == 403, name
    assert [
        m.objects.count() for m in (Verksamhet, Foretradare, Avtal, Avtalsomrade, Niva)
    ] == before
    register["unit"].refresh_from_db()
    assert register["unit"].namn != "Nytt namn"


def test_anonymous_visitors_are_sent_to_login(client, register):
    login = reverse("login")
    for name, url, _allowed in pages(register):
        response = client.get(url)
        assert response.status_code == 302, name
        assert response.headers["Location"].startswith(login), name
