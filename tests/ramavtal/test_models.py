"""The framework agreement's shared reads: in force during a period, risk labels."""

import datetime

import pytest
from django.urls import reverse

from ramavtal.models import Ramavtal, Riskbedomning, Riskniva
from tests.factories import RamavtalFactory

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end_with_options", "expected"),
    [
        (D(2024, 12, 31), D(2030, 1, 1), True),  # starts on the period's last day
        (D(2025, 1, 1), D(2030, 1, 1), False),  # starts after it
        (D(2019, 1, 1), D(2024, 1, 1), True),  # runs out on its first day
        (D(2019, 1, 1), D(2023, 12, 31), False),  # ran out the day before
        (D(2024, 3, 1), D(2024, 6, 30), True),  # inside it
    ],
)
def test_an_agreement_is_in_force_during_a_period_options_included(
    start, end_with_options, expected
):
    ramavtal = RamavtalFactory(
        startdatum=start,
        slutdatum=min(end_with_options, D(2030, 1, 1)),
        slutdatum_inkl_option=end_with_options,
    )
    during = Ramavtal.objects.i_kraft_under(D(2024, 1, 1), D(2024, 12, 31))
    assert list(during) == ([ramavtal] if expected else [])


@pytest.mark.django_db
def test_current_is_in_force_on_one_day():
    ramavtal = RamavtalFactory(
        startdatum=D(2021, 3, 1), slutdatum=D(2024, 2, 28), slutdatum_inkl_option=D(2025, 2, 28)
    )
    assert list(Ramavtal.objects.current(D(2025, 2, 28))) == [ramavtal]
    assert list(Ramavtal.objects.current(D(2025, 3, 1))) == []
    assert list(Ramavtal.objects.current(D(2021, 2, 28))) == []


@pytest.mark.parametrize(
    ("niva", "label"),
    [("hog", "Hög"), ("medelhog", "Medelhög"), ("lag", "Låg"), (None, "Ej bedömd")],
)
def test_a_risk_level_is_labelled_from_the_choices(niva, label):
    assert Riskniva.label_for(niva) == label


@pytest.mark.django_db
def test_the_list_and_its_export_show_the_latest_risk_from_the_choices(client, alice):
    assessed = RamavtalFactory(namn="Bedömt avtal")
    RamavtalFactory(namn="Obedömt avtal")
    for datum, niva in [(D(2024, 1, 1), Riskniva.LAG), (D(2024, 6, 1), Riskniva.MEDELHOG)]:
        Riskbedomning.objects.create(ramavtal=assessed, datum=datum, niva=niva, motivering="M")
    client.force_login(alice)
    page = client.get(reverse("ramavtal:list"))
    labels = {r.namn: r.aktuell_risk_label for r in page.context["object_list"]}
    assert labels == {"Bedömt avtal": "Medelhög", "Obedömt avtal": "Ej bedömd"}
    assert "<td>Medelhög</td>" in page.text and "<td>Ej bedömd</td>" in page.text
    csv = client.get(reverse("ramavtal:list"), {"export": "csv"}).content.decode("utf-8-sig")
    assert ";Medelhög;" in csv and ";Ej bedömd;" in csv
