"""Factories for special follow-ups (särskild uppföljning), with fictional data."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from arenden import models as arenden
from tests.factories import LeverantorFactory, RamavtalFactory, VerksamhetFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"strateg{n}")


class MetodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = arenden.Metod
        django_get_or_create = ("namn",)

    namn = factory.Sequence(lambda n: f"Metod {n}")


class TemaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = arenden.Tema
        django_get_or_create = ("namn",)

    namn = factory.Sequence(lambda n: f"Tema {n}")


class SarskildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = arenden.Uppfoljning

    typ = arenden.UppfoljningTyp.SARSKILD
    rubrik = factory.Sequence(lambda n: f"Särskild uppföljning {n}")
    ramavtal = factory.SubFactory(RamavtalFactory)
    ar = 2024
    ansvarig = factory.SubFactory(UserFactory)


class UrvalRadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = arenden.UppfoljningLeverantor

    uppfoljning = factory.SubFactory(SarskildFactory)
    leverantor = factory.SubFactory(LeverantorFactory)


class DokumentbegaranFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = arenden.Dokumentbegaran

    uppfoljning = factory.SubFactory(SarskildFactory)
    leverantor = factory.SubFactory(LeverantorFactory)
    dokument = "Bemanningsschema"
    begart = datetime.date(2024, 9, 2)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = arenden.Observation

    uppfoljning = factory.SubFactory(SarskildFactory)
    leverantor = factory.SubFactory(LeverantorFactory)
    tema = factory.SubFactory(TemaFactory)
    text = "Bemanningen motsvarar avtalets krav."


class PlatsbesokFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = arenden.Platsbesok

    uppfoljning = factory.SubFactory(SarskildFactory)
    verksamhet = factory.SubFactory(VerksamhetFactory)
    tidpunkt = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2024, 10, 15, 19, 30))
    )


class BristFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = arenden.Brist

    uppfoljning = factory.SubFactory(SarskildFactory)
    leverantor = factory.SubFactory(LeverantorFactory)
    beskrivning = "Bemanningsschema saknas för kvällstid."
    krav = "Inkom med bemanningsschema."
    atgard_senast = datetime.date(2024, 12, 1)
