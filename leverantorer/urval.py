"""The sample for a special follow-up: suppliers ranked by purchases.

The annual report prints it as "Leverantör · Inköpsvärde mkr · Antal
placeringar" for a chosen period (e.g. jan 23 – apr 24).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from leverantorer.belopp import mkr
from leverantorer.models import Placering


@dataclass
class UrvalRad:
    leverantor_id: int
    leverantor: str
    inkopsvarde: Decimal  # kronor within the period
    antal_placeringar: int

    @property
    def inkopsvarde_mkr(self):
        return mkr(self.inkopsvarde)


def cost_within(placering, fran, till):
    """What a placement cost between two dates (inclusive).

    Cost per day times the days inside the period; where only a total is
    known, the total shared evenly over the placement's days.
    """
    end = placering.slutdatum or till
    start, stop = max(placering.startdatum, fran), min(end, till)
    days = (stop - start).days + 1
    if days <= 0:
        return Decimal("0")
    if placering.kostnad_per_dygn is not None:
        return placering.kostnad_per_dygn * days
    if placering.kostnad_totalt is not None:
        total_days = (end - placering.startdatum).days + 1
        return placering.kostnad_totalt * days / max(total_days, 1)
    return Decimal("0")


def _placeringar(*, ramavtal, fran, till, inriktning, avtalsomrade=None):
    """The placements under the agreement in the period, with what the rankings read."""
    placeringar = (
        Placering.objects.overlapping(fran, till)
        .filter(avtal__ramavtal=ramavtal)
        .select_related("verksamhet__leverantor")
        .only(
            "startdatum",
            "slutdatum",
            "kostnad_per_dygn",
            "kostnad_totalt",
            "verksamhet__namn",
            "verksamhet__inriktning",
            "verksamhet__leverantor__namn",
        )
    )
    if avtalsomrade is not None:
        placeringar = placeringar.filter(avtalsomrade=avtalsomrade)
    if inriktning:
        placeringar = placeringar.filter(verksamhet__inriktning__icontains=inriktning)
    return placeringar


def urval(*, ramavtal, fran, till, inriktning="", ordning="inkopsvarde", limit=None):
    """Suppliers under an agreement ranked by purchase value or placements."""
    placeringar = _placeringar(ramavtal=ramavtal, fran=fran, till=till, inriktning=inriktning)
    value = defaultdict(Decimal)
    count = defaultdict(int)
    names = {}
    for placering in placeringar.iterator(chunk_size=2000):
        leverantor = placering.verksamhet.leverantor
        names[leverantor.pk] = leverantor.namn
        value[leverantor.pk] += cost_within(placering, fran, till)
        count[leverantor.pk] += 1
    rows = [UrvalRad(pk, names[pk], value[pk], count[pk]) for pk in names]
    if ordning == "antal":
        rows.sort(key=lambda r: (-r.antal_placeringar, -r.inkopsvarde, r.leverantor))
    else:
        rows.sort(key=lambda r: (-r.inkopsvarde, -r.antal_placeringar, r.leverantor))
    return rows[:limit] if limit else rows


@dataclass
class VerksamhetRad:
    """One unit's purchases within a period: a row of a sample of units."""

    verksamhet_id: int
    verksamhet: str
    leverantor_id: int
    leverantor: str
    inkopsvarde: Decimal  # kronor within the period
    antal_placeringar: int

    @property
    def inkopsvarde_mkr(self):
        return mkr(self.inkopsvarde)


ORDNINGAR = {
    "inkopsvarde": lambda r: (-r.inkopsvarde, -r.antal_placeringar, r.leverantor, r.verksamhet),
    "antal": lambda r: (-r.antal_placeringar, -r.inkopsvarde, r.leverantor, r.verksamhet),
}


def urval_verksamheter(
    *, ramavtal, fran, till, avtalsomrade=None, inriktning="", ordning="inkopsvarde", limit=None
):
    """Units under an agreement with placements in the period, ranked by value or placements.

    With an area only placements recorded on that area count. Ties fall back
    to the other figure, then supplier and unit name, so the order is stable.
    """
    placeringar = _placeringar(
        ramavtal=ramavtal, fran=fran, till=till, inriktning=inriktning, avtalsomrade=avtalsomrade
    )
    rows = {}
    for placering in placeringar.iterator(chunk_size=2000):
        unit = placering.verksamhet
        row = rows.get(unit.pk)
        if row is None:
            row = rows[unit.pk] = VerksamhetRad(
                unit.pk, unit.namn, unit.leverantor_id, unit.leverantor.namn, Decimal("0"), 0
            )
        row.inkopsvarde += cost_within(placering, fran, till)
        row.antal_placeringar += 1
    ranked = sorted(rows.values(), key=ORDNINGAR[ordning])
    return ranked[:limit] if limit else ranked
