"""Carry-over of moved sample rows into next year, and one follow-up per area in one step."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from arenden.models import (
    EjGenomfordOrsak,
    PlaneradStatus,
    Uppfoljning,
    UppfoljningLeverantor,
    Urvalsregel,
)
from arenden.sarskild import (
    att_overfora_till,
    omraden_under_ar,
    sarskild_skapa,
    sarskild_skapa_per_omrade,
)
from tests.arenden.factories_sarskild import SarskildFactory, UserFactory
from tests.clock import DEFAULT
from tests.factories import (
    AvtalFactory,
    AvtalsomradeFactory,
    LeverantorFactory,
    RamavtalFactory,
    VerksamhetFactory,
)

# Years and periods are written out; the factories' agreement dates follow the clock.
pytestmark = pytest.mark.today(DEFAULT)


@pytest.fixture
def lss():
    """Two areas; Norr has Alm 1–3 (one supplier), Söder has Cedern."""
    ramavtal = RamavtalFactory(namn="Daglig verksamhet LSS")
    norr = AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Norr")
    soder = AvtalsomradeFactory(ramavtal=ramavtal, nummer=2, namn="Söder")
    alm = LeverantorFactory(namn="Almgården AB")
    units = {n: VerksamhetFactory(leverantor=alm, namn=n) for n in ("Alm 1", "Alm 2", "Alm 3")}
    AvtalFactory(ramavtal=ramavtal, leverantor=alm).avtalsomraden.add(norr)
    cedern = LeverantorFactory(namn="Cedern AB")
    units["Cedern"] = VerksamhetFactory(leverantor=cedern, namn="Cedern")
    AvtalFactory(ramavtal=ramavtal, leverantor=cedern).avtalsomraden.add(soder)
    return {"ramavtal": ramavtal, "norr": norr, "soder": soder, "units": units}


def moved(uppfoljning, unit):
    return UppfoljningLeverantor.objects.create(
        uppfoljning=uppfoljning,
        verksamhet=unit,
        status=PlaneradStatus.FLYTTAD,
        orsak=EjGenomfordOrsak.objects.get_or_create(namn="Omprioritering")[0],
    )


def create(lss, ar, **kw):
    kw.setdefault("urvalsregel", Urvalsregel.HAND)
    kw.setdefault("urvalskriterier", "Risk enligt riskbedömningen")
    return sarskild_skapa(
        ramavtal=lss["ramavtal"],
        ar=ar,
        rubrik=f"LSS {ar}",
        ansvarig=UserFactory(),
        user=UserFactory(),
        **kw,
    )


@pytest.mark.django_db
def test_a_moved_row_is_proposed_next_year_carried_with_its_link_and_not_proposed_twice(lss):
    last_year = SarskildFactory(ramavtal=lss["ramavtal"], avtalsomrade=lss["norr"], ar=2025)
    old = moved(last_year, lss["units"]["Alm 2"])
    # Moved in another agreement's follow-up, or done: not proposed.
    moved(SarskildFactory(ar=2025), VerksamhetFactory())
    UppfoljningLeverantor.objects.create(uppfoljning=last_year, verksamhet=lss["units"]["Alm 1"])

    assert list(att_overfora_till(ramavtal=lss["ramavtal"], ar=2026)) == [old]
    soder = att_overfora_till(ramavtal=lss["ramavtal"], ar=2026, avtalsomrade=lss["soder"])
    assert list(soder) == []

    new = create(lss, 2026, verksamheter=[lss["units"]["Alm 3"]])
    rows = {r.verksamhet.namn: r.flyttad_fran for r in new.urval.select_related("verksamhet")}
    assert rows == {"Alm 3": None, "Alm 2": old}
    assert new.urvalskriterier == "Risk enligt riskbedömningen samt 1 verksamhet flyttad från 2025"
    assert list(att_overfora_till(ramavtal=lss["ramavtal"], ar=2026)) == []
    again = create(lss, 2026, verksamheter=[lss["units"]["Alm 3"]])
    assert [r.verksamhet.namn for r in again.urval.all()] == ["Alm 3"]


@pytest.mark.django_db
def test_a_unit_the_rule_picks_again_is_not_duplicated_it_just_gets_the_link(lss):
    last_year = SarskildFactory(ramavtal=lss["ramavtal"], avtalsomrade=lss["norr"], ar=2025)
    old = moved(last_year, lss["units"]["Alm 2"])
    new = create(
        lss, 2026, urvalsregel=Urvalsregel.ALLA, avtalsomrade=lss["norr"], urvalskriterier=""
    )
    rows = [(r.verksamhet.namn, r.flyttad_fran) for r in new.urval.order_by("pk")]
    assert rows == [("Alm 1", None), ("Alm 2", old), ("Alm 3", None)]
    assert new.urvalskriterier == "Alla 3 verksamheter i avtalsområde 1 Norr"
    assert new.urvalsregel == Urvalsregel.ALLA


@pytest.mark.django_db
def test_only_ticked_moved_rows_are_carried_and_three_are_said_in_the_criteria(lss):
    last_year = SarskildFactory(ramavtal=lss["ramavtal"], ar=2025)
    rows = [moved(last_year, lss["units"][n]) for n in ("Alm 1", "Alm 2", "Alm 3")]
    moved(last_year, lss["units"]["Cedern"])
    new = create(lss, 2026, verksamheter=[lss["units"]["Cedern"]], flyttade=rows)
    assert new.urvalskriterier == (
        "Risk enligt riskbedömningen samt 3 verksamheter flyttade från 2025"
    )
    assert new.urval.filter(flyttad_fran__isnull=False).count() == 3
    with pytest.raises(ValidationError, match="redan överförd"):
        create(lss, 2026, verksamheter=[lss["units"]["Cedern"]], flyttade=rows[:1])


@pytest.mark.django_db
def test_one_follow_up_per_area_in_one_step_skipping_an_area_that_has_one(lss):
    ost = AvtalsomradeFactory(ramavtal=lss["ramavtal"], nummer=3, namn="Öst")
    ost_unit = VerksamhetFactory(leverantor__namn="Östra AB", namn="Östra")
    AvtalFactory(ramavtal=lss["ramavtal"], leverantor=ost_unit.leverantor).avtalsomraden.add(ost)
    SarskildFactory(ramavtal=lss["ramavtal"], avtalsomrade=lss["soder"], ar=2026)
    old = moved(
        SarskildFactory(ramavtal=lss["ramavtal"], avtalsomrade=lss["norr"], ar=2025),
        lss["units"]["Alm 1"],
    )
    areas = omraden_under_ar(lss["ramavtal"], 2026)
    assert [a.namn for a in areas] == ["Norr", "Söder", "Öst"]

    created, skipped = sarskild_skapa_per_omrade(
        ramavtal=lss["ramavtal"],
        ar=2026,
        omraden=areas,
        user=UserFactory(),
        ansvarig=UserFactory(),
        urvalsregel=Urvalsregel.ALLA,
    )
    assert [a.namn for a in skipped] == ["Söder"]
    assert [c.rubrik for c in created] == [
        "Särskild uppföljning Daglig verksamhet LSS 1 Norr 2026",
        "Särskild uppföljning Daglig verksamhet LSS 3 Öst 2026",
    ]
    norr, ost_case = created
    rows = [(r.verksamhet.namn, r.flyttad_fran) for r in norr.urval.order_by("pk")]
    assert rows == [("Alm 1", old), ("Alm 2", None), ("Alm 3", None)]
    assert [r.verksamhet for r in ost_case.urval.all()] == [ost_unit]
    assert Uppfoljning.objects.filter(ar=2026).count() == 3


@pytest.mark.django_db
def test_a_random_draw_per_area_gets_a_seed_of_its_own(lss):
    created, skipped = sarskild_skapa_per_omrade(
        ramavtal=lss["ramavtal"],
        ar=2026,
        omraden=[lss["norr"], lss["soder"]],
        user=UserFactory(),
        ansvarig=UserFactory(),
        urvalsregel=Urvalsregel.SLUMP,
        antal=2,
    )
    assert skipped == []
    assert [c.urval.count() for c in created] == [2, 1]
    assert [c.urvalsregel for c in created] == [Urvalsregel.SLUMP, Urvalsregel.SLUMP]
    assert created[0].urval_seed != created[1].urval_seed
    assert created[1].urvalskriterier == (
        f"1 verksamhet slumpvis vald bland 1 (slumpfrö {created[1].urval_seed}) "
        "i avtalsområde 2 Söder"
    )


@pytest.mark.django_db
def test_an_error_in_one_area_names_it_and_writes_nothing(lss):
    empty = AvtalsomradeFactory(ramavtal=lss["ramavtal"], nummer=9, namn="Tomt")
    with pytest.raises(ValidationError) as error:
        sarskild_skapa_per_omrade(
            ramavtal=lss["ramavtal"],
            ar=2026,
            omraden=[lss["norr"], empty],
            user=UserFactory(),
            ansvarig=UserFactory(),
            urvalsregel=Urvalsregel.ALLA,
        )
    assert error.value.messages == [
        "Avtalsområde 9 Tomt: Det finns inga verksamheter med avtal i kraft att följa upp."
    ]
    assert not Uppfoljning.objects.exists()


@pytest.mark.django_db
def test_areas_whose_period_misses_the_year_are_not_offered(lss):
    AvtalsomradeFactory(
        ramavtal=lss["ramavtal"], nummer=5, namn="Gammalt", slutdatum=datetime.date(2025, 6, 30)
    )
    AvtalsomradeFactory(
        ramavtal=lss["ramavtal"], nummer=6, namn="Nytt", startdatum=datetime.date(2026, 7, 1)
    )
    assert [a.namn for a in omraden_under_ar(lss["ramavtal"], 2026)] == ["Norr", "Söder", "Nytt"]
