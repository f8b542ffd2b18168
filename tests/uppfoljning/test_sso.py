"""Single sign-on against a real OpenID Connect provider on 127.0.0.1 (administration.sso)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse

from administration.models import Handelse
from administration.sso import sso_username
from tests.conftest import PASSWORD
from tests.uppfoljning.oidc_provider import OidcProvider
from uppfoljning import roles
from uppfoljning import settings as project_settings

User = get_user_model()

PERSON = {
    "sub": "entra-sub-0001",
    "oid": "00000000-1111-2222-3333-444444444444",
    "given_name": "Berit",
    "family_name": "Strand",
    "email": "berit.strand@kommun.example",
    "roles": ["Strateg"],
}


@pytest.fixture
def provider():
    with OidcProvider() as running:
        running.claims = dict(PERSON)
        with override_settings(**running.settings()):
            yield running


def sign_in(client, provider, next_url=None):
    """The browser's part: start, let the provider redirect back, follow the callback."""
    start = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    assert to_provider.headers["Location"].startswith(f"{provider.url}/authorize?")
    back = requests.get(to_provider.headers["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    assert callback.path == reverse("oidc_authentication_callback")
    return client.get(f"{callback.path}?{callback.query}")


def the_user(claim="sub", provider=None):
    return User.objects.get(username=sso_username(provider.url, PERSON[claim]))


def role_names(user):
    return set(user.groups.values_list("name", flat=True))


@pytest.mark.django_db
def test_a_new_person_signs_in_with_the_mapped_role(client, provider):
    answer = sign_in(client, provider)
    assert answer.status_code == 302
    assert answer.headers["Location"] == reverse("home")
    user = the_user(provider=provider)
    assert role_names(user) == {roles.STRATEG}
    assert (user.first_name, user.last_name, user.email) == (
        "Berit",
        "Strand",
        "berit.strand@kommun.example",
    )
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get(reverse("home"))
    assert "Välkommen, Berit" in home.text
    events = list(user.administrationshandelser.order_by("pk").values_list("handelse", "detalj"))
    assert events == [
        (Handelse.SKAPAD, "Skapad vid inloggning med kommunens konto"),
        (Handelse.ROLL_TILLAGD, "Strateg vid inloggning med kommunens konto"),
    ]


@pytest.mark.django_db
def test_the_flow_uses_state_nonce_and_pkce(client, provider):
    sign_in(client, provider)
    asked = provider.authorize_requests[0]
    assert asked["client_id"] == "uppfoljning-test"
    assert asked["redirect_uri"] == "http://testserver/oidc/callback/"
    assert asked["code_challenge_method"] == "S256"
    assert len(asked["state"]) >= 32 and len(asked["nonce"]) >= 32
    assert provider.token_requests[0]["code_verifier"]


@pytest.mark.django_db
def test_it_returns_to_the_page_asked_for(client, provider):
    answer = sign_in(client, provider, next_url="/leverantorer/")
    assert answer.headers["Location"] == "/leverantorer/"


@pytest.mark.django_db
def test_roles_are_synced_at_every_sign_in(client, provider):
    sign_in(client, provider)
    client.logout()
    provider.claims["roles"] = ["Chef", "Administrator"]
    sign_in(client, provider)
    user = the_user(provider=provider)
    assert role_names(user) == {roles.CHEF, roles.ADMINISTRATOR}
    assert User.objects.filter(username__startswith="sso-").count() == 1
    removed = user.administrationshandelser.filter(handelse=Handelse.ROLL_BORTTAGEN)
    assert list(removed.values_list("detalj", flat=True)) == [
        "Strateg vid inloggning med kommunens konto"
    ]


@pytest.mark.django_db
def test_an_sso_user_never_becomes_staff_or_superuser(client, provider):
    sign_in(client, provider)
    User.objects.filter(username__startswith="sso-").update(is_staff=True, is_superuser=True)
    client.logout()
    provider.claims["roles"] = ["Administrator"]
    sign_in(client, provider)
    user = the_user(provider=provider)
    assert (user.is_staff, user.is_superuser) == (False, False)


@pytest.mark.django_db
def test_a_person_without_a_mapped_role_is_refused_in_swedish(client, provider):
    provider.claims["roles"] = ["Okand-roll"]
    answer = sign_in(client, provider)
    assert answer.status_code == 403
    assert "Ditt konto i kommunen har ingen roll i Uppföljning" in answer.text
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username__startswith="sso-").exists()


@pytest.mark.django_db
def test_a_role_taken_away_in_the_provider_is_taken_away_here(client, provider):
    sign_in(client, provider)
    client.logout()
    provider.claims.pop("roles")
    answer = sign_in(client, provider)
    assert answer.status_code == 403
    assert role_names(the_user(provider=provider)) == set()


@pytest.mark.django_db
def test_a_deactivated_user_is_refused(client, provider):
    sign_in(client, provider)
    client.logout()
    User.objects.filter(username__startswith="sso-").update(is_active=False)
    answer = sign_in(client, provider)
    assert answer.status_code == 403
    assert "Ditt konto i Uppföljning är avaktiverat" in answer.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("spoiled", ["signature", "nonce", "audience", "issuer", "expired"])
def test_a_spoiled_id_token_is_refused(client, provider, spoiled):
    provider.tamper = {spoiled}
    answer = sign_in(client, provider)
    assert answer.status_code == 403
    assert "Svaret från kommunens inloggningstjänst kunde inte godkännas" in answer.text
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username__startswith="sso-").exists()


