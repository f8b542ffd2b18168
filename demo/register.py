"""Demo and benchmark data: a deterministic, entirely fictional register.

`load_demo_data` fills an empty database with the committee's seven framework
agreements of the 2024 plan (real names, periods and diarienummer) and invented
suppliers, representatives, units, contracts, placements and decisions. Every
random choice comes from `random.Random` seeded per phase, so two loads into
fresh databases give identical data. Organisationsnummer are random 556-series
numbers with a valid Luhn digit, never copied from real companies; telephone
numbers come from the series PTS reserves for fiction; e-mail domains end in
.example; placements carry only pseudonymous references (P-2023-000123).

Contract statuses change only through `avtal_fatta_beslut`, so every paused,
terminated, rescinded or ended contract has its chain of decisions (2024).

The whole demo is built from one date, `today` (the real date unless one is
given): the same call with the same `today` gives the same data whatever the
real date is. Every row is written with the acting user (`save_as`, or
`bulk_create_with_history` with it as default user).
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from stdnum import luhn

from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import (
    Avtal,
    AvtalStatus,
    BeslutSkal,
    BeslutTyp,
    DirektupphandlingSkal,
    Foretradare,
    ForetradareRoll,
    Lagrum,
    Leverantor,
    PlacerandeEnhet,
    Placering,
    Tillstandsstatus,
    Verksamhet,
)
from ramavtal.models import (
    Avtalsomrade,
    Malgrupp,
    Niva,
    Ramavtal,
    Riskbedomning,
    Riskfaktor,
    Riskniva,
    Upphandlingsform,
)
from uppfoljning.history import act_as, save_as
from uppfoljning.text import fold

SEED = 20240228  # the date of the 2024 plan's cover memo
PERIOD_FROM = datetime.date(2021, 1, 1)
PERIOD_TO = datetime.date(2025, 12, 31)  # placements ending later are ongoing
# The follow-up history runs into 2026, so `today` may not be earlier.
EARLIEST_TODAY = datetime.date(2026, 2, 1)
EFTERFOLJARE_PLACERINGAR = 400
BATCH_SIZE = 5000
D = datetime.date


@dataclass(frozen=True)
class Scale:
    extra_ramavtal: int
    leverantorer: int
    placeringar: int
    beslut_factor: int
    bulk: bool


SCALES = {
    "small": Scale(
        extra_ramavtal=0, leverantorer=150, placeringar=3000, beslut_factor=1, bulk=False
    ),
    "large": Scale(
        extra_ramavtal=33, leverantorer=2000, placeringar=200_000, beslut_factor=3, bulk=True
    ),
}


@dataclass(frozen=True)
class Tjanst:
    """A kind of service: what its units, prices and stays look like."""

    key: str
    enhet: str
    lagrum: tuple  # ((Lagrum, weight), ...)
    kostnad: tuple  # (low, high) kr per day
    vistelse: tuple  # (min, mode, max) days
    andel: float  # share of suppliers and of placements
    platser: tuple | None
    enhet_ord: str
    enheter: tuple  # weights for 1, 2, 3 units per supplier
    inriktningar: tuple
    namn_suffix: tuple


TJANSTER = {
    t.key: t
    for t in [
        Tjanst(
            key="hvb_barn",
            enhet=PlacerandeEnhet.BARN_UNGDOM,
            lagrum=((Lagrum.SOL, 55), (Lagrum.LVU, 45)),
            kostnad=(3500, 6000),
            vistelse=(30, 120, 365),
            andel=0.27,
            platser=(4, 16),
            enhet_ord="HVB",
            enheter=(40, 40, 20),
            inriktningar=(
                "utredning och behandling, flickor 13–17",
                "utredning och behandling, pojkar 13–17",
                "behandling, pojkar 15–20, missbruk och kriminalitet",
                "behandling, flickor 14–20, självskadebeteende",
                "akutplacering och utredning, barn 7–12",
                "neuropsykiatriska funktionsnedsättningar, ungdomar 13–20",
                "trauma och psykisk ohälsa, ungdomar 12–18",
                "hedersrelaterat våld, flickor 13–20",
            ),
            namn_suffix=("Ungdomsvård AB", "Behandling AB", "HVB AB", "Vård AB", "Omsorg AB"),
        ),
        Tjanst(
            key="stodboende_unga",
            enhet=PlacerandeEnhet.BARN_UNGDOM,
            lagrum=((Lagrum.SOL, 85), (Lagrum.LVU, 15)),
            kostnad=(1200, 2500),
            vistelse=(60, 240, 540),
            andel=0.15,
            platser=(6, 20),
            enhet_ord="stödboende",
            enheter=(50, 50, 0),
            inriktningar=(
                "stödboende, ungdomar 16–20, nivå 1–2",
                "stödboende med förstärkt stöd, 16–20 år, nivå 3–4",
                "stödboende i egna lägenheter, 18–20 år",
                "stödboende för ensamkommande ungdomar 16–20",
            ),
            namn_suffix=("Stöd AB", "Boende AB", "Ungdomsstöd AB", "Omsorg AB"),
        ),
        Tjanst(
            key="familjehem",
            enhet=PlacerandeEnhet.BARN_UNGDOM,
            lagrum=((Lagrum.SOL, 60), (Lagrum.LVU, 40)),
            kostnad=(1000, 2000),
            vistelse=(30, 365, 1400),
            andel=0.17,
            platser=(10, 60),
            enhet_ord="familjehemsvård",
            enheter=(100, 0, 0),
            inriktningar=(
                "jourhem och familjehem, barn 0–17",
                "familjehem med förstärkt stöd, barn 6–17",
                "behandlingsfamiljer, ungdomar 13–20",
                "familjehem för syskonplaceringar",
            ),
            namn_suffix=("Familjevård AB", "Familjehemsvård AB", "Familjestöd AB", "Konsulent AB"),
        ),
        Tjanst(
            key="hvb_vuxna",
            enhet=PlacerandeEnhet.VUXEN,
            lagrum=((Lagrum.SOL, 75), (Lagrum.LVM, 25)),
            kostnad=(3000, 4500),
            vistelse=(30, 90, 270),
            andel=0.12,
            platser=(6, 24),
            enhet_ord="behandlingshem",
            enheter=(50, 50, 0),
            inriktningar=(
                "behandling av alkohol- och narkotikaberoende, män",
                "missbruk och samsjuklighet, kvinnor",
                "tolvstegsbehandling, vuxna",
                "behandling av opioidberoende, vuxna",
                "missbruk och kriminalitet, män 20–40",
            ),
            namn_suffix=("Behandling AB", "Vård AB", "Rehab AB", "Omsorg AB"),
        ),
        Tjanst(
            key="stodboende_vuxna",
            enhet=PlacerandeEnhet.VUXEN,
            lagrum=((Lagrum.SOL, 100),),
            kostnad=(1200, 1800),
            vistelse=(60, 180, 540),
            andel=0.12,
            platser=(6, 30),
            enhet_ord="stödboende",
            enheter=(50, 50, 0),
            inriktningar=(
                "stödboende i träningslägenheter efter behandling",
                "stödboende med personal dygnet runt, vuxna med missbruk",
                "stödboende för kvinnor med missbruk",
            ),
            namn_suffix=("Stöd AB", "Boende AB", "Omsorg AB", "Vård AB"),
        ),
        Tjanst(
            key="spel",
            enhet=PlacerandeEnhet.VUXEN,
            lagrum=((Lagrum.SOL, 100),),
            kostnad=(900, 1800),
            vistelse=(30, 75, 180),
            andel=0.05,
            platser=None,
            enhet_ord="spelmottagning",
            enheter=(100, 0, 0),
            inriktningar=(
                "öppenvård, spelberoende, individuell KBT",
                "gruppbehandling vid spelberoende",
                "spelberoende och skuldsättning, vuxna",
            ),
            namn_suffix=("Behandling AB", "Terapi AB", "Hälsa AB"),
        ),
        Tjanst(
            key="skyddat",
            enhet=PlacerandeEnhet.VUXEN,
            lagrum=((Lagrum.SOL, 100),),
            kostnad=(1800, 3200),
            vistelse=(14, 60, 180),
            andel=0.12,
            platser=(4, 14),
            enhet_ord="skyddat boende",
            enheter=(60, 40, 0),
            inriktningar=(
                "kvinnor utsatta för våld i nära relation, med medföljande barn",
                "hedersrelaterat våld och förtryck, unga vuxna 18–25",
                "män utsatta för våld i nära relation",
                "våldsutsatta med missbruk",
            ),
            namn_suffix=("Trygghet AB", "Stöd & Skydd AB", "Omsorg AB"),
        ),
    ]
}

# Services a supplier of one kind often also offers: (kind, probability).
SIDOTJANSTER = {
    "hvb_barn": (("stodboende_unga", 0.35), ("familjehem", 0.10)),
    "stodboende_unga": (("hvb_barn", 0.30),),
    "familjehem": (("hvb_barn", 0.10),),
    "hvb_vuxna": (("stodboende_vuxna", 0.40), ("spel", 0.20)),
    "stodboende_vuxna": (("hvb_vuxna", 0.25),),
    "spel": (("hvb_vuxna", 0.20),),
    "skyddat": (("stodboende_vuxna", 0.10),),
}


@dataclass(frozen=True)
class PlanRamavtal:
    key: str
    namn: str
    diarienummer: str
    start: datetime.date
    slut: datetime.date
    slut_inkl_option: datetime.date
    malgrupp: str
    tillstandspliktig: bool
    arlig_ivo_tillsyn: bool
    risk: str
    faktorer: tuple
    motivering: str
    beskrivning: str


# The seven framework agreements of "Plan för uppföljning av privata utförare
# 2024", with their periods including options. Base periods are two years
# (one for spelmissbruk); the diarienummer the plan does not give are invented.
PLAN_RAMAVTAL = (
    PlanRamavtal(
        key="stodboende_vuxna",
        namn="Stödboende för vuxna med missbruk",
        diarienummer="SCN-2021-00118",
        start=D(2022, 4, 18),
        slut=D(2024, 4, 17),
        slut_inkl_option=D(2026, 4, 17),
        malgrupp=Malgrupp.VUXNA,
        tillstandspliktig=False,
        arlig_ivo_tillsyn=False,
        risk=Riskniva.MEDELHOG,
        faktorer=(Riskfaktor.INSYN, Riskfaktor.VOLYM),
        motivering="Boende i egna lägenheter med stöd ger låg insyn. Stor volym placeringar.",
        beskrivning="Stödboende för vuxna med missbruksproblematik, oftast efter behandling.",
    ),
    PlanRamavtal(
        key="stodboende_unga",
        namn="Stödboende för ungdomar",
        diarienummer="SCN-2021-00275",
        start=D(2022, 11, 1),
        slut=D(2024, 10, 31),
        slut_inkl_option=D(2026, 10, 31),
        malgrupp=Malgrupp.BARN_UNGA,
        tillstandspliktig=True,
        arlig_ivo_tillsyn=True,
        risk=Riskniva.HOG,
        faktorer=(Riskfaktor.TJANSTENS_ART, Riskfaktor.INSYN, Riskfaktor.SIGNALER),
        motivering="Barn och unga som målgrupp. Boende med begränsad bemanning ger låg insyn.",
        beskrivning="Stödboende för ungdomar 16–20 år i fyra nivåer. Nivån kan ändras med "
        "sju dagars varsel.",
    ),
    PlanRamavtal(
        key="spel",
        namn="Behandling spelmissbruk och spelberoende",
        diarienummer="SCN-2021-00652",
        start=D(2023, 3, 1),
        slut=D(2024, 2, 29),
        slut_inkl_option=D(2025, 2, 28),
        malgrupp=Malgrupp.VUXNA,
        tillstandspliktig=False,
        arlig_ivo_tillsyn=False,
        risk=Riskniva.LAG,
        faktorer=(),
        motivering="Öppenvård för vuxna med få placeringar och inga kända brister.",
        beskrivning="Behandling i öppenvård av vuxna med spelmissbruk och spelberoende.",
    ),
    PlanRamavtal(
        key="hvb_vuxna",
        namn="HVB för vuxna med missbruk",
        diarienummer="SCN-2019-00212",
        start=D(2020, 4, 1),
        slut=D(2022, 3, 31),
        slut_inkl_option=D(2024, 3, 31),
        malgrupp=Malgrupp.VUXNA,
        tillstandspliktig=True,
        arlig_ivo_tillsyn=False,
        risk=Riskniva.MEDELHOG,
        faktorer=(Riskfaktor.KANDA_BRISTER, Riskfaktor.VOLYM),
        motivering="Vuxna som målgrupp. Brister i bemanning vid tidigare särskild uppföljning.",
        beskrivning="Hem för vård eller boende för vuxna med missbruk av alkohol och narkotika.",
    ),
    PlanRamavtal(
        key="hvb_barn",
        namn="HVB barn och unga",
        diarienummer="SCN-2019-0437",
        start=D(2021, 3, 1),
        slut=D(2023, 2, 28),
        slut_inkl_option=D(2025, 2, 28),
        malgrupp=Malgrupp.BARN_UNGA,
        tillstandspliktig=True,
        arlig_ivo_tillsyn=True,
        risk=Riskniva.HOG,
        faktorer=(
            Riskfaktor.TJANSTENS_ART,
            Riskfaktor.SIGNALER,
            Riskfaktor.KANDA_BRISTER,
            Riskfaktor.VOLYM,
        ),
        motivering="Barn och unga som målgrupp, signaler från IVO och största inköpsvolymen.",
        beskrivning="Hem för vård eller boende för barn och unga 0–20 år.",
    ),
    PlanRamavtal(
        key="skyddat",
        namn="Skyddat boende",
        diarienummer="SCN-2020-00389",
        start=D(2021, 5, 17),
        slut=D(2023, 5, 16),
        slut_inkl_option=D(2025, 5, 16),
        malgrupp=Malgrupp.VUXNA,
        tillstandspliktig=True,
        arlig_ivo_tillsyn=False,
        risk=Riskniva.HOG,
        faktorer=(Riskfaktor.INSYN, Riskfaktor.TJANSTENS_ART),
        motivering="Skyddad adress ger låg insyn; nytt krav på tillstånd från IVO 1 juli 2024.",
        beskrivning="Skyddat boende för våldsutsatta vuxna och medföljande barn. "
        "Tillståndspliktigt från den 1 juli 2024.",
    ),
    PlanRamavtal(
        key="familjehem",
        namn="Konsulentstödd familjehemsvård",
        diarienummer="SCN-2021-00104",
        start=D(2021, 11, 10),
        slut=D(2023, 11, 9),
        slut_inkl_option=D(2025, 11, 9),
        malgrupp=Malgrupp.BARN_UNGA,
        tillstandspliktig=True,
        arlig_ivo_tillsyn=False,
        risk=Riskniva.HOG,
        faktorer=(Riskfaktor.TJANSTENS_ART, Riskfaktor.INSYN),
        motivering="Barn som målgrupp; vård i ett familjehem ger låg insyn.",
        beskrivning="Konsulentstödd familjehemsvård i fyra avtalsområden.",
    ),
)
PLAN_DIARIENUMMER = tuple(r.diarienummer for r in PLAN_RAMAVTAL)

AVTALSOMRADEN = {
    "familjehem": (
        (1, "Jourhem", (1400, 2000), (14, 60, 180)),
        (2, "Familjehem grundnivå", (1000, 1400), None),
        (3, "Familjehem förstärkt", (1300, 1700), None),
        (4, "Behandlingsfamilj", (1600, 2000), None),
    )
}
NIVAER = {
    "stodboende_unga": (
        (1, "Nivå 1", (1200, 1500), "Stöd dagtid; personal nås per telefon kvällar och helger."),
        (2, "Nivå 2", (1500, 1800), "Stöd dag- och kvällstid."),
        (3, "Nivå 3", (1800, 2200), "Personal på plats dygnet runt, sovande natt."),
        (4, "Nivå 4", (2100, 2500), "Förstärkt stöd med vaken personal dygnet runt."),
    )
}
SAMVERKAN = ("norr", "söder", "öst", "väst", "mitt")

# --- Word lists for invented names ------------------------------------------
# fmt: off
NAMN_FORLED = (
    "Björk", "Ek", "Lind", "Gran", "Tall", "Sol", "Ängs", "Berg", "Sjö", "Hav", "Ljung", "Rönn",
    "Asp", "Al", "Lärk", "Vide", "Hassel", "Lönn", "Alm", "Fur", "Klöver", "Dal", "Strand", "Vik",
    "Ås", "Skogs", "Fjäll", "Bäck", "Kvarn", "Stens", "Ros", "Lilje", "Nord", "Sunn", "Mos",
    "Hags", "Ljus", "Vinter", "Sommar", "Lugn",
)
NAMN_EFTERLED = (
    "backen", "liden", "gården", "hyddan", "viken", "åsen", "dalen", "udden", "näs", "torp",
    "holmen", "berga", "sätra", "lunda", "hagen", "kullen", "hult", "forsen", "stigen", "vallen",
    "myren", "tuna", "ängen", "höjden", "bryggan", "källan", "gläntan", "sjön",
)
ALLMANNA_SUFFIX = (
    "Vård AB", "Omsorg AB", "Resurs AB", "Gruppen AB", "Kompetens AB", "Omsorg & Utveckling AB",
)
FORNAMN = (
    "Anna", "Maria", "Karin", "Sara", "Emma", "Johanna", "Lena", "Eva", "Sofia", "Linnéa", "Ida",
    "Maja", "Helena", "Camilla", "Petra", "Erik", "Lars", "Anders", "Johan", "Per", "Mikael",
    "Fredrik", "Daniel", "Magnus", "Jonas", "Oskar", "Henrik", "Mattias", "Ali", "Amir",
    "Yasmin", "Leila", "Nils", "Gustav", "Ebba", "Tove", "Viktor", "Hampus",
)
EFTERNAMN = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Lindberg", "Lindqvist", "Berglund", "Sandberg",
    "Holm", "Engström", "Lundgren", "Ekström", "Björk", "Wikström", "Forsberg", "Sjöberg",
    "Nyström", "Hedlund", "Åberg", "Mattsson", "Hassan", "Mohammed", "Ahmadi", "Lind", "Falk",
    "Dahl", "Strand",
)
GATOR = (
    "Storgatan", "Skolvägen", "Kyrkvägen", "Björkvägen", "Idrottsvägen", "Parkvägen", "Ringvägen",
    "Ängsvägen", "Lärkvägen", "Västra vägen", "Östra Långgatan", "Bruksgatan", "Prästgårdsvägen",
    "Sjövägen", "Tallstigen",
)
KOMMUNER = (
    ("Uppsala", "Uppsala län"), ("Enköping", "Uppsala län"), ("Östhammar", "Uppsala län"),
    ("Tierp", "Uppsala län"), ("Heby", "Uppsala län"), ("Knivsta", "Uppsala län"),
    ("Stockholm", "Stockholms län"), ("Norrtälje", "Stockholms län"),
    ("Södertälje", "Stockholms län"), ("Sigtuna", "Stockholms län"),
    ("Västerås", "Västmanlands län"), ("Sala", "Västmanlands län"),
    ("Gävle", "Gävleborgs län"), ("Sandviken", "Gävleborgs län"), ("Hudiksvall", "Gävleborgs län"),
    ("Örebro", "Örebro län"), ("Eskilstuna", "Södermanlands län"), ("Falun", "Dalarnas län"),
    ("Borlänge", "Dalarnas län"), ("Linköping", "Östergötlands län"),
    ("Norrköping", "Östergötlands län"), ("Göteborg", "Västra Götalands län"),
    ("Malmö", "Skåne län"), ("Karlstad", "Värmlands län"),
)
# fmt: on


# --- Decisions ---------------------------------------------------------------
IVO_BRISTER = (
    "otillräcklig bemanning nattetid och genomförandeplaner som saknas eller inte följs upp",
    "brister i läkemedelshanteringen och i avvikelsehanteringen enligt lex Sarah",
    "bristande tillsyn av barnen och otillräcklig samverkan med skola och hälso- och sjukvård",
    "personal som saknar föreskriven utbildning och handledning",
)


@dataclass(frozen=True)
class Steg:
    typ: str
    skal: str
    datum: datetime.date
    text: str
    omprovning_dagar: int | None = None


@dataclass(frozen=True)
class Scenario:
    """A chain of decisions applied to `antal` contracts of a kind of agreement."""

    tjanst: str
    antal: int
    steg: tuple
    enhet: dict = field(default_factory=dict)  # unit attributes the scenario implies


_PAUS_IVO = (
    "IVO:s tillsynsbeslut {datum} (dnr {ivo_dnr}) konstaterar {brist} i {verksamhet}. IVO "
    "kräver en redovisning av vidtagna åtgärder senast {frist}. Leverantören utesluts "
    "tillfälligt från avrop tills IVO har godtagit redovisningen och förvaltningen har tagit "
    "del av den."
)
_PAUS_EKONOMI = (
    "Kreditupplysningstjänsten rapporterade {datum} en skatteskuld hos Kronofogden om "
    "{belopp} kr och {anm} betalningsanmärkningar. Leverantören har ombetts att inkomma med "
    "förklaring och plan för reglering senast {frist}. Tillfällig uteslutning från avrop i "
    "avvaktan på svar."
)
_UPPSAGNING_EKONOMI = (
    "Leverantören har inte inom förelagd frist visat att skatteskulden hos Kronofogden "
    "({belopp} kr enligt kreditupplysning) är reglerad. Ramavtalet ger nämnden rätt att säga "
    "upp avtalet när leverantören inte fullgör sina skyldigheter avseende skatter och "
    "avgifter. Pågående placeringar har avslutats i samråd med ansvariga socialsekreterare."
)
_PAUS_UTREDNING = (
    "Förvaltningen har sedan {tidigare} tagit emot {anm} avvikelser från socialsekreterare om "
    "uteblivna månadsrapporter och bristande stöd till uppdragstagarna. En händelsestyrd "
    "uppföljning inleddes {datum} och leverantören har ombetts att lämna handlingar senast "
    "{frist}. Tillfällig uteslutning från avrop i avvaktan på utredningen."
)
_UTREDNING_IVO = (
    "IVO meddelade {datum} att myndigheten har inlett ett ärende om återkallelse av "
    "tillståndet för {verksamhet} (dnr {ivo_dnr}). Tillfällig uteslutning från avrop i "
    "avvaktan på IVO:s beslut."
)

SCENARIER = (
    Scenario(
        "hvb_barn", 4, (Steg(BeslutTyp.PAUS, BeslutSkal.IVO_ARENDE, D(2024, 2, 12), _PAUS_IVO, 90),)
    ),
    Scenario(
        "hvb_barn",
        1,
        (
            Steg(BeslutTyp.PAUS, BeslutSkal.IVO_ARENDE, D(2024, 3, 4), _PAUS_IVO, 90),
            Steg(
                BeslutTyp.HAV_PAUS,
                BeslutSkal.BRISTER_ATGARDADE,
                D(2024, 6, 17),
                "IVO har {datum} avslutat ärendet {ivo_dnr} efter leverantörens redovisning av "
                "vidtagna åtgärder. Förvaltningen har tagit del av redovisningen och av "
                "bemanningsschema för de senaste fyra veckorna. Uteslutningen från avrop upphävs.",
            ),
        ),
    ),
    Scenario(
        "hvb_barn",
        1,
        (
            Steg(BeslutTyp.PAUS, BeslutSkal.UTREDNING, D(2024, 4, 8), _UTREDNING_IVO, 60),
            Steg(
                BeslutTyp.UPPSAGNING,
                BeslutSkal.TILLSTAND_FORLORAT,
                D(2024, 6, 12),
                "IVO har i beslut {datum} återkallat tillståndet för {verksamhet} (dnr {ivo_dnr}). "
                "Tillstånd från IVO är ett skall-krav i ramavtalet. Placerade barn har flyttats i "
                "samråd med ansvariga socialsekreterare. Nämnden säger upp avtalet med omedelbar "
                "verkan.",
            ),
        ),
        {"tillstandsstatus": Tillstandsstatus.ATERKALLAT},
    ),
    Scenario(
        "hvb_barn",
        1,
        (
            Steg(BeslutTyp.PAUS, BeslutSkal.EKONOMI, D(2024, 8, 26), _PAUS_EKONOMI, 45),
            Steg(BeslutTyp.UPPSAGNING, BeslutSkal.EKONOMI, D(2024, 10, 21), _UPPSAGNING_EKONOMI),
        ),
    ),
    Scenario(
        "stodboende_unga",
        1,
        (
            Steg(
                BeslutTyp.PAUS,
                BeslutSkal.IVO_ARENDE,
                D(2024, 10, 7),
                "IVO:s tillsyn {datum} av {verksamhet} (dnr {ivo_dnr}) visar att bemanningen inte "
                "motsvarar kraven för nivå 3 och 4 och att boendet saknar rutin för tillsyn "
                "nattetid. IVO kräver redovisning senast {frist}. Tillfällig uteslutning från "
                "avrop tills bristerna är åtgärdade.",
                90,
            ),
        ),
    ),
    Scenario(
        "stodboende_unga",
        1,
        (
            Steg(
                BeslutTyp.PAUS,
                BeslutSkal.VILANDE,
                D(2024, 8, 19),
                "Leverantören meddelade {datum} att {verksamhet} är vilande på grund av "
                "ombyggnad av lokalerna och inte kan ta emot placeringar. Uteslutningen omprövas "
                "när leverantören anmäler att verksamheten har återupptagits.",
                120,
            ),
        ),
        {"vilande": True},
    ),
    Scenario(
        "stodboende_unga",
        1,
        (
            Steg(
                BeslutTyp.UPPSAGNING,
                BeslutSkal.AVVECKLAD,
                D(2024, 4, 22),
                "Leverantören meddelade {datum} att verksamheten {verksamhet} avvecklas och att "
                "tillståndet hos IVO avregistreras. Inga pågående placeringar finns. Nämnden "
                "säger upp avtalet.",
            ),
        ),
    ),
    Scenario(
        "familjehem",
        1,
        (Steg(BeslutTyp.PAUS, BeslutSkal.UTREDNING, D(2024, 11, 25), _PAUS_UTREDNING, 60),),
    ),
    Scenario(
        "familjehem",
        1,
        (
            Steg(
                BeslutTyp.UPPSAGNING,
                BeslutSkal.OVERENSKOMMELSE,
                D(2024, 6, 3),
                "Leverantören och förvaltningen kom {datum} överens om att avtalet upphör i "
                "förtid, då leverantören inte längre kan rekrytera familjehem inom avtalsområdet. "
                "Pågående placeringar fullföljs enligt avtalets villkor.",
            ),
        ),
    ),
    Scenario(
        "stodboende_vuxna",
        1,
        (Steg(BeslutTyp.PAUS, BeslutSkal.EKONOMI, D(2024, 9, 16), _PAUS_EKONOMI, 60),),
    ),
    Scenario(
        "stodboende_vuxna",
        1,
        (
            Steg(BeslutTyp.PAUS, BeslutSkal.EKONOMI, D(2024, 2, 5), _PAUS_EKONOMI, 45),
            Steg(BeslutTyp.UPPSAGNING, BeslutSkal.EKONOMI, D(2024, 4, 15), _UPPSAGNING_EKONOMI),
        ),
    ),
    Scenario(
        "hvb_vuxna",
        1,
        (
            Steg(
                BeslutTyp.UPPSAGNING,
                BeslutSkal.BRISTER,
                D(2024, 1, 22),
                "Särskild uppföljning 2023 visade brister i bemanning och i rutiner för "
                "drogtester vid {verksamhet}. Leverantören har inte åtgärdat bristerna inom "
                "förelagd frist ({frist}) trots påminnelse. Nämnden säger upp avtalet.",
            ),
        ),
    ),
    Scenario(
        "spel",
        1,
        (Steg(BeslutTyp.PAUS, BeslutSkal.UTREDNING, D(2024, 5, 13), _PAUS_UTREDNING, 60),),
    ),
    Scenario(
        "skyddat",
        1,
        (
            Steg(
                BeslutTyp.PAUS,
                BeslutSkal.BRISTER,
                D(2024, 5, 27),
                "Vid oannonserat platsbesök kvällstid {datum} saknade {verksamhet} dokumenterade "
                "säkerhetsrutiner och bemanningen understeg avtalets krav. Leverantören har "
                "förelagts att åtgärda bristerna senast {frist}.",
                90,
            ),
        ),
    ),
    Scenario(
        "skyddat",
        3,
        (
            Steg(
                BeslutTyp.HAVNING,
                BeslutSkal.TILLSTAND_EJ_SOKT,
                D(2024, 10, 14),
                "Från den 1 juli 2024 krävs tillstånd från IVO för att bedriva skyddat boende. "
                "Verksamhet som bedrevs före ikraftträdandet fick fortsätta endast om ansökan om "
                "tillstånd kommit in till IVO senast den 30 september 2024. IVO bekräftade "
                "{datum} att leverantören inte har ansökt om tillstånd för {verksamhet}. "
                "Tillstånd är ett skall-krav i ramavtalet och avtalsbrottet är väsentligt; "
                "nämnden häver avtalet.",
            ),
        ),
        {"tillstandsstatus": Tillstandsstatus.SAKNAS, "ivo_tillstandsnummer": ""},
    ),
)
UPPHORANDE_TEXT = (
    "Ramavtalets avtalsperiod inklusive option löpte ut {datum}. Avtalet upphör; pågående "
    "placeringar fullföljs enligt avtalets villkor."
)
COMMITTEE = {BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING}

# The successors of the plan's agreements (invented diarienummer).
EFTERFOLJARE_DIARIENUMMER = {
    "stodboende_vuxna": "SCN-2025-00231",
    "stodboende_unga": "SCN-2025-00418",
    "spel": "SCN-2024-00087",
    "hvb_vuxna": "SCN-2023-00154",
    "hvb_barn": "SCN-2024-00066",
    "skyddat": "SCN-2024-00193",
    "familjehem": "SCN-2024-00402",
}


def _years_later(start, years):
    """The last day of a period of whole years starting on `start`."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return end - datetime.timedelta(days=1)


