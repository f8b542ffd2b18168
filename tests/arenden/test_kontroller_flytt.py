"""The checks' move from leverantorer to arenden keeps every record, history row and grant.

The database is migrated back to where it stood before the move (arenden
0009, leverantorer 0009), filled through the historical models of that time,
and migrated forward with `migrate` as a deployment does, post_migrate (and so
the role sync) included. Each test ends with the database fully migrated.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from arenden.models import (
    Avropskontroll,
    IvoKontroll,
    Kontrollfil,
    Kontrollschema,
    Kontrollsvep,
    Kreditkontroll,
)
from leverantorer.models import Avtal
from tests.factories import LeverantorFactory, RamavtalFactory
from uppfoljning import roles

BEFORE = [("leverantorer", "0009_ordlistor"), ("arenden", "0009_ordlistor")]
# Every model that moved, history models included: each has a content type.
MOVED = [
    "avropskontroll",
    "historicalavropskontroll",
    "historicalivokontroll",
    "historicalkreditkontroll",
    "ivokontroll",
    "kontrollfil",
    "kontrollschema",
    "kontrollsvep",
    "kreditkontroll",
]
WHEN = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)


def _executor():
    return MigrationExecutor(connection)


def _migrate_back():
    """Migrate to the state before the move; return the historical apps of then."""
    executor = _executor()
    executor.migrate(BEFORE)
    return _executor().loader.project_state(BEFORE).apps


def _migrate_fully():
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before():
    """The historical apps before the move; the database is fully migrated afterwards."""
    apps = _migrate_back()
    ContentType.objects.clear_cache()
    try:
        yield apps
    finally:
        _migrate_fully()
        ContentType.objects.clear_cache()


def _moved_permissions(apps, app_label):
    Permission = apps.get_model("auth", "Permission")
    rows = Permission.objects.filter(
        content_type__app_label=app_label, content_type__model__in=MOVED
    ).values_list("pk", "content_type__model", "codename")
    return {pk: (model, codename) for pk, model, codename in rows}


def _fill(apps):
    """One record of each moved model, made with the models as they were."""
    # The unit through the model of then: later migrations added columns to it.
    leverantor = LeverantorFactory()
    unit = apps.get_model("leverantorer", "Verksamhet").objects.create(
        leverantor_id=leverantor.pk, namn="Solgården HVB"
    )
    avtal = apps.get_model("leverantorer", "Avtal").objects.create(
        leverantor_id=leverantor.pk,
        ramavtal_id=RamavtalFactory().pk,
        rangordning=1,
        startdatum=datetime.date(2021, 3, 1),
    )
    old = {
        name: apps.get_model("leverantorer", name)
        for name in (
            "IvoKontroll",
            "HistoricalIvoKontroll",
            "Kreditkontroll",
            "Avropskontroll",
            "HistoricalAvropskontroll",
            "Kontrollsvep",
            "Kontrollschema",
            "Kontrollfil",
        )
    }
    user = apps.get_model("auth", "User").objects.create(username="flytt")
    svep = old["Kontrollsvep"].objects.create(
        typ="kredit",
        omfattning="alla",
        adapter="http",
        anledning="schema",
        status="klar",
        amnen=[unit.leverantor_id],
        totalt=1,
        klara=1,
        skapad=WHEN,
    )
    ivo = old["IvoKontroll"].objects.create(
        verksamhet_id=unit.pk,
        kontrollerad=WHEN,
        kalla="manuell",
        status="ok",
        tillstand="giltigt",
        oppna_tillsynsarenden=2,
        krav_pa_aterrapportering=True,
        iakttagelse="Två öppna tillsynsärenden.",
        registrerad_av_id=user.pk,
    )
    history = old["HistoricalIvoKontroll"].objects.create(
        id=ivo.pk,
        verksamhet_id=unit.pk,
        kontrollerad=WHEN,
        kalla="manuell",
        status="ok",
        tillstand="giltigt",
        oppna_tillsynsarenden=2,
        krav_pa_aterrapportering=True,
        iakttagelse="Två öppna tillsynsärenden.",
        registrerad_av_id=user.pk,
        history_date=WHEN,
        history_type="+",
        history_user_id=user.pk,
    )
    kredit = old["Kreditkontroll"].objects.create(
        leverantor_id=unit.leverantor_id,
        kontrollerad=WHEN,
        kalla="http",
        status="ok",
        rating="AA",
        score=71,
        skatteskulder=False,
        svep_id=svep.pk,
        svar_sha256="a" * 64,
    )
    avrop = old["Avropskontroll"].objects.create(
        avtal_id=avtal.pk,
        verksamhet_id=unit.pk,
        kontrollerad_av_id=user.pk,
        utslag="varning",
        skal=[{"niva": "varning", "text": "Två öppna tillsynsärenden hos IVO."}],
        anteckning="P-000123",
    )
    avrop_history = old["HistoricalAvropskontroll"].objects.create(
        id=avrop.pk,
        avtal_id=avtal.pk,
        verksamhet_id=unit.pk,
        kontrollerad=avrop.kontrollerad,
        kontrollerad_av_id=user.pk,
        utslag="varning",
        skal=[{"niva": "varning", "text": "Två öppna tillsynsärenden hos IVO."}],
        anteckning="P-000123",
        history_date=WHEN,
        history_type="+",
        history_user_id=user.pk,
    )
    schema = old["Kontrollschema"].objects.create(
        typ="ivo", nasta=WHEN + datetime.timedelta(days=180), senast_startad=WHEN
    )
    fil = old["Kontrollfil"].objects.create(
        typ="ivo",
        filnamn="ivo-export-2026-03.csv",
        sha256="b" * 64,
        rader={"IVO-000001": {"tillstand": "giltigt"}},
        uppladdad=WHEN,
        uppladdad_av_id=user.pk,
    )
    return {
        "unit": unit,
        "avtal": avtal,
        "user": user,
        "svep": svep,
        "ivo": ivo,
        "history": history,
        "kredit": kredit,
        "avrop": avrop,
        "avrop_history": avrop_history,
        "schema": schema,
        "fil": fil,
    }


def _grant(apps):
    """A group and a user granted check permissions the way they were named before."""
    Permission = apps.get_model("auth", "Permission")
    old = {
        codename: Permission.objects.get(content_type__app_label="leverantorer", codename=codename)
        for codename in ("add_ivokontroll", "view_kontrollsvep", "view_avropskontroll")
    }
    group = apps.get_model("auth", "Group").objects.create(name="Kontrollgranskare")
    group.permissions.set(old.values())
    member = apps.get_model("auth", "User").objects.create(username="granskare")
    member.groups.add(group)
    direct = apps.get_model("auth", "User").objects.create(username="direkt")
    direct.user_permissions.add(old["view_avropskontroll"])
    return group, {p.pk for p in old.values()}, member, direct


def _assert_records_intact(made):
    ivo = IvoKontroll.objects.get(pk=made["ivo"].pk)
    assert (ivo.verksamhet_id, ivo.kalla, ivo.status, ivo.tillstand) == (
        made["unit"].pk,
        "manuell",
        "ok",
        "giltigt",
    )
    assert (ivo.oppna_tillsynsarenden, ivo.krav_pa_aterrapportering) == (2, True)
    assert ivo.iakttagelse == "Två öppna tillsynsärenden."
    assert ivo.kontrollerad == WHEN
    assert ivo.registrerad_av.username == "flytt"
    assert list(IvoKontroll.objects.filter(verksamhet_id=made["unit"].pk)) == [ivo]

    history = IvoKontroll.history.get(history_id=made["history"].history_id)
    assert (history.id, history.history_type, history.history_user.username) == (
        ivo.pk,
        "+",
        "flytt",
    )
    assert history.instance == ivo

    kredit = Kreditkontroll.objects.get(pk=made["kredit"].pk)
    assert (kredit.leverantor_id, kredit.rating, kredit.score) == (
        made["unit"].leverantor_id,
        "AA",
        71,
    )
    assert kredit.svep == Kontrollsvep.objects.get(pk=made["svep"].pk)
    assert (kredit.svep.typ, kredit.svep.status, kredit.svep.amnen) == (
        "kredit",
        "klar",
        [made["unit"].leverantor_id],
    )
    assert kredit.svar_sha256 == "a" * 64

    avrop = Avropskontroll.objects.get(pk=made["avrop"].pk)
    assert (avrop.avtal_id, avrop.verksamhet_id, avrop.utslag, avrop.anteckning) == (
        made["avtal"].pk,
        made["unit"].pk,
        "varning",
        "P-000123",
    )
    assert avrop.skal == [{"niva": "varning", "text": "Två öppna tillsynsärenden hos IVO."}]
    assert avrop.kontrollerad_av.username == "flytt"
    assert list(Avtal.objects.get(pk=made["avtal"].pk).avropskontroller.all()) == [avrop]
    avrop_history = Avropskontroll.history.get(history_id=made["avrop_history"].history_id)
    assert (avrop_history.id, avrop_history.history_user.username) == (avrop.pk, "flytt")

    schema = Kontrollschema.objects.get(typ="ivo")
    assert schema.pk == made["schema"].pk
    assert (schema.nasta, schema.senast_startad) == (WHEN + datetime.timedelta(days=180), WHEN)
    fil = Kontrollfil.objects.get(pk=made["fil"].pk)
    assert (fil.filnamn, fil.sha256, fil.rader) == (
        "ivo-export-2026-03.csv",
        "b" * 64,
        {"IVO-000001": {"tillstand": "giltigt"}},
    )
    assert fil.uppladdad_av.username == "flytt"


def _assert_grants_intact(old_permissions, group, granted, member, direct):
    ContentType.objects.clear_cache()
    assert not ContentType.objects.filter(app_label="leverantorer", model__in=MOVED).exists()
    new_permissions = {
        p.pk: (p.content_type.model, p.codename)
        for p in Permission.objects.filter(content_type__model__in=MOVED).select_related(
            "content_type"
        )
    }
    # The same rows under the new label: same ids, same codenames, no twin.
    assert new_permissions == old_permissions
    assert all(
        p.content_type.app_label == "arenden"
        for p in Permission.objects.filter(pk__in=old_permissions)
    )
    assert ContentType.objects.get_for_model(IvoKontroll).app_label == "arenden"
    assert set(Group.objects.get(pk=group.pk).permissions.values_list("pk", flat=True)) == granted
    member = User.objects.get(pk=member.pk)
    assert member.has_perm("arenden.add_ivokontroll")
    assert member.has_perm("arenden.view_kontrollsvep")
    assert not member.has_perm("leverantorer.add_ivokontroll")
    assert User.objects.get(pk=direct.pk).has_perm("arenden.view_avropskontroll")
    # The roles name the permissions by their new label and hold the same rows.
    strateg = set(Group.objects.get(name=roles.STRATEG).permissions.values_list("pk", flat=True))
    for codename in ("add_ivokontroll", "view_kontrollsvep", "add_avropskontroll"):
        assert Permission.objects.get(content_type__app_label="arenden", codename=codename).pk in (
            strateg
        )
    chef = User.objects.create(username="chef-efter-flytt")
    chef.groups.add(Group.objects.get(name=roles.CHEF))
    chef = User.objects.get(pk=chef.pk)
    assert chef.has_perm("arenden.view_ivokontroll")
    assert not chef.has_perm("arenden.add_ivokontroll")


@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_from_before_the_move_keeps_records_history_and_grants(before):
    old_permissions = _moved_permissions(before, "leverantorer")
    # Four permissions (add, change, delete, view) for each of the nine models.
    assert len(old_permissions) == 36
    assert not _moved_permissions(before, "arenden")
    made = _fill(before)
    group, granted, member, direct = _grant(before)
    strateg_before = set(
        before.get_model("auth", "Group")
        .objects.get(name=roles.STRATEG)
        .permissions.filter(content_type__model__in=MOVED)
        .values_list("pk", flat=True)
    )
    assert strateg_before

    # As a deployment does: every migration, then post_migrate (the role sync).
    call_command("migrate", verbosity=0)

    _assert_records_intact(made)
    _assert_grants_intact(old_permissions, group, granted, member, direct)
    strateg_after = set(
        Group.objects.get(name=roles.STRATEG)
        .permissions.filter(content_type__model__in=MOVED)
        .values_list("pk", flat=True)
    )
    assert strateg_after == strateg_before

    # Another migrate (post_migrate again) still makes no twin.
    call_command("migrate", verbosity=0)
    assert Permission.objects.filter(content_type__model__in=MOVED).count() == 36


@pytest.mark.django_db(transaction=True)
def test_a_partial_migrate_whose_post_migrate_made_twins_is_merged_without_duplicates(before):
    old_permissions = _moved_permissions(before, "leverantorer")
    made = _fill(before)
    group, granted, member, direct = _grant(before)

    # `migrate arenden` alone: the models are in arenden's state, their content
    # types still under leverantorer, so post_migrate creates arenden twins and
    # the role sync grants the roles those twins.
    call_command("migrate", "arenden", verbosity=0)
    twins = Permission.objects.filter(
        content_type__app_label="arenden", content_type__model__in=MOVED
    )
    assert twins.count() == 36
    assert not twins.filter(pk__in=old_permissions).exists()
    twin = twins.get(codename="add_ivokontroll")
    late = User.objects.create(username="sen")
    late.user_permissions.add(twin)

    call_command("migrate", verbosity=0)

    _assert_records_intact(made)
    _assert_grants_intact(old_permissions, group, granted, member, direct)
    # A grant made on a twin in between moved to the permission that was kept.
    assert User.objects.get(pk=late.pk).has_perm("arenden.add_ivokontroll")
    assert not Permission.objects.filter(pk=twin.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_move_changes_no_table():
    """State only: migrating the move back and forth leaves every table as it was."""
    tables = set(connection.introspection.table_names())
    assert {
        "leverantorer_ivokontroll",
        "leverantorer_historicalivokontroll",
        "leverantorer_kreditkontroll",
        "leverantorer_historicalkreditkontroll",
        "leverantorer_avropskontroll",
        "leverantorer_historicalavropskontroll",
        "leverantorer_kontrollsvep",
        "leverantorer_kontrollschema",
        "leverantorer_kontrollfil",
    } <= tables
    assert not {t for t in tables if t.startswith("arenden_") and "kontroll" in t} - {
        t for t in tables if "registerkontroll" in t
    }
    # Apps that came after the move lose their tables when it is migrated back.
    later = {t for t in tables if t.startswith("enkater_")}
    try:
        _migrate_back()
        assert set(connection.introspection.table_names()) == tables - later
    finally:
        _migrate_fully()
    assert set(connection.introspection.table_names()) == tables
