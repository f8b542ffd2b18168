"""Factories for the invoice sample and register checks (stickprov, registerkontroller)."""

import datetime

import factory

from arenden import models as ar
from leverantorer import models as lev
from tests.factories import LeverantorFactory


class ForetradareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = lev.Foretradare

    leverantor = factory.SubFactory(LeverantorFactory)
    namn = factory.Sequence(lambda n: f"Företrädare {n}")
    roll = lev.ForetradareRoll.LEDAMOT


class RegisterkontrollFactory(factory.django.DjangoModelFactory):
    """Needs registrerad_av: pass a user."""

    class Meta:
        model = ar.Registerkontroll

    foretradare = factory.SubFactory(ForetradareFactory)
    typ = ar.RegisterkontrollTyp.BELASTNINGSREGISTER
    begard = datetime.date(2024, 1, 15)
    besvarad = datetime.date(2024, 1, 29)
    utfall = ar.RegisterkontrollUtfall.INGET
    giltig_till = datetime.date(2024, 7, 15)
