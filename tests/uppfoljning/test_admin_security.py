"""Django admin: history is read, never restored; decisions and statuses stay put.

A security probe (issue 14, findings 1 and 11a) found that simple-history's
history form saved a POSTed old version with view permission only, and that the
history pages of models without a history table answered 500.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from administration.anvandare import logga
from administration.models import Handelse, Kommuninstallning
from arenden.models import Kontrollschema, Kontrollsvep
from enkater.models import EnkatPaminnelse, Komplettering, Medarbetarenhet
from leverantorer.models import AvtalStatus, Beslut, BeslutTyp, Foretradare
from ramavtal.models import Niva, Riskbedomning
from tests.enkater.factories import AvtalskravFactory, FragaFactory, SvarFactory
from tests.factories import AvtalFactory, AvtalsomradeFactory, PlaceringFactory, VerksamhetFactory
from tests.helpers import decide, make_user
from uppfoljning import roles
from uppfoljning.admin_base import has_history
from uppfoljning.models import Heartbeat


@pytest.fixture
def root(django_user_model):
    return make_user(django_user_model, "root", is_staff=True, is_superuser=True)


@pytest.fixture
def one_of_each(alice, ada):
    """A row of every model our apps register in the admin."""
    placering = PlaceringFactory()
    avtal = placering.avtal
    AvtalsomradeFactory(ramavtal=avtal.ramavtal)
    Niva.objects.create(ramavtal=avtal.ramavtal, namn="Nivå 1")
    Riskbedomning.objects.create(
        ramavtal=avtal.ramavtal, niva="hog", motivering="Barn", bedomd_av=alice
    )
    Foretradare.objects.create(leverantor=avtal.leverantor, namn="Vera Vd", roll="vd")
    decide(avtal, BeslutTyp.UPPSAGNING, alice)
    Kommuninstallning.objects.create(kommunens_namn="Norrvik")
    Kontrollschema.objects.create(typ="ivo", nasta=timezone.now())
    Kontrollsvep.objects.create(typ="ivo", adapter="manuell", anledning="manuell")
    Heartbeat.objects.create(name="beat", last_seen=timezone.now())
    logga(ada, Handelse.SKAPAD, alice, "Användarnamn ada")
    svar = SvarFactory(mottagare__utskick__uppfoljning__ramavtal=avtal.ramavtal)
    fraga = FragaFactory(sektion__version=svar.version)
    AvtalskravFactory(ramavtal=avtal.ramavtal).fragor.add(fraga)
    Komplettering.objects.create(
        svar=svar,
        runda=1,
        fraga=fraga,
        kommentar="Bifoga schemat.",
        svar_senast=datetime.date(2026, 12, 20),
        begard_av=alice,
    )
    EnkatPaminnelse.objects.create(mottagare=svar.mottagare, tillfalle="fore")
    Medarbetarenhet.objects.create(anvandare=alice, placerande_enhet="vuxen")
    return avtal


def _admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _snapshot(model, obj):
    """The row's stored values and the length of its history."""
    values = model._base_manager.filter(pk=obj.pk).values().get()
    count = obj.history.count() if has_history(model) else None
    return values, count


OUR_APPS = {
    "administration",
    "arenden",
    "auth",
    "enkater",
    "leverantorer",
    "ramavtal",
    "uppfoljning",
}


@pytest.mark.django_db
def test_every_history_form_refuses_a_post_even_from_a_superuser(client, root, one_of_each):
    client.force_login(root)
    refused = []
    for model, _model_admin in _registered():
        if not has_history(model):
            continue
        obj = model._base_manager.order_by("pk").first()
        assert obj is not None, model._meta.label
        record = obj.history.order_by("history_id").first()
        before = _snapshot(model, obj)
        url = _admin_url(model, "simple_history", obj.pk, record.history_id)
        response = client.post(url, {})
        assert response.status_code == 403, model._meta.label
        assert _snapshot(model, obj) == before, model._meta.label
        refused.append(model._meta.label)
    assert {
        "administration.Kommuninstallning",
        "leverantorer.Avtal",
        "leverantorer.Beslut",
        "leverantorer.Placering",
        "ramavtal.Riskbedomning",
    } <= set(refused)


@pytest.mark.django_db
def test_every_admin_history_page_answers_without_error(client, root, one_of_each):
    client.force_login(root)
    seen = set()
    for model, _model_admin in _registered():
        obj = model._base_manager.order_by("pk").first()
        if obj is None:
            # A third-party model with no row yet: its list must still load.
            assert model._meta.app_label not in OUR_APPS, model._meta.label
            assert client.get(_admin_url(model, "changelist")).status_code == 200
            continue
        response = client.get(_admin_url(model, "history", obj.pk))
        assert response.status_code == 200, model._meta.label
        if has_history(model):
            record = obj.history.order_by("history_id").first()
            version = client.get(_admin_url(model, "simple_history", obj.pk, record.history_id))
            assert version.status_code == 200, model._meta.label
            assert 'name="_save"' not in version.text, model._meta.label  # no Revert button
        seen.add(model._meta.label)
    assert {"arenden.Kontrollschema", "arenden.Kontrollsvep", "uppfoljning.Heartbeat"} <= seen


