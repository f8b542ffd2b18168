import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.handelsstyrd import handelsstyrd_oppna
from arenden.models import Avvikelse, Brist, Platsbesok, Uppfoljning
from leverantorer.models import AvtalStatus
from tests.factories import AvtalFactory, VerksamhetFactory
from tests.querycount import count_queries


def case_for(alice, avtal):
    return handelsstyrd_oppna(
        leverantor=avtal.leverantor,
        rubrik="Signal från IVO",
        utlosande="IVO-beslut",
        ansvarig=alice,
        user=alice,
    )


@pytest.mark.django_db
def test_a_strategist_opens_a_case_from_a_deviation(client, alice, sixten):
    avtal = AvtalFactory()
    avvikelse = Avvikelse.objects.create(
        leverantor=avtal.leverantor,
        kategori_id="bemanning",
        beskrivning="Ingen nattpersonal",
        rapporterad_av=sixten,
    )
    client.force_login(alice)
    form_page = client.get(
        reverse("arenden:handelsstyrd_create"),
        {"leverantor": avtal.leverantor_id, "avvikelse": avvikelse.pk},
    )
    assert form_page.status_code == 200
    response = client.post(
        reverse("arenden:handelsstyrd_create") + f"?leverantor={avtal.leverantor_id}",
        {
            "leverantor": avtal.leverantor_id,
            "rubrik": "Bemanning",
            "utlosande": "Avvikelse",
            "avvikelser": [avvikelse.pk],
        },
    )
    case = Uppfoljning.objects.get()
    assert response.headers["Location"] == case.get_absolute_url()
    assert (
        "Ingen nattpersonal" not in client.get(case.get_absolute_url()).text
    )  # linked, not copied
    assert "Avvikelse" in client.get(case.get_absolute_url()).text


@pytest.mark.django_db
def test_closing_with_a_temporary_exclusion_pauses_the_contract(client, alice):
    avtal = AvtalFactory()
    case = case_for(alice, avtal)
    client.force_login(alice)
    response = client.post(
        reverse("arenden:uppfoljning_close", args=[case.pk]),
        {
            "utfall": "tillfallig_uteslutning",
            "bedomning": "Allvarliga brister i bemanningen.",
            "avtal": avtal.pk,
            "beslutsdatum": "2024-06-03",
            "beslutsfattare": "Enhetschef",
            "skal": "brister",
            "omprovning_datum": "2024-09-01",
        },
    )
    assert response.status_code == 302
    avtal.refresh_from_db()
    assert avtal.status == AvtalStatus.PAUSAD
    page = client.get(avtal.get_absolute_url()).text
    assert "Allvarliga brister i bemanningen." in page


@pytest.mark.django_db
def test_closing_without_an_outcome_is_refused(client, alice):
    case = case_for(alice, AvtalFactory())
    client.force_login(alice)
    response = client.post(reverse("arenden:uppfoljning_close", args=[case.pk]), {"bedomning": "x"})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text
    case.refresh_from_db()
    assert case.status == "oppen"


@pytest.mark.django_db
def test_a_planned_unannounced_visit_is_hidden_from_all_but_strategists(client, alice, charlotte):
    avtal = AvtalFactory()
    case = case_for(alice, avtal)
    unit = VerksamhetFactory(leverantor=avtal.leverantor, namn="Björkhemmet")
    Platsbesok.objects.create(
        uppfoljning=case, verksamhet=unit, tidpunkt=timezone.now(), anmalt=False, kvall=True
    )
    client.force_login(alice)
    assert "Björkhemmet" in client.get(case.get_absolute_url()).text
    assert "Björkhemmet" in client.get(avtal.leverantor.get_absolute_url()).text
    client.force_login(charlotte)
    assert "Björkhemmet" not in client.get(case.get_absolute_url()).text
    assert "Oanmält besök" not in client.get(avtal.leverantor.get_absolute_url()).text


