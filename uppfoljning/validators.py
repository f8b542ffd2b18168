"""The one guard against client identity in free text and import columns,
and the spelling rule for organisationsnummer.

No name or personnummer of a placed person is ever stored (DOMAIN.md). Names
cannot be recognised reliably, but identity numbers can: any run of digits
that forms a valid personnummer or samordningsnummer (birth day + 60), with
or without century and separator, is refused with a Swedish message.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from stdnum import luhn
from stdnum.exceptions import ValidationError as ValidationError_
from stdnum.se import orgnr as stdnum_orgnr
from stdnum.se import personnummer

# 6 or 8 digits of date, an optional separator (-, +, space), 4 digits.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6}|\d{8})[-+ ]?(\d{4})(?!\d)")

MESSAGE = (
    "Texten innehåller något som ser ut som ett personnummer eller samordningsnummer. "
    "Uppgifter som identifierar en enskild får inte sparas här – använd ärendets "
    "pseudonyma referens i stället."
)


def _is_samordningsnummer(digits):
    """Samordningsnummer: a personnummer whose day has 60 added.

    stdnum's personnummer refuses them, so: the Luhn sum over the printed
    ten digits, and a real date once 60 is taken off the day.
    """
    ten = digits[-10:]
    day = int(ten[4:6])
    if not 61 <= day <= 91 or not _luhn_ok(ten):
        return False
    month = int(ten[2:4])
    years = [int(digits[:4])] if len(digits) == 12 else [1900 + int(ten[:2]), 2000 + int(ten[:2])]
    for year in years:
        try:
            datetime.date(year, month, day - 60)
        except ValueError:
            continue
        return True
    return False


def _luhn_ok(ten_digits):
    return luhn.is_valid(ten_digits)


def _is_personnummer(digits):
    try:
        personnummer.validate(digits)
    except ValidationError_:
        return False
    return True


def looks_like_identity_number(text):
    """True if the text contains a valid personnummer or samordningsnummer."""
    if not text:
        return False
    for match in _CANDIDATE.finditer(str(text)):
        digits = match.group(1) + match.group(2)
        if _is_personnummer(digits) or _is_samordningsnummer(digits):
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
