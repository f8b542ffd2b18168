import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_it_logs_in_and_lands_on_home(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Välkommen, Alice" in home.text
    assert "Strateg" in home.text


@pytest.mark.django_db
def test_it_refuses_a_wrong_password_in_swedish(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "fel"})
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_logs_out_with_post(client, alice):
    client.force_login(alice)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_it_changes_the_password(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ett-nytt-langt-losenord-42",
            "new_password2": "ett-nytt-langt-losenord-42",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("ett-nytt-langt-losenord-42")


@pytest.mark.django_db
def test_it_rejects_a_short_new_password_in_swedish(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "Det här lösenordet är för kort" in response.text
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_it_expires_sessions():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


@pytest.mark.django_db
def test_it_shows_the_page_in_swedish_with_a_skip_link(client):
    response = client.get(reverse("login"))
    assert '<html lang="sv">' in response.text
    assert 'href="#main"' in response.text
    assert "Content-Security-Policy" in response.headers
