"""The pre-call-off verdict: Klar för avrop, Varning or Stopp, with reasons.

`verdict_for` is a pure function of the facts, so every rule is tested without a
database; `load_facts` fetches the facts for any number of contract units
in a fixed number of queries. Pages, lists and reports all call these two.
An unknown is never shown as fine: a missing, failed or old check warns.
"""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from arenden.models import (
    Allvarlighet,
    Brist,
    IvoKontroll,
    Kontrollstatus,
    Kreditkontroll,
    Uppfoljning,
    UppfoljningTyp,
    Utslag,
)
from leverantorer.models import (
    AvtalStatus,
    Beslut,
    BeslutTyp,
    Leverantor,
    Tillstandsstatus,
    Verksamhet,
)

SEVERITY = {Utslag.KLAR: 0, Utslag.VARNING: 1, Utslag.STOPP: 2}
PLACERINGSSTOD = "kontrollera i IVO:s Placeringsstöd"


@dataclass
class Skal:
    niva: str  # Utslag value
    text: str
    url: str = ""


@dataclass
class Fakta:
    avtal_status: str
    tillstandspliktig: bool
    ramavtal_fran: object = None  # date; None = not known
    # End including options; None for a choice system running until further notice.
    ramavtal_till: object = None
    valfrihetssystem: bool = False  # LOV: "valfrihetssystemet" in the reasons
    vilande_i_registret: bool = False
    paus: Beslut | None = None
    ivo: IvoKontroll | None = None
    kredit: Kreditkontroll | None = None
    oppna_arenden: list = field(default_factory=list)
    allvarliga_brister: list = field(default_factory=list)
    avtal_url: str = ""
    verksamhet_url: str = ""
    leverantor_url: str = ""


@dataclass
class Verdict:
    utslag: str
    skal: list

    @property
    def label(self):
        return Utslag(self.utslag).label

    def snapshot(self):
        """The reasons as plain data, frozen into an Avropskontroll."""
        return [asdict(s) for s in self.skal]


def _age_days(when, now):
    return (now - when).days


def _ivo_reasons(f, now, max_age):
    if f.vilande_i_registret or (f.ivo and f.ivo.status == Kontrollstatus.OK and f.ivo.vilande):
        yield Skal(Utslag.STOPP, "Verksamheten är vilande.", f.verksamhet_url)
    if not f.tillstandspliktig:
        return
    ivo = f.ivo
    if ivo is None:
        yield Skal(
            Utslag.VARNING,
            f"Ingen IVO-kontroll är registrerad – {PLACERINGSSTOD}.",
            f.verksamhet_url,
        )
        return
    when = timezone.localtime(ivo.kontrollerad)
    if ivo.status != Kontrollstatus.OK:
        yield Skal(
            Utslag.VARNING,
            f"Senaste IVO-kontrollen ({when:%Y-%m-%d}) kunde inte genomföras – {PLACERINGSSTOD}.",
            f.verksamhet_url,
        )
        return
    if ivo.tillstand in (Tillstandsstatus.SAKNAS, Tillstandsstatus.ATERKALLAT):
        yield Skal(
            Utslag.STOPP,
            f"Enligt IVO-kontrollen {when:%Y-%m-%d}: "
            f"{Tillstandsstatus(ivo.tillstand).label.lower()}.",
            f.verksamhet_url,
        )
    elif ivo.tillstand != Tillstandsstatus.GILTIGT:
        yield Skal(
            Utslag.VARNING,
            f"IVO-kontrollen {when:%Y-%m-%d} visar inget giltigt tillstånd – {PLACERINGSSTOD}.",
            f.verksamhet_url,
        )
    if ivo.krav_pa_aterrapportering:
        yield Skal(
            Utslag.VARNING,
            "IVO har ett öppet ärende med krav på återrapportering av åtgärder.",
            f.verksamhet_url,
        )
    elif ivo.krav_pa_aterrapportering is None:
        yield Skal(
            Utslag.VARNING,
            f"Det är okänt om IVO kräver återrapportering av åtgärder – {PLACERINGSSTOD}.",
            f.verksamhet_url,
        )
    if _age_days(ivo.kontrollerad, now) > max_age:
        yield Skal(
            Utslag.VARNING,
            f"Senaste IVO-kontrollen är från {when:%Y-%m-%d}, äldre än "
            f"{max_age} dagar – {PLACERINGSSTOD}.",
            f.verksamhet_url,
        )


