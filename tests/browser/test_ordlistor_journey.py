"""An administrator adds, renames and retires a deviation category."""

import pytest

from arenden.models import AvvikelseKategori, Metod
from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_keeps_the_deviation_categories(page, ada):
    login(page, "ada", PASSWORD)
    page.get_by_role("link", name="Ordlistor").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Avvikelsekategorier").click()
    assert_accessible(page)

    page.get_by_role("link", name="Lägg till ord").click()
    page.get_by_label("Namn").fill("Hot och våld")
    page.get_by_role("button", name="Spara").click()
    assert "”Hot och våld” är tillagt" in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Byt namn på Hot och våld").click()
    page.get_by_label("Namn").fill("Lokaler")
    page.get_by_role("button", name="Spara").click()
    assert "Det finns redan ett ord med det namnet i listan." in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Namn").fill("Hot och våld mot personal")
    page.get_by_role("button", name="Spara").click()

    page.get_by_role("button", name="Avveckla Hot och våld mot personal").click()
    assert_accessible(page)
    entry = AvvikelseKategori.objects.get(kod="hot-och-vald")
    assert (entry.namn, entry.aktiv) == ("Hot och våld mot personal", False)
    assert page.get_by_role("button", name="Återaktivera Hot och våld mot personal").is_visible()


def test_a_word_list_with_its_actions_fits_a_phone(phone_page, ada):
    # The hidden "på <namn>" of each action, inside a table wider than the
    # phone, once widened the whole page to 459 px.
    Metod.objects.get_or_create(namn="Begäran om bemanningsschema och arbetstidsscheman")
    Metod.objects.get_or_create(namn="Granskning av IVO:s tillsynsbeslut och tillstånd")
    login(phone_page, "ada", PASSWORD)
    phone_page.wait_for_url("**/")
    for path in ("/ordlistor/metoder/", "/administration/anvandare/"):
        phone_page.goto(path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, path
    assert_accessible(phone_page)
