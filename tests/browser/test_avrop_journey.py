"""A coordinator checks two units before a call-off and can prove it."""

import datetime

import pytest

from arenden.models import IvoKontroll, Kreditkontroll
from leverantorer.beslut import avtal_fatta_beslut
from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked_unit(avtal, namn):
    unit = VerksamhetFactory(leverantor=avtal.leverantor, namn=namn)
    IvoKontroll.objects.create(
        verksamhet=unit,
        kalla="manuell",
        status="ok",
        tillstand="giltigt",
        vilande=False,
        krav_pa_aterrapportering=False,
    )
    Kreditkontroll.objects.create(
        leverantor=avtal.leverantor,
        kalla="manuell",
        status="ok",
        betalningsanmarkningar=False,
        skatteskulder=False,
    )
    return unit


def test_a_coordinator_gets_stopp_and_klar_and_registers_the_check(phone_page, sam, alice):
    page = phone_page
    hvb = RamavtalFactory(namn="HVB barn och unga")
    paused = AvtalFactory(ramavtal=hvb, leverantor__namn="Hörnstenen Vård AB")
    checked_unit(paused, "Hörnstenens utredningshem")
    avtal_fatta_beslut(
        avtal=paused,
        typ="paus",
        datum=datetime.date(2026, 11, 2),
        beslutsfattare="Enhetschef",
        skal="ivo_arende",
        faktaunderlag="IVO kräver återrapportering.",
        omprovning_datum=datetime.date(2027, 1, 15),
        user=alice,
    )
    ready = AvtalFactory(ramavtal=hvb, leverantor__namn="Hörnbacken Omsorg AB")
    checked_unit(ready, "Hörnbackens HVB")

    login(page, "sam", PASSWORD)
    page.goto("/uppfoljning/avrop/")
    assert_accessible(page)
    page.get_by_label("Sök").fill("hornst")  # no accent, lower case
    page.get_by_role("link", name="HVB barn och unga").first.wait_for()
    assert "Hörnstenens utredningshem" in page.locator("#search-results").inner_text()
    page.get_by_role("link", name="HVB barn och unga").first.click()
    verdict = page.get_by_role("status").first
    assert "Stopp" in verdict.inner_text()
    assert "tillfälligt uteslutet från avrop sedan 2026-11-02" in verdict.inner_text()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("link", name="← Ny sökning").click()
    # Type once the search script (deferred) listens: under the suite's clock the browser
    # revalidates static files (their Date lies in its past), so the script comes later.
    page.wait_for_load_state()
    page.get_by_label("Sök").fill("hornback")
    page.get_by_role("link", name="HVB barn och unga").first.wait_for()
    page.get_by_role("link", name="HVB barn och unga").first.click()
    assert "Klar för avrop" in page.locator(".verdict").inner_text()
    page.get_by_label("Anteckning (valfri)").fill("P-2026-000777")
    page.get_by_role("button", name="Registrera kontroll").click()
    assert "Kontrollen är registrerad" in page.locator(".messages").inner_text()

    page.goto("/uppfoljning/avrop/kontroller/")
    table = page.locator("table").inner_text()
    assert "Hörnbacken Omsorg AB – Hörnbackens HVB" in table
    assert "P-2026-000777" in table
    assert "Klar för avrop" in table
    assert_accessible(page)
