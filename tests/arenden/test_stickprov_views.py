import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arenden.draw import stickprov_skapa
from arenden.models import Faktura, FakturaResultat, Stickprov, StickprovFaktura, StickprovKalla
from tests.factories import AvtalFactory, PlaceringFactory
from tests.querycount import count_queries

D = datetime.date


def _round(user, *, antal=5, placements=8, seed=99):
    avtal = AvtalFactory()
    PlaceringFactory.create_batch(
        placements, avtal=avtal, startdatum=D(2024, 2, 1), slutdatum=D(2024, 3, 1)
    )
    return stickprov_skapa(
        namn="Stickprov våren 2024",
        datum=D(2024, 7, 1),
        kalla=StickprovKalla.PLACERINGAR,
        fran=D(2024, 1, 1),
        till=D(2024, 6, 30),
        antal=antal,
        ramavtal=None,
        user=user,
        seed=seed,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "read", "create"),
    [("alice", 200, 200), ("charlotte", 200, 403), ("sam", 403, 403), ("sixten", 403, 403)],
)
def test_who_may_read_and_draw(client, request, alice, persona, read, create):
    stickprov = _round(alice)
    faktura = stickprov.fakturor.first()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("arenden:stickprov_list")).status_code == read
    assert client.get(stickprov.get_absolute_url()).status_code == read
    assert client.get(reverse("arenden:stickprov_create")).status_code == create
    assert client.get(reverse("arenden:faktura_update", args=[faktura.pk])).status_code == create


