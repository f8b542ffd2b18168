"""sarskild_skapa records who created the special follow-up, on every row it writes."""

import datetime

import pytest

from arenden.models import UppfoljningLeverantor
from arenden.sarskild import sarskild_skapa
from tests.arenden.factories_sarskild import MetodFactory, TemaFactory, UserFactory
from tests.factories import AvtalFactory, LeverantorFactory, RamavtalFactory, VerksamhetFactory


@pytest.mark.django_db
def test_it_records_the_acting_user_on_the_case_its_m2m_and_every_sample_row():
    ramavtal = RamavtalFactory(namn="HVB barn och unga")
    suppliers = [
        AvtalFactory(ramavtal=ramavtal, leverantor=LeverantorFactory(namn=name)).leverantor
        for name in ("Allviken AB", "Björkdalen AB")
    ]
    # Samples are of units: the hand-picked suppliers stand for their units.
    for supplier in suppliers:
        VerksamhetFactory(leverantor=supplier)
    ansvarig, acting = UserFactory(username="stina"), UserFactory(username="sam")
    uppfoljning = sarskild_skapa(
        ramavtal=ramavtal,
        ar=2024,
        rubrik="HVB 2024",
        ansvarig=ansvarig,
        user=acting,
        metoder=[MetodFactory(namn="Oanmält besök")],
        teman=[TemaFactory(namn="Bemanning")],
        leverantorer=suppliers,
        urvalskriterier="Verksamheter med signaler från IVO",
        urval_fran=datetime.date(2023, 1, 1),
        urval_till=datetime.date(2024, 4, 30),
    )
    # The case's own row, then one row each for setting its methods and themes.
    history = uppfoljning.history.order_by("history_date", "history_id")
    assert [h.history_type for h in history] == ["+", "~", "~"]
    assert {h.history_user for h in history} == {acting}
    assert uppfoljning.ansvarig == ansvarig
    rows = UppfoljningLeverantor.objects.filter(uppfoljning=uppfoljning)
    assert rows.count() == 2
    for row in rows:
        assert [(h.history_type, h.history_user) for h in row.history.all()] == [("+", acting)]


@pytest.mark.django_db
def test_the_acting_user_must_be_named():
    with pytest.raises(TypeError, match="user"):
        sarskild_skapa(
            ramavtal=RamavtalFactory(),
            ar=2024,
            rubrik="Utan användare",
            ansvarig=UserFactory(),
            leverantorer=[LeverantorFactory()],
            urvalskriterier="För hand",
        )
