"""Every verdict rule, and their combinations, table-driven on plain facts."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.avropskontroll import Fakta, load_facts, verdict_for
from arenden.handelsstyrd import handelsstyrd_oppna
from arenden.models import (
    Allvarlighet,
    Brist,
    BristStatus,
    IvoKontroll,
    Kontrollstatus,
    Kreditkontroll,
    Uppfoljning,
    UppfoljningStatus,
    UppfoljningTyp,
    Utslag,
)
from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import Avtal, AvtalStatus, BeslutSkal, BeslutTyp, Tillstandsstatus
from tests.factories import AvtalFactory, VerksamhetFactory

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))
FRESH = NOW - datetime.timedelta(days=3)
OLD = NOW - datetime.timedelta(days=90)


def ivo(**overrides):
    values = {
        "status": Kontrollstatus.OK,
        "tillstand": Tillstandsstatus.GILTIGT,
        "kontrollerad": FRESH,
        "vilande": False,
        "krav_pa_aterrapportering": False,
    }
    values.update(overrides)
    return IvoKontroll(**values)


def kredit(**overrides):
    values = {
        "status": Kontrollstatus.OK,
        "kontrollerad": FRESH,
        "betalningsanmarkningar": False,
        "skatteskulder": False,
    }
    values.update(overrides)
    return Kreditkontroll(**values)


class Case:
    rubrik = "Bemanning kvällstid"

    def get_absolute_url(self):
        return "/uppfoljning/uppfoljningar/1/"


class SeriousFinding:
    beskrivning = "Ingen nattpersonal"

    def get_absolute_url(self):
        return "/uppfoljning/brister/1/"


def facts(**overrides):
    values = {
        "avtal_status": AvtalStatus.AKTIV,
        "tillstandspliktig": True,
        "ivo": ivo(),
        "kredit": kredit(),
    }
    values.update(overrides)
    return Fakta(**values)


CASES = [
    # (name, facts, verdict, a phrase every such verdict must explain)
    ("all fine", {}, Utslag.KLAR, None),
    ("paused", {"avtal_status": AvtalStatus.PAUSAD}, Utslag.STOPP, "tillfälligt utesluten"),
    ("terminated", {"avtal_status": AvtalStatus.UPPSAGT}, Utslag.STOPP, "uppsagt"),
    ("rescinded", {"avtal_status": AvtalStatus.HAVT}, Utslag.STOPP, "hävt"),
    ("ended", {"avtal_status": AvtalStatus.UPPHORT}, Utslag.STOPP, "upphört"),
    (
        "permit missing",
        {"ivo": ivo(tillstand=Tillstandsstatus.SAKNAS)},
        Utslag.STOPP,
        "tillstånd saknas",
    ),
    (
        "permit revoked",
        {"ivo": ivo(tillstand=Tillstandsstatus.ATERKALLAT)},
        Utslag.STOPP,
        "tillstånd återkallat",
    ),
    (
        "permit unknown",
        {"ivo": ivo(tillstand=Tillstandsstatus.OKANT)},
        Utslag.VARNING,
        "Placeringsstöd",
    ),
    ("dormant per IVO", {"ivo": ivo(vilande=True)}, Utslag.STOPP, "vilande"),
    ("dormant in register", {"vilande_i_registret": True}, Utslag.STOPP, "vilande"),
    (
        "IVO demands a corrective report",
        {"ivo": ivo(krav_pa_aterrapportering=True)},
        Utslag.VARNING,
        "återrapportering",
    ),
    ("no IVO check", {"ivo": None}, Utslag.VARNING, "kontrollera i IVO:s Placeringsstöd"),
    (
        "failed IVO check",
        {"ivo": ivo(status=Kontrollstatus.MISSLYCKAD)},
        Utslag.VARNING,
        "kunde inte genomföras",
    ),
    ("old IVO check", {"ivo": ivo(kontrollerad=OLD)}, Utslag.VARNING, "äldre än 30 dagar"),
    (
        "no permit needed, no IVO check",
        {"tillstandspliktig": False, "ivo": None},
        Utslag.KLAR,
        None,
    ),
    ("bankruptcy", {"kredit": kredit(konkurs=True)}, Utslag.STOPP, "konkurs"),
    ("liquidation", {"kredit": kredit(likvidation=True)}, Utslag.STOPP, "likvidation"),
    ("deregistered", {"kredit": kredit(avregistrerad=True)}, Utslag.STOPP, "avregistrerad"),
    ("tax debts", {"kredit": kredit(skatteskulder=True)}, Utslag.VARNING, "skatteskulder"),
    (
        "payment remarks",
        {"kredit": kredit(betalningsanmarkningar=True)},
        Utslag.VARNING,
        "betalningsanmärkningar",
    ),
    ("no credit check", {"kredit": None}, Utslag.VARNING, "Ingen kreditkontroll"),
    (
        "failed credit check",
        {"kredit": kredit(status=Kontrollstatus.MISSLYCKAD)},
        Utslag.VARNING,
        "kunde inte genomföras",
    ),
    ("old credit check", {"kredit": kredit(kontrollerad=OLD)}, Utslag.VARNING, "äldre än 35 dagar"),
    (
        "agreement expired",
        {"ramavtal_till": datetime.date(2026, 11, 19)},
        Utslag.STOPP,
        "Ramavtalet har löpt ut",
    ),
    (
        "agreement not started",
        {"ramavtal_fran": datetime.date(2026, 12, 1)},
        Utslag.STOPP,
        "börjar gälla först",
    ),
    (
        "agreement in force to today",
        {"ramavtal_till": datetime.date(2026, 11, 20)},
        Utslag.KLAR,
        None,
    ),
    (
        "IVO demand unknown",
        {"ivo": ivo(krav_pa_aterrapportering=None)},
        Utslag.VARNING,
        "okänt om IVO kräver",
    ),
    (
        "credit flags unknown",
        {"kredit": kredit(skatteskulder=None, betalningsanmarkningar=None)},
        Utslag.VARNING,
        "säger inget om skatteskulder och betalningsanmärkningar",
    ),
    (
        "open event-driven case",
        {"oppna_arenden": [Case()]},
        Utslag.VARNING,
        "Pågående händelsestyrd uppföljning",
    ),
    (
        "open serious finding",
        {"allvarliga_brister": [SeriousFinding()]},
        Utslag.VARNING,
        "Öppen allvarlig brist",
    ),
    # Combinations: the worst wins, and every reason is still listed.
    (
        "paused with IVO case",
        {"avtal_status": AvtalStatus.PAUSAD, "ivo": ivo(krav_pa_aterrapportering=True)},
        Utslag.STOPP,
        "återrapportering",
    ),
    (
        "tax debts and no IVO check",
        {"kredit": kredit(skatteskulder=True), "ivo": None},
        Utslag.VARNING,
        "skatteskulder",
    ),
    (
        "bankrupt and old IVO check",
        {"kredit": kredit(konkurs=True), "ivo": ivo(kontrollerad=OLD)},
        Utslag.STOPP,
        "äldre än 30 dagar",
    ),
]


@pytest.mark.parametrize(
    ("name", "overrides", "verdict", "phrase"), CASES, ids=[c[0] for c in CASES]
)
def test_the_verdict(name, overrides, verdict, phrase):
    result = verdict_for(facts(**overrides), now=NOW, max_ivo_age=30, max_kredit_age=35)
    assert result.utslag == verdict
    texts = " ".join(s.text for s in result.skal)
    if phrase is None:
        assert result.skal == []
    else:
        assert phrase in texts


def test_reasons_are_listed_worst_first():
    result = verdict_for(
        facts(kredit=kredit(skatteskulder=True), avtal_status=AvtalStatus.HAVT),
        now=NOW,
        max_ivo_age=30,
        max_kredit_age=35,
    )
    assert [s.niva for s in result.skal] == [Utslag.STOPP, Utslag.VARNING]


def test_the_ages_come_from_settings(settings):
    settings.AVROP_MAX_IVO_AGE_DAYS = 100
    settings.AVROP_MAX_KREDIT_AGE_DAYS = 100
    assert (
        verdict_for(
            facts(ivo=ivo(kontrollerad=OLD), kredit=kredit(kontrollerad=OLD)), now=NOW
        ).utslag
        == Utslag.KLAR
    )
    settings.AVROP_MAX_IVO_AGE_DAYS = 10
    assert (
        verdict_for(
            facts(ivo=ivo(kontrollerad=FRESH - datetime.timedelta(days=10))), now=NOW
        ).utslag
        == Utslag.VARNING
    )


# Mutation testing (docs/testing.md): every reason word for word, with its level and link,
# so a changed text, level, link or branch shows.
URLS = {"avtal_url": "/avtal/1/", "verksamhet_url": "/ivo/2/", "leverantor_url": "/leverantor/3/"}
PAUSE = SimpleNamespace(datum=datetime.date(2026, 10, 1), skal="Utredning Pågår")
ALL_CREDIT_FLAGS = {
    "konkurs": True,
    "likvidation": True,
    "avregistrerad": True,
    "skatteskulder": True,
    "betalningsanmarkningar": True,
    "kontrollerad": OLD,
}
IVO_TAIL = "kontrollera i IVO:s Placeringsstöd."
ECONOMY = "kontrollera leverantörens ekonomi."
REASONS_IN_FULL = [
    (
        "expired and paused by a decision",
        {
            "ramavtal_till": datetime.date(2026, 11, 19),
            "avtal_status": AvtalStatus.PAUSAD,
            "paus": PAUSE,
        },
        Utslag.STOPP,
        [
            ("stopp", "Ramavtalet har löpt ut (2026-11-19, option inräknad).", "/avtal/1/"),
            (
                "stopp",
                "Avtalet är tillfälligt uteslutet från avrop sedan 2026-10-01: utredning pågår.",
                "/avtal/1/",
            ),
        ],
    ),
    (
        "not started and paused without a decision",
        {"ramavtal_fran": datetime.date(2026, 12, 1), "avtal_status": AvtalStatus.PAUSAD},
        Utslag.STOPP,
        [
            ("stopp", "Ramavtalet börjar gälla först 2026-12-01.", "/avtal/1/"),
            ("stopp", "Avtalet är tillfälligt utesluten från avrop.", "/avtal/1/"),
        ],
    ),
    (
        "terminated with a pause decision on record",
        {"avtal_status": AvtalStatus.UPPSAGT, "paus": PAUSE},
        Utslag.STOPP,
        [("stopp", "Avtalet är uppsagt.", "/avtal/1/")],
    ),
    (
        "dormant, revoked, demand unknown and old",
        {
            "vilande_i_registret": True,
            "ivo": ivo(
                tillstand=Tillstandsstatus.ATERKALLAT,
                krav_pa_aterrapportering=None,
                kontrollerad=OLD,
            ),
        },
        Utslag.STOPP,
        [
            ("stopp", "Verksamheten är vilande.", "/ivo/2/"),
            ("stopp", "Enligt IVO-kontrollen 2026-08-22: tillstånd återkallat.", "/ivo/2/"),
            (
                "varning",
                f"Det är okänt om IVO kräver återrapportering av åtgärder – {IVO_TAIL}",
                "/ivo/2/",
            ),
            (
                "varning",
                f"Senaste IVO-kontrollen är från 2026-08-22, äldre än 30 dagar – {IVO_TAIL}",
                "/ivo/2/",
            ),
        ],
    ),
    (
        "permit unknown and a corrective report demanded",
        {"ivo": ivo(tillstand=Tillstandsstatus.OKANT, krav_pa_aterrapportering=True)},
        Utslag.VARNING,
        [
            (
                "varning",
                f"IVO-kontrollen 2026-11-17 visar inget giltigt tillstånd – {IVO_TAIL}",
                "/ivo/2/",
            ),
            (
                "varning",
                "IVO har ett öppet ärende med krav på återrapportering av åtgärder.",
                "/ivo/2/",
            ),
        ],
    ),
    (
        # A failed check says nothing about dormancy: only the failure is reported.
        "failed IVO check that says dormant",
        {"ivo": ivo(status=Kontrollstatus.MISSLYCKAD, vilande=True, kontrollerad=OLD)},
        Utslag.VARNING,
        [
            (
                "varning",
                f"Senaste IVO-kontrollen (2026-08-22) kunde inte genomföras – {IVO_TAIL}",
                "/ivo/2/",
            )
        ],
    ),
    (
        "no IVO check",
        {"ivo": None},
        Utslag.VARNING,
        [("varning", f"Ingen IVO-kontroll är registrerad – {IVO_TAIL}", "/ivo/2/")],
    ),
    (
        "no permit needed: dormancy still stops",
        {"tillstandspliktig": False, "ivo": None, "vilande_i_registret": True},
        Utslag.STOPP,
        [("stopp", "Verksamheten är vilande.", "/ivo/2/")],
    ),
    (
        "every credit flag",
        {"kredit": kredit(**ALL_CREDIT_FLAGS)},
        Utslag.STOPP,
        [
            (
                "stopp",
                "Leverantören är försatt i konkurs. (kreditkontroll 2026-08-22)",
                "/leverantor/3/",
            ),
            (
                "stopp",
                "Leverantören är i likvidation. (kreditkontroll 2026-08-22)",
                "/leverantor/3/",
            ),
            (
                "stopp",
                "Leverantören är avregistrerad. (kreditkontroll 2026-08-22)",
                "/leverantor/3/",
            ),
            (
                "varning",
                "Leverantören har skatteskulder (kreditkontroll 2026-08-22).",
                "/leverantor/3/",
            ),
            (
                "varning",
                "Leverantören har betalningsanmärkningar (kreditkontroll 2026-08-22).",
                "/leverantor/3/",
            ),
            (
                "varning",
                "Senaste kreditkontrollen är från 2026-08-22, äldre än 35 dagar.",
                "/leverantor/3/",
            ),
        ],
    ),
    (
        "payment remarks unknown",
        {"kredit": kredit(betalningsanmarkningar=None)},
        Utslag.VARNING,
        [
            (
                "varning",
                f"Kreditkontrollen 2026-11-17 säger inget om betalningsanmärkningar – {ECONOMY}",
                "/leverantor/3/",
            )
        ],
    ),
    (
        "tax debts unknown",
        {"kredit": kredit(skatteskulder=None)},
        Utslag.VARNING,
        [
            (
                "varning",
                f"Kreditkontrollen 2026-11-17 säger inget om skatteskulder – {ECONOMY}",
                "/leverantor/3/",
            )
        ],
    ),
    (
        "failed credit check that says bankrupt",
        {"kredit": kredit(status=Kontrollstatus.MISSLYCKAD, konkurs=True, kontrollerad=OLD)},
        Utslag.VARNING,
        [
            (
                "varning",
                f"Senaste kreditkontrollen (2026-08-22) kunde inte genomföras – {ECONOMY}",
                "/leverantor/3/",
            )
        ],
    ),
    (
        "no credit check",
        {"kredit": None},
        Utslag.VARNING,
        [("varning", f"Ingen kreditkontroll är registrerad – {ECONOMY}", "/leverantor/3/")],
    ),
    (
        "an open case and a serious finding, cut at 100 characters",
        {
            "oppna_arenden": [Case()],
            "allvarliga_brister": [
                SimpleNamespace(beskrivning="x" * 99 + "yz", get_absolute_url=lambda: "/b/9/")
            ],
        },
        Utslag.VARNING,
        [
            (
                "varning",
                "Pågående händelsestyrd uppföljning: Bemanning kvällstid.",
                "/uppfoljning/uppfoljningar/1/",
            ),
            ("varning", "Öppen allvarlig brist: " + "x" * 99 + "y", "/b/9/"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "overrides", "verdict", "reasons"),
    REASONS_IN_FULL,
    ids=[c[0] for c in REASONS_IN_FULL],
)
def test_every_reason_in_full(name, overrides, verdict, reasons):
    result = verdict_for(facts(**URLS, **overrides), now=NOW, max_ivo_age=30, max_kredit_age=35)
    assert result.utslag == verdict
    assert [(s.niva, s.text, s.url) for s in result.skal] == reasons


def test_a_credit_check_exactly_at_the_age_limit_is_still_fresh():
    at_limit = kredit(kontrollerad=NOW - datetime.timedelta(days=35))
    one_more = kredit(kontrollerad=NOW - datetime.timedelta(days=36))
    assert verdict_for(facts(kredit=at_limit), now=NOW, max_kredit_age=35).utslag == Utslag.KLAR
    assert verdict_for(facts(kredit=one_more), now=NOW, max_kredit_age=35).utslag == Utslag.VARNING


def test_the_worst_reason_decides_and_comes_first_whatever_the_order_found():
    result = verdict_for(
        facts(
            ivo=ivo(krav_pa_aterrapportering=True),
            kredit=kredit(konkurs=True),
            allvarliga_brister=[SeriousFinding()],
        ),
        now=NOW,
        max_ivo_age=30,
        max_kredit_age=35,
    )
    assert result.utslag == Utslag.STOPP
    assert [s.niva for s in result.skal] == ["stopp", "varning", "varning"]
    assert result.label == "Stopp"
    assert result.snapshot()[0] == {
        "niva": "stopp",
        "text": "Leverantören är försatt i konkurs. (kreditkontroll 2026-11-17)",
        "url": "",
    }


def test_without_a_time_the_verdict_is_for_now(settings):
    settings.AVROP_MAX_IVO_AGE_DAYS = 30
    settings.AVROP_MAX_KREDIT_AGE_DAYS = 35
    checked = timezone.now() - datetime.timedelta(days=1)
    fresh = facts(ivo=ivo(kontrollerad=checked), kredit=kredit(kontrollerad=checked))
    assert verdict_for(fresh).utslag == Utslag.KLAR


# The facts behind the verdict, loaded from the database.
def _ivo_check(unit, when, tillstand):
    return IvoKontroll.objects.create(
        verksamhet=unit,
        kalla="manuell",
        status="ok",
        tillstand=tillstand,
        vilande=False,
        krav_pa_aterrapportering=False,
        kontrollerad=when,
    )


def _credit_check(leverantor, when, **flags):
    values = {"betalningsanmarkningar": False, "skatteskulder": False} | flags
    check = Kreditkontroll.objects.create(
        leverantor=leverantor, kalla="manuell", status="ok", **values
    )
    Kreditkontroll.objects.filter(pk=check.pk).update(kontrollerad=when)
    return check


def _decide(avtal, typ, user, datum):
    return avtal_fatta_beslut(
        avtal=avtal,
        typ=typ,
        datum=datum,
        beslutsfattare="Enhetschef Avtal",
        skal=BeslutSkal.IVO_ARENDE,
        faktaunderlag="IVO:s beslut kräver återrapportering.",
        omprovning_datum=datum + datetime.timedelta(days=90),
        user=user,
    )


def _finding(leverantor, allvarlighet, status=BristStatus.OPPEN):
    return Brist.objects.create(
        leverantor=leverantor,
        beskrivning=f"Brist {allvarlighet} {status}",
        krav="Åtgärda",
        allvarlighet=allvarlighet,
        status=status,
        atgard_senast=datetime.date(2026, 12, 31),
    )


@pytest.mark.django_db
def test_the_facts_are_the_newest_checks_the_latest_pause_and_what_is_open(alice):
    avtal = AvtalFactory(ramavtal__startdatum=datetime.date(2021, 3, 1))
    unit = VerksamhetFactory(leverantor=avtal.leverantor, vilande=True)
    supplier = avtal.leverantor
    _ivo_check(unit, NOW - datetime.timedelta(days=2), Tillstandsstatus.ATERKALLAT)
    newest_ivo = _ivo_check(unit, NOW - datetime.timedelta(days=1), Tillstandsstatus.GILTIGT)
    _ivo_check(unit, NOW - datetime.timedelta(days=5), Tillstandsstatus.SAKNAS)
    # Two checks at the same time: the later row wins.
    _credit_check(supplier, OLD, konkurs=True)
    _credit_check(supplier, FRESH, konkurs=True)
    newest_credit = _credit_check(supplier, FRESH, skatteskulder=True)
    _decide(avtal, BeslutTyp.PAUS, alice, datetime.date(2026, 6, 1))
    _decide(avtal, BeslutTyp.HAV_PAUS, alice, datetime.date(2026, 7, 1))
    latest_pause = _decide(avtal, BeslutTyp.PAUS, alice, datetime.date(2026, 8, 1))
    case = handelsstyrd_oppna(
        leverantor=supplier,
        rubrik="Upprepade avvikelser",
        utlosande="Tre",
        ansvarig=alice,
        user=alice,
    )
    closed = handelsstyrd_oppna(
        leverantor=supplier, rubrik="Avslutad", utlosande="En", ansvarig=alice, user=alice
    )
    Uppfoljning.objects.filter(pk=closed.pk).update(status=UppfoljningStatus.AVSLUTAD)
    serious = _finding(supplier, Allvarlighet.ALLVARLIG)
    _finding(supplier, Allvarlighet.MEDEL)
    _finding(supplier, Allvarlighet.ALLVARLIG, status=BristStatus.ATGARDAD)
    # Another supplier's open case and serious finding say nothing about this one.
    elsewhere = AvtalFactory(ramavtal=avtal.ramavtal)
    handelsstyrd_oppna(
        leverantor=elsewhere.leverantor, rubrik="Annan", utlosande="En", ansvarig=alice, user=alice
    )
    _finding(elsewhere.leverantor, Allvarlighet.ALLVARLIG)
    # Another contract of the supplier, without its own pause.
    sibling = AvtalFactory(leverantor=supplier)

    avtal_list = [avtal, sibling, elsewhere]
    # `elsewhere` has no units asked for: it gets no facts.
    facts = load_facts(avtal_list, {avtal.pk: [unit], sibling.pk: [unit]})

    assert set(facts) == {(avtal.pk, unit.pk), (sibling.pk, unit.pk)}
    fakta = facts[(avtal.pk, unit.pk)]
    assert fakta.avtal_status == AvtalStatus.PAUSAD
    assert fakta.tillstandspliktig is True
    assert fakta.ramavtal_fran == datetime.date(2021, 3, 1)
    assert fakta.ramavtal_till == avtal.ramavtal.slutdatum_inkl_option
    assert fakta.vilande_i_registret is True
    assert fakta.paus == latest_pause
    assert fakta.paus.skal.kod == BeslutSkal.IVO_ARENDE
    assert fakta.ivo == newest_ivo
    assert fakta.kredit == newest_credit
    assert fakta.oppna_arenden == [case]
    assert fakta.allvarliga_brister == [serious]
    assert fakta.avtal_url == f"/leverantorer/avtal/{avtal.pk}/"
    assert fakta.verksamhet_url == reverse("arenden:avrop_ivo", args=[unit.pk])
    assert fakta.leverantor_url == f"/leverantorer/{supplier.pk}/"
    other = facts[(sibling.pk, unit.pk)]
    assert other.paus is None
    assert (other.ivo, other.kredit) == (newest_ivo, newest_credit)
    assert other.oppna_arenden == [case]


@pytest.mark.django_db
def test_without_checks_or_decisions_the_facts_say_so():
    avtal = AvtalFactory(ramavtal__tillstandspliktig=False)
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    fakta = load_facts([avtal], {avtal.pk: [unit]})[(avtal.pk, unit.pk)]
    assert (fakta.ivo, fakta.kredit, fakta.paus) == (None, None, None)
    assert (fakta.oppna_arenden, fakta.allvarliga_brister) == ([], [])
    assert fakta.tillstandspliktig is False
    assert fakta.vilande_i_registret is False


def test_an_agreement_that_starts_today_is_in_force():
    started = facts(ramavtal_fran=datetime.date(2026, 11, 20))
    assert verdict_for(started, now=NOW, max_ivo_age=30, max_kredit_age=35).utslag == Utslag.KLAR


def test_ages_given_by_the_caller_win_over_the_settings(settings):
    settings.AVROP_MAX_IVO_AGE_DAYS = 10
    settings.AVROP_MAX_KREDIT_AGE_DAYS = 10
    old = facts(ivo=ivo(kontrollerad=OLD), kredit=kredit(kontrollerad=OLD))
    assert verdict_for(old, now=NOW, max_ivo_age=100, max_kredit_age=100).utslag == Utslag.KLAR


@pytest.mark.django_db
def test_a_lifted_pause_and_a_special_follow_up_are_not_call_off_facts(alice):
    avtal = AvtalFactory()
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    pause = _decide(avtal, BeslutTyp.PAUS, alice, datetime.date(2026, 6, 1))
    _decide(avtal, BeslutTyp.HAV_PAUS, alice, datetime.date(2026, 7, 1))
    Uppfoljning.objects.create(
        typ=UppfoljningTyp.SARSKILD,
        rubrik="Särskild uppföljning 2026",
        ramavtal=avtal.ramavtal,
        leverantor=avtal.leverantor,
        ar=2026,
        ansvarig=alice,
    )
    fakta = load_facts([avtal], {avtal.pk: [unit]})[(avtal.pk, unit.pk)]
    assert fakta.avtal_status == AvtalStatus.AKTIV
    assert fakta.paus == pause  # the pause decision, not the lift
    assert fakta.oppna_arenden == []


@pytest.mark.django_db
def test_the_facts_take_five_queries_however_many_contracts(alice, django_assert_num_queries):
    pairs = []
    for _ in range(3):
        avtal = AvtalFactory()
        unit = VerksamhetFactory(leverantor=avtal.leverantor)
        _decide(avtal, BeslutTyp.PAUS, alice, datetime.date(2026, 6, 1))
        _ivo_check(unit, NOW, Tillstandsstatus.GILTIGT)
        pairs.append((avtal, unit))
    avtal_list = list(
        Avtal.objects.filter(pk__in=[a.pk for a, _ in pairs]).select_related(
            "leverantor", "ramavtal"
        )
    )
    with django_assert_num_queries(5):
        facts_by_pair = load_facts(avtal_list, {a.pk: [u] for a, u in pairs})
        reasons = [f.paus.skal.namn for f in facts_by_pair.values()]
    assert reasons == ["IVO-ärende med krav på återrapportering"] * 3
