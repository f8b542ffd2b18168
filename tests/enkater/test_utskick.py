"""Sending a send-out: tokens, claims, re-runs, revoking and new links."""

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from enkater.models import Malgrupp, Mottagare, UtskickStatus
from enkater.mottagare import Forslag
from enkater.tasks import UtskickFailed, skicka_utskick_task
from enkater.tokens import token_hash
from enkater.utskick import (
    _claim_token,
    mottagare_aterkalla,
    mottagare_lagg_till,
    ny_lank,
    skicka_mottagare,
    utskick_skapa,
    utskick_skicka,
)
from tests.arenden.factories_sarskild import SarskildFactory
from tests.arenden.mail_backends import RefusingBackend
from tests.enkater.factories import VersionFactory
from tests.factories import LeverantorFactory, VerksamhetFactory
from tests.helpers import with_address

D = datetime.date
LINK = re.compile(r"http://testserver/enkater/svar/([A-Za-z0-9_-]{40,})/")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "tests.arenden.mail_backends.RefusingBackend"
    RefusingBackend.refused = None
    yield RefusingBackend
    RefusingBackend.refused = None


def draft(alice, n=3, **kwargs):
    case = SarskildFactory()
    version = VersionFactory(formular__malgrupp=Malgrupp.VERKSAMHET, formular__namn="Bemanning")
    utskick = utskick_skapa(
        case,
        version,
        svar_senast=D(2026, 12, 15),
        respit_dagar=7,
        meddelande="Tack för att ni svarar.",
        user=alice,
        **kwargs,
    )
    lev = LeverantorFactory(epost="info@lev.example")
    forslag = [
        Forslag(leverantor=lev, verksamhet=VerksamhetFactory(leverantor=lev), epost=f"u{i}@x.se")
        for i in range(n)
    ]
    mottagare_lagg_till(utskick, forslag, alice)
    return utskick


def every_value_in_the_database():
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                yield from (str(v) for v in row)


def test_sending_to_three_recipients_sends_three_letters_with_their_own_link(
    alice, django_capture_on_commit_callbacks, eager_celery
):
    utskick = draft(alice)
    assert utskick.antal_mottagare == 3
    with django_capture_on_commit_callbacks(execute=True):
        utskick_skicka(utskick, alice)

    assert len(mail.outbox) == 3
    utskick.refresh_from_db()
    assert utskick.status == UtskickStatus.SKICKAT
    assert utskick.antal_skickade == 3
    assert utskick.version.fryst is not None
    values = list(every_value_in_the_database())
    for message in mail.outbox:
        (recipient,) = message.to
        row = Mottagare.objects.get(epost=recipient)
        tokens = LINK.findall(message.body)
        assert len(tokens) == 1, message.body
        assert token_hash(tokens[0]) == row.token_hash
        assert row.skickad is not None
        assert not any(tokens[0] in value for value in values)
        assert "2026-12-15" in message.body and "2026-12-22" in message.body
        assert "Tack för att ni svarar." in message.body
        html = message.alternatives[0][0]
        assert tokens[0] in html and "<img" not in html


def test_a_rerun_sends_nothing_more(alice, django_capture_on_commit_callbacks, eager_celery):
    utskick = draft(alice)
    with django_capture_on_commit_callbacks(execute=True):
        utskick_skicka(utskick, alice)
    hashes = set(Mottagare.objects.values_list("token_hash", flat=True))
    assert skicka_utskick_task.apply(args=[utskick.pk]).get() == {"skickade": 0}
    assert len(mail.outbox) == 3
    assert set(Mottagare.objects.values_list("token_hash", flat=True)) == hashes


def test_a_send_out_is_sent_once(alice):
    utskick = draft(alice)
    utskick_skicka(utskick, alice)
    with pytest.raises(ValidationError, match="redan skickat"):
        utskick_skicka(utskick, alice)


