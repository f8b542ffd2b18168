"""The figures of the annual report "Uppföljning av privata utförare ÅÅÅÅ".

Each section is a small function of the year returning plain data; every
one costs a constant number of queries (aggregates, prefetches), however
large the register. `arsrapport_data(ar)` gathers them all for the template.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.db.models.functions import ExtractYear

from arenden.arsutfall import arsutfall
from arenden.models import (
    Allvarlighet,
    Avropskontroll,
    Avvikelse,
    Brist,
    BristStatus,
    FakturaAvvikelse,
    FakturaResultat,
    Hanteringsstatus,
    IvoKontroll,
    Kontrollstatus,
    Kreditkontroll,
    Platsbesok,
    Registerkontroll,
    RegisterkontrollUtfall,
    Stickprov,
    StickprovFaktura,
    Uppfoljning,
    UppfoljningLeverantor,
    UppfoljningStatus,
    UppfoljningTyp,
    Utfall,
)
from arenden.sarskild import planned_vs_done
from enkater.rapportfigurer import figurer as enkatfigurer
from leverantorer.belopp import mkr
from leverantorer.models import (
    Beslut,
    BeslutSkal,
    BeslutTyp,
    Tillstandsstatus,
    i_kraft_under_q,
)
from ramavtal.models import Ramavtal

# The decisions the report counts, in the order the committee reads them.
REPORTED_DECISIONS = (BeslutTyp.PAUS, BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING)
TIER_YEARS = 5
# A sample longer than this is summarised (counts per outcome) and the full list
# is the appendix (rapporter:urval_export): a big city's report must not print
# one row per sampled unit.
URVAL_LISTA_MAX = 15
SKYDDAT_BOENDE = "Skyddat boende"


def year_bounds(ar):
    return datetime.date(ar, 1, 1), datetime.date(ar, 12, 31)


def current_ramavtal(ar):
    """Agreements in force some day of the year, with their number of suppliers."""
    first, last = year_bounds(ar)
    return list(
        Ramavtal.objects.i_kraft_under(first, last)
        .annotate(
            antal_leverantorer=Count(
                "avtal", filter=i_kraft_under_q(first, last, "avtal__"), distinct=True
            )
        )
        # A successor agreement shares its predecessor's name: the older first, on
        # every database (a tie left to the engine printed them in either order).
        .order_by("namn", "startdatum", "pk")
    )


@dataclass
class KategoriRad:
    kategori: str
    antal: int
    hanterade_i_arendet: int
    till_uppfoljning: int


@dataclass
class Avvikelser:
    rader: list
    antal: int
    hanterade_i_arendet: int
    till_uppfoljning: int
    allvarliga: int


def deviations(ar):
    """Deviations reported in the year by category, and how they were settled."""
    first, last = year_bounds(ar)
    rows = list(
        Avvikelse.objects.filter(datum__range=(first, last))
        .order_by()
        .values("kategori__namn")
        .annotate(
            antal=Count("pk"),
            hanterade=Count("pk", filter=Q(hanterad_i_arendet=True)),
            arende=Count("pk", filter=Q(status=Hanteringsstatus.ARENDE)),
            allvarliga=Count("pk", filter=Q(allvarlighet=Allvarlighet.ALLVARLIG)),
        )
    )
    # Grouped by the category's current name: a retired category still counts.
    rader = sorted(
        (KategoriRad(r["kategori__namn"], r["antal"], r["hanterade"], r["arende"]) for r in rows),
        key=lambda r: (-r.antal, r.kategori),
    )
    return Avvikelser(
        rader=rader,
        antal=sum(r.antal for r in rader),
        hanterade_i_arendet=sum(r.hanterade_i_arendet for r in rader),
        till_uppfoljning=sum(r.till_uppfoljning for r in rader),
        allvarliga=sum(r["allvarliga"] for r in rows),
    )


@dataclass
class Kontroller:
    ivo_kontroller: int
    ivo_verksamheter: int
    ivo_anmarkningar: int
    ivo_misslyckade: int
    avropskontroller: int
    kreditkontroller: int
    kredit_anmarkningar: int
    registerkontroller: int
    register_bedomning: int


def checks(ar):
    """IVO checks (sweeps and at call-off), call-off, credit and register checks of the year."""
    ivo = IvoKontroll.objects.filter(kontrollerad__year=ar).aggregate(
        antal=Count("pk"),
        verksamheter=Count("verksamhet", distinct=True),
        anmarkningar=Count(
            "pk",
            filter=Q(status=Kontrollstatus.OK)
            & (
                ~Q(tillstand__in=[Tillstandsstatus.GILTIGT, Tillstandsstatus.EJ_KRAV])
                | Q(vilande=True)
                | Q(krav_pa_aterrapportering=True)
            ),
        ),
        misslyckade=Count("pk", filter=Q(status=Kontrollstatus.MISSLYCKAD)),
    )
    kredit = Kreditkontroll.objects.filter(kontrollerad__year=ar).aggregate(
        antal=Count("pk"),
        anmarkningar=Count(
            "pk",
            filter=Q(status=Kontrollstatus.OK)
            & (
                Q(betalningsanmarkningar=True)
                | Q(skatteskulder=True)
                | Q(konkurs=True)
                | Q(likvidation=True)
            ),
        ),
    )
    register = Registerkontroll.objects.filter(begard__year=ar).aggregate(
        antal=Count("pk"),
        bedomning=Count("pk", filter=Q(utfall=RegisterkontrollUtfall.BEDOMNING)),
    )
    return Kontroller(
        ivo_kontroller=ivo["antal"],
        ivo_verksamheter=ivo["verksamheter"],
        ivo_anmarkningar=ivo["anmarkningar"],
        ivo_misslyckade=ivo["misslyckade"],
        avropskontroller=Avropskontroll.objects.filter(kontrollerad__year=ar).count(),
        kreditkontroller=kredit["antal"],
        kredit_anmarkningar=kredit["anmarkningar"],
        registerkontroller=register["antal"],
        register_bedomning=register["bedomning"],
    )


@dataclass
class BeslutRad:
    """Decisions of the year under one agreement, with their reasons."""

    ramavtal: str
    pauser: int = 0
    uppsagningar: int = 0
    havningar: int = 0
    skal: dict = field(default_factory=dict)  # decision label -> [(reason label, n)]

    @property
    def totalt(self):
        return self.pauser + self.uppsagningar + self.havningar


_BESLUT_FIELD = {
    BeslutTyp.PAUS: "pauser",
    BeslutTyp.UPPSAGNING: "uppsagningar",
    BeslutTyp.HAVNING: "havningar",
}


def decisions(ar, *, skal=None):
    """Temporary exclusions, terminations and rescissions per agreement, with reasons.

    With skal (e.g. the economic reason) only decisions on those grounds.
    """
    first, last = year_bounds(ar)
    qs = Beslut.objects.filter(datum__range=(first, last), typ__in=REPORTED_DECISIONS)
    if skal:
        qs = qs.filter(skal__in=skal)
    rows = (
        qs.order_by()
        .values("avtal__ramavtal__namn", "typ", "skal_id", "skal__namn")
        .annotate(n=Count("pk"))
        .order_by("avtal__ramavtal__namn", "typ", "-n", "skal_id")
    )
    typ_labels = dict(BeslutTyp.choices)
    per_ramavtal = {}
    for row in rows:
        entry = per_ramavtal.setdefault(
            row["avtal__ramavtal__namn"], BeslutRad(row["avtal__ramavtal__namn"])
        )
        name = _BESLUT_FIELD[row["typ"]]
        setattr(entry, name, getattr(entry, name) + row["n"])
        entry.skal.setdefault(typ_labels[row["typ"]], []).append((row["skal__namn"], row["n"]))
    # Reasons in the order of the table's columns (the query orders types by their keys).
    order = [typ_labels[typ] for typ in REPORTED_DECISIONS]
    for entry in per_ramavtal.values():
        entry.skal = {label: entry.skal[label] for label in order if label in entry.skal}
    return list(per_ramavtal.values())


@dataclass
class StickprovRunda:
    namn: str
    datum: datetime.date
    urval: str
    ramavtal: str
    dragna: int
    granskade: int
    avvikelser: int


@dataclass
class Fakturagranskning:
    rundor: list
    dragna: int
    granskade: int
    avvikelser: int
    per_typ: list  # (label, n), most common first


def invoice_sampling(ar):
    """Rounds of invoice sampling in the year, invoices checked and deviations by type."""
    first, last = year_bounds(ar)
    rounds = (
        Stickprov.objects.filter(datum__range=(first, last))
        .select_related("ramavtal")
        .annotate(
            dragna=Count("fakturor"),
            granskade=Count("fakturor", filter=~Q(fakturor__resultat=FakturaResultat.EJ_GRANSKAD)),
            med_avvikelse=Count("fakturor", filter=Q(fakturor__resultat=FakturaResultat.AVVIKELSE)),
        )
        .order_by("datum", "pk")
    )
    rundor = [
        StickprovRunda(
            namn=s.namn,
            datum=s.datum,
            urval=s.get_kalla_display(),
            ramavtal=s.ramavtal.namn if s.ramavtal else "Alla ramavtal",
            dragna=s.dragna,
            granskade=s.granskade,
            avvikelser=s.med_avvikelse,
        )
        for s in rounds
    ]
    labels = dict(FakturaAvvikelse.choices)
    per_typ = [
        (labels.get(row["avvikelsetyp"], row["avvikelsetyp"]), row["n"])
        for row in StickprovFaktura.objects.filter(
            stickprov__datum__range=(first, last), resultat=FakturaResultat.AVVIKELSE
        )
        .order_by()
        .values("avvikelsetyp")
        .annotate(n=Count("pk"))
        .order_by("-n", "avvikelsetyp")
    ]
    return Fakturagranskning(
        rundor=rundor,
        dragna=sum(r.dragna for r in rundor),
        granskade=sum(r.granskade for r in rundor),
        avvikelser=sum(r.avvikelser for r in rundor),
        per_typ=per_typ,
    )


@dataclass
class HandelsstyrdRad:
    ramavtal: str
    antal: int = 0
    avslutade: int = 0
    utfall: dict = field(default_factory=dict)  # label -> n


@dataclass
class Handelsstyrd:
    rader: list
    antal: int
    avslutade: int
    utfall: list  # (label, n) over all agreements


NO_RAMAVTAL = "Utan angivet ramavtal"


def event_driven(ar):
    """Event-driven cases opened in the year per agreement, and their outcomes."""
    first, last = year_bounds(ar)
    rows = (
        Uppfoljning.objects.filter(typ=UppfoljningTyp.HANDELSSTYRD, oppnad__range=(first, last))
        .order_by()
        # Closed as the year ended, by the day it was closed, not by its status
        # now: a case closed in March next year was still running at year's end.
        .annotate(
            avslutad_under_aret=ExpressionWrapper(
                Q(status=UppfoljningStatus.AVSLUTAD, avslutad__lte=last),
                output_field=BooleanField(),
            )
        )
        .values("ramavtal__namn", "avslutad_under_aret", "utfall")
        .annotate(n=Count("pk"))
    )
    labels = dict(Utfall.choices)
    per_ramavtal = {}
    totals = defaultdict(int)
    for row in rows:
        name = row["ramavtal__namn"] or NO_RAMAVTAL
        entry = per_ramavtal.setdefault(name, HandelsstyrdRad(name))
        entry.antal += row["n"]
        if row["avslutad_under_aret"]:
            entry.avslutade += row["n"]
            label = labels.get(row["utfall"]) or "Utfall ej angivet"
        else:
            label = "Pågår"
        entry.utfall[label] = entry.utfall.get(label, 0) + row["n"]
        totals[label] += row["n"]
    rader = sorted(per_ramavtal.values(), key=lambda r: (r.ramavtal == NO_RAMAVTAL, r.ramavtal))
    return Handelsstyrd(
        rader=rader,
        antal=sum(r.antal for r in rader),
        avslutade=sum(r.avslutade for r in rader),
        utfall=sorted(totals.items(), key=lambda item: (-item[1], item[0])),
    )


@dataclass
class UrvalsRad:
    leverantor: str
    inkopsvarde_mkr: object  # Decimal or None
    antal_placeringar: object  # int or None
    status: str


@dataclass
class BristRad:
    leverantor: str
    tema: str
    beskrivning: str
    krav: str
    status: str


@dataclass
class SarskildAvsnitt:
    """One agreement's special follow-up as the report tells it."""

    id: int
    rubrik: str
    ramavtal: Ramavtal
    antal_leverantorer: int
    urvalskriterier: str
    urval: list
    metoder: list
    teman: list
    besok: int
    oanmalda_besok: int
    kvallsbesok: int
    bedomning: str
    brister: list
    brister_atgardade: int
    brister_oppna: int
    brister_eskalerade: int
    # Questionnaire figures (enkater.rapportfigurer); None without send-outs.
    enkater: object = None
    urval_antal: int = 0
    # With a long sample (urval then empty): [(label, n)] per status and per outcome.
    urval_per_status: list = field(default_factory=list)
    urval_per_utfall: list = field(default_factory=list)
    avtalsomrade: object = None  # the area of a follow-up made per area, else None

    @property
    def namn(self):
        """The section's name: one agreement has one follow-up per area in a big city."""
        if self.avtalsomrade is None:
            return self.ramavtal.namn
        return f"{self.ramavtal.namn}, område {self.avtalsomrade}"

    @property
    def urval_sammanfattat(self):
        return self.urval_antal > URVAL_LISTA_MAX


