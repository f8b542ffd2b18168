"""A sample of units proposes exactly its units as recipients (enkater.mottagare)."""

import pytest

from arenden.models import PlaneradStatus
from enkater.mottagare import foreslagna_enheter
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory
from tests.factories import AvtalFactory, LeverantorFactory, VerksamhetFactory

pytestmark = pytest.mark.django_db


def test_a_row_naming_a_unit_gives_that_unit_and_an_old_row_its_suppliers_units():
    case = SarskildFactory(ar=2026)
    alfa = LeverantorFactory(namn="Alfa Omsorg AB")
    AvtalFactory(leverantor=alfa, ramavtal=case.ramavtal)
    norra = VerksamhetFactory(leverantor=alfa, namn="Alfa norra", epost="norra@alfa.example")
    VerksamhetFactory(leverantor=alfa, namn="Alfa södra")
    flyttad = VerksamhetFactory(leverantor=alfa, namn="Alfa västra")
    UrvalRadFactory(uppfoljning=case, leverantor=alfa, verksamhet=norra)
    UrvalRadFactory(
        uppfoljning=case, leverantor=alfa, verksamhet=flyttad, status=PlaneradStatus.INSTALLD
    )
    # A row from before samples were of units: every covered unit of the supplier.
    beta = LeverantorFactory(namn="Beta Vård AB", epost="info@beta.example")
    AvtalFactory(leverantor=beta, ramavtal=case.ramavtal)
    VerksamhetFactory(leverantor=beta, namn="Beta 1", epost="")
    VerksamhetFactory(leverantor=beta, namn="Beta 2", epost="")
    UrvalRadFactory(uppfoljning=case, leverantor=beta)

    assert [(f.namn, f.epost) for f in foreslagna_enheter(case)] == [
        ("Alfa norra", "norra@alfa.example"),
        ("Beta 1", "info@beta.example"),
        ("Beta 2", "info@beta.example"),
    ]
