"""Objects with a rule of their own answer 404 by URL to those the rule hides them from.

Issue 14, finding 2: besok_update loaded a visit by pk without Platsbesok's
visible_to rule, so anyone with the change permission opened a hidden
(unannounced, not yet made) visit. 404, not 403: a hidden visit and a missing
one look the same, so the URL does not tell that one is planned.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from arenden.models import Platsbesok, Uppfoljning, UppfoljningTyp
from tests.factories import VerksamhetFactory
from tests.helpers import make_user
from uppfoljning import roles

MISSING_PK = 999_999


def grant(user, codename):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


@pytest.fixture
def hidden_visit(alice):
    unit = VerksamhetFactory(namn="Solgården HVB")
    case = Uppfoljning.objects.create(
        typ=UppfoljningTyp.HANDELSSTYRD,
        rubrik="Signal från IVO",
        leverantor=unit.leverantor,
        ansvarig=alice,
        oppnad=datetime.date(2026, 11, 2),
    )
    return Platsbesok.objects.create(
        uppfoljning=case,
        verksamhet=unit,
        tidpunkt=timezone.make_aware(datetime.datetime(2026, 12, 3, 19, 30)),
        anmalt=False,
        genomfort=False,
    )


def besok_url(pk):
    return reverse("arenden:besok_update", args=[pk])


@pytest.fixture
def editor(django_user_model):
    """A manager (Chef) given change rights on visits, outside the Strateg role."""
    user = make_user(django_user_model, "cecilia", roles.CHEF)
    return grant(user, "change_platsbesok")


@pytest.mark.django_db
def test_a_hidden_visit_is_404_by_url_to_an_editor_outside_the_strategists(
    client, editor, hidden_visit
):
    client.force_login(editor)
    assert client.get(besok_url(hidden_visit.pk)).status_code == 404
    response = client.post(besok_url(hidden_visit.pk), {"deltagare": "Ingen"})
    assert response.status_code == 404
    hidden_visit.refresh_from_db()
    assert hidden_visit.deltagare == ""
    assert client.get(besok_url(MISSING_PK)).status_code == 404


@pytest.mark.django_db
def test_a_hidden_visit_is_404_to_a_superuser_too(client, django_user_model, hidden_visit):
    root = make_user(django_user_model, "root", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get(besok_url(hidden_visit.pk)).status_code == 404


@pytest.mark.django_db
def test_the_strategist_opens_the_hidden_visit_and_an_editor_a_made_one(
    client, alice, editor, hidden_visit
):
    client.force_login(alice)
    assert client.get(besok_url(hidden_visit.pk)).status_code == 200
    hidden_visit.anmalt = True
    hidden_visit.save()
    client.force_login(editor)
    assert client.get(besok_url(hidden_visit.pk)).status_code == 200


# --- A unit's protected address ---------------------------------------------------


def unit_url(unit_or_pk, leverantor):
    pk = getattr(unit_or_pk, "pk", unit_or_pk)
    return reverse("leverantorer:verksamhet_update", args=[leverantor.pk, pk])


@pytest.mark.django_db
def test_a_protected_unit_is_404_to_an_editor_who_may_not_see_its_address(
    client, django_user_model
):
    unit = VerksamhetFactory(skyddat_boende=True, adress="Hemliga vägen 1")
    open_unit = VerksamhetFactory(leverantor=unit.leverantor, adress="Storgatan 1")
    user = grant(make_user(django_user_model, "cecilia", roles.CHEF), "change_verksamhet")
    client.force_login(user)
    page = client.get(unit_url(unit, unit.leverantor))
    assert page.status_code == 404
    assert "Hemliga vägen 1" not in page.text
    assert client.get(unit_url(MISSING_PK, unit.leverantor)).status_code == 404
    assert client.get(unit_url(open_unit, unit.leverantor)).status_code == 200


@pytest.mark.django_db
def test_the_strategist_edits_the_protected_unit(client, alice):
    unit = VerksamhetFactory(skyddat_boende=True, adress="Hemliga vägen 1")
    client.force_login(alice)
    page = client.get(unit_url(unit, unit.leverantor))
    assert page.status_code == 200
    assert "Hemliga vägen 1" in page.text
