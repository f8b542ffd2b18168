"""Reading query parameters that anyone can type: text without control characters, sane ids.

A search box or a link parameter is hostile input like any other. PostgreSQL
refuses a NUL in text (a 500 instead of "no hits"), control characters have
no meaning in a search, and an id is a positive whole number within the
database's bigint range (a 5,000-digit "id" overflows a driver). Views read
request.GET through these helpers; FilterSets subclass `SafeFilterSet`.
"""

import re

import django_filters
from django.core.exceptions import ValidationError
from django.http import QueryDict

from uppfoljning.dates import rimligt_datum

MAX_ID = 2**63 - 1  # PostgreSQL bigint; SQLite's INTEGER is the same size
MAX_TEXT = 200  # no search or filter needs more
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def clean_text(value, max_length=MAX_TEXT):
    """The value without control characters (NUL included), trimmed and capped."""
    return _CONTROL.sub("", str(value or ""))[:max_length].strip()


def has_control_characters(value):
    """True if the text holds a control character (NUL, newline, escape …)."""
    return bool(_CONTROL.search(value))


def parse_id(value):
    """An id as int if `value` is one (ASCII digits, 1..bigint max), else None."""
    value = str(value or "").strip()
    if not _ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def query_text(request, name, max_length=MAX_TEXT):
    """request.GET[name] as clean text ("" if absent)."""
    return clean_text(request.GET.get(name, ""), max_length)


def query_id(request, name):
    """request.GET[name] as an id, or None if absent or not an id."""
    return parse_id(request.GET.get(name))


def query_ids(request, name):
    """Every valid id among request.GET.getlist(name); the rest are left out."""
    ids = (parse_id(value) for value in request.GET.getlist(name))
    return [number for number in ids if number is not None]


def clean_query(data):
    """A copy of a QueryDict with every value cleaned by `clean_text`."""
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key, 100), [clean_text(value) for value in values])
    return cleaned


class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A model choice that refuses anything but a sane id before asking the database."""

    def to_python(self, value):
        unchecked = value not in self.empty_values and not isinstance(value, self.queryset.model)
        if unchecked and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """ModelChoiceFilter over integer ids, bounded (see IdChoiceField)."""

    field_class = IdChoiceField


class DatumFilter(django_filters.DateFilter):
    """A date filter within the range every form allows (uppfoljning.dates)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [rimligt_datum])
        super().__init__(*args, **kwargs)


class SafeFilterSet(django_filters.FilterSet):
    """A FilterSet whose query parameters are cleaned of control characters first."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = clean_query(data)
        super().__init__(data, *args, **kwargs)
