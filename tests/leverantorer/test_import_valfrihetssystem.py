"""The supplier list for a choice system (LOV): approved units with their approval date,
and no call-off order."""

import datetime

import pytest

from leverantorer.imports import apply_import, parse_import
from leverantorer.models import Avtal, Verksamhet
from ramavtal.models import Upphandlingsform
from tests.factories import AvtalsomradeFactory, RamavtalFactory, fake_orgnr
from tests.spreadsheets import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["organisationsnummer", "namn", "ort", "region", "ramavtal", "rangordning", "godkand",
          "verksamhet", "avtalsomraden"]  # fmt: skip


@pytest.fixture
def lov():
    ramavtal = RamavtalFactory(
        diarienummer="SCN-2022-0100",
        namn="Hemtjänst",
        upphandlingsform=Upphandlingsform.LOV,
        slutdatum=None,
        slutdatum_inkl_option=None,
    )
    AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Norr")
    AvtalsomradeFactory(ramavtal=ramavtal, nummer=2, namn="Söder")
    return ramavtal


def test_approved_units_are_imported_with_the_day_they_were_approved(lov, alice):
    data = csv_bytes(
        HEADER,
        [
            [fake_orgnr(951), "Omsorg Norr AB", "Umeå", "", "SCN-2022-0100", "", "2023-04-01",
             "Omsorg Norr hemtjänst", "1"],
            [fake_orgnr(951), "Omsorg Norr AB", "Umeå", "", "SCN-2022-0100", "", "2023-04-01",
             "Omsorg Norr nattpatrull", "1, 2"],
        ],
    )  # fmt: skip
    preview = parse_import("leverantorer", data, "lov.csv")
    assert preview.all_errors == []
    apply_import(preview, user=alice)

    avtal = Avtal.objects.get(ramavtal=lov)
    assert avtal.startdatum == datetime.date(2023, 4, 1)
    assert avtal.rangordning is None
    assert sorted(avtal.verksamheter.values_list("namn", flat=True)) == [
        "Omsorg Norr hemtjänst",
        "Omsorg Norr nattpatrull",
    ]
    assert sorted(avtal.avtalsomraden.values_list("nummer", flat=True)) == [1, 2]
    assert Verksamhet.objects.count() == 2


def test_a_rank_in_a_choice_system_is_refused_and_nothing_is_written(lov):
    data = csv_bytes(
        HEADER,
        [[fake_orgnr(952), "Omsorg Söder AB", "Umeå", "", "SCN-2022-0100", "2", "", "Söder", "2"]],
    )
    preview = parse_import("leverantorer", data, "lov.csv")
    assert preview.all_errors == [
        "Rad 2, kolumn ”rangordning”: ett valfrihetssystem har ingen avropsordning; "
        "lämna kolumnen tom."
    ]
    assert Avtal.objects.count() == 0


def test_two_rows_of_one_contract_must_agree_on_the_approval_date(lov):
    data = csv_bytes(
        HEADER,
        [
            [fake_orgnr(953), "Vården AB", "Umeå", "", "SCN-2022-0100", "", "2023-04-01", "A", ""],
            [fake_orgnr(953), "Vården AB", "Umeå", "", "SCN-2022-0100", "", "2024-01-01", "B", ""],
        ],
    )
    preview = parse_import("leverantorer", data, "lov.csv")
    assert preview.all_errors == [
        "Rad 3, kolumn ”godkand”: skiljer sig från rad 2 för samma leverantör och ramavtal."
    ]
