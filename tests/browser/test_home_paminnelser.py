"""The start page's reminders in a real browser: accessible, on a desktop and a phone."""

import datetime

import pytest
from django.utils import timezone

from tests.arenden.factories import ForetradareFactory
from tests.arenden.factories_sarskild import BristFactory
from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import AvtalFactory, RamavtalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reminders(alice):
    today = timezone.localdate()
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
    ForetradareFactory(leverantor=avtal.leverantor, namn="Vera Vd")
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=today - datetime.timedelta(days=3))
    ending = today + datetime.timedelta(days=100)
    RamavtalFactory(namn="Stödboende unga", slutdatum=ending, slutdatum_inkl_option=ending)


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_the_reminders_are_listed_and_accessible(request, reminders, fixture):
    page = request.getfixturevalue(fixture)
    login(page, "alice", PASSWORD)
    page.wait_for_url("**/")
    section = page.get_by_role("region", name="Påminnelser")
    assert section.get_by_role("heading", level=3).all_inner_texts() == [
        "Registerkontroller av företrädare att göra (1)",
        "Brister efter sista åtgärdsdag (1)",
        "Ramavtal som löper ut (1)",
    ]
    assert "Ingen ansvarig strateg" in section.inner_text()
    section.get_by_role("link", name="Vera Vd", exact=False).click()
    page.wait_for_url("**/registerkontroller/ny/*/")
    page.go_back()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