@pytest.mark.django_db
def test_findings_past_their_deadline_are_listed_and_can_be_verified(client, alice):
    avtal = AvtalFactory()
    case = case_for(alice, avtal)
    client.force_login(alice)
    client.post(
        reverse("arenden:brist_create", args=[case.pk]),
        {
            "beskrivning": "Genomförandeplan saknas",
            "allvarlighet": "medel",
            "krav": "Upprätta planer",
            "atgard_senast": "2024-01-31",
        },
    )
    brist = Brist.objects.get()
    assert brist.leverantor == avtal.leverantor
    late = client.get(reverse("arenden:brist_list"), {"visa": "forsenade"}).context["object_list"]
    assert list(late) == [brist]
    client.post(reverse("arenden:brist_fixed", args=[brist.pk]))
    brist.refresh_from_db()
    assert (brist.status, brist.verifierad_av) == ("atgardad", alice)
    assert (
        list(
            client.get(reverse("arenden:brist_list"), {"visa": "forsenade"}).context["object_list"]
        )
        == []
    )


@pytest.mark.django_db
def test_the_case_list_filters_and_exports(client, alice, charlotte):
    case_for(alice, AvtalFactory(leverantor__namn="Alfa AB"))
    closed = case_for(alice, AvtalFactory(leverantor__namn="Beta AB"))
    closed.status = "avslutad"
    closed.save()
    client.force_login(charlotte)
    listed = client.get(reverse("arenden:uppfoljning_list"), {"status": "oppen"})
    assert [u.leverantor.namn for u in listed.context["object_list"]] == ["Alfa AB"]
    assert [
        u.leverantor.namn
        for u in client.get(reverse("arenden:uppfoljning_list"), {"typ": "sarskild"}).context[
            "object_list"
        ]
    ] == []
    csv = client.get(reverse("arenden:uppfoljning_list"), {"export": "csv"})
    assert "Händelsestyrd;Signal från IVO;Beta AB" in csv.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_list_detail_and_timeline_query_counts_do_not_grow(client, alice, sixten):
    avtal = AvtalFactory()
    client.force_login(alice)

    def grow():
        case = case_for(alice, avtal)
        Avvikelse.objects.create(
            leverantor=avtal.leverantor,
            kategori_id="lokaler",
            beskrivning="Fukt",
            rapporterad_av=sixten,
        )
        Brist.objects.create(
            uppfoljning=case,
            leverantor=avtal.leverantor,
            beskrivning="B",
            krav="K",
            atgard_senast=datetime.date(2024, 1, 1),
        )
        Platsbesok.objects.create(
            uppfoljning=case,
            verksamhet=VerksamhetFactory(leverantor=avtal.leverantor),
            tidpunkt=timezone.now(),
            genomfort=True,
        )
        return case

    first = grow()
    urls = [
        reverse("arenden:uppfoljning_list"),
        first.get_absolute_url(),
        avtal.leverantor.get_absolute_url(),
        reverse("home"),
    ]
    before = [count_queries(client, url) for url in urls]
    for _ in range(4):
        grow()
    assert [count_queries(client, url) for url in urls] == before


@pytest.mark.django_db
def test_the_timeline_shows_each_role_only_what_it_may_see(client, alice, sam, sixten):
    from arenden.models import Registerkontroll
    from leverantorer.models import Foretradare

    avtal = AvtalFactory()
    Avvikelse.objects.create(
        leverantor=avtal.leverantor,
        kategori_id="lokaler",
        beskrivning="Fuktskada",
        rapporterad_av=sixten,
    )
    person = Foretradare.objects.create(leverantor=avtal.leverantor, namn="Vera Vd", roll="vd")
    Registerkontroll.objects.create(
        foretradare=person,
        typ="belastningsregister",
        besvarad=datetime.date(2024, 2, 1),
        utfall="bedomning",
        registrerad_av=alice,
    )
    client.force_login(alice)
    timeline = client.get(avtal.leverantor.get_absolute_url()).context["timeline"]
    assert {e.typ for e in timeline} == {"Avvikelse", "Registerkontroll"}
    client.force_login(sam)
    assert client.get(avtal.leverantor.get_absolute_url()).context["timeline"] == []


@pytest.mark.django_db
def test_the_list_offers_only_the_kinds_a_case_can_have(client, alice):
    # Ongoing follow-up (löpande) is never a case: the filter does not offer it.
    client.force_login(alice)
    form = client.get(reverse("arenden:uppfoljning_list")).context["filter"].form
    assert list(form.fields["typ"].choices) == [
        ("", "Alla"),
        ("handelsstyrd", "Händelsestyrd"),
        ("sarskild", "Särskild"),
    ]
