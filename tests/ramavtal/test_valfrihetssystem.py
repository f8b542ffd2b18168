"""Choice systems (LOV) open-ended, and areas with their own period and risk (issue 16)."""

import datetime

import pytest
from django.urls import reverse

from ramavtal.models import Avtalsomrade, Ramavtal, Riskbedomning, Riskniva
from tests.factories import AvtalsomradeFactory, RamavtalFactory
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db
D = datetime.date

LOV = {
    "namn": "Boendestöd",
    "diarienummer": "SCN-2024-0101",
    "upphandlingsform": "lov",
    "startdatum": "2024-01-01",
    "slutdatum": "",
    "slutdatum_inkl_option": "",
    "uppfoljningsintervall_ar": "3",
    "malgrupp": "bada",
}


def test_a_choice_system_may_leave_the_end_empty(client, alice):
    client.force_login(alice)
    form_page = client.get(reverse("ramavtal:create")).text
    assert "Ett valfrihetssystem (LOV) som gäller tills vidare lämnar slutdatum tomt" in form_page
    response = client.post(reverse("ramavtal:create"), LOV)
    assert response.status_code == 302
    system = Ramavtal.objects.get()
    assert system.slutdatum is None and system.tillsvidare
    assert system.uppfoljningsintervall_ar == 3
    page = client.get(system.get_absolute_url()).text
    assert "2024-01-01 – tills vidare" in page
    assert "Barn, unga och vuxna" in page
    assert "Godkända utförare" in page
    assert "avropsordning" in page and "None" not in page


def test_only_a_choice_system_may_leave_the_end_empty(client, alice):
    client.force_login(alice)
    response = client.post(reverse("ramavtal:create"), dict(LOV, upphandlingsform="lou"))
    assert response.status_code == 200
    assert "Ange slutdatum. Bara ett valfrihetssystem kan gälla tills vidare." in response.text
    assert not Ramavtal.objects.exists()


def test_a_closing_date_is_shown_as_such(client, alice):
    client.force_login(alice)
    client.post(reverse("ramavtal:create"), dict(LOV, slutdatum="2030-12-31"))
    system = Ramavtal.objects.get()
    assert system.slutdatum_inkl_option == D(2030, 12, 31)
    page = client.get(system.get_absolute_url()).text
    assert "gäller tills vidare (stängs 2030-12-31)" in page
    listing = client.get(reverse("ramavtal:list")).text
    assert "Valfrihetssystem" in listing
    assert "gäller tills vidare (stängs 2030-12-31)" in listing


def test_the_list_sorts_an_open_end_as_the_latest(client, charlotte):
    RamavtalFactory(namn="Kort", slutdatum_inkl_option=D(2027, 1, 1), slutdatum=D(2027, 1, 1))
    RamavtalFactory(
        namn="Öppet", upphandlingsform="lov", slutdatum=None, slutdatum_inkl_option=None
    )
    RamavtalFactory(namn="Lång", slutdatum_inkl_option=D(2031, 1, 1), slutdatum=D(2030, 1, 1))
    client.force_login(charlotte)

    def names(order):
        response = client.get(reverse("ramavtal:list"), {"ordning": order})
        return [r.namn for r in response.context["object_list"]]

    assert names("slut") == ["Kort", "Lång", "Öppet"]
    assert names("-slut") == ["Öppet", "Lång", "Kort"]


