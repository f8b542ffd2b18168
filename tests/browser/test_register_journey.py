"""A strategist imports a supplier list, pauses a contract, sees the history."""

import pytest

from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import RamavtalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUPPLIER_CSV = (
    "organisationsnummer;namn;ort;region;ramavtal;rangordning;verksamhet\n"
    "556000-0001;Björkbacken Vård AB;Uppsala;Uppsala län;SCN-2019-0437;1;Björkbacken HVB\n"
    "556000-0019;Ekliden Omsorg AB;Enköping;Uppsala län;SCN-2019-0437;2;Ekliden\n"
).encode("utf-8-sig")


def test_a_strategist_imports_pauses_and_sees_the_history(page, alice, tmp_path):
    RamavtalFactory(namn="HVB barn och unga", diarienummer="SCN-2019-0437")
    upload = tmp_path / "leverantorer.csv"
    upload.write_bytes(SUPPLIER_CSV)
    login(page, "alice", PASSWORD)

    page.get_by_role("link", name="Import").first.click()
    assert_accessible(page)
    page.get_by_label("Vad importeras").select_option("leverantorer")
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(upload))
    page.get_by_role("button", name="Förhandsgranska").click()
    assert "Björkbacken Vård AB" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Importera").click()
    assert "Importen är klar: 2 nya" in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Björkbacken Vård AB").click()
    page.get_by_role("link", name="HVB barn och unga", exact=True).click()
    page.get_by_role("link", name="Fatta beslut").click()
    page.get_by_role("combobox", name="Beslut", exact=True).select_option("paus")
    page.get_by_label("Beslutsdatum").fill("2024-06-03")
    page.get_by_label("Beslutsfattare").fill("Enhetschef Avtal")
    page.get_by_label("Skäl").select_option("ivo_arende")
    page.get_by_label("Faktaunderlag").fill("IVO:s tillsynsbeslut kräver återrapportering.")
    page.get_by_label("Omprövas senast").fill("2024-09-01")
    page.get_by_role("button", name="Spara").click()

    main = page.locator("main").inner_text()
    assert "Tillfälligt utesluten från avrop" in main
    assert "IVO:s tillsynsbeslut kräver återrapportering." in main
    history = page.locator("section.history").inner_text()
    assert "Beslut: Tillfällig uteslutning från avrop" in history
    assert "Alice" in history
    assert_accessible(page)
