"""The review page, accepting an answer, and the follow-up page's questionnaire panel."""

import pytest
from django.urls import reverse

from enkater.models import Bedomning, Komplettering, SvarStatus, SvarVarde
from tests.clock import DEFAULT
from tests.enkater.test_granskning import world  # noqa: F401 - the shared fixture
from tests.querycount import count_queries

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = pytest.mark.today(DEFAULT)


def test_one_form_posts_several_decisions_and_the_new_deadline(world, alice, client):  # noqa: F811
    svar, schema, rutin = world["svar"], world["schema"], world["rutin"]
    client.force_login(alice)
    url = reverse("enkater:svar_granska", args=[svar.pk])
    page = client.get(url).content.decode()
    assert "En vaken personal" in page and "Begär komplettering" in page
    response = client.post(
        url,
        {
            f"beslut_{rutin.pk}": "godkann",
            f"beslut_{schema.pk}": "komplettering",
            f"kommentar_{schema.pk}": "Ange antal personal per natt.",
            "svar_senast": "2026-12-04",
        },
    )
    assert response.status_code == 302
    svar.refresh_from_db()
    assert (svar.status, svar.runda) == (SvarStatus.KOMPLETTERING, 1)
    assert SvarVarde.objects.get(svar=svar, fraga=rutin).bedomning == Bedomning.GODKAND
    assert Komplettering.objects.get().kommentar == "Ange antal personal per natt."
    page = client.get(url).content.decode()
    assert "Runda 1" in page and "väntar på komplettering" in page
    # Accepting the whole answer is refused while the complement is open.
    client.post(reverse("enkater:svar_godkann", args=[svar.pk]))
    svar.refresh_from_db()
    assert svar.status == SvarStatus.KOMPLETTERING


def test_a_complement_needs_a_comment_and_a_deadline(world, alice, client):  # noqa: F811
    svar, schema = world["svar"], world["schema"]
    client.force_login(alice)
    response = client.post(
        reverse("enkater:svar_granska", args=[svar.pk]),
        {f"beslut_{schema.pk}": "komplettering"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv vad som ska kompletteras i frågan." in page
    assert "Ange när kompletteringen ska vara inne." in page
    assert not Komplettering.objects.exists()


def test_accepting_closes_the_answer(world, alice, client):  # noqa: F811
    svar = world["svar"]
    client.force_login(alice)
    client.post(reverse("enkater:svar_godkann", args=[svar.pk]))
    svar.refresh_from_db()
    assert svar.status == SvarStatus.GODKANT


def test_a_draft_is_not_reviewed(world, alice, client):  # noqa: F811
    svar = world["svar"]
    svar.status = SvarStatus.UTKAST
    svar.save()
    client.force_login(alice)
    assert client.get(reverse("enkater:svar_granska", args=[svar.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["alice", "charlotte"])
def test_the_follow_up_page_shows_the_panel(world, request, client, persona):  # noqa: F811
    svar = world["svar"]
    uppfoljning = svar.utskick.uppfoljning
    client.force_login(request.getfixturevalue(persona))
    url = reverse("arenden:sarskild", args=[uppfoljning.pk])
    page = client.get(url).content.decode()
    assert "Frågeformulär" in page
    assert "1 svar väntar på granskning." in page
    assert "Hem Björken" in page
    assert ("granskning/" in page) == (persona == "alice")


def test_the_panel_costs_the_same_whatever_the_number_of_recipients(world, alice, client):  # noqa: F811
    from tests.enkater.factories import MottagareFactory, SvarFactory

    svar = world["svar"]
    uppfoljning = svar.utskick.uppfoljning
    client.force_login(alice)
    url = reverse("arenden:sarskild", args=[uppfoljning.pk])
    before = count_queries(client, url)
    for _ in range(5):
        SvarFactory(mottagare=MottagareFactory(utskick=svar.utskick), status=SvarStatus.INSKICKAT)
    assert count_queries(client, url) == before


def test_a_sampled_supplier_not_yet_asked_has_its_row(world, alice, client):  # noqa: F811
    from tests.arenden.factories_sarskild import UrvalRadFactory

    uppfoljning = world["svar"].utskick.uppfoljning
    UrvalRadFactory(uppfoljning=uppfoljning, leverantor__namn="Ännu Ej Tillfrågad AB")
    client.force_login(alice)
    page = client.get(reverse("arenden:sarskild", args=[uppfoljning.pk])).content.decode()
    assert "Ännu Ej Tillfrågad AB" in page
