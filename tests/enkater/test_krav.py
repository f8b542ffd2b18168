"""A ramavtal's catalogue of requirements: create, change, retire, list (enkater.krav)."""

import pytest
from django.urls import reverse

from enkater import krav as krav_rules
from enkater.krav import satt_aktiv
from enkater.models import Avtalskrav
from enkater.views import krav as krav_views
from tests.arenden.factories_sarskild import TemaFactory
from tests.enkater.factories import AvtalskravFactory, FragaFactory
from tests.factories import AvtalsomradeFactory, RamavtalFactory
from tests.querycount import count_queries

pytestmark = pytest.mark.django_db


def _post(client, url, **data):
    fields = {"nummer": "", "rubrik": "", "text": "", "tema": ""}
    fields.update(data)
    return client.post(url, fields)


def test_create_and_update_keep_history_with_the_user(client, alice):
    ramavtal = RamavtalFactory()
    tema = TemaFactory(namn="Bemanning")
    client.force_login(alice)
    response = _post(
        client,
        reverse("enkater:krav_create", args=[ramavtal.pk]),
        nummer=" 5.3.2 ",
        rubrik="Bemanning nattetid",
        text="Leverantören ska ha vaken personal nattetid.",
        tema=tema.pk,
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("enkater:krav_list", args=[ramavtal.pk])
    krav = Avtalskrav.objects.get()
    assert (krav.nummer, krav.rubrik, krav.tema, krav.aktiv) == (
        "5.3.2",
        "Bemanning nattetid",
        tema,
        True,
    )

    response = _post(
        client,
        reverse("enkater:krav_update", args=[krav.pk]),
        nummer="5.3.2",
        rubrik="Bemanning dygnet runt",
        text=krav.text,
        tema=tema.pk,
    )
    assert response.status_code == 302
    krav.refresh_from_db()
    assert krav.rubrik == "Bemanning dygnet runt"
    history = list(krav.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert {h.history_user for h in history} == {alice}
    assert [h.rubrik for h in history] == ["Bemanning nattetid", "Bemanning dygnet runt"]

    page = client.get(reverse("enkater:krav_update", args=[krav.pk]))
    assert page.status_code == 200
    assert "Historik" in page.content.decode()


def test_retire_and_reactivate_never_delete(client, alice):
    krav = AvtalskravFactory(nummer="7.1")
    FragaFactory().krav.add(krav)
    client.force_login(alice)
    url = reverse("enkater:krav_retire", args=[krav.pk])

    assert client.get(url).status_code == 405
    response = client.post(url, {"aktiv": "0"})
    assert response.status_code == 302
    krav.refresh_from_db()
    assert krav.aktiv is False
    assert krav.fragor.count() == 1  # the question keeps its link
    assert krav not in Avtalskrav.objects.aktiva()

    client.post(url, {"aktiv": "1"})
    krav.refresh_from_db()
    assert krav.aktiv is True
    reasons = [h.history_change_reason for h in krav.history.order_by("history_date")]
    assert reasons == [None, "Avaktiverat", "Aktiverat igen"]
    assert Avtalskrav.objects.filter(pk=krav.pk).exists()


def test_retire_twice_writes_one_history_row(alice):
    krav = AvtalskravFactory()
    assert satt_aktiv(krav, False, user=alice) is True
    assert satt_aktiv(krav, False, user=alice) is False
    assert krav.history.count() == 2


def test_no_delete_exists():
    names = dir(krav_rules) + list(vars(krav_views))
    assert not any("delete" in name or "radera" in name for name in names)


def test_punkt_is_unique_per_ramavtal_with_a_swedish_message(client, alice):
    ramavtal = RamavtalFactory()
    AvtalskravFactory(ramavtal=ramavtal, nummer="5.3")
    AvtalskravFactory(nummer="5.4")  # another ramavtal: the same punkt is allowed there
    client.force_login(alice)
    response = _post(
        client, reverse("enkater:krav_create", args=[ramavtal.pk]), nummer="5.3", rubrik="Igen"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["nummer"] == [
        "Ramavtalet har redan ett krav med punkten ”5.3”."
    ]
    assert Avtalskrav.objects.filter(ramavtal=ramavtal).count() == 1
    response = _post(
        client, reverse("enkater:krav_create", args=[ramavtal.pk]), nummer="5.4", rubrik="Nytt"
    )
    assert response.status_code == 302


def test_text_refuses_a_personnummer(client, alice):
    ramavtal = RamavtalFactory()
    client.force_login(alice)
    response = _post(
        client,
        reverse("enkater:krav_create", args=[ramavtal.pk]),
        nummer="6.1",
        rubrik="Rutin",
        text="Gäller 19121212-1212 som bor på boendet.",
    )
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert "personnummer" in response.context["form"].errors["text"][0]
    assert not Avtalskrav.objects.exists()


def test_area_must_belong_to_the_ramavtal(client, alice):
    ramavtal = RamavtalFactory()
    AvtalsomradeFactory(ramavtal=ramavtal)
    foreign = AvtalsomradeFactory()
    client.force_login(alice)
    response = _post(
        client,
        reverse("enkater:krav_create", args=[ramavtal.pk]),
        nummer="1.1",
        rubrik="Område",
        avtalsomrade=foreign.pk,
    )
    assert response.status_code == 200
    assert "avtalsomrade" in response.context["form"].errors
    assert not Avtalskrav.objects.exists()


def test_punkt_sorts_by_number():
    ramavtal = RamavtalFactory()
    for nummer in ["10.1", "5.3.2", "5.10", "5.3", "5"]:
        AvtalskravFactory(ramavtal=ramavtal, nummer=nummer)
    order = list(Avtalskrav.objects.filter(ramavtal=ramavtal).values_list("nummer", flat=True))
    assert order == ["5", "5.3", "5.3.2", "5.10", "10.1"]


def test_list_groups_by_area_counts_questions_and_hides_retired(client, charlotte):
    ramavtal = RamavtalFactory()
    omrade = AvtalsomradeFactory(ramavtal=ramavtal, nummer=2, namn="Familjehem")
    tema = TemaFactory(namn="Dokumentation")
    AvtalskravFactory(ramavtal=ramavtal, nummer="10.1", rubrik="Fakturering")
    used = AvtalskravFactory(ramavtal=ramavtal, nummer="5.3.2", rubrik="Natt", tema=tema)
    AvtalskravFactory(ramavtal=ramavtal, nummer="5.3", rubrik="Dag", avtalsomrade=omrade)
    AvtalskravFactory(ramavtal=ramavtal, nummer="4.0", rubrik="Gammalt", aktiv=False)
    for _ in range(2):
        FragaFactory().krav.add(used)
    client.force_login(charlotte)
    url = reverse("enkater:krav_list", args=[ramavtal.pk])
    response = client.get(url)
    assert response.status_code == 200
    grupper = [
        (omrade, [(k.nummer, k.antal_fragor) for k in rader])
        for omrade, rader in response.context["grupper"]
    ]
    assert grupper == [(None, [("5.3.2", 2), ("10.1", 0)]), (omrade, [("5.3", 0)])]
    html = response.content.decode()
    assert "Gammalt" not in html
    assert "Visa även avaktiverade krav (1)" in html
    assert "Avaktivera" not in html  # a Chef may look, not change

    alla = client.get(url, {"visa": "alla"})
    assert "Gammalt" in alla.content.decode()
    filtered = client.get(url, {"tema": tema.pk})
    assert [k.nummer for _, rader in filtered.context["grupper"] for k in rader] == ["5.3.2"]
    by_area = client.get(url, {"avtalsomrade": omrade.pk})
    assert [k.nummer for _, rader in by_area.context["grupper"] for k in rader] == ["5.3"]


def test_list_costs_the_same_queries_however_many_requirements(client, alice):
    ramavtal = RamavtalFactory()
    AvtalskravFactory(ramavtal=ramavtal, tema=TemaFactory())
    client.force_login(alice)
    url = reverse("enkater:krav_list", args=[ramavtal.pk])
    few = count_queries(client, url)
    for _ in range(5):
        krav = AvtalskravFactory(ramavtal=ramavtal, tema=TemaFactory(), avtalsomrade=None)
        FragaFactory().krav.add(krav)
    assert count_queries(client, url) == few


def test_ramavtal_page_links_to_its_requirements(client, alice, sam):
    ramavtal = RamavtalFactory()
    AvtalskravFactory(ramavtal=ramavtal)
    AvtalskravFactory(ramavtal=ramavtal)
    AvtalskravFactory(ramavtal=ramavtal, aktiv=False)
    client.force_login(alice)
    html = client.get(ramavtal.get_absolute_url()).content.decode()
    link = reverse("enkater:krav_list", args=[ramavtal.pk])
    assert f'<a href="{link}">Krav (2)</a>' in html
    client.force_login(sam)
    assert link not in client.get(ramavtal.get_absolute_url()).content.decode()
