import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.models import Avropskontroll, IvoKontroll, Kreditkontroll, Utslag
from tests.factories import AvtalFactory, VerksamhetFactory
from tests.helpers import pause
from tests.querycount import count_queries


def checked(avtal, unit):
    IvoKontroll.objects.create(
        verksamhet=unit,
        kalla="manuell",
        status="ok",
        tillstand="giltigt",
        vilande=False,
        krav_pa_aterrapportering=False,
    )
    Kreditkontroll.objects.create(
        leverantor=avtal.leverantor,
        kalla="manuell",
        status="ok",
        betalningsanmarkningar=False,
        skatteskulder=False,
    )


def fine_unit(**supplier):
    avtal = AvtalFactory(**supplier)
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    checked(avtal, unit)
    return avtal, unit


def verdict_url(avtal, unit):
    return reverse("arenden:avrop_verdict", args=[avtal.pk, unit.pk])


# The pause the stop pages show (a day before the suite's today, 2026-11-20, at least).
PAUSED = {"datum": datetime.date(2026, 11, 1), "omprovning": datetime.date(2027, 1, 1)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"), [("sam", 200), ("alice", 200), ("charlotte", 403), ("sixten", 403)]
)
def test_coordinators_and_strategists_check(client, request, persona, status):
    avtal, unit = fine_unit()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("arenden:avrop_search")).status_code == status
    assert client.get(verdict_url(avtal, unit)).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["hornstenen", "HÖRNSTENEN", "hörnst", "  Hornstenen "])
def test_search_ignores_case_and_accents(client, sam, query):
    avtal = AvtalFactory(leverantor__namn="Hörnstenen Vård AB")
    VerksamhetFactory(leverantor=avtal.leverantor, namn="Hörnstenens HVB")
    VerksamhetFactory(namn="Annat hem")
    client.force_login(sam)
    data = client.get(reverse("arenden:avrop_search"), {"q": query, "format": "json"}).json()
    assert [hit["verksamhet"] for hit in data["results"]] == ["Hörnstenens HVB"]
    assert data["results"][0]["avtal"][0]["url"].startswith("/uppfoljning/avrop/avtal/")


@pytest.mark.django_db
def test_search_finds_orgnr_and_permit_number(client, sam):
    avtal = AvtalFactory()
    unit = VerksamhetFactory(leverantor=avtal.leverantor, ivo_tillstandsnummer="3.5.1-12345/2019")
    client.force_login(sam)
    for query in (
        avtal.leverantor.organisationsnummer,
        avtal.leverantor.organisationsnummer.replace("-", ""),
        "12345/2019",
    ):
        hits = client.get(reverse("arenden:avrop_search"), {"q": query}).context["hits"]
        assert [u for u, _ in hits] == [unit], query


@pytest.mark.django_db
def test_a_paused_contract_stops_and_another_unit_is_ready(client, sam, alice):
    paused, paused_unit = fine_unit()
    pause(paused, alice, **PAUSED)
    ready, ready_unit = fine_unit()
    client.force_login(sam)
    stop = client.get(verdict_url(paused, paused_unit))
    assert stop.context["bedomning"].utslag == Utslag.STOPP
    assert "tillfälligt uteslutet från avrop sedan 2026-11-01" in stop.text
    assert client.get(verdict_url(ready, ready_unit)).context["bedomning"].utslag == Utslag.KLAR


@pytest.mark.django_db
def test_registering_freezes_the_reasons_as_they_stood(client, sam, alice):
    avtal, unit = fine_unit()
    client.force_login(sam)
    response = client.post(verdict_url(avtal, unit), {"anteckning": "P-2026-000123"})
    assert response.status_code == 302
    record = Avropskontroll.objects.get()
    assert (record.utslag, record.skal, record.kontrollerad_av) == (Utslag.KLAR, [], sam)
    pause(avtal, alice, **PAUSED)  # later changes do not rewrite what was seen
    record.refresh_from_db()
    assert (record.utslag, record.skal) == (Utslag.KLAR, [])
    response = client.post(verdict_url(avtal, unit), {})
    assert response.status_code == 302, response.context["form"].errors
    latest = Avropskontroll.objects.exclude(pk=record.pk).get()
    assert latest.utslag == Utslag.STOPP
    assert "tillfälligt uteslutet" in latest.skal[0]["text"]


