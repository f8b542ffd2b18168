from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arenden.arsutfall import antal, arsutfall, genomforande_mening
from arenden.models import PlaneradUtfall, UppfoljningLeverantor
from arenden.utfallstrappa import utfallsgrupp
from tests.arenden.arsutfall_fixture import AR, build_arsutfall
from tests.clock import DEFAULT

pytestmark = [pytest.mark.today(DEFAULT), pytest.mark.django_db]


@pytest.fixture
def year():
    return build_arsutfall()


def by_name(result):
    (avtal,) = result.avtal
    return avtal, {s.namn: s for s in avtal.omraden}


def test_it_counts_units_in_each_area_from_the_contracts(year):
    avtal, areas = by_name(arsutfall(AR))
    assert [s.namn for s in avtal.omraden] == ["1 Nord", "2 Syd", "3 Väst"]
    assert [s.verksamheter_i_omradet for s in avtal.omraden] == [4, 3, 2]
    assert avtal.totalt.verksamheter_i_omradet == 7


def test_it_counts_rows_by_status_per_area_and_in_total(year):
    result = arsutfall(AR)
    avtal, areas = by_name(result)
    table = {
        name: (s.planerade, s.planerad, s.pagar, s.genomforda, s.flyttade, s.installda)
        for name, s in areas.items()
    }
    assert table == {
        "1 Nord": (4, 0, 0, 3, 1, 0),
        "2 Syd": (4, 1, 1, 1, 0, 1),
        "3 Väst": (2, 0, 0, 1, 1, 0),
    }
    t = result.totalt
    assert (t.planerade, t.planerad, t.pagar, t.genomforda, t.flyttade, t.installda) == (
        10,
        1,
        1,
        5,
        2,
        1,
    )
    assert avtal.totalt.planerade == 10
    assert t.andel_genomforda == 50


def test_it_counts_the_reasons_of_moved_and_cancelled_rows(year):
    result = arsutfall(AR)
    _, areas = by_name(result)
    assert areas["1 Nord"].flyttade_orsaker == [("verksamheten läggs ned", 1)]
    assert areas["2 Syd"].installda_orsaker == [("avtalet har upphört", 1)]
    assert result.totalt.flyttade_orsaker == [("omprioritering", 1), ("verksamheten läggs ned", 1)]
    assert result.totalt.installda_orsaker == [("avtalet har upphört", 1)]


def test_it_counts_outcomes_by_step_and_by_group(year):
    result = arsutfall(AR)
    _, areas = by_name(result)
    assert result.totalt.steg == [
        ("Utan anmärkning", 1),
        ("Komplettering begärd", 1),
        ("Rättelse begärd", 1),
        ("Vite", 1),
        ("Hävning", 1),
    ]
    assert result.totalt.grupper == [
        ("Utan anmärkning", 1),
        ("Åtgärdade efter komplettering eller rättelse", 1),
        ("Hanteras fortfarande", 1),
        ("Sanktion (vite eller hävning)", 2),
    ]
    assert dict(areas["1 Nord"].grupper) == {
        "Utan anmärkning": 1,
        "Åtgärdade efter komplettering eller rättelse": 1,
        "Hanteras fortfarande": 1,
        "Sanktion (vite eller hävning)": 0,
    }


def test_it_counts_findings_by_theme_and_sanctions_with_the_vite_amounts(year):
    result = arsutfall(AR)
    _, areas = by_name(result)
    assert result.totalt.brister_per_tema == [("Bemanning", 2), ("Dokumentation", 1)]
    assert result.totalt.brister == 3
    assert areas["3 Väst"].brister_per_tema == [("Dokumentation", 1)]
    assert (result.totalt.sanktioner, result.totalt.vite_antal) == (2, 1)
    assert result.totalt.vite_belopp == Decimal("50000")
    assert areas["2 Syd"].vite_belopp == Decimal("50000")
    assert areas["3 Väst"].vite_belopp == Decimal("0")


def test_units_and_suppliers_in_the_sample_are_counted_apart(year):
    result = arsutfall(AR)
    avtal, areas = by_name(result)
    # Syd: units v4 v5 v6 and one old row without a unit; suppliers Omsorg 2 and 3.
    assert (areas["2 Syd"].verksamheter_i_urvalet, areas["2 Syd"].leverantorer_i_urvalet) == (4, 2)
    # v4 and v5 were sampled in two areas: counted once in the total.
    assert (result.totalt.verksamheter_i_urvalet, result.totalt.leverantorer_i_urvalet) == (8, 4)
    assert avtal.totalt.verksamheter_i_urvalet == 8