@pytest.mark.django_db
def test_a_strategist_draws_exactly_n_invoices(client, alice):
    PlaceringFactory.create_batch(12, startdatum=D(2024, 2, 1), slutdatum=None)
    client.force_login(alice)
    response = client.post(
        reverse("arenden:stickprov_create"),
        {
            "namn": "HVB våren 2024",
            "datum": "2024-07-01",
            "kalla": "placeringar",
            "ramavtal": "",
            "fran": "2024-01-01",
            "till": "2024-06-30",
            "antal": "7",
        },
    )
    stickprov = Stickprov.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == stickprov.get_absolute_url()
    assert stickprov.fakturor.count() == 7
    assert stickprov.utford_av == alice
    page = client.get(stickprov.get_absolute_url()).text
    assert "7 fakturor är dragna." in page
    assert str(stickprov.seed) in page
    assert "Ja – samma urval och slumpfrö ger samma fakturor i dag." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fran", "till", "message"),
    [
        ("2024-01-01", "2024-06-30", "Det finns inga placeringar att dra fakturor ur"),
        ("2024-06-30", "2024-01-01", "Periodens slut kan inte ligga före dess början."),
    ],
)
def test_a_round_that_cannot_be_drawn_is_refused_in_swedish(client, alice, fran, till, message):
    client.force_login(alice)
    response = client.post(
        reverse("arenden:stickprov_create"),
        {
            "namn": "Tomt",
            "datum": "2024-07-01",
            "kalla": "avslutade",
            "fran": fran,
            "till": till,
            "antal": "20",
        },
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Stickprov.objects.exists()


@pytest.mark.django_db
def test_the_page_says_when_the_draw_can_no_longer_be_reproduced(client, alice, charlotte):
    stickprov = _round(alice, antal=3)
    PlaceringFactory.create_batch(10, startdatum=D(2024, 2, 1), slutdatum=None)
    client.force_login(charlotte)
    page = client.get(stickprov.get_absolute_url()).text
    assert "Nej – en ny dragning" in page


@pytest.mark.django_db
def test_an_invoice_with_a_deviation_needs_its_kind(client, alice):
    faktura = _round(alice).fakturor.first()
    client.force_login(alice)
    url = reverse("arenden:faktura_update", args=[faktura.pk])
    response = client.post(url, {"resultat": "avvikelse", "avvikelsetyp": "", "kommentar": ""})
    assert response.status_code == 200
    assert "Ange vilken avvikelse fakturan har." in response.text
    faktura.refresh_from_db()
    assert faktura.resultat == FakturaResultat.EJ_GRANSKAD

    response = client.post(
        url, {"resultat": "avvikelse", "avvikelsetyp": "utflyttsdag", "kommentar": "Två dygn."}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith(faktura.stickprov.get_absolute_url())
    faktura.refresh_from_db()
    assert faktura.avvikelsetyp == "utflyttsdag"
    assert faktura.history.first().history_user == alice
    page = client.get(faktura.stickprov.get_absolute_url()).text
    assert "Avvikelse: Betalt för utflyttsdagen" in page


@pytest.mark.django_db
def test_an_ok_invoice_may_not_carry_a_deviation_kind(client, alice):
    faktura = _round(alice).fakturor.first()
    client.force_login(alice)
    response = client.post(
        reverse("arenden:faktura_update", args=[faktura.pk]),
        {"resultat": "ok", "avvikelsetyp": "fel_pris", "kommentar": ""},
    )
    assert "Avvikelsetyp anges bara för fakturor med avvikelse." in response.text


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_rows(client, alice):
    client.force_login(alice)
    small = _round(alice, antal=2, placements=2)
    StickprovFaktura.objects.filter(stickprov=small).update(resultat=FakturaResultat.OK)
    counts_small = [
        count_queries(client, reverse("arenden:stickprov_list")),
        count_queries(client, small.get_absolute_url()),
    ]
    large = _round(alice, antal=25, placements=30)
    for _ in range(4):
        _round(alice, antal=3, placements=3)
    counts_large = [
        count_queries(client, reverse("arenden:stickprov_list")),
        count_queries(client, large.get_absolute_url()),
    ]
    assert counts_small == counts_large


def _upload(text, name="fakturor.csv"):
    # What Swedish Excel saves as "CSV UTF-8": BOM, ";" and decimal commas.
    return SimpleUploadedFile(name, ("\ufeff" + text).encode("utf-8"), content_type="text/csv")


def _list_form(fil, **extra):
    data = {
        "namn": "Fakturor våren 2024",
        "datum": "2024-07-01",
        "kalla": "fakturor",
        "ramavtal": "",
        "fran": "2024-01-01",
        "till": "2024-06-30",
        "antal": "3",
        **extra,
    }
    if fil is not None:
        data["fakturalista"] = fil
    return data


INVOICE_HEADER = (
    "Fakturanummer;Organisationsnummer;Referens;Fakturadatum;Period från;Period till;Belopp\r\n"
)


@pytest.mark.django_db
def test_a_strategist_draws_from_an_uploaded_invoice_list(client, alice, charlotte):
    placering = PlaceringFactory(referens="P-000555")
    leverantor = placering.verksamhet.leverantor
    orgnr = leverantor.organisationsnummer
    rows = "".join(
        f"F-{n};{orgnr};{'P-000555' if n == 1 else ''};2024-03-05;2024-02-01;2024-02-29;"
        f"12 345,{n:02d}\r\n"
        for n in range(1, 6)
    )
    client.force_login(alice)
    response = client.post(
        reverse("arenden:stickprov_create"), _list_form(_upload(INVOICE_HEADER + rows))
    )
    stickprov = Stickprov.objects.get()
    assert response.status_code == 302
    assert stickprov.kalla == StickprovKalla.FAKTUROR
    assert stickprov.fakturalista.count() == 5
    assert stickprov.fakturor.count() == 3
    assert stickprov.fakturalista.get(fakturanummer="F-1").placering == placering

    client.force_login(charlotte)
    page = client.get(stickprov.get_absolute_url()).text
    assert "3 fakturor är dragna. Fakturalistan med 5 fakturor är sparad." in page
    assert "5 importerade fakturor, varav 5 för perioden" in page
    assert "Ja – samma urval och slumpfrö ger samma fakturor i dag." in page
    drawn = stickprov.fakturor.select_related("faktura").first().faktura
    assert drawn.fakturanummer in page
    assert leverantor.namn in page
    assert "2024-02-01 – 2024-02-29" in page
    assert f"12 345,{int(drawn.fakturanummer[2:]):02d} kr" in page.replace("\xa0", " ")

    client.force_login(alice)
    review = client.get(reverse("arenden:faktura_update", args=[stickprov.fakturor.first().pk]))
    assert drawn.fakturanummer in review.text


@pytest.mark.django_db
def test_an_invoice_list_round_needs_its_file(client, alice):
    client.force_login(alice)
    form_page = client.get(reverse("arenden:stickprov_create")).text
    assert 'enctype="multipart/form-data"' in form_page
    assert "Importerad fakturalista" in form_page
    response = client.post(reverse("arenden:stickprov_create"), _list_form(None))
    assert response.status_code == 200
    assert "Välj fakturalistan att dra fakturor ur." in response.text
    assert not Stickprov.objects.exists()


@pytest.mark.django_db
def test_a_bad_invoice_list_is_refused_row_by_row_and_nothing_is_written(client, alice):
    leverantor = PlaceringFactory().verksamhet.leverantor
    orgnr = leverantor.organisationsnummer
    rows = (
        f"F-1;{orgnr};;2024-03-05;2024-02-01;2024-02-29;100\r\n"
        f"F-2;{orgnr};19121212-1212;2024-03-05;2024-02-01;2024-02-29;100\r\n"
        f"F-3;556036-0793;;2024-03-05;2024-02-01;2024-02-29;100\r\n"
        f"F-4;{orgnr};;2024-03-05;2024-03-01;2024-02-01;100\r\n"
    )
    client.force_login(alice)
    response = client.post(
        reverse("arenden:stickprov_create"), _list_form(_upload(INVOICE_HEADER + rows))
    )
    assert response.status_code == 200
    page = response.text
    assert "Rad 3, kolumn ”referens”: värdet ser ut som ett personnummer" in page
    assert "19121212" not in page
    assert "Rad 4, kolumn ”organisationsnummer”: ingen leverantör" in page
    assert "Rad 5, kolumn ”period_till”: periodens slut kan inte ligga före dess början." in page
    assert not Stickprov.objects.exists()
    assert not Faktura.objects.exists()


@pytest.mark.django_db
def test_a_file_is_only_for_the_list_source(client, alice):
    PlaceringFactory.create_batch(3, startdatum=D(2024, 2, 1), slutdatum=None)
    client.force_login(alice)
    response = client.post(
        reverse("arenden:stickprov_create"),
        _list_form(_upload(INVOICE_HEADER), kalla="placeringar"),
    )
    assert response.status_code == 200
    assert "En fakturalista används bara när urvalet görs ur en importerad fakturalista." in (
        response.text
    )
    assert not Stickprov.objects.exists()
