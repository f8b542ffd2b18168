"""A strategist follows a check sweep live and presses "Kontrollera nu"."""

import re

import pytest
from playwright.sync_api import expect

from arenden.kontroller.sweeps import sweep_chunk, sweep_start
from arenden.models import Kontrollsvep
from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_page_updates_itself_until_the_sweep_is_done(page, alice, settings):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    settings.KONTROLL_CHUNK = 2
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice))
    for _ in range(4):
        VerksamhetFactory(leverantor=avtal.leverantor)
    svep, _ = sweep_start(typ="ivo", anledning="schema")
    login(page, "alice", PASSWORD)
    page.goto(svep.get_absolute_url())
    progress = page.locator("#svep-progress")
    expect(progress.locator("[data-field=gjorda]")).to_have_text("0")
    assert_accessible(page)
    # The worker works on while the page stays open: the poll shows it, no reload.
    sweep_chunk(svep.pk)
    expect(progress.locator("[data-field=gjorda]")).to_have_text("2")
    expect(progress.locator("[data-field=procent]")).to_have_text("50")
    sweep_chunk(svep.pk)
    expect(progress.locator("[data-field=status_text]")).to_have_text("Klar")
    expect(page.locator("#svep-bar")).to_have_attribute("value", "100")
    assert Kontrollsvep.objects.get(pk=svep.pk).status == "klar"


def test_kontrollera_nu_from_the_supplier_page(page, alice, settings):
    settings.KONTROLL_IVO_ADAPTER = "demo"
    avtal = AvtalFactory(leverantor__namn="Solgläntan AB")
    VerksamhetFactory(leverantor=avtal.leverantor, namn="Solgläntans HVB")
    login(page, "alice", PASSWORD)
    page.goto(avtal.leverantor.get_absolute_url())
    expect(page.get_by_role("heading", name="IVO- och kreditkontroller")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Kontrollera nu.*Solgläntans HVB")).click()
    expect(
        page.get_by_text("Kontroll av Solgläntans HVB och Solgläntan AB är startad")
    ).to_be_visible()
    assert Kontrollsvep.objects.filter(omfattning="enstaka").count() == 2
    page.goto("/leverantorer/kontroller/")
    expect(page.get_by_role("heading", name="IVO- och kreditkontroller")).to_be_visible()
    assert_accessible(page)
