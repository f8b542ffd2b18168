import datetime

import pytest
from django.urls import reverse

from ramavtal.models import Ramavtal, Riskbedomning, Riskniva
from tests.factories import AvtalFactory, RamavtalFactory
from tests.querycount import count_queries


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("alice", 200), ("sam", 200), ("charlotte", 200), ("sixten", 403)]
)
def test_who_may_read_the_agreements(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("ramavtal:list")).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("sam", 403), ("charlotte", 403)])
def test_only_strategists_edit_agreements(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("ramavtal:create")).status_code == status


VALID = {
    "namn": "HVB barn och unga",
    "diarienummer": "SCN-2019-0437",
    "upphandlingsform": "lou",
    "startdatum": "2021-03-01",
    "slutdatum": "2023-02-28",
    "slutdatum_inkl_option": "2025-02-28",
    "malgrupp": "barn_unga",
    "tillstandspliktig": "on",
    "arlig_ivo_tillsyn": "on",
}


@pytest.mark.django_db
def test_a_strategist_creates_an_agreement_with_history(client, alice):
    client.force_login(alice)
    response = client.post(reverse("ramavtal:create"), VALID)
    ramavtal = Ramavtal.objects.get()
    assert response.headers["Location"] == ramavtal.get_absolute_url()
    assert ramavtal.history.get().history_user == alice
    page = client.get(ramavtal.get_absolute_url()).text
    assert "Historik" in page and "Skapad" in page and "Alice" in page


@pytest.mark.django_db
def test_dates_in_the_wrong_order_are_refused_in_swedish(client, alice):
    client.force_login(alice)
    data = dict(VALID, slutdatum="2020-01-01")
    response = client.post(reverse("ramavtal:create"), data)
    assert response.status_code == 200
    assert "Slutdatum kan inte ligga före startdatum." in response.text
    assert not Ramavtal.objects.exists()


@pytest.mark.django_db
def test_an_american_date_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(reverse("ramavtal:create"), dict(VALID, startdatum="03/01/2021"))
    assert "Fyll i ett giltigt datum." in response.text
    assert not Ramavtal.objects.exists()


@pytest.mark.django_db
def test_an_edit_is_shown_in_the_history(client, alice):
    ramavtal = RamavtalFactory(namn="Gammalt namn")
    client.force_login(alice)
    client.post(reverse("ramavtal:update", args=[ramavtal.pk]), dict(VALID, namn="Nytt namn"))
    page = client.get(ramavtal.get_absolute_url()).text
    assert "Namn: Gammalt namn → Nytt namn" in page


@pytest.mark.django_db
def test_a_risk_assessment_becomes_the_current_one(client, alice):
    ramavtal = RamavtalFactory()
    client.force_login(alice)
    response = client.post(
        reverse("ramavtal:risk_create", args=[ramavtal.pk]),
        {
            "datum": "2024-02-01",
            "niva": "hog",
            "faktorer": ["tjanstens_art", "insyn"],
            "motivering": "Barn som målgrupp och vård dygnet runt.",
        },
    )
    assert response.status_code == 302
    risk = Riskbedomning.objects.get()
    assert risk.bedomd_av == alice
    assert risk.faktorer == ["tjanstens_art", "insyn"]
    listed = Ramavtal.objects.with_current_risk().get()
    assert listed.aktuell_risk == Riskniva.HOG


@pytest.mark.django_db
def test_the_list_filters_by_target_group_risk_and_currency(client, charlotte):
    barn = RamavtalFactory(namn="Barnavtal", malgrupp="barn_unga")
    vuxna = RamavtalFactory(
        namn="Vuxenavtal",
        malgrupp="vuxna",
        startdatum=datetime.date(2018, 1, 1),
        slutdatum=datetime.date(2019, 1, 1),
        slutdatum_inkl_option=datetime.date(2020, 1, 1),
    )
    Riskbedomning.objects.create(
        ramavtal=barn, datum=datetime.date(2024, 1, 1), niva="hog", motivering="x"
    )
    Riskbedomning.objects.create(
        ramavtal=vuxna, datum=datetime.date(2024, 1, 1), niva="lag", motivering="x"
    )
    client.force_login(charlotte)

    def names(query):
        response = client.get(reverse("ramavtal:list"), query)
        return [r.namn for r in response.context["object_list"]]

    assert names({"malgrupp": "vuxna"}) == ["Vuxenavtal"]
    assert names({"risk": "hog"}) == ["Barnavtal"]
    assert names({"q": "vuxen"}) == ["Vuxenavtal"]
    assert names({"ordning": "-namn"}) == ["Vuxenavtal", "Barnavtal"]
    with_current = names({"aktuella": "true"})
    assert "Vuxenavtal" not in with_current


@pytest.mark.django_db
def test_list_and_detail_query_counts_do_not_grow_with_rows(client, charlotte):
    client.force_login(charlotte)
    ramavtal = RamavtalFactory()
    AvtalFactory(ramavtal=ramavtal)
    list_small = count_queries(client, reverse("ramavtal:list"))
    detail_small = count_queries(client, ramavtal.get_absolute_url())
    for _ in range(5):
        other = RamavtalFactory()
        AvtalFactory(ramavtal=other)
        AvtalFactory(ramavtal=ramavtal)
    assert count_queries(client, reverse("ramavtal:list")) == list_small
    assert count_queries(client, ramavtal.get_absolute_url()) == detail_small
