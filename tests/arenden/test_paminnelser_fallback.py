"""Who is reminded of an unstarted special follow-up once its owner has left."""

import datetime

import pytest

from arenden import paminnelser
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory
from tests.conftest import make_user
from uppfoljning import roles

pytestmark = pytest.mark.django_db

ON = datetime.date(2024, 6, 1)  # after the default start day, 1 May


@pytest.fixture
def bob(django_user_model):
    """The strategist responsible for the agreement."""
    return make_user(django_user_model, "bob", roles.STRATEG)


def unstarted(owner, agreement_owner):
    uppfoljning = SarskildFactory(
        ansvarig=owner, ar=2024, ramavtal__ansvarig_strateg=agreement_owner
    )
    UrvalRadFactory(uppfoljning=uppfoljning)  # planned only: not started
    return uppfoljning


def test_it_goes_to_its_owner_while_the_owner_is_active(alice, bob):
    unstarted(alice, bob)
    [reminder] = paminnelser.sarskilda_due(ON)
    assert reminder.ansvariga == {alice.pk}


def test_it_goes_to_the_agreements_strategist_when_the_owner_has_left(alice, bob):
    uppfoljning = unstarted(alice, bob)
    alice.is_active = False
    alice.save()
    [reminder] = paminnelser.sarskilda_due(ON)
    assert reminder.objekt_id == uppfoljning.pk
    assert reminder.ansvariga == {bob.pk}
    assert not reminder.unassigned
    assert paminnelser.for_user([reminder], bob) == [reminder]
    assert paminnelser.for_user([reminder], alice) == []


def test_it_is_everyones_when_the_agreements_strategist_has_left_too(alice, bob):
    unstarted(alice, bob)
    for user in (alice, bob):
        user.is_active = False
        user.save()
    [reminder] = paminnelser.sarskilda_due(ON)
    assert reminder.ansvariga == frozenset()
    assert reminder.unassigned
