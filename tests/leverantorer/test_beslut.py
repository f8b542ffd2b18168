import datetime

import pytest
from django.core.exceptions import ValidationError

from leverantorer.beslut import (
    allowed_decisions,
    avtal_fatta_beslut,
    previous_decision_date,
    validate_beslut,
)
from leverantorer.forms import AvtalForm
from leverantorer.models import Avtal, AvtalStatus, Beslut, BeslutSkal, BeslutTyp
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
        BeslutTyp.VITE,
    ]
    assert allowed_decisions(AvtalStatus.PAUSAD) == [
        BeslutTyp.HAV_PAUS,
        BeslutTyp.UPPSAGNING,
        BeslutTyp.HAVNING,
        BeslutTyp.UPPHORANDE,
        BeslutTyp.VITE,
    ]
    # Under notice the contract still binds: only a vite may follow (issue 16).
    assert allowed_decisions(AvtalStatus.UPPSAGT) == [BeslutTyp.VITE]
    for final in (AvtalStatus.HAVT, AvtalStatus.UPPHORT):
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


# Mutation testing (docs/testing.md): the refusals word for word, and what a decision records.
def refusals(**values):
    with pytest.raises(ValidationError) as error:
        validate_beslut(**values)
    return error.value.message_dict


def test_every_refusal_in_full():
    assert refusals(
        status=AvtalStatus.UPPSAGT,
        typ=BeslutTyp.PAUS,
        faktaunderlag=" \n ",
        datum=datetime.date(2024, 6, 3),
        foregaende_datum=datetime.date(2024, 6, 4),
    ) == {
        "datum": ["Beslutet kan inte dateras före avtalets föregående beslut (2024-06-04)."],
        "typ": [
            "Beslutet ”Tillfällig uteslutning från avrop” kan inte fattas för ett avtal med "
            "status ”Uppsagt”."
        ],
        "faktaunderlag": ["Ett beslut måste vila på dokumenterade fakta: fyll i faktaunderlaget."],
        "omprovning_datum": ["Ange när den tillfälliga uteslutningen ska omprövas."],
    }
    assert refusals(
        status=AvtalStatus.AKTIV,
        typ=BeslutTyp.HAVNING,
        faktaunderlag=None,
        namnd_diarienummer=None,
    ) == {
        "faktaunderlag": ["Ett beslut måste vila på dokumenterade fakta: fyll i faktaunderlaget."],
        "namnd_diarienummer": [
            "Uppsägning och hävning beslutas av nämnden: ange nämndens diarienummer."
        ],
    }
    assert refusals(
        status=AvtalStatus.AKTIV,
        typ=BeslutTyp.PAUS,
        faktaunderlag="Fakta",
        datum=datetime.date(2024, 6, 3),
        omprovning_datum=datetime.date(2024, 6, 2),
    ) == {"omprovning_datum": ["Omprövningen kan inte ligga före beslutsdatum."]}


@pytest.mark.parametrize(
    "values",
    [
        # Dated on the previous decision's day: allowed.
        {"datum": datetime.date(2024, 6, 3), "foregaende_datum": datetime.date(2024, 6, 3)},
        # Before the first decision there is nothing to be dated after.
        {"datum": datetime.date(2024, 6, 3), "foregaende_datum": None},
        # Without a date (a form that failed on it) only the other rules apply.
        {"datum": None, "foregaende_datum": datetime.date(2024, 6, 3)},
        # Out of range: the field's own range message, not this one.
        {"datum": datetime.date(1899, 1, 1), "foregaende_datum": datetime.date(2024, 6, 3)},
    ],
)
def test_a_decision_may_follow_its_predecessor_on_the_same_day(values):
    validate_beslut(
        status=AvtalStatus.PAUSAD,
        typ=BeslutTyp.HAV_PAUS,
        faktaunderlag="Bristerna är åtgärdade.",
        **values,
    )


def test_only_termination_and_rescission_need_the_committee():
    for typ in (BeslutTyp.PAUS, BeslutTyp.UPPHORANDE):
        validate_beslut(
            status=AvtalStatus.AKTIV,
            typ=typ,
            faktaunderlag="Fakta",
            omprovning_datum=datetime.date(2024, 9, 1),
        )
    assert refusals(status=AvtalStatus.AKTIV, typ=BeslutTyp.UPPSAGNING, faktaunderlag="Fakta") == {
        "namnd_diarienummer": [
            "Uppsägning och hävning beslutas av nämnden: ange nämndens diarienummer."
        ]
    }


@pytest.mark.django_db
def test_a_decision_records_what_it_was_taken_on(alice):
    avtal = AvtalFactory()
    paus = decide(
        avtal,
        BeslutTyp.PAUS,
        alice,
        datum=DAY,
        beslutsfattare="Enhetschef Avtal",
        faktaunderlag="IVO:s beslut 2024-05-20 kräver återrapportering av åtgärder.",
        namnd_diarienummer="SCN-2024-00400",
        omprovning_datum=datetime.date(2024, 9, 1),
    )
    assert avtal.status == AvtalStatus.PAUSAD  # the caller's instance follows
    lift = decide(avtal, BeslutTyp.HAV_PAUS, alice, datum=datetime.date(2024, 6, 10))
    stored = Beslut.objects.get(pk=paus.pk)
    assert (stored.typ, stored.datum, stored.beslutsfattare) == (
        BeslutTyp.PAUS,
        DAY,
        "Enhetschef Avtal",
    )
    assert stored.skal_id == BeslutSkal.IVO_ARENDE
    assert stored.faktaunderlag == "IVO:s beslut 2024-05-20 kräver återrapportering av åtgärder."
    assert stored.namnd_diarienummer == "SCN-2024-00400"
    assert stored.omprovning_datum == datetime.date(2024, 9, 1)
    # Only a pause is re-assessed: a lift keeps no re-assessment date.
    assert Beslut.objects.get(pk=lift.pk).omprovning_datum is None
    assert previous_decision_date(avtal) == datetime.date(2024, 6, 10)
    assert avtal.history.order_by("-history_date", "-pk").first().history_change_reason == (
        "Beslut: Upphävd uteslutning (åter aktivt)"
    )


@pytest.mark.django_db
def test_a_decision_names_its_reason_by_kod(alice):
    avtal = AvtalFactory()
    assert previous_decision_date(avtal) is None
    beslut = decide(avtal, BeslutTyp.PAUS, alice, skal="ivo_arende")
    assert Beslut.objects.get(pk=beslut.pk).skal_id == "ivo_arende"


@pytest.mark.django_db
def test_a_termination_without_the_committees_number_is_refused_by_default(alice):
    avtal = AvtalFactory()
    with pytest.raises(ValidationError) as error:
        avtal_fatta_beslut(
            avtal=avtal,
            typ=BeslutTyp.UPPSAGNING,
            datum=DAY,
            beslutsfattare="Socialnämnden",
            skal=BeslutSkal.IVO_ARENDE,
            faktaunderlag="Tillståndet återkallat.",
            user=alice,
        )
    assert list(error.value.message_dict) == ["namnd_diarienummer"]
    assert not Beslut.objects.exists()
