import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.models import Registerkontroll, RegisterkontrollTyp, RegisterkontrollUtfall
from leverantorer.models import AvtalStatus
from tests.arenden.factories import ForetradareFactory, RegisterkontrollFactory
from tests.factories import AvtalFactory
from tests.querycount import count_queries

D = datetime.date
LIST = "arenden:registerkontroll_list"


def _foretradare(status=AvtalStatus.AKTIV, **kwargs):
    """A representative of a supplier with a contract in the given status."""
    avtal = AvtalFactory()
    if status != AvtalStatus.AKTIV:
        type(avtal).objects.filter(pk=avtal.pk).update(status=status)
    return ForetradareFactory(leverantor=avtal.leverantor, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [("alice", 200, 200), ("charlotte", 200, 403), ("sam", 403, 403), ("sixten", 403, 403)],
)
def test_who_may_read_and_record_checks(client, request, alice, persona, read, write):
    foretradare = _foretradare()
    kontroll = RegisterkontrollFactory(foretradare=foretradare, registrerad_av=alice)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(LIST)).status_code == read
    create = reverse("arenden:registerkontroll_create", args=[foretradare.pk])
    assert client.get(create).status_code == write
    update = reverse("arenden:registerkontroll_update", args=[kontroll.pk])
    assert client.get(update).status_code == write


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typ", "begard", "giltig_till", "expected"),
    [
        ("belastningsregister", "2024-01-15", "", D(2024, 7, 15)),
        ("sanningsforsakran", "2024-01-15", "", D(2025, 1, 15)),
        ("belastningsregister", "2024-08-31", "", D(2025, 2, 28)),
        ("belastningsregister", "2024-01-15", "2024-05-01", D(2024, 5, 1)),
    ],
)
def test_the_renewal_date_defaults_by_kind(client, alice, typ, begard, giltig_till, expected):
    foretradare = _foretradare()
    client.force_login(alice)
    response = client.post(
        reverse("arenden:registerkontroll_create", args=[foretradare.pk]),
        {
            "typ": typ,
            "begard": begard,
            "besvarad": "",
            "utfall": "vantar",
            "giltig_till": giltig_till,
        },
    )
    assert response.status_code == 302
    kontroll = Registerkontroll.objects.get()
    assert kontroll.giltig_till == expected
    assert kontroll.registrerad_av == alice
    assert kontroll.foretradare == foretradare
    assert kontroll.history.get().history_user == alice


@pytest.mark.django_db
def test_an_outcome_without_an_answer_date_is_refused_in_swedish(client, alice):
    foretradare = _foretradare()
    client.force_login(alice)
    response = client.post(
        reverse("arenden:registerkontroll_create", args=[foretradare.pk]),
        {"typ": "belastningsregister", "begard": "2024-01-15", "utfall": "inget"},
    )
    assert response.status_code == 200
    assert "Ange när svaret kom." in response.text
    assert not Registerkontroll.objects.exists()


@pytest.mark.django_db
def test_recording_the_answer_keeps_what_was_asked_for(client, alice):
    kontroll = RegisterkontrollFactory(
        foretradare=_foretradare(),
        registrerad_av=alice,
        besvarad=None,
        utfall=RegisterkontrollUtfall.VANTAR,
        giltig_till=None,
    )
    client.force_login(alice)
    response = client.post(
        reverse("arenden:registerkontroll_update", args=[kontroll.pk]),
        {
            "besvarad": "2024-02-01",
            "utfall": "inget",
            "giltig_till": "",
            "typ": "sanningsforsakran",
        },
    )
    assert response.status_code == 302
    kontroll.refresh_from_db()
    assert kontroll.utfall == RegisterkontrollUtfall.INGET
    assert kontroll.besvarad == D(2024, 2, 1)
    assert kontroll.typ == RegisterkontrollTyp.BELASTNINGSREGISTER
    assert kontroll.giltig_till == D(2024, 7, 15)
    page = client.get(reverse("arenden:registerkontroll_update", args=[kontroll.pk])).text
    assert "Väntar på svar → Inget registrerat" in page


