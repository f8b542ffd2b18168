"""Who can receive a send-out within a follow-up.

- Units (a self-report round): the sampled units; for an older sample row
  naming only a supplier, every unit of it that a contract under the
  follow-up's framework agreement covers (the register's rule,
  VerksamhetQuerySet.omfattas_av: the units a contract names, every unit where
  it names none); dormant (vilande) units never. An event-driven
  follow-up: the units of the case's supplier.
- Suppliers: the sampled suppliers (the case's supplier for an event-driven one).
- Staff: for each sampled supplier, the active users whose placing unit
  (Medarbetarenhet) placed someone with that supplier (Placering via
  Avtal.leverantor) during the follow-up's year or in a placement still ongoing.

The address is the unit's e-mail, else the supplier's; a row without either is
flagged `saknar_epost` and cannot be chosen until one is entered. Each function
costs a constant number of queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from arenden.models import PlaneradStatus, UppfoljningTyp
from enkater.models import Malgrupp, Medarbetarenhet
from leverantorer.models import Avtal, Leverantor, Placering, Verksamhet

# Sampled suppliers moved to next year or called off are not asked this year.
UTANFOR_URVALET = (PlaneradStatus.FLYTTAD, PlaneradStatus.INSTALLD)


@dataclass(frozen=True)
class Forslag:
    """One proposed recipient; `nyckel` is its checkbox value on the send-out form."""

    leverantor: Leverantor
    verksamhet: Verksamhet | None = None
    anvandare: object = None
    epost: str = ""

    @property
    def nyckel(self):
        if self.anvandare is not None:
            return f"p-{self.anvandare.pk}-{self.leverantor.pk}"
        if self.verksamhet is not None:
            return f"v-{self.verksamhet.pk}"
        return f"l-{self.leverantor.pk}"

    @property
    def saknar_epost(self):
        return not self.epost

    @property
    def namn(self):
        if self.anvandare is not None:
            return self.anvandare.get_full_name() or self.anvandare.get_username()
        return str(self.verksamhet or self.leverantor)


def urval_leverantor_ids(uppfoljning):
    """The suppliers the follow-up is about, in a list (one query at most)."""
    if uppfoljning.typ == UppfoljningTyp.HANDELSSTYRD:
        return [uppfoljning.leverantor_id] if uppfoljning.leverantor_id else []
    return list(
        uppfoljning.urval.exclude(status__in=UTANFOR_URVALET).values_list(
            "leverantor_id", flat=True
        )
    )


def foreslagna_enheter(uppfoljning):
    """Forslag per unit of the sample, by supplier and unit name.

    A sample row naming a unit gives that unit; an older row naming only a
    supplier gives the supplier's units its contracts under the agreement cover.
    """
    if uppfoljning.typ == UppfoljningTyp.HANDELSSTYRD:
        enheter = Verksamhet.objects.filter(
            leverantor_id__in=urval_leverantor_ids(uppfoljning), vilande=False
        )
    else:
        rows = uppfoljning.urval.exclude(status__in=UTANFOR_URVALET)
        named = rows.filter(verksamhet__isnull=False).values("verksamhet_id")
        whole = rows.filter(verksamhet__isnull=True).values("leverantor_id")
        avtal = Avtal.objects.filter(ramavtal_id=uppfoljning.ramavtal_id, leverantor_id__in=whole)
        covered = Verksamhet.objects.filter(leverantor_id__in=whole).omfattas_av(avtal)
        enheter = Verksamhet.objects.filter(vilande=False).filter(
            Q(pk__in=named) | Q(pk__in=covered.values("pk"))
        )
    enheter = enheter.select_related("leverantor").order_by("leverantor__namn", "namn", "pk")
    return [
        Forslag(leverantor=v.leverantor, verksamhet=v, epost=v.epost or v.leverantor.epost)
        for v in enheter
    ]


def foreslagna_leverantorer(uppfoljning):
    """Forslag per sampled supplier, by name."""
    rows = Leverantor.objects.filter(pk__in=urval_leverantor_ids(uppfoljning)).order_by(
        "namn", "pk"
    )
    return [Forslag(leverantor=lev, epost=lev.epost) for lev in rows]


def uppfoljningens_period(uppfoljning):
    """The year the follow-up is about: its `ar`, else the year it was opened."""
    year = uppfoljning.ar or (uppfoljning.oppnad or timezone.localdate()).year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def foreslagen_personal(uppfoljning, enheter=None):
    """Forslag per (sampled supplier, colleague of a unit that placed with it).

    `enheter` (placing-unit codes) narrows the choice; a colleague appears once
    per supplier they can tell about. Three queries.
    """
    leverantorer = Leverantor.objects.filter(pk__in=urval_leverantor_ids(uppfoljning))
    by_id = {lev.pk: lev for lev in leverantorer}
    fran, till = uppfoljningens_period(uppfoljning)
    placeringar = Placering.objects.filter(avtal__leverantor_id__in=by_id).filter(
        Q(startdatum__lte=till) & (Q(slutdatum__isnull=True) | Q(slutdatum__gte=fran))
    )
    if enheter is not None:
        placeringar = placeringar.filter(placerande_enhet__in=enheter)
    pairs = set(placeringar.values_list("avtal__leverantor_id", "placerande_enhet").distinct())
    placing_units = {enhet for _lev, enhet in pairs}
    colleagues = (
        Medarbetarenhet.objects.filter(
            placerande_enhet__in=placing_units, anvandare__is_active=True
        )
        .select_related("anvandare")
        .order_by("anvandare__last_name", "anvandare__first_name", "anvandare__username")
    )
    per_unit = {}
    for row in colleagues:
        per_unit.setdefault(row.placerande_enhet, []).append(row.anvandare)
    result = []
    for lev in sorted(by_id.values(), key=lambda lev: (lev.namn, lev.pk)):
        seen = set()
        for enhet in sorted(e for lev_id, e in pairs if lev_id == lev.pk):
            for user in per_unit.get(enhet, []):
                if user.pk not in seen:
                    seen.add(user.pk)
                    result.append(Forslag(leverantor=lev, anvandare=user, epost=user.email))
    return result


def forslag_for(uppfoljning, malgrupp):
    """The proposed recipients for a questionnaire's target group."""
    if malgrupp == Malgrupp.VERKSAMHET:
        return foreslagna_enheter(uppfoljning)
    if malgrupp == Malgrupp.LEVERANTOR:
        return foreslagna_leverantorer(uppfoljning)
    return foreslagen_personal(uppfoljning)
