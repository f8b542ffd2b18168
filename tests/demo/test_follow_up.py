"""The demo's follow-up history (demo.follow_up), loaded once for the session."""

import datetime
from collections import Counter

import pytest
from django.apps import apps
from django.utils import timezone

from arenden.avropskontroll import load_facts, verdict_for
from arenden.draw import reproduce
from arenden.models import (
    Avropskontroll,
    Avvikelse,
    AvvikelseKategori,
    Brist,
    BristStatus,
    FakturaAvvikelse,
    FakturaResultat,
    Hanteringsstatus,
    IvoKontroll,
    Kontrollkalla,
    Kreditkontroll,
    PlaneradStatus,
    Platsbesok,
    Registerkontroll,
    Stickprov,
    StickprovFaktura,
    StickprovKalla,
    Uppfoljning,
    UppfoljningStatus,
    UppfoljningTyp,
    Utfall,
    Utslag,
)
from arenden.paminnelser import due_reminders
from arenden.sarskild import planned_vs_done
from demo.follow_up import load_demo_follow_up
from demo.register import PLAN_DIARIENUMMER
from leverantorer.models import Avtal, AvtalStatus, Beslut, BeslutSkal, BeslutTyp, units_of
from leverantorer.urval import urval_verksamheter
from ramavtal.models import Ramavtal
from rapporter.plan import plan_data
from rapporter.services import plan_skapa
from tests import clock
from uppfoljning.validators import NoPersonalIdentity, looks_like_identity_number

D = datetime.date
TODAY = clock.DEMO_TODAY  # the demo's today: the same data whatever the real date
NOW = timezone.make_aware(datetime.datetime(2026, 11, 15, 12))


# `demo` is the session's demo (tests/conftest.py), loaded once for every demo test.


@pytest.fixture
def strateg(demo_strateg):
    return demo_strateg


@pytest.mark.django_db
def test_the_2024_deviations_look_like_the_report(demo):
    year = Avvikelse.objects.filter(datum__year=2024)
    assert 20 <= year.count() <= 26
    by_kind = Counter(year.values_list("kategori", flat=True))
    top_two = {kind for kind, _n in by_kind.most_common(2)}
    assert top_two == {AvvikelseKategori.KOSTNADSANSVAR, AvvikelseKategori.FAKTURERING}
    assert year.filter(hanterad_i_arendet=True).count() > year.count() / 2
    escalated = year.filter(status=Hanteringsstatus.ARENDE)
    assert 1 <= escalated.count() < year.count() / 3
    for avvikelse in escalated:
        assert avvikelse.uppfoljningar.filter(typ=UppfoljningTyp.HANDELSSTYRD).exists()
    reporters = set(Avvikelse.objects.values_list("rapporterad_av__username", flat=True))
    assert reporters == {"socialsekreterare", "samordnare"}
    # The other years, as the seeded generator made them (the same whatever today is,
    # checked with the clock at 2026-11-15, 2026-12-02 and 2032-01-01).
    per_year = {yr: Avvikelse.objects.filter(datum__year=yr).count() for yr in (2022, 2023, 2025)}
    assert per_year == {2022: 14, 2023: 17, 2025: 19}


@pytest.mark.django_db
def test_every_2024_decision_for_cause_has_an_event_driven_case(demo):
    decisions = Beslut.objects.filter(
        datum__year=2024, typ__in=[BeslutTyp.PAUS, BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING]
    ).exclude(skal__in=[BeslutSkal.OVERENSKOMMELSE, BeslutSkal.AVVECKLAD])
    assert decisions.count() == 21  # 14 pauses, 6 terminations, 3 rescissions, 2 not for cause
    expected = {
        BeslutTyp.PAUS: Utfall.TILLFALLIG_UTESLUTNING,
        BeslutTyp.UPPSAGNING: Utfall.UPPSAGNING,
        BeslutTyp.HAVNING: Utfall.HAVNING,
    }
    for beslut in decisions.select_related("avtal"):
        case = Uppfoljning.objects.get(
            typ=UppfoljningTyp.HANDELSSTYRD, oppnad__year=2024, beslut__avtal=beslut.avtal
        )
        assert case.status == UppfoljningStatus.AVSLUTAD
        assert case.utfall == expected[case.beslut.typ]
        assert case.oppnad <= case.beslut.datum <= case.avslutad
        assert case.signaler.exists() and case.begaranden.exists()
        case.full_clean()
    # Event-driven cases in earlier years, and the one open today.
    cases = Uppfoljning.objects.filter(typ=UppfoljningTyp.HANDELSSTYRD)
    assert cases.filter(oppnad__year=2022).exists() and cases.filter(oppnad__year=2023).exists()
    open_now = cases.filter(status=UppfoljningStatus.OPPEN)
    assert open_now.count() == 1
    assert open_now.get().leverantor.avtal.filter(status=AvtalStatus.PAUSAD).exists()


