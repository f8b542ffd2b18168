"""The verdict's facts as load_facts reads them from the database.

The verdict itself is tested on plain facts (test_avropskontroll.py); these
tests are about which rows become facts: the newest check, only this unit's
or the whole supplier's cases and findings, only open ones, only this
supplier's, and a cost that does not grow with the number of contracts.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from arenden.avropskontroll import load_facts, verdict_for
from arenden.models import (
    Allvarlighet,
    Brist,
    BristStatus,
    IvoKontroll,
    Kontrollstatus,
    Kreditkontroll,
    Uppfoljning,
    UppfoljningStatus,
    UppfoljningTyp,
    Utslag,
)
from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import Avtal, BeslutSkal, BeslutTyp, Tillstandsstatus, units_of
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))


def at(days_ago):
    return NOW - datetime.timedelta(days=days_ago)


def ivo_check(unit, days_ago, status=Kontrollstatus.OK, **extra):
    values = {
        "tillstand": Tillstandsstatus.GILTIGT,
        "vilande": False,
        "krav_pa_aterrapportering": False,
    }
    values.update(extra)
    return IvoKontroll.objects.create(
        verksamhet=unit, kalla="manuell", status=status, kontrollerad=at(days_ago), **values
    )


def credit_check(leverantor, days_ago, status=Kontrollstatus.OK, **extra):
    values = {"betalningsanmarkningar": False, "skatteskulder": False}
    values.update(extra)
    return Kreditkontroll.objects.create(
        leverantor=leverantor, kalla="manuell", status=status, kontrollerad=at(days_ago), **values
    )


def case(user, leverantor, verksamhet=None, **extra):
    values = {"typ": UppfoljningTyp.HANDELSSTYRD, "oppnad": datetime.date(2026, 10, 1)}
    values.update(extra)
    return Uppfoljning.objects.create(
        rubrik="Signal från IVO",
        leverantor=leverantor,
        verksamhet=verksamhet,
        ansvarig=user,
        **values,
    )


def finding(leverantor, verksamhet=None, **extra):
    values = {"allvarlighet": Allvarlighet.ALLVARLIG}
    values.update(extra)
    return Brist.objects.create(
        leverantor=leverantor,
        verksamhet=verksamhet,
        beskrivning="Ingen nattpersonal.",
        krav="Bemanna natten enligt avtalet.",
        konstaterad=datetime.date(2026, 10, 1),
        atgard_senast=datetime.date(2026, 12, 1),
        **values,
    )


def facts_for(*avtal):
    avtal_list = list(
        Avtal.objects.filter(pk__in=[a.pk for a in avtal]).select_related("leverantor", "ramavtal")
    )
    return load_facts(avtal_list, units_of(avtal_list))


@pytest.fixture
def register():
    """One supplier with two units (hem, utsluss) under one contract, and another supplier."""
    avtal = AvtalFactory()
    hem = VerksamhetFactory(leverantor=avtal.leverantor, namn="A hem")
    utsluss = VerksamhetFactory(leverantor=avtal.leverantor, namn="B utsluss")
    other = AvtalFactory(ramavtal=avtal.ramavtal)
    other_unit = VerksamhetFactory(leverantor=other.leverantor, namn="C annan")
    for unit in (hem, utsluss, other_unit):
        ivo_check(unit, days_ago=3)
    credit_check(avtal.leverantor, days_ago=3)
    credit_check(other.leverantor, days_ago=3)
    return {
        "avtal": avtal,
        "hem": hem,
        "utsluss": utsluss,
        "other": other,
        "other_unit": other_unit,
    }


def test_every_unit_of_every_contract_gets_facts(register):
    facts = facts_for(register["avtal"], register["other"])
    assert set(facts) == {
        (register["avtal"].pk, register["hem"].pk),
        (register["avtal"].pk, register["utsluss"].pk),
        (register["other"].pk, register["other_unit"].pk),
    }
    assert all(verdict_for(f, now=NOW).utslag == Utslag.KLAR for f in facts.values())


def test_the_newest_ivo_check_wins_even_when_it_failed(register):
    hem = register["hem"]
    older_ok = ivo_check(hem, days_ago=2)
    newer_failed = ivo_check(hem, days_ago=1, status=Kontrollstatus.MISSLYCKAD)
    # Stored after the newer one: the date decides, not the order of entry.
    ivo_check(hem, days_ago=10)
    fakta = facts_for(register["avtal"])[(register["avtal"].pk, hem.pk)]
    assert fakta.ivo == newer_failed
    assert fakta.ivo != older_ok
    verdict = verdict_for(fakta, now=NOW)
    assert verdict.utslag == Utslag.VARNING
    assert [s.text for s in verdict.skal] == [
        "Senaste IVO-kontrollen (2026-11-19) kunde inte genomföras – "
        "kontrollera i IVO:s Placeringsstöd."
    ]


def test_the_newest_ivo_check_wins_over_an_older_failed_one(register):
    hem = register["hem"]
    ivo_check(hem, days_ago=2, status=Kontrollstatus.MISSLYCKAD)
    newer_ok = ivo_check(hem, days_ago=1)
    fakta = facts_for(register["avtal"])[(register["avtal"].pk, hem.pk)]
    assert fakta.ivo == newer_ok
    assert verdict_for(fakta, now=NOW).utslag == Utslag.KLAR


def test_of_two_ivo_checks_at_the_same_moment_the_later_entry_wins(register):
    hem = register["hem"]
    ivo_check(hem, days_ago=1)
    later = ivo_check(hem, days_ago=1, tillstand=Tillstandsstatus.ATERKALLAT)
    fakta = facts_for(register["avtal"])[(register["avtal"].pk, hem.pk)]
    assert fakta.ivo == later
    assert verdict_for(fakta, now=NOW).utslag == Utslag.STOPP


def test_another_units_ivo_check_is_not_this_units(register):
    revoked = ivo_check(register["utsluss"], days_ago=1, tillstand=Tillstandsstatus.ATERKALLAT)
    facts = facts_for(register["avtal"])
    hem_facts = facts[(register["avtal"].pk, register["hem"].pk)]
    assert hem_facts.ivo.verksamhet_id == register["hem"].pk
    assert verdict_for(hem_facts, now=NOW).utslag == Utslag.KLAR
    assert facts[(register["avtal"].pk, register["utsluss"].pk)].ivo == revoked


def test_the_newest_credit_check_wins_even_when_it_failed(register):
    leverantor = register["avtal"].leverantor
    credit_check(leverantor, days_ago=2)
    newer_failed = credit_check(leverantor, days_ago=1, status=Kontrollstatus.MISSLYCKAD)
    credit_check(leverantor, days_ago=20)
    facts = facts_for(register["avtal"])
    for unit in ("hem", "utsluss"):
        fakta = facts[(register["avtal"].pk, register[unit].pk)]
        assert fakta.kredit == newer_failed
        assert verdict_for(fakta, now=NOW).utslag == Utslag.VARNING


def test_the_newest_credit_check_wins_over_an_older_remark(register):
    leverantor = register["avtal"].leverantor
    credit_check(leverantor, days_ago=2, betalningsanmarkningar=True)
    newer_clean = credit_check(leverantor, days_ago=1)
    fakta = facts_for(register["avtal"])[(register["avtal"].pk, register["hem"].pk)]
    assert fakta.kredit == newer_clean
    assert verdict_for(fakta, now=NOW).utslag == Utslag.KLAR


def test_another_suppliers_credit_check_is_not_this_suppliers(register):
    bankrupt = credit_check(register["other"].leverantor, days_ago=1, konkurs=True)
    facts = facts_for(register["avtal"], register["other"])
    fakta = facts[(register["avtal"].pk, register["hem"].pk)]
    assert fakta.kredit.leverantor_id == register["avtal"].leverantor_id
    assert verdict_for(fakta, now=NOW).utslag == Utslag.KLAR
    assert facts[(register["other"].pk, register["other_unit"].pk)].kredit == bankrupt


def test_a_case_on_another_unit_of_the_same_supplier_is_ignored(register, alice):
    on_utsluss = case(alice, register["avtal"].leverantor, register["utsluss"])
    facts = facts_for(register["avtal"])
    assert facts[(register["avtal"].pk, register["hem"].pk)].oppna_arenden == []
    assert facts[(register["avtal"].pk, register["utsluss"].pk)].oppna_arenden == [on_utsluss]


def test_a_finding_on_another_unit_of_the_same_supplier_is_ignored(register):
    on_utsluss = finding(register["avtal"].leverantor, register["utsluss"])
    facts = facts_for(register["avtal"])
    hem_facts = facts[(register["avtal"].pk, register["hem"].pk)]
    assert hem_facts.allvarliga_brister == []
    assert verdict_for(hem_facts, now=NOW).utslag == Utslag.KLAR
    utsluss_facts = facts[(register["avtal"].pk, register["utsluss"].pk)]
    assert utsluss_facts.allvarliga_brister == [on_utsluss]
    assert verdict_for(utsluss_facts, now=NOW).utslag == Utslag.VARNING


def test_a_case_and_a_finding_about_the_whole_supplier_concern_every_unit(register, alice):
    whole_case = case(alice, register["avtal"].leverantor)
    whole_finding = finding(register["avtal"].leverantor)
    facts = facts_for(register["avtal"])
    for unit in ("hem", "utsluss"):
        fakta = facts[(register["avtal"].pk, register[unit].pk)]
        assert fakta.oppna_arenden == [whole_case]
        assert fakta.allvarliga_brister == [whole_finding]


def test_closed_cases_and_fixed_or_escalated_findings_are_ignored(register, alice):
    leverantor = register["avtal"].leverantor
    case(
        alice,
        leverantor,
        status=UppfoljningStatus.AVSLUTAD,
        avslutad=datetime.date(2026, 10, 15),
    )
    finding(leverantor, status=BristStatus.ATGARDAD, atgardad=datetime.date(2026, 10, 20))
    finding(leverantor, status=BristStatus.EJ_ATGARDAD)
    fakta = facts_for(register["avtal"])[(register["avtal"].pk, register["hem"].pk)]
    assert fakta.oppna_arenden == []
    assert fakta.allvarliga_brister == []
    assert verdict_for(fakta, now=NOW).utslag == Utslag.KLAR


def test_open_special_follow_ups_and_findings_that_are_not_serious_are_ignored(register, alice):
    leverantor = register["avtal"].leverantor
    case(
        alice, leverantor, typ=UppfoljningTyp.SARSKILD, ramavtal=register["avtal"].ramavtal, ar=2026
    )
    finding(leverantor, allvarlighet=Allvarlighet.MEDEL)
    fakta = facts_for(register["avtal"])[(register["avtal"].pk, register["hem"].pk)]
    assert fakta.oppna_arenden == []
    assert fakta.allvarliga_brister == []


def test_another_suppliers_case_and_finding_are_ignored(register, alice):
    other_case = case(alice, register["other"].leverantor)
    other_finding = finding(register["other"].leverantor)
    facts = facts_for(register["avtal"], register["other"])
    for unit in ("hem", "utsluss"):
        fakta = facts[(register["avtal"].pk, register[unit].pk)]
        assert fakta.oppna_arenden == []
        assert fakta.allvarliga_brister == []
    other_facts = facts[(register["other"].pk, register["other_unit"].pk)]
    assert other_facts.oppna_arenden == [other_case]
    assert other_facts.allvarliga_brister == [other_finding]


def test_the_latest_pause_is_the_one_shown(register, alice):
    avtal = register["avtal"]

    def decide(typ, datum, **extra):
        return avtal_fatta_beslut(
            avtal=avtal,
            typ=typ,
            datum=datum,
            beslutsfattare="Enhetschef",
            skal=BeslutSkal.EKONOMI,
            faktaunderlag="Kreditupplysningen visar skatteskulder.",
            user=alice,
            **extra,
        )

    decide(BeslutTyp.PAUS, datetime.date(2026, 3, 1), omprovning_datum=datetime.date(2026, 5, 1))
    decide(BeslutTyp.HAV_PAUS, datetime.date(2026, 5, 1))
    second = decide(
        BeslutTyp.PAUS, datetime.date(2026, 9, 1), omprovning_datum=datetime.date(2026, 12, 1)
    )
    fakta = facts_for(avtal)[(avtal.pk, register["hem"].pk)]
    assert fakta.paus == second
    verdict = verdict_for(fakta, now=NOW)
    assert verdict.utslag == Utslag.STOPP
    assert verdict.skal[0].text.startswith(
        "Avtalet är tillfälligt uteslutet från avrop sedan 2026-09-01:"
    )


def _queries_for(avtal_list):
    avtal_list = list(
        Avtal.objects.filter(pk__in=[a.pk for a in avtal_list]).select_related(
            "leverantor", "ramavtal"
        )
    )
    units = units_of(avtal_list)
    with CaptureQueriesContext(connection) as context:
        facts = load_facts(avtal_list, units)
    return len(context.captured_queries), facts


def _contract_with_everything(ramavtal, user):
    avtal = AvtalFactory(ramavtal=ramavtal)
    for name in ("hem", "utsluss"):
        unit = VerksamhetFactory(leverantor=avtal.leverantor, namn=name)
        ivo_check(unit, days_ago=5)
        ivo_check(unit, days_ago=1)
        finding(avtal.leverantor, unit)
    credit_check(avtal.leverantor, days_ago=5)
    credit_check(avtal.leverantor, days_ago=1)
    case(user, avtal.leverantor)
    return avtal


def test_the_facts_cost_the_same_number_of_queries_for_one_contract_or_many(alice):
    ramavtal = RamavtalFactory()
    one = [_contract_with_everything(ramavtal, alice)]
    few_count, few = _queries_for(one)
    many = one + [_contract_with_everything(ramavtal, alice) for _ in range(5)]
    many_count, facts = _queries_for(many)
    assert len(few) == 2 and len(facts) == 12
    assert many_count == few_count
