"""The first Administratör on an empty database: the setup page and the command."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from administration import anvandare
from administration.models import Anvandarhandelse, Handelse
from uppfoljning import roles

PASSWORD = "Forsta-start-losenord-77"
FORM = {
    "username": "ada",
    "first_name": "Ada",
    "last_name": "Lind",
    "email": "ada@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


@pytest.mark.django_db
def test_the_login_page_links_to_the_first_start_while_nobody_exists(client, django_user_model):
    assert reverse("forsta_start") in client.get(reverse("login")).text
    django_user_model.objects.create_user("nagon")
    assert reverse("forsta_start") not in client.get(reverse("login")).text


@pytest.mark.django_db
def test_the_setup_page_is_shut_where_the_settings_shut_it(client, settings, django_user_model):
    # Production's default: the first administrator comes from the command.
    settings.SETUP_PAGE = False
    assert client.get(reverse("forsta_start")).status_code == 404
    assert client.post(reverse("forsta_start"), FORM).status_code == 404
    assert reverse("forsta_start") not in client.get(reverse("login")).text
    assert not django_user_model.objects.exists()


@pytest.mark.django_db
def test_the_first_start_creates_an_administrator_and_logs_in(client, django_user_model):
    response = client.post(reverse("forsta_start"), FORM)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("administration:kommun")
    ada = django_user_model.objects.get()
    assert (ada.username, ada.get_full_name(), ada.email) == ("ada", "Ada Lind", "ada@example.org")
    assert ada.is_active and not ada.is_staff and not ada.is_superuser
    assert list(ada.groups.values_list("name", flat=True)) == [roles.ADMINISTRATOR]
    assert ada.check_password(PASSWORD)
    assert int(client.session["_auth_user_id"]) == ada.pk
    assert client.get(reverse("administration:kommun")).status_code == 200
    assert Anvandarhandelse.objects.filter(anvandare=ada, handelse=Handelse.SKAPAD).exists()
    # Closed for good: the page and a second POST answer 404.
    client.logout()
    assert client.get(reverse("forsta_start")).status_code == 404
    assert client.post(reverse("forsta_start"), {**FORM, "username": "eve"}).status_code == 404
    assert django_user_model.objects.count() == 1


@pytest.mark.django_db
def test_the_first_start_validates_the_password(client, django_user_model):
    response = client.post(reverse("forsta_start"), {**FORM, "password2": "annat"})
    assert "Lösenorden är inte lika." in response.text
    response = client.post(
        reverse("forsta_start"), {**FORM, "password1": "kort", "password2": "kort"}
    )
    assert "Det här lösenordet är för kort." in response.text
    assert not django_user_model.objects.exists()


@pytest.mark.django_db
def test_a_first_start_that_loses_the_race_is_refused(django_user_model):
    # The form was valid while the database was empty; someone else got there first.
    django_user_model.objects.create_user("snabbare")
    with pytest.raises(anvandare.ForstaStartStangd):
        anvandare.skapa_forsta_administrator(
            username="ada",
            first_name="Ada",
            last_name="Lind",
            email="a@example.org",
            password=PASSWORD,
        )
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["snabbare"]


@pytest.mark.django_db
def test_the_command_creates_an_administrator_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_LOSENORD", PASSWORD)
    out = io.StringIO()
    call_command(
        "skapa_administrator",
        "--username=ada",
        "--email=ada@example.org",
        "--name=Ada Lind",
        "--password-from-env=ADMIN_LOSENORD",
        stdout=out,
    )
    assert out.getvalue() == "Administratören ada är skapad och kan logga in.\n"
    ada = get_user_model().objects.get(username="ada")
    assert (ada.first_name, ada.last_name, ada.email) == ("Ada", "Lind", "ada@example.org")
    assert ada.is_active and not ada.is_staff and not ada.is_superuser
    assert ada.check_password(PASSWORD)
    assert list(ada.groups.values_list("name", flat=True)) == [roles.ADMINISTRATOR]


@pytest.mark.django_db
def test_the_command_refuses_an_existing_username(monkeypatch, django_user_model):
    django_user_model.objects.create_user("ada")
    monkeypatch.setenv("ADMIN_LOSENORD", PASSWORD)
    with pytest.raises(CommandError, match="Användarnamnet 'ADA' finns redan"):
        call_command(
            "skapa_administrator",
            "--username=ADA",
            "--email=ada@example.org",
            "--name=Ada Lind",
            "--password-from-env=ADMIN_LOSENORD",
        )
    assert django_user_model.objects.count() == 1


@pytest.mark.django_db
def test_the_command_refuses_a_weak_password(monkeypatch, django_user_model):
    monkeypatch.setenv("ADMIN_LOSENORD", "12345678901")
    with pytest.raises(CommandError, match="Lösenordet godtas inte"):
        call_command(
            "skapa_administrator",
            "--username=ada",
            "--email=ada@example.org",
            "--name=Ada Lind",
            "--password-from-env=ADMIN_LOSENORD",
        )
    assert not django_user_model.objects.exists()


@pytest.mark.django_db
def test_the_command_asks_interactively_and_the_password_twice(monkeypatch):
    answers = iter(["ada", "Ada Lind", "ada@example.org"])
    passwords = iter(["fel-ett", "fel-tva", PASSWORD, PASSWORD])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))
    err = io.StringIO()
    call_command("skapa_administrator", stdout=io.StringIO(), stderr=err)
    assert "Lösenorden är inte lika." in err.getvalue()
    ada = get_user_model().objects.get(username="ada")
    assert ada.check_password(PASSWORD) and not ada.is_superuser


@pytest.mark.django_db
def test_the_first_start_still_opens_when_only_the_system_user_exists(client, django_user_model):
    from uppfoljning.history import system_user

    system_user()  # a task or an import ran before anyone logged in
    assert reverse("forsta_start") in client.get(reverse("login")).text
    assert client.get(reverse("forsta_start")).status_code == 200

    assert client.post(reverse("forsta_start"), FORM).status_code == 302
    assert sorted(django_user_model.objects.values_list("username", flat=True)) == [
        "ada",
        "system",
    ]
    assert client.get(reverse("forsta_start")).status_code == 404
