"""The access log: who read what sensitive, and its retention purge.

Views that show decisions, findings, checks, protected addresses or hidden
visits, every export and every PDF download call `logga_atkomst`. Rows are
append-only (see Atkomsthandelse); `atkomst_gallra` is the only delete.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from uppfoljning.models import Atkomsthandelse, AtkomstHandling

__all__ = ["AtkomstHandling", "atkomst_gallra", "logga_atkomst", "logga_atkomst_flera"]

# The PostgreSQL trigger (migration 0004) lets a DELETE through only while
# this is set in the purge's own transaction.
GALLRING_SETTING = "uppfoljning.atkomst_gallring"


def _target(obj_or_model):
    """(content type, id) of an instance, or (content type, None) of a model or list."""
    if obj_or_model is None:
        return None, None
    if isinstance(obj_or_model, type) and issubclass(obj_or_model, models.Model):
        return ContentType.objects.get_for_model(obj_or_model), None
    return ContentType.objects.get_for_model(type(obj_or_model)), obj_or_model.pk


def logga_atkomst(request, obj_or_model, handling=AtkomstHandling.VISA):
    """Log that the signed-in user was shown (or downloaded) obj_or_model.

    obj_or_model is an instance, a model class (a list or export of that
    type) or None (an export whose rows are no single model's). The path is
    logged without its query string: filters may hold free text.
    """
    return logga_atkomst_flera(request, [obj_or_model], handling)[0]


def logga_atkomst_flera(request, objects, handling=AtkomstHandling.VISA):
    """One row per object shown on the same page, in one query."""
    rows = []
    for obj in objects:
        objekttyp, objekt_id = _target(obj)
        rows.append(
            Atkomsthandelse(
                user=request.user,
                objekttyp=objekttyp,
                objekt_id=objekt_id,
                handling=handling,
                sokvag=request.path[:500],
            )
        )
    return Atkomsthandelse.objects.bulk_create(rows) if rows else []


def gallringsgrans(now=None):
    """The moment before which rows are purged (ATKOMSTLOGG_DAGAR days back)."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.ATKOMSTLOGG_DAGAR)


def atkomst_gallra(*, now=None):
    """Delete rows older than the retention time; the number deleted.

    The log's only delete: it calls the base QuerySet.delete past the
    refusing override, and on PostgreSQL opens the trigger for this
    transaction only. Idempotent: a re-run finds nothing more to delete.
    """
    with transaction.atomic():
        _open_trigger("on")
        try:
            old = Atkomsthandelse.objects.aldre_an(gallringsgrans(now))
            deleted, _per_model = models.QuerySet.delete(old)
        finally:
            # Shut again at once: inside an outer transaction "local" would last until it ends.
            _open_trigger("off")
    return deleted


def _open_trigger(value):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [GALLRING_SETTING, value])