def test_an_areas_period_is_edited_with_history(client, alice):
    ramavtal = RamavtalFactory(startdatum=D(2021, 3, 1), slutdatum_inkl_option=D(2029, 2, 28))
    area = AvtalsomradeFactory(ramavtal=ramavtal, nummer=2, namn="Söder")
    client.force_login(alice)
    url = reverse("ramavtal:avtalsomrade_update", args=[ramavtal.pk, area.pk])
    response = client.post(url, {"nummer": "2", "namn": "Söder", "startdatum": "2023-07-01"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.startdatum == D(2023, 7, 1)
    assert area.history.first().history_user == alice
    page = client.get(url).text
    assert "Historik" in page and "2023-07-01" in page
    detail = client.get(ramavtal.get_absolute_url()).text
    assert "2023-07-01 – 2029-02-28" in detail


def test_an_area_cannot_start_before_its_agreement(client, alice):
    ramavtal = RamavtalFactory(startdatum=D(2021, 3, 1), slutdatum_inkl_option=D(2029, 2, 28))
    area = AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Norr")
    client.force_login(alice)
    url = reverse("ramavtal:avtalsomrade_update", args=[ramavtal.pk, area.pk])
    response = client.post(url, {"nummer": "1", "namn": "Norr", "startdatum": "2020-01-01"})
    assert response.status_code == 200
    assert "Området kan inte börja före ramavtalet (2021-03-01)." in response.text
    area.refresh_from_db()
    assert area.startdatum is None


def test_an_area_of_another_agreement_is_not_found(client, alice):
    ramavtal = RamavtalFactory()
    other_area = AvtalsomradeFactory()
    client.force_login(alice)
    url = reverse("ramavtal:avtalsomrade_update", args=[ramavtal.pk, other_area.pk])
    assert client.get(url).status_code == 404


def test_an_area_gets_its_own_risk_assessment(client, alice):
    ramavtal = RamavtalFactory()
    norr = AvtalsomradeFactory(ramavtal=ramavtal, nummer=1, namn="Norr")
    client.force_login(alice)
    url = reverse("ramavtal:risk_create", args=[ramavtal.pk])
    form_page = client.get(url, {"avtalsomrade": norr.pk}).text
    assert f'<option value="{norr.pk}" selected>1 Norr</option>' in form_page
    response = client.post(
        url,
        {
            "avtalsomrade": norr.pk,
            "datum": "2024-02-01",
            "niva": "hog",
            "faktorer": ["volym"],
            "motivering": "Flest placeringar i området.",
        },
    )
    assert response.status_code == 302
    risk = Riskbedomning.objects.get()
    assert risk.avtalsomrade == norr and risk.bedomd_av == alice
    # The agreement itself is still unassessed; the area shows its own risk.
    assert Ramavtal.objects.with_current_risk().get().aktuell_risk is None
    page = client.get(ramavtal.get_absolute_url()).text
    assert "är inte riskbedömt" in page
    assert "<strong>Hög</strong> (2024-02-01): Volym" in page


def test_a_risk_assessment_cannot_name_another_agreements_area(client, alice):
    ramavtal = RamavtalFactory()
    AvtalsomradeFactory(ramavtal=ramavtal)
    other_area = AvtalsomradeFactory()
    client.force_login(alice)
    response = client.post(
        reverse("ramavtal:risk_create", args=[ramavtal.pk]),
        {"avtalsomrade": other_area.pk, "datum": "2024-02-01", "niva": "lag", "motivering": "x"},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert not Riskbedomning.objects.exists()


def test_the_detail_query_count_does_not_grow_with_areas(client, charlotte):
    ramavtal = RamavtalFactory()
    client.force_login(charlotte)
    first = AvtalsomradeFactory(ramavtal=ramavtal)
    Riskbedomning.objects.create(
        ramavtal=ramavtal, avtalsomrade=first, niva=Riskniva.HOG, motivering="Första."
    )
    small = count_queries(client, ramavtal.get_absolute_url())
    for n in range(4):
        area = AvtalsomradeFactory(ramavtal=ramavtal)
        Riskbedomning.objects.create(
            ramavtal=ramavtal, avtalsomrade=area, niva=Riskniva.LAG, motivering=f"Område {n}."
        )
    assert count_queries(client, ramavtal.get_absolute_url()) == small
    assert Avtalsomrade.objects.filter(ramavtal=ramavtal).count() == 5
