import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from leverantorer.imports import ImportRejected, apply_import, parse_import
from leverantorer.models import (
    Avtal,
    AvtalStatus,
    DirektupphandlingSkal,
    Lagrum,
    Leverantor,
    PlacerandeEnhet,
    Placering,
    Verksamhet,
)
from ramavtal.models import Avtalsomrade, Ramavtal
from tests.factories import (
    AvtalFactory,
    AvtalsomradeFactory,
    PlaceringFactory,
    RamavtalFactory,
    VerksamhetFactory,
    fake_orgnr,
)
from tests.spreadsheets import csv_bytes, xlsx_bytes
from uppfoljning import tabular

pytestmark = pytest.mark.django_db

# Organisationsnummer the files bring; far from the factories' own sequence.
ORGNR_A = fake_orgnr(901)
ORGNR_B = fake_orgnr(902)
PERSONNUMMER = "19121212-1212"  # Skatteverket's test number
SAMORDNINGSNUMMER = "701063-2391"

LEVERANTORER_HEADER = [
    "Organisationsnummer",
    "Namn",
    "Ort",
    "Region",
    "Ramavtal",
    "Rangordning",
    "Verksamhet",
    "IVO-tillståndsnummer",
    "Avtalsområden",
]
PLACERINGAR_HEADER = [
    "referens",
    "organisationsnummer",
    "verksamhet",
    "ramavtal",
    "direktupphandling_skal",
    "startdatum",
    "slutdatum",
    "lagrum",
    "avtalsomrade",
    "placerande_enhet",
    "kostnad_per_dygn",
    "kostnad_totalt",
]

REGISTER_MODELS = [Ramavtal, Avtalsomrade, Leverantor, Verksamhet, Avtal, Placering]


def register_state():
    """Row counts of every register table, their history and the contract links."""
    state = {}
    for model in REGISTER_MODELS:
        state[model.__name__] = model.objects.count()
        state[model.__name__ + " history"] = model.history.count()
    state["avtal-områden"] = Avtal.avtalsomraden.through.objects.count()
    state["avtal-verksamheter"] = Avtal.verksamheter.through.objects.count()
    return state


@pytest.fixture
def hvb():
    ramavtal = RamavtalFactory(diarienummer="SCN-2019-0437", namn="HVB barn och unga")
    AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Jourhem")
    AvtalsomradeFactory(ramavtal=ramavtal, nummer=2, namn="Familjehem grundnivå")
    return ramavtal


@pytest.fixture
def supplier_file(hvb):
    return csv_bytes(
        LEVERANTORER_HEADER,
        [
            [
                ORGNR_A,
                "Solgården Vård AB",
                "Uppsala",
                "Uppsala län",
                "SCN-2019-0437",
                "1",
                "Solgården HVB",
                "IVO-1234",
                "1, 2",
            ],
            [
                ORGNR_A,
                "Solgården Vård AB",
                "Uppsala",
                "Uppsala län",
                "scn-2019-0437",
                "1",
                "Solgården utsluss",
                "",
                "",
            ],
            [
                ORGNR_B,
                "Björkhagen Omsorg AB",
                "Gävle",
                "Gävleborg",
                "SCN-2019-0437",
                "2",
                "",
                "",
                "",
            ],
        ],
    )


@pytest.fixture
def placed_supplier(hvb):
    """A supplier with a contract under the HVB agreement and one unit."""
    avtal = AvtalFactory(ramavtal=hvb, leverantor__organisationsnummer=ORGNR_A)
    unit = VerksamhetFactory(leverantor=avtal.leverantor, namn="Solgården HVB")
    return avtal, unit


def placement_rows():
    return [
        [
            "P-000101",
            ORGNR_A,
            "Solgården HVB",
            "SCN-2019-0437",
            "",
            "2024-01-15",
            "2024-03-31",
            "SoL",
            "1",
            "Barn och ungdom",
            "3 450,50",
            "1 234 567,00",
        ],
        [
            "P-000102",
            ORGNR_A,
            "solgården hvb",
            "",
            "Ingen ledig plats inom ramavtalet",
            "2024-02-01",
            "",
            "LVU",
            "",
            "Avdelning Vuxen",
            "4\u00a0100",
            "",
        ],
    ]


