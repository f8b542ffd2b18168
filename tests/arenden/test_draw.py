import datetime

import pytest
from django.core.exceptions import ValidationError

from arenden.draw import candidate_placements, draw, reproduce, stickprov_skapa, totals
from arenden.models import (
    Faktura,
    FakturaAvvikelse,
    FakturaResultat,
    Stickprov,
    StickprovFaktura,
    StickprovKalla,
)
from tests.factories import AvtalFactory, PlaceringFactory, VerksamhetFactory

D = datetime.date
FRAN, TILL = D(2024, 1, 1), D(2024, 6, 30)


@pytest.mark.parametrize(
    ("ids", "antal", "seed_a", "seed_b", "same"),
    [
        (range(1, 101), 20, 7, 7, True),
        (range(1, 101), 20, 7, 8, False),
        (range(1, 1001), 20, 2**53 - 1, 2**53 - 1, True),
        (range(1, 1001), 20, 0, 1, False),
    ],
)
def test_the_seed_decides_the_draw(ids, antal, seed_a, seed_b, same):
    first, second = draw(list(ids), antal, seed_a), draw(list(ids), antal, seed_b)
    assert len(first) == len(set(first)) == antal
    assert (first == second) is same


def test_the_draw_does_not_depend_on_the_order_candidates_come_in():
    ids = list(range(1, 60))
    assert draw(ids, 10, 42) == draw(list(reversed(ids)), 10, 42)


@pytest.mark.parametrize(("ids", "antal"), [([5, 3, 9], 20), ([5, 3, 9], 3), ([], 20)])
def test_fewer_candidates_than_asked_for_gives_all_of_them(ids, antal):
    assert draw(ids, antal, 1) == sorted(ids)


def _placering(ref, start, slut, **kwargs):
    return PlaceringFactory(referens=ref, startdatum=start, slutdatum=slut, **kwargs)


@pytest.fixture
def register():
    """Placements around the period 2024-01-01 – 2024-06-30."""
    avtal = AvtalFactory()
    other = AvtalFactory()
    placements = {
        "closed_inside": _placering("A", D(2023, 11, 1), D(2024, 3, 31), avtal=avtal),
        "ongoing": _placering("B", D(2023, 6, 1), None, avtal=avtal),
        "closed_after": _placering("C", D(2024, 5, 1), D(2024, 8, 31), avtal=avtal),
        "before": _placering("D", D(2023, 1, 1), D(2023, 12, 31), avtal=avtal),
        "after": _placering("E", D(2024, 7, 1), None, avtal=avtal),
        "other_ramavtal": _placering("F", D(2024, 2, 1), D(2024, 2, 29), avtal=other),
    }
    direct = PlaceringFactory(
        referens="G",
        avtal=None,
        verksamhet=VerksamhetFactory(),
        direktupphandling_skal="ingen_plats",
        startdatum=D(2024, 2, 1),
        slutdatum=D(2024, 2, 10),
    )
    placements["direct"] = direct
    return avtal, other, placements


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kalla", "only_ramavtal", "expected"),
    [
        (
            StickprovKalla.PLACERINGAR,
            False,
            {"closed_inside", "ongoing", "closed_after", "other_ramavtal"},
        ),
        (StickprovKalla.AVSLUTADE, False, {"closed_inside", "other_ramavtal"}),
        (StickprovKalla.PLACERINGAR, True, {"closed_inside", "ongoing", "closed_after"}),
        (StickprovKalla.AVSLUTADE, True, {"closed_inside"}),
    ],
)
def test_candidates_are_contract_placements_in_the_period(register, kalla, only_ramavtal, expected):
    avtal, _, placements = register
    ramavtal = avtal.ramavtal if only_ramavtal else None
    found = candidate_placements(kalla=kalla, fran=FRAN, till=TILL, ramavtal=ramavtal)
    assert set(found) == {placements[name] for name in expected}
    assert [p.pk for p in found] == sorted(p.pk for p in found)


