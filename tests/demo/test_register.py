import datetime
import re

import pytest
from django.db.models import Q
from stdnum import luhn

from demo.register import PLAN_DIARIENUMMER, load_demo_data
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
from tests import clock
from uppfoljning.validators import looks_like_identity_number

D = datetime.date
TODAY = clock.DEMO_TODAY  # the demo's today: the same data whatever the real date
MODELS = (Ramavtal, Avtalsomrade, Niva, Riskbedomning, Leverantor, Foretradare, Verksamhet,
          Avtal, Beslut, Placering)  # fmt: skip


# `demo` and `demo_strateg` are the session's demo (tests/conftest.py), loaded once.


def counts():
    return {model.__name__: model.objects.count() for model in MODELS} | {
        f"history_{model.__name__}": model.history.count() for model in MODELS
    }


@pytest.mark.django_db
def test_it_loads_the_seven_ramavtal_of_the_2024_plan(demo, demo_strateg):
    strateg = demo_strateg
    plan = Ramavtal.objects.filter(diarienummer__in=PLAN_DIARIENUMMER)
    assert plan.count() == 7
    hvb = Ramavtal.objects.get(diarienummer="SCN-2019-0437")
    assert (hvb.diarienummer, hvb.startdatum, hvb.slutdatum_inkl_option) == (
        "SCN-2019-0437",
        D(2021, 3, 1),
        D(2025, 2, 28),
    )
    ungdomar = Ramavtal.objects.get(diarienummer="SCN-2021-00275")
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
    familjehem = Ramavtal.objects.get(diarienummer="SCN-2021-00104")
    assert [str(o) for o in familjehem.avtalsomraden.all()] == [
        "1 Jourhem",
        "2 Familjehem grundnivå",
        "3 Familjehem förstärkt",
        "4 Behandlingsfamilj",
    ]
    periods = {r.namn: (r.startdatum, r.slutdatum_inkl_option) for r in plan}
    assert periods["Stödboende för vuxna med missbruk"] == (D(2022, 4, 18), D(2026, 4, 17))
    assert periods["HVB för vuxna med missbruk"] == (D(2020, 4, 1), D(2024, 3, 31))
    assert periods["Skyddat boende"] == (D(2021, 5, 17), D(2025, 5, 16))
    assert periods["Konsulentstödd familjehemsvård"] == (D(2021, 11, 10), D(2025, 11, 9))
    assert set(plan.filter(arlig_ivo_tillsyn=True).values_list("namn", flat=True)) == {
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
def test_it_loads_a_fictional_register_without_client_identities(demo, demo_strateg):
    strateg = demo_strateg
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
    under_plan = placeringar.filter(
        Q(avtal__ramavtal__diarienummer__in=PLAN_DIARIENUMMER) | Q(avtal=None)
    )
    assert 2700 <= under_plan.count() <= 3300
    for referens, anteckning in placeringar.values_list("referens", "anteckning"):
        assert re.fullmatch(r"P-20\d\d-\d{6}", referens)
        assert not looks_like_identity_number(referens)
        assert not looks_like_identity_number(anteckning)
    assert placeringar.filter(startdatum__lt=D(2021, 1, 1)).count() == 0
    assert under_plan.filter(startdatum__gt=D(2025, 12, 31)).count() == 0
    assert placeringar.filter(startdatum__gt=TODAY).count() == 0
    direkt = placeringar.filter(avtal=None)
    assert 0.03 <= direkt.count() / under_plan.count() <= 0.08
    assert not direkt.filter(direktupphandling_skal="")
    for placering in placeringar.order_by("pk")[::50]:
        placering.full_clean()
    # History records who loaded the data.
    assert Placering.history.filter(history_user=strateg).count() == placeringar.count()


@pytest.mark.django_db
def test_paused_terminated_and_rescinded_contracts_rest_on_decisions(demo):
    in_2024 = Beslut.objects.filter(datum__year=2024)
    assert in_2024.filter(typ=BeslutTyp.PAUS).count() >= 5
    by_status = {s: Avtal.objects.filter(status=s).count() for s in AvtalStatus.values}
    assert by_status[AvtalStatus.UPPSAGT] >= 3
    assert by_status[AvtalStatus.HAVT] >= 2
    # Every plan agreement has run out by today: its contracts ended, through decisions.
    old = Avtal.objects.filter(ramavtal__diarienummer__in=PLAN_DIARIENUMMER)
    assert not old.filter(status__in=[AvtalStatus.AKTIV, AvtalStatus.PAUSAD])
    for avtal in old.filter(status=AvtalStatus.UPPHORT).select_related("ramavtal"):
        last = avtal.beslut.latest("datum", "pk")
        assert (last.typ, last.datum) == (
            BeslutTyp.UPPHORANDE,
            avtal.ramavtal.slutdatum_inkl_option,
        )

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
            if beslut.typ != BeslutTyp.UPPHORANDE and avtal.ramavtal.diarienummer in (
                PLAN_DIARIENUMMER
            ):
                assert beslut.datum.year == 2024
            assert not looks_like_identity_number(beslut.faktaunderlag)
            if beslut.typ in (BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING):
                assert beslut.beslutsfattare == "Socialnämnden"
                assert re.fullmatch(r"SCN-2024-\d{5}", beslut.namnd_diarienummer)
        for paus in (b for b in chain if b.typ == BeslutTyp.PAUS):
            assert paus.omprovning_datum > paus.datum
            # No call-off while excluded.
            lifted = next((b.datum for b in chain if b.datum > paus.datum), TODAY)
            assert not avtal.placeringar.filter(startdatum__range=(paus.datum, lifted)).exists()
        if avtal.status == AvtalStatus.HAVT:
            assert avtal.ramavtal.namn == "Skyddat boende"
            assert last.skal_id == BeslutSkal.TILLSTAND_EJ_SOKT

    ivo_pauses = in_2024.filter(
        typ=BeslutTyp.PAUS,
        avtal__ramavtal__diarienummer="SCN-2019-0437",
        skal=BeslutSkal.IVO_ARENDE,
    )
    assert ivo_pauses.count() >= 3
    # A pause lifted once its deficiencies were fixed leaves the contract active.
    assert in_2024.filter(typ=BeslutTyp.HAV_PAUS, ny_status=AvtalStatus.AKTIV)


@pytest.mark.django_db
def test_each_plan_agreement_has_a_current_successor(demo):
    for old in Ramavtal.objects.filter(diarienummer__in=PLAN_DIARIENUMMER):
        succ = Ramavtal.objects.exclude(pk=old.pk).get(namn=old.namn)
        succ.full_clean()
        assert succ.startdatum == old.slutdatum_inkl_option + datetime.timedelta(days=1)
        assert succ.slutdatum_inkl_option > TODAY
        assert succ.ansvarig_strateg == old.ansvarig_strateg
        assert Riskbedomning.objects.filter(ramavtal=succ).exists()
        contracts = Avtal.objects.filter(ramavtal=succ)
        assert contracts.count() >= 5
        assert contracts.filter(status=AvtalStatus.AKTIV).count() >= contracts.count() - 1
        # Ranked 1..n, with units of the supplier's own, mostly the same suppliers.
        assert sorted(contracts.values_list("rangordning", flat=True)) == list(
            range(1, contracts.count() + 1)
        )
        suppliers = set(contracts.values_list("leverantor_id", flat=True))
        before = set(old.avtal.values_list("leverantor_id", flat=True))
        assert suppliers <= before and len(suppliers) >= 0.6 * len(before)
        for avtal in contracts:
            avtal.full_clean()
            assert avtal.verksamheter.exists()
    # Placements continue under the successors in 2025–2026.
    new = Placering.objects.exclude(avtal__ramavtal__diarienummer__in=PLAN_DIARIENUMMER).exclude(
        avtal=None
    )
    assert new.count() == demo["placeringar_2025_2026"]
    assert new.filter(startdatum__year=2026).exists()
    assert new.filter(slutdatum=None).exists()


@pytest.mark.django_db
def test_running_it_again_changes_nothing(demo, demo_strateg):
    before = counts()
    assert load_demo_data(user=demo_strateg, today=TODAY) is None
    assert counts() == before
