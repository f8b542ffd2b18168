"""Per-object facts of the follow-up models that pages and reminders share."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.models import Brist, BristStatus, UppfoljningTyp
from tests.arenden.factories_sarskild import BristFactory, SarskildFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("deadline_offset", "status", "forsenad"),
    [
        (1, BristStatus.OPPEN, False),  # the deadline is tomorrow
        (0, BristStatus.OPPEN, False),  # the deadline day itself: not late yet
        (-1, BristStatus.OPPEN, True),  # the day after the deadline
        (-1, BristStatus.ATGARDAD, False),  # fixed: never late
        (-1, BristStatus.EJ_ATGARDAD, False),  # escalated: followed up elsewhere
    ],
)
def test_a_finding_is_late_from_the_day_after_its_deadline(deadline_offset, status, forsenad):
    today = timezone.localdate()
    brist = BristFactory(atgard_senast=today + deadline_offset * DAY, status=status)
    assert brist.forsenad is forsenad
    # The list's "Försenade" and the reminders read the same rule from the database.
    assert list(Brist.objects.past_deadline()) == ([brist] if forsenad else [])


def test_every_page_marks_a_late_finding_with_the_same_word(client, alice):
    today = timezone.localdate()
    sarskild = SarskildFactory()
    sen = BristFactory(uppfoljning=sarskild, atgard_senast=today - DAY, beskrivning="Sen brist")
    BristFactory(uppfoljning=sarskild, atgard_senast=today, beskrivning="I tid brist")
    handelsstyrd = SarskildFactory(typ=UppfoljningTyp.HANDELSSTYRD, leverantor=sen.leverantor)
    BristFactory(uppfoljning=handelsstyrd, leverantor=sen.leverantor, atgard_senast=today - DAY)
    client.force_login(alice)
    pages = {
        "lista": reverse("arenden:brist_list"),
        "brist": sen.get_absolute_url(),
        "särskild": reverse("arenden:sarskild", args=[sarskild.pk]),
        "händelsestyrd": reverse("arenden:uppfoljning", args=[handelsstyrd.pk]),
    }
    for name, page in pages.items():
        text = client.get(page).text
        assert "<strong>(försenad)</strong>" in text, name
        assert "(passerat)" not in text, name
    listing = client.get(pages["lista"]).text
    assert listing.count("(försenad)") == 2  # the one due today is not late
