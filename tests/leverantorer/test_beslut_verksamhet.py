"""Ending a contract for one of its units (issue 16): the contract goes on for the others."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leverantorer.models import Avtal, AvtalStatus, Beslut, BeslutTyp
from tests.factories import AvtalFactory, LeverantorFactory, VerksamhetFactory
from tests.helpers import decide

DAY = datetime.date(2024, 6, 3)


def three_units():
    leverantor = LeverantorFactory()
    return [VerksamhetFactory(leverantor=leverantor, namn=name) for name in ("Ask", "Björk", "Ek")]


def names(avtal):
    return sorted(avtal.verksamheter.values_list("namn", flat=True))


@pytest.mark.parametrize("typ", [BeslutTyp.HAVNING, BeslutTyp.UPPHORANDE])
@pytest.mark.django_db
def test_ending_it_for_one_of_three_units_keeps_it_for_the_other_two(alice, typ):
    ask, bjork, ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor)
    avtal.verksamheter.set([ask, bjork, ek])
    beslut = decide(avtal, typ, alice, verksamhet=bjork, datum=DAY)
    avtal.refresh_from_db()
    assert names(avtal) == ["Ask", "Ek"]
    assert avtal.status == AvtalStatus.AKTIV
    assert (beslut.foregaende_status, beslut.ny_status) == (AvtalStatus.AKTIV, AvtalStatus.AKTIV)
    assert Beslut.objects.get(pk=beslut.pk).verksamhet == bjork


@pytest.mark.django_db
def test_after_a_unit_level_havning_the_contract_is_still_in_force(alice):
    ask, bjork, ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor, startdatum=datetime.date(2021, 3, 1))
    avtal.verksamheter.set([ask, bjork, ek])
    decide(avtal, BeslutTyp.HAVNING, alice, verksamhet=bjork, datum=DAY)
    after = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert list(Avtal.objects.i_kraft_under(*after)) == [avtal]
    assert list(Avtal.objects.i_kraft()) == [avtal]
    assert list(Avtal.objects.aktiva()) == [avtal]


@pytest.mark.django_db
def test_a_unit_level_ending_is_not_the_end_of_the_whole_contract_in_a_period(alice):
    # Ended for one unit in June, then wholly in September: a period between the
    # two ends counts it by the whole-contract decision, not the unit's.
    ask, bjork, _ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor, startdatum=datetime.date(2021, 3, 1))
    avtal.verksamheter.set([ask, bjork])
    decide(avtal, BeslutTyp.HAVNING, alice, verksamhet=bjork, datum=DAY)
    decide(avtal, BeslutTyp.UPPHORANDE, alice, datum=datetime.date(2024, 9, 2))
    assert list(Avtal.objects.i_kraft_under(DAY, datetime.date(2024, 12, 31))) == [avtal]
    assert (
        list(Avtal.objects.i_kraft_under(datetime.date(2024, 9, 3), datetime.date(2024, 12, 31)))
        == []
    )
    # Had only the unit-level decision ended it, a later period would count it as ended.
    assert Avtal.objects.get(pk=avtal.pk).status == AvtalStatus.UPPHORT


@pytest.mark.django_db
def test_the_unit_leaving_is_in_the_contracts_history_by_the_user(alice):
    ask, bjork, ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor)
    avtal.verksamheter.set([ask, bjork, ek])
    before = avtal.history.count()
    decide(avtal, BeslutTyp.HAVNING, alice, verksamhet=bjork)
    rows = avtal.history.order_by("-history_date", "-pk")
    assert avtal.history.count() == before + 1  # the M2M change; no status change to record
    latest, previous = rows[0], rows[1]
    assert latest.history_user == alice
    assert latest.history_change_reason == "Beslut: Hävning för Björk"
    assert latest.status == AvtalStatus.AKTIV
    delta = latest.diff_against(previous)
    assert [change.field for change in delta.changes] == ["verksamheter"]


@pytest.mark.django_db
def test_a_contract_naming_no_units_then_names_the_others(alice):
    ask, bjork, ek = three_units()
    VerksamhetFactory(namn="Annans enhet")  # another supplier's unit: never named
    avtal = AvtalFactory(leverantor=ask.leverantor)
    assert names(avtal) == []  # all the supplier's units
    decide(avtal, BeslutTyp.HAVNING, alice, verksamhet=ek)
    assert names(avtal) == ["Ask", "Björk"]
    assert list(Avtal.objects.omfattar(ek)) == []
    assert list(Avtal.objects.omfattar(ask)) == [avtal]


@pytest.mark.django_db
def test_the_only_unit_is_refused(alice):
    ask, bjork, _ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor)
    avtal.verksamheter.set([ask])
    with pytest.raises(ValidationError) as error:
        decide(avtal, BeslutTyp.HAVNING, alice, verksamhet=ask)
    assert error.value.message_dict == {
        "verksamhet": [
            "Avtalet omfattar bara den här verksamheten: fatta beslutet för hela avtalet."
        ]
    }
    assert not Beslut.objects.exists()
    assert names(avtal) == ["Ask"]


@pytest.mark.django_db
def test_the_only_unit_of_a_supplier_naming_none_is_refused(alice):
    only = VerksamhetFactory()
    avtal = AvtalFactory(leverantor=only.leverantor)
    with pytest.raises(ValidationError) as error:
        decide(avtal, BeslutTyp.UPPHORANDE, alice, verksamhet=only)
    assert list(error.value.message_dict) == ["verksamhet"]
    assert not Beslut.objects.exists()


@pytest.mark.django_db
def test_a_unit_not_covered_is_refused(alice):
    ask, bjork, ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor)
    avtal.verksamheter.set([ask, bjork])
    for unit in (ek, VerksamhetFactory()):  # the supplier's but not named; another's
        with pytest.raises(ValidationError) as error:
            decide(avtal, BeslutTyp.HAVNING, alice, verksamhet=unit)
        assert error.value.message_dict == {
            "verksamhet": ["Verksamheten omfattas inte av avtalet."]
        }
    assert not Beslut.objects.exists()
    assert names(avtal) == ["Ask", "Björk"]


@pytest.mark.parametrize(
    ("typ", "label"),
    [
        (BeslutTyp.PAUS, "Tillfällig uteslutning från avrop"),
        (BeslutTyp.UPPSAGNING, "Uppsägning"),
    ],
)
@pytest.mark.django_db
def test_a_pause_or_termination_is_for_the_whole_contract(alice, typ, label):
    ask, bjork, _ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor)
    avtal.verksamheter.set([ask, bjork])
    with pytest.raises(ValidationError) as error:
        decide(avtal, typ, alice, verksamhet=ask)
    assert error.value.message_dict == {
        "verksamhet": [f"Beslutet ”{label}” gäller hela avtalet: lämna ”gäller verksamhet” tomt."]
    }
    avtal.refresh_from_db()
    assert (avtal.status, names(avtal)) == (AvtalStatus.AKTIV, ["Ask", "Björk"])


@pytest.mark.django_db
def test_a_havning_for_a_unit_still_needs_the_committee(alice):
    ask, bjork, _ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor)
    avtal.verksamheter.set([ask, bjork])
    with pytest.raises(ValidationError) as error:
        decide(avtal, BeslutTyp.HAVNING, alice, verksamhet=ask, namnd_diarienummer="")
    assert list(error.value.message_dict) == ["namnd_diarienummer"]
    assert names(avtal) == ["Ask", "Björk"]


@pytest.mark.django_db
def test_only_a_whole_contract_ending_dates_the_end_of_the_contract(alice):
    # Written directly, as an import of old decisions could: a unit-level hävning
    # dated after the whole contract ended must not stretch it into a later period.
    ask, bjork, _ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor, startdatum=datetime.date(2021, 3, 1))
    avtal.verksamheter.set([ask, bjork])
    whole = decide(avtal, BeslutTyp.HAVNING, alice, datum=DAY)
    Beslut.objects.create(
        avtal=avtal,
        typ=BeslutTyp.HAVNING,
        verksamhet=bjork,
        datum=datetime.date(2024, 9, 2),
        beslutsfattare="Socialnämnden",
        namnd_diarienummer="SCN-2024-00401",
        skal_id=whole.skal_id,
        faktaunderlag="Registrerat i efterhand.",
        foregaende_status=AvtalStatus.HAVT,
        ny_status=AvtalStatus.HAVT,
        registrerat_av=alice,
    )
    summer = (datetime.date(2024, 7, 1), datetime.date(2024, 12, 31))
    assert list(Avtal.objects.i_kraft_under(*summer)) == []
    spring = (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    assert list(Avtal.objects.i_kraft_under(*spring)) == [avtal]


@pytest.mark.django_db
def test_no_call_off_check_for_a_unit_the_contract_was_ended_for(client, alice):
    from django.urls import reverse

    ask, bjork, _ek = three_units()
    avtal = AvtalFactory(leverantor=ask.leverantor)
    decide(avtal, BeslutTyp.HAVNING, alice, verksamhet=bjork)
    client.force_login(alice)
    assert client.get(reverse("arenden:avrop_verdict", args=[avtal.pk, ask.pk])).status_code == 200
    assert (
        client.get(reverse("arenden:avrop_verdict", args=[avtal.pk, bjork.pk])).status_code == 404
    )