def special(ar):
    """Each special follow-up of the year: agreement, sample, methods, themes, findings."""
    cases = (
        Uppfoljning.objects.filter(typ=UppfoljningTyp.SARSKILD, ar=ar)
        .select_related("ramavtal", "avtalsomrade")
        .annotate(
            antal_leverantorer=Count(
                "ramavtal__avtal",
                # As the agreement stood at the end of the year.
                filter=i_kraft_under_q(year_bounds(ar)[1], year_bounds(ar)[1], "ramavtal__avtal__"),
                distinct=True,
            )
        )
        .prefetch_related(
            Prefetch(
                "urval",
                queryset=UppfoljningLeverantor.objects.select_related("leverantor").order_by(
                    "-inkopsvarde", "leverantor__namn"
                ),
            ),
            "metoder",
            "teman",
            Prefetch("besok", queryset=Platsbesok.objects.filter(genomfort=True)),
            Prefetch(
                "brister",
                queryset=Brist.objects.select_related("leverantor", "tema").order_by(
                    "leverantor__namn", "pk"
                ),
            ),
        )
        .order_by("ramavtal__namn", "pk")
    )
    cases = list(cases)
    enkater = enkatfigurer([case.pk for case in cases])
    avsnitt = []
    for case in cases:
        besok = list(case.besok.all())
        brister = list(case.brister.all())
        rows = list(case.urval.all())
        long_sample = len(rows) > URVAL_LISTA_MAX
        avsnitt.append(
            SarskildAvsnitt(
                id=case.pk,
                rubrik=case.rubrik,
                ramavtal=case.ramavtal,
                avtalsomrade=case.avtalsomrade,
                antal_leverantorer=case.antal_leverantorer,
                urvalskriterier=case.urvalskriterier,
                urval=[
                    UrvalsRad(
                        row.leverantor.namn,
                        mkr(row.inkopsvarde),
                        row.antal_placeringar,
                        row.get_status_display(),
                    )
                    for row in ([] if long_sample else rows)
                ],
                urval_antal=len(rows),
                urval_per_status=_counted(r.get_status_display() for r in rows),
                urval_per_utfall=_counted(r.get_utfall_display() for r in rows if r.utfall),
                metoder=[m.namn for m in case.metoder.all()],
                teman=[t.namn for t in case.teman.all()],
                besok=len(besok),
                oanmalda_besok=sum(1 for b in besok if not b.anmalt),
                kvallsbesok=sum(1 for b in besok if b.kvall),
                bedomning=case.bedomning,
                brister=[
                    BristRad(
                        b.leverantor.namn,
                        b.tema.namn if b.tema else "",
                        b.beskrivning,
                        b.krav,
                        b.get_status_display(),
                    )
                    for b in brister
                ],
                brister_atgardade=sum(1 for b in brister if b.status == BristStatus.ATGARDAD),
                brister_oppna=sum(1 for b in brister if b.status == BristStatus.OPPEN),
                brister_eskalerade=sum(1 for b in brister if b.status == BristStatus.EJ_ATGARDAD),
                enkater=enkater.get(case.pk),
            )
        )
    return avsnitt


