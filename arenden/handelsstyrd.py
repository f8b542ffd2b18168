"""Event-driven follow-up: opening a case from signals, closing it with an outcome.

An outcome that changes a contract's status goes through the register's
Beslut (leverantorer.beslut), linked to the case, in the same transaction.
"""

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from arenden.hooks import close_blockers
from arenden.models import (
    BristStatus,
    Hanteringsstatus,
    Uppfoljning,
    UppfoljningStatus,
    UppfoljningTyp,
    Utfall,
)
from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import BeslutTyp
from uppfoljning.history import save_as

# Outcomes that are decisions on a contract, and the decision they take.
OUTCOME_DECISIONS = {
    Utfall.TILLFALLIG_UTESLUTNING: BeslutTyp.PAUS,
    Utfall.UPPSAGNING: BeslutTyp.UPPSAGNING,
    Utfall.HAVNING: BeslutTyp.HAVNING,
}


def triggered_after(oppnad, triggers):
    """Refuse a case opened before a deviation or signal that triggered it."""
    latest = max((t.datum for t in triggers), default=None)
    if latest is not None and oppnad < latest:
        raise ValidationError(
            {
                "oppnad": "Uppföljningen kan inte öppnas före det som utlöste den "
                f"({latest:%Y-%m-%d})."
            }
        )


def handelsstyrd_oppna(
    *,
    leverantor,
    rubrik,
    utlosande,
    ansvarig,
    user,
    verksamhet=None,
    ramavtal=None,
    avvikelser=(),
    signaler=(),
    brist=None,
    oppnad=None,
):
    """Open an event-driven case; the triggers are marked as tied to it.

    `oppnad` is the day it was opened (today unless entered afterwards).
    """
    with transaction.atomic():
        case = Uppfoljning(
            typ=UppfoljningTyp.HANDELSSTYRD,
            leverantor=leverantor,
            verksamhet=verksamhet,
            ramavtal=ramavtal,
            rubrik=rubrik,
            utlosande=utlosande,
            ansvarig=ansvarig,
            oppnad=oppnad or timezone.localdate(),
        )
        case.full_clean()
        triggered_after(case.oppnad, [*avvikelser, *signaler])
        save_as(case, user=user)
        case.avvikelser.set(avvikelser)
        case.signaler.set(signaler)
        for trigger in [*avvikelser, *signaler]:
            trigger.status = Hanteringsstatus.ARENDE
            save_as(trigger, user=user, reason="Kopplad till händelsestyrd uppföljning")
        if brist is not None:
            brist.status = BristStatus.EJ_ATGARDAD
            brist.eskalerad_till = case
            save_as(brist, user=user, reason="Ej åtgärdad – eskalerad")
    return case


def validate_close(*, uppfoljning, utfall, bedomning, avtal=None, rattelse_senast=None):
    errors = {}
    if uppfoljning.status != UppfoljningStatus.OPPEN:
        errors["utfall"] = "Uppföljningen är redan avslutad."
    if not utfall:
        errors["utfall"] = "En uppföljning avslutas med ett utfall."
    if not (bedomning or "").strip():
        errors["bedomning"] = "Skriv förvaltningens bedömning innan uppföljningen avslutas."
    if utfall == Utfall.KRAV_PA_RATTELSE and rattelse_senast is None:
        errors["rattelse_senast"] = "Ange när rättelsen senast ska vara gjord."
    if utfall in OUTCOME_DECISIONS and avtal is None:
        errors["avtal"] = "Välj vilket avtal beslutet gäller."
    if avtal is not None and avtal.leverantor_id != uppfoljning.leverantor_id:
        errors["avtal"] = "Avtalet hör inte till uppföljningens leverantör."
    if blockers := close_blockers(uppfoljning):
        errors.setdefault("utfall", " ".join(blockers))
    if errors:
        raise ValidationError(errors)


def uppfoljning_avsluta(
    *,
    uppfoljning,
    utfall,
    bedomning,
    user,
    avtal=None,
    rattelse_senast=None,
    beslut=None,
    avslutad=None,
):
    """Close a case with its outcome; a contract outcome records a Beslut.

    `beslut` holds the decision's own fields (datum, beslutsfattare, skal,
    faktaunderlag, namnd_diarienummer, omprovning_datum). `avslutad` is the
    day it was closed (today unless entered afterwards).
    """
    validate_close(
        uppfoljning=uppfoljning,
        utfall=utfall,
        bedomning=bedomning,
        avtal=avtal,
        rattelse_senast=rattelse_senast,
    )
    avslutad = avslutad or timezone.localdate()
    # The case's date rules (Uppfoljning.clean) are checked on a copy before
    # anything is written, so a refused date leaves no decision behind.
    draft = copy.copy(uppfoljning)
    draft.avslutad = avslutad
    draft.rattelse_senast = rattelse_senast
    draft.full_clean(exclude=["beslut"])
    with transaction.atomic():
        if utfall in OUTCOME_DECISIONS:
            uppfoljning.beslut = avtal_fatta_beslut(
                avtal=avtal, typ=OUTCOME_DECISIONS[utfall], user=user, **(beslut or {})
            )
        uppfoljning.utfall = utfall
        uppfoljning.bedomning = bedomning
        uppfoljning.rattelse_senast = rattelse_senast
        uppfoljning.status = UppfoljningStatus.AVSLUTAD
        uppfoljning.avslutad = avslutad
        uppfoljning.full_clean()
        save_as(uppfoljning, user=user, reason=f"Avslutad: {Utfall(utfall).label}")
    return uppfoljning
