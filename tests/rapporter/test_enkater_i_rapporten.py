"""The annual report's questionnaire figures under a special follow-up (enkater.rapportfigurer)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arenden.models import Brist
from enkater.models import (
    BristUnderlag,
    Komplettering,
    Malgrupp,
    SvarStatus,
    SvarVarde,
    UtskickStatus,
)
from enkater.rapportfigurer import Egenrapportering, MetodRad, TemaRad, figurer
from rapporter.arsrapport import arsrapport_data
from rapporter.documents import document_pdf
from rapporter.models import Dokumenttyp
from tests.arenden.factories_sarskild import TemaFactory
from tests.enkater.factories import (
    AvtalskravFactory,
    FragaFactory,
    MottagareFactory,
    SektionFactory,
    SvarFactory,
    UtskickFactory,
)
from tests.factories import VerksamhetFactory
from tests.rapporter.conftest import pdf_text
from tests.rapporter.fixtures import build_more

pytestmark = pytest.mark.django_db

D = datetime.date


def _answer(mottagare, values, status=SvarStatus.INSKICKAT):
    svar = SvarFactory(mottagare=mottagare, status=status, inskickad=D(2024, 10, 1))
    for fraga, text in values.items():
        SvarVarde.objects.create(svar=svar, fraga=fraga, text=text)
    return svar


def build_send_outs(sarskild, user):
    """A self-report to three units (one asked to complement, one with a finding, one silent)
    and a survey to two colleagues (one answered)."""
    bemanning = TemaFactory(namn="Bemanning")
    dokumentation = TemaFactory(namn="Dokumentation")
    krav = AvtalskravFactory(ramavtal=sarskild.ramavtal, tema=dokumentation)

    sektion = SektionFactory(version__formular__malgrupp=Malgrupp.VERKSAMHET)
    natt = FragaFactory(sektion=sektion, text="Finns vaken personal nattetid?", tema=bemanning)
    journal = FragaFactory(sektion=sektion, text="Förs journal dagligen?")
    journal.krav.add(krav)
    egen = UtskickFactory(
        uppfoljning=sarskild, version=sektion.version, status=UtskickStatus.SKICKAT
    )
    leverantor = sarskild.urval.first().leverantor
    units = [VerksamhetFactory(leverantor=leverantor) for _ in range(3)]
    recipients = [
        MottagareFactory(utskick=egen, leverantor=leverantor, verksamhet=unit) for unit in units
    ]
    kompletterad = _answer(recipients[0], {natt: "Ja", journal: "Nej"})
    Komplettering.objects.create(
        svar=kompletterad,
        runda=1,
        fraga=journal,
        kommentar="Beskriv hur journalen förs.",
        svar_senast=D(2024, 11, 1),
        begard_av=user,
    )
    med_brist = _answer(recipients[1], {natt: "Nej", journal: ""})
    brist = Brist.objects.create(
        uppfoljning=sarskild,
        leverantor=leverantor,
        verksamhet=units[1],
        tema=bemanning,
        beskrivning="Ingen vaken personal nattetid.",
        krav="Bemanna natten.",
        atgard_senast=D(2024, 12, 1),
    )
    BristUnderlag.objects.create(brist=brist, svar=med_brist, fraga=natt)
    _answer(recipients[2], {natt: "Ja"}, status=SvarStatus.UTKAST)  # a draft only

    personal = SektionFactory(version__formular__malgrupp=Malgrupp.PERSONAL)
    nojd = FragaFactory(sektion=personal, text="Är du nöjd med leverantören?")
    enkat = UtskickFactory(
        uppfoljning=sarskild, version=personal.version, status=UtskickStatus.SKICKAT
    )
    colleagues = [MottagareFactory(utskick=enkat, leverantor=leverantor) for _ in range(2)]
    _answer(colleagues[0], {nojd: "Ja"})
    # A send-out still in draft is not counted.
    UtskickFactory(uppfoljning=sarskild, version=personal.version)


def test_the_figures_per_method_theme_and_self_report(year, alice):
    sarskild = year["sarskild"]
    build_send_outs(sarskild, alice)
    result = figurer([sarskild.pk])[sarskild.pk]
    assert result.metoder == [
        MetodRad("Egenrapportering från verksamheter", 3, 2),
        MetodRad("Enkät till egen personal (socialsekreterare, enhetschefer)", 2, 1),
    ]
    assert result.teman == [
        TemaRad("Bemanning", fragor=1, svar=2, brister=1),
        TemaRad("Dokumentation", fragor=1, svar=1, brister=0),
        TemaRad("Utan tema", fragor=1, svar=1, brister=0),
    ]
    assert result.egenrapportering == Egenrapportering(3, 1, 1)
    assert result.egenrapportering.mening == (
        "1 verksamhet ombads komplettera, 1 fick krav på rättelse."
    )


def test_the_sentence_in_plural():
    assert Egenrapportering(12, 4, 2).mening == (
        "4 verksamheter ombads komplettera, 2 fick krav på rättelse."
    )
    assert Egenrapportering(3, 0, 0).mening == (
        "0 verksamheter ombads komplettera, 0 fick krav på rättelse."
    )


def test_the_pdf_shows_the_counts_and_leaves_a_follow_up_without_send_outs_alone(year, alice):
    build_send_outs(year["sarskild"], alice)
    build_more(alice, year)  # a second special follow-up, without questionnaires
    (with_send_outs,) = [a for a in arsrapport_data(2024).sarskild if a.enkater]
    assert with_send_outs.id == year["sarskild"].pk
    text = pdf_text(document_pdf(Dokumenttyp.ARSRAPPORT, year["rapport"]).pdf)
    assert text.count("Enkäter och frågeformulär") == 1
    assert (
        "I egenrapporteringen tillfrågades 3 verksamheter. "
        "1 verksamhet ombads komplettera, 1 fick krav på rättelse."
    ) in text
    assert "Tillfrågade och svar per metod, HVB barn och unga" in text
    assert "Egenrapportering från verksamheter 3 2" in text
    assert "Enkät till egen personal (socialsekreterare, enhetschefer) 2 1" in text
    assert "Frågor, svar och brister per tema, HVB barn och unga" in text
    assert "Bemanning 1 2 1" in text
    assert "Dokumentation 1 1 0" in text
    assert "Utan tema 1 1 0" in text


def test_a_report_without_send_outs_is_unchanged(year):
    assert [a.enkater for a in arsrapport_data(2024).sarskild] == [None]


def test_constant_queries_however_many_answers(year, alice):
    sarskild = year["sarskild"]
    build_send_outs(sarskild, alice)

    def cost():
        with CaptureQueriesContext(connection) as context:
            figurer([sarskild.pk])
        return len(context.captured_queries)

    before = cost()
    build_send_outs(sarskild, alice)
    assert cost() == before
    assert before <= 10