def test_it_creates_suppliers_contracts_and_units_from_a_semicolon_csv_with_bom(
    alice, hvb, supplier_file
):
    preview = parse_import("leverantorer", supplier_file, "leverantorer.csv")

    assert preview.ok, preview.all_errors
    assert [row.number for row in preview.rows] == [2, 3, 4]
    assert [row.action for row in preview.rows] == ["ny", "ändras", "ny"]
    assert preview.rows[0].values["avtalsomraden"] == [1, 2]
    assert Leverantor.objects.count() == 0  # the preview wrote nothing

    result = apply_import(preview, user=alice)

    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    solgarden = Leverantor.objects.get(organisationsnummer=ORGNR_A)
    assert (solgarden.namn, solgarden.ort, solgarden.region) == (
        "Solgården Vård AB",
        "Uppsala",
        "Uppsala län",
    )
    avtal = Avtal.objects.get(leverantor=solgarden, ramavtal=hvb)
    assert avtal.status == AvtalStatus.AKTIV
    assert avtal.rangordning == 1
    assert sorted(avtal.avtalsomraden.values_list("nummer", flat=True)) == [1, 2]
    assert sorted(avtal.verksamheter.values_list("namn", flat=True)) == [
        "Solgården HVB",
        "Solgården utsluss",
    ]
    assert Verksamhet.objects.get(namn="Solgården HVB").ivo_tillstandsnummer == "IVO-1234"
    bjorkhagen = Avtal.objects.get(leverantor__organisationsnummer=ORGNR_B)
    assert bjorkhagen.rangordning == 2
    assert not bjorkhagen.verksamheter.exists()


def test_it_creates_placements_from_a_csv_with_decimal_commas(alice, placed_supplier):
    avtal, unit = placed_supplier
    data = csv_bytes(PLACERINGAR_HEADER, placement_rows())

    preview = parse_import("placeringar", data, "placeringar.csv")
    assert preview.ok, preview.all_errors
    result = apply_import(preview, user=alice)

    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    first = Placering.objects.get(referens="P-000101")
    assert first.avtal == avtal and first.verksamhet == unit
    assert first.avtalsomrade.nummer == 1
    assert (first.startdatum, first.slutdatum) == (
        datetime.date(2024, 1, 15),
        datetime.date(2024, 3, 31),
    )
    assert first.lagrum == Lagrum.SOL
    assert first.placerande_enhet == PlacerandeEnhet.BARN_UNGDOM
    assert first.kostnad_per_dygn == Decimal("3450.50")
    assert first.kostnad_totalt == Decimal("1234567.00")
    direct = Placering.objects.get(referens="P-000102")
    assert direct.avtal is None and direct.verksamhet == unit
    assert direct.direktupphandling_skal == DirektupphandlingSkal.INGEN_PLATS
    assert direct.placerande_enhet == PlacerandeEnhet.VUXEN
    assert direct.slutdatum is None
    assert direct.kostnad_per_dygn == Decimal("4100")
    assert direct.kostnad_totalt is None


def test_it_reads_a_comma_separated_windows_1252_file_with_swedish_letters(alice, hvb):
    data = csv_bytes(
        ["Organisationsnummer", "Namn", "Ort", "Län/Region", "Ramavtal", "Verksamhet"],
        [[ORGNR_A, "Åkerö Vård AB", "Västerås", "Västmanland", "SCN-2019-0437", "Öbacka HVB"]],
        delimiter=",",
        encoding="cp1252",
    )
    # "Län/Region" is no column of ours; "region" is missing.
    assert parse_import("leverantorer", data, "lev.csv").errors == ["Kolumnen ”region” saknas."]

    data = data.replace("Län/Region".encode("cp1252"), b"Region")
    preview = parse_import("leverantorer", data, "lev.csv")
    assert preview.ok, preview.all_errors
    apply_import(preview, user=alice)

    leverantor = Leverantor.objects.get()
    assert (leverantor.namn, leverantor.ort) == ("Åkerö Vård AB", "Västerås")
    assert leverantor.verksamheter.get().namn == "Öbacka HVB"


