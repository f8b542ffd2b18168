"""A manager opens the year's report, previews it and downloads the PDF."""

import pytest

from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD
from tests.rapporter.conftest import pdf_text
from tests.rapporter.fixtures import build_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_previews_and_downloads_the_annual_report(
    page, alice, charlotte, eager_celery, tmp_path
):
    build_year(alice)
    login(page, "charlotte", PASSWORD)
    page.get_by_role("link", name="Rapporter").first.click()
    assert_accessible(page)
    # A manager reads; only strategists start new documents.
    assert page.get_by_role("button", name="Ny årsrapport").count() == 0
    page.get_by_role("link", name="Uppföljning av privata utförare 2024").click()
    assert_accessible(page)

    page.get_by_role("link", name="Förhandsgranska").click()
    main = page.locator("main").inner_text()
    assert "Under 2024 rapporterades 4 avvikelser" in main
    assert "1 av 2 planerade uppföljningar genomfördes" in main
    assert page.locator("svg[role=img] title").first.text_content().startswith("Tillfälliga")
    assert_accessible(page)
    page.get_by_role("link", name="Tillbaka till Uppföljning av privata utförare 2024").click()

    page.get_by_role("button", name="Ladda ner PDF").click()
    page.get_by_text("Status: Klar").wait_for()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner PDF").click()
    target = tmp_path / "rapport.pdf"
    download_info.value.save_as(target)
    text = pdf_text(target.read_bytes())
    assert "Uppföljning av privata utförare 2024" in text
    assert "Bromstensgården AB 1,0 8" in text


def test_the_job_page_follows_progress_without_reloading(page, alice, charlotte):
    from rapporter.models import Dokumenttyp, JobbTyp
    from rapporter.services import job_order, job_run

    build_year(alice)
    jobb = job_order(typ=JobbTyp.PDF, dokumenttyp=Dokumenttyp.ARSRAPPORT, ar=2024, user=charlotte)
    login(page, "charlotte", PASSWORD)
    page.goto(jobb.get_absolute_url())
    assert "Status: Väntar" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Uppdatera sidan").is_visible()
    assert_accessible(page)
    job_run(jobb.pk)  # the worker's part, while the page polls
    page.get_by_role("link", name="Ladda ner PDF").wait_for()
    assert "Status: Klar" in page.locator("main").inner_text()
    assert not page.get_by_role("link", name="Uppdatera sidan").is_visible()
    assert page.locator("progress").get_attribute("value") == "100"
