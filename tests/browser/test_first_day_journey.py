"""A municipality's first day, on an empty database, in Chromium.

The first Administratör is created on the setup page, names the municipality
and uploads its logo, invites a Strateg and adds a method and a theme. The
Strateg sets a password from the e-mailed link, records last month's visit and
closes a case as of last week, and the year's report counts the case in the
year it happened, with the municipality's name and logo in the PDF.

"Today" is fixed at 2026-01-08, so last month and last week lie in 2025.
"""

import datetime
import io
import re
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from arenden.models import Metod, Platsbesok, Tema, Uppfoljning
from rapporter.arsrapport import arsrapport_data
from tests.browser.conftest import assert_accessible, login
from tests.factories import AvtalFactory, VerksamhetFactory
from tests.rapporter.conftest import pdf_text

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
TODAY = datetime.datetime(2026, 1, 8, 9, 30, tzinfo=STOCKHOLM)

# The clock starts at TODAY and runs on, in the test and the live server's thread.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.today(TODAY, tick=True),
]
ADMIN_PASSWORD = "Norrvik-admin-2026-lang"
STRATEG_PASSWORD = "Berits-eget-losenord-42"


@pytest.fixture
def logo(tmp_path):
    path = tmp_path / "norrvik.png"
    Image.new("RGB", (240, 80), (0, 90, 140)).save(path, format="PNG")
    return path


