"""Sending the reminder digests: once per reminder, catching up, surviving a failed send."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from arenden import reminder_mail
from arenden.models import BristStatus, Paminnelse
from arenden.paminnelser import DueReminder
from arenden.reminder_mail import paminnelser_skicka
from tests.arenden.factories import ForetradareFactory
from tests.arenden.factories_sarskild import BristFactory
from tests.arenden.mail_backends import RefusingBackend
from tests.factories import AvtalFactory, RamavtalFactory
from tests.helpers import make_user, with_address
from uppfoljning import roles

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(alice):
    """The strategist alice (tests/conftest.py), with an e-mail address."""
    return with_address(alice)


@pytest.fixture
def bob(bob):
    """The second strategist, with an e-mail address."""
    return with_address(bob)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://uppfoljning.kommun.example"


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "tests.arenden.mail_backends.RefusingBackend"
    RefusingBackend.refused = None
    yield RefusingBackend
    RefusingBackend.refused = None


def test_it_sends_one_digest_per_strategist_with_absolute_links(alice, bob):
    brist = BristFactory(
        uppfoljning__ansvarig=alice,
        atgard_senast=D(2025, 3, 1),
        leverantor__namn="Omsorg & Utveckling AB",
    )
    ramavtal = RamavtalFactory(
        namn="HVB barn och unga",
        ansvarig_strateg=alice,
        slutdatum=D(2025, 6, 30),
        slutdatum_inkl_option=D(2025, 12, 31),
    )
    result = paminnelser_skicka(on=D(2025, 3, 10))
    assert result.sent == {"alice": 2}
    (message,) = mail.outbox
    assert message.to == ["alice@kommun.example"]
    assert message.subject == "Uppföljning: 2 nya påminnelser"
    body = message.body
    assert body.startswith("Hej Alice!")
    assert "Brister efter sista åtgärdsdag (1)\n- " in body
    assert "skulle vara åtgärdad senast 2025-03-01" in body
    assert f"https://uppfoljning.kommun.example{brist.get_absolute_url()}" in body
    assert "HVB barn och unga" in body
    assert "utan option 2025-06-30" in body
    assert f"https://uppfoljning.kommun.example{ramavtal.get_absolute_url()}" in body
    assert "https://uppfoljning.kommun.example/\n" in body
    assert "Omsorg & Utveckling AB:" in body
    assert "&amp;" not in body  # plain text, not escaped HTML
    assert Paminnelse.objects.filter(mottagare=alice, skickad__isnull=False).count() == 2


def test_a_rerun_sends_nothing(alice):
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    paminnelser_skicka(on=D(2025, 3, 2))
    assert len(mail.outbox) == 1
    assert paminnelser_skicka(on=D(2025, 3, 2)).sent == {}
    assert paminnelser_skicka(on=D(2025, 3, 20)).sent == {}
    assert len(mail.outbox) == 1
    assert Paminnelse.objects.count() == 1


def test_a_missed_day_is_caught_up(alice):
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    # The worker was down on 2 and 3 March: nothing ran until the 4th.
    assert paminnelser_skicka(on=D(2025, 3, 4)).sent == {"alice": 1}
    assert "2025-03-01" in mail.outbox[0].body


def test_each_ramavtal_milestone_is_sent_once(alice):
    RamavtalFactory(ansvarig_strateg=alice, slutdatum_inkl_option=D(2026, 12, 31))
    assert paminnelser_skicka(on=D(2025, 12, 31)).sent == {"alice": 1}
    assert "mindre än 12 månader kvar" in mail.outbox[0].body
    assert paminnelser_skicka(on=D(2026, 3, 1)).sent == {}
    assert paminnelser_skicka(on=D(2026, 7, 2)).sent == {"alice": 1}
    assert "mindre än 6 månader kvar" in mail.outbox[1].body
    assert paminnelser_skicka(on=D(2026, 12, 1)).sent == {}
    assert len(mail.outbox) == 2


def test_a_new_deadline_is_a_new_reminder(alice):
    brist = BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    paminnelser_skicka(on=D(2025, 3, 2))
    brist.atgard_senast = D(2025, 4, 1)
    brist.save()
    assert paminnelser_skicka(on=D(2025, 3, 15)).sent == {}
    assert paminnelser_skicka(on=D(2025, 4, 2)).sent == {"alice": 1}


def test_an_unassigned_reminder_goes_to_every_strategist(alice, bob, sam):
    sam.email = "sam@kommun.example"
    sam.save()
    RamavtalFactory(ansvarig_strateg=None, slutdatum_inkl_option=D(2026, 12, 31))
    result = paminnelser_skicka(on=D(2026, 7, 1))
    assert result.sent == {"alice": 1, "bob": 1}
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@kommun.example", "bob@kommun.example"]
    assert "(ingen ansvarig strateg)" in mail.outbox[0].body
    assert paminnelser_skicka(on=D(2026, 7, 2)).sent == {}


def test_a_strategist_without_address_or_who_left_gets_no_mail(alice, bob):
    RamavtalFactory(ansvarig_strateg=alice, slutdatum_inkl_option=D(2026, 12, 31))
    alice.email = ""
    alice.save()
    bob.is_active = False
    bob.save()
    RamavtalFactory(ansvarig_strateg=bob, slutdatum_inkl_option=D(2026, 12, 31))
    # bob's agreement is unassigned now: it goes to the active strategists with an address.
    carl = make_user(type(alice), "carl", roles.STRATEG, email="carl@kommun.example")
    assert paminnelser_skicka(on=D(2026, 7, 1)).sent == {"carl": 1}
    assert Paminnelse.objects.get().mottagare == carl


def test_a_failed_send_is_not_marked_sent_and_goes_out_on_the_next_run(alice, refusing, settings):
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    result = paminnelser_skicka(on=D(2025, 3, 2))
    assert result.failed == ["alice"]
    assert result.sent == {}
    row = Paminnelse.objects.get()
    assert (row.skickad, row.ansprak, row.paborjad) == (None, None, None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert paminnelser_skicka(on=D(2025, 3, 3)).sent == {"alice": 1}
    assert paminnelser_skicka(on=D(2025, 3, 4)).sent == {}
    assert len(mail.outbox) == 1


def test_one_refused_recipient_does_not_stop_the_others(alice, bob, refusing):
    refusing.refused = ["alice@kommun.example"]
    RamavtalFactory(ansvarig_strateg=None, slutdatum_inkl_option=D(2026, 12, 31))
    result = paminnelser_skicka(on=D(2026, 7, 1))
    assert (result.sent, result.failed) == ({"bob": 1}, ["alice"])
    assert [m.to for m in mail.outbox] == [["bob@kommun.example"]]
    refusing.refused = []
    assert paminnelser_skicka(on=D(2026, 7, 2)).sent == {"alice": 1}


def test_a_reminder_resolved_after_a_failed_send_is_not_sent(alice, refusing, settings):
    brist = BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    paminnelser_skicka(on=D(2025, 3, 2))
    brist.status = BristStatus.ATGARDAD
    brist.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert paminnelser_skicka(on=D(2025, 3, 3)).sent == {}
    assert mail.outbox == []


def test_a_claim_held_by_another_run_is_respected_until_it_expires(alice, settings):
    settings.PAMINNELSE_ANSPRAK_MINUTER = 60
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    now = timezone.now()
    # Another worker claimed the digest and was killed before sending.
    paminnelser_skicka(on=D(2025, 3, 2), now=now)
    Paminnelse.objects.update(skickad=None, ansprak="6b1f0c1e-0000-4000-8000-000000000000")
    Paminnelse.objects.update(paborjad=now - datetime.timedelta(minutes=30))
    mail.outbox.clear()
    assert paminnelser_skicka(on=D(2025, 3, 2), now=now).sent == {}
    later = now + datetime.timedelta(minutes=31)
    assert paminnelser_skicka(on=D(2025, 3, 2), now=later).sent == {"alice": 1}
    assert len(mail.outbox) == 1


def test_it_takes_a_constant_number_of_queries_however_many_reminders(alice, bob):
    # Linear in the number of strategists mailed (one UPDATE each), not in reminders.
    def grow():
        avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
        BristFactory(uppfoljning__ansvarig=bob, leverantor=avtal.leverantor)
        RamavtalFactory(ansvarig_strateg=None, slutdatum_inkl_option=D(2026, 12, 31))

    grow()
    with CaptureQueriesContext(connection) as first:
        paminnelser_skicka(on=D(2026, 7, 1))
    for _ in range(4):
        grow()
    with CaptureQueriesContext(connection) as second:
        paminnelser_skicka(on=D(2026, 7, 2))
    assert len(second.captured_queries) == len(first.captured_queries)


def test_a_long_digest_names_the_rest_and_links_to_the_list(alice, settings):
    settings.SITE_URL = "https://uppfoljning.kommun.example"
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
    for _ in range(reminder_mail.MAIL_REMINDERS_PER_KIND + 2):
        ForetradareFactory(leverantor=avtal.leverantor)
    assert paminnelser_skicka(on=D(2025, 1, 1)).sent == {"alice": 32}
    body = mail.outbox[0].body
    assert body.count("har ingen registerkontroll") == 30
    assert "Registerkontroller av företrädare att göra (32)" in body
    assert (
        "- … och 2 till:\n  https://uppfoljning.kommun.example/uppfoljning/registerkontroller/"
        "?att_gora=on" in body
    )
    assert Paminnelse.objects.filter(skickad__isnull=False).count() == 32


def test_an_unsent_reminder_follows_a_change_of_responsible_strategist(alice, bob, refusing):
    ramavtal = RamavtalFactory(ansvarig_strateg=alice, slutdatum_inkl_option=D(2026, 12, 31))
    assert paminnelser_skicka(on=D(2026, 7, 1)).failed == ["alice"]
    ramavtal.ansvarig_strateg = bob
    ramavtal.save()
    refusing.refused = []
    assert paminnelser_skicka(on=D(2026, 7, 2)).sent == {"bob": 1}
    assert [m.to for m in mail.outbox] == [["bob@kommun.example"]]


def test_the_digest_lists_reminders_in_the_order_of_the_start_page(alice):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice, leverantor__namn="Alfa AB")
    for namn in ("Anna", "Bertil", "Cecilia", "David"):
        ForetradareFactory(leverantor=avtal.leverantor, namn=namn)
    paminnelser_skicka(on=D(2025, 1, 1))
    body = mail.outbox[0].body
    positions = [body.index(f"Alfa AB: {namn} ") for namn in ("Anna", "Bertil", "Cecilia", "David")]
    assert positions == sorted(positions)


# Mutation testing (docs/testing.md): the claim, the log row, the singular subject, the
# release after an unexpected error, and what a run reports.
def test_one_reminder_gets_a_singular_subject_and_the_municipality_signs(alice, settings):
    settings.MUNICIPALITY_NAME = "Exempelby kommun"
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    result = paminnelser_skicka(on=D(2025, 3, 2))
    (message,) = mail.outbox
    assert message.subject == "Uppföljning: 1 ny påminnelse"
    assert message.body.endswith("meddelande från Uppföljning, Exempelby kommun.\n\n")
    assert result.summary() == {"skickade": {"alice": 1}, "misslyckade": []}


def test_a_claim_takes_only_unsent_rows_and_records_when(alice):
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    paminnelser_skicka(on=D(2025, 3, 2))
    sent = Paminnelse.objects.get()
    Paminnelse.objects.filter(pk=sent.pk).update(ansprak=None, paborjad=None)
    unsent = BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 3))
    due = reminder_mail.due_reminders(D(2025, 3, 4))
    reminder_mail._log_due(due, reminder_mail.recipients_for(due))
    row = Paminnelse.objects.get(objekt_id=unsent.pk)
    now = timezone.now()
    token = reminder_mail._claim([sent.pk, row.pk], now)
    row.refresh_from_db()
    sent.refresh_from_db()
    assert (row.ansprak, row.paborjad) == (token, now)
    assert (sent.ansprak, sent.paborjad) == (None, None)  # sent already: not claimed again


def test_the_log_keeps_the_reminder_its_text_cut_at_500_and_its_link(alice):
    due = [
        DueReminder(
            typ="brist",
            objekt_id=7,
            tillfalle="2025-03-01",
            datum=D(2025, 3, 2),
            text="å" * 600,
            url="/uppfoljning/brister/7/",
            ansvariga=frozenset({alice.pk}),
        )
    ]
    reminder_mail._log_due(due, {due[0].key: [alice]})
    row = Paminnelse.objects.get()
    assert (row.typ, row.objekt_id, row.tillfalle, row.forfallodatum, row.mottagare) == (
        "brist",
        7,
        "2025-03-01",
        D(2025, 3, 2),
        alice,
    )
    assert row.text == "å" * 500
    assert row.url == "/uppfoljning/brister/7/"


def test_a_failed_send_is_logged_by_name(alice, refusing, caplog):
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    with caplog.at_level("ERROR", logger="arenden.reminder_mail"):
        result = paminnelser_skicka(on=D(2025, 3, 2))
    assert result.summary() == {"skickade": {}, "misslyckade": ["alice"]}
    assert [r.getMessage() for r in caplog.records] == [
        "Reminder digest to alice failed; it is sent on the next run"
    ]


class BrokenBackend(RefusingBackend):
    def send_messages(self, messages):
        raise RuntimeError("the template engine broke")


def test_an_unexpected_error_releases_the_claim_and_is_raised(alice, settings):
    settings.EMAIL_BACKEND = "tests.arenden.test_reminder_mail.BrokenBackend"
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    with pytest.raises(RuntimeError):
        paminnelser_skicka(on=D(2025, 3, 2))
    row = Paminnelse.objects.get()
    assert (row.skickad, row.ansprak, row.paborjad) == (None, None, None)


def test_only_this_runs_claim_is_marked_sent(alice, settings):
    settings.PAMINNELSE_ANSPRAK_MINUTER = 60
    first = BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2025, 3, 1))
    reminders = reminder_mail.due_reminders(D(2025, 3, 2))
    reminder_mail._log_due(reminders, reminder_mail.recipients_for(reminders))
    # Another live run holds the first finding's row.
    held = Paminnelse.objects.get(objekt_id=first.pk)
    Paminnelse.objects.filter(pk=held.pk).update(
        ansprak="6b1f0c1e-0000-4000-8000-000000000000", paborjad=timezone.now()
    )
    assert paminnelser_skicka(on=D(2025, 3, 2)).sent == {"alice": 1}
    held.refresh_from_db()
    assert held.skickad is None
