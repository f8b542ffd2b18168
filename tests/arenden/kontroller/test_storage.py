"""Storing checks, comparing two of them, and raising exactly one signal."""

import datetime
import hashlib
import json

import pytest
from django.utils import timezone

from arenden.avropskontroll import load_facts, verdict_for
from arenden.kontroller.jamforelse import jamfor
from arenden.kontroller.parsing import KontrollFel, parse_ivo, parse_kredit
from arenden.kontroller.storage import ansvarig_strateg, store_check
from arenden.models import IvoKontroll, Kreditkontroll, Signal, Utslag
from leverantorer.models import units_of
from tests.arenden.kontroller.stubserver import ivo_answer, kredit_answer
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory


def ivo(**overrides):
    return parse_ivo(json.dumps(ivo_answer(**overrides)).encode())


def kredit(**overrides):
    return parse_kredit(json.dumps(kredit_answer(**overrides)).encode())


@pytest.fixture
def unit(alice):
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice))
    return VerksamhetFactory(leverantor=avtal.leverantor)


def save_ivo(unit, answer, **kwargs):
    return store_check(typ="ivo", amne_id=unit.pk, utfall=answer, kalla="http", **kwargs)


@pytest.mark.django_db
def test_a_check_stores_source_time_result_and_answer_hash(unit):
    answer = ivo(oppna_tillsynsarenden=0)
    check, signal = save_ivo(unit, answer)
    check.refresh_from_db()
    assert check.status == "ok" and check.kalla == "http"
    assert check.tillstand == "giltigt" and check.senaste_tillsyn == datetime.date(2026, 4, 1)
    assert check.svar_sha256 == hashlib.sha256(answer.raw).hexdigest()
    assert check.kontrollerad <= timezone.now()
    assert signal is None


@pytest.mark.django_db
def test_a_failure_is_stored_as_failed_with_its_message(unit):
    check, signal = save_ivo(unit, KontrollFel("Svaret var inte giltig JSON.", raw=b"<html>"))
    assert check.status == "misslyckad"
    assert check.felmeddelande == "Svaret var inte giltig JSON."
    assert check.svar_sha256 == hashlib.sha256(b"<html>").hexdigest()
    assert check.tillstand == "okant"
    assert signal is None


@pytest.mark.django_db
def test_a_revoked_permit_creates_exactly_one_signal_for_the_strategist(unit, alice):
    save_ivo(unit, ivo())
    _check, signal = save_ivo(unit, ivo(tillstand="aterkallat"))
    assert signal is not None
    assert signal.kalla == "ivo" and signal.ansvarig == alice and signal.registrerad_av is None
    assert signal.leverantor_id == unit.leverantor_id and signal.verksamhet_id == unit.pk
    assert signal.allvarlig
    assert "tillstånd återkallat" in signal.beskrivning
    assert "Inget avtal har pausats" in signal.beskrivning
    # Running the same check again sees no new worsening.
    _check, again = save_ivo(unit, ivo(tillstand="aterkallat"))
    assert again is None
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_two_checks_on_the_same_baseline_share_one_signal(unit):
    baseline, _ = save_ivo(unit, ivo())
    first, signal = save_ivo(unit, ivo(oppna_tillsynsarenden=1, krav_pa_aterrapportering=True))
    # A racing check that still compared against `baseline` (simulated by
    # deleting nothing: we call the same comparison through the dedupe key).
    first.delete()
    _second, duplicate = save_ivo(unit, ivo(oppna_tillsynsarenden=1, krav_pa_aterrapportering=True))
    assert signal is not None and duplicate is None
    assert Signal.objects.count() == 1
    assert not signal.allvarlig


@pytest.mark.django_db
def test_a_failed_check_is_no_baseline(unit):
    save_ivo(unit, ivo(oppna_tillsynsarenden=1))
    save_ivo(unit, KontrollFel("Tjänsten svarade inte."))
    # Compared with the last successful check, nothing got worse.
    _check, signal = save_ivo(unit, ivo(oppna_tillsynsarenden=1))
    assert signal is None


@pytest.mark.django_db
def test_a_first_check_that_finds_a_problem_raises_a_signal(unit):
    _check, signal = save_ivo(unit, ivo(vilande=True))
    assert signal is not None and "Vilande: okänt → ja" in signal.beskrivning


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("after", "worse"),
    [
        ({"skatteskulder": {"belopp": "1000.00", "sedan": "2026-09-01"}}, True),
        ({"betalningsanmarkningar": {"antal": 1, "senaste": "2026-09-01"}}, True),
        ({"konkurs": {"status": True, "datum": "2026-09-01"}}, True),
        ({"likvidation": {"status": True, "datum": "2026-09-01"}}, True),
        ({"avregistrerad": {"status": True, "datum": "2026-09-01"}}, True),
        ({"rating": "B", "score": 20}, False),
    ],
)
def test_credit_worsenings(alice, after, worse):
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice))
    supplier_id = avtal.leverantor_id
    store_check(typ="kredit", amne_id=supplier_id, utfall=kredit(), kalla="demo")
    _check, signal = store_check(
        typ="kredit", amne_id=supplier_id, utfall=kredit(**after), kalla="demo"
    )
    assert (signal is not None) == worse
    if worse:
        assert signal.kalla == "kredit" and signal.verksamhet is None and signal.ansvarig == alice


