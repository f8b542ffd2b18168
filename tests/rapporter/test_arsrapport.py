"""The annual report's figures and its PDF, on the known 2024 fixture."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

import arenden.models as ar
from arenden.models import Avropskontroll, IvoKontroll, Kreditkontroll
from leverantorer.models import Tillstandsstatus as T
from rapporter.arsrapport import TierYear, arsrapport_data, tiers_over_years
from rapporter.documents import document_pdf
from rapporter.models import Dokumenttyp
from tests.factories import AvtalFactory, PlaceringFactory, RamavtalFactory, VerksamhetFactory
from tests.rapporter.conftest import pdf_text
from tests.rapporter.fixtures import EXPECTED, build_more

pytestmark = pytest.mark.django_db


def test_it_counts_deviations_by_category_and_how_they_were_settled(year):
    data = arsrapport_data(2024)
    assert data.avvikelser.antal == EXPECTED["avvikelser"]
    assert data.avvikelser.hanterade_i_arendet == EXPECTED["avvikelser_hanterade"]
    assert data.avvikelser.till_uppfoljning == EXPECTED["avvikelser_uppfoljning"]
    assert [(r.kategori, r.antal) for r in data.avvikelser.rader] == [
        ("Felaktig fakturering", 3),
        ("Bemanning", 1),
    ]
    assert data.avvikelser.allvarliga == 1


def test_it_counts_ivo_checks_of_the_year_only(year):
    kontroller = arsrapport_data(2024).kontroller
    assert kontroller.ivo_kontroller == EXPECTED["ivo_kontroller"]
    assert kontroller.ivo_anmarkningar == EXPECTED["ivo_anmarkningar"]
    assert kontroller.ivo_verksamheter == 1
    assert (kontroller.registerkontroller, kontroller.register_bedomning) == (2, 1)


def test_a_supplier_who_joined_after_the_year_is_not_counted_in_it(year):
    import datetime

    from tests.factories import AvtalFactory

    AvtalFactory(
        ramavtal=year["hvb"],
        leverantor__namn="Nykomlingen AB",
        startdatum=datetime.date(2025, 1, 15),
    )
    data = arsrapport_data(2024)
    # Brom, Ramnäs, and Cederängen (terminated during 2024); not the newcomer of 2025.
    assert {r.namn: r.antal_leverantorer for r in data.ramavtal}["HVB barn och unga"] == 3
    (avsnitt,) = data.sarskild
    assert avsnitt.antal_leverantorer == 2  # at the end of 2024
    hvb_2025 = {r.namn: r for r in arsrapport_data(2025).ramavtal}["HVB barn och unga"]
    assert hvb_2025.antal_leverantorer == 3  # Brom, Ramnäs and the newcomer


def test_checks_count_in_the_year_of_their_local_date(year):
    import datetime
    from zoneinfo import ZoneInfo

    from arenden.models import IvoKontroll
    from leverantorer.models import Tillstandsstatus, Verksamhet

    unit = Verksamhet.objects.first()
    utc = ZoneInfo("UTC")
    for stamp in (
        datetime.datetime(2023, 12, 31, 23, 30, tzinfo=utc),  # 00:30 on 1 January 2024 locally
        datetime.datetime(2024, 12, 31, 23, 30, tzinfo=utc),  # 00:30 on 1 January 2025 locally
    ):
        IvoKontroll.objects.create(
            verksamhet=unit,
            kalla="manuell",
            status="ok",
            tillstand=Tillstandsstatus.GILTIGT,
            kontrollerad=stamp,
        )
    assert arsrapport_data(2024).kontroller.ivo_kontroller == EXPECTED["ivo_kontroller"] + 1
    assert arsrapport_data(2025).kontroller.ivo_kontroller == 1


def test_it_counts_decisions_per_ramavtal_with_reasons(year):
    rows = {r.ramavtal: r for r in arsrapport_data(2024).beslut}
    hvb = rows["HVB barn och unga"]
    assert (hvb.pauser, hvb.uppsagningar, hvb.havningar) == (2, 1, 0)
    assert dict(hvb.skal["Tillfällig uteslutning från avrop"]) == {
        "IVO-ärende med krav på återrapportering": 1,
        "Svag ekonomi, skatteskulder eller obestånd": 1,
    }
    assert rows["Stödboende för ungdomar"].havningar == EXPECTED["havningar_stod"]
    economic = arsrapport_data(2024).ekonomiska_beslut
    assert [(r.ramavtal, r.pauser) for r in economic] == [("HVB barn och unga", 1)]


def test_the_reasons_follow_the_order_of_the_decision_columns(year, alice):
    import datetime

    from leverantorer.models import Avtal, BeslutSkal, BeslutTyp
    from tests.rapporter.fixtures import _beslut

    utslussen = Avtal.objects.get(leverantor__namn="Utslussen Vård AB")
    _beslut(utslussen, BeslutTyp.PAUS, BeslutSkal.VILANDE, alice, datetime.date(2024, 11, 1))
    rows = {r.ramavtal: r for r in arsrapport_data(2024).beslut}
    assert list(rows["Stödboende för ungdomar"].skal) == [
        "Tillfällig uteslutning från avrop",
        "Hävning",
    ]


def test_it_counts_invoice_sampling_and_event_driven_cases(year):
    data = arsrapport_data(2024)
    assert (data.stickprov.dragna, data.stickprov.granskade, data.stickprov.avvikelser) == (3, 3, 1)
    assert data.stickprov.per_typ == [("Betalt för utflyttsdagen", 1)]
    assert data.handelsstyrd.antal == EXPECTED["handelsstyrda"]
    assert data.handelsstyrd.avslutade == 1
    assert data.handelsstyrd.rader[0].utfall == {"Krav på rättelse": 1, "Pågår": 1}


def test_it_gathers_the_special_follow_up_with_its_sample(year):
    (avsnitt,) = arsrapport_data(2024).sarskild
    assert avsnitt.antal_leverantorer == 2  # one terminated of three
    assert [(u.leverantor, str(u.inkopsvarde_mkr), u.antal_placeringar) for u in avsnitt.urval] == [
        ("Ramnäs HVB AB", "2.7", 7),
        ("Bromstensgården AB", "1.0", 8),
    ]
    assert avsnitt.metoder == ["Enkät till socialsekreterare", "Oanmält platsbesök"]
    assert (avsnitt.besok, avsnitt.oanmalda_besok, avsnitt.kvallsbesok) == (1, 1, 1)
    assert avsnitt.brister_atgardade == 1


def test_the_data_costs_a_constant_number_of_queries(year, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as context:
            arsrapport_data(2024)
        return len(context.captured_queries)

    before = cost()
    # More of everything: another special follow-up with sample, findings and visits.
    build_more(alice, year)
    assert cost() == before
    # The figures per area (arenden.arsutfall, issue 16) add their own fixed 9.
    assert before <= 34


def test_the_pdf_holds_the_sections_tables_and_figures(year):
    rendered = document_pdf(Dokumenttyp.ARSRAPPORT, year["rapport"])
    assert rendered.pdf.startswith(b"%PDF-")
    text = pdf_text(rendered.pdf)
    for heading in (
        "Tjänsteskrivelse till socialnämnden",
        "Förslag till beslut",
        "Barnkonsekvensanalys",
        "Beslutsunderlag",
        "Innehåll",
        "Bakgrund",
        "Aktuella ramavtal",
        "Löpande uppföljning",
        "Löpande ekonomisk uppföljning",
        "Stickprov på fakturor",
        "Händelsestyrd uppföljning",
        "Särskild uppföljning",
        "Planerade och genomförda uppföljningar",
        "Bedömning och slutsatser",
    ):
        assert heading in text, heading
    assert "Uppföljning av privata utförare 2024" in text
    assert "Under 2024 rapporterades 4 avvikelser" in text
    assert "varav 2 hanterades inom det enskilda ärendet och 1 ledde till uppföljning" in text
    assert "registrerades 3 IVO-kontroller av 1 verksamhet; 1 visade en anmärkning" in text
    assert "begärdes 2 utdrag ur belastningsregistret eller sanningsförsäkringar" in text
    assert "Sammantaget drogs 3 fakturor, 3 granskades och 1 hade avvikelser" in text
    assert "Betalt för utflyttsdagen 1" in text
    assert "1 av 2 planerade uppföljningar genomfördes" in text
    assert "Leverantören är tillfälligt utesluten från avrop" in text
    # The sample table, Swedish decimal comma.
    assert "Leverantör Inköpsvärde mkr Antal placeringar" in text
    assert re.search(r"Ramnäs HVB AB 2,7 7", text)
    assert re.search(r"Bromstensgården AB 1,0 8", text)
    assert (
        "Ramavtalet HVB barn och unga (SCN-2019-0437) omfattade 2 leverantörer vid utgången av 2024"
        in text
    )
    assert "och antalet leverantörer med avtal någon gång under året" in text
    assert "Diarienummer: SCN-2025-00012" in text and "Diarienummer: Dnr" not in text
    # Singular where there is one, and IVO keeps its capitals inside a sentence.
    assert "1 brist återkopplades till leverantörerna: 1 är åtgärdad, 0 är öppna" in text
    assert "öppnades 2 händelsestyrda uppföljningar, varav 1 är avslutad" in text
    assert "1 uppsägning och 1 hävning" in text
    assert "IVO-ärende med krav på återrapportering (1)" in text
    assert "inleddes den 1 mars 2021" in text
    # Header and footer on every page.
    pages = PdfReader(io.BytesIO(rendered.pdf)).pages
    for number, page in enumerate(pages, start=1):
        page_text = page.extract_text()
        assert f"Sida {number} av {len(pages)}" in page_text
        assert "Exempelkommunen" in page_text
        assert "Dnr SCN-2025-00012" in page_text


def test_the_table_of_contents_has_page_numbers(year):
    text = pdf_text(document_pdf(Dokumenttyp.ARSRAPPORT, year["rapport"]).pdf)
    toc = text.split("Innehåll", 1)[1]
    assert re.search(r"Bakgrund[ .]*\d+", toc)
    assert re.search(r"Bedömning och slutsatser[ .]*\d+", toc)


def test_the_pdf_embeds_the_shipped_font(year):
    reader = PdfReader(io.BytesIO(document_pdf(Dokumenttyp.ARSRAPPORT, year["rapport"]).pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
    # Only the font shipped in static/fonts (its own family name), never a system font.
    assert fonts and all(
        name.split("+")[-1].startswith("/Rapport-Sans")
        or name.split("+")[-1].startswith("Rapport-Sans")
        for name in fonts
    ), fonts


def test_the_document_filters_write_swedish_running_text():
    from rapporter.templatetags.dokument import antal, gemen, och

    assert (
        gemen("IVO-ärende med krav på återrapportering")
        == "IVO-ärende med krav på återrapportering"
    )
    assert (
        gemen("Svag ekonomi, skatteskulder eller obestånd")
        == "svag ekonomi, skatteskulder eller obestånd"
    )
    assert gemen("") == ""
    assert [antal(n, "brist,brister") for n in (0, 1, 2)] == ["0 brister", "1 brist", "2 brister"]
    assert och(["HVB barn och unga"]) == "HVB barn och unga"
    assert och(["A", "B", "C"]) == "A, B och C"


def test_the_drafted_conclusions_use_the_singular_after_one(year):
    from rapporter.drafts import arsrapport_draft

    bedomning = arsrapport_draft(2024)["bedomning"]
    assert "1 uppsägning och 1 hävning" in bedomning
    assert "återkopplades 1 brist till leverantörerna" in bedomning


def test_the_report_rounds_purchase_value_half_up_like_the_pages(year):
    from decimal import Decimal

    from arenden.models import UppfoljningLeverantor

    UppfoljningLeverantor.objects.filter(leverantor__namn="Bromstensgården AB").update(
        inkopsvarde=Decimal("1250000")
    )
    UppfoljningLeverantor.objects.filter(leverantor__namn="Ramnäs HVB AB").update(
        inkopsvarde=Decimal("1249999")
    )
    (avsnitt,) = arsrapport_data(2024).sarskild
    assert [(u.leverantor, str(u.inkopsvarde_mkr)) for u in avsnitt.urval] == [
        ("Bromstensgården AB", "1.3"),  # half-even gave 1.2 here
        ("Ramnäs HVB AB", "1.2"),
    ]


# Mutation testing (docs/testing.md): the check and sampling figures on small counted years.
def _aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


def test_the_checks_of_a_year_counted_by_kind(alice):
    avtal = AvtalFactory()
    unit_a = VerksamhetFactory(leverantor=avtal.leverantor)
    unit_b = VerksamhetFactory(leverantor=avtal.leverantor)
    stamp = _aware(2022, 5, 10, 12)

    def ivo(unit, when=stamp, **values):
        defaults = {"status": "ok", "tillstand": T.GILTIGT, "vilande": False}
        defaults["krav_pa_aterrapportering"] = False
        IvoKontroll.objects.create(
            verksamhet=unit, kalla="manuell", kontrollerad=when, **(defaults | values)
        )

    ivo(unit_a)  # fine
    ivo(unit_a, tillstand=T.EJ_KRAV)  # fine: no permit needed
    ivo(unit_a, tillstand=T.ATERKALLAT)  # remark
    ivo(unit_b, vilande=True)  # remark
    ivo(unit_b, krav_pa_aterrapportering=True)  # remark
    ivo(unit_b, status="misslyckad", tillstand=T.OKANT)  # failed: no remark
    ivo(unit_b, when=_aware(2021, 12, 31, 12), tillstand=T.SAKNAS)  # another year

    def kredit(when=stamp, **values):
        defaults = {"status": "ok", "betalningsanmarkningar": False, "skatteskulder": False}
        check = Kreditkontroll.objects.create(
            leverantor=avtal.leverantor, kalla="manuell", **(defaults | values)
        )
        Kreditkontroll.objects.filter(pk=check.pk).update(kontrollerad=when)

    kredit()  # clean
    kredit(betalningsanmarkningar=True)
    kredit(skatteskulder=True)
    kredit(konkurs=True)
    kredit(likvidation=True)
    kredit(status="misslyckad", konkurs=True)  # failed: no remark
    kredit(when=_aware(2023, 1, 1, 12), konkurs=True)  # another year

    for when in (stamp, stamp, _aware(2021, 6, 1, 12)):
        check = Avropskontroll.objects.create(
            avtal=avtal, verksamhet=unit_a, kontrollerad_av=alice, utslag="klar"
        )
        Avropskontroll.objects.filter(pk=check.pk).update(kontrollerad=when)

    kontroller = arsrapport_data(2022).kontroller
    assert (
        kontroller.ivo_kontroller,
        kontroller.ivo_verksamheter,
        kontroller.ivo_anmarkningar,
        kontroller.ivo_misslyckade,
    ) == (6, 2, 3, 1)
    assert kontroller.avropskontroller == 2
    assert (kontroller.kreditkontroller, kontroller.kredit_anmarkningar) == (6, 4)


def test_invoice_sampling_rounds_in_full(alice):
    def round_(namn, datum, kalla, ramavtal, results):
        stickprov = ar.Stickprov.objects.create(
            namn=namn,
            datum=datum,
            kalla=kalla,
            ramavtal=ramavtal,
            fran=datetime.date(2022, 1, 1),
            till=datetime.date(2022, 6, 30),
            antal=len(results),
            seed=1,
            utford_av=alice,
        )
        for ordning, (resultat, typ) in enumerate(results, start=1):
            ar.StickprovFaktura.objects.create(
                stickprov=stickprov,
                placering=PlaceringFactory(),
                ordning=ordning,
                resultat=resultat,
                avvikelsetyp=typ,
            )

    ok, avvikelse, ej = (
        ar.FakturaResultat.OK,
        ar.FakturaResultat.AVVIKELSE,
        ar.FakturaResultat.EJ_GRANSKAD,
    )
    hvb = RamavtalFactory(namn="HVB")
    round_(
        "Hösten",
        datetime.date(2022, 10, 1),
        ar.StickprovKalla.AVSLUTADE,
        hvb,
        [(avvikelse, "fel_pris"), (avvikelse, "fel_pris"), (ej, "")],
    )
    round_(
        "Våren",
        datetime.date(2022, 4, 1),
        ar.StickprovKalla.PLACERINGAR,
        None,
        [(ok, ""), (avvikelse, "utflyttsdag"), (avvikelse, "")],
    )
    round_(
        "Förra året",
        datetime.date(2021, 12, 1),
        ar.StickprovKalla.PLACERINGAR,
        None,
        [(avvikelse, "annat")],
    )

    stickprov = arsrapport_data(2022).stickprov
    assert [
        (r.namn, r.datum, r.urval, r.ramavtal, r.dragna, r.granskade, r.avvikelser)
        for r in stickprov.rundor
    ] == [
        ("Våren", datetime.date(2022, 4, 1), "Placeringar i registret", "Alla ramavtal", 3, 3, 2),
        ("Hösten", datetime.date(2022, 10, 1), "Avslutade placeringar", "HVB", 3, 2, 2),
    ]
    assert (stickprov.dragna, stickprov.granskade, stickprov.avvikelser) == (6, 5, 4)
    # Most common first; a deviation without a kind keeps its (empty) key.
    assert stickprov.per_typ == [("Fel pris", 2), ("", 1), ("Betalt för utflyttsdagen", 1)]


def test_the_special_follow_up_section_in_full(year):
    case = ar.Uppfoljning.objects.get(typ=ar.UppfoljningTyp.SARSKILD, ar=2024)
    ramnas = case.urval.get(leverantor__namn="Ramnäs HVB AB").leverantor
    ar.Brist.objects.create(
        uppfoljning=case,
        leverantor=ramnas,
        beskrivning="Rutin för klagomål saknas.",
        krav="Ta fram en skriftlig rutin.",
        atgard_senast=datetime.date(2025, 3, 31),
    )
    (avsnitt,) = arsrapport_data(2024).sarskild
    assert (avsnitt.id, avsnitt.rubrik, avsnitt.ramavtal.namn) == (
        case.pk,
        "Särskild uppföljning HVB 2024",
        "HVB barn och unga",
    )
    assert avsnitt.urvalskriterier == (
        "De 2 leverantörer med högst inköpsvärde 2023-01-01 – 2024-04-30"
    )
    assert [tuple(vars(u).values()) for u in avsnitt.urval] == [
        ("Ramnäs HVB AB", Decimal("2.7"), 7, "Inställd"),
        ("Bromstensgården AB", Decimal("1.0"), 8, "Genomförd"),
    ]
    assert sorted(avsnitt.teman) == ["Bemanning", "Meddelarfrihet"]
    assert avsnitt.bedomning == "Socialsekreterarna är över lag nöjda med leverantörerna."
    assert [tuple(vars(b).values()) for b in avsnitt.brister] == [
        (
            "Bromstensgården AB",
            "Meddelarfrihet",
            "Låg kännedom om meddelarfriheten.",
            "Informera all personal.",
            "Åtgärdad",
        ),
        ("Ramnäs HVB AB", "", "Rutin för klagomål saknas.", "Ta fram en skriftlig rutin.", "Öppen"),
    ]
    assert (avsnitt.brister_atgardade, avsnitt.brister_oppna, avsnitt.brister_eskalerade) == (
        1,
        1,
        0,
    )


def test_the_tiers_over_five_years_count_each_kind_in_its_year(alice):
    avtal = AvtalFactory()
    for year in (2019, 2020, 2022, 2022, 2024, 2025):
        ar.Avvikelse.objects.create(
            leverantor=avtal.leverantor,
            kategori_id="bemanning",
            beskrivning="Ingen personal",
            rapporterad_av=alice,
            datum=datetime.date(year, 3, 1),
        )
    for year in (2019, 2020, 2024):
        ar.Uppfoljning.objects.create(
            typ=ar.UppfoljningTyp.HANDELSSTYRD,
            rubrik="Händelse",
            leverantor=avtal.leverantor,
            ansvarig=alice,
            oppnad=datetime.date(year, 5, 1),
        )
    for year in (2019, 2021, 2024, 2024, 2025):
        ar.Uppfoljning.objects.create(
            typ=ar.UppfoljningTyp.SARSKILD,
            rubrik="Särskild",
            ramavtal=avtal.ramavtal,
            ar=year,
            ansvarig=alice,
            oppnad=datetime.date(2019, 1, 2),
        )
    assert tiers_over_years(2024) == [
        TierYear(2020, 1, 1, 0),
        TierYear(2021, 0, 0, 1),
        TierYear(2022, 2, 0, 0),
        TierYear(2023, 0, 0, 0),
        TierYear(2024, 1, 1, 2),
    ]
    assert arsrapport_data(2024).tiers == tiers_over_years(2024)
