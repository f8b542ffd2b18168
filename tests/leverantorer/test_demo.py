import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from stdnum import luhn

from leverantorer.demo import generate_leverantorer, load_demo_data
from leverantorer.models import (
    Avtal,
    AvtalStatus,
    Beslut,
    BeslutSkal,
    BeslutTyp,
    Foretradare,
    Leverantor,
    Placering,
    Verksamhet,
    normalize_orgnr,
    orgnr_is_personnummer,
)
from ramavtal.models import Avtalsomrade, Malgrupp, Niva, Ramavtal, Riskbedomning, Riskniva
from uppfoljning.validators import looks_like_identity_number

D = datetime.date
MODELS = (Ramavtal, Avtalsomrade, Niva, Riskbedomning, Leverantor, Foretradare, Verksamhet,
          Avtal, Beslut, Placering)  # fmt: skip


@pytest.fixture
def strateg(django_user_model):
    return django_user_model.objects.create_user(username="strateg")


@pytest.fixture
def demo(strateg):
    summary = load_demo_data(user=strateg)
    assert summary is not None
    return summary


def counts():
    return {model.__name__: model.objects.count() for model in MODELS} | {
        f"history_{model.__name__}": model.history.count() for model in MODELS
    }


@pytest.mark.django_db
def test_it_loads_the_seven_ramavtal_of_the_2024_plan(demo, strateg):
    assert Ramavtal.objects.count() == 7
    hvb = Ramavtal.objects.get(namn="HVB barn och unga")
    assert (hvb.diarienummer, hvb.startdatum, hvb.slutdatum_inkl_option) == (
        "SCN-2019-0437",
        D(2021, 3, 1),
        D(2025, 2, 28),
    )
    ungdomar = Ramavtal.objects.get(namn="Stödboende för ungdomar")
    assert (ungdomar.diarienummer, ungdomar.startdatum, ungdomar.slutdatum_inkl_option) == (
        "SCN-2021-00275",
        D(2022, 11, 1),
        D(2026, 10, 31),
    )
    assert list(ungdomar.nivaer.values_list("namn", flat=True)) == [
        "Nivå 1",
        "Nivå 2",
        "Nivå 3",
        "Nivå 4",
    ]
    spel = Ramavtal.objects.get(diarienummer="SCN-2021-00652")
    assert (spel.startdatum, spel.slutdatum_inkl_option) == (D(2023, 3, 1), D(2025, 2, 28))
    familjehem = Ramavtal.objects.get(namn="Konsulentstödd familjehemsvård")
    assert [str(o) for o in familjehem.avtalsomraden.all()] == [
        "1 Jourhem",
        "2 Familjehem grundnivå",
        "3 Familjehem förstärkt",
        "4 Behandlingsfamilj",
    ]
    periods = {r.namn: (r.startdatum, r.slutdatum_inkl_option) for r in Ramavtal.objects.all()}
    assert periods["Stödboende för vuxna med missbruk"] == (D(2022, 4, 18), D(2026, 4, 17))
    assert periods["HVB för vuxna med missbruk"] == (D(2020, 4, 1), D(2024, 3, 31))
    assert periods["Skyddat boende"] == (D(2021, 5, 17), D(2025, 5, 16))
    assert periods["Konsulentstödd familjehemsvård"] == (D(2021, 11, 10), D(2025, 11, 9))
    assert set(Ramavtal.objects.filter(arlig_ivo_tillsyn=True).values_list("namn", flat=True)) == {
        "HVB barn och unga",
        "Stödboende för ungdomar",
    }
    for ram in Ramavtal.objects.with_current_risk():
        ram.full_clean()
        assert re.fullmatch(r"SCN-\d{4}-\d{4,5}", ram.diarienummer)
        assert ram.startdatum < ram.slutdatum <= ram.slutdatum_inkl_option
        assert ram.ansvarig_strateg == strateg
        if ram.malgrupp == Malgrupp.BARN_UNGA:
            assert ram.aktuell_risk == Riskniva.HOG


@pytest.mark.django_db
def test_it_loads_a_fictional_register_without_client_identities(demo, strateg):
    leverantorer = list(Leverantor.objects.all())
    assert 140 <= len(leverantorer) <= 160
    for lev in leverantorer:
        assert normalize_orgnr(lev.organisationsnummer) == lev.organisationsnummer
        assert lev.organisationsnummer.startswith("556")
        assert luhn.is_valid(lev.organisationsnummer.replace("-", ""))
        assert not orgnr_is_personnummer(lev.organisationsnummer)
        assert lev.foretradare.exists()
        lev.full_clean()
    assert 250 <= Verksamhet.objects.count() <= 350
    for unit in Verksamhet.objects.filter(avtal__ramavtal__namn="Skyddat boende"):
        assert unit.skyddat_boende and unit.adress
    assert not Verksamhet.objects.filter(skyddat_boende=True).exclude(
        avtal__ramavtal__namn="Skyddat boende"
    )
    for avtal in Avtal.objects.all():
        avtal.full_clean()  # its units are the supplier's own
        assert avtal.verksamheter.exists()

    placeringar = Placering.objects.all()
    assert 2700 <= placeringar.count() <= 3300
    for referens, anteckning in placeringar.values_list("referens", "anteckning"):
        assert re.fullmatch(r"P-20\d\d-\d{6}", referens)
        assert not looks_like_identity_number(referens)
        assert not looks_like_identity_number(anteckning)
    assert placeringar.filter(startdatum__lt=D(2021, 1, 1)).count() == 0
    assert placeringar.filter(startdatum__gt=D(2025, 12, 31)).count() == 0
    direkt = placeringar.filter(avtal=None)
    assert 0.03 <= direkt.count() / placeringar.count() <= 0.08
    assert not direkt.filter(direktupphandling_skal="")
    for placering in placeringar.order_by("pk")[::50]:
        placering.full_clean()
    # History records who loaded the data.
    assert Placering.history.filter(history_user=strateg).count() == placeringar.count()


