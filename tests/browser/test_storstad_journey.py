"""Issue 16's first "Done when", end to end in Chromium through the real pages.

A strategist creates a choice system (LOV) with three areas, imports 200 approved units,
creates one follow-up per area from the 2026 plan with a random sample of 20 units each,
sets 40 rows to done and 5 to moved in bulk, imports the outcomes of the other 15 (10 done,
5 cancelled with a reason), records a vite for one unit; the 2026 annual report shows the
counts per area and "Under 2026 genomfördes 50 av 60 planerade uppföljningar", and the 2027
plan proposes the 5 moved units. axe-core on every distinct page; the follow-up page and the
overview at phone size without a sideways scroll.
"""

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from arenden.models import (
    EjGenomfordOrsak,
    Metod,
    PlaneradStatus,
    PlaneradUtfall,
    Uppfoljning,
    UppfoljningLeverantor,
)
from leverantorer.models import Beslut, BeslutTyp, Verksamhet
from ramavtal.models import Ramavtal
from tests.browser.conftest import assert_accessible, login
from tests.clock import DEFAULT
from tests.conftest import PASSWORD
from tests.factories import fake_orgnr
from tests.spreadsheets import csv_bytes

pytestmark = [
    pytest.mark.today(DEFAULT, tick=True),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Screenshots for a person to look at (the brief asks for /tmp/shots).
SHOTS = Path(tempfile.gettempdir()) / "shots"
LOV = "Hemtjänst LOV"
DIARIENUMMER = "SCN-2024-0100"
# Area number -> (name, suppliers); every supplier has two units: 80 + 70 + 50 = 200.
AREAS = {1: ("Norr", 40), 2: ("Centrum", 35), 3: ("Söder", 25)}


@pytest.fixture(autouse=True)
def _media_and_rate_limit(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _no_horizontal_scroll(page, width=390):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _supplier_file():
    """200 approved units: 100 suppliers with two units each, spread over the three areas."""
    header = ["organisationsnummer", "namn", "ort", "region", "ramavtal", "rangordning"]
    header += ["godkand", "verksamhet", "ivo_tillstandsnummer", "avtalsomraden"]
    rows, n = [], 0
    for nummer, (namn, suppliers) in AREAS.items():
        for i in range(suppliers):
            supplier = f"Omsorg {namn} {i + 1:02d} AB"
            for unit in ("A", "B"):
                rows.append(
                    [fake_orgnr(9000 + n), supplier, "Norrvik", "Norrviks län", DIARIENUMMER, ""]
                    + ["2024-03-01", f"{supplier} hemtjänst {unit}", "", str(nummer)]
                )
            n += 1
    return csv_bytes(header, rows)


def _create_choice_system(page):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ramavtal").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nytt ramavtal").click()
    assert_accessible(page)
    page.get_by_label("Namn").fill(LOV)
    page.get_by_label("Diarienummer").fill(DIARIENUMMER)
    page.get_by_label("Upphandlingsform").select_option(label="LOV (valfrihetssystem)")
    page.get_by_label("Startdatum").fill("2024-01-01")
    page.get_by_label("Följ upp varje verksamhet minst vart").fill("3")
    page.get_by_label("Målgrupp").select_option(label="Vuxna")
    page.get_by_role("button", name="Spara").click()
    assert "Ramavtalet är skapat." in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == LOV
    for nummer, (namn, _) in AREAS.items():
        page.get_by_role("link", name="Nytt avtalsområde").click()
        page.get_by_label("Nummer").fill(str(nummer))
        page.get_by_label("Namn").fill(namn)
        page.get_by_role("button", name="Spara").click()
        assert "Avtalsområdet är tillagt." in page.get_by_role("status").inner_text()
    assert_accessible(page)
    ramavtal = Ramavtal.objects.get(diarienummer=DIARIENUMMER)
    assert (ramavtal.ar_valfrihetssystem, ramavtal.tillsvidare) == (True, True)
    assert list(ramavtal.avtalsomraden.order_by("nummer").values_list("namn", flat=True)) == [
        "Norr",
        "Centrum",
        "Söder",
    ]
    return ramavtal


def _import_units(page):
    page.goto(reverse("leverantorer:import"))
    assert_accessible(page)
    page.get_by_label("Vad importeras").select_option("leverantorer")
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(
        files=[{"name": "godkanda.csv", "mimeType": "text/csv", "buffer": _supplier_file()}]
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    expect_text = page.locator("main").inner_text()
    assert "200" in expect_text, expect_text[:2000]
    assert_accessible(page)
    page.get_by_role("button", name="Importera").click()
    assert "Importen är klar" in page.get_by_role("status").inner_text()
    assert Verksamhet.objects.filter(namn__contains=" hemtjänst ").count() == 200


def _create_follow_ups_from_plan(page, ramavtal):
    page.get_by_role("link", name="Rapporter").first.click()
    page.get_by_role("region", name="Planer").get_by_label("År").fill("2026")
    page.get_by_role("button", name="Ny plan").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("2026")
    assert_accessible(page)
    page.get_by_role("link", name=f"Skapa uppföljning per område 2026 i {LOV}").click()
    assert_accessible(page)
    areas = page.get_by_role("group", name="Avtalsområden")
    for nummer, (namn, _) in AREAS.items():
        expect_checked = areas.get_by_label(f"{nummer} {namn}", exact=True)
        assert expect_checked.is_checked()
    page.get_by_label("N slumpvis valda (sparat slumpfrö)").check()
    page.get_by_label("Antal verksamheter per område (N)").fill("20")
    page.get_by_role("group", name="Metoder").get_by_label("Egenrapportering").check()
    page.get_by_role("button", name="Skapa uppföljningarna").click()
    assert "3 särskilda uppföljningar är skapade för 2026." in (
        page.get_by_role("status").inner_text()
    )
    # The overview of the year, where the follow-ups are linked.
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Särskilda uppföljningar 2026 per område"
    )
    cases = Uppfoljning.objects.filter(ramavtal=ramavtal, ar=2026).order_by("avtalsomrade__nummer")
    assert [c.urval.count() for c in cases] == [20, 20, 20]
    assert all(c.urval_seed is not None for c in cases)
    assert [c.urvalskriterier.split(" (")[0] for c in cases] == [
        "20 verksamheter slumpvis valda bland 80",
        "20 verksamheter slumpvis valda bland 70",
        "20 verksamheter slumpvis valda bland 50",
    ]
    return list(cases)


def _bulk(page, *, status, utfall=None, orsak=None, metod=None):
    bar = page.get_by_role("group", name="Ändra markerade rader")
    bar.get_by_label("Status").select_option(label=status)
    if utfall:
        bar.get_by_label("Utfall").select_option(label=utfall)
    if orsak:
        bar.get_by_label("Orsak").select_option(label=orsak)
    if metod:
        bar.get_by_label("Metod som användes").select_option(label=metod)
    page.get_by_role("button", name="Uppdatera markerade rader").click()


def _set_done_and_moved_in_bulk(page, cases):
    norr, centrum, soder = cases
    for case in (norr, centrum):
        page.goto(reverse("arenden:sarskild", args=[case.pk]))
        page.get_by_role("link", name="Markera alla").click()
        checked = page.locator("input[name=rader]:checked")
        assert checked.count() == 20
        _bulk(page, status="Genomförd", utfall="Utan anmärkning", metod="Egenrapportering")
        assert "20 rader är uppdaterade." in page.get_by_role("status").inner_text()
    page.goto(reverse("arenden:sarskild", args=[soder.pk]))
    boxes = page.locator("input[name=rader]")
    for i in range(5):
        boxes.nth(i).check()
    _bulk(page, status="Flyttad till nästa år", orsak="Omprioritering")
    assert "5 rader är uppdaterade." in page.get_by_role("status").inner_text()
    done = UppfoljningLeverantor.objects.filter(status=PlaneradStatus.GENOMFORD)
    assert done.count() == 40
    assert UppfoljningLeverantor.objects.filter(status=PlaneradStatus.FLYTTAD).count() == 5


def _import_outcomes(page, soder, tmp_path):
    page.goto(reverse("arenden:sarskild", args=[soder.pk]))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    target = tmp_path / "urval.csv"
    download_info.value.save_as(target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == 20
    status, orsak, metod, utfall = (header.index(c) for c in ("status", "orsak", "metod", "utfall"))
    planned = [row for row in body if row[status] == "Planerad"]
    assert len(planned) == 15
    for row in planned[:10]:
        row[status], row[metod], row[utfall] = "Genomförd", "Egenrapportering", "Utan anmärkning"
    for row in planned[10:]:
        row[status], row[orsak] = "Inställd", "Verksamheten läggs ned"
    edited = csv_bytes(header, body)
    page.get_by_role("link", name="Importera ändrad urvalsfil").click()
    assert_accessible(page)
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(
        files=[{"name": "urval.csv", "mimeType": "text/csv", "buffer": edited}]
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    preview = page.locator("main").inner_text()
    assert "15" in preview, preview[:2000]
    assert_accessible(page)
    page.get_by_role("button", name="Importera").click()
    assert "Importen är klar" in page.get_by_role("status").inner_text()
    by_status = {
        s: UppfoljningLeverantor.objects.filter(uppfoljning=soder, status=s).count()
        for s in PlaneradStatus.values
    }
    assert by_status == {"planerad": 0, "pagar": 0, "genomford": 10, "flyttad": 5, "installd": 5}


def _record_vite(page, norr):
    page.goto(reverse("arenden:sarskild", args=[norr.pk]))
    row = norr.urval.select_related("verksamhet").order_by("pk").first()
    unit = row.verksamhet.namn
    page.get_by_role("link", name=unit, exact=True).click()
    assert_accessible(page)
    row_url = page.url
    page.get_by_role("link", name=f"Fatta beslut om vite för {unit}").click()
    # The link pre-fills the type and the unit (required fields carry an aria-hidden "*").
    assert page.locator("#id_typ").input_value() == "vite"
    assert page.get_by_label("Gäller verksamhet").input_value() == str(row.verksamhet_id)
    assert_accessible(page)
    page.get_by_label("Beslutsfattare").fill("Enhetschef Avtal")
    page.get_by_label("Skäl").select_option(index=1)
    page.get_by_label("Faktaunderlag").fill(
        "Egenrapporteringen visar att avtalets krav inte följs."
    )
    page.get_by_label("Belopp (kr)").fill("25000")
    page.get_by_role("button", name="Spara").click()
    # Saved, the decision leads back to the row it was asked for from.
    expect(page).to_have_url(re.compile(re.escape(row_url) + "$"))
    assert "Beslutet är registrerat." in page.get_by_role("status").inner_text()
    vite = Beslut.objects.get(typ=BeslutTyp.VITE)
    assert (vite.belopp, vite.verksamhet_id) == (25000, row.verksamhet_id)
    page.get_by_label("Utfall").select_option(label="Vite")
    page.locator("#id_beslut").select_option(str(vite.pk))
    page.get_by_role("button", name="Spara").click()
    assert f"Uppföljningen av {unit} är uppdaterad." in page.get_by_role("status").inner_text()
    row.refresh_from_db()
    assert (row.utfall, row.beslut_id) == (PlaneradUtfall.VITE, vite.pk)


def _screenshots(page, browser, live_server, case):
    SHOTS.mkdir(exist_ok=True)
    url = reverse("arenden:sarskild", args=[case.pk])
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    assert_accessible(page)
    page.screenshot(path=str(SHOTS / "sarskild-1366.png"), full_page=True)
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    phone = context.new_page()
    login(phone, "alice", PASSWORD)
    phone.goto(url)
    _no_horizontal_scroll(phone)
    phone.screenshot(path=str(SHOTS / "sarskild-390.png"), full_page=True)
    phone.goto(reverse("arenden:sarskild_oversikt") + "?ar=2026")
    _no_horizontal_scroll(phone)
    phone.screenshot(path=str(SHOTS / "oversikt-390.png"), full_page=True)
    context.close()


def _overview(page):
    page.goto(reverse("arenden:sarskild_oversikt") + "?ar=2026")
    assert_accessible(page)
    rows = page.get_by_role("table").locator("tbody tr")
    cells = [rows.nth(i).locator("td.num").all_inner_texts() for i in range(rows.count())]
    # Planerade, pågår, genomförda, flyttade, inställda, försenade per area.
    assert cells == [
        ["20", "0", "20", "0", "0", "0"],
        ["20", "0", "20", "0", "0", "0"],
        ["20", "0", "10", "5", "5", "0"],
    ]


def _annual_report(page):
    page.get_by_role("link", name="Rapporter").first.click()
    page.get_by_role("region", name="Årsrapporter").get_by_label("År").fill("2026")
    page.get_by_role("button", name="Ny årsrapport").click()
    assert_accessible(page)
    page.get_by_role("link", name="Förhandsgranska").click()
    assert_accessible(page)
    text = " ".join(page.locator("main").inner_text().split())
    assert (
        "Under 2026 genomfördes 50 av 60 planerade uppföljningar. 5 flyttades till nästa år "
        "(omprioritering 5), 5 ställdes in (verksamheten läggs ned 5)." in text
    ), text
    # One section per area's follow-up, each named with its area.
    headings = page.get_by_role("heading", level=3).all_inner_texts()
    assert [h for h in headings if h.startswith(f"{LOV}, område")] == [
        f"{LOV}, område 1 Norr",
        f"{LOV}, område 2 Centrum",
        f"{LOV}, område 3 Söder",
    ]
    table = page.get_by_role(
        "table", name=f"Planerade och genomförda uppföljningar 2026 per område, {LOV}"
    )
    rows = table.locator("tbody tr, tfoot tr")
    cells = [
        [rows.nth(i).locator("th").inner_text()] + rows.nth(i).locator("td.num").all_inner_texts()
        for i in range(rows.count())
    ]
    # Område, verksamheter i området, planerade, genomförda, flyttade, inställda.
    assert cells == [
        ["1 Norr", "80", "20", "20", "0", "0"],
        ["2 Centrum", "70", "20", "20", "0", "0"],
        ["3 Söder", "50", "20", "10", "5", "5"],
        ["Totalt", "200", "60", "50", "5", "5"],
    ]


def _next_years_plan(page, moved):
    page.get_by_role("link", name="Tillbaka till Uppföljning av privata utförare 2026").click()
    page.get_by_role("link", name="Rapporter").first.click()
    page.get_by_role("region", name="Planer").get_by_label("År").fill("2027")
    page.get_by_role("button", name="Ny plan").click()
    assert_accessible(page)
    section = page.get_by_role("region", name="Flyttade från 2026")
    items = section.get_by_role("listitem")
    assert items.count() == 5
    texts = items.all_inner_texts()
    assert all("Flyttad från 2026: Omprioritering" in t for t in texts), texts
    assert sorted(t.split(" (")[0] for t in texts) == sorted(moved)


def test_a_big_city_year_of_a_choice_system(page, browser, live_server, alice, tmp_path):
    # The migrations' words, which an earlier transactional test's flush may have removed.
    Metod.objects.get_or_create(namn="Egenrapportering")
    for namn in ("Omprioritering", "Verksamheten läggs ned"):
        EjGenomfordOrsak.objects.get_or_create(namn=namn)
    login(page, "alice", PASSWORD)
    ramavtal = _create_choice_system(page)
    _import_units(page)
    cases = _create_follow_ups_from_plan(page, ramavtal)
    _set_done_and_moved_in_bulk(page, cases)
    _import_outcomes(page, cases[2], tmp_path)
    _record_vite(page, cases[0])
    _overview(page)
    _screenshots(page, browser, live_server, cases[2])
    _annual_report(page)
    moved = UppfoljningLeverantor.objects.filter(status=PlaneradStatus.FLYTTAD)
    _next_years_plan(page, [r.verksamhet.namn for r in moved.select_related("verksamhet")])
