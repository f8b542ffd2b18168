"""The one guard against client identity in free text and import columns,
and the spelling rule for organisationsnummer.

No name or personnummer of a placed person is ever stored (DOMAIN.md). Names
cannot be recognised reliably, but identity numbers can. The guard first
*normalises* the text, then *judges* it:

1. Normalise (`normalize_for_guard`): Unicode NFKC (fullwidth digits and
   dashes, non-breaking spaces), invisible characters removed (format
   characters such as zero-width space/joiner, soft hyphen, BOM, word joiner;
   control characters; combining marks), digits of every script mapped to
   ASCII, every dash variant folded to "-" and every space variant (tab,
   newline, NBSP, narrow NBSP ...) to " ".
2. Judge (`looks_like_identity_number`): the text is split into runs of digit
   groups joined by short separators (1-3 of ``- + . / _`` and space). A
   personnummer or samordningsnummer is refused wherever it stands in such a
   run, written as people write it:

   - the date compact (YYMMDD, YYYYMMDD) followed by the last four digits
     directly or after any separator: 8501011234, 850101-1234, 850101 - 1234,
     19850101 1234, 850101/1234;
   - the date with separators (85-01-01, 1985-01-01, 85 01 01) followed by a
     separator holding a dash or plus: 85-01-01-1234, 1985-01-01 - 1234.

   A date with separators followed by a space and four digits ("2024-01-15
   1430", a date and a time or an amount) is ordinary text and passes, as do
   other groupings (phone numbers 070-123 45 67, 08-123 456 78) and digits
   glued to a longer number. The ten digits must pass the Luhn check and hold
   a real date (day + 60 for a samordningsnummer); with century, 18-20 only.

An organisationsnummer (its third digit is 2 or more, so no month) is never
refused. A 070 number without separators (0701234567) holds a real date about
half the time and then passes Luhn one time in ten: about 5 % of them are
refused, and pass when written as people do, 070-123 45 67.
docs/security.md ("No personnummer in free text") states the whole trade-off.
"""

import datetime
import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from stdnum import luhn
from stdnum.se import orgnr as stdnum_orgnr

MESSAGE = (
    "Texten innehåller något som ser ut som ett personnummer eller samordningsnummer. "
    "Uppgifter som identifierar en enskild får inte sparas här – använd ärendets "
    "pseudonyma referens i stället."
)

