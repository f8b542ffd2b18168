import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.models import Avvikelse, Hanteringsstatus, Signal
from tests.conftest import make_user
from tests.factories import AvtalFactory, LeverantorFactory, VerksamhetFactory
from tests.querycount import count_queries
from uppfoljning import roles


def report(client, leverantor, **extra):
    data = {
        "leverantor": leverantor.pk,
        "datum": "2024-05-02",
        "kategori": "fakturering",
        "allvarlighet": "lag",
        "beskrivning": "Fakturerat utflyttsdagen.",
        **extra,
    }
    return client.post(reverse("arenden:avvikelse_create"), data)


@pytest.mark.django_db
def test_a_social_worker_reports_and_sees_only_their_own(client, sixten, sam):
    leverantor = LeverantorFactory()
    client.force_login(sam)
    report(client, leverantor, beskrivning="Samordnarens avvikelse")
    client.force_login(sixten)
    response = report(client, leverantor)
    avvikelse = Avvikelse.objects.get(rapporterad_av=sixten)
    assert response.headers["Location"] == avvikelse.get_absolute_url()
    listed = client.get(reverse("arenden:avvikelse_list")).context["object_list"]
    assert [a.pk for a in listed] == [avvikelse.pk]
    other = Avvikelse.objects.get(rapporterad_av=sam)
    assert client.get(other.get_absolute_url()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "arenden:inbox",
        "arenden:uppfoljning_list",
        "arenden:brist_list",
        "arenden:handelsstyrd_create",
        "leverantorer:list",
    ],
)
def test_a_social_worker_cannot_browse_cases(client, sixten, name):
    client.force_login(sixten)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.django_db
def test_a_personnummer_in_a_deviation_is_refused_and_nothing_is_stored(client, sixten):
    client.force_login(sixten)
    response = report(client, LeverantorFactory(), beskrivning="Gäller 19811218-9876")
    assert response.status_code == 200
    assert "ser ut som ett personnummer" in response.text
    assert "9876" not in response.text.split("</textarea>")[-1]
    assert not Avvikelse.objects.exists()


@pytest.mark.django_db
def test_the_unit_must_belong_to_the_supplier(client, sixten):
    client.force_login(sixten)
    response = report(client, LeverantorFactory(), verksamhet=VerksamhetFactory().pk)
    assert "Verksamheten hör inte till leverantören." in response.text
    assert not Avvikelse.objects.exists()


@pytest.mark.django_db
def test_the_inbox_shows_new_deviations_signals_and_proposals(client, alice, sixten):
    leverantor = LeverantorFactory(namn="Ekliden Vård AB")
    client.force_login(sixten)
    report(client, leverantor, allvarlighet="allvarlig", datum=str(timezone.localdate()))
    client.force_login(alice)
    client.post(
        reverse("arenden:signal_create"),
        {
            "leverantor": leverantor.pk,
            "kalla": "media",
            "datum": "2024-05-03",
            "beskrivning": "Artikel om brister i bemanningen.",
        },
    )
    page = client.get(reverse("arenden:inbox")).text
    assert "Ekliden Vård AB: Felaktig fakturering" in page
    assert "från Media" in page
    assert "1 allvarlig(a) avvikelse(r)" in page
    signal = Signal.objects.get()
    client.post(reverse("arenden:signal_assess", args=[signal.pk]))
    signal.refresh_from_db()
    assert signal.status == Hanteringsstatus.BEDOMD


@pytest.mark.django_db
def test_the_rule_can_be_changed_by_a_strategist(client, alice):
    client.force_login(alice)
    response = client.post(reverse("arenden:rule_update"), {"antal_avvikelser": 2, "manader": 6})
    assert response.status_code == 302
    assert "2 avvikelser inom 6 månader" in client.get(reverse("arenden:inbox")).text


@pytest.mark.django_db
def test_the_inbox_query_count_does_not_grow(client, alice, sixten):
    client.force_login(sixten)
    for _ in range(2):
        report(client, LeverantorFactory())
    client.force_login(alice)
    before = count_queries(client, reverse("arenden:inbox"))
    client.force_login(sixten)
    for _ in range(6):
        report(client, LeverantorFactory(), allvarlighet="allvarlig")
    client.force_login(alice)
    assert count_queries(client, reverse("arenden:inbox")) == before


def test_a_signal_goes_to_the_responsible_strategist_and_the_inbox_can_show_only_mine(
    client, alice, django_user_model
):
    bertil = make_user(django_user_model, "bertil", roles.STRATEG)
    mine = AvtalFactory(ramavtal__ansvarig_strateg=alice, leverantor__namn="Alices Vård AB")
    theirs = AvtalFactory(ramavtal__ansvarig_strateg=bertil, leverantor__namn="Bertils Hem AB")
    orphan = AvtalFactory(ramavtal__ansvarig_strateg=None, leverantor__namn="Ingens Omsorg AB")
    client.force_login(alice)
    for avtal in (mine, theirs, orphan):
        client.post(
            reverse("arenden:signal_create"),
            {
                "leverantor": avtal.leverantor.pk,
                "kalla": "media",
                "datum": "2024-05-03",
                "beskrivning": "Artikel om brister.",
            },
        )
    assert Signal.objects.get(leverantor=mine.leverantor).ansvarig == alice
    assert Signal.objects.get(leverantor=theirs.leverantor).ansvarig == bertil
    assert Signal.objects.get(leverantor=orphan.leverantor).ansvarig is None

    everything = client.get(reverse("arenden:inbox")).text
    assert "Bertils Hem AB" in everything and "ansvarig: Bertil" in everything
    only_mine = client.get(reverse("arenden:inbox") + "?mina=1").text
    assert "Alices Vård AB" in only_mine and "Ingens Omsorg AB" in only_mine
    assert "Bertils Hem AB" not in only_mine

    home = client.get(reverse("home")).text
    assert "Alices Vård AB" in home and "Bertils Hem AB" not in home
    detail = client.get(Signal.objects.get(leverantor=mine.leverantor).get_absolute_url()).text
    assert "Ansvarig strateg" in detail
