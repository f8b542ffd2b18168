"""The outcome ladder of a sample row: which status needs what, and which evidence fits.

utan anmärkning → komplettering begärd → rättelse begärd (a Brist with a
deadline) → vite (a Beslut VITE with an amount) → hävning (a Beslut HAVNING,
for the whole contract or just the row's unit).

`fel(row)` says per field what is wrong, without writing or querying beyond
the row's own relations (select_related them for many rows: see
`urvalsrader.RAD_RELATIONER`). `andra(row, user=…, **changes)` applies a
change with history. `utfallsgrupp(row)` and the SQL expression
`UTFALLSGRUPP` give the step the figures count.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When

from arenden.models import Brist, PlaneradStatus, PlaneradUtfall
from arenden.models.uppfoljningar import EJ_GENOMFORD
from leverantorer.models import BeslutTyp
from uppfoljning.history import save_as

# Steps that escalate with a finding or a decision: the evidence each needs.
MED_BRIST = (PlaneradUtfall.RATTELSE,)
MED_BESLUT = {PlaneradUtfall.VITE: BeslutTyp.VITE, PlaneradUtfall.HAVNING: BeslutTyp.HAVNING}
# Steps where the unit is asked to fix something, so "åtgärdat" means something.
MED_ATGARD = (PlaneradUtfall.KOMPLETTERING, PlaneradUtfall.RATTELSE)


class Utfallsgrupp(models.TextChoices):
    """The step of a row as the annual figures count it.

    Keys and labels are those of arenden.arsutfall.UTFALLSGRUPPER, so the two
    can be one definition once both are merged.
    """

    UTAN_ANMARKNING = "utan_anmarkning", "Utan anmärkning"
    ATGARDADE = "atgardade", "Åtgärdade efter komplettering eller rättelse"
    HANTERAS = "hanteras", "Hanteras fortfarande"
    SANKTION = "sanktion", "Sanktion (vite eller hävning)"


def fel(row):
    """{field: Swedish message} for every rule of the ladder `row` breaks; {} when it holds."""
    errors = {}
    if row.status in EJ_GENOMFORD and not row.orsak_id:
        errors["orsak"] = "Ange varför uppföljningen inte genomförs som planerat."
    elif row.status not in EJ_GENOMFORD and row.orsak_id:
        errors["orsak"] = "Orsak anges bara när uppföljningen flyttas eller ställs in."
    if row.status == PlaneradStatus.GENOMFORD and not row.utfall:
        errors["utfall"] = "Ange utfallet av en genomförd uppföljning."
    elif row.status != PlaneradStatus.GENOMFORD and row.utfall:
        errors["utfall"] = "Utfall anges först när uppföljningen är genomförd."
    _brist_fel(row, errors)
    _beslut_fel(row, errors)
    if row.atgardat and row.utfall not in MED_ATGARD:
        errors["atgardat"] = "Åtgärdat anges bara när komplettering eller rättelse har begärts."
    return errors


def _brist_fel(row, errors):
    brist = row.brist
    if brist is None:
        if row.utfall in MED_BRIST:
            errors["brist"] = (
                "Rättelse begärd kräver en brist med sista dag för åtgärd: välj en "
                "eller skapa en från raden."
            )
        return
    if row.utfall not in MED_BRIST and row.utfall not in MED_BESLUT:
        errors["brist"] = "En brist kopplas bara till rättelse, vite eller hävning."
    elif brist.leverantor_id != row.leverantor_id:
        errors["brist"] = "Bristen gäller en annan leverantör än raden."
    elif row.verksamhet_id and brist.verksamhet_id not in (None, row.verksamhet_id):
        errors["brist"] = "Bristen gäller en annan verksamhet än raden."


def _beslut_fel(row, errors):
    beslut = row.beslut
    typ = MED_BESLUT.get(row.utfall)
    if beslut is None:
        if typ == BeslutTyp.VITE:
            errors["beslut"] = "Vite kräver ett beslut om vite för leverantörens avtal."
        elif typ == BeslutTyp.HAVNING:
            errors["beslut"] = "Hävning kräver ett beslut om hävning för leverantörens avtal."
        return
    if typ is None:
        errors["beslut"] = "Ett beslut kopplas bara till vite eller hävning."
    elif beslut.typ != typ:
        errors["beslut"] = f"Beslutet är inte ett beslut om {typ.label.lower()}."
    elif typ == BeslutTyp.VITE and beslut.belopp is None:
        errors["beslut"] = "Beslutet om vite saknar belopp."
    elif beslut.avtal.leverantor_id != row.leverantor_id:
        errors["beslut"] = "Beslutet gäller en annan leverantörs avtal."
    elif row.verksamhet_id and beslut.verksamhet_id not in (None, row.verksamhet_id):
        errors["beslut"] = "Beslutet gäller en annan verksamhet än raden."


def kontrollera(row):
    """Raise a ValidationError per field when the row breaks the ladder."""
    errors = fel(row)
    if errors:
        raise ValidationError(errors)


def andra(row, *, user, reason="", **changes):
    """Set `changes` on the row, check the model and the ladder, save with history."""
    for name, value in changes.items():
        setattr(row, name, value)
    return save_as(row, user=user, reason=reason, clean=True)


def ny_brist(row, *, beskrivning, krav, atgard_senast):
    """An unsaved finding made from the row: its follow-up, supplier and unit.

    Made this way the ladder's evidence rule holds by construction; a form
    sets it on the row before validating and saves it first (see skapa_brist).
    """
    return Brist(
        uppfoljning_id=row.uppfoljning_id,
        leverantor_id=row.leverantor_id,
        verksamhet_id=row.verksamhet_id,
        beskrivning=beskrivning,
        krav=krav,
        atgard_senast=atgard_senast,
    )


def skapa_brist(row, *, beskrivning, krav, atgard_senast, user):
    """Save a finding made from the row and link it to the row (the row itself unsaved)."""
    brist = ny_brist(row, beskrivning=beskrivning, krav=krav, atgard_senast=atgard_senast)
    save_as(brist, user=user, clean=True)
    row.brist = brist
    return brist


def utfallsgrupp(row):
    """The row's step for the figures (a Utfallsgrupp), or "" when it has no outcome yet."""
    if row.utfall == PlaneradUtfall.INGA_ANMARKNINGAR:
        return Utfallsgrupp.UTAN_ANMARKNING
    if row.utfall in MED_ATGARD:
        return Utfallsgrupp.ATGARDADE if row.atgardat else Utfallsgrupp.HANTERAS
    if row.utfall in MED_BESLUT:
        return Utfallsgrupp.SANKTION
    return ""


def utfallsgrupp_q(grupp):
    """Q matching the sample rows of one Utfallsgrupp (the SQL twin of utfallsgrupp)."""
    return {
        Utfallsgrupp.UTAN_ANMARKNING: Q(utfall=PlaneradUtfall.INGA_ANMARKNINGAR),
        Utfallsgrupp.ATGARDADE: Q(utfall__in=MED_ATGARD, atgardat__isnull=False),
        Utfallsgrupp.HANTERAS: Q(utfall__in=MED_ATGARD, atgardat__isnull=True),
        Utfallsgrupp.SANKTION: Q(utfall__in=list(MED_BESLUT)),
    }[grupp]


# .annotate(grupp=UTFALLSGRUPP).values("grupp").annotate(n=Count("pk")) counts in SQL.
UTFALLSGRUPP = Case(
    *(When(utfallsgrupp_q(grupp), then=Value(grupp.value)) for grupp in Utfallsgrupp),
    default=Value(""),
    output_field=models.CharField(),
)
