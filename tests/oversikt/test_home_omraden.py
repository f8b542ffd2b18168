"""The strategist's start page: the year's follow-ups per area at a glance."""

import datetime

import pytest
from django.urls import reverse

from tests.arenden.arsutfall_fixture import AR, build_arsutfall
from tests.clock import STOCKHOLM
from tests.factories import AvtalsomradeFactory
from tests.querycount import count_queries

pytestmark = [
    pytest.mark.today(datetime.datetime(AR, 12, 1, 10, 0, tzinfo=STOCKHOLM)),
    pytest.mark.django_db,
]


def test_it_shows_planned_done_and_overdue_per_area_most_overdue_first(client, alice):
    year = build_arsutfall(alice)
    syd = year["omraden"][1]
    syd.slutdatum = datetime.date(AR, 11, 30)  # the area's period has ended: its rows are late
    syd.save()
    client.force_login(alice)
    html = client.get(reverse("home")).content.decode()
    assert "Årets uppföljningar per område" in html
    assert "5 av 10 genomförda, 2 försenade." in html
    rows = html[html.index("Områden med flest försenade") :]
    assert rows.index("Hemtjänst LOV: 2 Syd") < rows.index("Hemtjänst LOV: 1 Nord")
    assert (
        '<th scope="row">Hemtjänst LOV: 2 Syd</th><td class="num">4</td>'
        '<td class="num">1</td><td class="num">2</td>'
    ) in html
    assert f"{reverse('arenden:sarskild_oversikt')}?ar={AR}" in html


def test_the_block_costs_the_same_queries_however_many_areas(client, alice):
    year = build_arsutfall(alice)
    client.force_login(alice)
    before = count_queries(client, reverse("home"))
    for n in range(4, 10):
        AvtalsomradeFactory(ramavtal=year["ramavtal"], nummer=n)
    assert count_queries(client, reverse("home")) == before
