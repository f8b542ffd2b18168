"""A strategist imports a ramavtal's requirements in Chromium; axe-core finds nothing."""

import pytest

from tests.arenden.factories_sarskild import TemaFactory
from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import AvtalsomradeFactory, RamavtalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_strategist_imports_requirements_and_retires_one(page, alice, tmp_path):
    ramavtal = RamavtalFactory(namn="HVB barn och unga")
    AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Familjehem")
    TemaFactory(namn="Bemanning")
    fil = tmp_path / "krav.csv"
    fil.write_text(
        "punkt;rubrik;text;tema;avtalsområde\n"
        "5.3.2;Bemanning nattetid;Vaken personal nattetid.;Bemanning;Familjehem\n"
        "5.3;Bemanning dagtid;Personal dagtid.;Bemanning;\n",
        encoding="utf-8",
    )
    login(page, "alice", PASSWORD)
    page.goto(f"/ramavtal/{ramavtal.pk}/")
    page.get_by_role("link", name="Krav (0)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Krav i HVB barn och unga"
    assert_accessible(page)
    page.get_by_role("link", name="Importera krav från fil").click()
    assert_accessible(page)
    page.get_by_label("Fil (CSV eller Excel)").set_input_files(str(fil))
    page.get_by_role("button", name="Förhandsgranska").click()
    assert "2 nya, 0 ändras, 0 oförändrade" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Importera").click()
    assert "Importen är klar: 2 nya" in page.content()
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert rows.first.inner_text().startswith("5.3")
    assert_accessible(page)
    page.get_by_role("button", name="Avaktivera krav 5.3", exact=True).click()
    assert "Krav 5.3 är avaktiverat." in page.content()
    assert page.locator("tbody tr").count() == 1
    page.get_by_role("link", name="Visa även avaktiverade krav (1)").click()
    assert page.locator("tbody tr").count() == 2
    assert_accessible(page)
