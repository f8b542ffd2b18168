"""Check settings are strict: a half-configured source stops start-up."""

import pytest

from tests.uppfoljning.test_settings import GOOD_PRODUCTION, run_django


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (dict(GOOD_PRODUCTION, KONTROLL_KREDIT_ADAPTER="demo"), "demo check adapters cannot"),
        ({"KONTROLL_IVO_ADAPTER": "http"}, "KONTROLL_IVO_URL must be set"),
        (
            {
                "KONTROLL_KREDIT_ADAPTER": "http",
                "KONTROLL_KREDIT_URL": "http://127.0.0.1:9",
                "KONTROLL_KREDIT_CLIENT_ID": "kommunen",
            },
            "needs KONTROLL_KREDIT_CLIENT_SECRET",
        ),
        ({"KONTROLL_IVO_MANADER": "3,13"}, "KONTROLL_IVO_MANADER must list months"),
        ({"KONTROLL_IVO_ADAPTER": "ftp"}, "KONTROLL_IVO_ADAPTER='ftp' must be one of"),
        ({"KONTROLL_KREDIT_INTERVALL": "manad"}, "KONTROLL_KREDIT_INTERVALL='manad'"),
    ],
)
def test_it_refuses_to_start_half_configured(env, message):
    result = run_django(env, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_development_defaults_to_the_demo_adapters(settings):
    # tests.settings is the development configuration `make run` uses.
    assert settings.KONTROLL_IVO_ADAPTER == "demo"
    assert settings.KONTROLL_KREDIT_ADAPTER == "demo"


def test_beat_wakes_the_claim_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["kontroller-schema"]
    assert entry["task"] == "leverantorer.tasks.kontroller_schemalagda"
    assert entry["schedule"] == settings.KONTROLL_SCHEMA_MINUTER * 60


def test_the_check_tasks_keep_the_names_queued_messages_and_beat_use(settings):
    from arenden import tasks
    from uppfoljning.celery import app

    # Registered under their names from before the move to arenden.tasks.
    assert tasks.sweep_run.name == "leverantorer.tasks.svep_kor"
    assert tasks.scheduled_checks.name == "leverantorer.tasks.kontroller_schemalagda"
    for name, function in (
        ("leverantorer.tasks.svep_kor", "sweep_run"),
        ("leverantorer.tasks.kontroller_schemalagda", "scheduled_checks"),
    ):
        run = app.tasks[name].run
        assert (run.__module__, run.__name__) == ("arenden.tasks", function)
    assert settings.CELERY_BEAT_SCHEDULE["kontroller-schema"]["task"] in app.tasks
    assert "arenden.tasks.sweep_run" not in app.tasks
