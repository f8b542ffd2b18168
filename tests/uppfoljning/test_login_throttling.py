"""Failed logins are throttled per username and address (django-axes, issue 14 finding 6)."""

import datetime
import logging
import os
import subprocess
import sys
import textwrap
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from uppfoljning.throttling import account_reference, client_ip

LOCKED = "Inloggningen är spärrad en stund"


def attempt(client, password, username="alice", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail_five_times(client, username="alice", **extra):
    return [attempt(client, "fel-lösenord", username, **extra) for _ in range(5)]


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_it_refuses_the_right_password_after_five_wrong_ones_in_swedish(client, alice):
    answers = fail_five_times(client)
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    sixth = attempt(client, PASSWORD)
    assert sixth.status_code == 429
    assert LOCKED in sixth.text
    assert "Vänta 15 minuter och försök sedan igen" in sixth.text
    assert "Kontakta Administratören" in sixth.text
    assert '<html lang="sv">' in sixth.text
    assert not logged_in(client)


@pytest.mark.django_db
def test_it_accepts_the_right_password_after_the_cool_off(client, alice):
    fail_five_times(client)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14), tick=False):
        assert attempt(client, PASSWORD).status_code == 429
    # The refused try at 14 minutes began the wait again (AXES_RESET_COOL_OFF_ON_FAILURE...).
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30), tick=False):
        answer = attempt(client, PASSWORD)
        assert answer.status_code == 302
        assert logged_in(client)


@pytest.mark.django_db
def test_four_wrong_passwords_still_let_the_right_one_in_and_reset_the_count(client, alice):
    for _ in range(4):
        attempt(client, "fel-lösenord")
    assert attempt(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    for _ in range(4):
        attempt(client, "fel-lösenord")
    assert attempt(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_lockout_holds_one_username_from_one_address_only(client, alice, bob):
    fail_five_times(client, REMOTE_ADDR="10.1.1.1")
    # Somebody guessing from elsewhere cannot lock Alice out of her own desk...
    assert attempt(client, PASSWORD, REMOTE_ADDR="10.2.2.2").status_code == 302
    client.logout()
    # ...nor Bob out from the same address.
    assert attempt(client, PASSWORD, "bob", REMOTE_ADDR="10.1.1.1").status_code == 302
    client.logout()
    assert attempt(client, PASSWORD, REMOTE_ADDR="10.1.1.1").status_code == 429


@pytest.mark.django_db
def test_the_admin_login_is_throttled_too(client, ada):
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "ada", "password": "fel-lösenord"})
    answer = client.post(reverse("admin:login"), {"username": "ada", "password": PASSWORD})
    assert answer.status_code == 429
    assert LOCKED in answer.text


@pytest.mark.django_db
def test_the_lockout_is_logged_without_username_address_or_password(client, alice, caplog):
    with caplog.at_level(logging.INFO):
        fail_five_times(client, REMOTE_ADDR="10.9.8.7")
    text = caplog.text
    assert f"account ref {account_reference('alice')}" in text
    assert "Login locked out after 5 failed attempts" in text
    for secret in ("alice", "10.9.8.7", "fel-lösenord"):
        assert secret not in text


@pytest.mark.django_db
def test_no_password_is_stored_with_the_attempts(client, alice):
    fail_five_times(client)
    stored = AccessAttempt.objects.get()
    assert stored.failures_since_start == 5
    assert "fel-lösenord" not in stored.post_data
    assert "password=********************" in stored.post_data


@pytest.mark.django_db
def test_the_administrator_lifts_a_lockout_with_lasupp(client, alice):
    fail_five_times(client)
    out = StringIO()
    call_command("lasupp", "alice", stdout=out)
    assert out.getvalue() == "Spärren är hävd: 1 registrerade försök borttagna.\n"
    assert attempt(client, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lasupp_prints_the_log_reference_and_unlocks_nothing(client, alice):
    fail_five_times(client)
    out = StringIO()
    call_command("lasupp", "alice", "--referens", stdout=out)
    assert out.getvalue() == account_reference("alice") + "\n"
    assert AccessAttempt.objects.count() == 1


def test_the_account_reference_is_stable_and_not_the_username():
    assert account_reference("alice") == account_reference("ALICE")
    assert account_reference("alice") != account_reference("bob")
    assert len(account_reference("alice")) == 12
    assert "alice" not in account_reference("alice")


# --- The client's address behind the proxy -----------------------------------


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/konto/logga-in/", **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_the_forwarded_header_is_ignored():
    assert client_ip(request_from("192.0.2.10", "198.51.100.1")) == "192.0.2.10"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_appended_counts():
    # The client claimed 6.6.6.6; the proxy appended what it really saw.
    assert client_ip(request_from("10.0.0.2", "6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("10.0.0.2", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_outer_ones_entry_counts():
    assert client_ip(request_from("10.0.0.3", "6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_address_is_counted_apart(client, alice):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    fail_five_times(client, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # A forged header does not help the attacker: the proxy's entry still counts.
    forged = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy)
    assert forged.status_code == 429
    colleague = attempt(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99", **proxy)
    assert colleague.status_code == 302


def test_the_production_default_trusts_one_proxy_and_development_none():
    assert settings.TRUSTED_PROXY_COUNT == 0
    script = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "uppfoljning.example",
        "DATABASE_URL": "postgres://u@127.0.0.1:1/db",
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        "KONTROLL_IVO_ADAPTER": "fil",
        "KONTROLL_KREDIT_ADAPTER": "fil",
        "DJANGO_SETTINGS_MODULE": "uppfoljning.settings",
    }
    env.pop("DEMO_MODE", None)
    run = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(settings.BASE_DIR),
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "1"


# --- Several web processes share one count (the database handler) ------------

OTHER_PROCESS = textwrap.dedent(
    """
    import os, sys, datetime
    import time_machine
    time_machine.travel(datetime.datetime.fromisoformat(os.environ["AT"]), tick=False).start()
    import django
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    setup_test_environment()
    answer = Client().post("/konto/logga-in/", {"username": "alice", "password": sys.argv[1]})
    print(answer.status_code)
    """
)


@pytest.mark.django_db(transaction=True)
def test_a_lockout_made_in_one_process_holds_in_another(postgres, client, alice):
    fail_five_times(client)
    name = postgres.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "AT": timezone.now().isoformat(),
    }
    run = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, PASSWORD],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(settings.BASE_DIR),
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "429"
