"""Production settings refuse to start half-configured.

Each case imports the settings in a fresh interpreter, as a server would.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": "tQ8#vN2$kL5@pR9!wZ3^mX7&cB1*hJ4%fG6(dS0)yU8-eA2+iO5=nT7",
    "ALLOWED_HOSTS": "uppfoljning.example.se",
    "DATABASE_URL": "postgres://uppfoljning@127.0.0.1:5432/uppfoljning",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def run_django(env_overrides, *args):
    env = {k: v for k, v in os.environ.items() if k not in GOOD_PRODUCTION and k != "REDIS_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set"),
        ("DATABASE_URL", "DATABASE_URL must point at PostgreSQL"),
        ("CELERY_BROKER_URL", "CELERY_BROKER_URL (or REDIS_URL) must be set"),
    ],
)
def test_production_refuses_to_start_without(missing, message):
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != missing}
    result = run_django(env, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_sqlite():
    env = dict(GOOD_PRODUCTION, DATABASE_URL="sqlite:////tmp/x.sqlite3")
    result = run_django(env, "check")
    assert result.returncode != 0
    assert "Production runs on PostgreSQL" in result.stderr


def test_production_refuses_demo_mode():
    result = run_django(dict(GOOD_PRODUCTION, DEMO_MODE="true"), "check")
    assert result.returncode != 0
    assert "DEMO_MODE cannot be enabled" in result.stderr


def test_a_malformed_boolean_is_an_error_not_a_default():
    result = run_django({"DEBUG": "kanske"}, "check")
    assert result.returncode != 0
    assert "DEBUG='kanske' is not a boolean" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = run_django(GOOD_PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_secrets_are_read_from_files_named_by_file_variables(tmp_path):
    secret = tmp_path / "secret_key"
    # A trailing newline, as `echo` writes it, is not part of the secret.
    secret.write_text("fil-" + "k" * 60 + "\n", encoding="utf-8")
    password = tmp_path / "smtp"
    password.write_text("smtp-lösen", encoding="utf-8")
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != "SECRET_KEY"}
    env.update(SECRET_KEY_FILE=str(secret), EMAIL_HOST_PASSWORD_FILE=str(password))
    result = run_django(
        env,
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(repr(settings.SECRET_KEY), repr(settings.EMAIL_HOST_PASSWORD))",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "'fil-" + "k" * 60 + "' 'smtp-lösen'"


def test_a_secret_given_twice_or_unreadable_stops_start_up(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("x" * 60, encoding="utf-8")
    both = run_django(dict(GOOD_PRODUCTION, SECRET_KEY_FILE=str(secret)), "check")
    assert both.returncode != 0
    assert "Set either SECRET_KEY or SECRET_KEY_FILE, not both." in both.stderr

    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != "SECRET_KEY"}
    missing = run_django(dict(env, SECRET_KEY_FILE=str(tmp_path / "saknas")), "check")
    assert missing.returncode != 0
    assert "SECRET_KEY_FILE=" in missing.stderr
    assert "cannot be read: No such file or directory." in missing.stderr


def test_smtp_cannot_use_starttls_and_implicit_tls_at_once():
    result = run_django(dict(GOOD_PRODUCTION, EMAIL_USE_TLS="true", EMAIL_USE_SSL="true"), "check")
    assert result.returncode != 0
    assert "Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both." in result.stderr


def test_production_shuts_the_setup_page_unless_asked():
    code = "from django.conf import settings; print(settings.SETUP_PAGE)"
    shut = run_django(GOOD_PRODUCTION, "shell", "-c", code)
    opened = run_django(dict(GOOD_PRODUCTION, SETUP_PAGE="true"), "shell", "-c", code)
    assert shut.stdout.strip().splitlines()[-1] == "False", shut.stderr
    assert opened.stdout.strip().splitlines()[-1] == "True", opened.stderr
