"""Requests that survive a dropped database connection.

PostgreSQL may drop the app's connections (a restart, a failover,
pg_terminate_backend). Django notices a dead connection only when it uses
it, and the request fails with OperationalError or InterfaceError.
`DatabaseRetryMiddleware` runs an idempotent request (GET/HEAD, no
transaction open around it) once more on a fresh connection, and answers
any other request, or a second failure, with a Swedish 503 page instead of
a 500.

It is the first middleware, wrapping all others, because the database is
read before the view runs too (the session, then the user, which
LoginRequiredMiddleware asks for) and after it (a template evaluating a
lazy queryset). Django turns every exception into a response inside each
middleware layer, so the fault is not caught here as an exception: the
`got_request_exception` signal, sent while the exception is being handled,
marks the request, and the 500 response that follows is replaced.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_FAULTS = (OperationalError, InterfaceError)
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD"})
RETRY_AFTER_SECONDS = 5
_MARK = "_database_fault"


@receiver(got_request_exception)
def _mark_database_fault(sender, request=None, **kwargs):
    """Remember on the request that it failed for want of a database connection."""
    exc = sys.exc_info()[1]
    if request is not None and is_database_fault(exc):
        setattr(request, _MARK, exc)


def _driver_faults():
    # The driver's own classes too: a few code paths (a result set read in
    # chunks after the query) let psycopg's errors through unwrapped.
    faults = []
    for conn in connections.all(initialized_only=True):
        faults += [conn.Database.OperationalError, conn.Database.InterfaceError]
    return tuple(faults)


def is_database_fault(exc):
    """A lost or unusable connection (not a query the database refused, such as
    a unique constraint, which is an IntegrityError and never retried)."""
    return isinstance(exc, DATABASE_FAULTS + _driver_faults())


def _close_dropped_connections():
    """Close every connection outside a transaction, so the next query reconnects.

    A connection inside an atomic block is left alone: closing it would drop
    that transaction (and a test's rollback) behind its owner's back.
    """
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close()


def _in_transaction():
    return any(conn.in_atomic_block for conn in connections.all(initialized_only=True))


def may_retry(request):
    """Only a request that changes nothing may run twice, and only when no
    transaction is open around it (a retry cannot re-open someone else's)."""
    return request.method in IDEMPOTENT_METHODS and not _in_transaction()


def unavailable_response(request):
    """The 503 page: plain HTML that needs no database (no context processors)."""
    html = loader.get_template("503.html").render(
        {"idempotent": request.method in IDEMPOTENT_METHODS}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseRetryMiddleware:
    """Retry an idempotent request once after a database fault; else answer 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _attempt(self, request):
        """(response, fault): the fault that spoiled the attempt, or None."""
        setattr(request, _MARK, None)
        try:
            response = self.get_response(request)
        except Exception as exc:  # DEBUG_PROPAGATE_EXCEPTIONS lets it through
            if not is_database_fault(exc):
                raise
            return None, exc
        fault = getattr(request, _MARK, None)
        if fault is not None and response.status_code >= 500:
            return response, fault
        return response, None

    def __call__(self, request):
        response, fault = self._attempt(request)
        if fault is None:
            return response
        if may_retry(request):
            logger.warning(
                "Database fault on %s %s (%s); retrying once on a new connection",
                request.method,
                request.path,
                fault.__class__.__name__,
            )
            _close_dropped_connections()
            response, fault = self._attempt(request)
            if fault is None:
                return response
        logger.error(
            "Database fault on %s %s (%s); answered 503",
            request.method,
            request.path,
            fault.__class__.__name__,
        )
        _close_dropped_connections()
        return unavailable_response(request)