@pytest.mark.django_db
def test_a_round_stores_its_seed_and_draws_in_order(alice):
    avtal = AvtalFactory()
    PlaceringFactory.create_batch(30, avtal=avtal, startdatum=D(2024, 2, 1), slutdatum=None)
    stickprov = stickprov_skapa(
        namn="Våren 2024",
        datum=D(2024, 7, 1),
        kalla=StickprovKalla.PLACERINGAR,
        fran=FRAN,
        till=TILL,
        antal=20,
        ramavtal=None,
        user=alice,
        seed=12345,
    )
    fakturor = list(stickprov.fakturor.order_by("ordning"))
    assert stickprov.seed == 12345
    assert [f.ordning for f in fakturor] == list(range(1, 21))
    assert [f.placering_id for f in fakturor] == reproduce(stickprov)
    assert all(f.history.get().history_user == alice for f in fakturor)
    assert stickprov.history.get().history_user == alice


@pytest.mark.django_db
def test_without_a_seed_one_is_chosen_and_the_draw_is_reproducible(alice):
    PlaceringFactory.create_batch(5, startdatum=D(2024, 2, 1), slutdatum=None)
    stickprov = stickprov_skapa(
        namn="Hösten",
        datum=D(2024, 7, 1),
        kalla=StickprovKalla.PLACERINGAR,
        fran=FRAN,
        till=TILL,
        antal=3,
        ramavtal=None,
        user=alice,
    )
    assert 0 <= stickprov.seed < 2**53
    drawn = list(stickprov.fakturor.order_by("ordning").values_list("placering_id", flat=True))
    assert drawn == reproduce(stickprov)


@pytest.mark.django_db
def test_a_changed_register_no_longer_reproduces_the_draw(alice):
    PlaceringFactory.create_batch(5, startdatum=D(2024, 2, 1), slutdatum=None)
    stickprov = stickprov_skapa(
        namn="Hösten",
        datum=D(2024, 7, 1),
        kalla=StickprovKalla.PLACERINGAR,
        fran=FRAN,
        till=TILL,
        antal=3,
        ramavtal=None,
        user=alice,
        seed=3,
    )
    drawn = set(stickprov.fakturor.values_list("placering_id", flat=True))
    PlaceringFactory.create_batch(20, startdatum=D(2024, 2, 1), slutdatum=None)
    assert set(reproduce(stickprov)) != drawn


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fran", "till", "message"),
    [
        (FRAN, TILL, "Det finns inga placeringar att dra fakturor ur"),
        (TILL, FRAN, "Periodens slut kan inte ligga före dess början."),
    ],
)
def test_a_round_is_refused_in_swedish(alice, fran, till, message):
    _placering("X", D(2020, 1, 1), D(2020, 2, 1))
    with pytest.raises(ValidationError) as error:
        stickprov_skapa(
            namn="Tomt",
            datum=D(2024, 7, 1),
            kalla=StickprovKalla.PLACERINGAR,
            fran=fran,
            till=till,
            antal=20,
            ramavtal=None,
            user=alice,
        )
    assert message in str(error.value)
    assert not StickprovFaktura.objects.exists()


@pytest.mark.django_db
def test_totals_count_results_and_kinds_in_one_query(alice, django_assert_num_queries):
    PlaceringFactory.create_batch(6, startdatum=D(2024, 2, 1), slutdatum=None)
    stickprov = stickprov_skapa(
        namn="Kända resultat",
        datum=D(2024, 7, 1),
        kalla=StickprovKalla.PLACERINGAR,
        fran=FRAN,
        till=TILL,
        antal=6,
        ramavtal=None,
        user=alice,
        seed=1,
    )
    a, b, c, d, _e, _f = stickprov.fakturor.order_by("ordning")
    review = [
        (a, FakturaResultat.OK, ""),
        (b, FakturaResultat.AVVIKELSE, FakturaAvvikelse.UTFLYTTSDAG),
        (c, FakturaResultat.AVVIKELSE, FakturaAvvikelse.UTFLYTTSDAG),
        (d, FakturaResultat.AVVIKELSE, FakturaAvvikelse.FEL_PRIS),
    ]
    for faktura, resultat, typ in review:
        faktura.resultat, faktura.avvikelsetyp = resultat, typ
        faktura.save()
    with django_assert_num_queries(1):
        result = totals(stickprov)
    assert result == {
        "antal": 6,
        "granskade": 4,
        "ok": 1,
        "avvikelse": 3,
        "ej_granskad": 2,
        "per_typ": {
            "utflyttsdag": 2,
            "fel_niva": 0,
            "fel_period": 0,
            "fel_pris": 1,
            "annat": 0,
        },
    }


