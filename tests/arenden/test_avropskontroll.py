"""Every verdict rule, and their combinations, table-driven on plain facts."""

import datetime

import pytest
from django.utils import timezone

from arenden.avropskontroll import Fakta, verdict_for
from arenden.models import IvoKontroll, Kontrollstatus, Kreditkontroll, Utslag
from leverantorer.models import AvtalStatus, Tillstandsstatus

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
