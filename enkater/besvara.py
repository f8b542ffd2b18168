"""Answering: which link opens, saving a draft, submitting, and complement rounds.

The rules the answer pages (enkater/views/besvara.py) call; docs/questionnaires.md,
"Answering", says why. In short:

- A personal link opens while its recipient is not revoked, the send-out is not
  closed, the answer is not accepted (godkänt) and today is at most the link's
  last day: the send-out's deadline plus its grace days, or during a complement
  round that round's deadline plus the same grace days. Anything else is None,
  which the view answers with the same 404 as an unknown token.
- Saving after the deadline but within the grace days is accepted and marked
  `sparad_efter_sista_dag`; once the link is gone nothing is saved (the view
  shows the typed text back).
- A submit is idempotent: submitting an answer that is already submitted changes
  nothing (`Inskickning.redan`).
- During a complement round only the round's re-opened questions (Komplettering
  rows of `Svar.runda` not yet answered) can be changed.
- An anonymous staff survey's submit replaces the draft (linked to the person)
  by a fresh Svar without `mottagare`, with fresh SvarVarde rows, and deletes the
  draft: afterwards only `Mottagare.besvarad` (a flag, no time) says the person
  answered, and no row says what.
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from enkater.models import (
    Fraga,
    FragaTyp,
    Komplettering,
    Mottagare,
    Svar,
    SvarStatus,
    SvarVarde,
    UtskickStatus,
)
from enkater.tokens import token_hash
from enkater.villkor import synliga_fragor


class Inskickning(NamedTuple):
    svar: Svar | None  # None for an anonymous answer (nothing may point at it)
    redan: bool  # it was already submitted: nothing changed


class SvarSaknas(ValidationError):
    """Required visible questions without an answer (`fragor`)."""

    def __init__(self, fragor):
        self.fragor = list(fragor)
        super().__init__({f"fraga_{fraga.pk}": "Frågan måste besvaras." for fraga in self.fragor})


def fragor_i(version):
    """The version's questions in the order they are asked, with their sections."""
    return list(
        Fraga.objects.filter(sektion__version=version)
        .select_related("sektion", "villkor_fraga")
        .order_by("sektion__ordning", "sektion__pk", "ordning", "pk")
    )


def svar_for(mottagare):
    """The recipient's Svar (draft or submitted), or None."""
    try:
        return mottagare.svar
    except Svar.DoesNotExist:
        return None


def oppna_kompletteringar(svar):
    """The current round's re-opened questions not yet answered (empty outside a round)."""
    if svar is None or svar.status != SvarStatus.KOMPLETTERING:
        return []
    return list(
        Komplettering.objects.filter(svar=svar, runda=svar.runda, besvarad__isnull=True)
        .select_related("fraga")
        .order_by("pk")
    )


def sista_svarsdag(mottagare, kompletteringar=()):
    """The deadline that applies now: the send-out's, or the complement round's."""
    dagar = [k.svar_senast for k in kompletteringar]
    return max(dagar) if dagar else mottagare.utskick.svar_senast


def giltig_till(mottagare, kompletteringar=()):
    """The link's last day: the deadline that applies plus the send-out's grace days."""
    return sista_svarsdag(mottagare, kompletteringar) + datetime.timedelta(
        days=mottagare.utskick.respit_dagar
    )


def ar_oppen(mottagare, today, svar=None, kompletteringar=None):
    """May the recipient open the answer page today (see the module docstring)?"""
    if mottagare.aterkallad is not None or mottagare.utskick.status == UtskickStatus.STANGT:
        return False
    if svar is None:
        svar = svar_for(mottagare)
    if svar is not None and svar.status == SvarStatus.GODKANT:
        return False
    if kompletteringar is None:
        kompletteringar = oppna_kompletteringar(svar)
    return today <= giltig_till(mottagare, kompletteringar)


def mottagare_for_token(token, today):
    """The recipient whose personal link this is, if it opens today; else None."""
    if not token or len(token) > 100:
        return None
    mottagare = (
        Mottagare.objects.select_related("utskick__version__formular", "leverantor", "verksamhet")
        .filter(token_hash=token_hash(token), anvandare__isnull=True)
        .exclude(token_hash="")
        .first()
    )
    if mottagare is None or not ar_oppen(mottagare, today):
        return None
    return mottagare


def registrera_besok(mottagare, now=None):
    """First and latest visit; never for an anonymous survey (nothing may link a person)."""
    if mottagare.utskick.anonymt:
        return
    now = now or timezone.now()
    Mottagare.objects.filter(pk=mottagare.pk, forsta_besok__isnull=True).update(forsta_besok=now)
    Mottagare.objects.filter(pk=mottagare.pk).update(senaste_besok=now)


def andringsbara(svar, fragor, kompletteringar=None):
    """The ids of the questions the respondent may change now."""
    if svar is None or svar.status == SvarStatus.UTKAST:
        return {fraga.pk for fraga in fragor}
    if svar.status == SvarStatus.KOMPLETTERING:
        if kompletteringar is None:
            kompletteringar = oppna_kompletteringar(svar)
        return {k.fraga_id for k in kompletteringar}
    return set()


def sparade_varden(svar):
    """{question id: SvarVarde} of an answer (empty without one)."""
    if svar is None:
        return {}
    return {varde.fraga_id: varde for varde in SvarVarde.objects.filter(svar=svar)}


def texter(fragor, varden, sparade):
    """Every question's answer text: the new value where given, else the saved one."""
    result = {}
    for fraga in fragor:
        if fraga.pk in varden and fraga.typ != FragaTyp.DOKUMENT:
            result[fraga.pk] = varden[fraga.pk] or ""
        elif fraga.typ == FragaTyp.DOKUMENT:
            new = varden.get(fraga.pk)
            saved = sparade.get(fraga.pk)
            result[fraga.pk] = getattr(new, "name", "") or (saved.filnamn if saved else "")
        else:
            saved = sparade.get(fraga.pk)
            result[fraga.pk] = saved.text if saved else ""
    return result


