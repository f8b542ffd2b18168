"""The coverage rule: every approved unit followed up at least every N years."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arenden.models import PlaneradStatus
from arenden.tackning import forsenade_verksamheter
from leverantorer.models import AvtalStatus
from ramavtal.models import Ramavtal, Upphandlingsform
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory

pytestmark = pytest.mark.django_db
D = datetime.date
PLAN_YEAR = 2025
LONG_AGO = D(2016, 1, 1)


def lov(namn="Boendestöd LOV", intervall=3):
    return RamavtalFactory(
        namn=namn,
        upphandlingsform=Upphandlingsform.LOV,
        startdatum=D(2015, 1, 1),
        slutdatum=None,
        slutdatum_inkl_option=None,
        uppfoljningsintervall_ar=intervall,
    )


def approved(ramavtal, namn, *, start=LONG_AGO, status=AvtalStatus.AKTIV, name_unit=True):
    unit = VerksamhetFactory(namn=namn)
    avtal = AvtalFactory(
        ramavtal=ramavtal,
        leverantor=unit.leverantor,
        rangordning=None,
        startdatum=start,
        status=status,
    )
    if name_unit:
        avtal.verksamheter.add(unit)
    return unit


def followed_up(ramavtal, unit, ar, status=PlaneradStatus.GENOMFORD):
    UrvalRadFactory(
        uppfoljning=SarskildFactory(ramavtal=ramavtal, ar=ar),
        leverantor=unit.leverantor,
        verksamhet=unit,
        status=status,
    )


def overdue_names(ramavtal_qs=None, ar=PLAN_YEAR):
    result = forsenade_verksamheter(ramavtal_qs or Ramavtal.objects.all(), ar)
    return {t.ramavtal.namn: sorted(f.verksamhet.namn for f in t.forsenade) for t in result}


def test_a_unit_never_followed_up_is_overdue():
    system = lov()
    approved(system, "Solgläntan")
    assert overdue_names() == {"Boendestöd LOV": ["Solgläntan"]}
    (tackning,) = forsenade_verksamheter(Ramavtal.objects.all(), PLAN_YEAR)
    assert tackning.intervall == 3
    assert tackning.antal_verksamheter == 1
    assert tackning.forsenade[0].senast is None


def test_followed_up_four_years_ago_with_interval_three_is_overdue():
    system = lov()
    unit = approved(system, "Solgläntan")
    followed_up(system, unit, 2021)
    (tackning,) = forsenade_verksamheter(Ramavtal.objects.all(), PLAN_YEAR)
    assert [(f.verksamhet.namn, f.senast) for f in tackning.forsenade] == [("Solgläntan", 2021)]


def test_followed_up_two_years_ago_is_not_overdue():
    system = lov()
    unit = approved(system, "Solgläntan")
    followed_up(system, unit, 2023)
    assert overdue_names() == {"Boendestöd LOV": []}


def test_followed_up_exactly_n_years_ago_is_due_this_year_but_not_overdue():
    system = lov()
    unit = approved(system, "Solgläntan")
    followed_up(system, unit, 2022)
    assert overdue_names() == {"Boendestöd LOV": []}
    assert overdue_names(ar=2026) == {"Boendestöd LOV": ["Solgläntan"]}


def test_a_unit_whose_contract_began_last_year_is_not_overdue():
    system = lov()
    approved(system, "Nyköping stöd", start=D(2024, 6, 1))
    assert overdue_names() == {"Boendestöd LOV": []}


def test_a_contract_without_start_counts_from_the_systems_start():
    system = lov()
    approved(system, "Okänd start", start=None)
    assert overdue_names() == {"Boendestöd LOV": ["Okänd start"]}


def test_a_unit_of_an_ended_contract_is_not_counted():
    system = lov()
    approved(system, "Stängd", status=AvtalStatus.UPPHORT)
    approved(system, "Hävd", status=AvtalStatus.HAVT)
    approved(system, "Pausad", status=AvtalStatus.PAUSAD)
    (tackning,) = forsenade_verksamheter(Ramavtal.objects.all(), PLAN_YEAR)
    assert tackning.antal_verksamheter == 1
    assert [f.verksamhet.namn for f in tackning.forsenade] == ["Pausad"]


def test_only_done_rows_count():
    system = lov()
    moved = approved(system, "Flyttad")
    cancelled = approved(system, "Inställd")
    followed_up(system, moved, 2024, status=PlaneradStatus.FLYTTAD)
    followed_up(system, cancelled, 2024, status=PlaneradStatus.INSTALLD)
    assert overdue_names() == {"Boendestöd LOV": ["Flyttad", "Inställd"]}


def test_a_follow_up_under_another_agreement_does_not_count():
    system = lov()
    other = RamavtalFactory(namn="HVB")
    unit = approved(system, "Solgläntan")
    followed_up(other, unit, 2024)
    assert overdue_names(Ramavtal.objects.filter(pk=system.pk)) == {
        "Boendestöd LOV": ["Solgläntan"]
    }


def test_a_follow_up_after_the_plan_year_does_not_count():
    system = lov()
    unit = approved(system, "Solgläntan")
    followed_up(system, unit, 2026)
    assert overdue_names() == {"Boendestöd LOV": ["Solgläntan"]}


def test_a_contract_naming_no_unit_covers_all_the_suppliers_units():
    system = lov()
    unit = approved(system, "Huvudenheten", name_unit=False)
    VerksamhetFactory(namn="Filialen", leverantor=unit.leverantor)
    assert overdue_names() == {"Boendestöd LOV": ["Filialen", "Huvudenheten"]}


def test_a_lou_agreement_without_interval_is_unaffected():
    lou = RamavtalFactory(namn="HVB barn och unga", startdatum=D(2015, 1, 1))
    approved(lou, "Gammalt hem")
    assert forsenade_verksamheter(Ramavtal.objects.all(), PLAN_YEAR) == []


def test_a_choice_system_without_interval_is_left_to_the_plan():
    system = lov(intervall=None)
    approved(system, "Solgläntan")
    assert forsenade_verksamheter(Ramavtal.objects.all(), PLAN_YEAR) == []


def test_queries_do_not_grow_with_agreements_or_units():
    for n in range(3):
        system = lov(namn=f"LOV {n}")
        for m in range(4):
            unit = approved(system, f"Enhet {n}-{m}", name_unit=m % 2 == 0)
            if m == 1:
                followed_up(system, unit, 2021)
    with CaptureQueriesContext(connection) as queries:
        result = forsenade_verksamheter(Ramavtal.objects.all(), PLAN_YEAR)
        names = [f.verksamhet.namn for t in result for f in t.forsenade]
    assert len(queries) == 5
    assert len(result) == 3
    assert len(names) == 12