# Dashes outside Unicode's Pd category that people (or Word) type between digits.
_EXTRA_DASHES = {"\u2212", "\u2796", "\u02d7", "\u2043", "\ufe63", "\uff0d"}
# Dots and slashes that NFKC leaves alone.
_DOTS = {"\u00b7", "\u2022", "\u2027", "\u2219", "\u30fb"}
_SLASHES = {"\u2044", "\u2215", "\\"}
# Invisible: format and control characters (other than whitespace), combining marks.
_INVISIBLE_CATEGORIES = {"Cf", "Cc", "Mn", "Me"}
_WHITESPACE_CONTROLS = {"\t", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"}

_SEPARATOR = r"[-+./_ ]{1,3}"
_RUN = re.compile(rf"[0-9]+(?:{_SEPARATOR}[0-9]+)*")
_GROUP_SEPARATOR = re.compile(_SEPARATOR)


@functools.lru_cache(maxsize=4096)  # texts repeat their characters; long ones are checked fast
def _fold(char):
    """One character of normalised text: an ASCII digit, "-", " ", "." or "/", or itself."""
    category = unicodedata.category(char)
    if char.isascii():
        if char in _WHITESPACE_CONTROLS:
            return " "
        if char in _SLASHES:
            return "/"
        return "" if category == "Cc" else char
    decimal = unicodedata.decimal(char, None)
    if decimal is not None:
        return str(decimal)  # Arabic-Indic, Devanagari ... digits
    if category == "Pd" or char in _EXTRA_DASHES:
        return "-"
    if category in {"Zs", "Zl", "Zp"} or char in _WHITESPACE_CONTROLS:
        return " "
    if char in _DOTS:
        return "."
    if char in _SLASHES:
        return "/"
    if category in _INVISIBLE_CATEGORIES:
        return ""
    return char


def normalize_for_guard(text):
    """The text as the guard judges it (never stored: only used to decide)."""
    folded = "".join(_fold(char) for char in unicodedata.normalize("NFKC", str(text)))
    # NFKC once more: a removed mark may have separated two composable characters.
    return unicodedata.normalize("NFKC", folded)


def _real_date(years, month, day):
    for year in years:
        try:
            datetime.date(year, month, day)
        except ValueError:
            continue
        return True
    return False


def is_identity_digits(digits):
    """True for 10 or 12 digits forming a personnummer or samordningsnummer.

    Our own date rule rather than stdnum's, which picks the century from
    today's date: here both centuries count, so the answer never changes
    with the clock.
    """
    if len(digits) == 12:
        if digits[:2] not in {"18", "19", "20"}:
            return False
        years = [int(digits[:4])]
    elif len(digits) == 10:
        years = [1900 + int(digits[:2]), 2000 + int(digits[:2])]
    else:
        return False
    ten = digits[-10:]
    month, day = int(ten[2:4]), int(ten[4:6])
    if day > 60:
        day -= 60  # samordningsnummer: the birth day + 60
    return _real_date(years, month, day) and luhn.is_valid(ten)


def _written_like_one(groups, separators):
    """Do these digit groups, joined by these separators, spell a candidate?

    Group boundaries may only fall between the date's parts and before the
    last four digits; a date written with separators needs a dash or plus
    before the last four (see the module docstring).
    """
    digits = "".join(groups)
    if len(digits) not in (10, 12):
        return False
    date_length = len(digits) - 4
    date_boundaries = {date_length - 4, date_length - 2}
    offset, date_separated, serial_separator = 0, False, None
    for group, separator in zip(groups[:-1], separators, strict=True):
        offset += len(group)
        if offset == date_length:
            serial_separator = separator
        elif offset in date_boundaries:
            date_separated = True
        else:
            return False
    if date_separated and (serial_separator is None or not set(serial_separator) & {"-", "+"}):
        return False
    return is_identity_digits(digits)


def _candidates(run):
    groups = re.split(_GROUP_SEPARATOR, run)
    separators = _GROUP_SEPARATOR.findall(run)
    for start in range(len(groups)):
        length = 0
        for end in range(start, len(groups)):
            length += len(groups[end])
            if length > 12:
                break
            if length in (10, 12):
                yield groups[start : end + 1], separators[start:end]


def looks_like_identity_number(text):
    """True if the text contains a valid personnummer or samordningsnummer, however spelt."""
    if not text:
        return False
    for run in _RUN.findall(normalize_for_guard(text)):
        for groups, separators in _candidates(run):
            if _written_like_one(groups, separators):
                return True
    return False


@deconstructible
class NoPersonalIdentity:
    """Model/form validator: refuse text that contains an identity number."""

    message = MESSAGE
    code = "personal_identity"

    def __call__(self, value):
        if looks_like_identity_number(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, NoPersonalIdentity)

    def __hash__(self):
        return hash(NoPersonalIdentity)


no_personal_identity = NoPersonalIdentity()


def normalize_orgnr(value):
    """NNNNNN-NNNN from any spelling; raises ValidationError in Swedish.

    Here rather than with the supplier model so every reader of files (the
    register imports, invoice lists, check exports) can use it.
    """
    compact = stdnum_orgnr.compact(value or "")
    if len(compact) == 12 and compact.startswith(("16", "19", "20")):
        compact = compact[2:]  # 12-digit form of a company or a sole trader
    if stdnum_orgnr.is_valid(compact):
        return f"{compact[:6]}-{compact[6:]}"
    raise ValidationError(
        "Ogiltigt organisationsnummer: ange tio siffror (NNNNNN-NNNN) med korrekt kontrollsiffra.",
        code="invalid_orgnr",
    )
