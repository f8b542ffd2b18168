"""The year's overview page of special follow-ups per agreement and area."""

import pytest
from django.urls import reverse

from tests.arenden.arsutfall_fixture import AR, build_arsutfall
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory
from tests.clock import DEFAULT
from tests.factories import AvtalsomradeFactory, RamavtalFactory, VerksamhetFactory
from tests.querycount import count_queries

pytestmark = [pytest.mark.today(DEFAULT), pytest.mark.django_db]

URL = reverse("arenden:sarskild_oversikt")


def cells(html, first_cell):
    """The text of the row whose header cell reads `first_cell` (tags stripped)."""
    import re

    row = re.search(rf"<tr>\s*<th scope=\"row\">{re.escape(first_cell)}</th>(.*?)</tr>", html, re.S)
    assert row, first_cell
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)
    ]


@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("sam", 200), ("sixten", 403)])
def test_who_may_see_the_overview(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL, {"ar": AR}).status_code == status


def test_it_shows_the_numbers_per_area_with_links(client, alice):
    year = build_arsutfall(alice)
    client.force_login(alice)
    html = client.get(URL, {"ar": AR}).content.decode()
    # planned, pågår, done, moved, cancelled, overdue
    assert cells(html, "1 Nord")[1:7] == ["4", "0", "3", "1", "0", "0"]
    assert cells(html, "2 Syd")[1:7] == ["4", "1", "1", "0", "1", "2"]
    assert cells(html, "3 Väst")[1:7] == ["2", "0", "1", "1", "0", "0"]
    assert cells(html, "Totalt")[1:7] == ["10", "1", "5", "2", "1", "2"]
    assert "3 av 4 genomförda (75 %)" in html
    assert reverse("arenden:sarskild", args=[year["uppfoljningar"][0].pk]) in html
    assert "Under 2025 genomfördes 5 av 10 planerade uppföljningar." in html
    assert '<option value="2025" selected>' in html


def test_another_year_has_nothing_planned(client, alice):
    build_arsutfall(alice)
    client.force_login(alice)
    html = client.get(URL, {"ar": 2024}).content.decode()
    assert "Inga särskilda uppföljningar är planerade för 2024." in html


def test_a_bad_year_says_so_and_shows_this_year(client, alice):
    client.force_login(alice)
    html = client.get(URL, {"ar": "tjugo"}).content.decode()
    assert "Ogiltigt år – visar innevarande år." in html
    assert "Särskilda uppföljningar 2026 per område" in html


def make_follow_ups(n, user):
    ramavtal = RamavtalFactory()
    for i in range(n):
        area = AvtalsomradeFactory(ramavtal=ramavtal, nummer=i + 1)
        case = SarskildFactory(ramavtal=ramavtal, avtalsomrade=area, ar=AR, ansvarig=user)
        unit = VerksamhetFactory()
        UrvalRadFactory(uppfoljning=case, verksamhet=unit, leverantor=unit.leverantor)


def test_the_page_costs_the_same_queries_for_3_and_30_follow_ups(client, alice):
    client.force_login(alice)
    make_follow_ups(3, alice)
    few = count_queries(client, f"{URL}?ar={AR}")
    make_follow_ups(27, alice)
    assert count_queries(client, f"{URL}?ar={AR}") == few
