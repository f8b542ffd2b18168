import pytest
from django.core.exceptions import ValidationError

from uppfoljning.validators import looks_like_identity_number, no_personal_identity, normalize_orgnr


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


# Mutation testing (docs/testing.md): the century, leap-day and check-digit edges of
# samordningsnummer, and the spelling of organisationsnummer.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8501611233", True),  # day 61: the 1st once 60 is taken off
        ("8501451234", False),  # day 45: neither a date nor a samordningsnummer
        ("8112909877", True),  # day 90: 30 December (a two-digit month)
        ("0002891232", True),  # 29 Feb: not in 1900, but in 2000
        ("0402891238", True),  # 29 Feb 1904 and 2004
        ("0202891230", False),  # 29 Feb 1902 and 2002: no such day
        ("0302891239", False),  # 29 Feb 1903 and 2003: no such day
        ("200002891232", True),  # with century: 29 Feb 2000
        ("190002891232", False),  # with century: 1900 was no leap year
    ],
)
def test_it_checks_the_date_of_a_samordningsnummer_in_the_right_century(text, expected):
    assert looks_like_identity_number(text) is expected


def test_the_validator_refuses_with_its_own_error_code():
    with pytest.raises(ValidationError) as error:
        no_personal_identity("Klienten 811218-9876 flyttade")
    assert error.value.error_list[0].code == "personal_identity"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5560360793", "556036-0793"),
        ("556036-0793", "556036-0793"),
        ("16556036-0793", "556036-0793"),  # 12 digits, companies' century prefix
        ("195560360793", "556036-0793"),
        ("205560360793", "556036-0793"),
        ("2021005489", "202100-5489"),  # ten digits that begin with 20 keep them
    ],
)
def test_it_spells_an_organisationsnummer_with_ten_digits_and_a_dash(value, expected):
    assert normalize_orgnr(value) == expected


@pytest.mark.parametrize("value", ["5560360794", "", None, "175560360793"])
def test_it_refuses_an_invalid_organisationsnummer_in_swedish(value):
    with pytest.raises(ValidationError) as error:
        normalize_orgnr(value)
    assert error.value.error_list[0].code == "invalid_orgnr"
    assert error.value.messages == [
        "Ogiltigt organisationsnummer: ange tio siffror (NNNNNN-NNNN) med korrekt kontrollsiffra."
    ]