def _rng(phase, seed=SEED):
    # String seeds hash with SHA-512: stable across runs and machines.
    return random.Random(f"{seed}:{phase}")  # noqa: S311 - synthetic data, not security


def generate_orgnr(rng, taken):
    """A valid aktiebolag number in the 556 series, not in `taken`.

    556000xxxx is left to the test factories.
    """
    while True:
        body = f"556{rng.randint(100000, 999999)}"
        number = f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"
        if number not in taken:
            taken.add(number)
            return number


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _person(rng):
    return f"{rng.choice(FORNAMN)} {rng.choice(EFTERNAMN)}"


def _slug(text):
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE")
    return "".join(c for c in text.translate(table).lower() if c.isalnum())


def generate_leverantorer(count, seed=SEED, taken_orgnr=()):
    """The suppliers as plain dicts: same seed, same suppliers."""
    rng = _rng("leverantorer", seed)
    taken = set(taken_orgnr)
    names = set()
    kinds = list(TJANSTER)
    shares = [TJANSTER[k].andel for k in kinds]
    result = []
    for _ in range(count):
        primary = rng.choices(kinds, shares)[0]
        tjanster = [primary] + [k for k, p in SIDOTJANSTER[primary] if rng.random() < p]
        while True:
            stem = rng.choice(NAMN_FORLED) + rng.choice(NAMN_EFTERLED)
            suffixes = TJANSTER[primary].namn_suffix + ALLMANNA_SUFFIX
            namn = f"{stem} {rng.choice(suffixes)}"
            if namn not in names:
                names.add(namn)
                break
        ort, region = rng.choice(KOMMUNER)
        telefon = (
            f"08-465 004 {rng.randint(0, 99):02d}"
            if rng.random() < 0.5
            else f"070-174 06 {rng.randint(5, 99):02d}"
        )
        result.append(
            {
                "namn": namn,
                "stem": stem,
                "organisationsnummer": generate_orgnr(rng, taken),
                "ort": ort,
                "region": region,
                "epost": f"kontakt@{_slug(stem)}.example",
                "telefon": telefon,
                "tjanster": tjanster,
            }
        )
    return result


