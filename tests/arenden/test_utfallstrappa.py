"""The outcome ladder: what each status and outcome needs, which evidence fits, the steps."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count

from arenden.models import EjGenomfordOrsak, PlaneradStatus, PlaneradUtfall, UppfoljningLeverantor
from arenden.utfallstrappa import UTFALLSGRUPP, Utfallsgrupp, andra, fel, skapa_brist, utfallsgrupp
from leverantorer.models import Beslut, BeslutTyp
from tests.arenden.factories_sarskild import BristFactory, UrvalRadFactory
from tests.factories import AvtalFactory, VerksamhetFactory

G, P, F = PlaneradStatus.GENOMFORD, PlaneradStatus.PLANERAD, PlaneradStatus.FLYTTAD
U = PlaneradUtfall


def beslut(avtal, typ, user, belopp=None, verksamhet=None):
    return Beslut.objects.create(
        avtal=avtal,
        typ=typ,
        datum=datetime.date(2024, 10, 1),
        beslutsfattare="Socialnämnden",
        skal_id="brister",
        faktaunderlag="Upprepade brister i bemanningen.",
        belopp=belopp,
        verksamhet=verksamhet,
        foregaende_status="aktiv",
        ny_status="aktiv",
        registrerat_av=user,
    )


@pytest.fixture
def rad():
    verksamhet = VerksamhetFactory(namn="Björkgården")
    return UrvalRadFactory(verksamhet=verksamhet, leverantor=verksamhet.leverantor)


@pytest.fixture
def avtal(rad):
    return AvtalFactory(leverantor=rad.leverantor)


@pytest.mark.django_db
def test_it_needs_a_reason_to_move_and_an_outcome_when_done(rad):
    rad.status = F
    assert fel(rad) == {"orsak": "Ange varför uppföljningen inte genomförs som planerat."}
    rad.orsak = EjGenomfordOrsak.objects.get(namn="Omprioritering")
    assert fel(rad) == {}
    rad.status, rad.orsak = G, None
    assert fel(rad) == {"utfall": "Ange utfallet av en genomförd uppföljning."}
    rad.utfall = U.INGA_ANMARKNINGAR
    assert fel(rad) == {}


@pytest.mark.django_db
def test_it_refuses_an_outcome_before_the_follow_up_is_done(rad):
    rad.status, rad.utfall = PlaneradStatus.PAGAR, U.KOMPLETTERING
    assert fel(rad) == {"utfall": "Utfall anges först när uppföljningen är genomförd."}
    rad.status = P
    assert fel(rad) == {"utfall": "Utfall anges först när uppföljningen är genomförd."}


@pytest.mark.django_db
def test_komplettering_needs_nothing_and_may_be_fixed(rad):
    rad.status, rad.utfall, rad.underlag = G, U.KOMPLETTERING, "Dnr SN 2024/117"
    rad.atgardat = datetime.date(2024, 10, 3)
    assert fel(rad) == {}
    rad.utfall = U.INGA_ANMARKNINGAR
    assert fel(rad) == {
        "atgardat": "Åtgärdat anges bara när komplettering eller rättelse har begärts."
    }


@pytest.mark.django_db
def test_rattelse_needs_a_finding_of_the_rows_supplier_and_unit(rad):
    rad.status, rad.utfall = G, U.RATTELSE
    assert fel(rad) == {
        "brist": "Rättelse begärd kräver en brist med sista dag för åtgärd: välj en "
        "eller skapa en från raden."
    }
    rad.brist = BristFactory()  # another supplier's
    assert fel(rad) == {"brist": "Bristen gäller en annan leverantör än raden."}
    other_unit = VerksamhetFactory(leverantor=rad.leverantor)
    rad.brist = BristFactory(leverantor=rad.leverantor, verksamhet=other_unit)
    assert fel(rad) == {"brist": "Bristen gäller en annan verksamhet än raden."}
    rad.brist = BristFactory(leverantor=rad.leverantor, verksamhet=rad.verksamhet)
    assert fel(rad) == {}


@pytest.mark.django_db
def test_a_finding_is_made_from_the_row(rad, alice):
    rad.status, rad.utfall = G, U.RATTELSE
    brist = skapa_brist(
        rad,
        beskrivning="Bemanningsschema saknas för kvällstid.",
        krav="Inkom med bemanningsschema.",
        atgard_senast=datetime.date(2024, 12, 1),
        user=alice,
    )
    andra(rad, user=alice)
    rad.refresh_from_db()
    assert rad.brist == brist
    assert (brist.leverantor, brist.verksamhet, brist.uppfoljning) == (
        rad.leverantor,
        rad.verksamhet,
        rad.uppfoljning,
    )
    assert rad.history.first().history_user == alice


@pytest.mark.django_db
def test_vite_needs_a_vite_decision_with_an_amount_on_the_suppliers_contract(rad, avtal, alice):
    rad.status, rad.utfall = G, U.VITE
    assert fel(rad) == {"beslut": "Vite kräver ett beslut om vite för leverantörens avtal."}
    rad.beslut = beslut(AvtalFactory(), BeslutTyp.VITE, alice, belopp=Decimal("25000"))
    assert fel(rad) == {"beslut": "Beslutet gäller en annan leverantörs avtal."}
    rad.beslut = beslut(avtal, BeslutTyp.HAVNING, alice)
    assert fel(rad) == {"beslut": "Beslutet är inte ett beslut om vite."}
    rad.beslut = beslut(avtal, BeslutTyp.VITE, alice)
    assert fel(rad) == {"beslut": "Beslutet om vite saknar belopp."}
    rad.beslut = beslut(avtal, BeslutTyp.VITE, alice, belopp=Decimal("25000"))
    assert fel(rad) == {}


@pytest.mark.django_db
def test_havning_needs_a_havning_for_the_whole_contract_or_the_rows_unit(rad, avtal, alice):
    rad.status, rad.utfall = G, U.HAVNING
    assert fel(rad) == {"beslut": "Hävning kräver ett beslut om hävning för leverantörens avtal."}
    other_unit = VerksamhetFactory(leverantor=rad.leverantor)
    rad.beslut = beslut(avtal, BeslutTyp.HAVNING, alice, verksamhet=other_unit)
    assert fel(rad) == {"beslut": "Beslutet gäller en annan verksamhet än raden."}
    rad.beslut = beslut(avtal, BeslutTyp.HAVNING, alice, verksamhet=rad.verksamhet)
    assert fel(rad) == {}
    rad.beslut = beslut(avtal, BeslutTyp.HAVNING, alice)
    assert fel(rad) == {}


@pytest.mark.django_db
def test_evidence_is_refused_on_a_step_that_takes_none(rad, avtal, alice):
    rad.status, rad.utfall = G, U.INGA_ANMARKNINGAR
    rad.brist = BristFactory(leverantor=rad.leverantor)
    rad.beslut = beslut(avtal, BeslutTyp.VITE, alice, belopp=Decimal("1000"))
    assert fel(rad) == {
        "brist": "En brist kopplas bara till rättelse, vite eller hävning.",
        "beslut": "Ett beslut kopplas bara till vite eller hävning.",
    }


@pytest.mark.django_db
def test_the_model_refuses_what_the_ladder_refuses(rad, alice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        andra(rad, user=alice, status=G, utfall=U.VITE)
    assert refused.value.message_dict == {
        "beslut": ["Vite kräver ett beslut om vite för leverantörens avtal."]
    }
    rad.refresh_from_db()
    assert (rad.status, rad.utfall) == (P, "")


@pytest.mark.parametrize(
    ("utfall", "atgardat", "grupp"),
    [
        ("", None, ""),
        (U.INGA_ANMARKNINGAR, None, Utfallsgrupp.UTAN_ANMARKNING),
        (U.KOMPLETTERING, None, Utfallsgrupp.HANTERAS),
        (U.KOMPLETTERING, datetime.date(2024, 10, 3), Utfallsgrupp.ATGARDADE),
        (U.RATTELSE, None, Utfallsgrupp.HANTERAS),
        (U.RATTELSE, datetime.date(2024, 11, 20), Utfallsgrupp.ATGARDADE),
        (U.VITE, None, Utfallsgrupp.SANKTION),
        (U.HAVNING, None, Utfallsgrupp.SANKTION),
    ],
)
def test_utfallsgrupp_of_each_step(utfall, atgardat, grupp):
    assert utfallsgrupp(UppfoljningLeverantor(utfall=utfall, atgardat=atgardat)) == grupp


@pytest.mark.django_db
def test_the_steps_are_counted_in_sql_as_in_python():
    rows = [
        UrvalRadFactory(status=G, utfall=U.INGA_ANMARKNINGAR),
        UrvalRadFactory(status=G, utfall=U.INGA_ANMARKNINGAR),
        UrvalRadFactory(status=G, utfall=U.KOMPLETTERING, atgardat=datetime.date(2024, 10, 3)),
        UrvalRadFactory(status=G, utfall=U.RATTELSE),
        UrvalRadFactory(status=G, utfall=U.HAVNING),
        UrvalRadFactory(status=P),
    ]
    counts = dict(
        UppfoljningLeverantor.objects.annotate(grupp=UTFALLSGRUPP)
        .values_list("grupp")
        .annotate(n=Count("pk"))
        .values_list("grupp", "n")
    )
    assert counts == {
        "utan_anmarkning": 2,
        "atgardade": 1,
        "hanteras": 1,
        "sanktion": 1,
        "": 1,
    }
    assert sorted(utfallsgrupp(row) for row in rows) == sorted(
        ["utan_anmarkning", "utan_anmarkning", "atgardade", "hanteras", "sanktion", ""]
    )
