"""The annual report's figures per area, long samples summarised, the appendix export."""

import csv
import io

import pytest
from django.urls import reverse

from rapporter.documents import Dokumenttyp, document_html, document_pdf
from rapporter.models import Arsrapport
from tests.arenden.arsutfall_fixture import AR, build_arsutfall
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory
from tests.clock import DEFAULT
from tests.factories import VerksamhetFactory
from tests.rapporter.conftest import pdf_text

pytestmark = [pytest.mark.today(DEFAULT), pytest.mark.django_db]


@pytest.fixture
def rapport(alice):
    year = build_arsutfall(alice)
    year["rapport"] = Arsrapport.objects.create(ar=AR, diarienummer="SCN-2026-00001")
    return year


def test_the_report_has_the_per_area_table_and_the_sentences(rapport):
    html = document_html(Dokumenttyp.ARSRAPPORT, rapport["rapport"])
    assert "Planerade och genomförda uppföljningar 2025 per område, Hemtjänst LOV" in html
    assert (
        '<tr><th scope="row">2 Syd</th><td class="num">3</td><td class="num">4</td>'
        '<td class="num">1</td><td class="num">0</td><td class="num">1</td><td>Medelhög</td></tr>'
    ) in html
    assert '<tr><th scope="row">1 Nord</th><td class="num">4</td><td class="num">4</td>' in html
    assert "Under 2025 genomfördes 5 av 10 planerade uppföljningar." in html
    assert "(omprioritering 1, verksamheten läggs ned 1)" in html
    assert "Sammanlagt ingick 8 verksamheter hos 4 leverantörer." in html
    assert "Valfrihetssystemet gäller tills vidare." in html
    # A protected unit's address is never printed.
    assert "Hemlig 1" not in html


def test_the_pdf_holds_the_per_area_figures(rapport):
    text = pdf_text(document_pdf(Dokumenttyp.ARSRAPPORT, rapport["rapport"]).pdf)
    assert "Uppföljningar per avtalsområde" in text
    assert "Under 2025 genomfördes 5 av 10 planerade uppföljningar." in text
    assert "2 Syd 3 4 1 0 1 Medelhög" in text
    assert "verksamheten läggs ned 1" in text


def test_a_short_sample_is_listed(rapport):
    html = document_html(Dokumenttyp.ARSRAPPORT, rapport["rapport"])
    assert "Leverantörer i urvalet, Hemtjänst LOV" in html
    assert "finns i bilaga / export" not in html


def test_a_long_sample_is_summarised_with_the_appendix_named(alice):
    case = SarskildFactory(ar=AR, ansvarig=alice)
    for _ in range(16):
        unit = VerksamhetFactory()
        UrvalRadFactory(uppfoljning=case, verksamhet=unit, leverantor=unit.leverantor)
    rapport = Arsrapport.objects.create(ar=AR, diarienummer="SCN-2026-00002")
    html = document_html(Dokumenttyp.ARSRAPPORT, rapport)
    assert "Hela urvalet (16 verksamheter) finns i bilaga / export." in html
    assert "Urvalet omfattade 16 verksamheter. Status: planerad 16." in html
    assert f"Leverantörer i urvalet, {case.ramavtal.namn}" not in html


def test_the_appendix_export_hides_protected_units_and_addresses(client, alice, rapport):
    client.force_login(alice)
    response = client.get(reverse("rapporter:urval_export"), {"ar": AR, "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == [
        "År",
        "Ramavtal",
        "Avtalsområde",
        "Uppföljning",
        "Leverantör",
        "Verksamhet",
    ]
    assert len(rows) == 11
    units = [r[5] for r in rows[1:]]
    assert "Skyddat boende" in units and "Enhet 6" not in units
    assert "Hemlig 1" not in response.content.decode("utf-8-sig")
    syd_vite = [r for r in rows if r[9] == "Vite"]
    assert syd_vite[0][2] == "2 Syd" and syd_vite[0][11] == "50000,00"


def test_the_appendix_as_xlsx_and_bad_format(client, alice, rapport):
    client.force_login(alice)
    url = reverse("rapporter:urval_export")
    assert client.get(url, {"ar": AR, "format": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert client.get(url, {"ar": AR, "format": "pdf"}).status_code == 400


def test_each_area_follow_up_section_is_named_with_its_area(rapport):
    """One agreement with one follow-up per area: the headings and contents tell them apart."""
    html = document_html(Dokumenttyp.ARSRAPPORT, rapport["rapport"])
    assert ">Hemtjänst LOV, område 1 Nord</h3>" in html
    assert ">Hemtjänst LOV, område 2 Syd</h3>" in html
    assert "&nbsp;&nbsp;&nbsp;Hemtjänst LOV, område 1 Nord</a>" in html
