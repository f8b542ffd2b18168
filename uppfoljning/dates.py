"""The shared rules for dates users enter: a sane range, no future, an order.

Every DateField and DateTimeField a user or an import fills carries
`rimligt_datum`, so ModelForms, `full_clean()` and imports refuse a typo such
as 0001-01-01 (stored by PostgreSQL as a BC timestamp that Python cannot read
back) with a Swedish message. "Today" is `timezone.localdate()` at call time,
so tests control it by patching that one function.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)

RANGE_MESSAGE = (
    f"Datumet måste ligga mellan {EARLIEST:%Y-%m-%d} och {LATEST:%Y-%m-%d}. "
    "Kontrollera att årtalet är rätt skrivet."
)
FUTURE_MESSAGE = "Datumet kan inte ligga efter dagens datum ({today:%Y-%m-%d})."
FUTURE_TIME_MESSAGE = "Tidpunkten kan inte ligga efter nu ({now:%Y-%m-%d %H:%M})."
# A time typed to the minute, or a clock a little ahead, is not "the future".
FUTURE_TIME_GRACE = datetime.timedelta(minutes=5)


def as_local_date(value):
    """The local calendar date of a date or an (aware or naive) datetime."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            try:
                value = timezone.localtime(value)
            except (OverflowError, ValueError):
                # Year 1 or 9999 shifted across a UTC offset leaves the calendar.
                return value.date()
        return value.date()
    return value


@deconstructible
class RimligtDatum:
    """Model/form validator: refuse dates before 1990 or after 2100."""

    message = RANGE_MESSAGE
    code = "date_out_of_range"

    def __call__(self, value):
        if value is None:
            return
        if not EARLIEST <= as_local_date(value) <= LATEST:
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, RimligtDatum)


rimligt_datum = RimligtDatum()


@deconstructible
class InteFramtida:
    """Model/form validator: refuse a date after today (a time after now), for
    events that have happened."""

    code = "date_in_future"

    def __call__(self, value):
        if value is None:
            return
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            now = timezone.now()
            if value > now + FUTURE_TIME_GRACE:
                message = FUTURE_TIME_MESSAGE.format(now=timezone.localtime(now))
                raise ValidationError(message, code=self.code)
            return
        today = timezone.localdate()
        if as_local_date(value) > today:
            raise ValidationError(FUTURE_MESSAGE.format(today=today), code=self.code)

    def __eq__(self, other):
        return isinstance(other, InteFramtida)


inte_framtida = InteFramtida()

# The validators of a date of something that has already happened.
HANT = [rimligt_datum, inte_framtida]


def check_order(errors, field, earlier, later, message):
    """Add `message` under `field` if `later` lies before `earlier` (both set)."""
    if earlier is None or later is None or field in errors:
        return
    if as_local_date(later) < as_local_date(earlier):
        errors[field] = message


def check_range(value):
    """True if the value is inside the sane range (for code that is not a validator)."""
    try:
        rimligt_datum(value)
    except ValidationError:
        return False
    return True