def _counted(labels):
    """[(label, n)], most common first."""
    counts = defaultdict(int)
    for label in labels:
        counts[label] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


URVAL_EXPORT_HEADER = (
    "År",
    "Ramavtal",
    "Avtalsområde",
    "Uppföljning",
    "Leverantör",
    "Verksamhet",
    "Status",
    "Orsak",
    "Metod",
    "Utfall",
    "Åtgärdat",
    "Vite (kr)",
)


def urval_export_rows(ar):
    """The year's sample rows with outcomes: the annual report's appendix.

    Published means public: no addresses, no free-text comments (they may name
    people), and a protected unit (skyddat boende) only as "Skyddat boende".
    One query.
    """
    rows = (
        UppfoljningLeverantor.objects.av_ar(ar)
        .select_related(
            "uppfoljning__ramavtal",
            "uppfoljning__avtalsomrade",
            "leverantor",
            "verksamhet",
            "orsak",
            "metod",
            "beslut",
        )
        .order_by("uppfoljning__ramavtal__namn", "uppfoljning__avtalsomrade__nummer", "pk")
    )
    for row in rows:
        case, unit = row.uppfoljning, row.verksamhet
        vite = row.beslut.belopp if row.beslut_id and row.beslut.typ == BeslutTyp.VITE else None
        yield (
            ar,
            case.ramavtal.namn if case.ramavtal_id else "",
            str(case.avtalsomrade) if case.avtalsomrade_id else "Hela avtalet",
            case.rubrik,
            row.leverantor.namn,
            (SKYDDAT_BOENDE if unit.skyddat_boende else unit.namn) if unit else "",
            row.get_status_display(),
            row.orsak.namn if row.orsak_id else "",
            row.metod.namn if row.metod_id else "",
            row.get_utfall_display(),
            row.atgardat,
            vite,
        )


