"""Factories for requirements, questionnaires, send-outs and answers (fictional data)."""

import datetime

import factory
from django.utils import timezone

from enkater import models as enk
from enkater.tokens import new_token
from tests.arenden.factories_sarskild import SarskildFactory
from tests.factories import LeverantorFactory, RamavtalFactory


class AvtalskravFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enk.Avtalskrav

    ramavtal = factory.SubFactory(RamavtalFactory)
    nummer = factory.Sequence(lambda n: f"5.{n + 1}")
    rubrik = factory.Sequence(lambda n: f"Krav {n}")
    text = "Leverantören ska ha en skriftlig rutin."


class FormularFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enk.Formular

    namn = factory.Sequence(lambda n: f"Formulär {n}")
    malgrupp = enk.Malgrupp.VERKSAMHET


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enk.FormularVersion

    formular = factory.SubFactory(FormularFactory)
    nummer = 1


class SektionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enk.Sektion

    version = factory.SubFactory(VersionFactory)
    rubrik = factory.Sequence(lambda n: f"Sektion {n}")
    ordning = factory.Sequence(lambda n: n + 1)


class FragaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enk.Fraga

    sektion = factory.SubFactory(SektionFactory)
    typ = enk.FragaTyp.JA_NEJ
    text = factory.Sequence(lambda n: f"Fråga {n}?")
    ordning = factory.Sequence(lambda n: n + 1)


class UtskickFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enk.Utskick

    uppfoljning = factory.SubFactory(SarskildFactory)
    version = factory.SubFactory(VersionFactory)
    # Ahead of whatever day the suite runs on (tests/clock.py): the link is open.
    svar_senast = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=25))


class MottagareFactory(factory.django.DjangoModelFactory):
    """An external recipient; `mottagare.token` holds the link's token (not stored)."""

    class Meta:
        model = enk.Mottagare
        skip_postgeneration_save = True

    utskick = factory.SubFactory(UtskickFactory)
    leverantor = factory.SubFactory(LeverantorFactory)
    epost = factory.Sequence(lambda n: f"mottagare{n}@example.se")

    @factory.post_generation
    def token(obj, create, extracted, **kwargs):
        obj.token, obj.token_hash = new_token()
        if create:
            obj.save(update_fields=["token_hash"])


class SvarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = enk.Svar

    mottagare = factory.SubFactory(MottagareFactory)
    utskick = factory.LazyAttribute(lambda o: o.mottagare.utskick)
    version = factory.LazyAttribute(lambda o: o.utskick.version)
    leverantor = factory.LazyAttribute(lambda o: o.mottagare.leverantor)
    verksamhet = factory.LazyAttribute(lambda o: o.mottagare.verksamhet)
