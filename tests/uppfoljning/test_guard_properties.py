"""The personnummer guard, judged on generated spellings (hypothesis) and on a written table.

Valid numbers are made here with an independent Luhn function, so the guard
is not checked against itself. Hypothesis is deterministic (derandomize) and
keeps no example database, so CI sees the same examples every run.
"""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uppfoljning.validators import (
    MESSAGE,
    looks_like_identity_number,
    no_personal_identity,
    normalize_for_guard,
)

GUARD_SETTINGS = settings(
    derandomize=True,
    database=None,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def luhn_digit(nine):
    """The check digit: double every other digit from the left, sum the digits, round up to 10."""
    total = 0
    for position, char in enumerate(nine):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def test_the_independent_luhn_function_agrees_with_known_numbers():
    assert luhn_digit("811218987") == "6"  # 811218-9876, Skatteverket's example style
    assert luhn_digit("556036079") == "3"  # 556036-0793, an aktiebolag
    assert luhn_digit("811278987") == "3"  # samordningsnummer 811278-9873


# Digits as other scripts write them: fullwidth, Arabic-Indic, Persian, Devanagari,
# Bengali, Thai.
ZEROS = [0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50]
# Between the date and the last four, after a compact date.
ANY_SEPARATOR = [
    *["", "-", "+", " ", "  ", " - ", ".", "/", " / ", "_", "\t", "\n", "\r\n"],
    *["\u2013", "\u2014", "\u2010", "\u2011", "\u2012", "\u2212", "\uff0d", "\ufe63"],
    *["\u00a0", "\u202f", "\u2009", "\u3000", " \u2013 ", "\u00a0-\u00a0"],
]
# Between a date's parts (85-01-01, 1985 01 01) ...
DATE_SEPARATOR = ["-", " ", ".", "/", "\u2013", "\u00a0", "\u2011"]
# ... and then before the last four: a dash or plus.
DASH_SEPARATOR = ["-", "+", " - ", "\u2013", " \u2013 ", "\u2212", "\uff0d", "\u2010"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060", "\u180e"]


def in_script(text, zero):
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in text)


def digit_count(text):
    return sum(
        1 for c in unicodedata.normalize("NFKC", text) if unicodedata.decimal(c, None) is not None
    )


digit_free_text = st.text(max_size=30).filter(lambda text: digit_count(text) == 0)


@st.composite
def identity_numbers(draw):
    """(century, yymmdd, last four) of a valid personnummer or samordningsnummer."""
    born = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2026, 11, 20)))
    day = born.day + (60 if draw(st.booleans()) else 0)
    date = f"{born:%y%m}{day:02d}"
    serial = f"{draw(st.integers(0, 999)):03d}"
    return f"{born.year // 100}", date, serial + luhn_digit(date + serial)


@st.composite
def organisationsnummer(draw):
    """(century prefix, first six, last four) of a valid organisationsnummer: third digit >= 2."""
    first = draw(st.sampled_from("1235789"))
    rest = f"{draw(st.integers(0, 9))}{draw(st.integers(2, 9))}{draw(st.integers(0, 999999)):06d}"
    nine = first + rest
    return draw(st.sampled_from(["", "16"])), nine[:6], nine[6:] + luhn_digit(nine)


@st.composite
def spellings(draw, numbers):
    """A number as people write it, in some script, with invisible characters, inside text."""
    century, date, last = draw(numbers)
    date = (century if draw(st.booleans()) else "") + date
    if draw(st.booleans()):
        spelt = date + draw(st.sampled_from(ANY_SEPARATOR)) + last
    else:
        between = draw(st.sampled_from(DATE_SEPARATOR))
        parts = [date[:-4], date[-4:-2], date[-2:]]
        spelt = between.join(parts) + draw(st.sampled_from(DASH_SEPARATOR)) + last
    spelt = in_script(spelt, draw(st.sampled_from(ZEROS)))
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(spelt)))
        spelt = spelt[:position] + draw(st.sampled_from(INVISIBLE)) + spelt[position:]
    return draw(digit_free_text) + spelt + draw(digit_free_text)


@GUARD_SETTINGS
@given(spellings(identity_numbers()))
def test_any_spelling_of_a_personnummer_or_samordningsnummer_is_refused(text):
    assert looks_like_identity_number(text), repr(text)


@GUARD_SETTINGS
@given(spellings(organisationsnummer()))
def test_no_spelling_of_an_organisationsnummer_is_refused(text):
    assert not looks_like_identity_number(text), repr(text)


@st.composite
def text_with_few_digits(draw):
    text = draw(st.text(max_size=60).filter(lambda t: digit_count(t) == 0))
    for _ in range(draw(st.integers(0, 9))):
        digit = in_script(str(draw(st.integers(0, 9))), draw(st.sampled_from(ZEROS)))
        position = draw(st.integers(0, len(text)))
        separator = draw(st.sampled_from(["", "", "-", " "]))
        text = text[:position] + separator + digit + text[position:]
    return text


@GUARD_SETTINGS
@given(text_with_few_digits())
def test_text_with_fewer_than_ten_digits_is_never_refused(text):
    assert digit_count(text) <= 9
    assert not looks_like_identity_number(text), repr(text)