def planned_ramavtal(ar):
    """The agreements the year's plan named for special follow-up (names, sorted)."""
    from rapporter.models import PlaneradSarskild

    return sorted(
        set(
            PlaneradSarskild.objects.filter(plan__ar=ar, ar=ar, aktiv=True).values_list(
                "ramavtal__namn", flat=True
            )
        )
    )


@dataclass
class TierYear:
    ar: int
    lopande: int
    handelsstyrda: int
    sarskilda: int


def tiers_over_years(ar, years=TIER_YEARS):
    """Deviations, event-driven and special follow-ups per year, the last `years` years."""
    first_year = ar - years + 1
    deviations_by_year = dict(
        Avvikelse.objects.filter(datum__year__gte=first_year, datum__year__lte=ar)
        .annotate(y=ExtractYear("datum"))
        .order_by()
        .values_list("y")
        .annotate(n=Count("pk"))
    )
    event = dict(
        Uppfoljning.objects.filter(
            typ=UppfoljningTyp.HANDELSSTYRD, oppnad__year__gte=first_year, oppnad__year__lte=ar
        )
        .annotate(y=ExtractYear("oppnad"))
        .order_by()
        .values_list("y")
        .annotate(n=Count("pk"))
    )
    planned = dict(
        Uppfoljning.objects.filter(typ=UppfoljningTyp.SARSKILD, ar__gte=first_year, ar__lte=ar)
        .order_by()
        .values_list("ar")
        .annotate(n=Count("pk"))
    )
    return [
        TierYear(y, deviations_by_year.get(y, 0), event.get(y, 0), planned.get(y, 0))
        for y in range(first_year, ar + 1)
    ]