@pytest.mark.django_db
def test_the_special_follow_ups_are_those_of_the_plan(demo):
    special = Uppfoljning.objects.filter(typ=UppfoljningTyp.SARSKILD)
    by_year = {
        ar: set(special.filter(ar=ar).values_list("ramavtal__namn", flat=True))
        for ar in (2023, 2024)
    }
    assert by_year == {
        2023: {"Stödboende för vuxna med missbruk", "Konsulentstödd familjehemsvård"},
        2024: {
            "Stödboende för ungdomar",
            "HVB barn och unga",
            "Behandling spelmissbruk och spelberoende",
        },
    }
    assert special.filter(ar__gte=2025).exists()
    assert special.filter(ar=2026, urval__status=PlaneradStatus.PLANERAD).exists()
    for case in special.filter(ar__in=[2023, 2024]):
        case.full_clean()
        assert case.status == UppfoljningStatus.AVSLUTAD and case.bedomning
        assert case.metoder.exists() and case.teman.exists()
        assert case.dokument.exists() or case.ramavtal.namn.startswith("Behandling")
        assert case.observationer.exists()
    # The sample is the register's ranking of units for the period, figures as stored.
    hvb = special.get(ar=2024, ramavtal__namn="HVB barn och unga")
    ranking = urval_verksamheter(
        ramavtal=hvb.ramavtal, fran=D(2023, 1, 1), till=D(2024, 4, 30), limit=5
    )
    rows = list(hvb.urval.order_by("-inkopsvarde", "pk"))
    assert [r.verksamhet_id for r in rows] == [r.verksamhet_id for r in ranking]
    assert [r.antal_placeringar for r in rows] == [r.antal_placeringar for r in ranking]
    assert "2023-01-01 – 2024-04-30" in hvb.urvalskriterier


@pytest.mark.django_db
def test_special_follow_up_visits_and_findings_tell_the_reports_story(demo):
    visits = Platsbesok.objects.filter(uppfoljning__ar=2024, genomfort=True)
    evening = visits.filter(anmalt=False, kvall=True)
    assert evening.count() >= 4
    assert all(timezone.localtime(v.tidpunkt).hour >= 19 for v in evening)
    findings = Brist.objects.filter(uppfoljning__typ=UppfoljningTyp.SARSKILD, uppfoljning__ar=2024)
    assert findings.filter(status=BristStatus.ATGARDAD).count() > findings.count() / 2
    unfixed = findings.get(status=BristStatus.EJ_ATGARDAD)
    assert unfixed.eskalerad_till.typ == UppfoljningTyp.HANDELSSTYRD
    assert unfixed.eskalerad_till.leverantor == unfixed.leverantor
    report = planned_vs_done(ar=2024)
    assert 0 < report.total.done < report.total.planned
    for row in report.total.not_done:
        assert row.status in (PlaneradStatus.FLYTTAD, PlaneradStatus.INSTALLD) and row.skal
        assert row.orsak.aktiv
        row.full_clean()


@pytest.mark.django_db
def test_three_rounds_of_invoice_sampling_can_be_reproduced(demo):
    rounds = Stickprov.objects.filter(datum__year=2024).order_by("datum")
    assert [r.kalla for r in rounds] == [
        StickprovKalla.PLACERINGAR,
        StickprovKalla.PLACERINGAR,
        StickprovKalla.AVSLUTADE,
    ]
    for stickprov in rounds:
        drawn = list(stickprov.fakturor.order_by("ordning"))
        assert len(drawn) == 20
        assert [f.placering_id for f in drawn] == reproduce(stickprov)
        assert not [f for f in drawn if f.resultat == FakturaResultat.EJ_GRANSKAD]
        for faktura in drawn:
            faktura.full_clean()
    deviations = Counter(
        StickprovFaktura.objects.filter(
            stickprov__datum__year=2024, resultat=FakturaResultat.AVVIKELSE
        ).values_list("avvikelsetyp", flat=True)
    )
    assert deviations.most_common(1)[0][0] == FakturaAvvikelse.UTFLYTTSDAG