# The finding's 35 spellings, every one of them stored before this guard.
SPELLINGS = [
    "811218-9876",
    "8112189876",
    "811218+9876",
    "811218 9876",
    "19811218-9876",
    "198112189876",
    "811218\u20139876",  # en dash
    "811218\u20149876",  # em dash
    "811218\u00a09876",  # non-breaking space
    "811218\u202f9876",  # narrow non-breaking space
    "811218 - 9876",
    "811218  9876",  # two spaces
    "811218.9876",
    "811218/9876",
    "811218\t9876",
    "811218\n9876",
    "811218\r\n9876",
    "811218\u20109876",  # hyphen
    "811218\u20119876",  # non-breaking hyphen
    "811218\u22129876",  # minus sign
    "811218\uff0d9876",  # fullwidth hyphen-minus
    "\uff18\uff11\uff11\uff12\uff11\uff18-\uff19\uff18\uff17\uff16",  # fullwidth digits
    "\u0668\u0661\u0661\u0662\u0661\u0668-\u0669\u0668\u0667\u0666",  # Arabic-Indic digits
    "\u06f8\u06f1\u06f1\u06f2\u06f1\u06f8-\u06f9\u06f8\u06f7\u06f6",  # Persian digits
    "8112\u200b18-9876",  # zero-width space
    "811218\u00ad9876",  # soft hyphen
    "811218\u200d-9876",  # zero-width joiner
    "\ufeff811218-98\ufeff76",  # byte order marks
    "811218\u20609876",  # word joiner
    "81-12-18-9876",
    "1981-12-18-9876",
    "19811218 - 9876",
    "811218 \u2013 9876",
    "Klienten (811278\u20139873) flyttade",  # samordningsnummer, en dash, in text
    "Placerad 1981 12 91\u2013 9876 i maj",  # samordningsnummer, date with spaces
]


def test_the_table_has_the_findings_35_spellings():
    assert len(SPELLINGS) == 35
    assert len(set(SPELLINGS)) == 35


@pytest.mark.parametrize("text", SPELLINGS, ids=[ascii(s) for s in SPELLINGS])
def test_every_spelling_from_the_finding_is_refused(text):
    assert looks_like_identity_number(text)


@pytest.mark.parametrize("text", SPELLINGS[:6], ids=[ascii(s) for s in SPELLINGS[:6]])
def test_the_refusal_is_the_swedish_message_without_the_number(text):
    with pytest.raises(ValidationError) as error:
        no_personal_identity(f"Anteckning: {text}.")
    assert error.value.messages == [MESSAGE]
    assert "9876" not in error.value.messages[0]


# Ordinary text of this application that must pass: the false positives kept out.
ORDINARY = [
    "070-123 45 67",  # mobile number as written
    "070-123 45 02",  # the same grouping of ten digits that spell a personnummer
    "1981-12-18 9876",  # valid ten digits, but a date with separators then a space
    "811 218-9876",  # valid ten digits grouped as no one writes a personnummer
    "08-123 456 78",
    "+46 70 123 45 67",
    "556036-0793",  # an aktiebolag's organisationsnummer
    "16556036-0793",
    "SCN-2019-0437",  # a diarienummer
    "Beslut 2024-01-15 1430",  # a date and a time: date with separators, then a space
    "Besök 2024-01-15 kl. 14.30",
    "IVO 3.5.1-12345/2024",
    "Faktura 4711, 12 450 kr, period 2026-10-01 till 2026-10-31",
    "12811218-9876",  # a valid ten after a century no one alive has: not a person
    "1811218-9876",  # digits glued to it: a longer number
    "811218-98765",
    "811218-9875",  # wrong check digit
    "811232-9876",  # no such day
    "811218 - - - 9876",  # a separator run longer than three characters
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_passes(text):
    assert not looks_like_identity_number(text)


def test_a_compact_phone_number_that_spells_a_personnummer_is_refused():
    """The documented price of refusing 8112189876: 0701234502 is 2007-01-23, Luhn-valid."""
    assert looks_like_identity_number("Telefon 0701234502")


# Characters the normalising step folds that NFKC alone leaves (or that the table lacks).
FOLDED = [
    *["\u2212", "\u2796", "\u02d7", "\u2043", "\u2e3a", "\u301c"],  # dashes
    *["\u00b7", "\u2022", "\u2027", "\u2219", "\u30fb"],  # dots
    *["\u2044", "\u2215", "\\"],  # slashes
    *["\u2028", "\u2029", "\x85", "\v", "\f", "\x1f"],  # line and unit separators
    *["\x00", "\x7f", "\u180e", "\u200e", "\u0301"],  # control, format, combining
]


@pytest.mark.parametrize("char", FOLDED, ids=[ascii(c) for c in FOLDED])
def test_every_folded_separator_or_invisible_character_between_the_parts_is_seen(char):
    assert looks_like_identity_number(f"811218{char}9876")


def test_the_normalised_text_has_ascii_digits_dashes_and_spaces():
    assert normalize_for_guard("\uff18\u00ad1\u2013\u0662\u00a0\u0967\t\u200bx") == "81-2 1 x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rad 3 811218-9876", True),  # a number before it, in its own group
        ("19 811218-9876", True),  # a century written apart: the ten after it
        ("18811218-9876", True),  # the 1800s count (a person of 100 written with century)
        ("1981-12-18+9876", True),  # a separated date, then plus
        ("81-12-18 - 9876", True),  # a separated date, then a dash with spaces
        ("811218\x009876", True),  # a NUL between the parts is removed
        ("81-12-189876", False),  # a separated date glued to the last four
        ("21811218-9876", False),  # a century that is not 18, 19 or 20
        ("8112-18-9876", True),  # any of the date's boundaries may carry a separator
    ],
)
def test_the_edges_of_the_spelling_rule(text, expected):
    assert looks_like_identity_number(text) is expected