@dataclass
class ArsrapportData:
    ar: int
    ramavtal: list
    avvikelser: Avvikelser
    kontroller: Kontroller
    beslut: list
    ekonomiska_beslut: list
    stickprov: Fakturagranskning
    handelsstyrd: Handelsstyrd
    sarskild: list
    planerat_mot_genomfort: object  # arenden.sarskild.PlannedVsDoneReport
    planerade_ramavtal: list
    tiers: list
    omraden: object = None  # arenden.arsutfall.Arsutfall
    urval_lista_max: int = URVAL_LISTA_MAX

    @property
    def beslut_totalt(self):
        return {
            "pauser": sum(r.pauser for r in self.beslut),
            "uppsagningar": sum(r.uppsagningar for r in self.beslut),
            "havningar": sum(r.havningar for r in self.beslut),
        }


def arsrapport_data(ar):
    """Everything the annual report of `ar` shows, in a constant number of queries."""
    return ArsrapportData(
        ar=ar,
        ramavtal=current_ramavtal(ar),
        avvikelser=deviations(ar),
        kontroller=checks(ar),
        beslut=decisions(ar),
        ekonomiska_beslut=decisions(ar, skal=[BeslutSkal.EKONOMI]),
        stickprov=invoice_sampling(ar),
        handelsstyrd=event_driven(ar),
        sarskild=special(ar),
        planerat_mot_genomfort=planned_vs_done(ar=ar),
        planerade_ramavtal=planned_ramavtal(ar),
        tiers=tiers_over_years(ar),
        omraden=arsutfall(ar),
    )
