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


# --- Choice systems (LOV), areas and rows moved from last year (issue 16) ---------


@pytest.fixture
def choice_system():
    """An open-ended choice system, every unit at least every three years, two units."""
    from leverantorer.models import AvtalStatus
    from ramavtal.models import Upphandlingsform
    from tests.factories import AvtalFactory, VerksamhetFactory

    system = RamavtalFactory(
        namn="Boendestöd",
        upphandlingsform=Upphandlingsform.LOV,
        startdatum=D(2018, 1, 1),
        slutdatum=None,
        slutdatum_inkl_option=None,
        uppfoljningsintervall_ar=3,
    )
    for namn in ("Solgläntan", "Björkhagen"):
        unit = VerksamhetFactory(namn=namn)
        avtal = AvtalFactory(
            ramavtal=system,
            leverantor=unit.leverantor,
            rangordning=None,
            startdatum=D(2018, 1, 1),
            status=AvtalStatus.AKTIV,
        )
        avtal.verksamheter.add(unit)
    return system


def test_an_open_ended_system_has_no_end_warning_and_no_proposal(choice_system, alice):
    plan = plan_skapa(ar=2025, user=alice)
    data = plan_data(plan)
    assert [r.ramavtal.namn for r in data.rader] == ["Boendestöd"]
    assert data.varningar == []
    assert data.forslag == []
    assert data.rader[0].ramavtal.period_text == "2018-01-01 – tills vidare"


def test_the_plan_warns_about_units_overdue_in_a_choice_system(choice_system, alice, client):
    plan = plan_skapa(ar=2025, user=alice)
    (warning,) = plan_data(plan).tackningsvarningar
    assert warning.text == (
        "Valfrihetssystemet Boendestöd: 2 godkända verksamheter har inte följts upp på 3 år."
    )
    # By supplier, then unit: Solgläntan's supplier was registered first.
    assert [f.verksamhet.namn for f in warning.verksamheter] == ["Solgläntan", "Björkhagen"]
    client.force_login(alice)
    page = client.get(plan.get_absolute_url()).text
    assert "Valfrihetssystemet Boendestöd: 2 godkända verksamheter har inte följts upp" in page
    assert "<details>" in page and "Solgläntan" in page and "Aldrig" in page
    assert "(stängs" not in page and "None" not in page


def test_a_choice_system_without_interval_gets_a_gentle_warning(choice_system, alice):
    choice_system.uppfoljningsintervall_ar = None
    choice_system.save()
    plan = plan_skapa(ar=2025, user=alice)
    (warning,) = plan_data(plan).tackningsvarningar
    assert warning.text.startswith("Valfrihetssystemet Boendestöd har inget intervall")
    assert warning.verksamheter == []


def test_a_closing_choice_system_is_shown_with_its_closing_date(choice_system, alice):
    choice_system.slutdatum = choice_system.slutdatum_inkl_option = D(2027, 12, 31)
    choice_system.save()
    assert choice_system.period_text == "2018-01-01 – gäller tills vidare (stängs 2027-12-31)"


def test_areas_are_listed_under_their_agreement_with_period_and_risk(agreements, alice, client):
    from tests.factories import AvtalsomradeFactory

    ramavtal = agreements["low"]
    norr = AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Norr")
    AvtalsomradeFactory(ramavtal=ramavtal, nummer=2, namn="Söder", startdatum=D(2024, 7, 1))
    Riskbedomning.objects.create(
        ramavtal=ramavtal, avtalsomrade=norr, niva=Riskniva.HOG, motivering="Många placeringar."
    )
    plan = plan_skapa(ar=2025, user=alice)
    row = next(r for r in plan_data(plan).rader if r.ramavtal == ramavtal)
    assert row.risk.niva == Riskniva.LAG  # the agreement's own, not the area's
    assert [(o.omrade.namn, o.omrade.period_text, o.risk and o.risk.niva) for o in row.omraden] == [
        ("Norr", "2023-11-10 – 2027-11-09", Riskniva.HOG),
        ("Söder", "2024-07-01 – 2027-11-09", None),
    ]
    client.force_login(alice)
    page = client.get(plan.get_absolute_url()).text
    assert "Område 1 Norr" in page and "Område 2 Söder" in page
    assert "2024-07-01 – 2027-11-09" in page


def test_rows_moved_from_last_year_are_listed_per_agreement_and_area(agreements, alice, client):
    from arenden.models import EjGenomfordOrsak, PlaneradStatus, UppfoljningLeverantor
    from tests.factories import AvtalsomradeFactory, VerksamhetFactory

    ramavtal = agreements["low"]
    norr = AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Norr")
    case = Uppfoljning.objects.create(
        typ=UppfoljningTyp.SARSKILD,
        rubrik="Särskild 2024 Norr",
        ramavtal=ramavtal,
        avtalsomrade=norr,
        ar=2024,
        ansvarig=alice,
    )
    orsak, _ = EjGenomfordOrsak.objects.get_or_create(namn="Omprioritering")
    moved = VerksamhetFactory(namn="Hemmet i Norr")
    UppfoljningLeverantor.objects.create(
        uppfoljning=case, verksamhet=moved, status=PlaneradStatus.FLYTTAD, orsak=orsak
    )
    UppfoljningLeverantor.objects.create(
        uppfoljning=case, verksamhet=VerksamhetFactory(namn="Klar"), status=PlaneradStatus.GENOMFORD
    )
    plan = plan_skapa(ar=2025, user=alice)
    data = plan_data(plan)
    row = next(r for r in data.rader if r.ramavtal == ramavtal)
    assert [rad.verksamhet.namn for rad in row.omraden[0].flyttade] == ["Hemmet i Norr"]
    assert row.flyttade == []
    assert data.antal_flyttade == 1
    client.force_login(alice)
    page = client.get(plan.get_absolute_url()).text
    assert "Flyttade från 2024" in page
    assert "Hemmet i Norr" in page and "Flyttad från 2024" in page
    # The 2026 plan does not list 2024's moved rows.
    assert plan_data(plan_skapa(ar=2026, user=alice)).antal_flyttade == 0


def test_the_plan_pdf_shows_an_open_ended_system(choice_system, alice):
    from rapporter.documents import document_html

    plan = plan_skapa(ar=2025, user=alice)
    html = document_html(Dokumenttyp.PLAN, plan)
    assert "Boendestöd" in html and "2018-01-01 – tills vidare" in html
    assert "None" not in html
    assert "2 godkända verksamheter har inte följts upp på 3 år" in html