# Mutation testing (docs/testing.md): each refusal word for word, and the draw's edges.
def _refusal(alice, **overrides):
    values = {
        "namn": "Tomt",
        "datum": D(2024, 7, 1),
        "kalla": StickprovKalla.PLACERINGAR,
        "fran": FRAN,
        "till": TILL,
        "antal": 20,
        "ramavtal": None,
        "user": alice,
    }
    values.update(overrides)
    with pytest.raises(ValidationError) as error:
        stickprov_skapa(**values)
    assert not Stickprov.objects.exists()
    return error.value


@pytest.mark.django_db
def test_every_refusal_in_full(alice):
    unsaved = [Faktura(fakturanummer="F-1")]
    ramavtal = AvtalFactory().ramavtal
    assert _refusal(alice, fran=TILL, till=FRAN).message_dict == {
        "till": ["Periodens slut kan inte ligga före dess början."]
    }
    assert _refusal(alice, antal=0).message_dict == {
        "antal": ["Ange hur många fakturor som ska dras."]
    }
    assert _refusal(alice, kalla=StickprovKalla.FAKTUROR).message_dict == {
        "fakturalista": ["Ladda upp fakturalistan att dra fakturor ur."]
    }
    assert _refusal(
        alice, kalla=StickprovKalla.FAKTUROR, fakturalista=unsaved, ramavtal=ramavtal
    ).message_dict == {
        "ramavtal": ["Välj inget ramavtal när fakturorna dras ur en importerad fakturalista."]
    }
    assert _refusal(alice, fakturalista=unsaved).message_dict == {
        "fakturalista": ["En fakturalista används bara när urvalet görs ur en fakturalista."]
    }
    assert _refusal(alice).messages == [
        "Det finns inga placeringar att dra fakturor ur för den valda perioden."
    ]
    assert _refusal(alice, ramavtal=ramavtal).messages == [
        "Det finns inga placeringar att dra fakturor ur för den valda perioden och det valda "
        "ramavtalet."
    ]


@pytest.mark.django_db
def test_one_invoice_may_be_drawn_and_a_round_keeps_its_criteria(alice):
    avtal = AvtalFactory()
    inside = _placering("A", D(2024, 2, 1), None, avtal=avtal)
    _placering("B", D(2024, 2, 1), None)  # under another ramavtal
    stickprov = stickprov_skapa(
        namn="Ett ramavtal",
        datum=D(2024, 7, 2),
        kalla=StickprovKalla.PLACERINGAR,
        fran=FRAN,
        till=TILL,
        antal=1,
        ramavtal=avtal.ramavtal,
        user=alice,
        seed=9,
    )
    stickprov.refresh_from_db()
    assert (stickprov.namn, stickprov.datum, stickprov.kalla) == (
        "Ett ramavtal",
        D(2024, 7, 2),
        StickprovKalla.PLACERINGAR,
    )
    assert (stickprov.fran, stickprov.till, stickprov.antal, stickprov.seed) == (FRAN, TILL, 1, 9)
    assert (stickprov.ramavtal, stickprov.utford_av) == (avtal.ramavtal, alice)
    assert list(stickprov.fakturor.values_list("placering_id", "ordning")) == [(inside.pk, 1)]
    # Reproduced with the stored ramavtal: the other agreement's placement stays out.
    assert reproduce(stickprov) == [inside.pk]


@pytest.mark.django_db
def test_a_round_of_closed_placements_reproduces_from_its_kind(alice):
    avtal = AvtalFactory()
    closed = _placering("A", D(2024, 1, 10), D(2024, 3, 1), avtal=avtal)
    _placering("B", D(2024, 1, 10), None, avtal=avtal)  # ongoing: not closed in the period
    stickprov = stickprov_skapa(
        namn="Avslutade",
        datum=D(2024, 7, 1),
        kalla=StickprovKalla.AVSLUTADE,
        fran=FRAN,
        till=TILL,
        antal=5,
        ramavtal=None,
        user=alice,
        seed=4,
    )
    assert list(stickprov.fakturor.values_list("placering_id", flat=True)) == [closed.pk]
    assert reproduce(stickprov) == [closed.pk]


def test_the_draw_is_the_documented_sample_of_the_sorted_ids():
    # random.Random(seed).sample over the ids in ascending order, written out.
    assert draw([9, 2, 7, 4, 5], 2, 42) == [2, 9]
    assert draw([9, 2, 7, 4, 5], 4, 42) == [2, 9, 5, 4]
    assert draw([9, 2, 7, 4, 5], 5, 42) == [2, 4, 5, 7, 9]
