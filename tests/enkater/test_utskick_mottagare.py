"""Who is proposed as a recipient of a send-out (enkater.mottagare)."""

import datetime

import pytest

from arenden.models import PlaneradStatus, UppfoljningTyp
from enkater.models import Malgrupp, Medarbetarenhet
from enkater.mottagare import (
    foreslagen_personal,
    foreslagna_enheter,
    foreslagna_leverantorer,
    forslag_for,
)
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory, UserFactory
from tests.factories import AvtalFactory, LeverantorFactory, PlaceringFactory, VerksamhetFactory

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    """A special follow-up of 2026 with two sampled suppliers under its agreement."""
    case = SarskildFactory(ar=2026)
    a = LeverantorFactory(namn="Alfa Omsorg AB", epost="info@alfa.example")
    b = LeverantorFactory(namn="Beta Vård AB", epost="")
    avtal_a = AvtalFactory(leverantor=a, ramavtal=case.ramavtal)
    avtal_b = AvtalFactory(leverantor=b, ramavtal=case.ramavtal)
    UrvalRadFactory(uppfoljning=case, leverantor=a)
    UrvalRadFactory(uppfoljning=case, leverantor=b)
    return case, a, b, avtal_a, avtal_b


def test_units_of_sampled_suppliers_with_the_email_fallback(sample):
    case, a, b, avtal_a, avtal_b = sample
    egen = VerksamhetFactory(leverantor=a, namn="Alfa hem 1", epost="hem1@alfa.example")
    utan = VerksamhetFactory(leverantor=a, namn="Alfa hem 2", epost="")
    VerksamhetFactory(leverantor=a, namn="Alfa vilande", vilande=True)
    beta = VerksamhetFactory(leverantor=b, namn="Beta hem", epost="")
    avtal_b.verksamheter.add(beta)
    VerksamhetFactory(leverantor=b, namn="Beta utanför avtalet")  # avtal_b names only beta
    VerksamhetFactory(namn="Inte i urvalet")

    rows = foreslagna_enheter(case)
    assert [(r.verksamhet.namn, r.epost, r.saknar_epost) for r in rows] == [
        ("Alfa hem 1", "hem1@alfa.example", False),
        ("Alfa hem 2", "info@alfa.example", False),
        ("Beta hem", "", True),
    ]
    assert rows[0].nyckel == f"v-{egen.pk}"
    assert utan.pk == rows[1].verksamhet.pk


def test_a_contract_under_another_agreement_gives_no_units(sample):
    case, a, *_ = sample
    other = LeverantorFactory()
    AvtalFactory(leverantor=other)  # another ramavtal
    UrvalRadFactory(uppfoljning=case, leverantor=other)
    VerksamhetFactory(leverantor=other, epost="x@other.example")
    assert {r.leverantor for r in foreslagna_enheter(case)} <= {a, sample[2]}


def test_a_supplier_called_off_is_not_proposed(sample):
    case, a, b, *_ = sample
    case.urval.filter(leverantor=b).update(status=PlaneradStatus.INSTALLD)
    assert [(r.leverantor, r.epost) for r in foreslagna_leverantorer(case)] == [
        (a, "info@alfa.example")
    ]


def test_suppliers_are_flagged_without_email(sample):
    case, a, b, *_ = sample
    rows = foreslagna_leverantorer(case)
    assert [(r.leverantor, r.saknar_epost, r.nyckel) for r in rows] == [
        (a, False, f"l-{a.pk}"),
        (b, True, f"l-{b.pk}"),
    ]


def test_an_event_driven_case_proposes_its_suppliers_units():
    lev = LeverantorFactory(epost="info@lev.example")
    unit = VerksamhetFactory(leverantor=lev, epost="")
    VerksamhetFactory(leverantor=lev, vilande=True)
    case = SarskildFactory(typ=UppfoljningTyp.HANDELSSTYRD, ramavtal=None, ar=None, leverantor=lev)
    assert [(r.verksamhet, r.epost) for r in foreslagna_enheter(case)] == [
        (unit, "info@lev.example")
    ]
    assert [r.leverantor for r in forslag_for(case, Malgrupp.LEVERANTOR)] == [lev]


def test_staff_by_the_placing_unit_of_placements_in_the_year_or_ongoing(sample):
    case, a, b, avtal_a, avtal_b = sample
    barn = UserFactory(username="barnsekreterare", email="barn@kommun.example")
    vuxen = UserFactory(username="vuxensekreterare", email="vuxen@kommun.example")
    slutat = UserFactory(username="slutat", is_active=False)
    for user, enhet in ((barn, "barn_ungdom"), (vuxen, "vuxen"), (slutat, "barn_ungdom")):
        Medarbetarenhet.objects.create(anvandare=user, placerande_enhet=enhet)
    # Alfa: a child placement in 2026; an adult one that ended in 2024.
    PlaceringFactory(
        avtal=avtal_a,
        placerande_enhet="barn_ungdom",
        startdatum=D(2026, 2, 1),
        slutdatum=D(2026, 5, 1),
    )
    PlaceringFactory(
        avtal=avtal_a, placerande_enhet="vuxen", startdatum=D(2024, 1, 1), slutdatum=D(2024, 6, 1)
    )
    # Beta: an adult placement from 2020 still ongoing.
    PlaceringFactory(
        avtal=avtal_b, placerande_enhet="vuxen", startdatum=D(2020, 1, 1), slutdatum=None
    )

    rows = foreslagen_personal(case)
    assert [(r.leverantor, r.anvandare, r.epost) for r in rows] == [
        (a, barn, "barn@kommun.example"),
        (b, vuxen, "vuxen@kommun.example"),
    ]
    assert rows[0].nyckel == f"p-{barn.pk}-{a.pk}"
    assert foreslagen_personal(case, enheter=["vuxen"]) == [rows[1]]


def test_the_proposals_cost_a_constant_number_of_queries(sample, django_assert_max_num_queries):
    case, a, b, avtal_a, _ = sample
    for _n in range(5):
        VerksamhetFactory(leverantor=a)
        user = UserFactory()
        Medarbetarenhet.objects.create(anvandare=user, placerande_enhet="barn_ungdom")
    PlaceringFactory(avtal=avtal_a, startdatum=D(2026, 1, 1), slutdatum=None)
    with django_assert_max_num_queries(3):
        foreslagna_enheter(case)
    with django_assert_max_num_queries(4):
        assert len(foreslagen_personal(case)) == 5
