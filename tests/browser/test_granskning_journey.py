"""A strategist reviews an answer in Chromium: a complement, acceptance, a finding;
the review and results pages clean under axe-core at desktop and phone size."""

import pytest
from django.urls import reverse

from enkater.models import BristUnderlag, Komplettering, Svar, SvarStatus
from tests.browser.conftest import assert_accessible, login
from tests.clock import DEFAULT
from tests.conftest import PASSWORD
from tests.enkater.test_granskning import make_world

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = [
    pytest.mark.today(DEFAULT, tick=True),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_strategist_reviews_asks_for_a_complement_accepts_and_registers_a_finding(page, alice):
    w = make_world()
    svar, schema, rutin = w["svar"], w["schema"], w["rutin"]
    login(page, "alice", PASSWORD)
    page.goto(reverse("arenden:sarskild", args=[svar.utskick.uppfoljning.pk]))
    page.get_by_role("link", name="Inskickat – väntar på granskning").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Granska svar")
    assert_accessible(page)

    page.get_by_role("group", name=f"Beslut: {rutin.text}").get_by_label("Godkänn").check()
    page.get_by_role("group", name=f"Beslut: {schema.text}").get_by_label(
        "Begär komplettering"
    ).check()
    page.get_by_label("Vad ska kompletteras").nth(0).fill("Ange antal personal per natt.")
    page.get_by_label("Komplettera senast").fill("2026-12-04")
    page.get_by_role("button", name="Spara besluten").click()
    assert "Komplettering begärd för 1 fråga" in page.content()
    assert Komplettering.objects.get().runda == 1

    # The unit completes (the answering pages' work) and submits again.
    Komplettering.objects.update(besvarad="2026-11-21T09:00:00Z")
    Svar.objects.filter(pk=svar.pk).update(status=SvarStatus.INSKICKAT)
    page.reload()
    assert "Runda 1" in page.content()
    page.get_by_role("button", name="Godkänn och avsluta svaret").click()
    assert "Svaret är godkänt och avslutat." in page.content()

    page.get_by_role("link", name=f"Registrera brist för frågan {schema.text}").click()
    assert "Krav 5.3.2 Bemanning nattetid" in page.get_by_label("Beskrivning").input_value()
    assert_accessible(page)
    page.get_by_label("Krav på åtgärd").fill("Två vakna personal nattetid.")
    page.get_by_label("Åtgärdas senast").fill("2027-01-15")
    page.get_by_role("button", name="Spara").click()
    assert "Bristen är registrerad." in page.content()
    assert BristUnderlag.objects.get().svar_id == svar.pk


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_review_and_results_pages_are_accessible(page, alice, size):
    w = make_world()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    login(page, "alice", PASSWORD)
    page.goto(f"/enkater/granskning/{w['svar'].pk}/")
    assert_accessible(page)
    page.goto(f"/enkater/utskick/{w['svar'].utskick_id}/resultat/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Resultat")
    assert_accessible(page)
    if size[0] == 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