def test_a_municipality_starts_from_nothing_and_reports_its_year(
    page, browser, live_server, settings, mailoutbox, eager_celery, logo, tmp_path
):
    settings.SITE_URL = live_server.url
    assert not get_user_model().objects.exists()

    # The first Administratör, from the login page's link.
    page.goto("/konto/logga-in/")
    page.get_by_role("link", name="Skapa den första administratören").click()
    page.get_by_label("Användarnamn").fill("ada")
    page.get_by_label("Förnamn").fill("Ada")
    page.get_by_label("Efternamn").fill("Lind")
    page.get_by_label("E-post").fill("ada@norrvik.example")
    page.locator("#id_password1").fill(ADMIN_PASSWORD)
    page.locator("#id_password2").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Skapa administratör").click()

    # The municipality's name and logo.
    page.wait_for_url("**/administration/kommun/")
    page.get_by_label("Kommunens namn").fill("Norrviks kommun")
    page.get_by_label("Logotyp").set_input_files(logo)
    page.get_by_role("button", name="Spara").click()
    header = page.locator("header")
    assert "Norrviks kommun" in header.inner_text()
    assert header.locator("img").count() == 1
    assert_accessible(page)

    # A Strateg, invited by e-mail.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Användare").click()
    page.get_by_role("link", name="Ny användare").click()
    page.get_by_label("Användarnamn").fill("berit")
    page.get_by_label("Förnamn").fill("Berit")
    page.get_by_label("Efternamn").fill("Strand")
    page.get_by_label("E-post").fill("berit@norrvik.example")
    page.get_by_role("group", name="Roller").get_by_label("Strateg").check()
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Berit Strand"
    assert [m.to for m in mailoutbox] == [["berit@norrvik.example"]]
    assert "Norrviks kommun" in mailoutbox[0].body
    link = re.search(r"^(http://\S+/konto/satt-losenord/\S+)$", mailoutbox[0].body, re.M)[1]

    # A method and a theme of the municipality's own.
    for lista, namn in (("Metoder", "Samtal med placerade barn"), ("Teman", "Skolgång")):
        page.get_by_role("link", name="Ordlistor").first.click()
        page.get_by_role("link", name=lista).click()
        page.get_by_role("link", name="Lägg till ord").click()
        page.get_by_label("Namn").fill(namn)
        page.get_by_role("button", name="Spara").click()
        assert f"”{namn}” är tillagt" in page.get_by_role("status").inner_text()
    assert Metod.objects.get(namn="Samtal med placerade barn").aktiv
    assert Tema.objects.get(namn="Skolgång").aktiv

    # The register the strategist works on (imported in real life).
    avtal = AvtalFactory(leverantor__namn="Ekliden Vård AB", ramavtal__namn="HVB barn och unga")
    VerksamhetFactory(leverantor=avtal.leverantor, namn="Ekliden HVB")

    # The Strateg chooses a password from the link and logs in.
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    strateg = context.new_page()
    strateg.set_default_timeout(10_000)
    strateg.goto(link)
    strateg.locator("#id_new_password1").fill(STRATEG_PASSWORD)
    strateg.locator("#id_new_password2").fill(STRATEG_PASSWORD)
    strateg.get_by_role("button", name="Spara lösenord").click()
    assert strateg.get_by_role("heading", level=1).inner_text() == "Lösenordet är sparat"
    login(strateg, "berit", STRATEG_PASSWORD)
    strateg.wait_for_url(f"{live_server.url}/")

    # The new words are offered where follow-ups are planned.
    strateg.goto("/uppfoljning/sarskild/ny/")
    strateg.locator("select#id_ramavtal").select_option(label="HVB barn och unga")
    strateg.get_by_role("button", name="Visa ramavtalets verksamheter").click()
    assert strateg.get_by_label("Samtal med placerade barn").count() == 1
    assert strateg.get_by_label("Skolgång").count() == 1

    # A case opened at the start of last month, entered today.
    strateg.goto(f"/uppfoljning/uppfoljningar/ny/?leverantor={avtal.leverantor.pk}")
    strateg.get_by_label("Rubrik").fill("Bemanning kvällstid")
    strateg.get_by_label("Vad utlöste uppföljningen").fill("Signal om bemanningen kvällstid.")
    strateg.get_by_label("Öppnad").fill("2025-12-01")
    strateg.get_by_role("button", name="Spara").click()
    assert (
        "Den händelsestyrda uppföljningen är öppnad" in strateg.get_by_role("status").inner_text()
    )

    # Last month's evening visit.
    strateg.get_by_role("link", name="Nytt platsbesök").click()
    strateg.get_by_label("Verksamhet").select_option(label="Ekliden HVB (Ekliden Vård AB)")
    strateg.get_by_label("Datum och tid").fill("2025-12-10T19:30")
    strateg.get_by_label("Anmält").uncheck()
    strateg.get_by_label("Kvällstid").check()
    strateg.get_by_label("Genomfört").check()
    strateg.get_by_label("Iakttagelser").fill("Två personal i tjänst enligt schemat.")
    strateg.get_by_role("button", name="Spara").click()
    assert "Oanmält besök 2025-12-10 19:30, kvällstid" in strateg.locator("main").inner_text()

    # Closed as of last week.
    strateg.get_by_role("link", name="Avsluta med utfall").click()
    strateg.get_by_label("Utfall").select_option(label="Ingen åtgärd")
    strateg.get_by_label("Bedömning").fill("Bemanningen följer avtalet.")
    strateg.get_by_label("Avslutad").fill("2025-12-30")
    assert_accessible(strateg)
    strateg.get_by_role("button", name="Spara").click()
    assert "Uppföljningen är avslutad." in strateg.get_by_role("status").inner_text()
    assert "Avslutad (2025-12-30)" in strateg.locator("main").inner_text()

    case = Uppfoljning.objects.get()
    assert (case.oppnad, case.avslutad) == (datetime.date(2025, 12, 1), datetime.date(2025, 12, 30))
    assert Platsbesok.objects.get().tidpunkt == datetime.datetime(
        2025, 12, 10, 19, 30, tzinfo=STOCKHOLM
    )
    # History keeps the day it was entered.
    assert timezone.localtime(case.history.earliest().history_date).date() == TODAY.date()

    # The year it happened counts it; the year it was entered does not.
    assert (
        arsrapport_data(2025).handelsstyrd.antal,
        arsrapport_data(2025).handelsstyrd.avslutade,
    ) == (
        1,
        1,
    )
    assert arsrapport_data(2026).handelsstyrd.antal == 0
    strateg.get_by_role("link", name="Rapporter").first.click()
    strateg.get_by_role("region", name="Årsrapporter").get_by_label("År").fill("2025")
    strateg.get_by_role("button", name="Ny årsrapport").click()
    strateg.get_by_role("link", name="Förhandsgranska").click()
    preview = strateg.locator("main").inner_text()
    assert "Under 2025 öppnades 1 händelsestyrd uppföljning, varav 1 är avslutad." in preview
    strateg.get_by_role("link", name="Tillbaka till Uppföljning av privata utförare 2025").click()

    strateg.get_by_role("button", name="Ladda ner PDF").click()
    strateg.get_by_text("Status: Klar").wait_for()
    with strateg.expect_download() as download_info:
        strateg.get_by_role("link", name="Ladda ner PDF").click()
    target = tmp_path / "rapport-2025.pdf"
    download_info.value.save_as(target)
    pdf = target.read_bytes()
    text = pdf_text(pdf)
    assert "Norrviks kommun" in text
    assert "Under 2025 öppnades 1 händelsestyrd uppföljning, varav 1 är avslutad." in " ".join(
        text.split()
    )
    images = [image for p in PdfReader(io.BytesIO(pdf)).pages for image in p.images]
    assert images, "the logo is not in the PDF"
    assert Image.open(io.BytesIO(images[0].data)).size == (240, 80)
    context.close()
