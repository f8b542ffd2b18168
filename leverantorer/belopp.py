"""Amounts as the committee's documents print them."""

from decimal import ROUND_HALF_UP, Decimal

MILLION = Decimal("1000000")
TENTH = Decimal("0.1")


def mkr(kronor):
    """Kronor as million kronor to one decimal, rounded half up as Swedish public
    finance does (1 250 000 kr → 1,3 mkr); None (not known) stays None."""
    if kronor is None:
        return None
    return (Decimal(str(kronor)) / MILLION).quantize(TENTH, rounding=ROUND_HALF_UP)
