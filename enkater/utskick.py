"""Send-outs: create one, choose its recipients, send it, revoke or renew a link.

Sending runs in the background (enkater.tasks.skicka_utskick_task) and uses
the claiming discipline of arenden.reminder_mail: a batch of recipients is
claimed with a conditional UPDATE (`ansprak`), each letter is sent, and the
row is marked `skickad` only after the mail server accepted it. A failed
letter releases its claim (the task's retry or the next run sends it); two
workers never claim the same row; a claim left by a killed worker expires
after PAMINNELSE_ANSPRAK_MINUTER (the claim is a time-based UUID, so its age
is read from it; Mottagare has no claim time of its own).

The link's token is made when the letter is sent, never before, and only its
hash is stored: the database alone opens no link.
"""

import datetime
import logging
import secrets
import smtplib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from administration.kommun import aktuell
from enkater import epost
from enkater.models import Mottagare, SvarStatus, Utskick, UtskickStatus
from enkater.tokens import new_token
from enkater.versioner import frys
from uppfoljning.history import save_as

logger = logging.getLogger(__name__)

BATCH = 50


def utskick_skapa(uppfoljning, version, *, svar_senast, respit_dagar, meddelande, user):
    """A draft send-out of a questionnaire version within a follow-up."""
    utskick = Utskick(
        uppfoljning=uppfoljning,
        version=version,
        svar_senast=svar_senast,
        respit_dagar=respit_dagar,
        meddelande=meddelande,
        skapad_av=user,
    )
    return save_as(utskick, user=user, reason="Utskick skapat", clean=True)


def mottagare_lagg_till(utskick, forslag, user):
    """Add the chosen proposals (enkater.mottagare.Forslag) as recipients of a draft.

    A proposal without an address is refused; one already a recipient is skipped.
    Returns the number added.
    """
    if utskick.status != UtskickStatus.UTKAST:
        raise ValidationError("Mottagare kan bara läggas till innan utskicket har skickats.")
    saknar = [f.namn for f in forslag if f.saknar_epost]
    if saknar:
        raise ValidationError(f"Saknar e-post: {', '.join(saknar)}. Ange en adress först.")
    rows = [
        Mottagare(
            utskick=utskick,
            leverantor=f.leverantor,
            verksamhet=f.verksamhet,
            anvandare=f.anvandare,
            epost="" if f.anvandare is not None else f.epost,
        )
        for f in forslag
    ]
    before = utskick.mottagare.count()
    Mottagare.objects.bulk_create(rows, ignore_conflicts=True)
    utskick.antal_mottagare = utskick.mottagare.count()
    save_as(utskick, user=user, reason="Mottagare tillagda")
    return utskick.antal_mottagare - before


def utskick_skicka(utskick, user):
    """Freeze the version, mark the send-out as being sent and queue the letters."""
    from enkater.tasks import skicka_utskick_task

    if utskick.status != UtskickStatus.UTKAST:
        raise ValidationError("Utskicket är redan skickat.")
    if not utskick.mottagare.exists():
        raise ValidationError("Välj minst en mottagare innan du skickar.")
    frys(utskick.version)
    utskick.status = UtskickStatus.SKICKAS
    utskick.skickat = timezone.now()
    utskick.antal_mottagare = utskick.mottagare.count()
    save_as(utskick, user=user, reason="Utskick skickat")
    transaction.on_commit(lambda: skicka_utskick_task.delay(utskick.pk))
    return utskick


def mottagare_aterkalla(mottagare, user):
    """Revoke a recipient: the link stops working (its hash is kept, for the record)."""
    if mottagare.aterkallad is None:
        mottagare.aterkallad = timezone.now()
        mottagare.aterkallad_av = user
        mottagare.save(update_fields=["aterkallad", "aterkallad_av"])
    return mottagare


def ny_lank(mottagare, user):
    """Replace an external recipient's token (the old link stops working) and mail the new one.

    All or nothing: if the mail server refuses, the old link still works.
    A revoked recipient gets no new link (revoking is final, for the record).
    """
    if not mottagare.extern:
        raise ValidationError("En medarbetare svarar inloggad och har ingen länk.")
    if mottagare.aterkallad is not None:
        raise ValidationError("Mottagaren är återkallad och kan inte få en ny länk.")
    utskick = mottagare.utskick
    if utskick.status == UtskickStatus.UTKAST:
        raise ValidationError("Utskicket är inte skickat än.")
    token, hashed = new_token()
    with transaction.atomic():
        mottagare.token_hash = hashed
        mottagare.skickad = timezone.now()
        mottagare.save(update_fields=["token_hash", "skickad"])
        epost.utskick_brev(mottagare, utskick, token, ny_lank=True).send()
    logger.info("Ny länk till mottagare %s av %s", mottagare.pk, user)
    return mottagare


# --- The background send ------------------------------------------------------


def _claim_token():
    """A time-based UUID (random node, no MAC address): its age can be read back."""
    return uuid.uuid1(node=secrets.randbits(48) | 0x010000000000)


