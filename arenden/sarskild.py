"""Rules for the special (planned) follow-up: the sample, carry-over, planned versus done.

A special follow-up goes deep on one ramavtal (or one of its areas) in a year,
on a sample of its units (verksamheter) picked by a rule of
arenden.urvalsregler. Rows moved to next year are carried into the next
year's sample (flyttad_fran). The annual report reads "N av M planerade
uppföljningar genomfördes" from planned_vs_done().
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from simple_history.utils import bulk_create_with_history

from arenden import urvalsregler
from arenden.models import (
    PlaneradStatus,
    Uppfoljning,
    UppfoljningLeverantor,
    UppfoljningTyp,
    Urvalsregel,
)
from leverantorer.models import Avtal, Verksamhet
from uppfoljning.history import save_as

_CENT = Decimal("0.01")
# The register ranking's old names (kept for callers that pass `ordning`).
ORDNING_REGEL = {
    "inkopsvarde": Urvalsregel.HOGST_INKOPSVARDE,
    "antal": Urvalsregel.FLEST_PLACERINGAR,
}
# Rules that rank the register over a period.
PERIOD_REGLER = (
    Urvalsregel.PLACERINGAR,
    Urvalsregel.FLEST_PLACERINGAR,
    Urvalsregel.HOGST_INKOPSVARDE,
)
# Rules that take N units; N is stored so the draw can be re-run (urvalsregler.slump_igen).
REGLER_MED_ANTAL = (
    Urvalsregel.FLEST_PLACERINGAR,
    Urvalsregel.HOGST_INKOPSVARDE,
    Urvalsregel.SLUMP,
)


def att_overfora_till(*, ramavtal, ar, avtalsomrade=None):
    """Rows of year ar-1 moved to next year, not yet carried, to propose for year ar.

    Same agreement, and same area when the new follow-up has one. Only rows
    naming a unit: rows from before samples were of units cannot be carried.
    """
    rows = UppfoljningLeverantor.objects.att_overfora(ar - 1).filter(
        uppfoljning__ramavtal=ramavtal, verksamhet__isnull=False
    )
    if avtalsomrade is not None:
        rows = rows.filter(uppfoljning__avtalsomrade=avtalsomrade)
    return rows.select_related("verksamhet__leverantor", "uppfoljning", "orsak").order_by(
        "verksamhet__leverantor__namn", "verksamhet__namn", "pk"
    )


def _carry_over(*, ramavtal, ar, avtalsomrade, flyttade):
    """{verksamhet_id: old row} of the carried rows; `flyttade` must be among those proposed."""
    proposed = {
        row.pk: row
        for row in att_overfora_till(ramavtal=ramavtal, ar=ar, avtalsomrade=avtalsomrade)
    }
    if flyttade is None:
        chosen = list(proposed.values())
    else:
        pks = [getattr(row, "pk", row) for row in flyttade]
        if any(pk not in proposed for pk in pks):
            raise ValidationError(
                {
                    "flyttade": "En flyttad rad hör inte till förra årets uppföljningar av avtalet "
                    "eller är redan överförd."
                }
            )
        chosen = [proposed[pk] for pk in pks]
    carried = {}
    for row in chosen:
        # One unit moved in two of last year's follow-ups is carried once.
        carried.setdefault(row.verksamhet_id, row)
    return carried


def _legacy_rule(urvalsregel, *, verksamheter, leverantorer, ordning):
    if urvalsregel:
        return urvalsregel
    if verksamheter is not None or leverantorer is not None:
        return Urvalsregel.HAND
    if ordning not in ORDNING_REGEL:
        raise ValidationError({"ordning": "Välj högst inköpsvärde eller flest placeringar."})
    return ORDNING_REGEL[ordning]


@transaction.atomic
def sarskild_skapa(
    *,
    ramavtal,
    ar,
    rubrik,
    ansvarig,
    user,
    avtalsomrade=None,
    urvalsregel=None,
    urvalskriterier="",
    metoder=(),
    teman=(),
    urval_fran=None,
    urval_till=None,
    inriktning="",
    antal=5,
    verksamheter=None,
    seed=None,
    flyttade=None,
    leverantorer=None,
    ordning="inkopsvarde",
):
    """Create a special follow-up and its sample of units.

    `urvalsregel` (an Urvalsregel) picks the units, see arenden.urvalsregler;
    without it the old `ordning` ranking (or HAND when units or suppliers are
    given; `leverantorer` stands for all their units under the agreement).
    Written criteria replace the rule's sentence except for SLUMP, whose
    sentence holds the seed. Rows of last year moved here are carried over
    (`flyttade`: those ticked; None = all proposed) with flyttad_fran set; a
    unit already picked by the rule just gets the link. Figures are stored
    as they were. Raises ValidationError (Swedish) and writes nothing on
    error. `user` is who acts: every row written keeps them in its history.
    """
    urvalskriterier = (urvalskriterier or "").strip()
    regel = _legacy_rule(
        urvalsregel, verksamheter=verksamheter, leverantorer=leverantorer, ordning=ordning
    )
    if avtalsomrade is not None and avtalsomrade.ramavtal_id != ramavtal.pk:
        errors = {"avtalsomrade": "Avtalsområdet hör inte till ramavtalet."}
        if regel in PERIOD_REGLER and not (urval_fran and urval_till):
            errors["urval_fran"] = "Ange perioden som urvalet ska göras för."
        raise ValidationError(errors)
    if regel == Urvalsregel.HAND and verksamheter is None:
        # The suppliers' units their contracts under the agreement cover, in force or not.
        avtal = Avtal.objects.filter(ramavtal=ramavtal, leverantor__in=leverantorer or ())
        verksamheter = list(
            Verksamhet.objects.omfattas_av(avtal).order_by("leverantor__namn", "namn", "pk")
        )
    valt = urvalsregler.valj(
        regel,
        ramavtal=ramavtal,
        avtalsomrade=avtalsomrade,
        fran=urval_fran,
        till=urval_till,
        antal=antal,
        inriktning=inriktning,
        seed=seed,
        verksamheter=verksamheter or (),
        urvalskriterier=urvalskriterier,
    )
    carried = _carry_over(ramavtal=ramavtal, ar=ar, avtalsomrade=avtalsomrade, flyttade=flyttade)
    added = [pk for pk in carried if pk not in set(valt.verksamhet_ids)]
    kriterier = (
        urvalskriterier if urvalskriterier and regel != Urvalsregel.SLUMP else valt.kriterier
    )
    if added:
        n = len(added)
        kriterier += (
            f" samt {n} {'verksamhet flyttad' if n == 1 else 'verksamheter flyttade'} från {ar - 1}"
        )

    uppfoljning = Uppfoljning(
        typ=UppfoljningTyp.SARSKILD,
        rubrik=rubrik,
        ramavtal=ramavtal,
        avtalsomrade=avtalsomrade,
        ar=ar,
        urvalskriterier=kriterier,
        urvalsregel=regel,
        urval_seed=valt.seed,
        urval_antal=antal if regel in REGLER_MED_ANTAL else None,
        ansvarig=ansvarig,
    )
    # The m2m changes below are recorded with the same user (act_as stays set).
    save_as(uppfoljning, user=user, clean=True)
    uppfoljning.metoder.set(metoder)
    uppfoljning.teman.set(teman)
    ids = valt.verksamhet_ids + added
    suppliers = dict(Verksamhet.objects.filter(pk__in=ids).values_list("pk", "leverantor_id"))
    rows = []
    for verksamhet_id in ids:
        figures = valt.figurer.get(verksamhet_id)
        old = carried.get(verksamhet_id)
        rows.append(
            UppfoljningLeverantor(
                uppfoljning=uppfoljning,
                verksamhet_id=verksamhet_id,
                leverantor_id=suppliers[verksamhet_id],
                flyttad_fran=old,
                inkopsvarde=figures.inkopsvarde.quantize(_CENT) if figures else None,
                antal_placeringar=figures.antal_placeringar if figures else None,
            )
        )
    # Hundreds of rows: one insert, each row still gets its history record.
    bulk_create_with_history(rows, UppfoljningLeverantor, default_user=user)
    return uppfoljning


@dataclass
class PlannedVsDone:
    """Planned (M) and done (N) sample rows, with the rows not done."""

    planned: int = 0
    done: int = 0
    not_done: list = field(default_factory=list)  # UppfoljningLeverantor rows

    @property
    def summary(self):
        return f"{self.done} av {self.planned} planerade uppföljningar genomfördes"


@dataclass
class PlannedVsDoneReport:
    ar: int
    per_ramavtal: list  # (Ramavtal, PlannedVsDone), by name
    total: PlannedVsDone


def planned_vs_done(*, ar, ramavtal=None):
    """Planned versus done special follow-ups of a year, per ramavtal and in total.

    One query whatever the number of rows; rows not done carry status and
    orsak and skal (the reason) and their leverantor and uppfoljning for the report.
    """
    rows = (
        UppfoljningLeverantor.objects.filter(
            uppfoljning__typ=UppfoljningTyp.SARSKILD, uppfoljning__ar=ar
        )
        .select_related("leverantor", "verksamhet", "uppfoljning__ramavtal", "orsak")
        .order_by("uppfoljning__ramavtal__namn", "leverantor__namn", "pk")
    )
    if ramavtal is not None:
        rows = rows.filter(uppfoljning__ramavtal=ramavtal)
    total = PlannedVsDone()
    per_ramavtal = {}
    for row in rows:
        agreement = row.uppfoljning.ramavtal
        entry = per_ramavtal.setdefault(agreement.pk, (agreement, PlannedVsDone()))[1]
        for counts in (entry, total):
            counts.planned += 1
            if row.status == PlaneradStatus.GENOMFORD:
                counts.done += 1
            else:
                counts.not_done.append(row)
    return PlannedVsDoneReport(ar=ar, per_ramavtal=list(per_ramavtal.values()), total=total)


def progress(uppfoljning):
    """Sample rows per PlaneradStatus (every status present, in choice order)."""
    counts = dict(
        UppfoljningLeverantor.objects.filter(uppfoljning=uppfoljning)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return {status: counts.get(status.value, 0) for status in PlaneradStatus}


def omraden_under_ar(ramavtal, ar):
    """The agreement's areas whose period touches the year (an empty end is the agreement's)."""
    start, end = datetime.date(ar, 1, 1), datetime.date(ar, 12, 31)
    areas = []
    for area in ramavtal.avtalsomraden.order_by("nummer"):
        fran = area.startdatum or ramavtal.startdatum
        till = area.slutdatum or ramavtal.slutdatum_inkl_option or ramavtal.slutdatum
        if (fran is None or fran <= end) and (till is None or till >= start):
            areas.append(area)
    return areas


def omraden_med_uppfoljning(ramavtal, ar):
    """Pks of the agreement's areas that already have a special follow-up in the year."""
    return set(
        Uppfoljning.objects.filter(
            typ=UppfoljningTyp.SARSKILD, ramavtal=ramavtal, ar=ar, avtalsomrade__isnull=False
        ).values_list("avtalsomrade_id", flat=True)
    )


