"""The samordningsnummer edges of the identity guard: birth day + 60, days 61 to 91.

Check digits computed by hand with the Luhn algorithm over the first nine
digits (e.g. 811291987 -> 6), so each number below is valid unless noted.
"""

import pytest

from uppfoljning.validators import looks_like_identity_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("811291-9876", True),  # born 31 December 1981: day 31 + 60 = 91
        ("19811291-9876", True),  # the same with century
        ("8112919876", True),  # and without separator
        ("811290-9877", True),  # 30 December: day 90
        ("811261-9872", True),  # 1 December: day 61, the lowest
        ("811191-9877", False),  # day 91 in November: 31 November is no date
        ("820291-9877", False),  # day 91 in February: no 31 February
        ("811291-9875", False),  # day 91 with a wrong check digit
    ],
)
def test_it_recognises_samordningsnummer_up_to_the_31st(text, expected):
    assert looks_like_identity_number(text) is expected
