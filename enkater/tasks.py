"""Background work of the questionnaires: sending a send-out, and the daily reminders.

Thin wrappers around enkater.utskick and enkater.paminnelser; both are
idempotent (claim, send, mark), so a re-delivered or retried task sends only
what has not been sent.
"""

import datetime

from celery import shared_task
from django.db import OperationalError

from enkater.paminnelser import paminn
from enkater.utskick import skicka_mottagare


class UtskickFailed(Exception):
    """Some letters could not be handed to the mail server."""


@shared_task(bind=True, max_retries=4, autoretry_for=(OperationalError,), retry_backoff=5)
def skicka_utskick_task(self, utskick_id):
    """Send a send-out's letters in batches; failed letters are retried (2, 4, 8, 16 min)."""
    sent, failed = skicka_mottagare(utskick_id)
    if failed:
        raise self.retry(
            exc=UtskickFailed(f"Utskick {utskick_id}: {len(failed)} brev kunde inte skickas"),
            countdown=120 * 2**self.request.retries,
        )
    return {"skickade": sent}


@shared_task(bind=True, max_retries=4)
def paminna_enkater_task(self, on=None):
    """The daily questionnaire reminders (CELERY_BEAT_SCHEDULE "enkatpaminnelser")."""
    day = datetime.date.fromisoformat(on) if on else None
    sent, failed = paminn(on=day)
    if failed:
        raise self.retry(
            exc=UtskickFailed(f"{failed} påminnelser kunde inte skickas"),
            countdown=120 * 2**self.request.retries,
        )
    return {"skickade": sent, "misslyckade": failed}
