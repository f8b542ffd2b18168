"""Invoice sampling from an imported invoice list (the finance system's export)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from arenden.draw import candidate_fakturor, reproduce, stickprov_skapa, totals
from arenden.fakturalista import MAX_MESSAGES, read_fakturalista
from arenden.models import (
    Faktura,
    FakturaAvvikelse,
    FakturaResultat,
    Stickprov,
    StickprovFaktura,
    StickprovKalla,
)
from tests.factories import LeverantorFactory, PlaceringFactory

D = datetime.date
FRAN, TILL = D(2024, 1, 1), D(2024, 6, 30)
PERSONNUMMER = "19121212-1212"  # Skatteverket's test number
HEADER = "fakturanummer;organisationsnummer;referens;fakturadatum;period_fran;period_till;belopp"


def _csv(*lines, header=HEADER):
    return ("\ufeff" + "\r\n".join([header, *lines]) + "\r\n").encode("utf-8")


def _lines(leverantor, count, *, start=1000):
    return [
        f"F-{n};{leverantor.organisationsnummer};;2024-03-05;2024-02-01;2024-02-29;1 234,50"
        for n in range(start, start + count)
    ]


def _skapa(user, fakturalista, *, seed=7, antal=5, fran=FRAN, till=TILL):
    return stickprov_skapa(
        namn="Fakturor våren 2024",
        datum=D(2024, 7, 1),
        kalla=StickprovKalla.FAKTUROR,
        fran=fran,
        till=till,
        antal=antal,
        ramavtal=None,
        user=user,
        seed=seed,
        fakturalista=fakturalista,
    )


@pytest.mark.django_db
def test_a_csv_from_a_swedish_office_is_read():
    placering = PlaceringFactory(referens="P-000777")
    leverantor = placering.verksamhet.leverantor
    orgnr_compact = leverantor.organisationsnummer.replace("-", "")
    data = _csv(
        f"F-2;{orgnr_compact};P-000777;2024-03-05;2024-02-01;2024-02-29;1 234,50",
        f"F-1;{leverantor.organisationsnummer};;2024-03-06;2024-02-01;2024-02-29;3450",
    )
    fakturor = read_fakturalista(data, "fakturor.csv")
    assert [f.fakturanummer for f in fakturor] == ["F-2", "F-1"]
    assert [f.placering for f in fakturor] == [placering, None]
    assert all(f.leverantor == leverantor and f.pk is None for f in fakturor)
    assert fakturor[0].belopp == Decimal("1234.50")
    assert fakturor[0].period_till == D(2024, 2, 29)


@pytest.mark.django_db
def test_an_xlsx_list_is_read():
    leverantor = LeverantorFactory()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Fakturanummer",
            "Organisationsnummer",
            "Fakturadatum",
            "Period från",
            "Period till",
            "Belopp (kr)",
        ]
    )
    sheet.append(
        [
            100234,
            leverantor.organisationsnummer,
            datetime.datetime(2024, 3, 5),
            datetime.datetime(2024, 2, 1),
            datetime.datetime(2024, 2, 29),
            999.5,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    (faktura,) = read_fakturalista(buffer.getvalue(), "fakturor.xlsx")
    assert faktura.fakturanummer == "100234"
    assert faktura.belopp == Decimal("999.50")
    assert faktura.placering is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "F-1;{orgnr};P-{pnr};2024-03-05;2024-02-01;2024-02-29;100",
            "Rad 3, kolumn ”referens”: värdet ser ut som ett personnummer",
        ),
        (
            "F-1;556036-0793;;2024-03-05;2024-02-01;2024-02-29;100",
            "Rad 3, kolumn ”organisationsnummer”: ingen leverantör",
        ),
        (
            "F-1;{orgnr};P-okand;2024-03-05;2024-02-01;2024-02-29;100",
            "Rad 3, kolumn ”referens”: ingen placering med den referensen finns.",
        ),
        (
            "F-1;{orgnr};;2024-03-05;2024-03-01;2024-02-01;100",
            "Rad 3, kolumn ”period_till”: periodens slut kan inte ligga före dess början.",
        ),
        (
            "F-1;{orgnr};;5/3/2024;2024-02-01;2024-02-29;100",
            "Rad 3, kolumn ”fakturadatum”: ogiltigt datum",
        ),
        (
            "F-1;{orgnr};;2024-03-05;2024-02-01;2024-02-29;tusen",
            "Rad 3, kolumn ”belopp”: ogiltigt belopp",
        ),
        (
            "F-0999;{orgnr};;2024-03-05;2024-02-01;2024-02-29;100",
            "Rad 3, kolumn ”fakturanummer”: samma fakturanummer finns redan på rad 2",
        ),
        (
            "{pnr};{orgnr};;2024-03-05;2024-02-01;2024-02-29;100",
            "Rad 3, kolumn ”fakturanummer”: värdet ser ut som ett personnummer",
        ),
    ],
)
def test_one_bad_row_refuses_the_whole_list_and_writes_nothing(alice, row, message):
    leverantor = LeverantorFactory()
    good = f"F-0999;{leverantor.organisationsnummer};;2024-03-05;2024-02-01;2024-02-29;100"
    bad = row.format(orgnr=leverantor.organisationsnummer, pnr=PERSONNUMMER)
    with pytest.raises(ValidationError) as error:
        read_fakturalista(_csv(good, bad, *_lines(leverantor, 3)), "fakturor.csv")
    text = " ".join(error.value.messages)
    assert message in text
    assert PERSONNUMMER not in text
    assert PERSONNUMMER.replace("-", "")[2:] not in text
    assert not Stickprov.objects.exists()
    assert not Faktura.objects.exists()


@pytest.mark.django_db
def test_a_placement_of_another_supplier_is_refused():
    placering = PlaceringFactory(referens="P-000001")
    other = LeverantorFactory()
    data = _csv(f"F-1;{other.organisationsnummer};P-000001;2024-03-05;2024-02-01;2024-02-29;100")
    with pytest.raises(ValidationError) as error:
        read_fakturalista(data, "fakturor.csv")
    assert "placeringen hör till en annan leverantör" in error.value.messages[0]
    assert placering.verksamhet.leverantor != other


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen är tom."),
        (_csv(), "Filen innehåller inga rader att importera, bara rubrikraden."),
        (_csv("F-1;x", header="fakturanummer;organisationsnummer"), "Kolumnen ”fakturadatum”"),
    ],
)
def test_an_unusable_file_is_refused(data, message):
    with pytest.raises(ValidationError) as error:
        read_fakturalista(data, "fakturor.csv")
    assert message in " ".join(error.value.messages)


@pytest.mark.django_db
def test_a_file_full_of_errors_shows_the_first_ones():
    data = _csv(*[f"F-{n};556036-0793;;2024-03-05;2024-02-01;2024-02-29;1" for n in range(80)])
    with pytest.raises(ValidationError) as error:
        read_fakturalista(data, "fakturor.csv")
    assert len(error.value.messages) == MAX_MESSAGES + 1
    assert error.value.messages[-1] == "… och 30 fel till."


@pytest.mark.django_db
def test_the_draw_from_a_list_is_reproducible_from_the_stored_rows(alice):
    leverantor = LeverantorFactory()
    data = _csv(*_lines(leverantor, 40))
    first = _skapa(alice, read_fakturalista(data, "a.csv"), seed=12345)
    same = _skapa(alice, read_fakturalista(data, "a.csv"), seed=12345)
    other = _skapa(alice, read_fakturalista(data, "a.csv"), seed=54321)

    def drawn(stickprov):
        return list(
            stickprov.fakturor.order_by("ordning").values_list("faktura__fakturanummer", flat=True)
        )

    assert len(drawn(first)) == 5
    assert drawn(first) == drawn(same)
    assert drawn(first) != drawn(other)
    # Every imported row is stored, drawn or not, so the draw can be re-run.
    assert first.fakturalista.count() == 40
    assert list(first.fakturor.order_by("ordning").values_list("faktura_id", flat=True)) == (
        reproduce(first)
    )
    assert all(f.placering_id is None for f in first.fakturor.all())
    assert first.fakturalista.first().history.get().history_user == alice


@pytest.mark.django_db
def test_the_draw_follows_fakturanummer_not_file_order(alice):
    leverantor = LeverantorFactory()
    lines = _lines(leverantor, 30)
    forward = _skapa(alice, read_fakturalista(_csv(*lines), "a.csv"), seed=3)
    backward = _skapa(alice, read_fakturalista(_csv(*reversed(lines)), "b.csv"), seed=3)
    numbers = [
        list(s.fakturor.order_by("ordning").values_list("faktura__fakturanummer", flat=True))
        for s in (forward, backward)
    ]
    assert numbers[0] == numbers[1]


@pytest.mark.django_db
def test_a_changed_stored_list_no_longer_reproduces_the_draw(alice):
    leverantor = LeverantorFactory()
    stickprov = _skapa(alice, read_fakturalista(_csv(*_lines(leverantor, 10)), "a.csv"), antal=3)
    drawn = set(stickprov.fakturor.values_list("faktura_id", flat=True))
    Faktura.objects.bulk_create(
        Faktura(
            stickprov=stickprov,
            fakturanummer=f"F-0{n}",
            leverantor=leverantor,
            fakturadatum=D(2024, 3, 1),
            period_fran=D(2024, 2, 1),
            period_till=D(2024, 2, 29),
            belopp=1,
        )
        for n in range(20)
    )
    assert set(reproduce(stickprov)) != drawn


@pytest.mark.django_db
def test_only_invoices_for_the_period_are_drawn_but_all_are_stored(alice):
    leverantor = LeverantorFactory()
    inside = _lines(leverantor, 3)
    outside = [
        f"F-9{n};{leverantor.organisationsnummer};;2024-08-05;2024-07-01;2024-07-31;100"
        for n in range(5)
    ]
    stickprov = _skapa(alice, read_fakturalista(_csv(*inside, *outside), "a.csv"), antal=20)
    assert stickprov.fakturalista.count() == 8
    assert candidate_fakturor(stickprov).count() == 3
    assert {f.faktura.fakturanummer for f in stickprov.fakturor.all()} == {
        "F-1000",
        "F-1001",
        "F-1002",
    }


@pytest.mark.django_db
def test_a_list_with_nothing_in_the_period_writes_nothing(alice):
    leverantor = LeverantorFactory()
    fakturor = read_fakturalista(_csv(*_lines(leverantor, 3)), "a.csv")
    with pytest.raises(ValidationError) as error:
        _skapa(alice, fakturor, fran=D(2025, 1, 1), till=D(2025, 6, 30))
    assert "Ingen faktura i listan gäller den valda perioden" in str(error.value)
    assert not Stickprov.objects.exists()
    assert not Faktura.objects.exists()
    assert not Faktura.history.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kalla", "with_list", "with_ramavtal", "field"),
    [
        (StickprovKalla.FAKTUROR, False, False, "fakturalista"),
        (StickprovKalla.FAKTUROR, True, True, "ramavtal"),
        (StickprovKalla.PLACERINGAR, True, False, "fakturalista"),
    ],
)
def test_a_list_goes_with_the_list_source_only(alice, kalla, with_list, with_ramavtal, field):
    leverantor = LeverantorFactory()
    placering = PlaceringFactory(startdatum=D(2024, 2, 1), slutdatum=None)
    fakturor = read_fakturalista(_csv(*_lines(leverantor, 2)), "a.csv") if with_list else None
    with pytest.raises(ValidationError) as error:
        stickprov_skapa(
            namn="Fel",
            datum=D(2024, 7, 1),
            kalla=kalla,
            fran=FRAN,
            till=TILL,
            antal=5,
            ramavtal=placering.avtal.ramavtal if with_ramavtal else None,
            user=alice,
            fakturalista=fakturor,
        )
    assert field in error.value.message_dict
    assert not Stickprov.objects.exists()


@pytest.mark.django_db
def test_totals_mean_the_same_for_a_round_drawn_from_a_list(alice, django_assert_num_queries):
    leverantor = LeverantorFactory()
    stickprov = _skapa(alice, read_fakturalista(_csv(*_lines(leverantor, 10)), "a.csv"), antal=4)
    a, b, c, _d = stickprov.fakturor.order_by("ordning")
    for faktura, resultat, typ in [
        (a, FakturaResultat.OK, ""),
        (b, FakturaResultat.AVVIKELSE, FakturaAvvikelse.UTFLYTTSDAG),
        (c, FakturaResultat.AVVIKELSE, FakturaAvvikelse.FEL_PERIOD),
    ]:
        faktura.resultat, faktura.avvikelsetyp = resultat, typ
        faktura.full_clean()
        faktura.save()
    with django_assert_num_queries(1):
        result = totals(stickprov)
    # Drawn invoices, not the imported list, are what the round counts.
    assert result["antal"] == 4
    assert (result["granskade"], result["ok"], result["avvikelse"]) == (3, 1, 2)
    assert result["ej_granskad"] == 1
    assert result["per_typ"]["utflyttsdag"] == result["per_typ"]["fel_period"] == 1


@pytest.mark.django_db
def test_a_drawn_invoice_is_a_placement_or_an_imported_invoice_never_both(alice):
    leverantor = LeverantorFactory()
    stickprov = _skapa(alice, read_fakturalista(_csv(*_lines(leverantor, 3)), "a.csv"), antal=1)
    drawn = stickprov.fakturor.get()
    drawn.placering = PlaceringFactory()
    with pytest.raises(ValidationError, match="antingen en placering eller en importerad"):
        drawn.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        drawn.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        StickprovFaktura.objects.create(stickprov=stickprov, ordning=9)
