"""Users page: invite by e-mail, roles, deactivation, all with who/when/what."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from administration.models import Anvandarhandelse, Handelse
from tests.conftest import make_user
from uppfoljning import roles

NEW_PASSWORD = "Ett-nytt-langt-losenord-42"


def group(name):
    return Group.objects.get(name=name)


def invite(client, **extra):
    data = {
        "username": "berit",
        "first_name": "Berit",
        "last_name": "Strand",
        "email": "berit@example.org",
        "roller": [group(roles.STRATEG).pk],
        **extra,
    }
    return client.post(reverse("administration:anvandare_create"), data)


def link_in(message):
    match = re.search(r"http://testserver(/konto/satt-losenord/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.mark.django_db
def test_an_invited_user_sets_a_password_from_the_mail_and_logs_in(
    client, ada, django_user_model, mailoutbox
):
    client.force_login(ada)
    response = invite(client)
    berit = django_user_model.objects.get(username="berit")
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("administration:anvandare", args=[berit.pk])
    assert berit.is_active and not berit.is_staff and not berit.is_superuser
    assert not berit.has_usable_password()
    assert list(berit.groups.values_list("name", flat=True)) == [roles.STRATEG]

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["berit@example.org"]
    assert mail.subject == "Uppföljning av privata utförare – Exempelkommunen: sätt ditt lösenord"
    assert "Ditt användarnamn: berit" in mail.body
    assert "Socialförvaltningen, Exempelkommunen" in mail.body
    link = link_in(mail)

    client.logout()
    # The view swaps the token for a session marker, as Django's reset view does.
    form_page = client.get(link, follow=True)
    assert "Välj ett lösenord för ditt konto" in form_page.text
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done.headers["Location"] == reverse("satt_losenord_klart")

    login = client.post(reverse("login"), {"username": "berit", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert login.headers["Location"] == reverse("home")
    # Used once: the same link no longer works.
    client.logout()
    assert "Länken fungerar inte" in client.get(link, follow=True).text

    handelser = list(
        Anvandarhandelse.objects.filter(anvandare=berit)
        .order_by("pk")
        .values_list("handelse", "utford_av__username", "detalj")
    )
    assert handelser == [
        (Handelse.SKAPAD, "ada", "Användarnamn berit"),
        (Handelse.ROLL_TILLAGD, "ada", roles.STRATEG),
        (Handelse.INBJUDAN, "ada", "Till berit@example.org"),
        (Handelse.LOSENORD_SATT, "berit", ""),
    ]


@pytest.mark.django_db
def test_the_create_form_refuses_a_taken_username_and_a_personnummer(
    client, ada, alice, mailoutbox
):
    client.force_login(ada)
    response = invite(client, username="ALICE", last_name="Strand 19121212-1212")
    assert response.status_code == 200
    assert "Det finns redan en användare med det användarnamnet." in response.text
    assert "ser ut som ett personnummer" in response.text
    assert mailoutbox == []


@pytest.mark.django_db
def test_the_pages_never_offer_staff_superuser_or_a_password(client, ada, django_user_model):
    client.force_login(ada)
    response = invite(client, is_superuser="on", is_staff="on", password="hemligt-123456")
    assert response.status_code == 302
    berit = django_user_model.objects.get(username="berit")
    assert not berit.is_superuser and not berit.is_staff and not berit.has_usable_password()
    page = client.get(reverse("administration:anvandare_update", args=[berit.pk])).text
    for name in ("is_superuser", "is_staff", "password"):
        assert f'name="{name}' not in page


@pytest.mark.django_db
def test_resending_the_invite_sends_a_new_working_link(client, ada, mailoutbox):
    client.force_login(ada)
    invite(client)
    berit_pk = Anvandarhandelse.objects.get(handelse=Handelse.SKAPAD).anvandare_id
    response = client.post(reverse("administration:anvandare_inbjudan", args=[berit_pk]))
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    client.logout()
    assert "Välj ett lösenord" in client.get(link_in(mailoutbox[1]), follow=True).text


@pytest.mark.django_db
def test_roles_are_given_and_taken_with_history(client, ada, alice):
    client.force_login(ada)
    url = reverse("administration:anvandare_update", args=[alice.pk])
    form = client.get(url).text
    assert 'type="checkbox" name="roller"' in form
    data = {
        "first_name": "Alice",
        "last_name": "Berg",
        "email": "alice@example.org",
        "roller": [group(roles.CHEF).pk],
    }
    assert client.post(url, data).status_code == 302
    assert list(alice.groups.values_list("name", flat=True)) == [roles.CHEF]
    detail = client.get(reverse("administration:anvandare", args=[alice.pk])).text
    assert "Roll tilldelades: Chef" in detail
    assert "Roll togs bort: Strateg" in detail
    assert "Uppgifter ändrades: efternamn: – → Berg; e-post: – → alice@example.org" in detail
    assert "<td>Ada</td>" in detail


@pytest.mark.django_db
def test_a_deactivated_user_cannot_log_in_but_stays_listed_with_history(client, ada, alice):
    client.force_login(ada)
    response = client.post(reverse("administration:anvandare_avaktivera", args=[alice.pk]))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    listing = client.get(reverse("administration:anvandare_list")).text
    assert "Alice" in listing and "Avaktiverad" in listing
    assert "inbjudan väntar" not in listing  # Alice has a password
    detail = client.get(reverse("administration:anvandare", args=[alice.pk])).text
    assert "Kontot avaktiverades" in detail
    assert "<td>Ada</td>" in detail

    client.logout()
    from tests.conftest import PASSWORD

    refused = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session

    client.force_login(ada)
    client.post(reverse("administration:anvandare_aktivera", args=[alice.pk]))
    alice.refresh_from_db()
    assert alice.is_active
    assert (
        "Kontot aktiverades igen"
        in client.get(reverse("administration:anvandare", args=[alice.pk])).text
    )


@pytest.mark.django_db
def test_a_deactivated_users_old_link_no_longer_works(client, ada, alice, mailoutbox):
    alice.email = "alice@example.org"
    alice.save()
    client.force_login(ada)
    client.post(reverse("administration:anvandare_inbjudan", args=[alice.pk]))
    client.post(reverse("administration:anvandare_avaktivera", args=[alice.pk]))
    client.logout()
    assert "Länken fungerar inte" in client.get(link_in(mailoutbox[0]), follow=True).text


@pytest.mark.django_db
def test_an_administrator_cannot_deactivate_itself(client, ada, django_user_model):
    make_user(django_user_model, "adam", roles.ADMINISTRATOR)
    client.force_login(ada)
    response = client.post(
        reverse("administration:anvandare_avaktivera", args=[ada.pk]), follow=True
    )
    assert "Du kan inte avaktivera ditt eget konto." in response.text
    ada.refresh_from_db()
    assert ada.is_active


@pytest.mark.django_db
def test_the_last_active_administrator_keeps_the_role(client, ada, django_user_model):
    client.force_login(ada)
    url = reverse("administration:anvandare_update", args=[ada.pk])
    data = {"first_name": "Ada", "last_name": "", "email": "ada@example.org", "roller": []}
    data["last_name"] = "Ek"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Det måste finnas minst en aktiv administratör." in response.text
    assert ada.groups.filter(name=roles.ADMINISTRATOR).exists()
    ada.refresh_from_db()
    assert ada.last_name == ""  # nothing written on refusal
    # With a second active Administratör, Ada may step down.
    make_user(django_user_model, "adam", roles.ADMINISTRATOR)
    assert client.post(url, data).status_code == 302
    assert not ada.groups.filter(name=roles.ADMINISTRATOR).exists()


ADMIN_PAGES = [
    ("get", "administration:anvandare_list", False),
    ("get", "administration:anvandare_create", False),
    ("post", "administration:anvandare_create", False),
    ("get", "administration:anvandare", True),
    ("get", "administration:anvandare_update", True),
    ("post", "administration:anvandare_update", True),
    ("post", "administration:anvandare_inbjudan", True),
    ("post", "administration:anvandare_avaktivera", True),
    ("post", "administration:anvandare_aktivera", True),
    ("get", "administration:kommun", False),
    ("post", "administration:kommun", False),
]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["alice", "sam", "charlotte", "sixten"])
def test_every_other_role_gets_403_on_every_admin_page(client, request, persona, ada):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for method, name, with_pk in ADMIN_PAGES:
        url = reverse(name, args=[ada.pk] if with_pk else [])
        response = getattr(client, method)(url)
        assert response.status_code == 403, f"{persona} {method} {url}: {response.status_code}"
    ada.refresh_from_db()
    assert ada.is_active


@pytest.mark.django_db
def test_the_menu_shows_the_admin_pages_to_administrators_only(client, ada, alice):
    client.force_login(alice)
    page = client.get(reverse("home")).text
    assert reverse("administration:anvandare_list") not in page
    assert reverse("administration:kommun") not in page
    client.force_login(ada)
    page = client.get(reverse("home")).text
    assert f'<a href="{reverse("administration:anvandare_list")}">Användare</a>' in page
    assert f'<a href="{reverse("administration:kommun")}">Kommunen</a>' in page


@pytest.mark.django_db
def test_the_list_shows_roles_status_and_last_login(client, ada, alice):
    import datetime

    alice.last_login = datetime.datetime(2026, 3, 2, 8, 15, tzinfo=datetime.UTC)
    alice.save()
    client.force_login(ada)
    page = client.get(reverse("administration:anvandare_list")).text
    assert "<td>Strateg</td>" in page
    assert "2026-03-02 09:15" in page  # Europe/Stockholm
    assert "Aktiv" in page


@pytest.mark.django_db
def test_an_administrator_cannot_take_over_a_superuser(client, ada, django_user_model, mailoutbox):
    # Changing a superuser's address and mailing it a password link would give
    # the Administratör every right in Django admin.
    root = django_user_model.objects.create_superuser(
        username="root", email="drift@norrvik.se", password="x-" * 8
    )
    client.force_login(ada)
    detail = client.get(reverse("administration:anvandare", args=[root.pk]))
    assert "kan bara ändras av en annan superanvändare" in detail.text
    assert reverse("administration:anvandare_update", args=[root.pk]) not in detail.text
    post = {"first_name": "Root", "last_name": "", "email": "ada@example.org", "roller": []}
    for name, data in (
        ("anvandare_update", post),
        ("anvandare_inbjudan", {}),
        ("anvandare_avaktivera", {}),
        ("anvandare_aktivera", {}),
    ):
        response = client.post(reverse(f"administration:{name}", args=[root.pk]), data)
        assert response.status_code == 403, name
    root.refresh_from_db()
    assert (root.email, root.is_active) == ("drift@norrvik.se", True)
    assert mailoutbox == []
    assert not Anvandarhandelse.objects.filter(anvandare=root).exists()


@pytest.mark.django_db
def test_the_system_user_is_not_listed_and_cannot_be_changed(client, ada, mailoutbox):
    from uppfoljning.history import system_user

    system = system_user()
    client.force_login(ada)
    listing = client.get(reverse("administration:anvandare_list")).text
    assert "Systemet" not in listing
    assert reverse("administration:anvandare", args=[system.pk]) not in listing
    detail = client.get(reverse("administration:anvandare", args=[system.pk])).text
    assert "Kontot är systemets eget" in detail
    assert reverse("administration:anvandare_update", args=[system.pk]) not in detail
    post = {"first_name": "X", "last_name": "", "email": "ada@example.org", "roller": []}
    for name, data in (
        ("anvandare_update", post),
        ("anvandare_inbjudan", {}),
        ("anvandare_aktivera", {}),
    ):
        response = client.post(reverse(f"administration:{name}", args=[system.pk]), data)
        assert response.status_code == 403, name
    system.refresh_from_db()
    assert (system.email, system.is_active, system.has_usable_password()) == ("", False, False)
    assert mailoutbox == []
