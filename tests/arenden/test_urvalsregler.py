"""Sampling rules for a sample of units: which units each rule picks and how it says so."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from arenden import urvalsregler
from arenden.models import Uppfoljning, Urvalsregel
from leverantorer.models import AvtalStatus
from tests.clock import DEFAULT
from tests.factories import (
    AvtalFactory,
    AvtalsomradeFactory,
    LeverantorFactory,
    PlaceringFactory,
    RamavtalFactory,
    VerksamhetFactory,
)

# The draw picks positions among the candidates sorted by id (creation order here:
# Alm 1, Alm 2, Alm 3, Björk centrum, Cedern). SHA-256("123456789:<p>") ranks the
# positions 0, 2, 4, 3, 1 (worked out by hand with hashlib, see arenden.draw.draw_hashed).
EXPECTED_DRAW = ["Alm 1", "Alm 3", "Cedern"]
FRAN, TILL = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)

# Years and periods are written out; the factories' agreement dates follow the clock.
pytestmark = pytest.mark.today(DEFAULT)


def names(ids, world):
    by_pk = {unit.pk: name for name, unit in world["units"].items()}
    return [by_pk[pk] for pk in ids]


def place(world, unit, days, per_dygn, area=None, start=datetime.date(2025, 3, 1)):
    unit = world["units"][unit]
    return PlaceringFactory(
        avtal=world["avtal"][unit.leverantor.namn],
        verksamhet=unit,
        avtalsomrade=area,
        startdatum=start,
        slutdatum=start + datetime.timedelta(days=days - 1),
        kostnad_per_dygn=Decimal(per_dygn),
    )


@pytest.fixture
def world():
    """An LSS choice system with two areas.

    Norr: Almgården AB (three units, contract names none) and Björken AB (one
    of its two units named). Söder: Cedern AB (one unit). Dalen AB's contract
    is terminated: its unit is no candidate.
    """
    ramavtal = RamavtalFactory(namn="Daglig verksamhet LSS")
    norr = AvtalsomradeFactory(ramavtal=ramavtal, nummer=3, namn="Norr")
    soder = AvtalsomradeFactory(ramavtal=ramavtal, nummer=4, namn="Söder")
    suppliers = {
        n: LeverantorFactory(namn=n)
        for n in ("Almgården AB", "Björken AB", "Cedern AB", "Dalen AB")
    }
    units = {}
    for supplier, unit_names in {
        "Almgården AB": ["Alm 1", "Alm 2", "Alm 3"],
        "Björken AB": ["Björk centrum", "Björk utanför avtalet"],
        "Cedern AB": ["Cedern"],
        "Dalen AB": ["Dalen"],
    }.items():
        for name in unit_names:
            units[name] = VerksamhetFactory(leverantor=suppliers[supplier], namn=name)
    avtal = {}
    for supplier, area in (
        ("Almgården AB", norr),
        ("Björken AB", norr),
        ("Cedern AB", soder),
        ("Dalen AB", soder),
    ):
        avtal[supplier] = AvtalFactory(ramavtal=ramavtal, leverantor=suppliers[supplier])
        avtal[supplier].avtalsomraden.add(area)
    avtal["Björken AB"].verksamheter.add(units["Björk centrum"])
    avtal["Dalen AB"].status = AvtalStatus.UPPSAGT
    avtal["Dalen AB"].save()
    return {"ramavtal": ramavtal, "norr": norr, "soder": soder, "units": units, "avtal": avtal}


@pytest.mark.django_db
def test_all_counts_exactly_the_areas_units_with_each_unit_of_a_three_unit_supplier(world):
    valt = urvalsregler.alla(ramavtal=world["ramavtal"], avtalsomrade=world["norr"])
    assert names(valt.verksamhet_ids, world) == ["Alm 1", "Alm 2", "Alm 3", "Björk centrum"]
    assert valt.kriterier == "Alla 4 verksamheter i avtalsområde 3 Norr"
    assert valt.regel == Urvalsregel.ALLA
    whole = urvalsregler.alla(ramavtal=world["ramavtal"])
    # The terminated contract's unit is not followed up.
    assert names(whole.verksamhet_ids, world) == [
        "Alm 1",
        "Alm 2",
        "Alm 3",
        "Björk centrum",
        "Cedern",
    ]
    assert whole.kriterier == "Alla 5 verksamheter under Daglig verksamhet LSS"


@pytest.mark.django_db
def test_placements_picks_units_with_placements_on_the_area_in_the_period(world):
    place(world, "Alm 2", 10, "1000", area=world["norr"])
    place(world, "Björk centrum", 5, "2000", area=world["norr"])
    place(world, "Cedern", 30, "9000", area=world["soder"])
    # Before the period: does not count.
    place(world, "Alm 1", 10, "1000", area=world["norr"], start=datetime.date(2024, 1, 1))
    valt = urvalsregler.placeringar(
        ramavtal=world["ramavtal"], fran=FRAN, till=TILL, avtalsomrade=world["norr"]
    )
    assert names(valt.verksamhet_ids, world) == ["Alm 2", "Björk centrum"]
    assert valt.kriterier == (
        "De 2 verksamheter som hade placeringar 2025-01-01 – 2025-12-31 i avtalsområde 3 Norr"
    )
    figures = {pk: (r.inkopsvarde, r.antal_placeringar) for pk, r in valt.figurer.items()}
    assert figures == {
        world["units"]["Alm 2"].pk: (Decimal("10000"), 1),
        world["units"]["Björk centrum"].pk: (Decimal("10000"), 1),
    }


@pytest.fixture
def ranked(world):
    """Alm 1: 2 placements 20 000 kr; Alm 2: 2 placements 8 000 kr; Alm 3: 1 placement
    20 000 kr; Björk centrum: 1 placement 20 000 kr; Cedern: 3 placements 3 000 kr."""
    place(world, "Alm 1", 10, "1000")
    place(world, "Alm 1", 10, "1000")
    place(world, "Alm 2", 4, "1000")
    place(world, "Alm 2", 4, "1000")
    place(world, "Alm 3", 10, "2000")
    place(world, "Björk centrum", 20, "1000")
    for _ in range(3):
        place(world, "Cedern", 1, "1000")
    return world


@pytest.mark.django_db
def test_top_n_by_placements_breaks_ties_on_value_then_supplier_and_unit(ranked):
    valt = urvalsregler.flest_placeringar(
        ramavtal=ranked["ramavtal"], fran=FRAN, till=TILL, antal=3
    )
    # Alm 1 and Alm 2 both have 2 placements: the higher value comes first.
    assert names(valt.verksamhet_ids, ranked) == ["Cedern", "Alm 1", "Alm 2"]
    assert valt.kriterier == "De 3 verksamheter med flest placeringar 2025-01-01 – 2025-12-31"
    assert valt.figurer[ranked["units"]["Alm 2"].pk].antal_placeringar == 2


@pytest.mark.django_db
def test_top_n_by_value_breaks_ties_on_placements_then_supplier_and_unit(ranked):
    valt = urvalsregler.hogst_inkopsvarde(
        ramavtal=ranked["ramavtal"], fran=FRAN, till=TILL, antal=3
    )
    # 20 000 kr each: Alm 1 has two placements; Alm 3 before Björk centrum by supplier name.
    assert names(valt.verksamhet_ids, ranked) == ["Alm 1", "Alm 3", "Björk centrum"]
    assert valt.kriterier == "De 3 verksamheter med högst inköpsvärde 2025-01-01 – 2025-12-31"
    one = urvalsregler.hogst_inkopsvarde(
        ramavtal=ranked["ramavtal"], fran=FRAN, till=TILL, antal=1, inriktning="behandling"
    )
    assert one.kriterier == (
        "Den verksamhet med högst inköpsvärde 2025-01-01 – 2025-12-31, inriktning ”behandling”"
    )


@pytest.mark.django_db
def test_ranking_needs_a_period_a_number_and_placements(world):
    with pytest.raises(ValidationError) as error:
        urvalsregler.hogst_inkopsvarde(ramavtal=world["ramavtal"], fran=FRAN, till=TILL, antal=0)
    assert error.value.message_dict == {
        "antal": ["Ange hur många verksamheter urvalet ska omfatta."]
    }
    with pytest.raises(ValidationError) as error:
        urvalsregler.flest_placeringar(ramavtal=world["ramavtal"], fran=None, till=None, antal=3)
    assert error.value.message_dict == {"urval_fran": ["Ange perioden som urvalet ska göras för."]}
    with pytest.raises(ValidationError, match="inga placeringar"):
        urvalsregler.flest_placeringar(ramavtal=world["ramavtal"], fran=FRAN, till=TILL, antal=3)


@pytest.mark.django_db
def test_random_draw_with_a_given_seed_is_written_out_and_the_stored_seed_reproduces_it(world):
    valt = urvalsregler.slump(ramavtal=world["ramavtal"], antal=3, seed=123456789)
    drawn = names(valt.verksamhet_ids, world)
    assert valt.kriterier == "3 verksamheter slumpvis valda bland 5 (slumpfrö 123456789)"
    assert valt.seed == 123456789
    assert drawn == EXPECTED_DRAW
    # Re-run from what the follow-up stores: the same units, in the same order.
    stored = Uppfoljning(ramavtal=world["ramavtal"], urval_seed=123456789)
    assert urvalsregler.slump_igen(stored, antal=3) == valt.verksamhet_ids


@pytest.mark.django_db
def test_random_draw_gets_a_fresh_seed_and_takes_all_when_too_few(world):
    only = urvalsregler.alla(ramavtal=world["ramavtal"], avtalsomrade=world["soder"])
    assert only.kriterier == "Den enda verksamheten i avtalsområde 4 Söder"
    valt = urvalsregler.slump(ramavtal=world["ramavtal"], antal=10, avtalsomrade=world["soder"])
    assert 0 <= valt.seed < 2**53
    assert names(valt.verksamhet_ids, world) == ["Cedern"]
    assert valt.kriterier == (
        f"1 verksamhet slumpvis vald bland 1 (slumpfrö {valt.seed}) i avtalsområde 4 Söder"
    )


@pytest.mark.django_db
def test_hand_picked_units_need_written_criteria(world):
    units = [world["units"]["Alm 3"], world["units"]["Cedern"]]
    with pytest.raises(ValidationError) as error:
        urvalsregler.hand(ramavtal=world["ramavtal"], verksamheter=units, urvalskriterier=" ")
    assert error.value.message_dict == {
        "urvalskriterier": ["Beskriv hur verksamheterna valdes ut när urvalet görs för hand."]
    }
    with pytest.raises(ValidationError) as error:
        urvalsregler.hand(ramavtal=world["ramavtal"], verksamheter=[], urvalskriterier="IVO")
    assert error.value.message_dict == {"verksamheter": ["Välj minst en verksamhet till urvalet."]}
    # A unit no contract under the agreement covers is refused.
    outside = VerksamhetFactory(namn="Utanför")
    with pytest.raises(ValidationError) as error:
        urvalsregler.hand(ramavtal=world["ramavtal"], verksamheter=[outside], urvalskriterier="IVO")
    assert error.value.message_dict == {
        "verksamheter": ["En vald verksamhet har inget avtal under ramavtalet."]
    }
    valt = urvalsregler.hand(
        ramavtal=world["ramavtal"], verksamheter=units, urvalskriterier="Signaler från IVO"
    )
    assert (names(valt.verksamhet_ids, world), valt.kriterier) == (
        ["Alm 3", "Cedern"],
        "Signaler från IVO",
    )


@pytest.mark.django_db
def test_a_follow_up_drawn_at_random_stores_seed_and_n_and_its_draw_re_runs(world, alice):
    from arenden.sarskild import sarskild_skapa

    case = sarskild_skapa(
        ramavtal=world["ramavtal"],
        ar=2026,
        rubrik="Slumpat urval",
        ansvarig=alice,
        user=alice,
        urvalsregel=Urvalsregel.SLUMP,
        antal=3,
        seed=123456789,
    )
    case.refresh_from_db()
    assert (case.urvalsregel, case.urval_seed, case.urval_antal) == ("slump", 123456789, 3)
    assert names(urvalsregler.slump_igen(case), world) == EXPECTED_DRAW
    assert sorted(case.urval.values_list("verksamhet__namn", flat=True)) == sorted(EXPECTED_DRAW)