def test_it_reads_an_xlsx_file_with_date_and_number_cells(alice, placed_supplier):
    avtal, unit = placed_supplier
    data = xlsx_bytes(
        [
            "Referens",
            "Organisationsnummer",
            "Verksamhet",
            "Ramavtal",
            "Startdatum",
            "Slutdatum",
            "Lagrum",
            "Avtalsområde",
            "Placerande enhet",
            "Kostnad per dygn",
            "Kostnad totalt",
        ],
        [
            [
                "P-000201",
                ORGNR_A,
                "Solgården HVB",
                "SCN-2019-0437",
                datetime.datetime(2024, 5, 1),
                datetime.date(2024, 5, 31),
                "lvm",
                2,
                "vuxen",
                3000,
                93000.499,
            ],
        ],
    )

    preview = parse_import("placeringar", data, "placeringar.xlsx")
    assert preview.ok, preview.all_errors
    assert preview.columns == [
        "referens",
        "organisationsnummer",
        "verksamhet",
        "ramavtal",
        "startdatum",
        "slutdatum",
        "lagrum",
        "avtalsomrade",
        "placerande_enhet",
        "kostnad_per_dygn",
        "kostnad_totalt",
    ]
    apply_import(preview, user=alice)

    placering = Placering.objects.get()
    assert placering.avtal == avtal
    assert placering.startdatum == datetime.date(2024, 5, 1)
    assert placering.slutdatum == datetime.date(2024, 5, 31)
    assert placering.lagrum == Lagrum.LVM
    assert placering.avtalsomrade.nummer == 2
    assert placering.kostnad_per_dygn == Decimal("3000")
    assert placering.kostnad_totalt == Decimal("93000.50")


def test_it_changes_nothing_when_the_same_files_are_imported_again(alice, supplier_file):
    apply_import(parse_import("leverantorer", supplier_file, "lev.csv"), user=alice)
    placements = csv_bytes(PLACERINGAR_HEADER, placement_rows())
    apply_import(parse_import("placeringar", placements, "plac.csv"), user=alice)
    before = register_state()

    again = parse_import("leverantorer", supplier_file, "lev.csv")
    assert [row.action for row in again.rows] == ["oförändrad"] * 3
    result = apply_import(again, user=alice)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    result = apply_import(parse_import("placeringar", placements, "plac.csv"), user=alice)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)

    assert register_state() == before


def test_it_updates_changed_rows_but_never_a_contracts_status(alice, hvb):
    avtal = AvtalFactory(
        ramavtal=hvb,
        leverantor__organisationsnummer=ORGNR_A,
        leverantor__namn="Gamla namnet AB",
        leverantor__ort="Uppsala",
        rangordning=4,
        status=AvtalStatus.PAUSAD,
    )
    data = csv_bytes(
        LEVERANTORER_HEADER,
        [[ORGNR_A, "Nya namnet AB", "", "", "SCN-2019-0437", "2", "", "", ""]],
    )

    preview = parse_import("leverantorer", data, "lev.csv")
    assert [row.action for row in preview.rows] == ["ändras"]
    result = apply_import(preview, user=alice)

    assert (result.created, result.updated) == (0, 1)
    avtal.refresh_from_db()
    assert avtal.rangordning == 2
    assert avtal.status == AvtalStatus.PAUSAD
    assert avtal.leverantor.namn == "Nya namnet AB"
    assert avtal.leverantor.ort == "Uppsala"  # an empty optional cell keeps the value


def test_it_records_the_acting_user_in_the_history(alice, supplier_file, placed_supplier):
    apply_import(parse_import("leverantorer", supplier_file, "lev.csv"), user=alice)
    placements = csv_bytes(PLACERINGAR_HEADER, placement_rows())
    apply_import(parse_import("placeringar", placements, "plac.csv"), user=alice)

    leverantor = Leverantor.objects.get(organisationsnummer=ORGNR_B)
    assert leverantor.history.get().history_user == alice
    for model in (Verksamhet, Avtal, Placering):
        records = model.history.filter(history_user=alice)
        assert records.exists()
    avtal = Avtal.objects.get(leverantor__organisationsnummer=ORGNR_A)
    assert {record.history_user for record in avtal.history.all()} == {None, alice}
    assert avtal.history.filter(history_user__isnull=True).count() == 1  # the factory's row


BAD_PLACEMENTS = [
    # (row cells changed from a good row, column, expected message part)
    ({1: "556000-0000"}, "organisationsnummer", "Ogiltigt organisationsnummer"),
    ({5: "2024-03-01", 6: "2024-02-01"}, "slutdatum", "före startdatum"),
    ({0: "P-" + PERSONNUMMER}, "referens", "ser ut som ett personnummer"),
    ({3: "SCN-1999-0001", 4: ""}, "ramavtal", "okänt ramavtal"),
    ({2: "Okända hemmet"}, "verksamhet", "ingen verksamhet som heter"),
    ({5: "1/3/2024"}, "startdatum", "ogiltigt datum"),
    ({5: "0001-01-01"}, "startdatum", "mellan 1990-01-01 och 2100-12-31"),
    ({6: "2101-01-01"}, "slutdatum", "mellan 1990-01-01 och 2100-12-31"),
    ({10: "tre tusen"}, "kostnad_per_dygn", "ogiltigt belopp"),
    ({7: "LVX"}, "lagrum", "okänt värde"),
    ({0: ""}, "referens", "värde saknas"),
    ({3: "", 4: ""}, "direktupphandling_skal", "värde saknas"),
    ({3: "SCN-2019-0437", 4: "", 8: "9"}, "avtalsomrade", "avtalsområde 9 finns inte"),
    ({8: "1"}, "avtalsomrade", "bara anges för placeringar under ett ramavtal"),
    ({3: "SCN-2019-0437"}, "direktupphandling_skal", "ska vara tomt"),
]


