"""Avropskontroll and the automatic checks: manual checks compare too, the button is there."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.models import IvoKontroll, Signal
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory


@pytest.mark.django_db
def test_a_manual_check_showing_a_revoked_permit_raises_one_signal(client, sam, alice):
    avtal = AvtalFactory(ramavtal=RamavtalFactory(ansvarig_strateg=alice))
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    client.force_login(sam)
    url = reverse("arenden:avrop_ivo", args=[unit.pk])
    fine = {
        "kontrollerad": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "tillstand": "giltigt",
        "vilande": "false",
        "krav_pa_aterrapportering": "false",
        "iakttagelse": "IVO:s Placeringsstöd.",
    }
    client.post(url, fine)
    assert not Signal.objects.exists()
    response = client.post(url, {**fine, "tillstand": "aterkallat"}, follow=True)
    assert "en signal har skapats till ansvarig strateg" in response.text
    signal = Signal.objects.get()
    assert (signal.ansvarig, signal.verksamhet, signal.kalla) == (alice, unit, "ivo")
    day = timezone.localdate()
    assert signal.beskrivning.startswith(
        f"IVO-kontroll av {unit.namn} {day:%Y-%m-%d} (registrerad för hand) visar en "
        "försämring: Tillstånd: giltigt tillstånd → tillstånd återkallat."
    )
    client.post(url, {**fine, "tillstand": "aterkallat"})
    assert Signal.objects.count() == 1
    assert IvoKontroll.objects.count() == 3


@pytest.mark.django_db
def test_the_verdict_page_offers_kontrollera_nu_as_a_csrf_protected_post(client, sam):
    avtal = AvtalFactory()
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    client.force_login(sam)
    page = client.get(reverse("arenden:avrop_verdict", args=[avtal.pk, unit.pk])).text
    button = reverse("kontroller:kontrollera_nu", args=[unit.pk])
    form = re.search(rf'<form method="post" action="{button}"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert "Kontrollera nu" in form.group(1)
