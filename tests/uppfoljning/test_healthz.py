from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from uppfoljning.models import Heartbeat


@pytest.mark.django_db
def test_it_reports_database_and_broker_as_json(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True
    assert body["broker"]["transport"] in ("filesystem", "redis")


@pytest.mark.django_db
def test_it_shows_a_missing_heartbeat_as_not_ok(client):
    body = client.get(reverse("healthz")).json()
    assert body["heartbeat"] == {"ok": False, "last_seen": None, "age_seconds": None, "runs": 0}


@pytest.mark.django_db
def test_it_shows_a_recent_heartbeat(client):
    Heartbeat.objects.create(name="beat", last_seen=timezone.now() - timedelta(seconds=10), runs=4)
    heartbeat = client.get(reverse("healthz")).json()["heartbeat"]
    assert heartbeat["ok"] is True
    assert heartbeat["runs"] == 4
    assert 9 <= heartbeat["age_seconds"] <= 60


@pytest.mark.django_db
def test_it_flags_a_stale_heartbeat(client, settings):
    stale = timezone.now() - timedelta(seconds=4 * settings.HEARTBEAT_INTERVAL_SECONDS)
    Heartbeat.objects.create(name="beat", last_seen=stale, runs=1)
    assert client.get(reverse("healthz")).json()["heartbeat"]["ok"] is False


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_unreachable(client, settings):
    # Nothing listens on port 1 of the loopback address.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["broker"]["ok"] is False
    assert body["database"]["ok"] is True


@pytest.mark.django_db
def test_it_is_never_cached(client):
    response = client.get(reverse("healthz"))
    assert "no-cache" in response.headers["Cache-Control"]
