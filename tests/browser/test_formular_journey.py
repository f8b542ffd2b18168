"""A strategist builds a questionnaire from a template in Chromium; axe-core on every page."""

import re

import pytest

from enkater.models import Fraga, FragaTyp
from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MALL = "Egenrapportering för verksamheter"


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_strategist_builds_from_a_template(page, alice, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "alice", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Frågeformulär"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Frågeformulär"
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(f"Skapa från mall.*{MALL}")).click()
    assert page.get_by_role("heading", level=1).inner_text() == MALL
    assert_accessible(page)
    builder = page.url

    # An upload question in the first section.
    page.get_by_role("link", name=re.compile("Ny fråga.*i sektionen Bemanning$")).click()
    assert_accessible(page)
    page.locator("#id_typ").select_option(label="Dokument (uppladdning)")
    # static/js/formular.js shows only the fields the type uses.
    assert page.locator("#id_alternativ").is_hidden()
    assert page.locator("#id_skala_max").is_hidden()
    page.locator("#id_text").fill("Bifoga verksamhetens senaste kvalitetsberättelse.")
    page.get_by_role("button", name="Spara").click()
    assert page.url.startswith(builder)
    assert "Bifoga verksamhetens senaste kvalitetsberättelse." in page.content()

    # A conditional question; first a mistake, shown on the field.
    page.get_by_role("link", name=re.compile("Ny fråga.*i sektionen Rapportering$")).click()
    page.locator("#id_typ").select_option(label="Kort text")
    page.get_by_role("button", name="Spara").click()
    assert "Formuläret innehåller fel" in page.content()
    assert page.locator("#id_text_error").count() == 1
    assert_accessible(page)
    page.locator("#id_text").fill("Vilken utbildning saknas?")
    villkor = Fraga.objects.get(
        sektion__version__formular__namn=MALL,
        typ=FragaTyp.JA_NEJ,
        text__startswith="Har all personal",
    )
    page.locator("#id_villkor_fraga").select_option(value=str(villkor.pk))
    page.locator("#id_villkor_varde").select_option(label="Nej")
    page.get_by_role("button", name="Spara").click()
    assert page.url.startswith(builder)
    ny = Fraga.objects.get(text="Vilken utbildning saknas?")
    assert (ny.villkor_fraga, ny.villkor_varde) == (villkor, "Nej")
    assert page.locator(f"#fraga-{ny.pk}").get_by_text("Villkor:").count() == 1
    assert_accessible(page)
    page.screenshot(path=tmp_path / "formular-builder-1366.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    for name, url in (
        ("list", "/enkater/formular/"),
        ("builder", builder),
        ("fraga", f"/enkater/fraga/{ny.pk}/"),
    ):
        page.goto(url)
        page.screenshot(path=tmp_path / f"formular-{name}-390.png", full_page=True)
        _no_horizontal_scroll(page)
        assert_accessible(page)
