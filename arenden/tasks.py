"""Scheduled work of the follow-up app; each task is a thin wrapper around a service.

The IVO and credit check tasks moved here from `leverantorer.tasks` and keep
their registered names: queued messages and CELERY_BEAT_SCHEDULE name them.
They take ids and are queued after the transaction that planned the work
commits. Retries are bounded and only for database trouble (e.g. SQLite
busy); source errors never reach here, they are stored as failed checks.
"""

import datetime

from celery import shared_task
from django.db import OperationalError, transaction

from arenden.kontroller.sweeps import scheduled_sweeps, sweep_chunk
from arenden.reminder_mail import paminnelser_skicka


class ReminderSendFailed(Exception):
    """Some digests could not be handed to the mail server."""


@shared_task(bind=True, max_retries=4)
def paminnelser_skicka_task(self, on=None):
    """Send the daily reminder digests (scheduled in CELERY_BEAT_SCHEDULE).

    Idempotent: every reminder is logged per recipient under a unique
    constraint and claimed before sending, so a re-delivered or retried task
    sends only what has not been sent. Failed digests are released and retried
    with exponential backoff (2, 4, 8, 16 minutes); after that, tomorrow's run
    sends them.
    """
    day = datetime.date.fromisoformat(on) if on else None
    result = paminnelser_skicka(on=day)
    if result.failed:
        raise self.retry(
            exc=ReminderSendFailed(f"Påminnelser kunde inte skickas till: {result.failed}"),
            countdown=120 * 2**self.request.retries,
        )
    return result.summary()


@shared_task(
    name="leverantorer.tasks.svep_kor",
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=5,
    retry_backoff_max=60,
)
def sweep_run(svep_id):
    """Work one chunk of a sweep, then queue the next.

    Idempotent: the chunk is claimed with a conditional UPDATE on a lease, and
    a subject already checked in this sweep is skipped (a unique constraint
    backs this), so a re-delivered or duplicated task adds no check and no
    signal; a copy that cannot claim the sweep simply ends.
    """
    if sweep_chunk(svep_id):
        sweep_run.delay(svep_id)


@shared_task(
    name="leverantorer.tasks.kontroller_schemalagda",
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=5,
)
def scheduled_checks():
    """Beat wakes this often: start due sweeps and resume stalled ones.

    Idempotent: a due time is claimed with a conditional UPDATE (one caller
    wins), and re-queuing a running sweep is harmless (see sweep_run).
    """
    for svep_id in scheduled_sweeps():
        transaction.on_commit(lambda svep_id=svep_id: sweep_run.delay(svep_id))
