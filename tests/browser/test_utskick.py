"""The send-out pages in Chromium: choose recipients, send, follow the progress; axe-core clean."""

import pytest

from enkater.models import Malgrupp, Mottagare, Utskick, UtskickStatus
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory
from tests.browser.conftest import assert_accessible, login
from tests.clock import DEFAULT
from tests.conftest import PASSWORD
from tests.enkater.factories import FormularFactory, VersionFactory
from tests.factories import AvtalFactory, LeverantorFactory, VerksamhetFactory

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = [
    pytest.mark.today(DEFAULT, tick=True),
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_strategist_sends_a_self_report_to_the_sampled_units(page, alice, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    case = SarskildFactory(ar=2026, rubrik="HVB 2026")
    lev = LeverantorFactory(namn="Solgården AB", epost="")
    AvtalFactory(leverantor=lev, ramavtal=case.ramavtal)
    UrvalRadFactory(uppfoljning=case, leverantor=lev)
    for namn in ("Hem 1", "Hem 2"):
        VerksamhetFactory(leverantor=lev, namn=namn, epost=f"{namn[-1]}@solgarden.example")
    VerksamhetFactory(leverantor=lev, namn="Hem utan adress", epost="")
    VersionFactory(formular=FormularFactory(namn="Egenrapport", malgrupp=Malgrupp.VERKSAMHET))

    login(page, "alice", PASSWORD)
    page.goto(f"/enkater/uppfoljning/{case.pk}/utskick/ny/")
    assert_accessible(page)
    page.get_by_label("Frågeformulär").select_option(label="Egenrapport")
    page.get_by_role("button", name="Fortsätt").click()
    assert page.get_by_label("Hem 1").is_checked()
    assert page.get_by_label("Hem utan adress").is_disabled()
    assert_accessible(page)
    page.get_by_label("Svar senast").fill("2026-12-15")
    page.get_by_role("button", name="Spara utskicket").click()
    assert Utskick.objects.get().mottagare.count() == 2
    assert_accessible(page)
    page.get_by_role("button", name="Skicka till 2 mottagare").click()
    assert page.get_by_text("Utskicket skickas nu i bakgrunden.").is_visible()
    assert_accessible(page)
    assert Mottagare.objects.filter(skickad__isnull=False).count() in (0, 2)
    assert Utskick.objects.get().status in (UtskickStatus.SKICKAS, UtskickStatus.SKICKAT)
