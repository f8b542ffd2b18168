"""Scheduled work of the follow-up app; each task is a thin wrapper around a service."""

import datetime

from celery import shared_task

from arenden.utskick import paminnelser_skicka


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
