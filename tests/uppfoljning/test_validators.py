import pytest
from django.core.exceptions import ValidationError

from uppfoljning.validators import looks_like_identity_number, no_personal_identity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("811218-9876", True),  # personnummer, short form with dash
        ("8112189876", True),
        ("19811218-9876", True),  # with century
        ("198112189876", True),
        ("811218+9876", True),  # 100 years or older
        ("Placerad 811218 9876 i maj", True),  # inside text, space separator
        ("811278-9873", True),  # samordningsnummer: day 18 + 60
        ("19811278-9873", True),
        ("8112789873", True),
        ("811278-9874", False),  # samordningsnummer with a wrong check digit
        ("811292-9873", False),  # day 92 - 60 = 32 is no date
        ("811218-9875", False),  # wrong check digit
        ("556000-0001", False),  # an aktiebolag's organisationsnummer
        ("SCN-2019-0437", False),
        ("070-123 45 67", False),
        ("P-2023-000123", False),
        ("", False),
    ],
)
def test_it_recognises_identity_numbers(text, expected):
    assert looks_like_identity_number(text) is expected


def test_the_validator_refuses_with_a_swedish_message_without_echoing_the_number():
    with pytest.raises(ValidationError) as error:
        no_personal_identity("Klienten 811218-9876 flyttade")
    message = error.value.messages[0]
    assert "personnummer eller samordningsnummer" in message
    assert "9876" not in message


def test_the_validator_accepts_ordinary_text():
    no_personal_identity("Placeringen avslutades i förtid enligt plan.")