@pytest.mark.django_db
def test_paused_terminated_and_rescinded_contracts_rest_on_decisions(demo):
    by_status = {s: Avtal.objects.filter(status=s).count() for s in AvtalStatus.values}
    assert by_status[AvtalStatus.PAUSAD] >= 5
    assert by_status[AvtalStatus.UPPSAGT] >= 3
    assert by_status[AvtalStatus.HAVT] >= 2
    assert by_status[AvtalStatus.AKTIV] > sum(by_status.values()) / 2

    for avtal in Avtal.objects.exclude(status=AvtalStatus.AKTIV) | Avtal.objects.filter(
        beslut__isnull=False
    ):
        chain = list(avtal.beslut.order_by("datum", "pk"))
        assert chain, avtal
        assert chain[0].foregaende_status == AvtalStatus.AKTIV
        for before, after in zip(chain, chain[1:], strict=False):
            assert after.foregaende_status == before.ny_status
        last = chain[-1]
        assert last.ny_status == avtal.status
        for beslut in chain:
            beslut.full_clean()
            assert beslut.datum.year == 2024
            assert not looks_like_identity_number(beslut.faktaunderlag)
            if beslut.typ in (BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING):
                assert beslut.beslutsfattare == "Socialnämnden"
                assert re.fullmatch(r"SCN-2024-\d{5}", beslut.namnd_diarienummer)
        if avtal.status == AvtalStatus.PAUSAD:
            assert last.typ == BeslutTyp.PAUS and last.omprovning_datum > last.datum
            # No call-off while excluded.
            assert not avtal.placeringar.filter(startdatum__gte=last.datum).exists()
        if avtal.status == AvtalStatus.HAVT:
            assert avtal.ramavtal.namn == "Skyddat boende"
            assert last.skal == BeslutSkal.TILLSTAND_EJ_SOKT

    ivo_pauses = Avtal.objects.filter(
        status=AvtalStatus.PAUSAD,
        ramavtal__namn="HVB barn och unga",
        beslut__skal=BeslutSkal.IVO_ARENDE,
    )
    assert ivo_pauses.count() >= 3
    # A pause lifted once its deficiencies were fixed leaves the contract active.
    assert Avtal.objects.filter(status=AvtalStatus.AKTIV, beslut__typ=BeslutTyp.HAV_PAUS)


@pytest.mark.django_db
def test_running_it_again_changes_nothing(demo, strateg):
    before = counts()
    assert load_demo_data(user=strateg) is None
    assert counts() == before


@pytest.mark.django_db
def test_it_is_deterministic(strateg):
    def snapshot():
        return (
            list(Leverantor.objects.order_by("organisationsnummer").values_list(
                "namn", "organisationsnummer"
            )),
            list(Verksamhet.objects.order_by("namn", "ivo_tillstandsnummer").values_list(
                "namn", "ivo_tillstandsnummer", "inriktning"
            )),
            list(Placering.objects.order_by("referens").values_list(
                "referens", "startdatum", "slutdatum", "kostnad_per_dygn", "verksamhet__namn"
            )),
            list(Beslut.objects.order_by("datum", "namnd_diarienummer", "faktaunderlag")
                 .values_list("datum", "typ", "faktaunderlag")),
        )  # fmt: skip

    with transaction.atomic():
        load_demo_data(user=strateg)
        first = snapshot()
        transaction.set_rollback(True)
    assert Leverantor.objects.count() == 0
    load_demo_data(user=strateg)
    assert snapshot() == first
    # The supplier generator alone gives the same suppliers, call after call.
    generated = generate_leverantorer(150)
    assert generated == generate_leverantorer(150)
    assert sorted((s["namn"], s["organisationsnummer"]) for s in generated) == sorted(first[0])


@pytest.mark.django_db
def test_the_command_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo_data")
    assert Ramavtal.objects.count() == 0


@pytest.mark.django_db
def test_unknown_scale_is_refused(strateg):
    with pytest.raises(ValueError, match="scale"):
        load_demo_data(scale="huge", user=strateg)
