import datetime

import pytest
from django.core.exceptions import ValidationError

from leverantorer.beslut import allowed_decisions
from leverantorer.forms import AvtalForm
from leverantorer.models import Avtal, AvtalStatus, Beslut, BeslutTyp
from tests.factories import AvtalFactory
from tests.helpers import decide

DAY = datetime.date(2024, 6, 3)


@pytest.mark.parametrize(
    ("start", "typ", "end"),
    [
        (AvtalStatus.AKTIV, BeslutTyp.PAUS, AvtalStatus.PAUSAD),
        (AvtalStatus.PAUSAD, BeslutTyp.HAV_PAUS, AvtalStatus.AKTIV),
        (AvtalStatus.AKTIV, BeslutTyp.UPPSAGNING, AvtalStatus.UPPSAGT),
        (AvtalStatus.PAUSAD, BeslutTyp.UPPSAGNING, AvtalStatus.UPPSAGT),
        (AvtalStatus.AKTIV, BeslutTyp.HAVNING, AvtalStatus.HAVT),
        (AvtalStatus.PAUSAD, BeslutTyp.HAVNING, AvtalStatus.HAVT),
        (AvtalStatus.AKTIV, BeslutTyp.UPPHORANDE, AvtalStatus.UPPHORT),
    ],
)
@pytest.mark.django_db
def test_a_decision_moves_the_status(alice, start, typ, end):
    avtal = AvtalFactory()
    if start == AvtalStatus.PAUSAD:
        decide(avtal, BeslutTyp.PAUS, alice)
    beslut = decide(avtal, typ, alice)
    avtal.refresh_from_db()
    assert avtal.status == end
    assert beslut.foregaende_status == start
    assert beslut.ny_status == end
    assert beslut.registrerat_av == alice


@pytest.mark.parametrize(
    ("start", "typ"),
    [
        (AvtalStatus.AKTIV, BeslutTyp.HAV_PAUS),  # nothing to lift
        (AvtalStatus.PAUSAD, BeslutTyp.PAUS),  # already paused
        (AvtalStatus.UPPSAGT, BeslutTyp.HAV_PAUS),  # terminated is final
        (AvtalStatus.UPPSAGT, BeslutTyp.PAUS),
        (AvtalStatus.HAVT, BeslutTyp.UPPSAGNING),
    ],
)
@pytest.mark.django_db
def test_a_decision_that_does_not_follow_the_status_is_refused(alice, start, typ):
    avtal = AvtalFactory()
    if start == AvtalStatus.PAUSAD:
        decide(avtal, BeslutTyp.PAUS, alice)
    elif start == AvtalStatus.UPPSAGT:
        decide(avtal, BeslutTyp.UPPSAGNING, alice)
    elif start == AvtalStatus.HAVT:
        decide(avtal, BeslutTyp.HAVNING, alice)
    count = Beslut.objects.count()
    with pytest.raises(ValidationError) as error:
        decide(avtal, typ, alice)
    assert "kan inte fattas för ett avtal med status" in error.value.message_dict["typ"][0]
    assert Beslut.objects.count() == count
    avtal.refresh_from_db()
    assert avtal.status == start


@pytest.mark.parametrize(
    ("typ", "overrides", "field"),
    [
        (BeslutTyp.PAUS, {"faktaunderlag": "  "}, "faktaunderlag"),
        (BeslutTyp.PAUS, {"omprovning_datum": None}, "omprovning_datum"),
        (BeslutTyp.PAUS, {"omprovning_datum": datetime.date(2024, 1, 1)}, "omprovning_datum"),
        (BeslutTyp.UPPSAGNING, {"namnd_diarienummer": ""}, "namnd_diarienummer"),
        (BeslutTyp.HAVNING, {"namnd_diarienummer": ""}, "namnd_diarienummer"),
        (BeslutTyp.PAUS, {"faktaunderlag": "Gäller 811218-9876"}, "faktaunderlag"),
    ],
)
@pytest.mark.django_db
def test_a_decision_without_its_required_basis_writes_nothing(alice, typ, overrides, field):
    avtal = AvtalFactory()
    with pytest.raises(ValidationError) as error:
        decide(avtal, typ, alice, **overrides)
    assert field in error.value.message_dict
    assert not Beslut.objects.exists()
    avtal.refresh_from_db()
    assert avtal.status == AvtalStatus.AKTIV


def test_each_status_offers_the_decisions_that_may_follow():
    assert allowed_decisions(AvtalStatus.AKTIV) == [
        BeslutTyp.PAUS,
        BeslutTyp.UPPSAGNING,
        BeslutTyp.HAVNING,
        BeslutTyp.UPPHORANDE,
    ]
    assert allowed_decisions(AvtalStatus.PAUSAD) == [
        BeslutTyp.HAV_PAUS,
        BeslutTyp.UPPSAGNING,
        BeslutTyp.HAVNING,
        BeslutTyp.UPPHORANDE,
    ]
    for final in (AvtalStatus.UPPSAGT, AvtalStatus.HAVT, AvtalStatus.UPPHORT):
        assert allowed_decisions(final) == []


@pytest.mark.django_db
def test_the_status_change_is_in_the_history_with_the_acting_user(alice):
    avtal = AvtalFactory()
    decide(avtal, BeslutTyp.PAUS, alice)
    latest = avtal.history.order_by("-history_date", "-pk").first()
    assert latest.status == AvtalStatus.PAUSAD
    assert latest.history_user == alice
    assert latest.history_change_reason == "Beslut: Tillfällig uteslutning från avrop"
    assert Beslut.objects.get().history.get().history_user == alice


@pytest.mark.django_db
def test_the_contract_form_cannot_change_the_status():
    avtal = AvtalFactory()
    form = AvtalForm(
        data={"ramavtal": avtal.ramavtal_id, "rangordning": 3, "status": AvtalStatus.HAVT},
        instance=avtal,
        leverantor=avtal.leverantor,
    )
    assert "status" not in form.fields
    assert form.is_valid(), form.errors
    form.save()
    assert Avtal.objects.get(pk=avtal.pk).status == AvtalStatus.AKTIV