@pytest.mark.parametrize(("changes", "column", "message"), BAD_PLACEMENTS)
def test_it_reports_a_bad_placement_row_and_writes_nothing(
    alice, placed_supplier, changes, column, message
):
    good, bad = placement_rows()[0], list(placement_rows()[1])
    for index, value in changes.items():
        bad[index] = value
    data = csv_bytes(PLACERINGAR_HEADER, [good, bad])
    before = register_state()

    preview = parse_import("placeringar", data, "plac.csv")

    assert not preview.ok
    assert preview.rows[0].ok
    assert len(preview.rows[1].errors) == 1
    error = preview.rows[1].errors[0]
    assert error.startswith(f"Rad 3, kolumn ”{column}”: ")
    assert message in error
    assert PERSONNUMMER not in " ".join(preview.all_errors)
    with pytest.raises(ImportRejected):
        apply_import(preview, user=alice)
    assert register_state() == before


def test_it_reports_a_duplicate_referens_within_the_file(alice, placed_supplier):
    first = placement_rows()[0]
    data = csv_bytes(PLACERINGAR_HEADER, [first, first])

    preview = parse_import("placeringar", data, "plac.csv")

    assert preview.rows[1].errors == [
        "Rad 3, kolumn ”referens”: samma referens finns redan på rad 2 i filen."
    ]


def test_it_refuses_a_samordningsnummer_in_a_text_column_without_echoing_it(alice, hvb):
    data = csv_bytes(
        LEVERANTORER_HEADER,
        [
            [
                ORGNR_A,
                "Solgården Vård AB",
                "Uppsala",
                "Uppsala län",
                "SCN-2019-0437",
                "",
                f"Boende för {SAMORDNINGSNUMMER}",
                "",
                "",
            ]
        ],
    )
    before = register_state()

    preview = parse_import("leverantorer", data, "lev.csv")

    assert preview.all_errors == ["Rad 2, kolumn ”verksamhet”: " + tabular.IDENTITY_MESSAGE]
    assert SAMORDNINGSNUMMER not in repr(preview)
    with pytest.raises(ImportRejected):
        apply_import(preview, user=alice)
    assert register_state() == before


def test_it_reports_unknown_ramavtal_and_area_in_a_supplier_file(hvb):
    data = csv_bytes(
        LEVERANTORER_HEADER,
        [
            [ORGNR_A, "Solgården Vård AB", "Uppsala", "", "SCN-1999-0001", "", "", "", ""],
            [ORGNR_B, "Björkhagen AB", "Gävle", "", "SCN-2019-0437", "", "", "", "1, 7"],
            [ORGNR_B, "Björkhagen Omsorg AB", "Gävle", "", "SCN-2019-0437", "", "", "", ""],
        ],
    )
    # Row 3 fails, so row 4 claims nothing from it and is checked on its own.
    preview = parse_import("leverantorer", data, "lev.csv")

    assert preview.all_errors == [
        "Rad 2, kolumn ”ramavtal”: okänt ramavtal ”SCN-1999-0001”: inget ramavtal har det "
        "diarienumret.",
        "Rad 3, kolumn ”avtalsomraden”: avtalsområde 7 finns inte i ramavtalet ”SCN-2019-0437”.",
    ]
    assert preview.rows[2].action == "ny"


def test_it_reports_conflicting_rows_for_the_same_supplier(hvb):
    data = csv_bytes(
        LEVERANTORER_HEADER,
        [
            [ORGNR_B, "Björkhagen AB", "Gävle", "", "SCN-2019-0437", "1", "", "", ""],
            [ORGNR_B, "Björkhagen Omsorg AB", "Gävle", "", "SCN-2019-0437", "3", "", "", ""],
        ],
    )

    preview = parse_import("leverantorer", data, "lev.csv")

    assert preview.rows[1].errors == [
        "Rad 3, kolumn ”namn”: skiljer sig från rad 2 för samma organisationsnummer.",
        "Rad 3, kolumn ”rangordning”: skiljer sig från rad 2 för samma leverantör och ramavtal.",
    ]


