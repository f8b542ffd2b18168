"""Who may open and post the follow-up pages no other test requested with a login.

Requests answered, visits created and changed, a finding's page, marking it
fixed and escalating it, a deviation's and a signal's page, assessing a
deviation, a special follow-up's sample, observation and assessment forms,
an invoice sample's page: the role allowed gets the page and can post, every
other role gets 403 (404 where the object is hidden from them), and
anonymous visitors are sent to the login page.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.models import (
    Avvikelse,
    Brist,
    BristStatus,
    Hanteringsstatus,
    Informationsbegaran,
    Platsbesok,
    Signal,
    SignalKalla,
    Stickprov,
    StickprovKalla,
    Uppfoljning,
    UppfoljningTyp,
)
from tests.arenden.factories_sarskild import SarskildFactory
from tests.factories import AvtalFactory, VerksamhetFactory

pytestmark = pytest.mark.django_db

D = datetime.date
PERSONAS = ("alice", "sam", "charlotte", "sixten", "ada")


@pytest.fixture
def users(request):
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def world(users):
    alice = users["alice"]
    avtal = AvtalFactory()
    unit = VerksamhetFactory(leverantor=avtal.leverantor, namn="Solgården HVB")
    case = Uppfoljning.objects.create(
        typ=UppfoljningTyp.HANDELSSTYRD,
        rubrik="Signal från IVO",
        leverantor=avtal.leverantor,
        ansvarig=alice,
        oppnad=D(2024, 3, 1),
    )
    begaran = Informationsbegaran.objects.create(
        uppfoljning=case,
        vad="Bemanningsschema för mars",
        skickad=D(2024, 3, 2),
        svar_senast=D(2024, 3, 20),
    )
    besok = Platsbesok.objects.create(
        uppfoljning=case,
        verksamhet=unit,
        tidpunkt=timezone.make_aware(datetime.datetime(2024, 3, 10, 19, 30)),
        genomfort=True,
        deltagare="Två strateger",
    )
    brist = Brist.objects.create(
        uppfoljning=case,
        leverantor=avtal.leverantor,
        verksamhet=unit,
        beskrivning="Ingen nattpersonal.",
        krav="Bemanna natten.",
        konstaterad=D(2024, 3, 10),
        atgard_senast=D(2024, 4, 10),
    )

    def deviation(by):
        return Avvikelse.objects.create(
            leverantor=avtal.leverantor,
            kategori_id="bemanning",
            datum=D(2024, 3, 5),
            beskrivning=f"Rapporterad av {by.username}.",
            rapporterad_av=by,
        )

    signal = Signal.objects.create(
        leverantor=avtal.leverantor,
        kalla=SignalKalla.IVO,
        datum=D(2024, 3, 1),
        beskrivning="IVO har öppnat ett tillsynsärende.",
        registrerad_av=alice,
    )
    return {
        "unit": unit,
        "case": case,
        "begaran": begaran,
        "besok": besok,
        "brist": brist,
        "by_sixten": deviation(users["sixten"]),
        "by_sam": deviation(users["sam"]),
        "signal": signal,
    }


def url(name, obj):
    return reverse(f"arenden:{name}", args=[obj.pk])


# (page, object, personas who get it; every other persona gets 403)
PAGES = [
    ("begaran_answered", "begaran", {"alice"}),
    ("besok_create", "case", {"alice"}),
    ("besok_update", "besok", {"alice"}),
    ("brist", "brist", {"alice", "sam", "charlotte"}),
    ("brist_fixed", "brist", {"alice"}),
    ("signal", "signal", {"alice", "charlotte"}),
]


@pytest.mark.parametrize(("name", "key", "allowed"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_page_answers_its_role_and_refuses_the_others(
    client, users, world, name, key, allowed, persona
):
    client.force_login(users[persona])
    response = client.get(url(name, world[key]))
    assert response.status_code == (200 if persona in allowed else 403)


@pytest.mark.parametrize(
    ("persona", "sixtens", "sams"),
    [
        ("alice", 200, 200),  # strategists and managers see every deviation
        ("charlotte", 200, 200),
        ("sixten", 200, 404),  # a reporter sees their own; others' do not exist for them
        ("sam", 404, 200),
        ("ada", 404, 404),  # reports none and sees none
    ],
)
def test_a_deviation_is_shown_to_its_reporter_and_to_those_who_see_all(
    client, users, world, persona, sixtens, sams
):
    client.force_login(users[persona])
    assert client.get(url("avvikelse", world["by_sixten"])).status_code == sixtens
    assert client.get(url("avvikelse", world["by_sam"])).status_code == sams


def test_a_reporter_sees_their_deviation_without_its_history(client, users, world):
    client.force_login(users["sixten"])
    response = client.get(url("avvikelse", world["by_sixten"]))
    assert "Rapporterad av sixten." in response.text
    assert response.context["history"] == []
    assert response.context["can_assess"] is False


def test_anonymous_visitors_are_sent_to_login(client, world):
    targets = [(name, world[key]) for name, key, _allowed in PAGES] + [
        ("avvikelse", world["by_sixten"]),
        ("avvikelse_assess", world["by_sixten"]),
        ("brist_escalate", world["brist"]),
    ]
    login = reverse("login")
    for name, obj in targets:
        for method in (client.get, client.post):
            response = method(url(name, obj))
            assert response.status_code == 302, name
            assert response.headers["Location"].startswith(login), name


# --- Posting: the allowed role changes the row, the others change nothing ------


@pytest.mark.parametrize("persona", ["sam", "charlotte", "sixten", "ada"])
def test_only_a_strategist_may_mark_a_request_answered(client, users, world, persona):
    client.force_login(users[persona])
    response = client.post(url("begaran_answered", world["begaran"]), {"besvarad": "2024-03-15"})
    assert response.status_code == 403
    world["begaran"].refresh_from_db()
    assert world["begaran"].besvarad is None


def test_a_strategist_marks_a_request_answered(client, users, world):
    client.force_login(users["alice"])
    response = client.post(url("begaran_answered", world["begaran"]), {"besvarad": "2024-03-15"})
    assert response.status_code == 302
    assert response.headers["Location"] == world["case"].get_absolute_url()
    world["begaran"].refresh_from_db()
    assert world["begaran"].besvarad == D(2024, 3, 15)
    # Once answered, the page leads back to the case instead of a form.
    again = client.get(url("begaran_answered", world["begaran"]))
    assert again.status_code == 302


def visit(unit, **extra):
    data = {"verksamhet": unit.pk, "tidpunkt": "2024-03-12T19:00", "anmalt": "on"}
    data.update(extra)
    return data


@pytest.mark.parametrize("persona", ["sam", "charlotte", "sixten", "ada"])
def test_only_a_strategist_may_register_or_change_a_visit(client, users, world, persona):
    client.force_login(users[persona])
    unit = world["unit"]
    assert client.post(url("besok_create", world["case"]), visit(unit)).status_code == 403
    changed = visit(unit, deltagare="Någon annan", genomfort="on")
    assert client.post(url("besok_update", world["besok"]), changed).status_code == 403
    assert list(Platsbesok.objects.values_list("deltagare", flat=True)) == ["Två strateger"]


def test_a_strategist_registers_and_changes_a_visit(client, users, world):
    client.force_login(users["alice"])
    unit = world["unit"]
    created = client.post(url("besok_create", world["case"]), visit(unit, kvall="on"))
    assert created.status_code == 302
    new = Platsbesok.objects.exclude(pk=world["besok"].pk).get()
    assert (new.verksamhet, new.anmalt, new.kvall, new.genomfort) == (unit, True, True, False)
    changed = client.post(
        url("besok_update", world["besok"]),
        visit(unit, tidpunkt="2024-03-10T19:30", genomfort="on", deltagare="Strateg och chef"),
    )
    assert changed.status_code == 302
    world["besok"].refresh_from_db()
    assert world["besok"].deltagare == "Strateg och chef"


@pytest.mark.parametrize("persona", ["sam", "charlotte", "sixten", "ada"])
def test_only_a_strategist_may_mark_a_finding_fixed_or_escalate_it(client, users, world, persona):
    client.force_login(users[persona])
    brist = world["brist"]
    fixed = {"atgardad": "2024-04-01", "verifierad": "2024-04-02"}
    assert client.post(url("brist_fixed", brist), fixed).status_code == 403
    assert client.post(url("brist_escalate", brist)).status_code == 403
    brist.refresh_from_db()
    assert brist.status == BristStatus.OPPEN
    assert Uppfoljning.objects.count() == 1


def test_a_strategist_marks_a_finding_fixed_and_verified(client, users, world):
    client.force_login(users["alice"])
    brist = world["brist"]
    response = client.post(
        url("brist_fixed", brist), {"atgardad": "2024-04-01", "verifierad": "2024-04-02"}
    )
    assert response.status_code == 302
    brist.refresh_from_db()
    assert (brist.status, brist.atgardad, brist.verifierad, brist.verifierad_av) == (
        BristStatus.ATGARDAD,
        D(2024, 4, 1),
        D(2024, 4, 2),
        users["alice"],
    )
    # A fixed finding can neither be fixed again nor escalated.
    assert client.get(url("brist_fixed", brist)).status_code == 302
    client.post(url("brist_escalate", brist))
    assert Uppfoljning.objects.count() == 1


def test_a_strategist_escalates_an_open_finding_to_a_new_case(client, users, world):
    client.force_login(users["alice"])
    brist = world["brist"]
    response = client.post(url("brist_escalate", brist))
    new_case = Uppfoljning.objects.exclude(pk=world["case"].pk).get()
    assert response.status_code == 302
    assert response.headers["Location"] == new_case.get_absolute_url()
    assert new_case.rubrik == "Ej åtgärdad brist: Ingen nattpersonal."
    assert (new_case.leverantor, new_case.verksamhet) == (brist.leverantor, world["unit"])
    brist.refresh_from_db()
    assert (brist.status, brist.eskalerad_till) == (BristStatus.EJ_ATGARDAD, new_case)


def test_escalating_answers_only_post(client, users, world):
    client.force_login(users["alice"])
    assert client.get(url("brist_escalate", world["brist"])).status_code == 405


@pytest.mark.parametrize("persona", ["sam", "charlotte", "sixten", "ada"])
def test_only_a_strategist_may_assess_a_deviation(client, users, world, persona):
    client.force_login(users[persona])
    assert client.post(url("avvikelse_assess", world["by_sixten"])).status_code == 403
    world["by_sixten"].refresh_from_db()
    assert world["by_sixten"].status == Hanteringsstatus.NY


def test_a_strategist_assesses_a_deviation(client, users, world):
    client.force_login(users["alice"])
    response = client.post(url("avvikelse_assess", world["by_sixten"]))
    assert response.status_code == 302
    world["by_sixten"].refresh_from_db()
    assert world["by_sixten"].status == Hanteringsstatus.BEDOMD
    assert client.get(url("avvikelse_assess", world["by_sixten"])).status_code == 405


# --- Special follow-ups and invoice samples ------------------------------------


@pytest.fixture
def planned(users):
    sarskild = SarskildFactory(ansvarig=users["alice"], ar=2024)
    stickprov = Stickprov.objects.create(
        namn="Stickprov våren 2024",
        datum=D(2024, 5, 2),
        kalla=StickprovKalla.PLACERINGAR,
        fran=D(2024, 1, 1),
        till=D(2024, 4, 30),
        seed=3,
        utford_av=users["alice"],
    )
    return {"sarskild": sarskild, "stickprov": stickprov}


SPECIAL_PAGES = [
    ("sarskild_urval", "sarskild", {"alice"}),
    ("sarskild_observation", "sarskild", {"alice"}),
    ("sarskild_bedomning", "sarskild", {"alice"}),
    ("stickprov", "stickprov", {"alice", "charlotte"}),
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_special_follow_up_and_sample_pages_answer_their_roles(client, users, planned, persona):
    client.force_login(users[persona])
    for name, key, allowed in SPECIAL_PAGES:
        expected = 200 if persona in allowed else 403
        assert client.get(url(name, planned[key])).status_code == expected, name


@pytest.mark.parametrize("persona", ["sam", "charlotte", "sixten", "ada"])
def test_only_a_strategist_may_write_a_special_follow_ups_assessment(
    client, users, planned, persona
):
    client.force_login(users[persona])
    response = client.post(url("sarskild_bedomning", planned["sarskild"]), {"bedomning": "Ny."})
    assert response.status_code == 403
    planned["sarskild"].refresh_from_db()
    assert planned["sarskild"].bedomning == ""