@pytest.mark.django_db
def test_the_list_flags_missing_and_overdue_checks(client, alice, charlotte):
    today = timezone.localdate()
    saknas = _foretradare(namn="Anna Saknas")
    forfallen = _foretradare(namn="Bo Förfallen")
    aktuell = _foretradare(namn="Cecilia Aktuell")
    pausad = _foretradare(status=AvtalStatus.PAUSAD, namn="Dan Pausad")
    _foretradare(status=AvtalStatus.UPPSAGT, namn="Erik Uppsagt")
    _foretradare(namn="Fia Avgått", till=today - datetime.timedelta(days=1))
    # An old check that was renewed: only the latest counts.
    RegisterkontrollFactory(
        foretradare=aktuell,
        registrerad_av=alice,
        begard=today - datetime.timedelta(days=400),
        besvarad=today - datetime.timedelta(days=390),
        giltig_till=today - datetime.timedelta(days=200),
    )
    RegisterkontrollFactory(
        foretradare=aktuell,
        registrerad_av=alice,
        begard=today - datetime.timedelta(days=10),
        besvarad=today - datetime.timedelta(days=5),
        giltig_till=today + datetime.timedelta(days=170),
    )
    RegisterkontrollFactory(
        foretradare=forfallen,
        registrerad_av=alice,
        begard=today - datetime.timedelta(days=200),
        besvarad=today - datetime.timedelta(days=190),
        giltig_till=today - datetime.timedelta(days=17),
    )
    RegisterkontrollFactory(
        foretradare=pausad,
        registrerad_av=alice,
        begard=today - datetime.timedelta(days=3),
        besvarad=None,
        utfall=RegisterkontrollUtfall.VANTAR,
        giltig_till=today + datetime.timedelta(days=20),
    )
    client.force_login(charlotte)
    response = client.get(reverse(LIST))
    rows = {row.namn: row for row in response.context["object_list"]}
    assert set(rows) == {"Anna Saknas", "Bo Förfallen", "Cecilia Aktuell", "Dan Pausad"}
    assert rows["Anna Saknas"].status == "saknas"
    assert rows["Bo Förfallen"].status == "forfallen"
    assert rows["Cecilia Aktuell"].status == "aktuell"
    assert rows["Dan Pausad"].status == "snart"
    assert rows["Dan Pausad"].senaste_utfall == RegisterkontrollUtfall.VANTAR
    assert "Kontroll saknas" in response.text
    assert "Ska ha förnyats" in response.text
    assert "Ny kontroll" not in response.text  # a manager reads only

    todo = client.get(reverse(LIST), {"att_gora": "on"}).context["object_list"]
    assert {row.pk for row in todo} == {saknas.pk, forfallen.pk}
    waiting = client.get(reverse(LIST), {"utfall": "vantar"}).context["object_list"]
    assert [row.pk for row in waiting] == [pausad.pk]
    overdue = client.get(reverse(LIST), {"status": "forfallen"}).context["object_list"]
    assert [row.pk for row in overdue] == [forfallen.pk]


@pytest.mark.django_db
def test_the_forms_have_no_field_for_register_content(client, alice):
    foretradare = _foretradare()
    client.force_login(alice)
    response = client.get(reverse("arenden:registerkontroll_create", args=[foretradare.pk]))
    assert list(response.context["form"].fields) == [
        "typ",
        "begard",
        "besvarad",
        "utfall",
        "giltig_till",
    ]
    assert "<textarea" not in response.text


@pytest.mark.django_db
def test_the_list_query_count_does_not_grow_with_rows(client, alice):
    client.force_login(alice)
    for _ in range(2):
        RegisterkontrollFactory(foretradare=_foretradare(), registrerad_av=alice)
    small = count_queries(client, reverse(LIST))
    for _ in range(8):
        foretradare = _foretradare()
        RegisterkontrollFactory(foretradare=foretradare, registrerad_av=alice)
        RegisterkontrollFactory(
            foretradare=foretradare,
            registrerad_av=alice,
            begard=D(2024, 3, 1),
            besvarad=None,
            utfall=RegisterkontrollUtfall.VANTAR,
        )
        _foretradare()
    assert count_queries(client, reverse(LIST)) == small


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days_after_renewal_date", "status", "due"),
    [
        (-1, "snart", False),  # the day before
        (0, "forfallen", True),  # the renewal date itself: due
        (1, "forfallen", True),  # the day after
    ],
)
def test_a_check_is_due_on_its_renewal_date_in_the_list_and_the_reminder_alike(
    client, alice, days_after_renewal_date, status, due
):
    from arenden import paminnelser

    today = timezone.localdate()
    person = _foretradare(namn="Gun Gränsdag")
    RegisterkontrollFactory(
        foretradare=person,
        registrerad_av=alice,
        begard=today - datetime.timedelta(days=200),
        besvarad=today - datetime.timedelta(days=190),
        giltig_till=today - datetime.timedelta(days=days_after_renewal_date),
    )
    client.force_login(alice)
    (row,) = client.get(reverse(LIST)).context["object_list"]
    assert row.status == status
    # The reminder's own link ("att göra") shows exactly what the reminder names.
    todo = client.get(reverse(LIST), {"att_gora": "on"}).context["object_list"]
    assert [r.pk for r in todo] == ([person.pk] if due else [])
    reminded = paminnelser.registerkontroller_due(today)
    assert [r.objekt_id for r in reminded] == ([person.pk] if due else [])
    name, query = paminnelser.GROUP_LIST_URLS["registerkontroll"]
    assert reverse(name) + query == reverse(LIST) + "?att_gora=on"