@dataclass
class _AvtalPlan:
    obj: Avtal
    ram: Ramavtal
    tjanst: str
    factor: float
    verksamheter: list
    omraden: list = field(default_factory=list)
    # Call-off windows: start dates a placement may have under this contract.
    windows: list = field(default_factory=list)
    steg: list = field(default_factory=list)  # (Steg, Scenario)


class _Writer:
    """Saves one by one with the acting user (small) or in bulk (large)."""

    def __init__(self, user, bulk):
        self.user = user
        self.bulk = bulk

    def create(self, model, objs):
        if not objs:
            return objs
        if self.bulk:
            # A one-off generator of synthetic data: bulk_create is what makes
            # 200,000 placements feasible, and simple-history's
            # bulk_create_with_history still writes one history row per object.
            return bulk_create_with_history(
                objs, model, batch_size=BATCH_SIZE, default_user=self.user
            )
        for obj in objs:
            save_as(obj, user=self.user)
        return objs


def _say(stdout, message):
    if stdout is not None:
        stdout.write(f"{message}\n")


def demo_data_exists():
    return Ramavtal.objects.filter(diarienummer__in=PLAN_DIARIENUMMER).exists()


def load_demo_data(*, scale="small", user, stdout=None, today=None):
    """Load the demo register. Returns a summary dict, or None if already loaded.

    `today` is the last day the fictional register describes (the real date
    by default, so a fresh demo has fresh checks): successor agreements run
    past it, placements under them ending later are ongoing, agreements
    ended by then have ended, and the follow-up's recent checks are dated
    just before it.
    """
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}; choose one of {', '.join(SCALES)}.")
    today = today or timezone.localdate()
    if today < EARLIEST_TODAY:
        raise ValueError(f"The demo describes 2021–2026: today must be {EARLIEST_TODAY} or later.")
    if demo_data_exists():
        _say(stdout, "Demodata finns redan (ramavtalen från planen 2024) – inget laddades.")
        return None
    with transaction.atomic():
        summary = _Loader(SCALES[scale], user, stdout, today).run()
        if scale == "small":
            # The follow-up history and the committee's documents (the large
            # benchmark data gets its own in benchmarks/rapporter.py).
            from demo.follow_up import load_demo_follow_up
            from demo.reports import load_demo_rapporter

            summary |= load_demo_follow_up(user=user, stdout=stdout, today=today) or {}
            summary |= load_demo_rapporter(user=user, stdout=stdout) or {}
    _say(
        stdout,
        "Demodata laddad: " + ", ".join(f"{key} {value}" for key, value in summary.items()),
    )
    return summary


