"""Reachability checks reported by /healthz."""

from django.conf import settings
from django.db import connection
from django.utils import timezone

from uppfoljning.celery import app as celery_app
from uppfoljning.models import Heartbeat


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_broker():
    url = settings.CELERY_BROKER_URL
    transport = url.split("://", 1)[0]
    try:
        # A fresh connection, not the pool: the probe must see the broker now.
        with celery_app.connection_for_write(url=url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return {"ok": False, "transport": transport, "error": exc.__class__.__name__}
    return {"ok": True, "transport": transport}


def heartbeat_status(name="beat"):
    """Age of the last beat-driven heartbeat; stale after three intervals."""
    beat = Heartbeat.objects.filter(name=name).first()
    if beat is None:
        return {"ok": False, "last_seen": None, "age_seconds": None, "runs": 0}
    age = (timezone.now() - beat.last_seen).total_seconds()
    return {
        "ok": age <= 3 * settings.HEARTBEAT_INTERVAL_SECONDS,
        "last_seen": beat.last_seen.isoformat(),
        "age_seconds": round(age),
        "runs": beat.runs,
    }
