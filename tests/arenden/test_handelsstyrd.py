import datetime

import pytest
from django.core.exceptions import ValidationError

from arenden.handelsstyrd import handelsstyrd_oppna, uppfoljning_avsluta
from arenden.models import (
    Avvikelse,
    Brist,
    BristStatus,
    Hanteringsstatus,
    UppfoljningStatus,
    Utfall,
)
from leverantorer.models import AvtalStatus, Beslut
from tests.factories import AvtalFactory

DECISION = {
    "datum": datetime.date(2024, 6, 3),
    "beslutsfattare": "Enhetschef",
    "skal": "brister",
    "faktaunderlag": "",
    "namnd_diarienummer": "SCN-2024-00500",
    "omprovning_datum": datetime.date(2024, 9, 1),
}


def open_case(alice, avtal, **extra):
    return handelsstyrd_oppna(
        leverantor=avtal.leverantor,
        rubrik="Upprepade avvikelser",
        utlosande="Tre avvikelser",
        ansvarig=alice,
        user=alice,
        **extra,
    )


def staffing_deviation(avtal, reporter):
    return Avvikelse.objects.create(
        leverantor=avtal.leverantor,
        kategori_id="bemanning",
        beskrivning="Ingen personal",
        rapporterad_av=reporter,
    )


@pytest.mark.django_db
def test_opening_a_case_ties_its_triggers(alice, sixten):
    avtal = AvtalFactory()
    avvikelse = staffing_deviation(avtal, sixten)
    case = open_case(alice, avtal, avvikelser=[avvikelse])
    avvikelse.refresh_from_db()
    assert avvikelse.status == Hanteringsstatus.ARENDE
    assert list(case.avvikelser.all()) == [avvikelse]
    assert {h.history_user for h in case.history.all()} == {alice}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("utfall", "status"),
    [
        (Utfall.TILLFALLIG_UTESLUTNING, AvtalStatus.PAUSAD),
        (Utfall.UPPSAGNING, AvtalStatus.UPPSAGT),
        (Utfall.HAVNING, AvtalStatus.HAVT),
    ],
)
def test_a_contract_outcome_goes_through_a_linked_decision(alice, utfall, status):
    avtal = AvtalFactory()
    case = open_case(alice, avtal)
    uppfoljning_avsluta(
        uppfoljning=case,
        utfall=utfall,
        bedomning="Bristerna är allvarliga.",
        avtal=avtal,
        beslut=dict(DECISION, faktaunderlag="Bristerna är allvarliga."),
        user=alice,
    )
    avtal.refresh_from_db()
    case.refresh_from_db()
    assert avtal.status == status
    assert case.beslut == Beslut.objects.get()
    assert case.beslut.faktaunderlag == "Bristerna är allvarliga."
    assert case.status == UppfoljningStatus.AVSLUTAD


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("utfall", "kwargs", "field"),
    [
        ("", {}, "utfall"),
        (Utfall.INGEN_ATGARD, {"bedomning": " "}, "bedomning"),
        (Utfall.KRAV_PA_RATTELSE, {}, "rattelse_senast"),
        (Utfall.TILLFALLIG_UTESLUTNING, {}, "avtal"),
    ],
)
def test_closing_needs_an_outcome_and_its_parts(alice, utfall, kwargs, field):
    avtal = AvtalFactory()
    case = open_case(alice, avtal)
    arguments = {"bedomning": "Bedömt.", **kwargs}
    with pytest.raises(ValidationError) as error:
        uppfoljning_avsluta(uppfoljning=case, utfall=utfall, user=alice, **arguments)
    assert field in error.value.message_dict
    case.refresh_from_db()
    assert case.status == UppfoljningStatus.OPPEN


@pytest.mark.django_db
def test_a_refused_decision_leaves_the_case_open(alice):
    avtal = AvtalFactory()
    case = open_case(alice, avtal)
    with pytest.raises(ValidationError):
        uppfoljning_avsluta(
            uppfoljning=case,
            utfall=Utfall.UPPSAGNING,
            bedomning="Bedömt.",
            avtal=avtal,
            beslut=dict(DECISION, namnd_diarienummer=""),
            user=alice,
        )
    case.refresh_from_db()
    avtal.refresh_from_db()
    assert case.status == UppfoljningStatus.OPPEN
    assert avtal.status == AvtalStatus.AKTIV
    assert not Beslut.objects.exists()


@pytest.mark.django_db
def test_an_unfixed_finding_escalates_into_a_case(alice):
    avtal = AvtalFactory()
    brist = Brist.objects.create(
        leverantor=avtal.leverantor,
        beskrivning="Bemanningsschema saknas",
        krav="Skicka in",
        atgard_senast=datetime.date(2024, 1, 31),
    )
    assert list(Brist.objects.past_deadline(datetime.date(2024, 2, 1))) == [brist]
    assert list(Brist.objects.past_deadline(datetime.date(2024, 1, 31))) == []
    case = open_case(alice, avtal, brist=brist)
    brist.refresh_from_db()
    assert brist.status == BristStatus.EJ_ATGARDAD
    assert brist.eskalerad_till == case
    assert list(Brist.objects.past_deadline(datetime.date(2024, 2, 1))) == []


@pytest.mark.django_db
def test_opening_and_closing_record_the_user_and_why_in_each_rows_history(alice, sixten):
    avtal = AvtalFactory()
    avvikelse = staffing_deviation(avtal, sixten)
    case = open_case(alice, avtal, avvikelser=[avvikelse])
    uppfoljning_avsluta(
        uppfoljning=case,
        utfall=Utfall.INGEN_ATGARD,
        bedomning="Bristen är åtgärdad.",
        user=alice,
    )

    latest = avvikelse.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        alice,
        "Kopplad till händelsestyrd uppföljning",
    )
    closed = case.history.first()
    assert (closed.history_user, closed.history_change_reason) == (
        alice,
        "Avslutad: Ingen åtgärd",
    )
