"""Reminders to recipients who have not answered: before the deadline and on it.

- "fore": from ENKAT_PAMINNELSE_DAGAR_FORE days before the deadline (svar_senast)
  up to the day before it (a missed daily run is caught up the next day);
- "sista_dag": on the deadline day itself (a run missed that day sends none:
  a "last day today" letter the day after would be wrong).

Only open send-outs (status skickat), only recipients whose letter was sent,
who are not revoked and have not answered (the besvarad flag, or an answer
past draft). Each (recipient, milestone) is logged once in EnkatPaminnelse
(unique), claimed before the letter is sent and marked sent after the mail
server accepted it, like arenden.reminder_mail: a re-run sends nothing twice,
a failed letter is released for the next run.

A reminder to an external recipient carries no link: the token is not stored
in clear, and rotating it for a reminder would kill the link they may already
have bookmarked. It says to use the first letter's link; the strategist can
send a new link per recipient.
"""

import datetime
import logging
import smtplib
import uuid

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from administration.kommun import aktuell
from enkater import epost
from enkater.models import EnkatPaminnelse, Mottagare, Svar, SvarStatus, UtskickStatus

logger = logging.getLogger(__name__)

FORE = "fore"
SISTA_DAG = "sista_dag"


def tillfalle_for(svar_senast, on):
    """The milestone due on a date for a deadline, or None."""
    if on == svar_senast:
        return SISTA_DAG
    dagar = settings.ENKAT_PAMINNELSE_DAGAR_FORE
    if svar_senast - datetime.timedelta(days=dagar) <= on < svar_senast:
        return FORE
    return None


def obesvarade():
    """Q for recipients still to answer: sent, not revoked, not answered."""
    answered = Svar.objects.filter(mottagare=OuterRef("pk")).exclude(status=SvarStatus.UTKAST)
    return Q(skickad__isnull=False, aterkallad__isnull=True, besvarad=False) & ~Exists(answered)


def due(on):
    """[(mottagare pk, tillfalle)] due on a date, in one query."""
    dagar = settings.ENKAT_PAMINNELSE_DAGAR_FORE
    rows = Mottagare.objects.filter(
        obesvarade(),
        utskick__status=UtskickStatus.SKICKAT,
        utskick__svar_senast__gte=on,
        utskick__svar_senast__lte=on + datetime.timedelta(days=dagar),
    ).values_list("pk", "utskick__svar_senast")
    result = []
    for pk, svar_senast in rows:
        tillfalle = tillfalle_for(svar_senast, on)
        if tillfalle:
            result.append((pk, tillfalle))
    return result


def _claim(pks, now):
    token = uuid.uuid4()
    stale = now - datetime.timedelta(minutes=settings.PAMINNELSE_ANSPRAK_MINUTER)
    EnkatPaminnelse.objects.filter(pk__in=pks, skickad__isnull=True).filter(
        Q(ansprak__isnull=True) | Q(paborjad__lt=stale)
    ).update(ansprak=token, paborjad=now)
    return token


def paminn(*, on=None, now=None):
    """Send the reminders due on `on` not sent before; returns (sent, failed)."""
    on = on or timezone.localdate()
    now = now or timezone.now()
    wanted = due(on)
    if not wanted:
        return 0, 0
    EnkatPaminnelse.objects.bulk_create(
        [EnkatPaminnelse(mottagare_id=pk, tillfalle=t) for pk, t in wanted],
        ignore_conflicts=True,
        batch_size=500,
    )
    keys = set(wanted)
    unsent = EnkatPaminnelse.objects.filter(
        skickad__isnull=True, mottagare_id__in={pk for pk, _t in wanted}
    ).values_list("pk", "mottagare_id", "tillfalle")
    token = _claim([pk for pk, m, t in unsent if (m, t) in keys], now)
    claimed = EnkatPaminnelse.objects.filter(ansprak=token).select_related(
        "mottagare__utskick__version__formular",
        "mottagare__leverantor",
        "mottagare__verksamhet",
        "mottagare__anvandare",
    )
    kommun = aktuell().namn
    sent = failed = 0
    with get_connection() as connection:
        for row in claimed.order_by("pk"):
            mine = EnkatPaminnelse.objects.filter(pk=row.pk, ansprak=token)
            mottagare = row.mottagare
            message = epost.paminnelse_brev(
                mottagare, mottagare.utskick, row.tillfalle, kommun=kommun
            )
            message.connection = connection
            try:
                message.send()
            except (smtplib.SMTPException, OSError):
                logger.exception("Påminnelse %s misslyckades; skickas vid nästa körning", row.pk)
                mine.update(ansprak=None, paborjad=None)
                failed += 1
                continue
            except Exception:
                mine.update(ansprak=None, paborjad=None)
                raise
            mine.update(skickad=timezone.now())
            sent += 1
    return sent, failed
