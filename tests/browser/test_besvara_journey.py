"""A supplier answers by its personal link in Chromium: draft, reload, upload, submit."""

import datetime

import pytest
from playwright.sync_api import expect

from enkater.models import FragaTyp, Svar, SvarStatus, SvarVarde, UtskickStatus
from enkater.versioner import frys
from tests.browser.conftest import assert_accessible
from tests.clock import DEFAULT
from tests.enkater.factories import FragaFactory, MottagareFactory, SektionFactory, UtskickFactory

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = [
    pytest.mark.today(DEFAULT, tick=True),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PDF = b"%PDF-1.7\n1 0 obj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def _link():
    sektion = SektionFactory(rubrik="Bemanning")
    ja_nej = FragaFactory(
        sektion=sektion,
        typ=FragaTyp.JA_NEJ,
        text="Finns en rutin för bemanning?",
        obligatorisk=True,
    )
    FragaFactory(
        sektion=sektion,
        typ=FragaTyp.KORT_TEXT,
        text="Vad heter rutinen?",
        obligatorisk=True,
        villkor_fraga=ja_nej,
        villkor_varde="Ja",
    )
    FragaFactory(sektion=sektion, typ=FragaTyp.DOKUMENT, text="Bifoga rutinen")
    FragaFactory(sektion=sektion, typ=FragaTyp.LANG_TEXT, text="Övriga kommentarer")
    frys(sektion.version)
    utskick = UtskickFactory(
        version=sektion.version,
        svar_senast=datetime.date(2026, 12, 15),
        status=UtskickStatus.SKICKAT,
    )
    mottagare = MottagareFactory(utskick=utskick)
    return f"/enkater/svar/{mottagare.token}/"


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("size", [(390, 844), (1366, 768)], ids=["phone", "desktop"])
def test_a_supplier_saves_a_draft_reloads_uploads_and_submits(page, size, tmp_path):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    url = _link()
    page.goto(url)  # no login
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # With JavaScript the conditional question is hidden until its condition holds.
    expect(page.get_by_label("Vad heter rutinen?")).to_be_hidden()
    _fits(page, width)
    assert_accessible(page)

    page.get_by_label("Övriga kommentarer").fill("Vi ser över rutinen i vår.")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_text("Utkastet är sparat")).to_be_visible()
    page.reload()
    assert page.get_by_label("Övriga kommentarer").input_value() == "Vi ser över rutinen i vår."

    # The error state: submitting without the required answer.
    page.get_by_role("button", name="Skicka in").click()
    expect(page.get_by_text("Svaret kunde inte sparas")).to_be_visible()
    _fits(page, width)
    assert_accessible(page)

    page.get_by_role("group", name="Finns en rutin för bemanning?").get_by_label("Ja").check()
    expect(page.get_by_label("Vad heter rutinen?")).to_be_visible()
    page.get_by_label("Vad heter rutinen?").fill("Bemanningsrutin 2026")
    page.get_by_label("Bifoga rutinen").set_input_files(
        {"name": "rutin.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_role("link", name="rutin.pdf")).to_be_visible()
    page.get_by_role("button", name="Skicka in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Svaret är inskickat")
    expect(page.get_by_text("Bemanningsrutin 2026")).to_be_visible()
    expect(page.get_by_text("Inskickat 2026-11-20")).to_be_visible()
    page.screenshot(path=tmp_path / f"besvara-kvitto-{width}.png", full_page=True)
    _fits(page, width)
    assert_accessible(page)
    svar = Svar.objects.get()
    assert svar.status == SvarStatus.INSKICKAT
    assert SvarVarde.objects.filter(svar=svar, filnamn="rutin.pdf").exists()


def _tab_to(page, check):
    """Press Tab until `check` (a JS expression on el, the focused element) holds."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {check}; }})()"):
            return
    raise AssertionError(f"never focused: {check}")


def test_the_answer_page_works_with_the_keyboard_alone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    url = _link()
    page.goto(url)
    _tab_to(page, "el.type === 'radio'")
    page.keyboard.press("Space")  # the first option: Ja
    expect(page.get_by_label("Vad heter rutinen?")).to_be_visible()
    _tab_to(page, "el.type === 'text'")
    page.keyboard.type("Rutin via tangentbord")
    _tab_to(page, "el.textContent.trim() === 'Skicka in'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Svaret är inskickat")
    assert SvarVarde.objects.get(fraga__typ=FragaTyp.KORT_TEXT).text == "Rutin via tangentbord"
