"""Rules of the special follow-up: the sample, planned versus done, progress."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from arenden.models import PlaneradStatus, PlaneradUtfall, Uppfoljning
from arenden.sarskild import planned_vs_done, progress, sarskild_skapa
from tests.arenden.factories_sarskild import (
    MetodFactory,
    SarskildFactory,
    TemaFactory,
    UrvalRadFactory,
    UserFactory,
)
from tests.factories import (
    AvtalFactory,
    AvtalsomradeFactory,
    LeverantorFactory,
    PlaceringFactory,
    RamavtalFactory,
    VerksamhetFactory,
)

FRAN, TILL = datetime.date(2023, 1, 1), datetime.date(2024, 4, 30)


def place(avtal, start, end, per_dygn=None, totalt=None):
    # Samples are of units: each supplier here has one unit, shared by its placements.
    unit = avtal.leverantor.verksamheter.first() or VerksamhetFactory(
        leverantor=avtal.leverantor, namn=f"{avtal.leverantor.namn} hem"
    )
    return PlaceringFactory(
        avtal=avtal,
        verksamhet=unit,
        startdatum=start,
        slutdatum=end,
        kostnad_per_dygn=per_dygn,
        kostnad_totalt=totalt,
    )


@pytest.fixture
def register():
    """Four suppliers under one agreement with figures easy to check by hand."""
    ramavtal = RamavtalFactory(namn="Stödboende för ungdomar")
    avtal = {
        name: AvtalFactory(ramavtal=ramavtal, leverantor=LeverantorFactory(namn=name))
        for name in ("Allviken AB", "Björkdalen AB", "Cedern AB", "Dalsro AB")
    }
    d = datetime.date
    # Allviken: 10 days × 3 000 + 28 days × 2 000 = 86 000 kr, 2 placements.
    place(avtal["Allviken AB"], d(2023, 1, 1), d(2023, 1, 10), per_dygn=Decimal("3000"))
    place(avtal["Allviken AB"], d(2023, 2, 1), d(2023, 2, 28), per_dygn=Decimal("2000"))
    # Björkdalen: ongoing from 21 April, 10 days within the period × 5 000 = 50 000 kr.
    place(avtal["Björkdalen AB"], d(2024, 4, 21), None, per_dygn=Decimal("5000"))
    # Cedern: starts before the period, 10 days inside × 1 000 = 10 000 kr.
    place(avtal["Cedern AB"], d(2022, 12, 22), d(2023, 1, 10), per_dygn=Decimal("1000"))
    # Dalsro: 120 000 kr over 60 days, 30 of them in the period = 60 000 kr.
    place(avtal["Dalsro AB"], d(2024, 4, 1), d(2024, 5, 30), totalt=Decimal("120000"))
    # Outside the period, and under another agreement: neither counts.
    place(avtal["Cedern AB"], d(2022, 1, 1), d(2022, 6, 30), per_dygn=Decimal("9000"))
    place(AvtalFactory(), d(2023, 3, 1), d(2023, 12, 31), per_dygn=Decimal("9000"))
    return ramavtal


@pytest.mark.django_db
def test_the_sample_is_the_top_of_the_register_with_the_figures_as_they_were(register):
    metod, tema = MetodFactory(namn="Intervju med personal"), TemaFactory(namn="Bemanning")
    uppfoljning = sarskild_skapa(
        ramavtal=register,
        ar=2024,
        rubrik="Stödboende 2024",
        ansvarig=UserFactory(),
        user=UserFactory(),
        metoder=[metod],
        teman=[tema],
        urval_fran=FRAN,
        urval_till=TILL,
        antal=3,
    )
    rows = [
        (r.leverantor.namn, r.inkopsvarde, r.antal_placeringar, r.status)
        for r in uppfoljning.urval.select_related("leverantor")
    ]
    assert rows == [
        ("Allviken AB", Decimal("86000.00"), 2, PlaneradStatus.PLANERAD),
        ("Dalsro AB", Decimal("60000.00"), 1, PlaneradStatus.PLANERAD),
        ("Björkdalen AB", Decimal("50000.00"), 1, PlaneradStatus.PLANERAD),
    ]
    assert uppfoljning.typ == "sarskild"
    assert uppfoljning.urvalskriterier == (
        "De 3 verksamheter med högst inköpsvärde 2023-01-01 – 2024-04-30"
    )
    assert list(uppfoljning.metoder.all()) == [metod]
    assert list(uppfoljning.teman.all()) == [tema]
    assert uppfoljning.urval.first().history.count() == 1


@pytest.mark.django_db
def test_written_criteria_are_kept_and_placements_can_rank(register):
    uppfoljning = sarskild_skapa(
        ramavtal=register,
        ar=2024,
        rubrik="Stödboende 2024",
        ansvarig=UserFactory(),
        user=UserFactory(),
        urvalskriterier="Flest placeringar jan 23 – apr 24",
        urval_fran=FRAN,
        urval_till=TILL,
        antal=1,
        ordning="antal",
    )
    assert uppfoljning.urvalskriterier == "Flest placeringar jan 23 – apr 24"
    assert [r.leverantor.namn for r in uppfoljning.urval.all()] == ["Allviken AB"]


@pytest.mark.django_db
def test_hand_picked_suppliers_need_written_criteria_and_nothing_is_written_without(register):
    picked = list(register.avtal.select_related("leverantor").order_by("leverantor__namn"))[2:]
    suppliers = [a.leverantor for a in picked]
    with pytest.raises(ValidationError) as error:
        sarskild_skapa(
            ramavtal=register,
            ar=2024,
            rubrik="Stödboende 2024",
            ansvarig=UserFactory(),
            user=UserFactory(),
            leverantorer=suppliers,
        )
    assert error.value.message_dict["urvalskriterier"] == [
        "Beskriv hur verksamheterna valdes ut när urvalet görs för hand."
    ]
    assert not Uppfoljning.objects.exists()

    uppfoljning = sarskild_skapa(
        ramavtal=register,
        ar=2024,
        rubrik="Stödboende 2024",
        ansvarig=UserFactory(),
        user=UserFactory(),
        leverantorer=suppliers,
        urvalskriterier="Verksamheter med kvällsbemanning enligt IVO-tillsyn",
        urval_fran=FRAN,
        urval_till=TILL,
    )
    rows = {
        r.leverantor.namn: (r.inkopsvarde, r.antal_placeringar) for r in uppfoljning.urval.all()
    }
    # With a period, hand-picked suppliers still carry the register's figures.
    assert rows == {
        "Cedern AB": (Decimal("10000.00"), 1),
        "Dalsro AB": (Decimal("60000.00"), 1),
    }


@pytest.mark.django_db
def test_a_register_sample_needs_a_period_and_an_area_of_the_agreement(register):
    with pytest.raises(ValidationError) as error:
        sarskild_skapa(
            ramavtal=register,
            ar=2024,
            rubrik="x",
            ansvarig=UserFactory(),
            user=UserFactory(),
            avtalsomrade=AvtalsomradeFactory(),
        )
    assert error.value.message_dict == {
        "avtalsomrade": ["Avtalsområdet hör inte till ramavtalet."],
        "urval_fran": ["Ange perioden som urvalet ska göras för."],
    }
    with pytest.raises(ValidationError, match="inga placeringar"):
        sarskild_skapa(
            ramavtal=register,
            ar=2024,
            rubrik="x",
            ansvarig=UserFactory(),
            user=UserFactory(),
            urval_fran=datetime.date(2020, 1, 1),
            urval_till=datetime.date(2020, 12, 31),
        )
    assert not Uppfoljning.objects.exists()


@pytest.mark.django_db
def test_planned_versus_done_per_agreement_and_in_total(django_assert_num_queries):
    hvb = SarskildFactory(ramavtal=RamavtalFactory(namn="HVB barn och unga"), ar=2024)
    spel = SarskildFactory(ramavtal=RamavtalFactory(namn="Spelberoende"), ar=2024)
    done = {"status": PlaneradStatus.GENOMFORD, "utfall": PlaneradUtfall.INGA_ANMARKNINGAR}
    UrvalRadFactory(uppfoljning=hvb, **done)
    UrvalRadFactory(uppfoljning=hvb, **done)
    cancelled = UrvalRadFactory(
        uppfoljning=hvb,
        leverantor=LeverantorFactory(namn="Ödegården AB"),
        status=PlaneradStatus.INSTALLD,
        skal="Avtalet upphörde",
    )
    UrvalRadFactory(uppfoljning=spel, **done)
    # Another year and an event-driven case do not count.
    UrvalRadFactory(uppfoljning=SarskildFactory(ar=2023))

    with django_assert_num_queries(1):
        report = planned_vs_done(ar=2024)
        [(agreement_1, hvb_counts), (agreement_2, spel_counts)] = report.per_ramavtal
        reasons = [
            (r.leverantor.namn, r.get_status_display(), r.skal) for r in report.total.not_done
        ]

    assert report.total.summary == "3 av 4 planerade uppföljningar genomfördes"
    assert (agreement_1.namn, hvb_counts.planned, hvb_counts.done) == ("HVB barn och unga", 3, 2)
    assert hvb_counts.not_done == [cancelled]
    assert (agreement_2.namn, spel_counts.summary) == (
        "Spelberoende",
        "1 av 1 planerade uppföljningar genomfördes",
    )
    assert reasons == [("Ödegården AB", "Inställd", "Avtalet upphörde")]

    only_spel = planned_vs_done(ar=2024, ramavtal=spel.ramavtal)
    assert (only_spel.total.planned, only_spel.total.done) == (1, 1)
    assert planned_vs_done(ar=2030).total.summary == "0 av 0 planerade uppföljningar genomfördes"


@pytest.mark.django_db
def test_progress_counts_every_status(django_assert_num_queries):
    uppfoljning = SarskildFactory()
    UrvalRadFactory.create_batch(2, uppfoljning=uppfoljning)
    UrvalRadFactory(
        uppfoljning=uppfoljning, status=PlaneradStatus.GENOMFORD, utfall=PlaneradUtfall.RATTELSE
    )
    UrvalRadFactory(uppfoljning=uppfoljning, status=PlaneradStatus.FLYTTAD, skal="Ny föreståndare")
    UrvalRadFactory(status=PlaneradStatus.GENOMFORD)  # another follow-up
    with django_assert_num_queries(1):
        counts = progress(uppfoljning)
    assert counts == {
        PlaneradStatus.PLANERAD: 2,
        PlaneradStatus.PAGAR: 0,
        PlaneradStatus.GENOMFORD: 1,
        PlaneradStatus.FLYTTAD: 1,
        PlaneradStatus.INSTALLD: 0,
    }
    assert list(counts) == list(PlaneradStatus)