@pytest.mark.django_db
def test_userinfo_about_another_subject_is_refused(client, provider):
    provider.tamper = {"userinfo_sub"}
    assert sign_in(client, provider).status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_callback_cannot_be_replayed(client, provider):
    to_provider = client.get(reverse("oidc_authentication_init"))
    back = requests.get(to_provider.headers["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(back.headers["Location"])
    assert client.get(f"{callback.path}?{callback.query}").status_code == 302
    client.logout()
    again = client.get(f"{callback.path}?{callback.query}")
    assert again.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_callback_with_another_browsers_state_is_refused(client, provider):
    to_provider = client.get(reverse("oidc_authentication_init"))
    back = requests.get(to_provider.headers["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(back.headers["Location"])
    stranger = Client()
    stranger.get(reverse("oidc_authentication_init"))  # has states, but not this one
    answer = stranger.get(f"{callback.path}?{callback.query}")
    assert answer.status_code == 403
    assert "_auth_user_id" not in stranger.session


@pytest.mark.django_db
def test_the_person_is_matched_by_the_configured_claim_not_by_email(client, provider):
    with override_settings(OIDC_USER_CLAIM="oid"):
        sign_in(client, provider)
        client.logout()
        provider.claims["email"] = "ny.adress@kommun.example"
        sign_in(client, provider)
    user = the_user("oid", provider)
    assert user.email == "ny.adress@kommun.example"
    assert User.objects.filter(username__startswith="sso-").count() == 1


@pytest.mark.django_db
def test_a_local_account_with_the_same_email_is_not_taken_over(client, provider, alice):
    alice.email = PERSON["email"]
    alice.save()
    sign_in(client, provider)
    assert int(client.session["_auth_user_id"]) != alice.pk
    alice.refresh_from_db()
    assert role_names(alice) == {roles.STRATEG}


@pytest.mark.django_db
def test_groups_can_be_mapped_instead_of_app_roles(client, provider):
    provider.claims["groups"] = ["9f1c-grupp-chefer"]
    with override_settings(
        OIDC_ROLE_CLAIM="groups", OIDC_ROLE_VALUES={"9f1c-grupp-chefer": "Chef"}
    ):
        sign_in(client, provider)
    assert role_names(the_user(provider=provider)) == {roles.CHEF}


@pytest.mark.django_db
def test_entra_ids_groups_overage_is_refused_and_logged(client, provider, caplog):
    provider.claims["_claim_names"] = {"groups": "src1"}
    with override_settings(OIDC_ROLE_CLAIM="groups", OIDC_ROLE_VALUES={"g": "Chef"}):
        answer = sign_in(client, provider)
    assert answer.status_code == 403
    assert "the groups claim was left out (too many groups)" in caplog.text


@pytest.mark.django_db
def test_the_login_page_offers_the_municipality_account_only_when_enabled(client, provider):
    assert "Logga in med kommunens konto" in client.get(reverse("login")).text
    with override_settings(OIDC_ENABLED=False):
        assert "Logga in med kommunens konto" not in client.get(reverse("login")).text


@pytest.mark.django_db
@override_settings(OIDC_ENABLED=False)
def test_sso_is_off_by_default_and_its_pages_answer_404(client):
    assert project_settings.OIDC_ENABLED is False
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert (
        client.get(reverse("oidc_authentication_callback") + "?code=x&state=y").status_code == 404
    )


@pytest.mark.django_db
def test_local_passwords_keep_working_while_sso_is_on(client, provider, alice):
    answer = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert answer.status_code == 302
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_the_settings_know_our_five_roles():
    assert project_settings._SSO_ROLES == roles.ROLES
    assert set(project_settings.OIDC_ROLE_VALUES.values()) == set(roles.ROLES)


def test_the_role_map_is_read_strictly(monkeypatch):
    monkeypatch.setenv("TEST_ROLE_MAP", "Strateg=g-1, Chef=g-2,Chef=g-3")
    assert project_settings._role_map("TEST_ROLE_MAP") == {
        "g-1": "Strateg",
        "g-2": "Chef",
        "g-3": "Chef",
    }
    monkeypatch.setenv("TEST_ROLE_MAP", "Superuser=g-1")
    with pytest.raises(ImproperlyConfigured, match="Superuser=g-1"):
        project_settings._role_map("TEST_ROLE_MAP")


def test_our_username_for_a_person_is_stable_and_tied_to_the_issuer():
    name = sso_username("https://idp.example", "abc")
    assert name == sso_username("https://idp.example", "abc")
    assert name != sso_username("https://annan.example", "abc")
    assert name.startswith("sso-") and len(name) == 36


@pytest.mark.django_db
def test_a_provider_that_stops_answering_gets_a_swedish_page(client, provider):
    to_provider = client.get(reverse("oidc_authentication_init"))
    back = requests.get(to_provider.headers["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(back.headers["Location"])
    provider.httpd.shutdown()
    provider.httpd.server_close()
    answer = client.get(f"{callback.path}?{callback.query}")
    assert answer.status_code == 502
    assert "Kommunens inloggningstjänst svarade inte" in answer.text
    assert "_auth_user_id" not in client.session


def run_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_sso_switched_on_half_configured_refuses_to_start():
    result = run_check(OIDC_ENABLED="true", OIDC_RP_CLIENT_ID="x")
    assert result.returncode != 0
    assert "OIDC_ENABLED needs OIDC_RP_CLIENT_SECRET, OIDC_OP_ISSUER" in result.stderr


def test_a_role_map_naming_no_role_of_ours_refuses_to_start():
    result = run_check(OIDC_ROLE_MAP="Strateg=a,Admin=b")
    assert result.returncode != 0
    assert "OIDC_ROLE_MAP: 'Admin=b' must be Role=value" in result.stderr


@pytest.mark.django_db
def test_refused_sso_sign_ins_do_not_lock_the_office_out(client, provider):
    # Without AXES_WHITELIST_CALLABLE the fifth refusal locks every SSO sign-in from here (429).
    from axes.models import AccessAttempt

    provider.claims["roles"] = []
    for _ in range(6):
        assert sign_in(client, provider).status_code == 403
    assert not AccessAttempt.objects.exists()
    provider.claims["roles"] = ["Chef"]
    assert sign_in(client, provider).status_code == 302
