import datetime
from decimal import Decimal

import pytest

from leverantorer.urval import cost_within, urval
from tests.factories import AvtalFactory, PlaceringFactory, RamavtalFactory, VerksamhetFactory

JAN_23 = datetime.date(2023, 1, 1)
APR_24 = datetime.date(2024, 4, 30)


def place(avtal, start, end, per_day=None, total=None, inriktning="Behandling"):
    verksamhet = VerksamhetFactory(leverantor=avtal.leverantor, inriktning=inriktning)
    return PlaceringFactory(
        avtal=avtal,
        verksamhet=verksamhet,
        startdatum=start,
        slutdatum=end,
        kostnad_per_dygn=per_day,
        kostnad_totalt=total,
    )


@pytest.mark.django_db
def test_it_ranks_suppliers_by_purchase_value_within_the_period():
    ramavtal = RamavtalFactory()
    big = AvtalFactory(ramavtal=ramavtal, leverantor__namn="Bromstensgården AB")
    small = AvtalFactory(ramavtal=ramavtal, leverantor__namn="Ramnäs HVB AB")
    other = AvtalFactory(leverantor__namn="Annat ramavtal AB")
    # 100 days inside the period at 10 000 kr = 1,0 mkr
    place(big, datetime.date(2023, 2, 1), datetime.date(2023, 5, 11), per_day=Decimal("10000"))
    # starts before the period: only 2023-01-01..2023-01-31 counts (31 days)
    place(big, datetime.date(2022, 12, 1), datetime.date(2023, 1, 31), per_day=Decimal("1000"))
    # two placements, 2,4 mkr total, one still ongoing at the period end
    place(small, datetime.date(2024, 1, 1), datetime.date(2024, 2, 29), total=Decimal("600000"))
    place(small, datetime.date(2024, 3, 1), None, per_day=Decimal("30000"))  # 61 days in period
    # outside the period and outside the agreement: not counted
    place(big, datetime.date(2024, 5, 1), datetime.date(2024, 6, 1), per_day=Decimal("99999"))
    place(other, datetime.date(2023, 6, 1), datetime.date(2023, 6, 30), per_day=Decimal("99999"))

    rows = urval(ramavtal=ramavtal, fran=JAN_23, till=APR_24)

    assert [(r.leverantor, r.inkopsvarde_mkr, r.antal_placeringar) for r in rows] == [
        ("Ramnäs HVB AB", Decimal("2.4"), 2),
        ("Bromstensgården AB", Decimal("1.0"), 2),
    ]
    assert rows[0].inkopsvarde == Decimal("600000") + Decimal("30000") * 61
    assert rows[1].inkopsvarde == Decimal("10000") * 100 + Decimal("1000") * 31


@pytest.mark.django_db
def test_it_can_rank_by_number_of_placements_and_filter_by_orientation():
    ramavtal = RamavtalFactory()
    many = AvtalFactory(ramavtal=ramavtal, leverantor__namn="Många AB")
    rich = AvtalFactory(ramavtal=ramavtal, leverantor__namn="Dyra AB")
    for month in (2, 3, 4):
        place(
            many,
            datetime.date(2023, month, 1),
            datetime.date(2023, month, 10),
            per_day=Decimal("100"),
            inriktning="Flickor 13–17",
        )
    place(
        rich,
        datetime.date(2023, 2, 1),
        datetime.date(2023, 12, 31),
        per_day=Decimal("5000"),
        inriktning="Pojkar 13–17",
    )

    by_count = urval(ramavtal=ramavtal, fran=JAN_23, till=APR_24, ordning="antal")
    assert [r.leverantor for r in by_count] == ["Många AB", "Dyra AB"]
    girls = urval(ramavtal=ramavtal, fran=JAN_23, till=APR_24, inriktning="flickor")
    assert [(r.leverantor, r.antal_placeringar) for r in girls] == [("Många AB", 3)]


def test_a_total_cost_is_shared_evenly_over_the_placements_days():
    class P:
        startdatum = datetime.date(2024, 1, 1)
        slutdatum = datetime.date(2024, 1, 10)
        kostnad_per_dygn = None
        kostnad_totalt = Decimal("10000")

    assert cost_within(P, datetime.date(2024, 1, 6), datetime.date(2024, 12, 31)) == Decimal("5000")
    assert cost_within(P, datetime.date(2024, 2, 1), datetime.date(2024, 12, 31)) == Decimal("0")


@pytest.mark.django_db
def test_the_page_rounds_purchase_value_half_up_like_the_report():
    ramavtal = RamavtalFactory()
    half = AvtalFactory(ramavtal=ramavtal, leverantor__namn="Halva AB")
    below = AvtalFactory(ramavtal=ramavtal, leverantor__namn="Nästan AB")
    # 125 days at 10 000 kr = 1 250 000 kr; 1 249 999 kr as one total over 1 day.
    place(half, datetime.date(2023, 2, 1), datetime.date(2023, 6, 5), per_day=Decimal("10000"))
    place(below, datetime.date(2023, 3, 1), datetime.date(2023, 3, 1), total=Decimal("1249999"))
    rows = urval(ramavtal=ramavtal, fran=JAN_23, till=APR_24)
    assert [(r.leverantor, r.inkopsvarde, str(r.inkopsvarde_mkr)) for r in rows] == [
        ("Halva AB", Decimal("1250000"), "1.3"),
        ("Nästan AB", Decimal("1249999"), "1.2"),
    ]
