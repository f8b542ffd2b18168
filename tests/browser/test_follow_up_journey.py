"""A deviation becomes a case, a visit and a finding, and ends in a decision."""

import pytest

from tests.browser.conftest import assert_accessible, login
from tests.conftest import PASSWORD
from tests.factories import AvtalFactory, VerksamhetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_deviation_leads_to_a_temporary_exclusion(page, browser, live_server, alice, sixten):
    avtal = AvtalFactory(leverantor__namn="Ekliden Vård AB", ramavtal__namn="HVB barn och unga")
    VerksamhetFactory(leverantor=avtal.leverantor, namn="Ekliden HVB")

    # The social worker reports.
    login(page, "sixten", PASSWORD)
    page.get_by_role("link", name="Rapportera avvikelse").first.click()
    page.get_by_label("Leverantör").select_option(label="Ekliden Vård AB")
    page.get_by_label("Kategori").select_option("bemanning")
    page.get_by_label("Allvarlighet").select_option("allvarlig")
    page.get_by_label("Vad hände").fill("Ingen personal på plats en kväll.")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    assert "Avvikelsen är rapporterad" in page.get_by_role("status").inner_text()

    # The strategist opens a case from it.
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    strategist = context.new_page()
    login(strategist, "alice", PASSWORD)
    strategist.get_by_role("link", name="Inkorg").first.click()
    assert "1 allvarlig(a) avvikelse(r)" in strategist.locator("main").inner_text()
    assert_accessible(strategist)
    strategist.get_by_role("link", name="Ekliden Vård AB: Bemanning").click()
    strategist.get_by_role("link", name="Öppna händelsestyrd uppföljning").click()
    strategist.get_by_label("Rubrik").fill("Bemanning kvällstid")
    strategist.get_by_label("Vad utlöste uppföljningen").fill("Allvarlig avvikelse om bemanning.")
    strategist.get_by_role("button", name="Spara").click()
    assert (
        "Den händelsestyrda uppföljningen är öppnad"
        in strategist.get_by_role("status").inner_text()
    )

    # A visit and a finding with a deadline.
    strategist.get_by_role("link", name="Nytt platsbesök").click()
    strategist.get_by_label("Verksamhet").select_option(label="Ekliden HVB (Ekliden Vård AB)")
    strategist.get_by_label("Datum och tid").fill("2024-06-10T19:30")
    strategist.get_by_label("Anmält").uncheck()
    strategist.get_by_label("Kvällstid").check()
    strategist.get_by_label("Genomfört").check()
    strategist.get_by_label("Iakttagelser").fill("En person i tjänst mot schemats två.")
    strategist.get_by_role("button", name="Spara").click()
    strategist.get_by_role("link", name="Ny brist").click()
    strategist.get_by_label("Beskrivning").fill("Bemanningen följer inte avtalet kvällstid.")
    strategist.get_by_label("Krav på åtgärd").fill("Två personal i tjänst dygnet runt.")
    strategist.get_by_label("Åtgärdas senast").fill("2024-07-31")
    strategist.get_by_role("button", name="Spara").click()
    main = strategist.locator("main").inner_text()
    assert "Oanmält besök 2024-06-10 19:30, kvällstid" in main
    assert "åtgärdas senast 2024-07-31" in main
    assert_accessible(strategist)

    # Closing with a temporary exclusion; the contract shows the decision.
    strategist.get_by_role("link", name="Avsluta med utfall").click()
    strategist.get_by_label("Utfall").select_option("tillfallig_uteslutning")
    strategist.get_by_label("Bedömning").fill("Bemanningen brister; utesluts tills den är rättad.")
    strategist.get_by_label("Avtal som beslutet gäller").select_option(str(avtal.pk))
    strategist.get_by_label("Beslutsdatum").fill("2024-06-12")
    strategist.get_by_label("Beslutsfattare").fill("Enhetschef Avtal")
    strategist.get_by_label("Skäl").select_option("brister")
    strategist.get_by_label("Omprövas senast").fill("2024-08-15")
    strategist.get_by_role("button", name="Spara").click()
    assert "Uppföljningen är avslutad" in strategist.get_by_role("status").inner_text()
    strategist.get_by_role("link", name="Ekliden Vård AB").first.click()
    strategist.get_by_role("link", name="HVB barn och unga", exact=True).click()
    contract = strategist.locator("main").inner_text()
    assert "Tillfälligt utesluten från avrop" in contract
    assert "Bemanningen brister; utesluts tills den är rättad." in contract
    context.close()