class _Loader:
    def __init__(self, scale, user, stdout, today):
        self.scale = scale
        self.today = today
        self.user = user
        self.stdout = stdout
        self.writer = _Writer(user, scale.bulk)
        self.in_force_cache = {}  # (kind, day) -> [Ramavtal]
        self.strateg = get_user_model().objects.filter(username="strateg").first()

    def run(self):
        self.create_ramavtal()
        self.create_leverantorer()
        self.plan_beslut()
        self.create_verksamheter_and_avtal()
        self.create_placeringar()
        self.apply_beslut()
        self.efterfoljare = []
        if not self.scale.bulk:
            self.create_efterfoljare()
        statuses = dict.fromkeys(AvtalStatus.values, 0)
        for plan in [*self.avtal, *self.efterfoljare]:
            statuses[plan.obj.status] += 1
        summary = {
            "ramavtal": len(self.ramavtal),
            "leverantorer": len(self.leverantorer),
            "verksamheter": self.antal_verksamheter,
            "avtal": len(self.avtal),
            "placeringar": self.antal_placeringar,
            "beslut": self.antal_beslut,
            **{f"avtal_{key}": value for key, value in statuses.items()},
        }
        if self.efterfoljare:
            summary["efterföljande_ramavtal"] = len(self.efterfoljare_ramavtal)
            summary["efterföljande_avtal"] = len(self.efterfoljare)
            summary["placeringar_2025_2026"] = self.antal_nya_placeringar
        return summary

    # --- Framework agreements ------------------------------------------------
    def create_ramavtal(self):
        rng = _rng("ramavtal")
        specs = [(p, p.namn, p.diarienummer, "") for p in PLAN_RAMAVTAL]
        # Large scale: regional sibling agreements procured with neighbours.
        used = set(PLAN_DIARIENUMMER)
        for i in range(self.scale.extra_ramavtal):
            plan = PLAN_RAMAVTAL[i % len(PLAN_RAMAVTAL)]
            omrade = SAMVERKAN[(i // len(PLAN_RAMAVTAL)) % len(SAMVERKAN)]
            while True:
                dnr = f"SCN-{plan.start.year - 1}-{rng.randint(100, 999):05d}"
                if dnr not in used:
                    used.add(dnr)
                    break
            specs.append(
                (
                    plan,
                    f"{plan.namn}, samverkan {omrade}",
                    dnr,
                    f"Upphandlat i samverkan med kommunerna i länsdel {omrade}.",
                )
            )
        self.ramavtal = []  # (Ramavtal, PlanRamavtal)
        for plan, namn, dnr, samverkan in specs:
            ram = Ramavtal(
                namn=namn,
                diarienummer=dnr,
                upphandlingsform=Upphandlingsform.LOU,
                samverkan=samverkan,
                startdatum=plan.start,
                slutdatum=plan.slut,
                slutdatum_inkl_option=plan.slut_inkl_option,
                malgrupp=plan.malgrupp,
                tillstandspliktig=plan.tillstandspliktig,
                arlig_ivo_tillsyn=plan.arlig_ivo_tillsyn,
                ansvarig_strateg=self.strateg,
                beskrivning=plan.beskrivning,
            )
            save_as(ram, user=self.user)
            self.ramavtal.append((ram, plan))
            risk = Riskbedomning(
                ramavtal=ram,
                datum=D(2024, 1, 15),
                niva=plan.risk,
                faktorer=[str(f) for f in plan.faktorer],
                motivering=plan.motivering,
                bedomd_av=self.strateg or self.user,
            )
            save_as(risk, user=self.user)
        self.omraden = {}  # ramavtal pk -> [(Avtalsomrade, cost range, stay)]
        self.nivaer = {}
        for ram, plan in self.ramavtal:
            for nummer, namn, kostnad, vistelse in AVTALSOMRADEN.get(plan.key, ()):
                omr = Avtalsomrade(ramavtal=ram, nummer=nummer, namn=namn)
                save_as(omr, user=self.user)
                self.omraden.setdefault(ram.pk, []).append((omr, kostnad, vistelse))
            for ordning, namn, kostnad, beskrivning in NIVAER.get(plan.key, ()):
                niva = Niva(ramavtal=ram, ordning=ordning, namn=namn, beskrivning=beskrivning)
                save_as(niva, user=self.user)
                self.nivaer.setdefault(ram.pk, []).append((niva, kostnad))
        self.ramavtal_per_tjanst = {}
        for ram, plan in self.ramavtal:
            self.ramavtal_per_tjanst.setdefault(plan.key, []).append(ram)
        _say(self.stdout, f"  {len(self.ramavtal)} ramavtal")

    # --- Suppliers and representatives ---------------------------------------
    def create_leverantorer(self):
        taken = set(Leverantor.objects.values_list("organisationsnummer", flat=True))
        self.specs = generate_leverantorer(self.scale.leverantorer, taken_orgnr=taken)
        rng = _rng("foretradare")
        leverantorer = [
            Leverantor(
                namn=s["namn"],
                # bulk_create skips save(), which keeps the search column.
                sokbar_namn=fold(s["namn"]),
                organisationsnummer=s["organisationsnummer"],
                ort=s["ort"],
                region=s["region"],
                epost=s["epost"],
                telefon=s["telefon"],
            )
            for s in self.specs
        ]
        self.leverantorer = self.writer.create(Leverantor, leverantorer)
        foretradare = []
        for lev in self.leverantorer:
            roller = [ForetradareRoll.VD, ForetradareRoll.ORDFORANDE]
            roller += [ForetradareRoll.LEDAMOT] * rng.randint(0, 2)
            if rng.random() < 0.5:
                roller.append(ForetradareRoll.SUPPLEANT)
            for roll in roller:
                fran = D(rng.randint(2008, 2023), rng.randint(1, 12), 1)
                till = None
                if rng.random() < 0.08:
                    till = D(rng.randint(fran.year + 1, 2024), rng.randint(1, 12), 1)
                foretradare.append(
                    Foretradare(leverantor=lev, namn=_person(rng), roll=roll, fran=fran, till=till)
                )
        self.writer.create(Foretradare, foretradare)
        _say(
            self.stdout, f"  {len(self.leverantorer)} leverantörer, {len(foretradare)} företrädare"
        )

    # --- Which contracts get which decisions (needed before placements) ------
    def plan_beslut(self):
        """Pick contracts for the decision scenarios; the objects come later."""
        rng = _rng("beslut")
        # The contracts as (supplier index, ramavtal, kind), chosen before any
        # unit exists so that unit attributes can follow the decisions.
        rng_avtal = _rng("avtal")
        self.avtal_keys = []  # (lev index, ram, kind)
        for index, spec in enumerate(self.specs):
            for kind in spec["tjanster"]:
                options = self.ramavtal_per_tjanst[kind]
                chosen = [rng_avtal.choice(options)]
                if len(options) > 1 and rng_avtal.random() < 0.3:
                    other = rng_avtal.choice(options)
                    if other not in chosen:
                        chosen.append(other)
                for ram in chosen:
                    self.avtal_keys.append((index, ram, kind))
        by_ram = {}
        for pos, (_index, ram, _kind) in enumerate(self.avtal_keys):
            by_ram.setdefault(ram.pk, []).append(pos)
        self.scenario_for = {}  # avtal position -> Scenario
        for ram, plan in self.ramavtal:
            free = list(by_ram.get(ram.pk, []))
            rng.shuffle(free)
            for scenario in SCENARIER:
                if scenario.tjanst != plan.key:
                    continue
                for _ in range(scenario.antal * self.scale.beslut_factor):
                    if len(free) <= 3:  # keep most of each agreement active
                        break
                    self.scenario_for[free.pop()] = scenario

    # --- Units and contracts -------------------------------------------------
    def create_verksamheter_and_avtal(self):
        rng = _rng("verksamheter")
        ivo_counter = itertools.count(rng.randint(10000, 40000))
        units = {}  # (lev index, kind) -> [Verksamhet]
        # A scenario may set unit attributes: vilande, a revoked or missing permit.
        scenario_units = {}
        for pos, (index, _ram, kind) in enumerate(self.avtal_keys):
            scenario = self.scenario_for.get(pos)
            if scenario and scenario.enhet:
                scenario_units[(index, kind)] = scenario.enhet
        verksamheter = []
        for index, spec in enumerate(self.specs):
            for kind in spec["tjanster"]:
                tjanst = TJANSTER[kind]
                antal = rng.choices((1, 2, 3), tjanst.enheter)[0]
                for n in range(antal):
                    unit = self._verksamhet(rng, ivo_counter, index, kind, n, antal)
                    for attr, value in scenario_units.get((index, kind), {}).items():
                        setattr(unit, attr, value)
                    units.setdefault((index, kind), []).append(unit)
                    verksamheter.append(unit)
        self.writer.create(Verksamhet, verksamheter)
        self.antal_verksamheter = len(verksamheter)
        self.units = units

        # Contracts, ranked by price within each framework agreement.
        avtal_objs = []
        self.avtal = []
        for pos, (index, ram, kind) in enumerate(self.avtal_keys):
            lev = self.leverantorer[index]
            avtal = Avtal(leverantor=lev, ramavtal=ram, startdatum=ram.startdatum)
            plan = _AvtalPlan(avtal, ram, kind, rng.random(), units[(index, kind)])
            if ram.pk in self.omraden:
                omr = [o for o in self.omraden[ram.pk] if o[0].nummer == 2 or rng.random() < 0.5]
                plan.omraden = omr or [self.omraden[ram.pk][1]]
            plan.windows = [(ram.startdatum, ram.slutdatum_inkl_option)]
            scenario = self.scenario_for.get(pos)
            if scenario:
                shift = rng.randint(0, 20) if self.scale.beslut_factor > 1 else 0
                plan.steg = [
                    (
                        Steg(
                            s.typ,
                            s.skal,
                            s.datum + datetime.timedelta(days=shift),
                            s.text,
                            s.omprovning_dagar,
                        ),
                        scenario,
                    )
                    for s in scenario.steg
                ]
                plan.windows = self._windows(ram, plan.steg)
            self.avtal.append(plan)
            avtal_objs.append(avtal)
        by_ram = {}
        for plan in self.avtal:
            by_ram.setdefault(plan.ram.pk, []).append(plan)
        for plans in by_ram.values():
            for rank, plan in enumerate(sorted(plans, key=lambda p: p.factor), start=1):
                plan.obj.rangordning = rank
        self.writer.create(Avtal, avtal_objs)
        for plan in self.avtal:
            # The m2m history rows name the acting user too.
            act_as(plan.obj, user=self.user)
            plan.obj.verksamheter.set(plan.verksamheter)
            if plan.omraden:
                plan.obj.avtalsomraden.set([o[0] for o in plan.omraden])
        _say(self.stdout, f"  {self.antal_verksamheter} verksamheter, {len(self.avtal)} avtal")

    def _verksamhet(self, rng, ivo_counter, index, kind, n, antal):
        tjanst = TJANSTER[kind]
        kommun, region = rng.choice(KOMMUNER)
        plan = next(p for p in PLAN_RAMAVTAL if p.key == kind)
        if kind == "skyddat":
            namn = f"Skyddat boende {rng.choice(NAMN_FORLED)}{rng.choice(NAMN_EFTERLED)}"
        elif antal == 1 and n == 0:
            namn = f"{self.specs[index]['stem']} {tjanst.enhet_ord}"
        else:
            namn = f"{rng.choice(NAMN_FORLED)}{rng.choice(NAMN_EFTERLED)} {tjanst.enhet_ord}"
        if plan.tillstandspliktig:
            year = 2024 if kind == "skyddat" else rng.randint(2009, 2021)
            ivo = f"3.5.1-{next(ivo_counter):05d}/{year}"
            status = Tillstandsstatus.GILTIGT
        else:
            ivo = ""
            status = Tillstandsstatus.EJ_KRAV
        return Verksamhet(
            leverantor=self.leverantorer[index],
            namn=namn,
            sokbar_namn=fold(namn),
            ivo_tillstandsnummer=ivo,
            tillstandsstatus=status,
            forestandare=_person(rng),
            antal_platser=rng.randint(*tjanst.platser) if tjanst.platser else None,
            inriktning=rng.choice(tjanst.inriktningar),
            kommun=kommun,
            region=region,
            skyddat_boende=kind == "skyddat",
            adress=f"{rng.choice(GATOR)} {rng.randint(1, 120)}",
        )

    @staticmethod
    def _windows(ram, steg):
        """Dates a call-off may start: none while paused or after the end."""
        windows = []
        open_from = ram.startdatum
        for s, _scenario in steg:
            if s.typ == BeslutTyp.HAV_PAUS:
                open_from = s.datum
            elif open_from is not None:
                windows.append((open_from, s.datum - datetime.timedelta(days=1)))
                open_from = None
        if open_from is not None:
            windows.append((open_from, ram.slutdatum_inkl_option))
        return windows

    # --- Placements ----------------------------------------------------------
    def create_placeringar(self):
        rng = _rng("placeringar")
        kinds = list(TJANSTER)
        shares = [TJANSTER[k].andel for k in kinds]
        per_ram = {}
        for plan in self.avtal:
            per_ram.setdefault(plan.ram.pk, []).append(plan)
        # Suppliers high in the call-off order are used far more often.
        cum_weights = {
            pk: list(itertools.accumulate(1 / p.obj.rangordning**0.8 for p in plans))
            for pk, plans in per_ram.items()
        }
        units_by_kind = {}
        for (index, kind), units in self.units.items():
            units_by_kind.setdefault(kind, []).extend((index, u) for u in units)
        avtal_by_unit_key = {}
        for plan in self.avtal:
            avtal_by_unit_key.setdefault((plan.obj.leverantor_id, plan.tjanst), []).append(plan)
        taken = set()
        if Placering.objects.exists():
            taken = set(Placering.objects.values_list("referens", flat=True))
        serial = self.serial = {}
        self.taken_referenser = taken
        self.antal_placeringar = 0
        batch = []
        for _ in range(self.scale.placeringar):
            kind = rng.choices(kinds, shares)[0]
            if rng.random() < 0.05:
                placering = self._direktupphandling(rng, kind, units_by_kind, avtal_by_unit_key)
            else:
                ram = rng.choice(self.ramavtal_per_tjanst[kind])
                placering = self._avrop(rng, kind, ram, per_ram[ram.pk], cum_weights[ram.pk])
            while True:
                year = placering.startdatum.year
                serial[year] = serial.get(year, 0) + 1
                referens = f"P-{year}-{serial[year]:06d}"
                if referens not in taken:
                    break
            placering.referens = referens
            batch.append(placering)
            if len(batch) >= 20_000:
                self.writer.create(Placering, batch)
                self.antal_placeringar += len(batch)
                batch = []
        self.writer.create(Placering, batch)
        self.antal_placeringar += len(batch)
        _say(self.stdout, f"  {self.antal_placeringar} placeringar")

    def _avrop(self, rng, kind, ram, plans, cum_weights):
        tjanst = TJANSTER[kind]
        low = max(ram.startdatum, PERIOD_FROM)
        high = min(ram.slutdatum_inkl_option, PERIOD_TO)
        for _attempt in range(20):
            start = low + datetime.timedelta(days=rng.randint(0, (high - low).days))
            plan = rng.choices(plans, cum_weights=cum_weights)[0]
            if any(a <= start <= b for a, b in plan.windows):
                break
        else:  # pragma: no cover - every agreement keeps active contracts
            raise RuntimeError(f"No contract open for call-off under {ram}.")
        kostnad, vistelse = tjanst.kostnad, tjanst.vistelse
        niva = omrade = None
        if plan.omraden:
            omrade, kostnad, own = rng.choice(plan.omraden)
            vistelse = own or vistelse
        elif ram.pk in self.nivaer:
            niva, kostnad = rng.choices(self.nivaer[ram.pk], (35, 35, 20, 10))[0]
        per_dygn = _price(kostnad, plan.factor, start, rng)
        slut = start + datetime.timedelta(
            days=int(rng.triangular(vistelse[0], vistelse[2], vistelse[1]))
        )
        # A contract terminated or rescinded for cause ends its placements.
        for s, _scenario in plan.steg:
            if s.typ in COMMITTEE and s.skal != BeslutSkal.OVERENSKOMMELSE and slut > s.datum:
                slut = max(start + datetime.timedelta(days=1), s.datum)
        return self._placering(
            rng,
            tjanst,
            start,
            slut,
            per_dygn,
            avtal=plan.obj,
            verksamhet=rng.choice(plan.verksamheter),
            niva=niva,
            avtalsomrade=omrade,
        )

    def _direktupphandling(self, rng, kind, units_by_kind, avtal_by_unit_key):
        tjanst = TJANSTER[kind]
        start = PERIOD_FROM + datetime.timedelta(
            days=rng.randint(0, (PERIOD_TO - PERIOD_FROM).days - 30)
        )
        _index, unit = rng.choice(units_by_kind[kind])
        in_force = self._in_force(kind, start)
        plans = avtal_by_unit_key.get((unit.leverantor_id, kind), [])
        excluded = any(
            p.ram in in_force and not any(a <= start <= b for a, b in p.windows) for p in plans
        )
        if not in_force:
            skal, text = DirektupphandlingSkal.AVTAL_SAKNAS, "Ramavtal saknades för insatsen."
        elif excluded:
            skal = DirektupphandlingSkal.LEVERANTOR_UTESLUTEN
            text = "Leverantören var utesluten från avrop; fortsatt vård av tidigare placerad."
        else:
            skal, text = _weighted(
                rng,
                (
                    (
                        (
                            DirektupphandlingSkal.INGEN_PLATS,
                            "Ingen ledig plats hos leverantörerna inom ramavtalet.",
                        ),
                        50,
                    ),
                    (
                        (
                            DirektupphandlingSkal.BEHOV_EJ_TILLGODOSETT,
                            "Den enskildes behov kunde inte tillgodoses inom ramavtalet.",
                        ),
                        40,
                    ),
                    (
                        (
                            DirektupphandlingSkal.ANNAT,
                            "Akut placering utanför kontorstid; avrop gick inte att göra.",
                        ),
                        10,
                    ),
                ),
            )
        low, high = tjanst.kostnad
        per_dygn = _price((high, round(high * 1.3)), rng.random(), start, rng)
        slut = start + datetime.timedelta(
            days=int(rng.triangular(tjanst.vistelse[0], tjanst.vistelse[2], tjanst.vistelse[1]))
        )
        return self._placering(
            rng,
            tjanst,
            start,
            slut,
            per_dygn,
            avtal=None,
            verksamhet=unit,
            direktupphandling_skal=skal,
            anteckning=text,
        )

    def _in_force(self, kind, on):
        """The agreements of a kind of service in force on a day (Ramavtal.i_kraft_under)."""
        cache = self.in_force_cache
        if (kind, on) not in cache:
            agreements = self.ramavtal_per_tjanst[kind]
            ids = set(
                Ramavtal.objects.filter(pk__in=[r.pk for r in agreements])
                .i_kraft_under(on, on)
                .values_list("pk", flat=True)
            )
            cache[(kind, on)] = [r for r in agreements if r.pk in ids]
        return cache[(kind, on)]

    @staticmethod
    def _placering(rng, tjanst, start, slut, per_dygn, **fields):
        if slut > PERIOD_TO:
            slut = None  # still ongoing at the end of the demo period
        total = per_dygn * (slut - start).days if slut else None
        return Placering(
            startdatum=start,
            slutdatum=slut,
            lagrum=_weighted(rng, tjanst.lagrum),
            placerande_enhet=tjanst.enhet,
            kostnad_per_dygn=per_dygn,
            kostnad_totalt=total,
            **fields,
        )

    # --- Decisions -----------------------------------------------------------
    def apply_beslut(self):
        rng = _rng("beslutstexter")
        steps = []  # (datum, order, plan, typ, skal, text, omprovning_dagar)
        for plan in self.avtal:
            if not plan.steg:
                continue
            first = plan.steg[0][0].datum
            context = {
                "ivo_dnr": f"3.5.1-{rng.randint(10000, 99999)}/2024",
                "brist": rng.choice(IVO_BRISTER),
                "belopp": f"{rng.randint(80, 900) * 1000:,}".replace(",", " "),
                "anm": rng.randint(3, 9),
                "tidigare": (first - datetime.timedelta(days=rng.randint(60, 150))).isoformat(),
                "verksamhet": plan.verksamheter[0].namn,
            }
            for s, _scenario in plan.steg:
                text = s.text.format(
                    datum=(s.datum - datetime.timedelta(days=rng.randint(3, 14))).isoformat(),
                    frist=(s.datum + datetime.timedelta(days=rng.randint(30, 60))).isoformat(),
                    **context,
                )
                steps.append((s.datum, len(steps), plan, s.typ, s.skal, text, s.omprovning_dagar))
        # Contracts end with their agreement's period, options included.
        for plan in self.avtal:
            end = plan.ram.slutdatum_inkl_option
            ended = plan.steg and plan.steg[-1][0].typ in COMMITTEE
            # Small scale describes today: every agreement past its end has ended.
            due = end <= self.today if not self.scale.bulk else end.year == 2024
            if due and not ended:
                text = UPPHORANDE_TEXT.format(datum=end.isoformat())
                steps.append(
                    (
                        end,
                        len(steps),
                        plan,
                        BeslutTyp.UPPHORANDE,
                        BeslutSkal.AVTALSTID_SLUT,
                        text,
                        None,
                    )
                )
        # In date order, so the committee's diarienummer run with the calendar.
        serial = itertools.count(rng.randint(200, 400), 3)
        steps.sort(key=lambda step: step[:2])
        for _datum, _order, plan, typ, skal, text, omprovning_dagar in steps:
            self._beslut(plan, typ, skal, _datum, text, omprovning_dagar, serial)
        self.antal_beslut = len(steps)
        _say(self.stdout, f"  {self.antal_beslut} beslut")

    def _beslut(self, plan, typ, skal, datum, text, omprovning_dagar, serial):
        if typ in COMMITTEE:
            beslutsfattare = "Socialnämnden"
            dnr = f"SCN-2024-{next(serial):05d}"
        elif typ == BeslutTyp.UPPHORANDE:
            beslutsfattare, dnr = "Enhetschef, enheten för avtal och uppföljning", ""
        else:
            avdelning = (
                "Barn och ungdom"
                if TJANSTER[plan.tjanst].enhet == PlacerandeEnhet.BARN_UNGDOM
                else "Vuxen"
            )
            beslutsfattare, dnr = f"Avdelningschef, avdelning {avdelning}", ""
        avtal_fatta_beslut(
            avtal=plan.obj,
            typ=typ,
            datum=datum,
            beslutsfattare=beslutsfattare,
            skal=skal,
            faktaunderlag=text,
            user=self.user,
            namnd_diarienummer=dnr,
            omprovning_datum=(
                datum + datetime.timedelta(days=omprovning_dagar) if omprovning_dagar else None
            ),
        )

    # --- Successor agreements (small scale) ---------------------------------
    def create_efterfoljare(self):
        """Each plan agreement's successor, procured to start the day after the old
        one ended (options included): two years plus two of option, the same
        strategist, most of the same suppliers and units, all contracts active."""
        rng = _rng("efterfoljare")
        ended = {AvtalStatus.UPPSAGT, AvtalStatus.HAVT}
        self.efterfoljare_ramavtal = []
        plans_by_ram = {}
        for plan in self.avtal:
            plans_by_ram.setdefault(plan.ram.pk, []).append(plan)
        for ram, plan in self.ramavtal[: len(PLAN_RAMAVTAL)]:
            start = ram.slutdatum_inkl_option + datetime.timedelta(days=1)
            succ = Ramavtal(
                namn=plan.namn,
                diarienummer=EFTERFOLJARE_DIARIENUMMER[plan.key],
                upphandlingsform=Upphandlingsform.LOU,
                startdatum=start,
                slutdatum=_years_later(start, 2),
                slutdatum_inkl_option=_years_later(start, 4),
                malgrupp=plan.malgrupp,
                tillstandspliktig=plan.tillstandspliktig,
                arlig_ivo_tillsyn=plan.arlig_ivo_tillsyn,
                ansvarig_strateg=self.strateg,
                beskrivning=f"{plan.beskrivning} Efterföljer ramavtal {ram.diarienummer}.",
            )
            save_as(succ, user=self.user)
            risk = Riskbedomning(
                ramavtal=succ,
                datum=start - datetime.timedelta(days=45),
                niva=plan.risk,
                faktorer=[str(f) for f in plan.faktorer],
                motivering=f"{plan.motivering} Bedömningen inför det nya ramavtalet bygger på "
                f"uppföljningen av {ram.diarienummer}.",
                bedomd_av=self.strateg or self.user,
            )
            save_as(risk, user=self.user)
            omraden = {}
            for nummer, namn, _kostnad, _vistelse in AVTALSOMRADEN.get(plan.key, ()):
                omr = Avtalsomrade(ramavtal=succ, nummer=nummer, namn=namn)
                save_as(omr, user=self.user)
                omraden[nummer] = omr
            nivaer = []
            for ordning, namn, kostnad, beskrivning in NIVAER.get(plan.key, ()):
                niva = Niva(ramavtal=succ, ordning=ordning, namn=namn, beskrivning=beskrivning)
                save_as(niva, user=self.user)
                nivaer.append((niva, kostnad))
            self.efterfoljare_ramavtal.append((succ, plan, ram, omraden, nivaer))
            # Suppliers whose contract ended for cause are not awarded again;
            # of the rest about one in ten did not tender or was not accepted.
            chosen = []
            for old in plans_by_ram.get(ram.pk, []):
                old.obj.refresh_from_db(fields=["status"])
                if old.obj.status in ended or rng.random() < 0.1:
                    continue
                units = [
                    u
                    for u in old.verksamheter
                    if not u.vilande
                    and u.tillstandsstatus
                    not in (Tillstandsstatus.ATERKALLAT, Tillstandsstatus.SAKNAS)
                ]
                if units:
                    factor = min(max(old.factor + rng.uniform(-0.15, 0.15), 0.0), 1.0)
                    avtal = Avtal(leverantor=old.obj.leverantor, ramavtal=succ, startdatum=start)
                    new = _AvtalPlan(avtal, succ, plan.key, factor, units)
                    new.omraden = [
                        (omraden[o[0].nummer], o[1], o[2]) for o in old.omraden if omraden
                    ]
                    new.windows = [(start, succ.slutdatum_inkl_option)]
                    chosen.append(new)
            for rank, new in enumerate(sorted(chosen, key=lambda p: p.factor), start=1):
                new.obj.rangordning = rank
            self.writer.create(Avtal, [new.obj for new in chosen])
            for new in chosen:
                act_as(new.obj, user=self.user)
                new.obj.verksamheter.set(new.verksamheter)
                if new.omraden:
                    new.obj.avtalsomraden.set([o[0] for o in new.omraden])
            self.efterfoljare.extend(chosen)
        self._efterfoljare_placeringar(rng)
        self._end_efterfoljare()
        _say(
            self.stdout,
            f"  {len(self.efterfoljare_ramavtal)} efterföljande ramavtal, "
            f"{len(self.efterfoljare)} avtal, {self.antal_nya_placeringar} placeringar 2025–2026",
        )

    def _end_efterfoljare(self):
        """Successor contracts whose agreement has run out by today end, as the plan's did."""
        for plan in self.efterfoljare:
            end = plan.ram.slutdatum_inkl_option
            if end <= self.today and plan.obj.status != AvtalStatus.UPPHORT:
                text = UPPHORANDE_TEXT.format(datum=end.isoformat())
                self._beslut(
                    plan, BeslutTyp.UPPHORANDE, BeslutSkal.AVTALSTID_SLUT, end, text, None, None
                )
                self.antal_beslut += 1

    def _efterfoljare_placeringar(self, rng):
        """Call-offs under the successor agreements up to today (or their end)."""
        per_ram = {}
        for plan in self.efterfoljare:
            per_ram.setdefault(plan.ram.pk, []).append(plan)
        open_rams = [
            (succ, plan_ram, nivaer)
            for succ, plan_ram, _old, _omr, nivaer in self.efterfoljare_ramavtal
            if per_ram.get(succ.pk) and succ.startdatum < self.today - datetime.timedelta(days=14)
        ]
        weights = [TJANSTER[p.key].andel for _s, p, _n in open_rams]
        batch = []
        for _ in range(EFTERFOLJARE_PLACERINGAR):
            succ, plan_ram, nivaer = rng.choices(open_rams, weights)[0]
            tjanst = TJANSTER[plan_ram.key]
            plans = per_ram[succ.pk]
            low = max(succ.startdatum, D(2025, 1, 1))
            high = min(self.today, succ.slutdatum_inkl_option)
            start = low + datetime.timedelta(days=rng.randint(0, (high - low).days))
            plan = rng.choices(plans, [1 / p.obj.rangordning**0.8 for p in plans])[0]
            kostnad, vistelse = tjanst.kostnad, tjanst.vistelse
            niva = omrade = None
            if plan.omraden:
                omrade, kostnad, own = rng.choice(plan.omraden)
                vistelse = own or vistelse
            elif nivaer:
                niva, kostnad = rng.choices(nivaer, (35, 35, 20, 10))[0]
            per_dygn = _price(kostnad, plan.factor, start, rng)
            slut = start + datetime.timedelta(
                days=int(rng.triangular(vistelse[0], vistelse[2], vistelse[1]))
            )
            placering = self._placering(
                rng,
                tjanst,
                start,
                slut,
                per_dygn,
                avtal=plan.obj,
                verksamhet=rng.choice(plan.verksamheter),
                niva=niva,
                avtalsomrade=omrade,
            )
            if slut > self.today:
                placering.slutdatum = placering.kostnad_totalt = None
            elif placering.slutdatum is None:
                placering.slutdatum = slut
                placering.kostnad_totalt = per_dygn * (slut - start).days
            while True:
                self.serial[start.year] = self.serial.get(start.year, 0) + 1
                referens = f"P-{start.year}-{self.serial[start.year]:06d}"
                if referens not in self.taken_referenser:
                    break
            placering.referens = referens
            batch.append(placering)
        self.writer.create(Placering, batch)
        self.antal_nya_placeringar = len(batch)


def _price(kostnad, factor, start, rng):
    """Kr per day: the contract's place in the price range, indexed 2 % a year."""
    low, high = kostnad
    base = low + factor * (high - low)
    value = base * (1 + 0.02 * (start.year - 2021)) * rng.uniform(0.98, 1.02)
    return Decimal(round(value / 10) * 10).quantize(Decimal("0.01"))