@pytest.mark.django_db
def test_comparison_lists_changes_and_marks_worsenings(unit):
    fore, _ = save_ivo(unit, ivo(oppna_tillsynsarenden=2, senaste_tillsyn="2025-04-01"))
    efter, _ = save_ivo(unit, ivo(oppna_tillsynsarenden=1, senaste_tillsyn="2026-04-01"))
    changes = {c.falt: c for c in jamfor(fore, efter)}
    assert set(changes) == {"oppna_tillsynsarenden", "senaste_tillsyn"}
    assert not changes["oppna_tillsynsarenden"].forsamring  # fewer cases is better
    assert changes["senaste_tillsyn"].text == "Senaste tillsyn: 2025-04-01 → 2026-04-01"
    worse, _ = save_ivo(unit, ivo(tillstand="saknas", oppna_tillsynsarenden=3))
    changes = {c.falt: c for c in jamfor(efter, worse)}
    assert changes["tillstand"].forsamring and changes["oppna_tillsynsarenden"].forsamring
    assert changes["tillstand"].text == "Tillstånd: giltigt tillstånd → tillstånd saknas"
    assert jamfor(worse, worse) == []


@pytest.mark.django_db
def test_credit_comparison_shows_dates_and_amounts():
    avtal = AvtalFactory()
    fore = Kreditkontroll(leverantor=avtal.leverantor, **kredit().falt)
    efter = Kreditkontroll(
        leverantor=avtal.leverantor,
        **kredit(skatteskulder={"belopp": "500.00", "sedan": "2026-10-01"}).falt,
    )
    texts = [c.text for c in jamfor(fore, efter)]
    assert "Skatteskulder: nej → ja" in texts
    assert "Skatteskuld (kr): 0.00 → 500.00" in texts
    assert "Skatteskuld sedan: okänt → 2026-10-01" in texts


@pytest.mark.django_db
def test_the_responsible_strategist_comes_from_the_units_contract(alice, django_user_model):
    bob = django_user_model.objects.create_user("bob")
    unit = VerksamhetFactory()
    other_unit = VerksamhetFactory(leverantor=unit.leverantor)
    named = AvtalFactory(
        leverantor=unit.leverantor, ramavtal=RamavtalFactory(namn="A", ansvarig_strateg=bob)
    )
    named.verksamheter.add(other_unit)
    AvtalFactory(
        leverantor=unit.leverantor, ramavtal=RamavtalFactory(namn="B", ansvarig_strateg=alice)
    )
    assert ansvarig_strateg(unit.leverantor_id, unit.pk) == alice.pk
    assert ansvarig_strateg(unit.leverantor_id, other_unit.pk) == bob.pk
    assert ansvarig_strateg(unit.leverantor_id) == bob.pk  # "A" sorts first


@pytest.mark.django_db
def test_a_strategist_who_left_is_not_given_the_signal(unit, alice, django_user_model):
    gone = django_user_model.objects.create_user("gone", is_active=False)
    AvtalFactory(
        leverantor=unit.leverantor, ramavtal=RamavtalFactory(namn="A", ansvarig_strateg=gone)
    )
    assert ansvarig_strateg(unit.leverantor_id, unit.pk) == alice.pk
    alice.is_active = False
    alice.save()
    save_ivo(unit, ivo())
    _check, signal = save_ivo(unit, ivo(tillstand="aterkallat"))
    assert signal.ansvarig is None  # unassigned: every strategist's start page shows it


@pytest.mark.django_db
def test_avropskontroll_shows_a_failed_automatic_check_as_unknown_never_fine(unit):
    store_check(typ="kredit", amne_id=unit.leverantor_id, utfall=kredit(), kalla="http")
    save_ivo(unit, KontrollFel("Inloggningen hos IVO-källan nekades (status 401)."))
    assert IvoKontroll.objects.get().status == "misslyckad"
    avtals = list(unit.leverantor.avtal.select_related("leverantor", "ramavtal"))
    units = units_of(avtals)
    verdict = verdict_for(load_facts(avtals, units)[(avtals[0].pk, unit.pk)])
    assert verdict.utslag == Utslag.VARNING
    assert any("kunde inte genomföras" in s.text for s in verdict.skal)


@pytest.mark.django_db
def test_an_ended_contracts_strategist_is_not_given_the_signal(unit, alice, django_user_model):
    # "A" sorts first, but its contract has ended: the paused "B" is the live one.
    bob = django_user_model.objects.create_user("bob")
    unit.leverantor.avtal.update(status="pausad")
    AvtalFactory(
        leverantor=unit.leverantor,
        ramavtal=RamavtalFactory(namn="A", ansvarig_strateg=bob),
        status="upphort",
    )
    assert ansvarig_strateg(unit.leverantor_id, unit.pk) == alice.pk
    assert ansvarig_strateg(unit.leverantor_id) == alice.pk
