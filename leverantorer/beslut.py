"""Contract status changes: the only way an Avtal's status moves.

A supplier is excluded from call-offs only by a recorded, reasoned decision
by a person (DOMAIN.md). The transition table says which decision may follow
which status; `avtal_fatta_beslut` validates, records and applies it in one
transaction, with history for both rows.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from leverantorer.models import Avtal, AvtalStatus, Beslut, BeslutTyp
from uppfoljning.dates import check_range
from uppfoljning.history import act_as, save_as

# decision -> (statuses it may be taken from, status it leads to)
TRANSITIONS = {
    BeslutTyp.PAUS: ({AvtalStatus.AKTIV}, AvtalStatus.PAUSAD),
    BeslutTyp.HAV_PAUS: ({AvtalStatus.PAUSAD}, AvtalStatus.AKTIV),
    BeslutTyp.UPPSAGNING: ({AvtalStatus.AKTIV, AvtalStatus.PAUSAD}, AvtalStatus.UPPSAGT),
    BeslutTyp.HAVNING: ({AvtalStatus.AKTIV, AvtalStatus.PAUSAD}, AvtalStatus.HAVT),
    BeslutTyp.UPPHORANDE: ({AvtalStatus.AKTIV, AvtalStatus.PAUSAD}, AvtalStatus.UPPHORT),
}

# Termination and rescission are the committee's (delegationsordningen).
COMMITTEE_DECISIONS = {BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING}


def allowed_decisions(status):
    """The decisions that may be taken on a contract with this status."""
    return [typ for typ, (sources, _target) in TRANSITIONS.items() if status in sources]


def previous_decision_date(avtal):
    """The date of the contract's latest decision, or None before its first."""
    return (
        Beslut.objects.filter(avtal_id=avtal.pk)
        .order_by("-datum")
        .values_list("datum", flat=True)
        .first()
    )


def validate_beslut(
    *,
    status,
    typ,
    faktaunderlag,
    namnd_diarienummer="",
    omprovning_datum=None,
    datum=None,
    foregaende_datum=None,
):
    """Raise ValidationError (Swedish, per field) if the decision may not be taken.

    `foregaende_datum` is the date of the contract's previous decision: a
    decision builds on the status that one left (a lift on its pause), so it
    cannot be dated before it.
    """
    errors = {}
    # A date out of range gets the range rule's own message from the field.
    if datum and foregaende_datum and check_range(datum) and datum < foregaende_datum:
        errors["datum"] = (
            "Beslutet kan inte dateras före avtalets föregående beslut "
            f"({foregaende_datum:%Y-%m-%d})."
        )
    sources, _target = TRANSITIONS[typ]
    if status not in sources:
        errors["typ"] = (
            f"Beslutet ”{BeslutTyp(typ).label}” kan inte fattas för ett avtal med status "
            f"”{AvtalStatus(status).label}”."
        )
    if not (faktaunderlag or "").strip():
        errors["faktaunderlag"] = (
            "Ett beslut måste vila på dokumenterade fakta: fyll i faktaunderlaget."
        )
    if typ in COMMITTEE_DECISIONS and not (namnd_diarienummer or "").strip():
        errors["namnd_diarienummer"] = (
            "Uppsägning och hävning beslutas av nämnden: ange nämndens diarienummer."
        )
    if typ == BeslutTyp.PAUS:
        if omprovning_datum is None:
            errors["omprovning_datum"] = "Ange när den tillfälliga uteslutningen ska omprövas."
        elif datum is not None and omprovning_datum < datum:
            errors["omprovning_datum"] = "Omprövningen kan inte ligga före beslutsdatum."
    if errors:
        raise ValidationError(errors)


def avtal_fatta_beslut(
    *,
    avtal,
    typ,
    datum,
    beslutsfattare,
    skal,
    faktaunderlag,
    user,
    namnd_diarienummer="",
    omprovning_datum=None,
):
    """Record a decision on a contract and apply its status change.

    `skal` is a BeslutSkal or its kod (rules and the demo name reasons by kod).
    A skal of None is refused by full_clean like any missing reason.
    """
    # The key is the kod itself, so a kod needs no lookup; full_clean checks it.
    reason = {"skal_id": skal} if isinstance(skal, str) else {"skal": skal}
    with transaction.atomic():
        # Lock the contract row so two decisions cannot race from one status.
        locked = Avtal.objects.select_for_update().get(pk=avtal.pk)
        validate_beslut(
            status=locked.status,
            typ=typ,
            faktaunderlag=faktaunderlag,
            namnd_diarienummer=namnd_diarienummer,
            omprovning_datum=omprovning_datum,
            datum=datum,
            foregaende_datum=previous_decision_date(locked),
        )
        _sources, target = TRANSITIONS[typ]
        beslut = Beslut(
            avtal=locked,
            typ=typ,
            datum=datum,
            beslutsfattare=beslutsfattare,
            **reason,
            faktaunderlag=faktaunderlag,
            namnd_diarienummer=namnd_diarienummer,
            omprovning_datum=omprovning_datum if typ == BeslutTyp.PAUS else None,
            foregaende_status=locked.status,
            ny_status=target,
            registrerat_av=user,
        )
        save_as(beslut, user=user, clean=True)
        locked.status = target
        act_as(locked, user=user, reason=f"Beslut: {BeslutTyp(typ).label}")
        locked.save(update_fields=["status"])
    avtal.status = target
    return beslut
