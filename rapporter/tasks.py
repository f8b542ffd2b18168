"""Background PDF generation for the committee's documents."""

import os

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from rapporter.services import job_run


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
    # A render that hangs is stopped (and its job marked failed) well before
    # the job page would give up on it (services.job_fail_stalled).
    soft_time_limit=settings.REPORT_JOB_TIMEOUT // 2,
    time_limit=settings.REPORT_JOB_TIMEOUT // 2 + 60,
)
def generera_rapport(self, jobb_id):
    """Render the PDF (or freeze a version) of one Rapportjobb.

    Idempotent: the job is claimed with a conditional UPDATE (vantar -> pagar),
    so a re-delivered message, or a retry after the claim, finds nothing to do
    and never freezes a second version. Retries only cover a database that was
    briefly unavailable before the claim. The job records this worker (Celery's
    node name and the process id) and its pulse, so a killed worker's job is
    failed within seconds (services.job_fail_stalled).
    """
    hostname = self.request.hostname  # None when run eagerly
    return job_run(jobb_id, arbetare=f"{hostname}:{os.getpid()}" if hostname else None)