@transaction.atomic
def sarskild_skapa_per_omrade(*, ramavtal, ar, omraden, user, ansvarig, **regel):
    """One special follow-up per area, all or none; areas with one that year are skipped.

    `regel` holds sarskild_skapa's rule arguments (urvalsregel, antal, period
    …), the same for every area; a SLUMP draw gets its own seed per area.
    Every follow-up takes its area's carry-over. Returns (created, skipped
    areas). An error in one area names it and writes nothing.
    """
    har = omraden_med_uppfoljning(ramavtal, ar)
    created, skipped = [], []
    for area in omraden:
        if area.pk in har:
            skipped.append(area)
            continue
        try:
            created.append(
                sarskild_skapa(
                    ramavtal=ramavtal,
                    ar=ar,
                    avtalsomrade=area,
                    rubrik=f"Särskild uppföljning {ramavtal} {area} {ar}",
                    ansvarig=ansvarig,
                    user=user,
                    **regel,
                )
            )
        except ValidationError as error:
            messages = [m for msgs in _messages(error) for m in msgs]
            raise ValidationError(f"Avtalsområde {area}: {' '.join(messages)}") from error
    return created, skipped


def _messages(error):
    if hasattr(error, "message_dict"):
        return list(error.message_dict.values())
    return [error.messages]
