"""Contract status changes: the only way an Avtal's status moves.

A supplier is excluded from call-offs only by a recorded, reasoned decision
by a person (DOMAIN.md). The transition table says which decision may follow
which status; `avtal_fatta_beslut` validates, records and applies it in one
transaction, with history for both rows.

Two kinds of decision leave the status as it is: a vite (a sanction under the
contract, which goes on), and an ending for one unit of a contract that covers
several (the unit leaves the contract; it stays in force for the others).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from leverantorer.models import Avtal, AvtalStatus, Beslut, BeslutTyp, units_of
from uppfoljning.dates import check_range
from uppfoljning.history import act_as, save_as
from uppfoljning.text import fold

UNCHANGED = None  # a target meaning "the status stays what it was"

# decision -> (statuses it may be taken from, status it leads to)
TRANSITIONS = {
    BeslutTyp.PAUS: ({AvtalStatus.AKTIV}, AvtalStatus.PAUSAD),
    BeslutTyp.HAV_PAUS: ({AvtalStatus.PAUSAD}, AvtalStatus.AKTIV),
    BeslutTyp.UPPSAGNING: ({AvtalStatus.AKTIV, AvtalStatus.PAUSAD}, AvtalStatus.UPPSAGT),
    BeslutTyp.HAVNING: ({AvtalStatus.AKTIV, AvtalStatus.PAUSAD}, AvtalStatus.HAVT),
    BeslutTyp.UPPHORANDE: ({AvtalStatus.AKTIV, AvtalStatus.PAUSAD}, AvtalStatus.UPPHORT),
    # Under notice too: the supplier is bound by the contract, its vite clause
    # included, until the notice period ends.
    BeslutTyp.VITE: ({AvtalStatus.AKTIV, AvtalStatus.PAUSAD, AvtalStatus.UPPSAGT}, UNCHANGED),
}

# Termination and rescission are the committee's (delegationsordningen).
COMMITTEE_DECISIONS = {BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING}

# Decisions that may end the contract for one unit. Not a termination: its
# notice period would need a status per unit, which a contract does not have.
UNIT_ENDINGS = {BeslutTyp.HAVNING, BeslutTyp.UPPHORANDE}
# Decisions that may name a unit: the endings, and a vite (for the record only).
UNIT_DECISIONS = UNIT_ENDINGS | {BeslutTyp.VITE}


def allowed_decisions(status):
    """The decisions that may be taken on a contract with this status."""
    return [typ for typ, (sources, _target) in TRANSITIONS.items() if status in sources]


def new_status(typ, status, verksamhet=None):
    """The contract's status after the decision: a vite or a decision for one unit keeps it."""
    _sources, target = TRANSITIONS[typ]
    if target is UNCHANGED or verksamhet is not None:
        return status
    return target


def by_committee(beslutsfattare):
    """Whether the decision maker named is the committee (nämnden), not a delegate."""
    return "namnd" in fold(beslutsfattare)


def previous_decision_date(avtal):
    """The date of the contract's latest decision, or None before its first."""
    return (
        Beslut.objects.filter(avtal_id=avtal.pk)
        .order_by("-datum")
        .values_list("datum", flat=True)
        .first()
    )


def _unit_errors(typ, verksamhet_id, unit_ids):
    if typ not in UNIT_DECISIONS:
        return (
            f"Beslutet ”{BeslutTyp(typ).label}” gäller hela avtalet: "
            "lämna ”gäller verksamhet” tomt."
        )
    if unit_ids is not None and verksamhet_id not in unit_ids:
        return "Verksamheten omfattas inte av avtalet."
    if typ in UNIT_ENDINGS and unit_ids == [verksamhet_id]:
        return "Avtalet omfattar bara den här verksamheten: fatta beslutet för hela avtalet."
    return None


def _amount_error(typ, belopp):
    if typ != BeslutTyp.VITE:
        return "Belopp anges bara för vite." if belopp is not None else None
    if belopp is None:
        return "Ange vitets belopp i kronor."
    if belopp <= 0:
        return "Vitets belopp måste vara större än 0 kr."
    return None