def saknade(fragor, alla_texter):
    """Required questions that are visible and have no answer."""
    visible = synliga_fragor(fragor, alla_texter)
    return [
        fraga
        for fraga in fragor
        if fraga.obligatorisk and fraga.pk in visible and not alla_texter.get(fraga.pk)
    ]


def _new_svar(mottagare):
    return Svar(
        utskick=mottagare.utskick,
        version=mottagare.utskick.version,
        mottagare=mottagare,
        leverantor=mottagare.leverantor,
        verksamhet=mottagare.verksamhet,
    )


def _write(svar, fragor, varden, editable):
    """Store the given values of the editable questions on svar's SvarVarde rows."""
    sparade = sparade_varden(svar)
    for fraga in fragor:
        if fraga.pk not in editable or fraga.pk not in varden:
            continue
        value = varden[fraga.pk]
        if not value and fraga.pk not in sparade:
            continue  # nothing typed, nothing saved before: no row
        varde = sparade.get(fraga.pk) or SvarVarde(svar=svar, fraga=fraga)
        if fraga.typ == FragaTyp.DOKUMENT:
            if not value:
                continue  # no new file: the saved one stays
            varde.fil = value
            varde.filnamn = value.name[:200]
        else:
            varde.text = value or ""
        varde.full_clean(exclude=["svar", "fraga", "fil"])
        varde.save()


def _locked_svar(mottagare):
    svar = Svar.objects.select_for_update(of=("self",)).filter(mottagare=mottagare).first()
    Mottagare.objects.select_for_update(of=("self",)).filter(pk=mottagare.pk).first()
    return svar


@transaction.atomic
def spara_utkast(mottagare, varden, *, today, now=None):
    """Save the given answers as a draft; returns the Svar (created if needed).

    `varden` maps a question's id to its text (a choice, lines for "flera val", a
    number or date as typed) or, for a document question, the uploaded file (or
    None to keep the saved one). Questions that may not be changed are ignored.
    """
    now = now or timezone.now()
    fragor = fragor_i(mottagare.utskick.version)
    svar = _locked_svar(mottagare)
    if svar is not None and svar.status in (SvarStatus.INSKICKAT, SvarStatus.GODKANT):
        return svar  # submitted: a late draft save changes nothing
    if svar is None:
        svar = _new_svar(mottagare)
    kompletteringar = oppna_kompletteringar(svar) if svar.pk else []
    editable = andringsbara(svar if svar.pk else None, fragor, kompletteringar)
    svar.senast_sparad = now
    if today > sista_svarsdag(mottagare, kompletteringar):
        svar.sparad_efter_sista_dag = True
    svar.save()
    _write(svar, fragor, varden, editable)
    return svar


@transaction.atomic
def skicka_in(mottagare, varden, *, today, now=None):
    """Submit the answer (saving `varden` first); raises SvarSaknas when incomplete.

    Idempotent: an answer already submitted (or an anonymous one already given)
    is left as it is, with `redan=True`.
    """
    now = now or timezone.now()
    fragor = fragor_i(mottagare.utskick.version)
    svar = _locked_svar(mottagare)
    mottagare.refresh_from_db(fields=["besvarad"])
    if svar is not None and svar.status in (SvarStatus.INSKICKAT, SvarStatus.GODKANT):
        return Inskickning(svar, True)
    if svar is None and mottagare.besvarad:
        return Inskickning(None, True)  # an anonymous answer, already replaced
    kompletteringar = oppna_kompletteringar(svar)
    editable = andringsbara(svar, fragor, kompletteringar)
    sparade = sparade_varden(svar)
    given = {pk: value for pk, value in varden.items() if pk in editable}
    missing = saknade(fragor, texter(fragor, given, sparade))
    if missing:
        raise SvarSaknas(missing)
    if svar is None:
        svar = _new_svar(mottagare)
    if today > sista_svarsdag(mottagare, kompletteringar):
        svar.sparad_efter_sista_dag = True
    svar.senast_sparad = now
    svar.status = SvarStatus.INSKICKAT
    svar.inskickad = today
    svar.save()
    _write(svar, fragor, given, editable)
    if kompletteringar:
        Komplettering.objects.filter(pk__in=[k.pk for k in kompletteringar]).update(besvarad=now)
    Mottagare.objects.filter(pk=mottagare.pk).update(besvarad=True)
    mottagare.besvarad = True
    if mottagare.utskick.anonymt:
        _anonymise(svar)
        return Inskickning(None, False)
    return Inskickning(svar, False)


def _anonymise(draft):
    """Replace the person's answer by a fresh one without a link to them (see the docstring)."""
    anonymous = Svar.objects.create(
        utskick_id=draft.utskick_id,
        version_id=draft.version_id,
        mottagare=None,
        leverantor_id=draft.leverantor_id,
        verksamhet_id=draft.verksamhet_id,
        status=SvarStatus.INSKICKAT,
        inskickad=draft.inskickad,
        sparad_efter_sista_dag=draft.sparad_efter_sista_dag,
    )
    old = list(SvarVarde.objects.filter(svar=draft))
    SvarVarde.objects.bulk_create(
        [
            SvarVarde(
                svar=anonymous, fraga_id=v.fraga_id, text=v.text, fil=v.fil.name, filnamn=v.filnamn
            )
            for v in old
        ]
    )
    SvarVarde.objects.filter(svar=draft).delete()
    draft.delete()
    return anonymous
