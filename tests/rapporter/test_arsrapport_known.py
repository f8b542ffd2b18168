"""Every figure of the annual report, on a small year (2025) counted by hand.

The fixture puts in each section a row that must count, a row that must not
(another year, a failed check, a closed case, a contract that joined later…)
and the comment beside each expected value says how it was counted. The
expected values are written out, never recomputed with the report's queries.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from arenden import models as ar
from arenden.models import IvoKontroll, Kontrollstatus, Kreditkontroll
from leverantorer.models import BeslutSkal, BeslutTyp, Tillstandsstatus
from rapporter import arsrapport
from rapporter.arsrapport import (
    BeslutRad,
    BristRad,
    HandelsstyrdRad,
    KategoriRad,
    StickprovRunda,
    TierYear,
    UrvalsRad,
)
from rapporter.models import PlaneradSarskild, Uppfoljningsplan
from tests.arenden.factories import RegisterkontrollFactory
from tests.arenden.factories_sarskild import MetodFactory, SarskildFactory, TemaFactory
from tests.factories import AvtalFactory, PlaceringFactory, RamavtalFactory, VerksamhetFactory
from tests.rapporter.fixtures import _beslut

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = 2025


def moment(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def year(alice):
    hvb = RamavtalFactory(
        namn="HVB barn och unga",
        startdatum=D(2021, 3, 1),
        slutdatum=D(2025, 2, 28),
        slutdatum_inkl_option=D(2027, 2, 28),
    )
    # Ended before the year, and begun after it: neither is current in 2025.
    stod = RamavtalFactory(
        namn="Stödboende för ungdomar",
        startdatum=D(2022, 11, 1),
        slutdatum=D(2024, 10, 31),
        slutdatum_inkl_option=D(2024, 10, 31),
    )
    RamavtalFactory(
        namn="Jourhem",
        startdatum=D(2026, 1, 1),
        slutdatum=D(2029, 12, 31),
        slutdatum_inkl_option=D(2029, 12, 31),
    )
    alfa = AvtalFactory(ramavtal=hvb, leverantor__namn="Alfa Omsorg AB")
    beta = AvtalFactory(ramavtal=hvb, leverantor__namn="Beta Vård AB")
    AvtalFactory(ramavtal=hvb, leverantor__namn="Gamma HVB AB", startdatum=D(2026, 2, 1))
    delta = AvtalFactory(ramavtal=hvb, leverantor__namn="Delta AB")
    alfa_hem = VerksamhetFactory(leverantor=alfa.leverantor, namn="Alfa hem")
    beta_hem = VerksamhetFactory(leverantor=beta.leverantor, namn="Beta hem")

    # Decisions: Delta's contract ended in 2024; Alfa paused and lifted in
    # 2025; Beta paused, then rescinded, in 2025.
    _beslut(delta, BeslutTyp.UPPHORANDE, BeslutSkal.AVVECKLAD, alice, D(2024, 6, 1))
    _beslut(alfa, BeslutTyp.PAUS, BeslutSkal.EKONOMI, alice, D(2025, 3, 10))
    _beslut(alfa, BeslutTyp.HAV_PAUS, BeslutSkal.BRISTER_ATGARDADE, alice, D(2025, 5, 10))
    _beslut(beta, BeslutTyp.PAUS, BeslutSkal.IVO_ARENDE, alice, D(2025, 6, 1))
    _beslut(beta, BeslutTyp.HAVNING, BeslutSkal.TILLSTAND_FORLORAT, alice, D(2025, 9, 1))

    def avvikelse(kategori, datum, **extra):
        ar.Avvikelse.objects.create(
            leverantor=alfa.leverantor,
            kategori_id=kategori,
            datum=datum,
            beskrivning="Händelse utan personuppgifter.",
            rapporterad_av=alice,
            **extra,
        )

    avvikelse(ar.AvvikelseKategori.FAKTURERING, D(2025, 2, 1), hanterad_i_arendet=True)
    avvikelse(ar.AvvikelseKategori.FAKTURERING, D(2025, 3, 1))
    avvikelse(
        ar.AvvikelseKategori.BEMANNING,
        D(2025, 4, 1),
        status=ar.Hanteringsstatus.ARENDE,
        allvarlighet=ar.Allvarlighet.ALLVARLIG,
    )
    avvikelse(ar.AvvikelseKategori.LOKALER, D(2024, 12, 31))  # the year before
    avvikelse(ar.AvvikelseKategori.LOKALER, D(2026, 1, 1))  # the year after

    def ivo(unit, when, status=Kontrollstatus.OK, **extra):
        IvoKontroll.objects.create(
            verksamhet=unit, kalla="manuell", status=status, kontrollerad=when, **extra
        )

    clean = {"tillstand": Tillstandsstatus.GILTIGT, "vilande": False}
    ivo(alfa_hem, moment(2025, 3, 1, 10), krav_pa_aterrapportering=False, **clean)
    ivo(alfa_hem, moment(2025, 9, 1, 10), krav_pa_aterrapportering=True, **clean)
    # Failed: its permit is unknown (the default), yet it is no remark.
    ivo(beta_hem, moment(2025, 5, 1, 10), status=Kontrollstatus.MISSLYCKAD)
    ivo(beta_hem, moment(2024, 6, 1, 10), krav_pa_aterrapportering=False, **clean)

    def kredit(avtal, when, status=Kontrollstatus.OK, **extra):
        Kreditkontroll.objects.create(
            leverantor=avtal.leverantor, kalla="manuell", status=status, kontrollerad=when, **extra
        )

    kredit(alfa, moment(2025, 2, 1, 10), betalningsanmarkningar=False, skatteskulder=False)
    kredit(alfa, moment(2025, 8, 1, 10), betalningsanmarkningar=False, skatteskulder=True)
    kredit(beta, moment(2025, 4, 1, 10), status=Kontrollstatus.MISSLYCKAD)
    kredit(beta, moment(2026, 1, 15, 10), konkurs=True)

    for when in (moment(2025, 1, 20, 9), moment(2025, 11, 3, 9), moment(2024, 12, 1, 9)):
        check = ar.Avropskontroll.objects.create(
            avtal=alfa, verksamhet=alfa_hem, kontrollerad_av=alice, utslag=ar.Utslag.KLAR
        )
        ar.Avropskontroll.objects.filter(pk=check.pk).update(kontrollerad=when)

    RegisterkontrollFactory(
        foretradare__leverantor=alfa.leverantor, registrerad_av=alice, begard=D(2025, 1, 15)
    )
    RegisterkontrollFactory(
        foretradare__leverantor=beta.leverantor,
        registrerad_av=alice,
        begard=D(2025, 7, 1),
        besvarad=D(2025, 7, 20),
        giltig_till=D(2026, 1, 1),
        utfall=ar.RegisterkontrollUtfall.BEDOMNING,
    )
    RegisterkontrollFactory(
        foretradare__leverantor=beta.leverantor,
        registrerad_av=alice,
        begard=D(2024, 12, 1),
        besvarad=D(2024, 12, 10),
    )

    def stickprov(namn, datum, ramavtal, resultat):
        round_ = ar.Stickprov.objects.create(
            namn=namn,
            datum=datum,
            kalla=ar.StickprovKalla.AVSLUTADE,
            ramavtal=ramavtal,
            fran=D(datum.year, 1, 1),
            till=datum,
            antal=len(resultat),
            seed=7,
            utford_av=alice,
        )
        for ordning, (utfall, typ) in enumerate(resultat, start=1):
            ar.StickprovFaktura.objects.create(
                stickprov=round_,
                placering=PlaceringFactory(avtal=alfa, verksamhet=alfa_hem),
                ordning=ordning,
                resultat=utfall,
                avvikelsetyp=typ,
            )

    ok = (ar.FakturaResultat.OK, "")
    utflytt = (ar.FakturaResultat.AVVIKELSE, ar.FakturaAvvikelse.UTFLYTTSDAG)
    stickprov(
        "Våren 2025",
        D(2025, 5, 5),
        hvb,
        [ok, utflytt, (ar.FakturaResultat.EJ_GRANSKAD, "")],
    )
    stickprov(
        "Hösten 2025",
        D(2025, 11, 5),
        None,
        [utflytt, (ar.FakturaResultat.AVVIKELSE, ar.FakturaAvvikelse.FEL_PRIS)],
    )
    stickprov("Hösten 2024", D(2024, 11, 5), hvb, [utflytt])

    def case(**extra):
        values = {"typ": ar.UppfoljningTyp.HANDELSSTYRD, "rubrik": "Signal", "ansvarig": alice}
        values.update(extra)
        return ar.Uppfoljning.objects.create(**values)

    case(
        ramavtal=hvb,
        leverantor=alfa.leverantor,
        oppnad=D(2025, 2, 1),
        status=ar.UppfoljningStatus.AVSLUTAD,
        avslutad=D(2025, 6, 1),
        utfall=ar.Utfall.KRAV_PA_RATTELSE,
    )
    # Closed in February the next year: still running as 2025 ended.
    case(
        ramavtal=hvb,
        leverantor=beta.leverantor,
        oppnad=D(2025, 10, 1),
        status=ar.UppfoljningStatus.AVSLUTAD,
        avslutad=D(2026, 2, 1),
        utfall=ar.Utfall.INGEN_ATGARD,
    )
    case(leverantor=alfa.leverantor, oppnad=D(2025, 4, 1))  # no agreement named, open
    case(ramavtal=hvb, leverantor=alfa.leverantor, oppnad=D(2024, 11, 1))  # the year before

    sarskild = SarskildFactory(
        ramavtal=hvb,
        ar=YEAR,
        rubrik="Särskild uppföljning HVB 2025",
        ansvarig=alice,
        urvalskriterier="De två leverantörer med högst inköpsvärde 2024",
        bedomning="Leverantörerna uppfyller i huvudsak avtalet.",
    )
    sarskild.metoder.set([MetodFactory(namn="Oanmält platsbesök")])
    sarskild.teman.set([TemaFactory(namn="Bemanning")])
    ar.UppfoljningLeverantor.objects.create(
        uppfoljning=sarskild,
        leverantor=alfa.leverantor,
        inkopsvarde=Decimal("1250000"),
        antal_placeringar=6,
        status=ar.PlaneradStatus.GENOMFORD,
    )
    ar.UppfoljningLeverantor.objects.create(
        uppfoljning=sarskild,
        leverantor=beta.leverantor,
        inkopsvarde=Decimal("2000000"),
        antal_placeringar=4,
        status=ar.PlaneradStatus.INSTALLD,
        skal="Avtalet hävdes",
    )

    def visit(when, **extra):
        ar.Platsbesok.objects.create(
            uppfoljning=sarskild, verksamhet=alfa_hem, tidpunkt=when, **extra
        )

    visit(moment(2025, 4, 10, 19, 30), anmalt=False, kvall=True, genomfort=True)
    visit(moment(2025, 5, 12, 10, 0), anmalt=True, genomfort=True)
    visit(moment(2025, 12, 15, 19, 0), anmalt=False, kvall=True)  # planned, not done

    def brist(leverantor, beskrivning, **extra):
        ar.Brist.objects.create(
            uppfoljning=sarskild,
            leverantor=leverantor,
            tema=ar.Tema.objects.get(namn="Bemanning"),
            beskrivning=beskrivning,
            krav="Åtgärda.",
            konstaterad=D(2025, 5, 12),
            atgard_senast=D(2025, 12, 1),
            **extra,
        )

    brist(alfa.leverantor, "Bemanningsschema saknas.")  # still open
    # Fixed in January the next year: the report shows its status now.
    brist(
        alfa.leverantor,
        "Rutin för klagomål saknas.",
        status=ar.BristStatus.ATGARDAD,
        atgardad=D(2026, 1, 20),
    )
    brist(beta.leverantor, "Nattbemanning saknas.", status=ar.BristStatus.EJ_ATGARDAD)

    plan = Uppfoljningsplan.objects.create(ar=YEAR)
    PlaneradSarskild.objects.create(plan=plan, ramavtal=hvb, ar=YEAR)
    PlaneradSarskild.objects.create(plan=plan, ramavtal=stod, ar=YEAR, aktiv=False)  # unticked
    PlaneradSarskild.objects.create(plan=plan, ramavtal=stod, ar=YEAR + 1)  # a later year
    return {"hvb": hvb, "sarskild": sarskild}


def test_current_agreements_and_their_suppliers(year):
    rows = arsrapport.current_ramavtal(YEAR)
    # Only HVB is in force some day of 2025 (Stödboende ended 2024, Jourhem
    # begins 2026). Its suppliers: Alfa (active) and Beta (rescinded in
    # September 2025, so in force part of the year) = 2; Gamma joined in 2026
    # and Delta's contract ended in 2024.
    assert [(r.namn, r.antal_leverantorer) for r in rows] == [("HVB barn och unga", 2)]


def test_deviations(year):
    data = arsrapport.deviations(YEAR)
    # Three deviations dated 2025: two Felaktig fakturering (one settled in the
    # individual case), one serious Bemanning linked to a follow-up. The
    # Lokaler ones are dated 2024-12-31 and 2026-01-01.
    assert data.rader == [
        KategoriRad("Felaktig fakturering", 2, 1, 0),
        KategoriRad("Bemanning", 1, 0, 1),
    ]
    assert (data.antal, data.hanterade_i_arendet, data.till_uppfoljning, data.allvarliga) == (
        3,
        1,
        1,
        1,
    )


def test_checks(year):
    data = arsrapport.checks(YEAR)
    # IVO: three checks in 2025 (Alfa hem March and September, Beta hem May),
    # the 2024 one not; two units; one remark (September: a demand for a
    # corrective report); the failed May check is failed, not a remark.
    assert data.ivo_kontroller == 3
    assert data.ivo_verksamheter == 2
    assert data.ivo_anmarkningar == 1
    assert data.ivo_misslyckade == 1
    # Call-off checks: 20 January and 3 November 2025; not 1 December 2024.
    assert data.avropskontroller == 2
    # Credit: three in 2025 (Alfa Feb and Aug, Beta's failed April one);
    # one remark (Alfa's tax debts in August); the bankruptcy is 2026.
    assert data.kreditkontroller == 3
    assert data.kredit_anmarkningar == 1
    # Register checks asked for in 2025: January and July; July needs an assessment.
    assert data.registerkontroller == 2
    assert data.register_bedomning == 1


def test_decisions_per_agreement_with_reasons(year):
    # 2025: pauses of Alfa (economy) and Beta (IVO case), Beta's rescission.
    # Not counted: Alfa's lifted pause (not a reported kind) and Delta's end (2024).
    assert arsrapport.decisions(YEAR) == [
        BeslutRad(
            "HVB barn och unga",
            pauser=2,
            uppsagningar=0,
            havningar=1,
            skal={
                "Tillfällig uteslutning från avrop": [
                    ("Svag ekonomi, skatteskulder eller obestånd", 1),
                    ("IVO-ärende med krav på återrapportering", 1),
                ],
                "Hävning": [("Förlorat tillstånd", 1)],
            },
        )
    ]
    # On economic grounds only Alfa's pause.
    assert arsrapport.decisions(YEAR, skal=[BeslutSkal.EKONOMI]) == [
        BeslutRad(
            "HVB barn och unga",
            pauser=1,
            skal={
                "Tillfällig uteslutning från avrop": [
                    ("Svag ekonomi, skatteskulder eller obestånd", 1)
                ]
            },
        )
    ]


def test_invoice_sampling(year):
    data = arsrapport.invoice_sampling(YEAR)
    # Spring: 3 drawn, 2 checked (one not yet), 1 deviation. Autumn (all
    # agreements): 2 drawn, both checked, both deviations. 2024's round not.
    assert data.rundor == [
        StickprovRunda(
            "Våren 2025", D(2025, 5, 5), "Avslutade placeringar", "HVB barn och unga", 3, 2, 1
        ),
        StickprovRunda(
            "Hösten 2025", D(2025, 11, 5), "Avslutade placeringar", "Alla ramavtal", 2, 2, 2
        ),
    ]
    assert (data.dragna, data.granskade, data.avvikelser) == (5, 4, 3)
    assert data.per_typ == [("Betalt för utflyttsdagen", 2), ("Fel pris", 1)]


def test_event_driven_cases(year):
    data = arsrapport.event_driven(YEAR)
    # Opened in 2025: two under HVB (one closed in June with a demand for
    # correction, one closed only in 2026 = running at year end) and one
    # without an agreement, still open. The case of November 2024 is not counted.
    assert data.rader == [
        HandelsstyrdRad("HVB barn och unga", 2, 1, {"Krav på rättelse": 1, "Pågår": 1}),
        HandelsstyrdRad("Utan angivet ramavtal", 1, 0, {"Pågår": 1}),
    ]
    assert (data.antal, data.avslutade) == (3, 1)
    assert data.utfall == [("Pågår", 2), ("Krav på rättelse", 1)]


def test_the_special_follow_up(year):
    [avsnitt] = arsrapport.special(YEAR)
    assert avsnitt.rubrik == "Särskild uppföljning HVB 2025"
    # Suppliers as the agreement stood on 31 December 2025: Alfa; not Beta
    # (rescinded in September), Gamma (begins 2026) or Delta (ended 2024). So 1.
    assert avsnitt.antal_leverantorer == 1
    # The sample by purchase value, highest first.
    assert avsnitt.urval == [
        UrvalsRad("Beta Vård AB", Decimal("2.0"), 4, "Inställd"),
        UrvalsRad("Alfa Omsorg AB", Decimal("1.3"), 6, "Genomförd"),
    ]
    assert avsnitt.metoder == ["Oanmält platsbesök"]
    assert avsnitt.teman == ["Bemanning"]
    # Two visits done (one unannounced in the evening); the December one is planned only.
    assert (avsnitt.besok, avsnitt.oanmalda_besok, avsnitt.kvallsbesok) == (2, 1, 1)
    assert avsnitt.brister == [
        BristRad("Alfa Omsorg AB", "Bemanning", "Bemanningsschema saknas.", "Åtgärda.", "Öppen"),
        BristRad(
            "Alfa Omsorg AB", "Bemanning", "Rutin för klagomål saknas.", "Åtgärda.", "Åtgärdad"
        ),
        BristRad(
            "Beta Vård AB",
            "Bemanning",
            "Nattbemanning saknas.",
            "Åtgärda.",
            "Ej åtgärdad – eskalerad",
        ),
    ]
    # One open, one fixed (in January 2026: the status as it stands), one escalated.
    assert (avsnitt.brister_oppna, avsnitt.brister_atgardade, avsnitt.brister_eskalerade) == (
        1,
        1,
        1,
    )


def test_planned_versus_done_and_the_planned_agreements(year):
    data = arsrapport.arsrapport_data(YEAR)
    # Two suppliers in the sample, Alfa's done, Beta's cancelled.
    total = data.planerat_mot_genomfort.total
    assert (total.planned, total.done) == (2, 1)
    assert total.summary == "1 av 2 planerade uppföljningar genomfördes"
    assert [row.leverantor.namn for row in total.not_done] == ["Beta Vård AB"]
    # The plan marks HVB for 2025; Stödboende's 2025 mark was unticked and its
    # 2026 mark is another year.
    assert data.planerade_ramavtal == ["HVB barn och unga"]


def test_the_three_tiers_over_five_years(year):
    # Deviations: 1 in 2024 (31 Dec), 3 in 2025. Event-driven: 1 opened in
    # 2024, 3 in 2025. Special: 1 planned for 2025. The 2026 deviation is outside.
    assert arsrapport.tiers_over_years(YEAR) == [
        TierYear(2021, 0, 0, 0),
        TierYear(2022, 0, 0, 0),
        TierYear(2023, 0, 0, 0),
        TierYear(2024, 1, 1, 0),
        TierYear(2025, 3, 3, 1),
    ]


def test_the_decision_totals(year):
    assert arsrapport.arsrapport_data(YEAR).beslut_totalt == {
        "pauser": 2,
        "uppsagningar": 0,
        "havningar": 1,
    }
