"""A known year (2024) of follow-up, built with the existing factories.

The counted figures the report must show are listed in EXPECTED so the tests
read against one place.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from arenden import models as ar
from arenden.models import IvoKontroll
from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import BeslutSkal, BeslutTyp, Tillstandsstatus
from ramavtal.models import Riskbedomning, Riskniva
from rapporter.models import Arsrapport
from tests.arenden.factories import RegisterkontrollFactory
from tests.arenden.factories_sarskild import MetodFactory, SarskildFactory, TemaFactory
from tests.factories import AvtalFactory, PlaceringFactory, RamavtalFactory, VerksamhetFactory

D = datetime.date

EXPECTED = {
    "avvikelser": 4,
    "avvikelser_hanterade": 2,
    "avvikelser_uppfoljning": 1,
    "ivo_kontroller": 3,
    "ivo_anmarkningar": 1,
    "pauser_hvb": 2,
    "uppsagningar_hvb": 1,
    "havningar_stod": 1,
    "stickprov_dragna": 3,
    "stickprov_avvikelser": 1,
    "handelsstyrda": 2,
}


def _beslut(avtal, typ, skal, user, datum, **extra):
    if typ in (BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING):
        extra.setdefault("namnd_diarienummer", "SCN-2024-00999")
    if typ == BeslutTyp.PAUS:
        extra.setdefault("omprovning_datum", datum + datetime.timedelta(days=60))
    return avtal_fatta_beslut(
        avtal=avtal,
        typ=typ,
        datum=datum,
        beslutsfattare="Enhetschef",
        skal=skal,
        faktaunderlag="Dokumenterade fakta.",
        user=user,
        **extra,
    )


def build_year(user):
    """Two agreements, a special follow-up of one of them, and a year of ongoing work."""
    hvb = RamavtalFactory(
        namn="HVB barn och unga",
        diarienummer="SCN-2019-0437",
        startdatum=D(2021, 3, 1),
        slutdatum=D(2025, 2, 28),
        slutdatum_inkl_option=D(2025, 2, 28),
    )
    stod = RamavtalFactory(
        namn="Stödboende för ungdomar",
        diarienummer="SCN-2021-00275",
        startdatum=D(2022, 11, 1),
        slutdatum=D(2024, 10, 31),
        slutdatum_inkl_option=D(2026, 10, 31),
    )
    Riskbedomning.objects.create(
        ramavtal=hvb, datum=D(2023, 12, 1), niva=Riskniva.LAG, motivering="Äldre bedömning."
    )
    Riskbedomning.objects.create(
        ramavtal=hvb,
        datum=D(2024, 1, 10),
        niva=Riskniva.HOG,
        motivering="Barn placeras; medial granskning.",
    )
    brom = AvtalFactory(ramavtal=hvb, leverantor__namn="Bromstensgården AB")
    ramnas = AvtalFactory(ramavtal=hvb, leverantor__namn="Ramnäs HVB AB")
    ceder = AvtalFactory(ramavtal=hvb, leverantor__namn="Cederängen AB")
    vibor = AvtalFactory(ramavtal=stod, leverantor__namn="Vibor Stödboende AB")
    AvtalFactory(ramavtal=stod, leverantor__namn="Utslussen Vård AB")
    unit = VerksamhetFactory(leverantor=brom.leverantor, namn="Bromstensgården HVB")

    _beslut(brom, BeslutTyp.PAUS, BeslutSkal.IVO_ARENDE, user, D(2024, 3, 1))
    _beslut(brom, BeslutTyp.HAV_PAUS, BeslutSkal.BRISTER_ATGARDADE, user, D(2024, 5, 1))
    _beslut(ramnas, BeslutTyp.PAUS, BeslutSkal.EKONOMI, user, D(2024, 6, 1))
    _beslut(ceder, BeslutTyp.UPPSAGNING, BeslutSkal.TILLSTAND_FORLORAT, user, D(2024, 9, 1))
    _beslut(vibor, BeslutTyp.HAVNING, BeslutSkal.TILLSTAND_EJ_SOKT, user, D(2024, 10, 1))

    def avvikelse(kategori, datum, **extra):
        return ar.Avvikelse.objects.create(
            leverantor=brom.leverantor,
            kategori_id=kategori,
            datum=datum,
            beskrivning="Händelse utan personuppgifter.",
            rapporterad_av=user,
            **extra,
        )

    avvikelse(ar.AvvikelseKategori.FAKTURERING, D(2024, 2, 1), hanterad_i_arendet=True)
    avvikelse(ar.AvvikelseKategori.FAKTURERING, D(2024, 4, 1), hanterad_i_arendet=True)
    avvikelse(ar.AvvikelseKategori.FAKTURERING, D(2024, 5, 1))
    avvikelse(
        ar.AvvikelseKategori.BEMANNING,
        D(2024, 6, 1),
        status=ar.Hanteringsstatus.ARENDE,
        allvarlighet=ar.Allvarlighet.ALLVARLIG,
    )
    avvikelse(ar.AvvikelseKategori.LOKALER, D(2023, 6, 1))  # another year

    stamp = timezone.make_aware(datetime.datetime(2024, 4, 2, 10, 0))
    for krav in (False, False, True):
        IvoKontroll.objects.create(
            verksamhet=unit,
            kalla="manuell",
            status="ok",
            tillstand=Tillstandsstatus.GILTIGT,
            krav_pa_aterrapportering=krav,
            kontrollerad=stamp,
        )
    IvoKontroll.objects.create(
        verksamhet=unit,
        kalla="manuell",
        status="ok",
        tillstand=Tillstandsstatus.GILTIGT,
        kontrollerad=timezone.make_aware(datetime.datetime(2023, 4, 2)),
    )

    stickprov = ar.Stickprov.objects.create(
        namn="Stickprov avslutade placeringar",
        datum=D(2024, 11, 5),
        kalla=ar.StickprovKalla.AVSLUTADE,
        ramavtal=hvb,
        fran=D(2024, 1, 1),
        till=D(2024, 10, 31),
        antal=3,
        seed=1,
        utford_av=user,
    )
    results = [
        (ar.FakturaResultat.OK, ""),
        (ar.FakturaResultat.OK, ""),
        (ar.FakturaResultat.AVVIKELSE, ar.FakturaAvvikelse.UTFLYTTSDAG),
    ]
    for index, (resultat, typ) in enumerate(results, start=1):
        placering = PlaceringFactory(avtal=brom, verksamhet=unit)
        ar.StickprovFaktura.objects.create(
            stickprov=stickprov,
            placering=placering,
            ordning=index,
            resultat=resultat,
            avvikelsetyp=typ,
        )

    ar.Uppfoljning.objects.create(
        typ=ar.UppfoljningTyp.HANDELSSTYRD,
        rubrik="Bemanning kvällstid",
        ramavtal=hvb,
        leverantor=brom.leverantor,
        ansvarig=user,
        oppnad=D(2024, 6, 2),
        status=ar.UppfoljningStatus.AVSLUTAD,
        utfall=ar.Utfall.KRAV_PA_RATTELSE,
        avslutad=D(2024, 8, 1),
    )
    ar.Uppfoljning.objects.create(
        typ=ar.UppfoljningTyp.HANDELSSTYRD,
        rubrik="Signal från IVO",
        ramavtal=hvb,
        leverantor=ramnas.leverantor,
        ansvarig=user,
        oppnad=D(2024, 9, 2),
    )

    sarskild = SarskildFactory(
        ramavtal=hvb,
        ar=2024,
        rubrik="Särskild uppföljning HVB 2024",
        ansvarig=user,
        urvalskriterier="De 2 leverantörer med högst inköpsvärde 2023-01-01 – 2024-04-30",
        bedomning="Socialsekreterarna är över lag nöjda med leverantörerna.",
    )
    sarskild.metoder.set(
        [MetodFactory(namn="Enkät till socialsekreterare"), MetodFactory(namn="Oanmält platsbesök")]
    )
    sarskild.teman.set([TemaFactory(namn="Bemanning"), TemaFactory(namn="Meddelarfrihet")])
    ar.UppfoljningLeverantor.objects.create(
        uppfoljning=sarskild,
        leverantor=brom.leverantor,
        inkopsvarde=Decimal("1000000"),
        antal_placeringar=8,
        status=ar.PlaneradStatus.GENOMFORD,
        utfall=ar.PlaneradUtfall.RATTELSE,
    )
    ar.UppfoljningLeverantor.objects.create(
        uppfoljning=sarskild,
        leverantor=ramnas.leverantor,
        inkopsvarde=Decimal("2700000"),
        antal_placeringar=7,
        status=ar.PlaneradStatus.INSTALLD,
        skal="Leverantören är tillfälligt utesluten från avrop",
    )
    ar.Platsbesok.objects.create(
        uppfoljning=sarskild,
        verksamhet=unit,
        anmalt=False,
        kvall=True,
        genomfort=True,
        tidpunkt=timezone.make_aware(datetime.datetime(2024, 10, 3, 19, 30)),
    )
    ar.Brist.objects.create(
        uppfoljning=sarskild,
        leverantor=brom.leverantor,
        tema=ar.Tema.objects.get(namn="Meddelarfrihet"),
        beskrivning="Låg kännedom om meddelarfriheten.",
        krav="Informera all personal.",
        atgard_senast=D(2024, 12, 1),
        status=ar.BristStatus.ATGARDAD,
    )
    RegisterkontrollFactory(foretradare__leverantor=brom.leverantor, registrerad_av=user)
    RegisterkontrollFactory(
        foretradare__leverantor=ramnas.leverantor,
        registrerad_av=user,
        utfall=ar.RegisterkontrollUtfall.BEDOMNING,
    )
    rapport = Arsrapport.objects.create(
        ar=2024,
        diarienummer="SCN-2025-00012",
        handlaggare="Karin Allard",
        forslag_till_beslut="Socialnämnden beslutar att lägga rapporten till handlingarna.",
        arendet="I bilagd rapport presenteras den uppföljning som genomförts under 2024.",
        beredning="Ärendet har beretts av avtalsansvariga strateger.",
        foredragning="Enligt 10 kap. 8 § kommunallagen ska kommunen följa upp verksamheten.",
        barnkonsekvensanalys="Ramavtalen för HVB och stödboende har barn och unga som målgrupp.",
        bakgrund="En stor del av nämndens insatser utförs av privata utförare.",
        bedomning="Majoriteten av leverantörerna uppvisar god kvalitet.",
        undertecknare_namn="Tomas Odin",
    )
    return {"hvb": hvb, "stod": stod, "rapport": rapport, "sarskild": sarskild}


def build_more(user, year):
    """A second special follow-up and more cases, to show the cost does not grow."""
    sarskild = SarskildFactory(ramavtal=year["stod"], ar=2024, ansvarig=user)
    sarskild.metoder.set([MetodFactory(namn="Intervju med personal")])
    for n in range(3):
        avtal = AvtalFactory(ramavtal=year["stod"], leverantor__namn=f"Extra {n} AB")
        ar.UppfoljningLeverantor.objects.create(
            uppfoljning=sarskild, leverantor=avtal.leverantor, inkopsvarde=Decimal("100000")
        )
        ar.Brist.objects.create(
            uppfoljning=sarskild,
            leverantor=avtal.leverantor,
            beskrivning="Brist.",
            krav="Åtgärda.",
            atgard_senast=D(2024, 12, 1),
        )
        ar.Uppfoljning.objects.create(
            typ=ar.UppfoljningTyp.HANDELSSTYRD,
            rubrik=f"Fall {n}",
            ramavtal=year["stod"],
            leverantor=avtal.leverantor,
            ansvarig=user,
            oppnad=D(2024, 3, n + 1),
        )
