"""Vite: a sanction under the contract, which goes on (issue 16, the outcome ladder)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from leverantorer.beslut import by_committee, new_status, validate_beslut
from leverantorer.models import AvtalStatus, Beslut, BeslutTyp
from tests.factories import AvtalFactory, VerksamhetFactory
from tests.helpers import decide

DAY = datetime.date(2024, 6, 3)


def vite(avtal, user, **values):
    values.setdefault("belopp", Decimal("25000"))
    values.setdefault("skal", "brister")
    values.setdefault("faktaunderlag", "Rättelsen uteblev trots påminnelse.")
    return decide(avtal, BeslutTyp.VITE, user, **values)


def refusals(**values):
    values.setdefault("status", AvtalStatus.AKTIV)
    values.setdefault("typ", BeslutTyp.VITE)
    values.setdefault("faktaunderlag", "Fakta")
    with pytest.raises(ValidationError) as error:
        validate_beslut(**values)
    return error.value.message_dict


@pytest.mark.parametrize("start", [AvtalStatus.AKTIV, AvtalStatus.PAUSAD, AvtalStatus.UPPSAGT])
@pytest.mark.django_db
def test_a_vite_leaves_the_status_as_it_was(alice, start):
    avtal = AvtalFactory()
    if start == AvtalStatus.PAUSAD:
        decide(avtal, BeslutTyp.PAUS, alice)
    elif start == AvtalStatus.UPPSAGT:
        decide(avtal, BeslutTyp.UPPSAGNING, alice)
    history_rows = avtal.history.count()
    beslut = vite(avtal, alice)
    avtal.refresh_from_db()
    assert avtal.status == start
    assert (beslut.foregaende_status, beslut.ny_status) == (start, start)
    stored = Beslut.objects.get(pk=beslut.pk)
    assert (stored.typ, stored.belopp, stored.registrerat_av) == (
        BeslutTyp.VITE,
        Decimal("25000.00"),
        alice,
    )
    assert avtal.history.count() == history_rows  # nothing on the contract changed


@pytest.mark.parametrize("start", [AvtalStatus.HAVT, AvtalStatus.UPPHORT])
@pytest.mark.django_db
def test_no_vite_on_an_ended_contract(alice, start):
    avtal = AvtalFactory()
    decide(avtal, BeslutTyp.HAVNING if start == AvtalStatus.HAVT else BeslutTyp.UPPHORANDE, alice)
    with pytest.raises(ValidationError) as error:
        vite(avtal, alice)
    assert list(error.value.message_dict) == ["typ"]
    assert not Beslut.objects.filter(typ=BeslutTyp.VITE).exists()


@pytest.mark.django_db
def test_a_vite_without_amount_or_reason_writes_nothing(alice):
    avtal = AvtalFactory()
    with pytest.raises(ValidationError) as error:
        vite(avtal, alice, belopp=None, faktaunderlag=" ", skal=None)
    assert set(error.value.message_dict) == {"belopp", "faktaunderlag"}
    assert error.value.message_dict["belopp"] == ["Ange vitets belopp i kronor."]
    with pytest.raises(ValidationError) as error:
        vite(avtal, alice, skal=None)
    assert "skal" in error.value.message_dict  # the reason, from full_clean
    assert not Beslut.objects.exists()


@pytest.mark.parametrize("belopp", [Decimal("0"), Decimal("-500"), Decimal("-0.01")])
def test_an_amount_of_zero_or_less_is_refused(belopp):
    assert refusals(belopp=belopp) == {"belopp": ["Vitets belopp måste vara större än 0 kr."]}


def test_the_smallest_positive_amount_is_allowed():
    validate_beslut(
        status=AvtalStatus.AKTIV, typ=BeslutTyp.VITE, faktaunderlag="Fakta", belopp=Decimal("0.01")
    )


@pytest.mark.parametrize(
    "typ", [BeslutTyp.PAUS, BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING, BeslutTyp.UPPHORANDE]
)
def test_an_amount_on_another_decision_is_refused(typ):
    errors = refusals(
        typ=typ,
        belopp=Decimal("25000"),
        namnd_diarienummer="SCN-2024-00400",
        omprovning_datum=datetime.date(2024, 9, 1),
    )
    assert errors == {"belopp": ["Belopp anges bara för vite."]}


def test_a_vite_by_the_committee_needs_its_diarienummer():
    assert refusals(belopp=Decimal("25000"), beslutsfattare="Socialnämnden") == {
        "namnd_diarienummer": ["Vitet är beslutat av nämnden: ange nämndens diarienummer."]
    }
    validate_beslut(
        status=AvtalStatus.AKTIV,
        typ=BeslutTyp.VITE,
        faktaunderlag="Fakta",
        belopp=Decimal("25000"),
        beslutsfattare="Socialnämnden",
        namnd_diarienummer="SCN-2024-00401",
    )


def test_a_vite_by_a_delegate_needs_no_diarienummer():
    validate_beslut(
        status=AvtalStatus.AKTIV,
        typ=BeslutTyp.VITE,
        faktaunderlag="Fakta",
        belopp=Decimal("25000"),
        beslutsfattare="Enhetschef Avtal",
    )


@pytest.mark.parametrize(
    ("beslutsfattare", "committee"),
    [
        ("Socialnämnden", True),
        ("socialnamnden", True),
        ("Nämndens arbetsutskott", True),
        ("Enhetschef Avtal", False),
        ("Avdelningschef", False),
        ("", False),
    ],
)
def test_the_decision_maker_says_whether_the_committee_decided(beslutsfattare, committee):
    assert by_committee(beslutsfattare) is committee


def test_the_status_a_decision_leads_to():
    assert new_status(BeslutTyp.VITE, AvtalStatus.PAUSAD) == AvtalStatus.PAUSAD
    assert new_status(BeslutTyp.HAVNING, AvtalStatus.AKTIV) == AvtalStatus.HAVT
    assert new_status(BeslutTyp.HAVNING, AvtalStatus.AKTIV, object()) == AvtalStatus.AKTIV


@pytest.mark.django_db
def test_a_vite_may_name_a_covered_unit_for_the_record(alice):
    unit = VerksamhetFactory(namn="Hemmet Björken")
    avtal = AvtalFactory(leverantor=unit.leverantor)
    beslut = vite(avtal, alice, verksamhet=unit)
    avtal.refresh_from_db()
    assert Beslut.objects.get(pk=beslut.pk).verksamhet == unit
    assert avtal.status == AvtalStatus.AKTIV
    assert list(avtal.verksamheter.all()) == []  # still all the supplier's units


@pytest.mark.django_db
def test_a_vite_during_a_pause_leaves_its_reassessment_due(alice):
    # arenden.paminnelser: only a decision that moved the status replaces the pause.
    from arenden.paminnelser import omprovningar_due

    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
    paus = decide(
        avtal, BeslutTyp.PAUS, alice, datum=DAY, omprovning_datum=datetime.date(2024, 9, 1)
    )
    vite(avtal, alice, datum=datetime.date(2024, 7, 1))
    due = omprovningar_due(datetime.date(2024, 9, 2))
    assert [(r.objekt_id, r.tillfalle) for r in due] == [(paus.pk, "2024-09-01")]