def validate_beslut(
    *,
    status,
    typ,
    faktaunderlag,
    namnd_diarienummer="",
    omprovning_datum=None,
    datum=None,
    foregaende_datum=None,
    beslutsfattare="",
    belopp=None,
    verksamhet_id=None,
    unit_ids=None,
):
    """Raise ValidationError (Swedish, per field) if the decision may not be taken.

    `foregaende_datum` is the date of the contract's previous decision: a
    decision builds on the status that one left (a lift on its pause), so it
    cannot be dated before it. `unit_ids` are the pks of the units the contract
    covers (None: not checked), for a decision naming `verksamhet_id`.
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
    has_number = bool((namnd_diarienummer or "").strip())
    if typ in COMMITTEE_DECISIONS and not has_number:
        errors["namnd_diarienummer"] = (
            "Uppsägning och hävning beslutas av nämnden: ange nämndens diarienummer."
        )
    elif typ == BeslutTyp.VITE and by_committee(beslutsfattare) and not has_number:
        errors["namnd_diarienummer"] = "Vitet är beslutat av nämnden: ange nämndens diarienummer."
    if typ == BeslutTyp.PAUS:
        if omprovning_datum is None:
            errors["omprovning_datum"] = "Ange när den tillfälliga uteslutningen ska omprövas."
        elif datum is not None and omprovning_datum < datum:
            errors["omprovning_datum"] = "Omprövningen kan inte ligga före beslutsdatum."
    if amount_error := _amount_error(typ, belopp):
        errors["belopp"] = amount_error
    if verksamhet_id is not None and (unit_error := _unit_errors(typ, verksamhet_id, unit_ids)):
        errors["verksamhet"] = unit_error
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
    belopp=None,
    verksamhet=None,
):
    """Record a decision on a contract and apply its status change.

    `skal` is a BeslutSkal or its kod (rules and the demo name reasons by kod).
    A skal of None is refused by full_clean like any missing reason. With
    `verksamhet`, a hävning or upphörande ends the contract for that unit only.
    """
    # The key is the kod itself, so a kod needs no lookup; full_clean checks it.
    reason = {"skal_id": skal} if isinstance(skal, str) else {"skal": skal}
    with transaction.atomic():
        # Lock the contract row so two decisions cannot race from one status.
        locked = Avtal.objects.select_for_update().get(pk=avtal.pk)
        units = units_of([locked])[locked.pk] if verksamhet is not None else []
        validate_beslut(
            status=locked.status,
            typ=typ,
            faktaunderlag=faktaunderlag,
            namnd_diarienummer=namnd_diarienummer,
            omprovning_datum=omprovning_datum,
            datum=datum,
            foregaende_datum=previous_decision_date(locked),
            beslutsfattare=beslutsfattare,
            belopp=belopp,
            verksamhet_id=getattr(verksamhet, "pk", None),
            unit_ids=[u.pk for u in units],
        )
        target = new_status(typ, locked.status, verksamhet)
        beslut = Beslut(
            avtal=locked,
            typ=typ,
            datum=datum,
            beslutsfattare=beslutsfattare,
            **reason,
            faktaunderlag=faktaunderlag,
            namnd_diarienummer=namnd_diarienummer,
            omprovning_datum=omprovning_datum if typ == BeslutTyp.PAUS else None,
            belopp=belopp,
            verksamhet=verksamhet,
            foregaende_status=locked.status,
            ny_status=target,
            registrerat_av=user,
        )
        save_as(beslut, user=user, clean=True)
        label = BeslutTyp(typ).label
        if verksamhet is not None and typ in UNIT_ENDINGS:
            # A contract naming no units covers all the supplier's: it now names the others.
            act_as(locked, user=user, reason=f"Beslut: {label} för {verksamhet.namn}")
            locked.verksamheter.set([u for u in units if u.pk != verksamhet.pk])
        if target != locked.status:
            locked.status = target
            act_as(locked, user=user, reason=f"Beslut: {label}")
            locked.save(update_fields=["status"])
    avtal.status = target
    return beslut
