"""The plan: its table, the coverage warning and the proposed years."""

import datetime

import pytest

from arenden.models import Uppfoljning, UppfoljningTyp
from ramavtal.models import Riskbedomning, Riskniva
from rapporter.documents import document_pdf
from rapporter.models import Dokumenttyp, PlaneradSarskild
from rapporter.plan import PlanRad, plan_data, propose_year
from rapporter.services import plan_markera_ar, plan_skapa
from tests.factories import RamavtalFactory
from tests.rapporter.conftest import pdf_text

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def agreements(alice):
    """Three agreements: one covered by a past follow-up, two uncovered."""
    covered = RamavtalFactory(
        namn="HVB barn och unga", startdatum=D(2021, 3, 1), slutdatum_inkl_option=D(2025, 2, 28)
    )
    Uppfoljning.objects.create(
        typ=UppfoljningTyp.SARSKILD,
        rubrik="Särskild 2023",
        ramavtal=covered,
        ar=2023,
        ansvarig=alice,
    )
    uncovered = RamavtalFactory(
        namn="Skyddat boende", startdatum=D(2021, 5, 17), slutdatum_inkl_option=D(2025, 5, 16)
    )
    Riskbedomning.objects.create(ramavtal=uncovered, niva=Riskniva.MEDELHOG, motivering="Vuxna.")
    low = RamavtalFactory(
        namn="Konsulentstödd familjehemsvård",
        startdatum=D(2023, 11, 10),
        slutdatum_inkl_option=D(2027, 11, 9),
    )
    Riskbedomning.objects.create(ramavtal=low, niva=Riskniva.LAG, motivering="Liten volym.")
    RamavtalFactory(
        namn="Gammalt avtal", startdatum=D(2015, 1, 1), slutdatum_inkl_option=D(2019, 12, 31)
    )
    return {"covered": covered, "uncovered": uncovered, "low": low}


def test_it_warns_where_a_period_ends_without_special_follow_up(agreements, alice):
    plan = plan_skapa(ar=2025, user=alice)
    data = plan_data(plan)
    assert [r.ramavtal.namn for r in data.rader] == [
        "HVB barn och unga",
        "Konsulentstödd familjehemsvård",
        "Skyddat boende",
    ]
    warned = {w.ramavtal.namn for w in data.varningar}
    assert warned == {"Skyddat boende", "Konsulentstödd familjehemsvård"}
    text = next(w.text for w in data.varningar if w.ramavtal.namn == "Skyddat boende")
    assert "slutar 2025-05-16 utan någon särskild uppföljning" in text


def test_ticking_a_year_in_the_period_clears_the_warning(agreements, alice):
    plan = plan_skapa(ar=2025, user=alice)
    plan_markera_ar(plan=plan, valda={(agreements["uncovered"].pk, 2025)}, user=alice)
    data = plan_data(plan)
    assert "Skyddat boende" not in {w.ramavtal.namn for w in data.varningar}
    assert [r.namn for r in data.planerade_i_ar] == ["Skyddat boende"]


def test_a_year_after_the_period_still_warns(agreements, alice):
    plan = plan_skapa(ar=2024, user=alice)
    plan_markera_ar(plan=plan, valda={(agreements["covered"].pk, 2025)}, user=alice)
    texts = [w.text for w in plan_data(plan).varningar if w.ramavtal.namn == "HVB barn och unga"]
    assert texts == []  # 2025 is inside a period ending 2025-02-28
    plan2 = plan_skapa(ar=2026, user=alice)
    plan_markera_ar(plan=plan2, valda={(agreements["uncovered"].pk, 2026)}, user=alice)
    texts = [w.text for w in plan_data(plan2).varningar if w.ramavtal.namn == "Skyddat boende"]
    assert any("2026 ligger utanför avtalsperioden" in t for t in texts)


def test_it_proposes_years_by_risk_and_remaining_period(agreements, alice):
    plan = plan_skapa(ar=2025, user=alice)
    proposals = {f.ramavtal.namn: (f.ar, f.skal) for f in plan_data(plan).forslag}
    assert proposals["Skyddat boende"][0] == 2025  # ends during the plan year
    assert "slutar 2025-05-16" in proposals["Skyddat boende"][1]
    assert proposals["Konsulentstödd familjehemsvård"][0] == 2026  # low risk, runs to 2027
    assert "HVB barn och unga" not in proposals  # covered by 2023
    # Proposals are suggestions: nothing is saved.
    assert not PlaneradSarskild.objects.exists()


@pytest.mark.parametrize(
    ("niva", "end", "expected"),
    [
        (Riskniva.HOG, D(2028, 1, 1), 2025),
        (Riskniva.MEDELHOG, D(2026, 6, 30), 2025),
        (Riskniva.MEDELHOG, D(2028, 1, 1), 2026),
        (Riskniva.LAG, D(2028, 1, 1), 2026),
        (None, D(2028, 1, 1), 2026),
        (Riskniva.LAG, D(2025, 12, 31), 2025),
        (Riskniva.HOG, D(2024, 12, 31), None),
        # Ends early next year: too little of it left to wait (the 2024 reference plan).
        (Riskniva.LAG, D(2026, 2, 28), 2025),
        (None, D(2026, 6, 30), 2025),
        (Riskniva.LAG, D(2026, 7, 1), 2026),
    ],
)
def test_propose_year_rules(niva, end, expected):
    ramavtal = RamavtalFactory.build(startdatum=D(2022, 1, 1), slutdatum_inkl_option=end)
    risk = Riskbedomning(niva=niva, motivering="x") if niva else None
    row = PlanRad(ramavtal, risk, set(), set(), [2024, 2025, 2026])
    proposed = propose_year(row, 2025)
    assert (proposed[0] if proposed else None) == expected