def test_the_risk_per_area_is_its_own_else_the_agreements_as_the_year_ended(year):
    avtal, areas = by_name(arsutfall(AR))
    assert [s.risk for s in avtal.omraden] == ["Hög", "Medelhög", "Medelhög"]
    assert avtal.totalt.risk == "Medelhög"


def test_rows_not_done_of_a_past_year_are_overdue(year):
    _, areas = by_name(arsutfall(AR))
    assert [s.forsenade for s in areas.values()] == [0, 2, 0]


def test_rows_of_the_current_year_are_overdue_only_when_the_area_has_ended(year):
    import datetime

    on = datetime.date(AR, 6, 1)
    _, areas = by_name(arsutfall(AR, on=on))
    assert areas["2 Syd"].forsenade == 0
    syd = year["omraden"][1]
    syd.slutdatum = datetime.date(AR, 5, 31)
    syd.save()
    _, areas = by_name(arsutfall(AR, on=on))
    assert areas["2 Syd"].forsenade == 2


def test_one_agreement_only(year):
    other = build_arsutfall()
    result = arsutfall(AR, ramavtal=other["ramavtal"])
    assert [a.ramavtal for a in result.avtal] == [other["ramavtal"]]
    assert result.totalt.planerade == 10


def test_the_sentence_counts_the_rest_with_reasons(year):
    assert arsutfall(AR).mening == (
        "Under 2025 genomfördes 5 av 10 planerade uppföljningar. 2 flyttades till nästa år "
        "(omprioritering 1, verksamheten läggs ned 1), 1 ställdes in (avtalet har upphört 1), "
        "1 pågår, 1 har inte påbörjats."
    )


def test_the_figures_cost_the_same_queries_for_one_or_two_agreements(year):
    with CaptureQueriesContext(connection) as one:
        arsutfall(AR)
    build_arsutfall()
    with CaptureQueriesContext(connection) as two:
        result = arsutfall(AR)
    assert len(result.avtal) == 2
    assert len(one.captured_queries) == len(two.captured_queries) <= 12


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"genomforda": 0, "planerade": 0}, "Under 2025 planerades inga uppföljningar."),
        (
            {"genomforda": 1, "planerade": 1},
            "Under 2025 genomfördes 1 av 1 planerad uppföljning.",
        ),
        (
            {"genomforda": 1, "planerade": 2, "pagar": 1},
            "Under 2025 genomfördes 1 av 2 planerade uppföljningar. 1 pågår.",
        ),
        (
            {
                "genomforda": 312,
                "planerade": 400,
                "flyttade": [("verksamheten läggs ned", 12), ("omprioritering", 29)],
                "installda": [
                    ("avtalet har upphört", 30),
                    ("sammanslagen med annan verksamhet", 17),
                ],
            },
            "Under 2025 genomfördes 312 av 400 planerade uppföljningar. 41 flyttades till nästa "
            "år (verksamheten läggs ned 12, omprioritering 29), 47 ställdes in (avtalet har "
            "upphört 30, sammanslagen med annan verksamhet 17).",
        ),
        (
            {
                "genomforda": 0,
                "planerade": 3,
                "installda": [("avtalet har upphört", 1)],
                "ej_paborjade": 2,
            },
            "Under 2025 genomfördes 0 av 3 planerade uppföljningar. 1 ställdes in "
            "(avtalet har upphört 1), 2 har inte påbörjats.",
        ),
    ],
)
def test_the_sentence(kwargs, expected):
    assert genomforande_mening(2025, **kwargs) == expected


def test_antal_uses_the_singular_after_one():
    assert antal(1, "uppföljning", "uppföljningar") == "1 uppföljning"
    assert antal(0, "uppföljning", "uppföljningar") == "0 uppföljningar"
    assert antal(2, "uppföljning", "uppföljningar") == "2 uppföljningar"


@pytest.mark.parametrize(
    ("utfall", "atgardat", "grupp"),
    [
        (PlaneradUtfall.INGA_ANMARKNINGAR, None, "utan_anmarkning"),
        (PlaneradUtfall.KOMPLETTERING, "2025-01-01", "atgardade"),
        (PlaneradUtfall.RATTELSE, None, "hanteras"),
        (PlaneradUtfall.VITE, None, "sanktion"),
        (PlaneradUtfall.HAVNING, None, "sanktion"),
        ("", None, ""),
    ],
)
def test_the_outcome_group_of_one_row(utfall, atgardat, grupp):
    assert utfallsgrupp(UppfoljningLeverantor(utfall=utfall, atgardat=atgardat)) == grupp
