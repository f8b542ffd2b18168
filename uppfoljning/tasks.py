from celery import shared_task
from django.db.models import F
from django.utils import timezone

from uppfoljning.models import Heartbeat


@shared_task
def record_heartbeat(name="beat"):
    """Record that a scheduled task reached a worker.

    Idempotent by nature: a re-delivered task only moves the timestamp.
    """
    now = timezone.now()
    updated = Heartbeat.objects.filter(name=name).update(last_seen=now, runs=F("runs") + 1)
    if not updated:
        Heartbeat.objects.get_or_create(name=name, defaults={"last_seen": now, "runs": 1})
    return now.isoformat()


@shared_task
def atkomst_gallra_task():
    """Purge the access log's rows older than ATKOMSTLOGG_DAGAR (daily by beat).

    Idempotent: deleting what is past the limit twice deletes nothing more.
    """
    from uppfoljning.atkomst import atkomst_gallra

    return atkomst_gallra()
