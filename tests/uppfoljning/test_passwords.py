"""The password rules refuse what attackers guess first (issue 14, finding 6)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from uppfoljning.passwords import (
    GUESSABLE_WORDS,
    GuessablePasswordValidator,
    fold,
    is_guessable,
    remainder,
)

GUESSABLE = [
    "Sommar2026!",
    "uppfoljning",
    "Vinter2025",
    "H0st-2026!",
    "Januari2027",
    # Dressed up to the full length, the same words remain the same password.
    "Sommar2026!Sommar2026!",
    "Uppföljning-2026!",
    "UPPFÖLJNING2026",
    "Höst2026!!!!",
    "Vår-2026-04-01",
    "P@ssw0rd-2026",
    "Lösenord123456",
    "Välkommen2026!",
    "Socialtjänst-2026",
    "Exempelkommunen1!",
    "Qwerty123456!",
    "asdfasdfasdf",
    "Summer-2026!!",
    "December-12-24",
    "5omm4r-2026!",
]

ACCEPTED = [
    "korvgubbe cykel regnbåge hav",
    "Ett-nytt-langt-losenord-42",
    "Forsta-start-losenord-77",
    "Berits-eget-losenord-42",
    # A generated password keeps its digits and symbols: they are not decoration.
    "x7#Kq9!mZ2pL",
    "tre gröna elefanter dansar tango",
]


@pytest.mark.parametrize("password", GUESSABLE)
def test_it_refuses_a_guessable_password(password):
    with pytest.raises(ValidationError) as refused:
        GuessablePasswordValidator().validate(password)
    assert refused.value.error_list[0].code == "password_guessable"
    assert "för lätt att gissa" in refused.value.messages[0]


@pytest.mark.parametrize("password", ACCEPTED)
def test_it_accepts_a_passphrase_or_a_generated_password(password):
    GuessablePasswordValidator().validate(password)


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["Sommar2026!", "uppfoljning", "Vinter2025", "H0st-2026!"])
def test_the_configured_validators_refuse_the_passwords_of_finding_6(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.django_db
def test_the_configured_validators_accept_a_long_passphrase():
    assert validate_password("korvgubbe cykel regnbåge hav") is None


@pytest.mark.django_db
def test_a_password_shorter_than_twelve_characters_is_refused_in_swedish():
    with pytest.raises(ValidationError) as refused:
        validate_password("kQ9#zx7!mP2")  # 11 characters, nothing guessable
    assert refused.value.messages == [
        "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken."
    ]


def test_folding_drops_case_and_accents():
    assert fold("HÖST Vår Ångest") == "host var angest"


def test_the_remainder_is_what_is_left_without_words_and_decoration():
    assert remainder("Sommar2026!") == ""
    assert remainder("Kalle-sommar-2026!") == "kalle"
    assert remainder("sommar-regn-i-Malmö") == "regn-i-malmo"


def test_a_word_hidden_inside_another_is_found_once_the_outer_is_gone():
    assert remainder("SommSommarar2026") == ""


def test_the_municipality_name_from_settings_is_guessable():
    assert not is_guessable("Storkopings2026!")
    with override_settings(MUNICIPALITY_NAME="Storköpings kommun"):
        assert is_guessable("Storkopings2026!")


def test_the_help_text_is_swedish():
    assert "årstider, månader" in GuessablePasswordValidator().get_help_text()


@given(
    word=st.sampled_from(GUESSABLE_WORDS),
    upper=st.booleans(),
    digits=st.text(alphabet="0123456789", max_size=6),
    symbols=st.text(alphabet="!#%&*-_.?", max_size=4),
)
def test_any_guessable_word_dressed_in_digits_and_symbols_is_refused(word, upper, digits, symbols):
    password = (word.upper() if upper else word.title()) + digits + symbols
    assert is_guessable(password)
