"""The annual report names categories and reasons by their current names,
also when they are retired, and finds the economic reason by kod."""

import datetime

import pytest

from arenden.models import Avvikelse, AvvikelseKategori
from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import BeslutSkal, BeslutTyp
from rapporter.arsrapport import decisions, deviations
from tests.factories import AvtalFactory, LeverantorFactory


@pytest.mark.django_db
def test_a_renamed_and_retired_category_is_still_counted(alice):
    leverantor = LeverantorFactory()
    for kod, n in (("lokaler", 2), ("fakturering", 1)):
        for _ in range(n):
            Avvikelse.objects.create(
                leverantor=leverantor,
                kategori_id=kod,
                datum=datetime.date(2024, 4, 1),
                beskrivning="Händelse utan personuppgifter.",
                rapporterad_av=alice,
            )
    AvvikelseKategori.objects.filter(kod="lokaler").update(namn="Lokaler och miljö", aktiv=False)
    assert [(r.kategori, r.antal) for r in deviations(2024).rader] == [
        ("Lokaler och miljö", 2),
        ("Felaktig fakturering", 1),
    ]


@pytest.mark.django_db
def test_the_economic_decisions_are_found_by_kod_after_a_rename(alice):
    avtal = AvtalFactory(ramavtal__namn="HVB barn och unga")
    avtal_fatta_beslut(
        avtal=avtal,
        typ=BeslutTyp.PAUS,
        datum=datetime.date(2024, 6, 3),
        beslutsfattare="Avdelningschef",
        skal=BeslutSkal.EKONOMI,
        faktaunderlag="Skatteskulder enligt kreditupplysningen.",
        omprovning_datum=datetime.date(2024, 8, 1),
        user=alice,
    )
    BeslutSkal.objects.filter(kod=BeslutSkal.EKONOMI).update(namn="Ekonomiska skäl", aktiv=False)
    [rad] = decisions(2024, skal=[BeslutSkal.EKONOMI])
    assert (rad.ramavtal, rad.pauser) == ("HVB barn och unga", 1)
    assert rad.skal == {"Tillfällig uteslutning från avrop": [("Ekonomiska skäl", 1)]}
