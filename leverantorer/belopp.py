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


NBSP = "\xa0"  # keeps "25 000 kr" on one line


def kronor(belopp):
    """An amount as Swedish text: 25000 → "25 000 kr", 1250.5 → "1 250,50 kr" (whole
    kronor without öre); None (not given) is "–"."""
    if belopp is None:
        return "–"
    value = Decimal(str(belopp)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _, ore = f"{abs(value):,.2f}".replace(",", NBSP).partition(".")
    sign = "−" if value < 0 else ""
    text = whole if ore == "00" else f"{whole},{ore}"
    return f"{sign}{text}{NBSP}kr"
