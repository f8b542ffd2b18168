"""The administration pages in Chromium: a first start, an invite, and axe-core on each page."""

import pytest

from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_first_start_then_an_invite(page, mailoutbox):
    page.goto("/konto/logga-in/")
    page.get_by_role("link", name="Skapa den första administratören").click()
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill("ada")
    page.get_by_label("Förnamn").fill("Ada")
    page.get_by_label("Efternamn").fill("Lind")
    page.get_by_label("E-post").fill("ada@example.org")
    page.locator("#id_password1").fill("fel")
    page.locator("#id_password2").fill("annat")
    page.get_by_role("button", name="Skapa administratör").click()
    assert "Lösenorden är inte lika." in page.locator("main").inner_text()
    assert_accessible(page)
    page.locator("#id_password1").fill(PASSWORD + "-X")
    page.locator("#id_password2").fill(PASSWORD + "-X")
    page.get_by_role("button", name="Skapa administratör").click()

    page.wait_for_url("**/administration/kommun/")
    assert_accessible(page)
    page.get_by_label("Kommunens namn").fill("Norrvik kommun")
    page.get_by_role("button", name="Spara").click()
    assert "Norrvik kommun" in page.locator("header").inner_text()

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Användare").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ny användare").click()
    page.get_by_label("Användarnamn").fill("berit")
    page.get_by_label("Förnamn").fill("Berit")
    page.get_by_label("Efternamn").fill("Strand")
    page.get_by_label("E-post").fill("berit@example.org")
    page.get_by_role("group", name="Roller").get_by_label("Strateg").check()
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Berit Strand"
    assert "Roll tilldelades: Strateg" in page.locator("main").inner_text()
    assert [m.to for m in mailoutbox] == [["berit@example.org"]]
    assert_accessible(page)


def test_a_user_sets_the_password_from_the_link(page, ada, settings):
    from administration.anvandare import password_link

    settings.SITE_URL = ""
    page.goto(password_link(ada))
    assert_accessible(page)
    page.locator("#id_new_password1").fill("Ett-nytt-langt-losenord-42")
    page.locator("#id_new_password2").fill("Ett-nytt-langt-losenord-42")
    page.get_by_role("button", name="Spara lösenord").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Lösenordet är sparat"
    login(page, "ada", "Ett-nytt-langt-losenord-42")
    page.wait_for_url("**/")
