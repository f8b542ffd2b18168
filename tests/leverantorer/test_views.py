import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from leverantorer.models import AvtalStatus, Beslut, Leverantor
from ramavtal.models import Riskbedomning
from tests.factories import (
    AvtalFactory,
    LeverantorFactory,
    PlaceringFactory,
    RamavtalFactory,
    VerksamhetFactory,
)
from tests.querycount import count_queries


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("sam", 200), ("charlotte", 200), ("sixten", 403)]
)
def test_who_may_read_suppliers_and_placements(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    leverantor = LeverantorFactory()
    assert client.get(reverse("leverantorer:list")).status_code == status
    assert client.get(leverantor.get_absolute_url()).status_code == status
    assert client.get(reverse("leverantorer:placering_list")).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("sam", 403), ("charlotte", 403)])
def test_only_strategists_edit_suppliers_and_decide(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    avtal = AvtalFactory()
    assert client.get(reverse("leverantorer:create")).status_code == status
    assert client.get(reverse("leverantorer:beslut_create", args=[avtal.pk])).status_code == status
    assert client.get(reverse("leverantorer:placering_create")).status_code == status


@pytest.mark.django_db
def test_a_supplier_is_created_with_a_normalised_orgnr(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("leverantorer:create"),
        {"namn": "Ekliden Vård AB", "organisationsnummer": "5560000001"},
    )
    leverantor = Leverantor.objects.get()
    assert response.headers["Location"] == leverantor.get_absolute_url()
    assert leverantor.organisationsnummer == "556000-0001"


@pytest.mark.django_db
def test_a_bad_orgnr_gets_a_swedish_message_and_writes_nothing(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("leverantorer:create"), {"namn": "Fel AB", "organisationsnummer": "556000-0002"}
    )
    assert "Ogiltigt organisationsnummer" in response.text
    assert not Leverantor.objects.exists()


@pytest.mark.django_db
def test_a_strategist_pauses_a_contract_and_the_page_shows_the_decision_chain(client, alice):
    avtal = AvtalFactory()
    client.force_login(alice)
    response = client.post(
        reverse("leverantorer:beslut_create", args=[avtal.pk]),
        {
            "typ": "paus",
            "datum": "2024-06-03",
            "beslutsfattare": "Enhetschef",
            "skal": "ivo_arende",
            "faktaunderlag": "IVO kräver återrapportering.",
            "omprovning_datum": "2024-09-01",
        },
    )
    assert response.status_code == 302
    avtal.refresh_from_db()
    assert avtal.status == AvtalStatus.PAUSAD
    page = client.get(avtal.get_absolute_url()).text
    assert "Tillfällig uteslutning från avrop 2024-06-03" in page
    assert "Aktiv → Tillfälligt utesluten från avrop" in page
    assert "IVO kräver återrapportering." in page
    assert "Beslut: Tillfällig uteslutning från avrop" in page  # history reason


@pytest.mark.django_db
def test_a_decision_without_facts_is_refused_in_swedish(client, alice):
    avtal = AvtalFactory()
    client.force_login(alice)
    response = client.post(
        reverse("leverantorer:beslut_create", args=[avtal.pk]),
        {
            "typ": "uppsagning",
            "datum": "2024-06-03",
            "beslutsfattare": "Socialnämnden",
            "skal": "ekonomi",
            "faktaunderlag": "",
        },
    )
    assert response.status_code == 200
    assert "ange nämndens diarienummer" in response.text
    assert not Beslut.objects.exists()


@pytest.mark.django_db
def test_a_sole_traders_number_is_masked_in_the_list(client, charlotte):
    Leverantor.objects.create(
        namn="Enskild Konsult", organisationsnummer="811218-9876", enskild_firma=True
    )
    client.force_login(charlotte)
    page = client.get(reverse("leverantorer:list")).text
    assert "811218-****" in page
    assert "811218-9876" not in page


@pytest.mark.django_db
def test_the_supplier_list_filters(client, charlotte):
    hvb = RamavtalFactory(namn="HVB")
    stod = RamavtalFactory(namn="Stödboende")
    Riskbedomning.objects.create(ramavtal=hvb, niva="hog", motivering="Barn")
    a = AvtalFactory(
        ramavtal=hvb, leverantor__namn="Alfa Vård AB", leverantor__region="Uppsala län"
    )
    b = AvtalFactory(
        ramavtal=stod, leverantor__namn="Beta Omsorg AB", leverantor__region="Stockholms län"
    )
    from leverantorer.beslut import avtal_fatta_beslut

    avtal_fatta_beslut(
        avtal=b,
        typ="paus",
        datum=datetime.date(2024, 1, 1),
        beslutsfattare="Chef",
        skal="vilande",
        faktaunderlag="Vilande verksamhet",
        omprovning_datum=datetime.date(2024, 3, 1),
        user=charlotte,
    )
    client.force_login(charlotte)

    def names(query):
        response = client.get(reverse("leverantorer:list"), query)
        return [r.namn for r in response.context["object_list"]]

    assert names({"ramavtal": hvb.pk}) == ["Alfa Vård AB"]
    assert names({"status": "pausad"}) == ["Beta Omsorg AB"]
    assert names({"region": "stockholm"}) == ["Beta Omsorg AB"]
    assert names({"risk": "hog"}) == ["Alfa Vård AB"]
    assert names({"q": a.leverantor.organisationsnummer}) == ["Alfa Vård AB"]
    assert names({"ordning": "-namn"}) == ["Beta Omsorg AB", "Alfa Vård AB"]


@pytest.mark.django_db
def test_the_placement_list_filters(client, charlotte):
    hvb = RamavtalFactory()
    early = PlaceringFactory(
        avtal__ramavtal=hvb,
        startdatum=datetime.date(2022, 1, 1),
        slutdatum=datetime.date(2022, 2, 1),
    )
    late = PlaceringFactory(startdatum=datetime.date(2024, 1, 1), slutdatum=None)
    direct = PlaceringFactory(
        avtal=None,
        verksamhet=VerksamhetFactory(),
        direktupphandling_skal="ingen_plats",
        startdatum=datetime.date(2023, 6, 1),
        slutdatum=datetime.date(2023, 7, 1),
    )
    client.force_login(charlotte)

    def refs(query):
        response = client.get(reverse("leverantorer:placering_list"), query)
        return sorted(p.referens for p in response.context["object_list"])

    assert refs({"ramavtal": hvb.pk}) == [early.referens]
    assert refs({"leverantor": late.verksamhet.leverantor_id}) == [late.referens]
    assert refs({"fran": "2023-01-01", "till": "2023-12-31"}) == [direct.referens]
    assert refs({"fran": "2024-06-01"}) == [late.referens]
    assert refs({"direktupphandling": "true"}) == [direct.referens]


@pytest.mark.django_db
def test_urval_shows_and_exports_the_sample_table(client, charlotte):
    avtal = AvtalFactory(leverantor__namn="Bromstensgården AB")
    PlaceringFactory(
        avtal=avtal,
        startdatum=datetime.date(2023, 2, 1),
        slutdatum=datetime.date(2023, 5, 11),
        kostnad_per_dygn=Decimal("10000"),
    )
    client.force_login(charlotte)
    query = {
        "ramavtal": avtal.ramavtal_id,
        "fran": "2023-01-01",
        "till": "2024-04-30",
        "ordning": "inkopsvarde",
    }
    page = client.get(reverse("leverantorer:urval"), query)
    assert [(r.leverantor, str(r.inkopsvarde_mkr)) for r in page.context["rows"]] == [
        ("Bromstensgården AB", "1.0")
    ]
    assert "1,0" in page.text
    csv = client.get(reverse("leverantorer:urval"), dict(query, export="csv"))
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Leverantör;Inköpsvärde mkr;Antal placeringar" in text
    assert "Bromstensgården AB;1,0;1" in text
    xlsx = client.get(reverse("leverantorer:urval"), dict(query, export="xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_list_and_detail_query_counts_do_not_grow_with_rows(client, alice):
    client.force_login(alice)
    leverantor = LeverantorFactory()
    ramavtal = RamavtalFactory()

    def grow():
        avtal = AvtalFactory(leverantor=leverantor, ramavtal=RamavtalFactory())
        VerksamhetFactory(leverantor=leverantor)
        PlaceringFactory(avtal=avtal, verksamhet=VerksamhetFactory(leverantor=leverantor))
        AvtalFactory(ramavtal=ramavtal)
        from leverantorer.beslut import avtal_fatta_beslut

        avtal_fatta_beslut(
            avtal=avtal,
            typ="paus",
            datum=datetime.date(2024, 1, 1),
            beslutsfattare="Chef",
            skal="vilande",
            faktaunderlag="Vilande",
            omprovning_datum=datetime.date(2024, 3, 1),
            user=alice,
        )

    grow()
    urls = [
        reverse("leverantorer:list"),
        leverantor.get_absolute_url(),
        reverse("leverantorer:placering_list"),
        leverantor.avtal.first().get_absolute_url(),
    ]
    before = [count_queries(client, url) for url in urls]
    for _ in range(4):
        grow()
    assert [count_queries(client, url) for url in urls] == before


@pytest.mark.django_db
def test_the_lists_export_what_the_filter_shows(client, charlotte):
    import csv
    import io

    import openpyxl

    PlaceringFactory(referens="P-1", avtal__leverantor__namn='=HYPERLINK("x") AB')
    PlaceringFactory(
        referens="P-2", startdatum=datetime.date(2020, 1, 1), slutdatum=datetime.date(2020, 2, 1)
    )
    Leverantor.objects.create(
        namn="Enskild Konsult", organisationsnummer="811218-9876", enskild_firma=True
    )
    client.force_login(charlotte)

    response = client.get(
        reverse("leverantorer:placering_list"), {"fran": "2023-01-01", "export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Referens", "Leverantör"]
    assert [row[0] for row in rows[1:]] == ["P-1"]
    assert rows[1][1] == '\'=HYPERLINK("x") AB'  # a formula is neutralised

    response = client.get(reverse("leverantorer:list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert ("Enskild Konsult", "811218-****") in [row[:2] for row in values]
    assert not any("811218-9876" in str(cell) for row in values for cell in row)


@pytest.mark.django_db
def test_the_agreement_list_exports(client, charlotte):
    import csv
    import io

    RamavtalFactory(namn="HVB barn och unga")
    client.force_login(charlotte)
    response = client.get(reverse("ramavtal:list"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "HVB barn och unga"
    assert rows[1][7] == "Ej bedömd"  # after Upphandlingsform and Målgrupp


@pytest.mark.django_db
def test_a_rejected_import_file_is_never_kept_on_disk(client, alice, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    bad = SimpleUploadedFile(
        "lev.csv", "organisationsnummer;namn\n811218-9876;Fel\n".encode("utf-8-sig")
    )
    response = client.post(reverse("leverantorer:import"), {"kind": "placeringar", "fil": bad})
    assert response.status_code == 200
    kept = list((tmp_path / "imports").iterdir()) if (tmp_path / "imports").exists() else []
    assert kept == []


@pytest.mark.django_db
def test_the_admin_hides_a_protected_address_from_administrators(client, ada):
    unit = VerksamhetFactory(skyddat_boende=True, adress="Hemliga vägen 1")
    client.force_login(ada)
    page = client.get(reverse("admin:leverantorer_verksamhet_change", args=[unit.pk]))
    assert page.status_code == 200
    assert "Hemliga vägen 1" not in page.text
    record = unit.history.first()
    history = client.get(
        reverse("admin:leverantorer_verksamhet_simple_history", args=[unit.pk, record.pk])
    )
    assert history.status_code == 403