def _claim_age(value, now):
    """The time a claim was made, from its UUID (version 1), else None."""
    if value is None or value.version != 1:
        return None
    seconds = (value.time - 0x01B21DD213814000) / 10_000_000
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def release_stale_claims(utskick_id, now=None):
    """Free claims older than PAMINNELSE_ANSPRAK_MINUTER whose letter was never marked sent."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(minutes=settings.PAMINNELSE_ANSPRAK_MINUTER)
    held = Mottagare.objects.filter(
        utskick_id=utskick_id, skickad__isnull=True, ansprak__isnull=False
    ).values_list("pk", "ansprak")
    old = [(pk, claim) for pk, claim in held if (_claim_age(claim, now) or now) < stale]
    for pk, claim in old:
        Mottagare.objects.filter(pk=pk, ansprak=claim, skickad__isnull=True).update(ansprak=None)
    return len(old)


def _unsent(utskick_id):
    return Mottagare.objects.filter(
        utskick_id=utskick_id, skickad__isnull=True, aterkallad__isnull=True
    )


def skicka_mottagare(utskick_id, *, batch=BATCH):
    """Send the letters of a send-out not yet sent; returns (sent, failed pks).

    Safe to run twice at once and to re-run: only claimed rows are sent.
    """
    utskick = Utskick.objects.select_related("version__formular").get(pk=utskick_id)
    if utskick.status not in (UtskickStatus.SKICKAS, UtskickStatus.SKICKAT):
        return 0, []
    release_stale_claims(utskick_id)
    kommun = aktuell().namn
    sent, failed = 0, []
    while True:
        token = _claim_token()
        wanted = list(
            _unsent(utskick_id)
            .filter(ansprak__isnull=True)
            .exclude(pk__in=failed)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not wanted:
            break
        Mottagare.objects.filter(pk__in=wanted, ansprak__isnull=True, skickad__isnull=True).update(
            ansprak=token
        )
        claimed = list(
            Mottagare.objects.filter(ansprak=token, skickad__isnull=True)
            .select_related("leverantor", "verksamhet", "anvandare")
            .order_by("pk")
        )
        if not claimed:
            continue  # another worker took this batch
        connection = get_connection()
        with connection:
            for mottagare in claimed:
                outcome = _send_one(mottagare, utskick, token, connection, kommun)
                if outcome == SENT:
                    sent += 1
                elif outcome == FAILED:
                    failed.append(mottagare.pk)
        Utskick.objects.filter(pk=utskick_id).update(
            antal_skickade=Mottagare.objects.filter(
                utskick_id=utskick_id, skickad__isnull=False
            ).count()
        )
    if not failed and not _unsent(utskick_id).exists():
        Utskick.objects.filter(pk=utskick_id, status=UtskickStatus.SKICKAS).update(
            status=UtskickStatus.SKICKAT
        )
    return sent, failed


SENT, FAILED, SKIPPED = "sent", "failed", "skipped"


def _send_one(mottagare, utskick, claim, connection, kommun):
    mine = Mottagare.objects.filter(pk=mottagare.pk, ansprak=claim, skickad__isnull=True)
    plain = None
    if mottagare.extern:
        plain, hashed = new_token()
        try:
            if not mine.update(token_hash=hashed):
                return SKIPPED  # no longer ours
        except IntegrityError:  # a token collision: never in practice; try next run
            mine.update(ansprak=None)
            return FAILED
    message = epost.utskick_brev(mottagare, utskick, plain, kommun=kommun)
    message.connection = connection
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception(
            "Utskick %s: brevet till mottagare %s misslyckades", utskick.pk, mottagare.pk
        )
        mine.update(ansprak=None)
        return FAILED
    except Exception:
        mine.update(ansprak=None)
        raise
    mine.update(skickad=timezone.now())
    return SENT


# --- Progress -----------------------------------------------------------------


@dataclass
class Rad:
    """One recipient on the progress page; `status` is what may be shown of them."""

    mottagare: Mottagare
    status: str
    forsenad: bool
    visa_besok: bool
    # The submitted answer a reviewer may open (never for a colleague in an anonymous survey).
    granskningsbart: object = None


@dataclass
class Framsteg:
    antal: int = 0
    skickade: int = 0
    oppnade: int = 0
    utkast: int = 0
    inskickade: int = 0
    forsenade: int = 0
    aterkallade: int = 0
    rader: list = field(default_factory=list)


def _besvarad(mottagare, svar):
    return mottagare.besvarad or (svar is not None and svar.status != SvarStatus.UTKAST)


def framsteg(utskick, on=None):
    """Counts and one row per recipient, in one query.

    For an anonymous survey a colleague's row says only whether the letter
    was sent: never whether, or when, they opened or answered.
    """
    on = on or timezone.localdate()
    result = Framsteg()
    rows = utskick.mottagare.select_related(
        "leverantor", "verksamhet", "anvandare", "svar"
    ).order_by("leverantor__namn", "verksamhet__namn", "anvandare__username", "pk")
    for m in rows:
        svar = getattr(m, "svar", None)
        besvarad = _besvarad(m, svar)
        result.antal += 1
        result.skickade += m.skickad is not None
        result.oppnade += m.forsta_besok is not None
        result.utkast += svar is not None and svar.status == SvarStatus.UTKAST
        result.inskickade += besvarad
        forsenad = m.aterkallad is None and not besvarad and on > utskick.svar_senast
        result.forsenade += forsenad
        result.aterkallade += m.aterkallad is not None
        dold = utskick.anonymt and not m.extern
        if m.aterkallad is not None:
            status = "Återkallad"
        elif m.skickad is None:
            status = "Ej skickat"
        elif dold:
            status = "Skickat"
        elif besvarad:
            status = svar.get_status_display() if svar is not None else "Inskickat"
        elif svar is not None:
            status = "Utkast sparat"
        elif m.forsta_besok is not None:
            status = "Öppnat"
        else:
            status = "Skickat"
        result.rader.append(
            Rad(
                mottagare=m,
                status=status,
                forsenad=forsenad and not dold,
                visa_besok=not dold,
                granskningsbart=svar if besvarad and svar is not None and not dold else None,
            )
        )
    return result
