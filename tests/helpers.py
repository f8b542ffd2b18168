"""Helpers the test modules share: users, decisions. Fixtures live in tests/conftest.py."""

import datetime

from django.contrib.auth.models import Group

from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import BeslutSkal, BeslutTyp

PASSWORD = "test-lösenord-123"


def make_user(django_user_model, username, role=None, **extra):
    """A user who can log in with PASSWORD, in the role's group if one is given."""
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def with_address(user):
    """The persona with an e-mail address (username@kommun.example), for mail tests."""
    user.email = f"{user.username}@kommun.example"
    user.save(update_fields=["email"])
    return user


def decide(avtal, typ, user, *, datum=datetime.date(2024, 6, 3), **values):
    """Take a decision on the contract through the decision service, with a valid basis.

    A decision maker, a reason and the facts are filled in; a pause gets a re-assessment
    date 90 days on, a termination or rescission the committee's diarienummer. Pass any of
    them (or another date) to test it.
    """
    values.setdefault("beslutsfattare", "Enhetschef")
    values.setdefault("skal", BeslutSkal.IVO_ARENDE)
    values.setdefault("faktaunderlag", "IVO kräver återrapportering.")
    if typ == BeslutTyp.PAUS:
        values.setdefault("omprovning_datum", datum + datetime.timedelta(days=90))
    if typ in (BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING):
        values.setdefault("namnd_diarienummer", "SCN-2024-00400")
    return avtal_fatta_beslut(avtal=avtal, typ=typ, user=user, datum=datum, **values)


def pause(avtal, user, *, datum=datetime.date(2024, 6, 3), omprovning=None, **values):
    """A temporary exclusion from call-offs (avropspaus), re-assessed on omprovning."""
    if omprovning is not None:
        values["omprovning_datum"] = omprovning
    return decide(avtal, BeslutTyp.PAUS, user, datum=datum, **values)
