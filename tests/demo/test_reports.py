"""The demo's committee documents (demo.reports): complete, true to the data, renderable."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from arenden.models import (
    Avvikelse,
    IvoKontroll,
    Kreditkontroll,
    Registerkontroll,
    Stickprov,
    StickprovFaktura,
    Uppfoljning,
    UppfoljningLeverantor,
    UppfoljningTyp,
)
from demo.reports import load_demo_rapporter
from leverantorer.models import Beslut, BeslutTyp
from rapporter.arsrapport import arsrapport_data
from rapporter.documents import document_pdf
from rapporter.models import Arsrapport, Dokumenttyp, Uppfoljningsplan
from rapporter.services import check_complete


@pytest.fixture
def strateg(demo_strateg):
    """The demo's strategist; the demo is the session's (tests/conftest.py), loaded once."""
    return demo_strateg


@pytest.mark.django_db
def test_the_documents_are_complete_and_can_be_adopted(strateg):
    rapport = Arsrapport.objects.get(ar=2024)
    assert rapport.saknade_avsnitt() == []
    check_complete(rapport)  # raises if a required section were empty
    assert rapport.diarienummer == "SCN-2025-00012"
    assert settings.MUNICIPALITY_NAME in rapport.bakgrund
    for plan in Uppfoljningsplan.objects.all():
        assert plan.saknade_avsnitt() == []
        plan.full_clean()
    rapport.full_clean()
    # The 2024 plan's X marks are those of the real plan's table.
    marks = {
        (row.ramavtal.namn, row.ar)
        for row in Uppfoljningsplan.objects.get(ar=2024).planerade.filter(aktiv=True)
    }
    assert marks == {
        ("Stödboende för vuxna med missbruk", 2023),
        ("Konsulentstödd familjehemsvård", 2023),
        ("Stödboende för ungdomar", 2024),
        ("HVB barn och unga", 2024),
        ("Behandling spelmissbruk och spelberoende", 2024),
        ("HVB för vuxna med missbruk", 2025),
        ("Skyddat boende", 2025),
    }
    assert Uppfoljningsplan.objects.get(ar=2025).planerade.filter(ar=2026).count() == 2
    assert load_demo_rapporter(user=strateg) is None


@pytest.mark.django_db
def test_the_2024_figures_are_what_the_generator_made(strateg):
    data = arsrapport_data(2024)
    deviations = Avvikelse.objects.filter(datum__year=2024)
    assert data.avvikelser.antal == deviations.count() > 0
    assert data.avvikelser.hanterade_i_arendet == deviations.filter(hanterad_i_arendet=True).count()
    assert (
        data.kontroller.ivo_kontroller
        == IvoKontroll.objects.filter(kontrollerad__year=2024).count()
    )
    assert data.kontroller.ivo_anmarkningar > 0
    assert (
        data.kontroller.kreditkontroller
        == Kreditkontroll.objects.filter(kontrollerad__year=2024).count()
    )
    assert (
        data.kontroller.registerkontroller
        == Registerkontroll.objects.filter(begard__year=2024).count()
    )
    assert data.kontroller.avropskontroller > 0
    assert len(data.stickprov.rundor) == Stickprov.objects.filter(datum__year=2024).count() == 3
    assert (
        data.stickprov.granskade
        == StickprovFaktura.objects.filter(stickprov__datum__year=2024)
        .exclude(resultat="ej_granskad")
        .count()
    )
    assert data.stickprov.avvikelser > 0
    assert (
        data.handelsstyrd.antal
        == Uppfoljning.objects.filter(typ=UppfoljningTyp.HANDELSSTYRD, oppnad__year=2024).count()
    )
    totals = data.beslut_totalt
    for typ, key in ((BeslutTyp.PAUS, "pauser"), (BeslutTyp.UPPSAGNING, "uppsagningar"),
                     (BeslutTyp.HAVNING, "havningar")):  # fmt: skip
        assert totals[key] == Beslut.objects.filter(datum__year=2024, typ=typ).count() > 0
    rows = UppfoljningLeverantor.objects.filter(uppfoljning__ar=2024)
    pvd = data.planerat_mot_genomfort.total
    assert pvd.planned == rows.count()
    assert pvd.done == rows.filter(status="genomford").count() < pvd.planned
    assert len(data.sarskild) == 3 and all(a.urval and a.metoder for a in data.sarskild)
    # Agreements of 2024 that have since run out still count their suppliers.
    assert all(r.antal_leverantorer > 0 for r in data.ramavtal)
    assert all(a.antal_leverantorer > 0 for a in data.sarskild)
    # The narrative tells what the figures were about; it does not repeat the counts the
    # report prints right after it (a reader met each count twice in a row).
    rapport = Arsrapport.objects.get(ar=2024)
    assert data.avvikelser.rader[0].kategori.lower() in rapport.lopande_text
    assert f"{data.avvikelser.antal} avvikelser" not in rapport.lopande_text
    assert f"{data.stickprov.granskade} fakturor" not in rapport.stickprov_text
    assert "kreditkontroller" not in rapport.ekonomisk_text
    assert pvd.summary not in rapport.sarskild_text
    most = max(data.handelsstyrd.rader, key=lambda r: r.antal)
    assert f"Flest händelsestyrda uppföljningar gjordes inom ramavtalet {most.ramavtal}" in (
        rapport.handelsstyrd_text
    )
    assert f"daterad {rapport.datum:%Y-%m-%d}" in rapport.beslutsunderlag


@pytest.mark.django_db
def test_the_demo_report_renders_with_its_sections(strateg):
    rapport = Arsrapport.objects.get(ar=2024)
    rendered = document_pdf(Dokumenttyp.ARSRAPPORT, rapport)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages)
    flat = " ".join(text.split())
    for heading in (
        "Tjänsteskrivelse",
        "Förslag till beslut",
        "Ärendet",
        "Beredning",
        "Föredragning",
        "Barnkonsekvensanalys",
        "Bakgrund",
        "Löpande uppföljning",
        "Stickprov på fakturor",
        "Händelsestyrd uppföljning",
        "Särskild uppföljning",
        "HVB barn och unga",
        "Stödboende för ungdomar",
        "Bedömning och slutsatser",
        "SCN-2025-00012",
        "Henrik Sjöberg",
        settings.MUNICIPALITY_NAME,
    ):
        assert heading in flat, heading
    assert arsrapport_data(2024).planerat_mot_genomfort.total.summary in flat
