import pytest

from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = ["alice", "sam", "charlotte", "sixten", "ada"]


def test_the_login_page_is_accessible(page):
    page.goto("/konto/logga-in/")
    assert page.title().startswith("Logga in")
    assert_accessible(page)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_logs_in_and_sees_the_home_page(page, request, persona):
    user = request.getfixturevalue(persona)
    login(page, user.username, PASSWORD)
    page.wait_for_url("**/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == f"Välkommen, {user.first_name}"
    assert user.groups.get().name in page.locator("main").inner_text()


def test_the_home_page_is_accessible(page, alice):
    login(page, "alice", PASSWORD)
    page.wait_for_url("**/")
    assert_accessible(page)


def test_a_wrong_password_is_explained(page, alice):
    login(page, "alice", "fel-lösenord")
    assert "Ange ett korrekt användarnamn och lösenord" in page.get_by_role("alert").inner_text()


def test_the_skip_link_moves_focus_to_the_content(page, alice):
    login(page, "alice", PASSWORD)
    page.wait_for_url("**/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_home_page_fits_a_phone(phone_page, alice):
    login(phone_page, "alice", PASSWORD)
    phone_page.wait_for_url("**/")
    scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375
    assert_accessible(phone_page)


def test_the_lockout_page_is_accessible_and_explains_the_wait(page, alice):
    for _ in range(5):
        login(page, "alice", "fel-lösenord")
    login(page, "alice", PASSWORD)
    assert page.title().startswith("Inloggningen är spärrad")
    assert "Vänta 15 minuter" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_login_page_with_single_sign_on_is_accessible(page, settings):
    settings.OIDC_ENABLED = True
    page.goto("/konto/logga-in/")
    link = page.get_by_role("link", name="Logga in med kommunens konto")
    assert link.get_attribute("href") == "/oidc/authenticate/"
    assert_accessible(page)
