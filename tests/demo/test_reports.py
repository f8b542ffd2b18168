"""The demo's committee documents (demo.reports): complete, true to the data, renderable."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from demo.reports import load_demo_rapporter
from rapporter.arsrapport import Kontroller, arsrapport_data
from rapporter.documents import document_pdf
from rapporter.models import Arsrapport, Dokumenttyp, Uppfoljningsplan
from rapporter.services import check_complete
from tests import clock

TODAY = clock.DEMO_TODAY  # the demo's today: the same data whatever the real date


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
    """The figures written out as the seeded generator made them.

    Counted once from the demo (demo.register, demo.follow_up) and checked
    against the generator's design: deviations 20-26 a year, two IVO sweeps of
    the permit-bound units, three invoice-sample rounds of 20, 22 suppliers in
    the special follow-ups' samples. They do not depend on today (the same with
    the clock at 2026-11-15, 2026-12-02 and 2032-01-01). A change to the
    generator or to a figure's definition shows here; the definitions
    themselves are tested on a small hand-counted year in
    tests/rapporter/test_arsrapport_known.py.
    """
    data = arsrapport_data(2024)
    avvikelser = data.avvikelser
    assert (
        avvikelser.antal,
        avvikelser.hanterade_i_arendet,
        avvikelser.till_uppfoljning,
        avvikelser.allvarliga,
    ) == (23, 17, 4, 1)
    assert data.kontroller == Kontroller(
        ivo_kontroller=295,
        ivo_verksamheter=150,
        ivo_anmarkningar=15,
        ivo_misslyckade=0,
        avropskontroller=12,
        # 298 and 4: the 12 Feb sweep includes the supplier paused on 5 Feb and
        # terminated on 15 Apr (in force that day, with its remark); the demo's
        # own copy of "in force" left it out before it used the register's rule.
        kreditkontroller=298,
        kredit_anmarkningar=4,
        registerkontroller=322,
        register_bedomning=2,
    )
    stickprov = data.stickprov
    assert len(stickprov.rundor) == 3
    assert (stickprov.dragna, stickprov.granskade, stickprov.avvikelser) == (60, 60, 8)
    assert stickprov.per_typ == [
        ("Betalt för utflyttsdagen", 5),
        ("Fel nivå", 1),
        ("Fel period", 1),
        ("Fel pris", 1),
    ]
    assert (data.handelsstyrd.antal, data.handelsstyrd.avslutade) == (21, 20)
    assert data.handelsstyrd.utfall == [
        ("Tillfällig uteslutning från avrop", 11),
        ("Uppsägning", 4),
        ("Hävning", 3),
        ("Ingen åtgärd", 1),
        ("Krav på rättelse", 1),
        ("Pågår", 1),
    ]
    assert data.beslut_totalt == {"pauser": 14, "uppsagningar": 6, "havningar": 3}
    pvd = data.planerat_mot_genomfort.total
    # Samples are of units: the paused HVB supplier's two sampled units are both called off.
    assert (pvd.planned, pvd.done) == (22, 19)
    # Agreements of 2024 that have since run out still count their suppliers.
    assert [(r.namn, r.antal_leverantorer) for r in data.ramavtal] == [
        ("Behandling spelmissbruk och spelberoende", 12),
        ("HVB barn och unga", 49),
        ("HVB för vuxna med missbruk", 19),
        ("HVB för vuxna med missbruk", 16),
        ("Konsulentstödd familjehemsvård", 38),
        ("Skyddat boende", 18),
        ("Stödboende för ungdomar", 36),
        ("Stödboende för vuxna med missbruk", 23),
    ]
    assert [(a.ramavtal.namn, a.antal_leverantorer, len(a.urval)) for a in data.sarskild] == [
        ("Behandling spelmissbruk och spelberoende", 12, 12),
        ("HVB barn och unga", 47, 5),
        ("Stödboende för ungdomar", 35, 5),
    ]
    assert all(a.urval and a.metoder for a in data.sarskild)
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