def test_a_row_another_worker_holds_is_not_sent_until_its_claim_expires(alice, settings):
    utskick = draft(alice)
    utskick_skicka(utskick, alice)
    held = Mottagare.objects.order_by("pk").first()
    Mottagare.objects.filter(pk=held.pk).update(ansprak=_claim_token())
    assert skicka_mottagare(utskick.pk) == (2, [])
    assert len(mail.outbox) == 2
    utskick.refresh_from_db()
    assert utskick.status == UtskickStatus.SKICKAS  # one letter still in another's hands

    # A claim made more than PAMINNELSE_ANSPRAK_MINUTER ago: its worker died.
    old = uuid.uuid1(node=1)
    settings.PAMINNELSE_ANSPRAK_MINUTER = 0
    Mottagare.objects.filter(pk=held.pk).update(ansprak=old)
    assert skicka_mottagare(utskick.pk) == (1, [])
    assert len(mail.outbox) == 3
    utskick.refresh_from_db()
    assert utskick.status == UtskickStatus.SKICKAT


def test_a_refused_letter_stays_retryable(alice, refusing):
    utskick = draft(alice)
    utskick_skicka(utskick, alice)
    refusing.refused = ["u1@x.se"]
    sent, failed = skicka_mottagare(utskick.pk)
    assert sent == 2 and len(failed) == 1
    row = Mottagare.objects.get(epost="u1@x.se")
    assert row.skickad is None and row.ansprak is None
    refusing.refused = []
    assert skicka_mottagare(utskick.pk) == (1, [])
    utskick.refresh_from_db()
    assert (utskick.status, utskick.antal_skickade) == (UtskickStatus.SKICKAT, 3)


def test_the_task_retries_when_letters_fail(alice, refusing):
    utskick = draft(alice, n=1)
    utskick_skicka(utskick, alice)
    refusing.attempts = 0
    result = skicka_utskick_task.apply(args=[utskick.pk])
    assert isinstance(result.result, UtskickFailed)
    assert refusing.attempts == 1 + skicka_utskick_task.max_retries
    assert Mottagare.objects.get().skickad is None


def test_revoking_keeps_the_hash_and_stops_the_link(alice):
    utskick = draft(alice, n=1)
    skicka_mottagare(utskick_skicka(utskick, alice).pk)
    row = Mottagare.objects.get()
    before = row.token_hash
    mottagare_aterkalla(row, alice)
    row.refresh_from_db()
    assert row.token_hash == before
    assert row.aterkallad is not None and row.aterkallad_av == alice
    with pytest.raises(ValidationError, match="återkallad"):
        ny_lank(row, alice)


def test_a_new_link_replaces_the_token_and_mails_it(alice):
    utskick = draft(alice, n=1)
    skicka_mottagare(utskick_skicka(utskick, alice).pk)
    row = Mottagare.objects.get()
    (first,) = LINK.findall(mail.outbox[0].body)
    ny_lank(row, alice)
    row.refresh_from_db()
    (second,) = LINK.findall(mail.outbox[1].body)
    assert first != second
    assert row.token_hash == token_hash(second) != token_hash(first)
    assert mail.outbox[1].subject.startswith("Ny länk")


def test_a_refused_new_link_keeps_the_old_one(alice, refusing):
    refusing.refused = []
    utskick = draft(alice, n=1)
    skicka_mottagare(utskick_skicka(utskick, alice).pk)
    row = Mottagare.objects.get()
    before = row.token_hash
    refusing.refused = None
    with pytest.raises(OSError):
        ny_lank(row, alice)
    row.refresh_from_db()
    assert row.token_hash == before


def test_a_colleague_gets_a_link_to_their_page_and_no_token(alice, sixten):
    with_address(sixten)
    case = SarskildFactory()
    version = VersionFactory(formular__malgrupp=Malgrupp.PERSONAL, formular__anonymt=True)
    utskick = utskick_skapa(
        case, version, svar_senast=D(2026, 12, 15), respit_dagar=0, meddelande="", user=alice
    )
    lev = LeverantorFactory()
    mottagare_lagg_till(
        utskick, [Forslag(leverantor=lev, anvandare=sixten, epost=sixten.email)], alice
    )
    skicka_mottagare(utskick_skicka(utskick, alice).pk)
    row = Mottagare.objects.get()
    (message,) = mail.outbox
    assert message.to == [sixten.email]
    assert f"http://testserver/enkater/mina/{row.pk}/" in message.body
    assert row.token_hash == "" and row.skickad is not None
    assert "anonym" in message.body


def test_a_recipient_without_email_cannot_be_added(alice):
    utskick = draft(alice, n=0)
    lev = LeverantorFactory(namn="Utan Adress AB")
    with pytest.raises(ValidationError, match="Utan Adress AB"):
        mottagare_lagg_till(utskick, [Forslag(leverantor=lev)], alice)
