"""Rules for the special (planned) follow-up: the sample and planned versus done.

A special follow-up goes deep on one ramavtal in a year, on a sample of its
suppliers picked from the register (highest purchase value or most
placements over a period) or by hand with stated criteria. The annual report
reads "N av M planerade uppföljningar genomfördes" from planned_vs_done().
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from arenden.models import (
    PlaneradStatus,
    Uppfoljning,
    UppfoljningLeverantor,
    UppfoljningTyp,
)
from leverantorer.urval import urval
from uppfoljning.history import save_as

_CENT = Decimal("0.01")
ORDNING_TEXT = {"inkopsvarde": "högst inköpsvärde", "antal": "flest placeringar"}


def urvalskriterier_text(*, antal, fran, till, inriktning="", ordning="inkopsvarde"):
    """The criteria in the words of the annual report."""
    subject = "Den leverantör" if antal == 1 else f"De {antal} leverantörer"
    text = f"{subject} med {ORDNING_TEXT[ordning]} {fran:%Y-%m-%d} – {till:%Y-%m-%d}"
    if inriktning:
        text += f", inriktning ”{inriktning}”"
    return text


@transaction.atomic
def sarskild_skapa(
    *,
    ramavtal,
    ar,
    rubrik,
    ansvarig,
    user,
    avtalsomrade=None,
    urvalskriterier="",
    metoder=(),
    teman=(),
    urval_fran=None,
    urval_till=None,
    inriktning="",
    antal=5,
    leverantorer=None,
    ordning="inkopsvarde",
):
    """Create a special follow-up and its sample.

    With leverantorer=None the sample is the top `antal` of the register's
    ranking for the period; otherwise the given suppliers, and then the
    criteria must be written out. Figures are stored as they were, so the
    report shows the basis the choice was made on even after the register
    changes. Raises ValidationError (Swedish) and writes nothing on error.
    `user` is who acts: every row written keeps them in its history.
    """
    urvalskriterier = (urvalskriterier or "").strip()
    errors = {}
    if avtalsomrade is not None and avtalsomrade.ramavtal_id != ramavtal.pk:
        errors["avtalsomrade"] = "Avtalsområdet hör inte till ramavtalet."
    if urval_fran and urval_till and urval_till < urval_fran:
        errors["urval_till"] = "Periodens slut kan inte ligga före dess början."
    if ordning not in ORDNING_TEXT:
        errors["ordning"] = "Välj högst inköpsvärde eller flest placeringar."

    figures = {}
    if leverantorer is None:
        if not (urval_fran and urval_till):
            errors.setdefault("urval_fran", "Ange perioden som urvalet ska göras för.")
        if antal is None or antal < 1:
            errors["antal"] = "Ange hur många leverantörer urvalet ska omfatta."
        if errors:
            raise ValidationError(errors)
        rows = urval(
            ramavtal=ramavtal,
            fran=urval_fran,
            till=urval_till,
            inriktning=inriktning,
            ordning=ordning,
            limit=antal,
        )
        if not rows:
            raise ValidationError(
                {
                    "urval_fran": "Registret har inga placeringar under ramavtalet för perioden. "
                    "Välj en annan period eller välj leverantörer för hand."
                }
            )
        sample = [row.leverantor_id for row in rows]
        figures = {row.leverantor_id: row for row in rows}
        if not urvalskriterier:
            urvalskriterier = urvalskriterier_text(
                antal=len(rows),
                fran=urval_fran,
                till=urval_till,
                inriktning=inriktning,
                ordning=ordning,
            )
    else:
        sample = list(dict.fromkeys(lev.pk for lev in leverantorer))
        if not sample:
            errors["leverantorer"] = "Välj minst en leverantör till urvalet."
        if not urvalskriterier:
            errors["urvalskriterier"] = (
                "Beskriv hur leverantörerna valdes ut när urvalet görs för hand."
            )
        if errors:
            raise ValidationError(errors)
        # With a period the hand-picked suppliers still get the register's figures.
        if urval_fran and urval_till:
            rows = urval(ramavtal=ramavtal, fran=urval_fran, till=urval_till, inriktning=inriktning)
            figures = {row.leverantor_id: row for row in rows if row.leverantor_id in sample}

    uppfoljning = Uppfoljning(
        typ=UppfoljningTyp.SARSKILD,
        rubrik=rubrik,
        ramavtal=ramavtal,
        avtalsomrade=avtalsomrade,
        ar=ar,
        urvalskriterier=urvalskriterier,
        ansvarig=ansvarig,
    )
    # The m2m changes below are recorded with the same user (act_as stays set).
    save_as(uppfoljning, user=user, clean=True)
    uppfoljning.metoder.set(metoder)
    uppfoljning.teman.set(teman)
    for leverantor_id in sample:
        row = figures.get(leverantor_id)
        # Saved one by one so each sample row gets its history record.
        save_as(
            UppfoljningLeverantor(
                uppfoljning=uppfoljning,
                leverantor_id=leverantor_id,
                inkopsvarde=row.inkopsvarde.quantize(_CENT) if row else None,
                antal_placeringar=row.antal_placeringar if row else None,
            ),
            user=user,
        )
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
        .select_related("leverantor", "uppfoljning__ramavtal", "orsak")
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