@pytest.mark.django_db
def test_a_personnummer_in_the_note_is_refused(client, sam):
    avtal, unit = fine_unit()
    client.force_login(sam)
    response = client.post(verdict_url(avtal, unit), {"anteckning": "811218-9876"})
    assert "personnummer" in response.text
    assert not Avropskontroll.objects.exists()


@pytest.mark.django_db
def test_the_audit_list_answers_was_it_checked(client, sam, charlotte):
    avtal, unit = fine_unit(leverantor__namn="Ekliden AB")
    other, other_unit = fine_unit(leverantor__namn="Björkbacken AB")
    client.force_login(sam)
    client.post(verdict_url(avtal, unit), {"anteckning": "P-1"})
    client.post(verdict_url(other, other_unit), {"anteckning": "P-2"})
    client.force_login(charlotte)
    listed = client.get(reverse("arenden:avrop_records"), {"leverantor": avtal.leverantor_id})
    assert [r.anteckning for r in listed.context["object_list"]] == ["P-1"]
    today = timezone.localdate().isoformat()
    csv = client.get(reverse("arenden:avrop_records"), {"fran": today, "export": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert "Ekliden AB" in text and "Björkbacken AB" in text and "Klar för avrop" in text


@pytest.mark.django_db
def test_the_call_off_order_sets_stopped_suppliers_apart(client, sam, alice):
    first, first_unit = fine_unit()
    second = AvtalFactory(ramavtal=first.ramavtal, rangordning=first.rangordning + 1)
    second_unit = VerksamhetFactory(leverantor=second.leverantor)
    checked(second, second_unit)
    pause(first, alice, **PAUSED)
    client.force_login(sam)
    page = client.get(reverse("arenden:avropsordning", args=[first.ramavtal_id]))
    assert [(a, u) for a, u, _ in page.context["open_rows"]] == [(second, second_unit)]
    assert [(a, u) for a, u, _ in page.context["stopped_rows"]] == [(first, first_unit)]


@pytest.mark.django_db
def test_a_manual_ivo_check_feeds_the_verdict(client, sam):
    avtal = AvtalFactory()
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    client.force_login(sam)
    assert "kontrollera i IVO:s Placeringsstöd" in client.get(verdict_url(avtal, unit)).text
    client.post(
        reverse("arenden:avrop_ivo", args=[unit.pk]),
        {
            "kontrollerad": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "tillstand": "aterkallat",
            "vilande": "false",
            "krav_pa_aterrapportering": "false",
            "iakttagelse": "Placeringsstöd: tillståndet återkallat.",
        },
    )
    check = IvoKontroll.objects.get()
    assert (check.kalla, check.registrerad_av) == ("manuell", sam)
    assert client.get(verdict_url(avtal, unit)).context["bedomning"].utslag == Utslag.STOPP


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_data(client, sam, alice):
    avtal, unit = fine_unit(leverantor__namn="Alfa Vård AB")

    def grow():
        other, other_unit = fine_unit(ramavtal=avtal.ramavtal, leverantor__namn="Alfa Omsorg AB")
        checked(avtal, unit)  # more checks of the same unit
        pause(other, alice, **PAUSED)

    grow()
    urls = [
        verdict_url(avtal, unit),
        reverse("arenden:avrop_search") + "?q=alfa",
        reverse("arenden:avrop_search") + "?q=alfa&format=json",
        reverse("arenden:avropsordning", args=[avtal.ramavtal_id]),
    ]
    client.force_login(sam)
    before = [count_queries(client, url) for url in urls]
    for _ in range(4):
        grow()
    assert [count_queries(client, url) for url in urls] == before
