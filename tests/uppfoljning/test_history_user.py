"""Recording who did it: save_as, the system user, and which users are people."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from simple_history.models import HistoricalRecords

from ramavtal.models import Ramavtal
from tests.factories import RamavtalFactory
from uppfoljning.history import (
    acting_user,
    history_entries,
    real_users,
    save_as,
    system_user,
)

pytestmark = pytest.mark.django_db


def test_save_as_records_the_user_and_the_reason(alice):
    ramavtal = RamavtalFactory.build(namn="HVB barn och unga")

    assert save_as(ramavtal, user=alice, reason="Inläst") is ramavtal

    record = ramavtal.history.get()
    assert (record.history_user, record.history_change_reason) == (alice, "Inläst")


def test_save_as_without_a_reason_keeps_the_one_already_set(alice):
    ramavtal = RamavtalFactory.build()
    ramavtal._change_reason = "Satt av anroparen"

    save_as(ramavtal, user=alice)

    assert ramavtal.history.get().history_change_reason == "Satt av anroparen"


def test_save_as_with_clean_validates_first_and_saves_nothing_when_refused(alice):
    ramavtal = RamavtalFactory.build(namn="")

    with pytest.raises(ValidationError):
        save_as(ramavtal, user=alice, clean=True)

    assert not Ramavtal.objects.exists()


def test_the_system_user_is_made_once_and_can_never_log_in(django_user_model):
    user = system_user()

    assert system_user() == user
    assert django_user_model.objects.count() == 1
    assert (user.username, user.get_full_name()) == ("system", "Systemet")
    assert not user.is_active
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    assert not user.groups.exists()


def test_the_system_user_is_no_real_user_but_everyone_else_is(alice, django_user_model):
    system_user()
    invited = django_user_model.objects.create_user("bo")  # no password yet
    invited.is_active = False
    invited.save()

    assert set(real_users()) == {alice, invited}


def test_a_person_with_the_reserved_name_is_never_acted_as(django_user_model):
    person = django_user_model.objects.create_user("system", password="hemligt-lösen-1")

    with pytest.raises(ImproperlyConfigured):
        system_user()
    assert list(real_users()) == [person]


def test_the_acting_user_is_the_given_one_else_the_requests_else_the_system_user(alice, ada):
    assert acting_user(ada) == ada
    assert acting_user() == system_user()

    HistoricalRecords.context.request = SimpleNamespace(user=alice)
    try:
        assert acting_user() == alice
        assert acting_user(ada) == ada
    finally:
        del HistoricalRecords.context.request


def test_history_names_the_system_user_systemet():
    ramavtal = save_as(RamavtalFactory.build(), user=system_user())

    assert [entry.user for entry in history_entries(ramavtal)] == ["Systemet"]
