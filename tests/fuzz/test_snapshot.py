"""The fuzz tests' "nothing written" check sees a write, in a plain and in a history table."""

import pytest

from tests.factories import LeverantorFactory
from tests.fuzz.hostile import changed, snapshot


@pytest.mark.django_db
def test_a_snapshot_sees_a_new_row_and_its_history():
    before = snapshot()
    LeverantorFactory()
    diff = changed(before, snapshot())
    assert diff["leverantorer_leverantor"] == (0, 1)
    assert diff["leverantorer_historicalleverantor"] == (0, 1)
    assert changed(before, before) == {}
