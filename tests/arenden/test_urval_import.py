"""The sample file: export, edit offline, import back (preview, all or nothing, history)."""

import csv
import io
import time

import openpyxl
import pytest
from django.urls import reverse

from arenden.models import EjGenomfordOrsak, PlaneradStatus, PlaneradUtfall, UppfoljningLeverantor
from arenden.urval_import import HEADER, apply_urval, export_rader, parse_urval
from leverantorer.imports import ImportRejected
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory
from tests.factories import VerksamhetFactory
from tests.spreadsheets import csv_bytes, xlsx_bytes


def sample(uppfoljning, n, **kwargs):
    rows = []
    for i in range(n):
        verksamhet = VerksamhetFactory(namn=f"Enhet {i:03d}", leverantor__namn=f"Bolag {i:03d} AB")
        rows.append(
            UrvalRadFactory(
                uppfoljning=uppfoljning,
                verksamhet=verksamhet,
                leverantor=verksamhet.leverantor,
                **kwargs,
            )
        )
    return rows


def exported(uppfoljning):
    header, rows = export_rader(uppfoljning)
    return header, [["" if v is None else str(v) for v in row] for row in rows]


@pytest.mark.django_db
def test_the_export_has_swedish_headers_and_masks_a_sole_traders_number():
    uppfoljning = SarskildFactory()
    verksamhet = VerksamhetFactory(
        namn="Björkgården",
        leverantor__namn="Anna Berg Omsorg",
        leverantor__enskild_firma=True,
        leverantor__organisationsnummer="8501012383",
    )
    row = UrvalRadFactory(
        uppfoljning=uppfoljning, verksamhet=verksamhet, leverantor=verksamhet.leverantor
    )
    header, rows = export_rader(uppfoljning)
    assert (
        header
        == HEADER
        == [
            "rad-id",
            "verksamhet",
            "leverantör",
            "organisationsnummer",
            "status",
            "orsak",
            "kommentar",
            "metod",
            "utfall",
            "åtgärdat",
            "underlag",
            "flyttad från",
        ]
    )
    assert rows == [
        [
            row.pk,
            "Björkgården",
            "Anna Berg Omsorg",
            "850101-****",
            "Planerad",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_export_edit_import(client, alice, fmt):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 3)
    client.force_login(alice)
    response = client.get(
        reverse("arenden:sarskild_urval_export", args=[uppfoljning.pk]) + f"?format={fmt}"
    )
    assert response.status_code == 200
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        table = [
            ["" if c is None else str(c) for c in r] for r in sheet.iter_rows(values_only=True)
        ]
    header, data = table[0], table[1:]
    assert header == HEADER
    assert [r[1] for r in data] == ["Enhet 000", "Enhet 001", "Enhet 002"]
    # Offline: the first is done without remarks, the second moved, the third left as is.
    data[0][4], data[0][7], data[0][8] = "Genomförd", "Anmält besök", "Utan anmärkning"
    data[1][4], data[1][5], data[1][6] = "Flyttad till nästa år", "Omprioritering", "Ny chef"
    content = csv_bytes(header, data) if fmt == "csv" else xlsx_bytes(header, data)

    preview = parse_urval(uppfoljning, content, f"urval.{fmt}")
    assert preview.ok, preview.all_errors
    assert [(r.action, r.values["ändringar"]) for r in preview.rows] == [
        (
            "ändras",
            "status: Planerad → Genomförd; metod: – → Anmält besök; utfall: – → Utan anmärkning",
        ),
        (
            "ändras",
            "status: Planerad → Flyttad till nästa år; orsak: – → Omprioritering; "
            "kommentar: – → Ny chef",
        ),
        ("oförändrad", ""),
    ]
    assert UppfoljningLeverantor.objects.filter(status=PlaneradStatus.PLANERAD).count() == 3

    result = apply_urval(uppfoljning, content, f"urval.{fmt}", user=alice)
    assert (result.updated, result.unchanged) == (2, 1)
    first, second, third = (UppfoljningLeverantor.objects.get(pk=r.pk) for r in rows)
    assert (first.status, first.utfall, first.metod.namn) == (
        PlaneradStatus.GENOMFORD,
        PlaneradUtfall.INGA_ANMARKNINGAR,
        "Anmält besök",
    )
    assert (second.status, second.orsak.namn, second.skal) == (
        PlaneradStatus.FLYTTAD,
        "Omprioritering",
        "Ny chef",
    )
    assert third.status == PlaneradStatus.PLANERAD
    assert first.history.first().history_user == alice
    assert first.history.first().history_change_reason == "Import av urvalsfil"


@pytest.mark.django_db
def test_a_bad_label_is_named_in_swedish_and_nothing_is_written(alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 2)
    header, data = exported(uppfoljning)
    data[0][4] = "Genomförd"
    data[0][8] = "Utan anmärkning"
    data[1][4] = "Klar"
    content = csv_bytes(header, data)
    preview = parse_urval(uppfoljning, content, "urval.csv")
    assert not preview.ok
    assert preview.all_errors == [
        "Rad 3, kolumn ”status”: okänt värde ”Klar”: ange något av ”Planerad”, ”Pågår”, "
        "”Genomförd”, ”Flyttad till nästa år”, ”Inställd”."
    ]
    with pytest.raises(ImportRejected):
        apply_urval(uppfoljning, content, "urval.csv", user=alice)
    assert set(UppfoljningLeverantor.objects.values_list("status", flat=True)) == {"planerad"}
    assert rows[0].history.count() == 1


@pytest.mark.django_db
def test_a_row_breaking_the_ladder_or_an_unknown_reason_is_refused(alice):
    uppfoljning = SarskildFactory()
    sample(uppfoljning, 2)
    header, data = exported(uppfoljning)
    data[0][4] = "Genomförd"  # no outcome
    data[1][4], data[1][5] = "Inställd", "Solförmörkelse"
    preview = parse_urval(uppfoljning, csv_bytes(header, data), "urval.csv")
    assert preview.all_errors == [
        "Rad 2: Enhet 000: Ange utfallet av en genomförd uppföljning.",
        "Rad 3, kolumn ”orsak”: okänt värde ”Solförmörkelse”: ange ett namn från ordlistan "
        "Orsaker.",
    ]


@pytest.mark.django_db
def test_a_row_id_of_another_follow_up_is_refused(alice):
    uppfoljning = SarskildFactory()
    sample(uppfoljning, 1)
    foreign = UrvalRadFactory()
    header, data = exported(uppfoljning)
    data.append([str(foreign.pk)] + [""] * 3 + ["Pågår"] + [""] * 7)
    preview = parse_urval(uppfoljning, xlsx_bytes(header, data), "urval.xlsx")
    assert preview.all_errors == [
        f"Rad 3, kolumn ”rad-id”: raden {foreign.pk} finns inte i den här uppföljningens urval."
    ]
    with pytest.raises(ImportRejected):
        apply_urval(uppfoljning, xlsx_bytes(header, data), "urval.xlsx", user=alice)
    assert UppfoljningLeverantor.objects.get(pk=foreign.pk).status == PlaneradStatus.PLANERAD


@pytest.mark.django_db
def test_a_personnummer_in_a_comment_is_refused_and_not_echoed(alice):
    uppfoljning = SarskildFactory()
    sample(uppfoljning, 1)
    header, data = exported(uppfoljning)
    data[0][6] = "Gäller 19121212-1212"
    preview = parse_urval(uppfoljning, csv_bytes(header, data), "urval.csv")
    assert not preview.ok
    assert "19121212-1212" not in " ".join(preview.all_errors)


@pytest.mark.django_db
def test_400_rows_import_in_under_two_seconds(alice):
    uppfoljning = SarskildFactory()
    sample(uppfoljning, 400)
    header, data = exported(uppfoljning)
    orsak = EjGenomfordOrsak.objects.get(namn="Omprioritering")
    for row in data:
        row[4], row[5] = "Flyttad till nästa år", orsak.namn
    content = xlsx_bytes(header, data)
    start = time.perf_counter()
    result = apply_urval(uppfoljning, content, "urval.xlsx", user=alice)
    elapsed = time.perf_counter() - start
    assert result.updated == 400
    assert elapsed < 2.0, elapsed
    assert UppfoljningLeverantor.objects.filter(status=PlaneradStatus.FLYTTAD).count() == 400


@pytest.mark.django_db
def test_a_formula_like_comment_is_exported_inert_and_comes_back_as_written(client, alice):
    uppfoljning = SarskildFactory()
    (row,) = sample(uppfoljning, 1)
    row.skal = "-3 dagar sen"
    row.save()
    client.force_login(alice)
    response = client.get(
        reverse("arenden:sarskild_urval_export", args=[uppfoljning.pk]) + "?format=csv"
    )
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert table[1][6] == "'-3 dagar sen"  # a spreadsheet shows it as text, never runs it

    preview = parse_urval(uppfoljning, csv_bytes(table[0], table[1:]), "urval.csv")
    assert preview.ok, preview.all_errors
    assert [r.action for r in preview.rows] == ["oförändrad"]
