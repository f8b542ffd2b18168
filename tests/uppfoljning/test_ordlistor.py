"""The word-list pages: who may keep which list, adding, renaming, retiring."""

import pytest
from django.urls import reverse

from arenden.models import AvvikelseKategori, EjGenomfordOrsak, Metod, Tema
from leverantorer.models import BeslutSkal
from oversikt.navigation import navigation_for
from uppfoljning import roles
from uppfoljning.ordlistor import NAMN_FINNS

ALL_LISTS = ["metoder", "teman", "avvikelsekategorier", "ej-genomforda", "beslutsskal"]
STRATEG_LISTS = ["metoder", "teman", "ej-genomforda"]


def lista_url(slug):
    return reverse("ordlistor:lista", args=[slug])


def urls_for(slug, pk):
    return [
        ("get", lista_url(slug)),
        ("get", reverse("ordlistor:create", args=[slug])),
        ("post", reverse("ordlistor:create", args=[slug])),
        ("get", reverse("ordlistor:update", args=[slug, pk])),
        ("post", reverse("ordlistor:update", args=[slug, pk])),
        ("post", reverse("ordlistor:toggle", args=[slug, pk])),
    ]


MODELS = {
    "metoder": Metod,
    "teman": Tema,
    "avvikelsekategorier": AvvikelseKategori,
    "ej-genomforda": EjGenomfordOrsak,
    "beslutsskal": BeslutSkal,
}


@pytest.mark.django_db
def test_the_index_lists_what_each_keeper_may_keep(client, ada, alice):
    client.force_login(ada)
    index = client.get(reverse("ordlistor:index"))
    assert [lista.slug for lista in index.context["listor"]] == [
        "avvikelsekategorier",
        "beslutsskal",
        "metoder",
        "ej-genomforda",
        "teman",
    ]
    client.force_login(alice)
    index = client.get(reverse("ordlistor:index"))
    assert [lista.slug for lista in index.context["listor"]] == [
        "metoder",
        "ej-genomforda",
        "teman",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ALL_LISTS)
def test_an_administrator_keeps_every_list(client, ada, slug):
    client.force_login(ada)
    entry = MODELS[slug].objects.first()
    for _method, url in urls_for(slug, entry.pk)[:2] + urls_for(slug, entry.pk)[3:4]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["sam", "charlotte", "sixten"])
@pytest.mark.parametrize("slug", ALL_LISTS)
def test_other_roles_are_refused(client, request, persona, slug):
    client.force_login(request.getfixturevalue(persona))
    entry = MODELS[slug].objects.first()
    assert client.get(reverse("ordlistor:index")).status_code == 403
    for method, url in urls_for(slug, entry.pk):
        assert getattr(client, method)(url, {"namn": "Nytt ord"}).status_code == 403, url
    entry.refresh_from_db()
    assert entry.aktiv


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["avvikelsekategorier", "beslutsskal"])
def test_a_strategist_may_not_keep_categories_or_decision_reasons(client, alice, slug):
    client.force_login(alice)
    entry = MODELS[slug].objects.first()
    for method, url in urls_for(slug, entry.pk):
        assert getattr(client, method)(url, {"namn": "Nytt ord"}).status_code == 403, url


@pytest.mark.django_db
@pytest.mark.parametrize("slug", STRATEG_LISTS)
def test_a_strategist_keeps_methods_themes_and_reasons(client, alice, slug):
    client.force_login(alice)
    response = client.post(
        reverse("ordlistor:create", args=[slug]), {"namn": "Telefonuppföljning", "ordning": 5}
    )
    assert response.status_code == 302
    assert MODELS[slug].objects.get(namn="Telefonuppföljning").aktiv


@pytest.mark.django_db
def test_navigation_shows_word_lists_to_their_keepers(sam, charlotte, sixten, alice, ada):
    def labels(user):
        return [item["label"] for item in navigation_for(user)]

    assert "Ordlistor" in labels(ada)
    assert "Ordlistor" in labels(alice)
    for user in (sam, charlotte, sixten):
        assert "Ordlistor" not in labels(user)


def test_nobody_may_delete_a_word():
    lists = ("metod", "tema", "avvikelsekategori", "ejgenomfordorsak", "beslutskal")
    deletes = {f"{app}.delete_{model}" for app in ("arenden", "leverantorer") for model in lists}
    for labels in roles.ROLE_PERMISSIONS.values():
        assert not deletes & set(labels)


@pytest.mark.django_db
def test_an_administrator_adds_a_method_with_history(client, ada):
    client.force_login(ada)
    response = client.post(
        reverse("ordlistor:create", args=["metoder"]), {"namn": "Telefonintervju", "ordning": 55}
    )
    assert response.headers["Location"] == lista_url("metoder")
    metod = Metod.objects.get(namn="Telefonintervju")
    assert (metod.aktiv, metod.ordning) == (True, 55)
    assert metod.history.get().history_user == ada
    page = client.get(lista_url("metoder")).text
    assert "Telefonintervju" in page
    assert "Ta bort" not in page