def test_it_reports_missing_columns_for_the_whole_file(alice, hvb):
    data = csv_bytes(["Namn", "Ort", "Region", "Ramavtal"], [["Solgården", "Uppsala", "", "x"]])
    before = register_state()

    preview = parse_import("leverantorer", data, "lev.csv")

    assert preview.errors == ["Kolumnen ”organisationsnummer” saknas."]
    assert preview.rows == [] and not preview.ok
    with pytest.raises(ImportRejected):
        apply_import(preview, user=alice)
    assert register_state() == before


def test_it_reports_an_unknown_kind_of_import():
    preview = parse_import("avrop", b"a;b", "x.csv")

    assert preview.errors == ["Okänd importtyp ”avrop”: välj leverantorer eller placeringar."]
    assert not preview.ok


def test_it_reports_an_unreadable_file_as_the_reader_words_it():
    # The reader's own cases are in tests/uppfoljning/test_tabular.py.
    preview = parse_import("leverantorer", b"PK\x03\x04broken", "x.xlsx")

    assert preview.errors == [tabular.XLSX_MESSAGE]
    assert not preview.ok


def test_it_reads_a_django_upload(alice, supplier_file):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("lev.csv", supplier_file, content_type="text/csv")
    upload.read()  # as a form's validation might

    assert parse_import("leverantorer", upload, upload.name).ok


def test_it_refuses_to_apply_a_preview_with_errors(alice, placed_supplier):
    rows = placement_rows()
    rows[1][0] = PERSONNUMMER
    preview = parse_import("placeringar", csv_bytes(PLACERINGAR_HEADER, rows), "p.csv")

    with pytest.raises(ImportRejected) as raised:
        apply_import(preview, user=alice)

    assert raised.value.errors == preview.all_errors
    assert not Placering.objects.exists()


def test_it_updates_a_placement_matched_on_its_referens(alice, placed_supplier):
    avtal, unit = placed_supplier
    existing = PlaceringFactory(
        referens="P-000101",
        avtal=avtal,
        verksamhet=unit,
        slutdatum=None,
        kostnad_per_dygn=Decimal("3000"),
    )
    history = existing.history.count()

    preview = parse_import(
        "placeringar", csv_bytes(PLACERINGAR_HEADER, placement_rows()[:1]), "p.csv"
    )
    assert [row.action for row in preview.rows] == ["ändras"]
    apply_import(preview, user=alice)

    existing.refresh_from_db()
    assert existing.slutdatum == datetime.date(2024, 3, 31)
    assert existing.kostnad_per_dygn == Decimal("3450.50")
    assert existing.history.count() == history + 1
    assert existing.history.first().history_user == alice


def test_the_command_imports_a_file(alice, supplier_file, tmp_path, capsys):
    path = tmp_path / "leverantorer.csv"
    path.write_bytes(supplier_file)

    call_command("import_register", "leverantorer", str(path), "--dry-run", "--user", "alice")
    assert Leverantor.objects.count() == 0
    assert "Provkörning" in capsys.readouterr().out

    call_command("import_register", "leverantorer", str(path), "--user", "alice")
    assert Leverantor.objects.count() == 2
    assert "2 nya, 1 ändrade, 0 oförändrade" in capsys.readouterr().out
    assert Leverantor.objects.first().history.get().history_user == alice


def test_the_command_fails_and_writes_nothing_when_a_row_is_bad(alice, hvb, tmp_path, capsys):
    path = tmp_path / "leverantorer.csv"
    path.write_bytes(
        csv_bytes(
            LEVERANTORER_HEADER,
            [
                [ORGNR_A, "Solgården Vård AB", "Uppsala", "", "SCN-2019-0437", "", "", "", ""],
                ["556000-0000", "Trasig AB", "Uppsala", "", "SCN-2019-0437", "", "", "", ""],
            ],
        )
    )

    with pytest.raises(CommandError, match="1 fel"):
        call_command("import_register", "leverantorer", str(path), "--user", "alice")

    assert "Rad 3, kolumn ”organisationsnummer”" in capsys.readouterr().err
    assert Leverantor.objects.count() == 0


def test_the_command_refuses_a_user_without_the_import_permission(sixten, supplier_file, tmp_path):
    path = tmp_path / "leverantorer.csv"
    path.write_bytes(supplier_file)

    with pytest.raises(CommandError, match="får inte importera"):
        call_command("import_register", "leverantorer", str(path), "--user", "sixten")
    with pytest.raises(CommandError, match="Ingen aktiv användare"):
        call_command("import_register", "leverantorer", str(path), "--user", "nobody")
    assert Leverantor.objects.count() == 0
