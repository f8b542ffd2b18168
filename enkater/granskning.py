"""Reviewing a submitted answer: accept question by question, ask for a
complement in numbered rounds, close the answer, register a finding from it.

An answer (Svar) has no history table (see its docstring): what changed is
kept in the complement rounds (Komplettering, with the earlier value copied
into it). A finding (Brist) is an arenden record and is saved with history.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from arenden.models import Brist
from enkater.models import (
    Bedomning,
    BristUnderlag,
    Komplettering,
    Mottagare,
    Svar,
    SvarStatus,
    SvarVarde,
)
from uppfoljning.history import save_as

logger = logging.getLogger(__name__)

# Submitted and not yet accepted; a complement asked waits for the respondent.
INSKICKADE = (SvarStatus.INSKICKAT, SvarStatus.KOMPLETTERING, SvarStatus.GODKANT)


def _kraver_granskning(svar):
    if svar.status != SvarStatus.INSKICKAT:
        raise ValidationError("Svaret väntar inte på granskning.")


def oppna_kompletteringar(svar):
    """The complements asked of this answer that the respondent has not yet given."""
    return svar.kompletteringar.filter(besvarad__isnull=True)


def varde_godkann(varde, user):
    """Accept the answer to one question."""
    _kraver_granskning(varde.svar)
    varde.bedomning = Bedomning.GODKAND
    varde.save(update_fields=["bedomning"])
    return varde


def _as_pairs(fragor_med_kommentar):
    items = (
        fragor_med_kommentar.items()
        if isinstance(fragor_med_kommentar, dict)
        else fragor_med_kommentar
    )
    return [(fraga, (kommentar or "").strip()) for fraga, kommentar in items]


def begar_komplettering(svar, fragor_med_kommentar, svar_senast, user):
    """Re-open the given questions in a new numbered round; returns the Komplettering rows.

    `fragor_med_kommentar`: {fraga: comment} or [(fraga, comment)]. The
    current value of each question is kept in its Komplettering; the
    respondent is told by e-mail what to complement (an external recipient
    uses the link they already have: the mail carries no token).
    """
    if svar.mottagare_id is None:
        raise ValidationError("Ett anonymt svar kan inte kompletteras: ingen vet vem som svarade.")
    _kraver_granskning(svar)
    pairs = _as_pairs(fragor_med_kommentar)
    if not pairs:
        raise ValidationError("Välj minst en fråga som ska kompletteras.")
    errors = {}
    if any(not kommentar for _, kommentar in pairs):
        errors["kommentar"] = "Skriv vad som ska kompletteras för varje fråga."
    if svar_senast is None:
        errors["svar_senast"] = "Ange när kompletteringen ska vara inne."
    elif svar_senast < timezone.localdate():
        errors["svar_senast"] = "Sista dag för kompletteringen kan inte ha passerat."
    if any(fraga.sektion.version_id != svar.version_id for fraga, _ in pairs):
        errors["kommentar"] = "Frågan hör inte till svarets formulär."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        svar = Svar.objects.select_for_update(of=("self",)).get(pk=svar.pk)
        _kraver_granskning(svar)
        runda = svar.runda + 1
        varden = {v.fraga_id: v for v in svar.varden.filter(fraga__in=[f for f, _ in pairs])}
        rows = []
        for fraga, kommentar in pairs:
            varde = varden.get(fraga.pk)
            rows.append(
                Komplettering(
                    svar=svar,
                    runda=runda,
                    fraga=fraga,
                    kommentar=kommentar,
                    svar_senast=svar_senast,
                    begard_av=user,
                    tidigare_text=varde.text if varde else "",
                    tidigare_filnamn=varde.filnamn if varde else "",
                )
            )
        for row in rows:
            row.full_clean(exclude=["svar", "fraga", "begard_av"])
        Komplettering.objects.bulk_create(rows)
        SvarVarde.objects.filter(svar=svar, fraga__in=[f for f, _ in pairs]).update(
            bedomning=Bedomning.KOMPLETTERING
        )
        svar.runda = runda
        svar.status = SvarStatus.KOMPLETTERING
        svar.save(update_fields=["runda", "status"])
        transaction.on_commit(lambda: _mail_komplettering(svar, rows))
    return rows


def _personal_link(mottagare):
    """The staff respondent's own page for this send-out."""
    return settings.SITE_URL.rstrip("/") + reverse("enkater:personal_svara", args=[mottagare.pk])


def komplettering_text(svar, rows):
    """The e-mail's body: what to complement, by when, and how to reach the answer."""
    mottagare = svar.mottagare
    utskick = svar.utskick
    lines = [
        "Hej!",
        "",
        f"Vi har granskat ert svar på ”{utskick.version.formular}” och ber er komplettera "
        f"{'en fråga' if len(rows) == 1 else f'{len(rows)} frågor'} "
        f"senast {rows[0].svar_senast:%Y-%m-%d}:",
        "",
    ]
    for row in rows:
        lines += [f"• {row.fraga.text}", f"  {row.kommentar}", ""]
    if mottagare.extern:
        lines.append(
            "Använd länken du fick i det första e-brevet: samma länk öppnar frågorna "
            "som ska kompletteras."
        )
    else:
        lines.append(f"Du hittar frågorna här: {_personal_link(mottagare)}")
    return "\n".join(lines)