@pytest.mark.django_db
def test_checks_run_twice_a_year_and_match_the_pauses(demo):
    ivo_2024 = IvoKontroll.objects.filter(kontrollerad__year=2024)
    assert {timezone.localtime(k.kontrollerad).month for k in ivo_2024} == {3, 9}
    assert not ivo_2024.exclude(verksamhet__avtal__ramavtal__arlig_ivo_tillsyn=True)
    assert set(ivo_2024.values_list("kalla", flat=True)) == {Kontrollkalla.MANUELL}
    # Units of contracts paused for an IVO case show the demand for a report.
    paused = Beslut.objects.filter(
        typ=BeslutTyp.PAUS, skal=BeslutSkal.IVO_ARENDE, datum__range=(D(2024, 3, 1), D(2024, 9, 23))
    )
    for beslut in paused:
        assert ivo_2024.filter(
            verksamhet__avtal=beslut.avtal, krav_pa_aterrapportering=True
        ).exists(), beslut
    kredit = Kreditkontroll.objects.filter(kontrollerad__year=2024)
    assert kredit.count() > 100
    assert kredit.filter(skatteskulder=True).exists()
    register = Registerkontroll.objects.filter(begard__year=2024)
    assert register.exists() and not register.filter(begard__lt=D(2024, 9, 1))
    assert Avropskontroll.objects.filter(kontrollerad__year=2024).count() >= 5


@pytest.mark.django_db
def test_avropskontroll_makes_sense_today(demo):
    today = TODAY
    current = list(
        Avtal.objects.filter(
            ramavtal__startdatum__lte=today, ramavtal__slutdatum_inkl_option__gte=today
        ).select_related("leverantor", "ramavtal")
    )
    old = list(
        Avtal.objects.filter(ramavtal__diarienummer__in=PLAN_DIARIENUMMER).select_related(
            "leverantor", "ramavtal"
        )[:20]
    )
    facts = load_facts(current + old, units_of(current + old))
    verdicts = {key: verdict_for(f, now=NOW).utslag for key, f in facts.items()}
    current_ids = {a.pk for a in current}
    now = Counter(v for (avtal_id, _u), v in verdicts.items() if avtal_id in current_ids)
    assert now[Utslag.KLAR] > sum(now.values()) / 2
    assert now[Utslag.STOPP] >= 1  # the contract paused today
    assert all(v == Utslag.STOPP for (a, _u), v in verdicts.items() if a not in current_ids)


@pytest.mark.django_db
def test_reminders_and_the_plan_for_2026_make_sense_today(demo, strateg):
    reminders = due_reminders(TODAY)
    assert 0 < len(reminders) <= 20
    plan = plan_skapa(ar=2026, user=strateg)
    names = [row.ramavtal for row in plan_data(plan).rader]
    current = [r for r in names if r.slutdatum_inkl_option >= D(2026, 12, 31)]
    assert {r.namn for r in current} == set(
        Ramavtal.objects.filter(diarienummer__in=PLAN_DIARIENUMMER).values_list("namn", flat=True)
    )


@pytest.mark.django_db
def test_every_free_text_passes_the_identity_guard(demo):
    checked = 0
    for model in apps.get_models():
        if model._meta.app_label not in ("arenden", "leverantorer", "ramavtal", "rapporter"):
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if any(isinstance(v, NoPersonalIdentity) for v in f.validators)
        ]
        if not fields:
            continue
        for values in model.objects.values_list(*fields):
            for value in values:
                assert not looks_like_identity_number(value), (model, value)
                checked += 1
    assert checked > 5000


@pytest.mark.django_db
def test_loading_the_follow_up_again_does_nothing(demo, strateg):
    before = {m.__name__: m.objects.count() for m in (Avvikelse, Uppfoljning, Stickprov, Brist)}
    assert load_demo_follow_up(user=strateg, today=TODAY) is None
    assert {m.__name__: m.objects.count() for m in (Avvikelse, Uppfoljning, Stickprov, Brist)} == (
        before
    )
    assert Avropskontroll.objects.filter(kontrollerad__year=TODAY.year).exists()
