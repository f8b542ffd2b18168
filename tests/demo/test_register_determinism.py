"""The demo loads the same data every time; these need an empty database."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from arenden.models import (
    Avvikelse,
    Brist,
    IvoKontroll,
    Stickprov,
    StickprovFaktura,
    Uppfoljning,
    UppfoljningLeverantor,
)
from demo.register import generate_leverantorer, load_demo_data
from leverantorer.models import Beslut, Leverantor, Placering, Verksamhet
from ramavtal.models import Ramavtal
from rapporter.models import Arsrapport
from tests import clock

TODAY = clock.DEMO_TODAY  # the demo's today: the same data whatever the real date


@pytest.fixture
def strateg(django_user_model):
    return django_user_model.objects.create_user(username="strateg")


@pytest.mark.django_db
def test_it_is_deterministic(strateg):
    def snapshot():
        return (
            list(Leverantor.objects.order_by("organisationsnummer").values_list(
                "namn", "organisationsnummer"
            )),
            list(Verksamhet.objects.order_by("namn", "ivo_tillstandsnummer").values_list(
                "namn", "ivo_tillstandsnummer", "inriktning"
            )),
            list(Placering.objects.order_by("referens").values_list(
                "referens", "startdatum", "slutdatum", "kostnad_per_dygn", "verksamhet__namn"
            )),
            list(Beslut.objects.order_by("datum", "namnd_diarienummer", "faktaunderlag")
                 .values_list("datum", "typ", "faktaunderlag")),
            list(Avvikelse.objects.order_by("datum", "beskrivning", "leverantor__namn")
                 .values_list("datum", "kategori", "leverantor__namn", "hanterad_i_arendet")),
            list(Uppfoljning.objects.order_by("typ", "oppnad", "rubrik").values_list(
                "typ", "rubrik", "oppnad", "utfall", "beslut__faktaunderlag", "ar"
            )),
            list(UppfoljningLeverantor.objects.order_by(
                "uppfoljning__rubrik", "leverantor__namn"
            ).values_list("leverantor__namn", "inkopsvarde", "antal_placeringar", "status")),
            list(Brist.objects.order_by("atgard_senast", "leverantor__namn", "beskrivning")
                 .values_list("leverantor__namn", "beskrivning", "status")),
            list(Stickprov.objects.order_by("datum").values_list("namn", "seed")),
            list(StickprovFaktura.objects.order_by("stickprov__datum", "ordning").values_list(
                "placering__referens", "resultat", "avvikelsetyp"
            )),
            IvoKontroll.objects.filter(krav_pa_aterrapportering=True).count(),
            list(Arsrapport.objects.values_list("ar", "lopande_text", "bedomning")),
        )  # fmt: skip

    with transaction.atomic():
        load_demo_data(user=strateg, today=TODAY)
        first = snapshot()
        transaction.set_rollback(True)
    assert Leverantor.objects.count() == 0
    load_demo_data(user=strateg, today=TODAY)
    assert snapshot() == first
    # The supplier generator alone gives the same suppliers, call after call.
    generated = generate_leverantorer(150)
    assert generated == generate_leverantorer(150)
    assert sorted((s["namn"], s["organisationsnummer"]) for s in generated) == sorted(first[0])


@pytest.mark.django_db
def test_the_command_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo_data")
    assert Ramavtal.objects.count() == 0


@pytest.mark.django_db
def test_unknown_scale_is_refused(strateg):
    with pytest.raises(ValueError, match="scale"):
        load_demo_data(scale="huge", user=strateg)