def _credit_reasons(f, now, max_age):
    kredit = f.kredit
    if kredit is None:
        yield Skal(
            Utslag.VARNING,
            "Ingen kreditkontroll är registrerad – kontrollera leverantörens ekonomi.",
            f.leverantor_url,
        )
        return
    when = timezone.localtime(kredit.kontrollerad)
    if kredit.status != Kontrollstatus.OK:
        yield Skal(
            Utslag.VARNING,
            f"Senaste kreditkontrollen ({when:%Y-%m-%d}) kunde inte "
            "genomföras – kontrollera leverantörens ekonomi.",
            f.leverantor_url,
        )
        return
    for flag, text in (
        (kredit.konkurs, "Leverantören är försatt i konkurs."),
        (kredit.likvidation, "Leverantören är i likvidation."),
        (kredit.avregistrerad, "Leverantören är avregistrerad."),
    ):
        if flag:
            yield Skal(Utslag.STOPP, f"{text} (kreditkontroll {when:%Y-%m-%d})", f.leverantor_url)
    unknown = [
        label
        for value, label in (
            (kredit.skatteskulder, "skatteskulder"),
            (kredit.betalningsanmarkningar, "betalningsanmärkningar"),
        )
        if value is None
    ]
    if unknown:
        yield Skal(
            Utslag.VARNING,
            f"Kreditkontrollen {when:%Y-%m-%d} säger inget om {' och '.join(unknown)} – "
            "kontrollera leverantörens ekonomi.",
            f.leverantor_url,
        )
    if kredit.skatteskulder:
        yield Skal(
            Utslag.VARNING,
            f"Leverantören har skatteskulder (kreditkontroll {when:%Y-%m-%d}).",
            f.leverantor_url,
        )
    if kredit.betalningsanmarkningar:
        yield Skal(
            Utslag.VARNING,
            f"Leverantören har betalningsanmärkningar (kreditkontroll {when:%Y-%m-%d}).",
            f.leverantor_url,
        )
    if _age_days(kredit.kontrollerad, now) > max_age:
        yield Skal(
            Utslag.VARNING,
            f"Senaste kreditkontrollen är från {when:%Y-%m-%d}, äldre än {max_age} dagar.",
            f.leverantor_url,
        )


# Content only: a manual check that merely refreshes an old or missing check
# is routine and says nothing to the strategist.
_NO_AGE_LIMIT = 10**6


def _content_level(check, now):
    """The worst level a single IVO or credit check gives by its content alone."""
    if isinstance(check, IvoKontroll):
        facts = Fakta(avtal_status=AvtalStatus.AKTIV, tillstandspliktig=True, ivo=check)
        reasons = list(_ivo_reasons(facts, now, _NO_AGE_LIMIT))
    else:
        facts = Fakta(avtal_status=AvtalStatus.AKTIV, tillstandspliktig=False, kredit=check)
        reasons = list(_credit_reasons(facts, now, _NO_AGE_LIMIT))
    worst = max((s.niva for s in reasons), key=SEVERITY.get, default=Utslag.KLAR)
    return worst, reasons


def manuell_klarning(fore, efter):
    """The reasons of `fore` that the manual check `efter` lifts, or [] if none.

    A manual check that turns a stop or a warning of the previous successful
    check into something milder is a person overriding what was known; the
    caller raises a signal so the strategist sees it (a coordinator checks,
    a strategist decides). A first check, or one after a failed check, lifts
    nothing: there was no stop or warning by content to lift.
    """
    if fore is None or fore.status != Kontrollstatus.OK or efter.status != Kontrollstatus.OK:
        return []
    now = max(fore.kontrollerad, efter.kontrollerad)
    before, reasons = _content_level(fore, now)
    after, _ = _content_level(efter, now)
    if SEVERITY[after] < SEVERITY[before]:
        return [s for s in reasons if SEVERITY[s.niva] > SEVERITY[after]]
    return []


