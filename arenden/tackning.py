"""The coverage rule of an open-ended system: every unit followed up at least every N years.

A choice system (LOV) has no agreement period to cover with one special
follow-up, so the plan asks instead, per agreement with an interval set
(`Ramavtal.uppfoljningsintervall_ar` = N): which approved units have gone
more than N years without a follow-up? A unit is approved while a contract
in force (AvtalQuerySet.i_kraft) covers it (VerksamhetQuerySet.omfattas_av:
the units a contract names, or all its supplier's where it names none). Its
clock starts at its last *genomförd* sample row (UppfoljningLeverantor with
the unit, status GENOMFORD, year = the follow-up's `ar`), or, never followed
up, at its contract's start (the agreement's where the contract has none:
the earliest it can have begun, so an unknown start never hides a unit).
Overdue when the plan year is more than N years after that: with N = 3 a unit
last followed up in 2021 is overdue in the 2025 plan, one from 2022 is not
(2025 is the year it must be taken).

Only follow-ups of that agreement (or of none) count: a unit under two
agreements is followed up for each service. Rows from after the plan year do
not count, so an old plan reads as it did. Five queries, whatever the number
of agreements and units.
"""

from dataclasses import dataclass, field

from django.db.models import Max, Q

from arenden.models import PlaneradStatus, UppfoljningLeverantor
from leverantorer.models import Avtal, Verksamhet


@dataclass
class Forsening:
    """An overdue unit and the year it was last followed up (None: never)."""

    verksamhet: Verksamhet
    senast: int | None


@dataclass
class Tackning:
    """One agreement's coverage in a plan year."""

    ramavtal: object
    intervall: int
    antal_verksamheter: int  # approved units: covered by a contract in force
    forsenade: list = field(default_factory=list)  # Forsening, by supplier and unit name


def forsenade_verksamheter(ramavtal_qs, ar):
    """Per agreement with an interval set (in `ramavtal_qs`), its overdue units in year `ar`.

    Returns a list of Tackning in the queryset's order; an agreement with no
    overdue unit is included with an empty `forsenade`.
    """
    agreements = list(ramavtal_qs.filter(uppfoljningsintervall_ar__isnull=False))
    if not agreements:
        return []
    contracts = list(
        Avtal.objects.i_kraft()
        .filter(ramavtal__in=agreements)
        .values("pk", "ramavtal_id", "leverantor_id", "startdatum")
    )
    named = {}
    for avtal_id, verksamhet_id in Verksamhet.avtal.through.objects.filter(
        avtal_id__in=[c["pk"] for c in contracts]
    ).values_list("avtal_id", "verksamhet_id"):
        named.setdefault(avtal_id, set()).add(verksamhet_id)
    whole_suppliers = {c["leverantor_id"] for c in contracts if c["pk"] not in named}
    named_ids = set().union(*named.values()) if named else set()
    units = {
        u.pk: u
        for u in Verksamhet.objects.filter(
            Q(pk__in=named_ids) | Q(leverantor_id__in=whole_suppliers)
        ).select_related("leverantor")
    }
    by_supplier = {}
    for unit in units.values():
        by_supplier.setdefault(unit.leverantor_id, []).append(unit)
    last_done = _last_done(agreements, units, ar)

    starts = {r.pk: r.startdatum for r in agreements}
    covered = {}  # ramavtal id -> {unit id: start date of its contract}
    for c in contracts:
        if c["pk"] in named:
            unit_ids = named[c["pk"]]
        else:
            unit_ids = [u.pk for u in by_supplier.get(c["leverantor_id"], [])]
        begun = c["startdatum"] or starts[c["ramavtal_id"]]
        for unit_id in unit_ids:
            covered.setdefault(c["ramavtal_id"], {})[unit_id] = begun

    result = []
    for ramavtal in agreements:
        n = ramavtal.uppfoljningsintervall_ar
        approved = covered.get(ramavtal.pk, {})
        overdue = []
        for unit_id, begun in approved.items():
            senast = last_done.get((ramavtal.pk, unit_id))
            since = senast if senast is not None else begun.year
            if ar - since > n:
                overdue.append(Forsening(units[unit_id], senast))
        overdue.sort(
            key=lambda f: (f.verksamhet.leverantor.namn, f.verksamhet.namn, f.verksamhet.pk)
        )
        result.append(Tackning(ramavtal, n, len(approved), overdue))
    return result


def _last_done(agreements, units, ar):
    """{(ramavtal id, unit id): year of the last genomförd row up to `ar`}.

    A row of a follow-up naming no agreement counts for every agreement of the unit.
    """
    rows = (
        UppfoljningLeverantor.objects.filter(
            status=PlaneradStatus.GENOMFORD,
            verksamhet_id__in=list(units),
            uppfoljning__ar__isnull=False,
            uppfoljning__ar__lte=ar,
        )
        .filter(Q(uppfoljning__ramavtal__in=agreements) | Q(uppfoljning__ramavtal__isnull=True))
        .values("uppfoljning__ramavtal_id", "verksamhet_id")
        .annotate(senast=Max("uppfoljning__ar"))
        .order_by()
    )
    agreement_ids = [r.pk for r in agreements]
    last = {}
    for row in rows:
        ramavtal_id = row["uppfoljning__ramavtal_id"]
        targets = [ramavtal_id] if ramavtal_id is not None else agreement_ids
        for target in targets:
            key = (target, row["verksamhet_id"])
            last[key] = max(last.get(key, row["senast"]), row["senast"])
    return last
