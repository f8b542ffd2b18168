"""The access log itself: append-only, purged after ATKOMSTLOGG_DAGAR, read by the Administratör."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from leverantorer.models import Avtal
from tests.factories import AvtalFactory
from tests.helpers import make_user
from tests.querycount import count_queries
from uppfoljning.atkomst import AtkomstHandling, atkomst_gallra, logga_atkomst
from uppfoljning.models import AppendOnly, Atkomsthandelse
from uppfoljning.tasks import atkomst_gallra_task

pytestmark = pytest.mark.django_db


def logged(user, obj, *, path="/leverantorer/avtal/1/", handling=AtkomstHandling.VISA, when=None):
    """Log as a view would; `when` travels back in time first (rows cannot be backdated)."""
    request = RequestFactory().get(path, {"q": "fritext"})
    request.user = user
    if when is None:
        return logga_atkomst(request, obj, handling)
    with time_machine.travel(when, tick=False):
        return logga_atkomst(request, obj, handling)


def test_it_records_who_saw_what_where_and_when(alice):
    avtal = AvtalFactory()
    row = logged(alice, avtal, path=f"/leverantorer/avtal/{avtal.pk}/")
    assert row.user == alice
    assert row.objekttyp == ContentType.objects.get_for_model(Avtal)
    assert row.objekt_id == avtal.pk
    assert row.handling == "visa"
    assert row.sokvag == f"/leverantorer/avtal/{avtal.pk}/"  # never the query string
    assert abs((timezone.now() - row.tidpunkt).total_seconds()) < 60


def test_a_model_means_a_list_and_none_an_untyped_export(alice):
    listed = logged(alice, Avtal)
    assert (listed.objekttyp.model, listed.objekt_id) == ("avtal", None)
    untyped = logged(alice, None, handling=AtkomstHandling.EXPORTERA)
    assert (untyped.objekttyp, untyped.objekt_id, untyped.handling) == (None, None, "exportera")


def test_a_row_cannot_be_changed_or_deleted(alice):
    row = logged(alice, Avtal)
    row.sokvag = "/annat/"
    with pytest.raises(AppendOnly):
        row.save()
    with pytest.raises(AppendOnly):
        row.delete()
    with pytest.raises(AppendOnly):
        Atkomsthandelse.objects.filter(pk=row.pk).update(sokvag="/annat/")
    with pytest.raises(AppendOnly):
        Atkomsthandelse.objects.all().delete()
    assert Atkomsthandelse.objects.get(pk=row.pk).sokvag == "/leverantorer/avtal/1/"


def test_a_logged_user_cannot_be_deleted(django_user_model, alice):
    logged(alice, Avtal)
    with pytest.raises(Exception, match="protected"):
        alice.delete()
    assert django_user_model.objects.filter(pk=alice.pk).exists()


def test_the_purge_removes_only_rows_older_than_the_retention(alice, settings):
    settings.ATKOMSTLOGG_DAGAR = 730
    now = timezone.now()
    old = logged(alice, Avtal, when=now - datetime.timedelta(days=731))
    edge = logged(alice, Avtal, when=now - datetime.timedelta(days=729))
    new = logged(alice, Avtal)
    assert atkomst_gallra(now=now) == 1
    assert set(Atkomsthandelse.objects.values_list("pk", flat=True)) == {edge.pk, new.pk}
    assert not Atkomsthandelse.objects.filter(pk=old.pk).exists()
    # Idempotent: a second run (a re-delivered task) finds nothing more.
    assert atkomst_gallra(now=now) == 0


def test_the_retention_is_configurable(alice, settings):
    settings.ATKOMSTLOGG_DAGAR = 30
    logged(alice, Avtal, when=timezone.now() - datetime.timedelta(days=31))
    kept = logged(alice, Avtal, when=timezone.now() - datetime.timedelta(days=29))
    assert atkomst_gallra_task() == 1
    assert list(Atkomsthandelse.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_purge_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["atkomstlogg-gallring"]
    assert entry["task"] == "uppfoljning.tasks.atkomst_gallra_task"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({4}, {15})


def test_postgresql_itself_refuses_update_and_delete_except_in_the_purge(postgres, alice):
    row = logged(alice, Avtal, when=timezone.now() - datetime.timedelta(days=800))
    for sql in (
        "UPDATE uppfoljning_atkomsthandelse SET sokvag = '/x/'",
        "DELETE FROM uppfoljning_atkomsthandelse",
    ):
        with (
            pytest.raises(DatabaseError, match="Åtkomstloggen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert Atkomsthandelse.objects.filter(pk=row.pk, sokvag="/leverantorer/avtal/1/").exists()
    assert atkomst_gallra() == 1  # the purge opens the trigger for its own transaction
    new = logged(alice, Avtal)
    # ...and only there: the setting is local to the purge's transaction.
    with (
        pytest.raises(DatabaseError, match="Åtkomstloggen"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM uppfoljning_atkomsthandelse WHERE id = %s", [new.pk])


# --- The Administratör's page -------------------------------------------------


def test_the_administrator_reads_the_log(client, ada, alice):
    avtal = AvtalFactory()
    logged(alice, avtal, path=f"/leverantorer/avtal/{avtal.pk}/")
    client.force_login(ada)
    response = client.get(reverse("atkomstlogg:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Åtkomstlogg</h1>" in page
    assert f"/leverantorer/avtal/{avtal.pk}/" in page
    assert "Avtal" in page and "Visade" in page and "Alice" in page


@pytest.mark.parametrize("persona", ["alice", "sam", "charlotte", "sixten"])
def test_no_other_role_reads_it(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("atkomstlogg:list")).status_code == 403


def test_a_staff_user_without_the_role_does_not_read_it(client, django_user_model):
    client.force_login(make_user(django_user_model, "stina", is_staff=True))
    assert client.get(reverse("atkomstlogg:list")).status_code == 403


def test_it_filters_by_user_type_action_and_date(client, ada, alice, bob):
    avtal = AvtalFactory()
    today = timezone.localdate()
    a = logged(alice, avtal)
    b = logged(bob, Avtal, handling=AtkomstHandling.EXPORTERA)
    c = logged(alice, avtal.leverantor, when=timezone.now() - datetime.timedelta(days=10))
    client.force_login(ada)
    url = reverse("atkomstlogg:list")

    def shown(**query):
        return {h.pk for h in client.get(url, query).context["object_list"]}

    assert shown() == {a.pk, b.pk, c.pk}
    assert shown(user=alice.pk) == {a.pk, c.pk}
    assert shown(objekttyp=ContentType.objects.get_for_model(Avtal).pk) == {a.pk, b.pk}
    assert shown(handling="exportera") == {b.pk}
    assert shown(fran=today.isoformat()) == {a.pk, b.pk}
    assert shown(till=(today - datetime.timedelta(days=5)).isoformat()) == {c.pk}


def test_it_pages_fifty_rows_at_a_time_newest_first(client, ada, alice):
    rows = [logged(alice, Avtal, path=f"/rad/{n}/") for n in range(55)]
    client.force_login(ada)
    first = client.get(reverse("atkomstlogg:list")).context
    assert len(first["object_list"]) == 50
    assert first["object_list"][0].pk == rows[-1].pk
    second = client.get(reverse("atkomstlogg:list"), {"sida": 2}).context
    assert [h.pk for h in second["object_list"]] == [r.pk for r in reversed(rows[:5])]


def test_the_page_costs_the_same_queries_however_many_rows(client, ada, django_user_model):
    client.force_login(ada)
    url = reverse("atkomstlogg:list")
    users = [make_user(django_user_model, f"u{n}") for n in range(3)]
    logged(users[0], AvtalFactory())
    few = count_queries(client, url)
    for user in users:
        for _ in range(5):
            logged(user, AvtalFactory().leverantor)
    assert count_queries(client, url) == few