def verdict_for(f, *, now=None, max_ivo_age=None, max_kredit_age=None):
    """The verdict and every reason behind it, worst first."""
    now = now or timezone.now()
    max_ivo_age = settings.AVROP_MAX_IVO_AGE_DAYS if max_ivo_age is None else max_ivo_age
    max_kredit_age = (
        settings.AVROP_MAX_KREDIT_AGE_DAYS if max_kredit_age is None else max_kredit_age
    )
    reasons = []
    today = timezone.localdate(now)
    if f.ramavtal_till is not None and f.ramavtal_till < today:
        text = (
            f"Valfrihetssystemet har stängts ({f.ramavtal_till:%Y-%m-%d})."
            if f.valfrihetssystem
            else f"Ramavtalet har löpt ut ({f.ramavtal_till:%Y-%m-%d}, option inräknad)."
        )
        reasons.append(Skal(Utslag.STOPP, text, f.avtal_url))
    elif f.ramavtal_fran is not None and f.ramavtal_fran > today:
        noun = "Valfrihetssystemet" if f.valfrihetssystem else "Ramavtalet"
        reasons.append(
            Skal(
                Utslag.STOPP,
                f"{noun} börjar gälla först {f.ramavtal_fran:%Y-%m-%d}.",
                f.avtal_url,
            )
        )
    if f.avtal_status != AvtalStatus.AKTIV:
        text = f"Avtalet är {AvtalStatus(f.avtal_status).label.lower()}."
        if f.avtal_status == AvtalStatus.PAUSAD and f.paus is not None:
            text = (
                f"Avtalet är tillfälligt uteslutet från avrop sedan {f.paus.datum:%Y-%m-%d}: "
                f"{str(f.paus.skal).lower()}."
            )
        reasons.append(Skal(Utslag.STOPP, text, f.avtal_url))
    reasons.extend(_ivo_reasons(f, now, max_ivo_age))
    reasons.extend(_credit_reasons(f, now, max_kredit_age))
    for case in f.oppna_arenden:
        reasons.append(
            Skal(
                Utslag.VARNING,
                f"Pågående händelsestyrd uppföljning: {case.rubrik}.",
                case.get_absolute_url(),
            )
        )
    for brist in f.allvarliga_brister:
        reasons.append(
            Skal(
                Utslag.VARNING,
                f"Öppen allvarlig brist: {brist.beskrivning[:100]}",
                brist.get_absolute_url(),
            )
        )
    reasons.sort(key=lambda s: -SEVERITY[s.niva])
    worst = max((s.niva for s in reasons), key=SEVERITY.get, default=Utslag.KLAR)
    return Verdict(utslag=worst, skal=reasons)


def _latest(model, fk, parent, ids):
    """The newest check per parent row (unit or supplier), in one query."""
    newest = model.objects.filter(**{fk: OuterRef("pk")}).order_by("-kontrollerad", "-pk")
    latest_ids = (
        parent.objects.filter(pk__in=ids)
        .annotate(latest=Subquery(newest.values("pk")[:1]))
        .values("latest")
    )
    return {getattr(k, f"{fk}_id"): k for k in model.objects.filter(pk__in=latest_ids)}


def load_facts(avtal_list, units_by_avtal):
    """Facts for every (contract, unit) pair, in a fixed number of queries.

    `avtal_list` must have leverantor and ramavtal selected; returns
    {(avtal_pk, verksamhet_pk): Fakta}.
    """
    unit_ids = {u.pk for units in units_by_avtal.values() for u in units}
    supplier_ids = {a.leverantor_id for a in avtal_list}
    ivo_by_unit = _latest(IvoKontroll, "verksamhet", Verksamhet, unit_ids)
    credit_by_supplier = _latest(Kreditkontroll, "leverantor", Leverantor, supplier_ids)
    pauses = {}
    for beslut in (
        Beslut.objects.filter(avtal__in=[a.pk for a in avtal_list], typ=BeslutTyp.PAUS)
        .select_related("skal")
        .order_by("datum", "pk")
    ):
        pauses[beslut.avtal_id] = beslut  # the latest wins
    cases = list(
        Uppfoljning.objects.open().filter(
            typ=UppfoljningTyp.HANDELSSTYRD, leverantor__in=supplier_ids
        )
    )
    findings = list(
        Brist.objects.open().filter(
            allvarlighet=Allvarlighet.ALLVARLIG, leverantor__in=supplier_ids
        )
    )
    facts = {}
    for avtal in avtal_list:
        for unit in units_by_avtal.get(avtal.pk, []):

            def concerns(obj, unit=unit, avtal=avtal):
                # About the whole supplier, or about this very unit.
                return obj.leverantor_id == avtal.leverantor_id and obj.verksamhet_id in (
                    None,
                    unit.pk,
                )

            facts[(avtal.pk, unit.pk)] = Fakta(
                avtal_status=avtal.status,
                tillstandspliktig=avtal.ramavtal.tillstandspliktig,
                ramavtal_fran=avtal.ramavtal.startdatum,
                ramavtal_till=avtal.ramavtal.slutdatum_inkl_option,
                valfrihetssystem=avtal.ramavtal.ar_valfrihetssystem,
                vilande_i_registret=unit.vilande,
                paus=pauses.get(avtal.pk),
                ivo=ivo_by_unit.get(unit.pk),
                kredit=credit_by_supplier.get(avtal.leverantor_id),
                oppna_arenden=[c for c in cases if concerns(c)],
                allvarliga_brister=[b for b in findings if concerns(b)],
                avtal_url=reverse("leverantorer:avtal", args=[avtal.pk]),
                verksamhet_url=reverse("arenden:avrop_ivo", args=[unit.pk]),
                leverantor_url=reverse("leverantorer:detail", args=[avtal.leverantor_id]),
            )
    return facts
