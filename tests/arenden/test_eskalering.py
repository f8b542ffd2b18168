import datetime

import pytest

from arenden.eskalering import escalation_proposals, pending_deviations
from arenden.models import Allvarlighet, Avvikelse, Eskaleringsregel, Hanteringsstatus
from tests.factories import LeverantorFactory

TODAY = datetime.date(2024, 10, 1)


def report(leverantor, user, days_ago, allvarlighet=Allvarlighet.LAG, status=Hanteringsstatus.NY):
    return Avvikelse.objects.create(
        leverantor=leverantor,
        datum=TODAY - datetime.timedelta(days=days_ago),
        kategori_id="fakturering",
        allvarlighet=allvarlighet,
        beskrivning="Fel belopp",
        rapporterad_av=user,
        status=status,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("deviations", "proposed"),
    [
        ([10, 100, 300], True),  # three within twelve months
        ([10, 100], False),  # two are not enough
        ([10, 100, 400], False),  # the third is older than twelve months
    ],
)
def test_repeated_deviations_propose_a_case(sixten, deviations, proposed):
    leverantor = LeverantorFactory()
    for days in deviations:
        report(leverantor, sixten, days)
    result = escalation_proposals(on=TODAY)
    assert [p.leverantor for p in result] == ([leverantor] if proposed else [])


@pytest.mark.django_db
def test_one_serious_deviation_is_enough(sixten):
    leverantor = LeverantorFactory()
    report(leverantor, sixten, 5, Allvarlighet.ALLVARLIG)
    [proposal] = escalation_proposals(on=TODAY)
    assert proposal.leverantor == leverantor
    assert proposal.skal == "1 allvarlig(a) avvikelse(r)"


@pytest.mark.django_db
def test_deviations_already_in_a_case_do_not_count(sixten):
    leverantor = LeverantorFactory()
    for days in (1, 2, 3):
        report(leverantor, sixten, days, status=Hanteringsstatus.ARENDE)
    assert escalation_proposals(on=TODAY) == []


@pytest.mark.django_db
def test_the_rule_is_data(sixten):
    leverantor = LeverantorFactory()
    report(leverantor, sixten, 10)
    report(leverantor, sixten, 20)
    rule = Eskaleringsregel.current()
    rule.antal_avvikelser = 2
    rule.allvarlig_direkt = False
    rule.save()
    [proposal] = escalation_proposals(on=TODAY)
    assert proposal.skal == "2 avvikelser inom 12 månader"
    assert set(pending_deviations(leverantor, on=TODAY)) == set(Avvikelse.objects.all())


@pytest.mark.django_db
def test_the_rule_ships_with_three_in_twelve_months():
    rule = Eskaleringsregel.current()
    assert (rule.antal_avvikelser, rule.manader, rule.allvarlig_direkt) == (3, 12, True)
