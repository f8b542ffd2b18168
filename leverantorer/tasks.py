"""Celery tasks for IVO and credit checks: thin wrappers around kontroller.svep.

Tasks take ids and are queued after the transaction that planned the work
commits. Retries are bounded and only for database trouble (e.g. SQLite
busy); source errors never reach here, they are stored as failed checks.
"""

from celery import shared_task
from django.db import OperationalError, transaction

from leverantorer.kontroller.svep import schemalagda_svep, svep_chunk


@shared_task(
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=5,
    retry_backoff_max=60,
)
def svep_kor(svep_id):
    """Work one chunk of a sweep, then queue the next.

    Idempotent: the chunk is claimed with a conditional UPDATE on a lease, and
    a subject already checked in this sweep is skipped (a unique constraint
    backs this), so a re-delivered or duplicated task adds no check and no
    signal; a copy that cannot claim the sweep simply ends.
    """
    if svep_chunk(svep_id):
        svep_kor.delay(svep_id)


@shared_task(autoretry_for=(OperationalError,), max_retries=3, retry_backoff=5)
def kontroller_schemalagda():
    """Beat wakes this often: start due sweeps and resume stalled ones.

    Idempotent: a due time is claimed with a conditional UPDATE (one caller
    wins), and re-queuing a running sweep is harmless (see svep_kor).
    """
    for svep_id in schemalagda_svep():
        transaction.on_commit(lambda svep_id=svep_id: svep_kor.delay(svep_id))