@pytest.mark.parametrize("niva", [Riskniva.HOG, Riskniva.LAG, None])
def test_a_successor_starting_next_year_is_never_proposed_before_it_starts(niva):
    ramavtal = RamavtalFactory.build(startdatum=D(2026, 3, 1), slutdatum_inkl_option=D(2030, 2, 28))
    risk = Riskbedomning(niva=niva, motivering="x") if niva else None
    row = PlanRad(ramavtal, risk, set(), set(), [2024, 2025, 2026])
    year, reason = propose_year(row, 2025)
    assert year == 2026
    if niva == Riskniva.HOG:
        assert "avtalet börjar 2026-03-01" in reason


def test_unticking_keeps_the_row_with_history(agreements, alice):
    plan = plan_skapa(ar=2025, user=alice)
    key = (agreements["low"].pk, 2026)
    plan_markera_ar(plan=plan, valda={key}, user=alice)
    plan_markera_ar(plan=plan, valda=set(), user=alice)
    row = PlaneradSarskild.objects.get()
    assert row.aktiv is False
    assert row.history.count() == 2
    assert row.history.first().history_user == alice


def test_the_plan_pdf_has_the_table_with_x_marks(agreements, alice):
    plan = plan_skapa(ar=2025, user=alice)
    plan_markera_ar(plan=plan, valda={(agreements["uncovered"].pk, 2025)}, user=alice)
    text = pdf_text(document_pdf(Dokumenttyp.PLAN, plan).pdf)
    assert "Plan för uppföljning av privata utförare 2025" in text
    assert (
        "Ramavtal och år för särskild uppföljning Ramavtal Avtalsperiod (inklusive option)" in text
    )
    assert "Skyddat boende 2021-05-17 – 2025-05-16 X" in text
    assert "HVB barn och unga 2021-03-01 – 2025-02-28" in text
    assert "Under 2025 genomförs särskild uppföljning inom ramavtalet Skyddat boende" in text
    assert "Riskbedömning per ramavtal" in text
    assert "Medelhög" in text


def test_the_plan_shows_the_risk_assessment_as_of_its_date(agreements, alice):
    plan = plan_skapa(ar=2025, user=alice)
    plan.datum = D(2025, 2, 28)
    plan.save()
    uncovered = agreements["uncovered"]
    Riskbedomning.objects.filter(ramavtal=uncovered).update(datum=D(2024, 1, 15))
    Riskbedomning.objects.create(
        ramavtal=uncovered, datum=D(2025, 6, 1), niva=Riskniva.HOG, motivering="Ny bedömning."
    )
    rows = {row.ramavtal.pk: row for row in plan_data(plan).rader}
    assert rows[uncovered.pk].risk.niva == Riskniva.MEDELHOG
    assert rows[uncovered.pk].risk.datum == D(2024, 1, 15)


def test_the_risk_table_tells_an_agreement_from_its_successor_of_the_same_name(agreements, alice):
    from rapporter.documents import document_html

    RamavtalFactory(
        namn="Skyddat boende", startdatum=D(2025, 5, 17), slutdatum_inkl_option=D(2029, 5, 16)
    )
    plan = plan_skapa(ar=2025, user=alice)
    html = document_html(Dokumenttyp.PLAN, plan)
    risk_table = html[html.index("Senaste riskbedömning") : html.index('id="planering"')]
    assert "2021-05-17 – 2025-05-16" in risk_table
    assert "2025-05-17 – 2029-05-16" in risk_table


def test_a_special_follow_up_cancelled_for_every_supplier_covers_nothing(agreements, alice):
    from arenden.models import PlaneradStatus, UppfoljningLeverantor
    from tests.factories import LeverantorFactory

    case = Uppfoljning.objects.create(
        typ=UppfoljningTyp.SARSKILD,
        rubrik="Särskild 2025",
        ramavtal=agreements["uncovered"],
        ar=2025,
        ansvarig=alice,
    )
    plan = plan_skapa(ar=2025, user=alice)
    assert "Skyddat boende" not in {w.ramavtal.namn for w in plan_data(plan).varningar}
    for status in (PlaneradStatus.INSTALLD, PlaneradStatus.FLYTTAD):
        UppfoljningLeverantor.objects.create(
            uppfoljning=case, leverantor=LeverantorFactory(), status=status, skal="Byte av chef."
        )
    assert "Skyddat boende" in {w.ramavtal.namn for w in plan_data(plan).varningar}
    row = UppfoljningLeverantor.objects.filter(uppfoljning=case).first()
    row.status = PlaneradStatus.GENOMFORD
    row.save()
    assert "Skyddat boende" not in {w.ramavtal.namn for w in plan_data(plan).varningar}


def test_the_plan_names_its_agreements_of_the_year_in_running_text(agreements, alice):
    from rapporter.documents import document_html

    plan = plan_skapa(ar=2025, user=alice)
    plan_markera_ar(
        plan=plan,
        valda={(agreements["uncovered"].pk, 2025), (agreements["low"].pk, 2025)},
        user=alice,
    )
    html = document_html(Dokumenttyp.PLAN, plan)
    assert (
        "Under 2025 genomförs särskild uppföljning inom ramavtalen "
        "Konsulentstödd familjehemsvård och Skyddat boende." in html
    )
