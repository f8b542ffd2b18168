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


def test_every_history_row_a_scheduled_sweep_writes_names_the_system_user(
    settings, stub, fast_checks, alice, eager_celery, django_capture_on_commit_callbacks
):
    """Beat's task plans both kinds, the worker chain runs them, worsenings raise signals:
    not one history row of a check or a signal is left without its acting user."""
    from arenden.models import Kreditkontroll
    from arenden.tasks import scheduled_checks
    from tests.arenden.kontroller.stubserver import kredit_answer

    http = {"url": stub.url, "token": "t", "token_url": ""}
    http.update(client_id="", client_secret="", scope="")
    settings.KONTROLL_IVO_ADAPTER = settings.KONTROLL_KREDIT_ADAPTER = "http"
    settings.KONTROLL_HTTP = {"ivo": http, "kredit": http}
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice, arlig_ivo_tillsyn=True))
    VerksamhetFactory(leverantor=avtal.leverantor)
    # A baseline that is fine, then the schedule's sweep finds both worse.
    store_check(
        typ="ivo", amne_id=avtal.leverantor.verksamheter.get().pk, utfall=ivo(), kalla="http"
    )
    stub.default = lambda path: (
        (200, ivo_answer(tillstand="aterkallat"))
        if path.startswith("/verksamheter/")
        else (200, kredit_answer(konkurs={"status": True, "datum": "2026-11-01"}))
    )

    with django_capture_on_commit_callbacks(execute=True):
        scheduled_checks()

    assert IvoKontroll.objects.filter(svep__isnull=False).count() == 1
    assert Kreditkontroll.objects.filter(svep__isnull=False).count() == 1
    # The unit's permit was revoked; the supplier's bankruptcy is serious even unseen before.
    assert sorted(Signal.objects.values_list("kalla", flat=True)) == ["ivo", "kredit"]
    rows = [
        *IvoKontroll.history.all(),
        *Kreditkontroll.history.all(),
        *Signal.history.all(),
    ]
    assert len(rows) == 5  # baseline, two sweep checks, two signals
    assert {row.history_user for row in rows} == {system_user()}
