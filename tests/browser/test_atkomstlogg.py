"""The access log page in Chromium: reached from the menu, filtered, and clean under axe-core."""

import pytest

from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import AvtalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_administrator_finds_who_saw_a_contract(page, ada, alice):
    avtal = AvtalFactory(leverantor__namn="Solgården AB")
    login(page, "alice", PASSWORD)
    page.goto(f"/leverantorer/avtal/{avtal.pk}/")
    page.get_by_role("button", name="Logga ut").click()

    login(page, "ada", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Åtkomstlogg").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Åtkomstlogg"
    assert_accessible(page)
    page.get_by_label("Användare").select_option(label="Alice (alice)")
    page.get_by_label("Handling").select_option(label="Visade")
    page.get_by_role("button", name="Filtrera").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert f"/leverantorer/avtal/{avtal.pk}/" in rows.first.inner_text()
    assert "Avtal" in rows.first.inner_text()
    assert_accessible(page)


def test_on_a_phone_the_log_is_filtered_with_the_keyboard_alone(page, ada, alice, tmp_path):
    avtal = AvtalFactory(leverantor__namn="Solgården AB")
    login(page, "alice", PASSWORD)
    page.goto(f"/leverantorer/avtal/{avtal.pk}/")
    page.get_by_role("button", name="Logga ut").click()

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "ada", PASSWORD)
    page.goto("/administration/atkomstlogg/")
    page.screenshot(path=tmp_path / "atkomstlogg-390.png", full_page=True)
    # Nothing wider than the phone: the table scrolls inside its own box if at all.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.get_by_label("Användare").select_option(label="Alice (alice)")
    page.get_by_role("button", name="Filtrera").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert f"/leverantorer/avtal/{avtal.pk}/" in rows.first.inner_text()
