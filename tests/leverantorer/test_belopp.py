"""Purchase value in mkr: one rounding for the annual report and the pages."""

from decimal import Decimal

import pytest
from django.utils import formats, translation

from leverantorer.belopp import kronor, mkr


@pytest.mark.parametrize(
    ("kronor", "expected", "printed"),
    [
        (Decimal("1250000"), Decimal("1.3"), "1,3"),  # half up, as a committee document rounds
        (Decimal("1249999"), Decimal("1.2"), "1,2"),
        (Decimal("1450000.00"), Decimal("1.5"), "1,5"),  # half-even would print 1,4
        (Decimal("0"), Decimal("0.0"), "0,0"),
        (0, Decimal("0.0"), "0,0"),
        (2400000, Decimal("2.4"), "2,4"),
    ],
)
def test_it_prints_million_kronor_to_one_decimal_rounded_half_up(kronor, expected, printed):
    value = mkr(kronor)
    assert value == expected
    assert str(value) == str(expected)  # one decimal always, also for 0,0
    with translation.override("sv"):
        assert formats.localize(value) == printed


def test_an_unknown_amount_stays_unknown():
    assert mkr(None) is None


@pytest.mark.parametrize(
    ("belopp", "text"),
    [
        (Decimal("25000"), "25\xa0000\xa0kr"),
        (Decimal("25000.00"), "25\xa0000\xa0kr"),
        (Decimal("1250.5"), "1\xa0250,50\xa0kr"),
        (Decimal("999"), "999\xa0kr"),
        (1500000, "1\xa0500\xa0000\xa0kr"),
        (None, "–"),
    ],
)
def test_an_amount_is_printed_in_swedish_kronor(belopp, text):
    assert kronor(belopp) == text