@pytest.mark.django_db
def test_a_staff_user_with_view_rights_cannot_revert_a_terminated_contract(client, ada, alice):
    # The probe: a terminated contract set back to aktiv by POSTing its first version.
    avtal = AvtalFactory()
    first = avtal.history.order_by("history_id").first()
    decide(avtal, BeslutTyp.UPPSAGNING, alice)
    client.force_login(ada)
    url = _admin_url(type(avtal), "simple_history", avtal.pk, first.history_id)
    form = {
        "leverantor": avtal.leverantor_id,
        "ramavtal": avtal.ramavtal_id,
        "rangordning": "1",
        "startdatum": "2021-03-01",
    }
    assert client.post(url, form).status_code == 403
    avtal.refresh_from_db()
    assert avtal.status == AvtalStatus.UPPSAGT
    assert avtal.history.count() == 2


@pytest.mark.django_db
def test_a_superuser_cannot_rewrite_a_decisions_facts_through_history(client, root, alice):
    avtal = AvtalFactory()
    beslut = decide(avtal, BeslutTyp.UPPSAGNING, alice, faktaunderlag="Skatteskulder enligt UC.")
    # The stored text now differs from the recorded version, which a revert would restore.
    Beslut.objects.filter(pk=beslut.pk).update(faktaunderlag="Omskrivet")
    record = beslut.history.get()
    client.force_login(root)
    url = _admin_url(Beslut, "simple_history", beslut.pk, record.history_id)
    assert client.post(url, {"faktaunderlag": "Ingenting hände"}).status_code == 403
    beslut.refresh_from_db()
    assert beslut.faktaunderlag == "Omskrivet"
    assert beslut.history.count() == 1


@pytest.mark.django_db
def test_a_decision_has_no_add_or_change_form_in_the_admin(client, root, alice):
    beslut = decide(AvtalFactory(), BeslutTyp.UPPSAGNING, alice)
    client.force_login(root)
    assert client.get(_admin_url(Beslut, "add")).status_code == 403
    page = client.get(_admin_url(Beslut, "change", beslut.pk))
    assert page.status_code == 200
    assert 'name="faktaunderlag"' not in page.text
    posted = client.post(_admin_url(Beslut, "change", beslut.pk), {"faktaunderlag": "Nytt"})
    assert posted.status_code == 403
    beslut.refresh_from_db()
    assert beslut.faktaunderlag == "IVO kräver återrapportering."


@pytest.mark.django_db
def test_the_admin_change_page_cannot_change_a_contracts_status(client, root, alice):
    avtal = AvtalFactory()
    decide(avtal, BeslutTyp.UPPSAGNING, alice)
    client.force_login(root)
    form = {
        "leverantor": avtal.leverantor_id,
        "ramavtal": avtal.ramavtal_id,
        "rangordning": "4",
        "startdatum": "2021-03-01",
        "status": AvtalStatus.AKTIV,
    }
    response = client.post(_admin_url(type(avtal), "change", avtal.pk), form)
    assert response.status_code == 302
    avtal.refresh_from_db()
    assert (avtal.rangordning, avtal.status) == (4, AvtalStatus.UPPSAGT)


@pytest.mark.django_db
def test_the_history_list_hides_a_protected_address_change(client, ada, alice):
    unit = VerksamhetFactory(skyddat_boende=True, adress="Hemliga vägen 1")
    unit.adress = "Lönngatan 7"
    unit.save()
    client.force_login(ada)
    page = client.get(_admin_url(type(unit), "history", unit.pk))
    assert page.status_code == 200
    assert "Hemliga vägen 1" not in page.text and "Lönngatan 7" not in page.text
    staff = make_user(type(alice), "stina", roles.STRATEG, is_staff=True)
    client.force_login(staff)
    assert "Lönngatan 7" in client.get(_admin_url(type(unit), "history", unit.pk)).text


@pytest.mark.django_db
def test_a_model_admin_with_history_on_a_model_without_it_fails_the_system_check():
    from uppfoljning.admin_base import NoDeleteAdmin

    errors = NoDeleteAdmin(Heartbeat, admin.site).check()
    assert [e.id for e in errors] == ["uppfoljning.E001"]
    assert NoDeleteAdmin(Kommuninstallning, admin.site).check() == []


@pytest.mark.django_db
def test_history_pages_are_read_only_for_a_group_member_too(client, ada, one_of_each):
    # ada (Administratör, staff) has view rights on the register.
    assert Group.objects.get(name="Administratör").permissions.filter(codename="view_avtal")
    client.force_login(ada)
    avtal = one_of_each
    record = avtal.history.order_by("history_id").first()
    url = _admin_url(type(avtal), "simple_history", avtal.pk, record.history_id)
    assert client.get(url).status_code == 200
    assert client.post(url, {"rangordning": "9"}).status_code == 403
    avtal.refresh_from_db()
    assert avtal.status == AvtalStatus.UPPSAGT