def _mail_komplettering(svar, rows):
    mottagare = Mottagare.objects.select_related("anvandare", "utskick__version__formular").get(
        pk=svar.mottagare_id
    )
    svar.mottagare = mottagare
    address = mottagare.epost if mottagare.extern else mottagare.anvandare.email
    if not address:
        logger.warning("Komplettering %s: mottagaren har ingen e-postadress.", svar.pk)
        return
    message = EmailMessage(
        subject=f"Komplettering begärd: {mottagare.utskick.version.formular}",
        body=komplettering_text(svar, rows),
        to=[address],
    )
    try:
        message.send()
    except OSError:
        # The round is saved and shows on the answer page; the mail is a notice.
        logger.exception("Komplettering %s: e-brevet kunde inte skickas.", svar.pk)


def svar_godkann(svar, user):
    """Accept and close the answer; refused while a complement is awaited."""
    if svar.status == SvarStatus.KOMPLETTERING or oppna_kompletteringar(svar).exists():
        raise ValidationError("Svaret kan inte godkännas medan en komplettering väntar på svar.")
    _kraver_granskning(svar)
    with transaction.atomic():
        svar.varden.exclude(bedomning=Bedomning.GODKAND).update(bedomning=Bedomning.GODKAND)
        svar.status = SvarStatus.GODKANT
        svar.godkand = timezone.localdate()
        svar.granskad_av = user
        svar.save(update_fields=["status", "godkand", "granskad_av"])
    return svar


def fragans_krav(fraga):
    """The first requirement the question examines (by clause), or None."""
    return fraga.krav.order_by("sortering", "pk").first()


def brist_forslag(svar, fraga):
    """What a finding from this answer starts with: theme and description."""
    krav = fragans_krav(fraga)
    tema = fraga.tema or (krav.tema if krav else None)
    beskrivning = f"Fråga: {fraga.text}"
    if krav is not None:
        beskrivning = f"Krav {krav.nummer} {krav.rubrik}. {beskrivning}"
    return {"tema": tema, "beskrivning": beskrivning, "krav_obj": krav}


def brist_fran_svar(svar, fraga, user, **brist_fields):
    """Register a finding on the answer's supplier/unit within its follow-up.

    The finding then follows the existing workflow (fixed, verified,
    escalated); a BristUnderlag row records the answer and requirement.
    """
    if fraga.sektion.version_id != svar.version_id:
        raise ValidationError("Frågan hör inte till svarets formulär.")
    if not brist_fields.get("atgard_senast"):
        raise ValidationError({"atgard_senast": "Ange när bristen ska vara åtgärdad."})
    forslag = brist_forslag(svar, fraga)
    krav = forslag.pop("krav_obj")
    fields = {**forslag, **{k: v for k, v in brist_fields.items() if v not in (None, "")}}
    fields.setdefault("konstaterad", timezone.localdate())
    with transaction.atomic():
        brist = Brist(
            uppfoljning=svar.utskick.uppfoljning,
            leverantor=svar.leverantor,
            verksamhet=svar.verksamhet,
            **fields,
        )
        save_as(brist, user=user, reason="Brist från svar på frågeformulär", clean=True)
        BristUnderlag.objects.create(brist=brist, svar=svar, fraga=fraga, krav=krav)
    return brist


def vantar_granskning(uppfoljning):
    """The follow-up's answers submitted and not yet reviewed (accepted or sent back)."""
    return Svar.objects.filter(utskick__uppfoljning=uppfoljning, status=SvarStatus.INSKICKAT)


def status_per_mottagare(utskick):
    """{mottagare pk: {"status", "runda", "svar"}} for every recipient, in one query.

    An anonymous answer has no link to its recipient: such a recipient shows
    only whether they answered ("inskickat"), never which answer is theirs.
    """
    rows = Mottagare.objects.filter(utskick=utskick).values(
        "pk", "besvarad", "svar__pk", "svar__status", "svar__runda"
    )
    result = {}
    for row in rows:
        status = row["svar__status"] or (SvarStatus.INSKICKAT if row["besvarad"] else None)
        result[row["pk"]] = {
            "status": status,
            "label": SvarStatus(status).label if status else "Inte påbörjat",
            "runda": row["svar__runda"] or 0,
            "svar": row["svar__pk"],
        }
    return result


def antal_per_status(uppfoljning):
    """{status: count} of the follow-up's answers (drafts included), in one query."""
    rows = (
        Svar.objects.filter(utskick__uppfoljning=uppfoljning)
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}


__all__ = [
    "INSKICKADE",
    "antal_per_status",
    "begar_komplettering",
    "brist_forslag",
    "brist_fran_svar",
    "oppna_kompletteringar",
    "status_per_mottagare",
    "svar_godkann",
    "vantar_granskning",
    "varde_godkann",
]
