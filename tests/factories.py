"""factory_boy factories for the register, with valid, fictional data.

Dates in the past are fixed (what happened stays put); dates that must lie ahead
are relative to the day the test runs on (tests/clock.py), so an agreement made
by a factory is in force whatever TEST_TODAY says.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from stdnum import luhn

from leverantorer import models as lev
from ramavtal import models as ram
from tests.clock import end_of_february


def fake_orgnr(n):
    """A valid aktiebolag number (16-series month 55+), unique per n."""
    body = f"55{6000000 + n:07d}"[:9]
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


class RamavtalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ram.Ramavtal

    namn = factory.Sequence(lambda n: f"Ramavtal {n}")
    diarienummer = factory.Sequence(lambda n: f"SCN-2021-{n:05d}")
    startdatum = datetime.date(2021, 3, 1)
    # In force today, so call-off checks are not stopped by an expired period: the
    # period ends with the February after today, the options four years later
    # (on 2026-11-20: 2027-02-28 and 2031-02-28).
    slutdatum = factory.LazyFunction(lambda: end_of_february(timezone.localdate().year + 1))
    slutdatum_inkl_option = factory.LazyFunction(
        lambda: end_of_february(timezone.localdate().year + 5)
    )
    malgrupp = ram.Malgrupp.BARN_UNGA
    tillstandspliktig = True
    arlig_ivo_tillsyn = True


class AvtalsomradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ram.Avtalsomrade

    ramavtal = factory.SubFactory(RamavtalFactory)
    nummer = factory.Sequence(lambda n: n + 1)
    namn = factory.Sequence(lambda n: f"Område {n}")


class LeverantorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lev.Leverantor

    namn = factory.Sequence(lambda n: f"Leverantör {n} AB")
    organisationsnummer = factory.Sequence(fake_orgnr)
    ort = "Uppsala"
    region = "Uppsala län"


class VerksamhetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lev.Verksamhet

    leverantor = factory.SubFactory(LeverantorFactory)
    namn = factory.Sequence(lambda n: f"Verksamhet {n}")
    ivo_tillstandsnummer = factory.Sequence(lambda n: f"IVO-{n:06d}")
    tillstandsstatus = lev.Tillstandsstatus.GILTIGT
    antal_platser = 8
    inriktning = "Utredning och behandling"
    kommun = "Uppsala"
    region = "Uppsala län"


class AvtalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lev.Avtal

    leverantor = factory.SubFactory(LeverantorFactory)
    ramavtal = factory.SubFactory(RamavtalFactory)
    rangordning = factory.Sequence(lambda n: n + 1)
    startdatum = datetime.date(2021, 3, 1)


class PlaceringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lev.Placering

    referens = factory.Sequence(lambda n: f"P-{n:06d}")
    avtal = factory.SubFactory(AvtalFactory)
    verksamhet = factory.SubFactory(
        VerksamhetFactory, leverantor=factory.SelfAttribute("..avtal.leverantor")
    )
    startdatum = datetime.date(2023, 1, 1)
    slutdatum = datetime.date(2023, 1, 31)
    lagrum = lev.Lagrum.SOL
    placerande_enhet = lev.PlacerandeEnhet.BARN_UNGDOM
    kostnad_per_dygn = Decimal("3000.00")