@pytest.mark.django_db
def test_a_word_added_to_a_coded_list_gets_a_kod_from_its_name(client, ada):
    client.force_login(ada)
    client.post(
        reverse("ordlistor:create", args=["avvikelsekategorier"]),
        {"namn": "Hot och våld mot personal", "ordning": 95},
    )
    assert AvvikelseKategori.objects.get(namn="Hot och våld mot personal").kod == (
        "hot-och-vald-mot-personal"
    )


@pytest.mark.django_db
def test_renaming_keeps_the_kod_and_the_history(client, ada):
    client.force_login(ada)
    skal = BeslutSkal.objects.get(kod=BeslutSkal.EKONOMI)
    response = client.post(
        reverse("ordlistor:update", args=["beslutsskal", skal.pk]),
        {"namn": "Ekonomiska skäl", "ordning": skal.ordning},
    )
    assert response.status_code == 302
    skal.refresh_from_db()
    assert (skal.kod, skal.namn) == ("ekonomi", "Ekonomiska skäl")
    latest = skal.history.latest()
    assert (latest.namn, latest.history_user) == ("Ekonomiska skäl", ada)
    # The history shows on the rename page.
    page = client.get(reverse("ordlistor:update", args=["beslutsskal", skal.pk])).text
    assert "Ekonomiska skäl" in page and "Historik" in page


@pytest.mark.django_db
def test_a_name_that_exists_is_refused_in_swedish(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("ordlistor:create", args=["metoder"]), {"namn": "Kvällsbesök", "ordning": 1}
    )
    assert response.status_code == 200
    assert NAMN_FINNS in response.text
    response = client.post(
        reverse("ordlistor:create", args=["metoder"]), {"namn": " kvällsbesök ", "ordning": 1}
    )
    assert NAMN_FINNS in response.text
    assert Metod.objects.filter(namn__iexact="Kvällsbesök").count() == 1

    other = Metod.objects.get(namn="Oanmält besök")
    response = client.post(
        reverse("ordlistor:update", args=["metoder", other.pk]),
        {"namn": "Kvällsbesök", "ordning": 1},
    )
    assert NAMN_FINNS in response.text
    other.refresh_from_db()
    assert other.namn == "Oanmält besök"


@pytest.mark.django_db
def test_a_personnummer_is_refused_as_a_name(client, ada):
    client.force_login(ada)
    response = client.post(
        reverse("ordlistor:create", args=["teman"]), {"namn": "19121212-1212", "ordning": 1}
    )
    assert response.status_code == 200
    assert not Tema.objects.filter(namn="19121212-1212").exists()


@pytest.mark.django_db
def test_retiring_and_reactivating_a_word(client, alice):
    client.force_login(alice)
    tema = Tema.objects.get(namn="Matchning")
    toggle = reverse("ordlistor:toggle", args=["teman", tema.pk])
    assert client.get(toggle).status_code == 405

    client.post(toggle)
    tema.refresh_from_db()
    assert not tema.aktiv
    page = client.get(lista_url("teman"))
    assert tema in page.context["avvecklade"] and tema not in page.context["aktiva"]
    assert tema.history.latest().history_change_reason == "Avvecklad"

    client.post(toggle)
    tema.refresh_from_db()
    assert tema.aktiv
    assert tema.history.latest().history_change_reason == "Återaktiverad"


@pytest.mark.django_db
def test_an_unknown_list_is_not_found(client, ada):
    client.force_login(ada)
    assert client.get(lista_url("finns-inte")).status_code == 404


@pytest.mark.django_db
def test_a_missing_kod_is_recreated_after_migrate_and_others_are_left_alone():
    from uppfoljning.ordlistor import sakerstall_koder

    BeslutSkal.objects.filter(kod=BeslutSkal.ANNAT).delete()
    BeslutSkal.objects.filter(kod=BeslutSkal.EKONOMI).update(namn="Ekonomiska skäl", aktiv=False)
    AvvikelseKategori.objects.filter(kod="lokaler").delete()
    AvvikelseKategori.objects.filter(kod="annat").update(namn="Lokaler")
    sakerstall_koder()
    assert BeslutSkal.objects.get(kod="annat").namn == "Annat skäl"
    ekonomi = BeslutSkal.objects.get(kod="ekonomi")
    assert (ekonomi.namn, ekonomi.aktiv) == ("Ekonomiska skäl", False)
    # The first name is taken by another entry: the kod says which is which.
    assert AvvikelseKategori.objects.get(kod="lokaler").namn == "Lokaler (lokaler)"
    assert (BeslutSkal.objects.count(), AvvikelseKategori.objects.count()) == (12, 10)
