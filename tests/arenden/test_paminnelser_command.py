"""manage.py paminnelser: list what is due, or send now."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.arenden.factories_sarskild import BristFactory
from tests.factories import RamavtalFactory
from tests.helpers import with_address

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("paminnelser", *args, stdout=out)
    return out.getvalue()


def test_it_lists_what_is_due_without_sending(alice):
    RamavtalFactory(namn="HVB barn och unga", slutdatum_inkl_option=datetime.date(2026, 12, 31))
    out = run("--datum", "2026-07-01")
    assert "Ramavtal som löper ut (1)" in out
    assert "HVB barn och unga" in out
    assert "[ingen ansvarig]" in out
    assert mail.outbox == []


def test_it_says_when_nothing_is_due():
    assert run("--datum", "2020-01-01").strip() == "Inga påminnelser 2020-01-01."


def test_it_sends_once(alice):
    with_address(alice)
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=datetime.date(2025, 3, 1))
    assert "Skickade 1 påminnelser till alice." in run("--datum", "2025-03-02", "--skicka")
    assert "Inga nya påminnelser att skicka." in run("--datum", "2025-03-02", "--skicka")
    assert len(mail.outbox) == 1


def test_a_bad_date_is_refused_in_swedish():
    with pytest.raises(CommandError, match="skriv ÅÅÅÅ-MM-DD"):
        run("--datum", "01/03/2025")
