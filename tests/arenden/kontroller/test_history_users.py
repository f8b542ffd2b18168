"""Who the history names for work without a request: a scheduled sweep, a check, an import."""

import json
from types import SimpleNamespace

import pytest
from simple_history.models import HistoricalRecords

from arenden.kontroller.parsing import parse_ivo
from arenden.kontroller.storage import store_check
from arenden.kontroller.sweeps import sweep_start
from arenden.models import IvoKontroll, Signal
from arenden.tasks import sweep_run
from leverantorer.imports import apply_import, parse_import
from leverantorer.models import Leverantor
from tests.arenden.kontroller.stubserver import ivo_answer
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory, fake_orgnr
from uppfoljning.history import system_user

pytestmark = pytest.mark.django_db


def ivo(**overrides):
    return parse_ivo(json.dumps(ivo_answer(**overrides)).encode())


@pytest.fixture
def unit(alice):
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice))
    return VerksamhetFactory(leverantor=avtal.leverantor)


def test_a_scheduled_sweep_task_saves_its_checks_as_the_system_user(settings, unit):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    svep, _ = sweep_start(typ="ivo", anledning="schema")

    sweep_run(svep.pk)  # the task's own code, run in-process as a worker would

    check = IvoKontroll.objects.get(svep=svep)
    assert [h.history_user for h in check.history.all()] == [system_user()]
    assert check.registrerad_av is None  # no person registered it


def test_a_worsening_found_outside_a_request_raises_a_signal_as_the_system_user(unit):
    store_check(typ="ivo", amne_id=unit.pk, utfall=ivo(), kalla="http")
    _check, signal = store_check(
        typ="ivo", amne_id=unit.pk, utfall=ivo(tillstand="aterkallat"), kalla="http"
    )

    assert signal is not None
    assert [h.history_user for h in signal.history.all()] == [system_user()]
    assert Signal.objects.count() == 1


def test_a_check_stored_in_a_request_keeps_the_requests_user(unit, sam):
    HistoricalRecords.context.request = SimpleNamespace(user=sam)
    try:
        store_check(typ="ivo", amne_id=unit.pk, utfall=ivo(), kalla="http")
        _check, signal = store_check(
            typ="ivo", amne_id=unit.pk, utfall=ivo(tillstand="aterkallat"), kalla="http"
        )
    finally:
        del HistoricalRecords.context.request

    assert {h.history_user for h in IvoKontroll.history.all()} == {sam}
    assert [h.history_user for h in signal.history.all()] == [sam]


def test_an_import_with_no_person_behind_it_saves_as_the_system_user(django_user_model):
    RamavtalFactory(diarienummer="SCN-2019-0437")
    data = (
        "organisationsnummer;namn;ort;region;ramavtal\r\n"
        f"{fake_orgnr(903)};Solgården Vård AB;Uppsala;;SCN-2019-0437\r\n"
    ).encode()
    preview = parse_import("leverantorer", data, "lev.csv")
    assert preview.ok, preview.all_errors

    result = apply_import(preview, user=None)

    assert result.created == 1
    leverantor = Leverantor.objects.get()
    assert [h.history_user.username for h in leverantor.history.all()] == ["system"]
    assert leverantor.avtal.get().history.get().history_user == system_user()
