"""Review: accept, complement rounds, close, findings from answers, the close blocker."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from arenden.handelsstyrd import handelsstyrd_oppna, uppfoljning_avsluta
from arenden.models import BristStatus, Utfall
from enkater import granskning
from enkater.models import (
    Bedomning,
    BristUnderlag,
    FragaTyp,
    Komplettering,
    Malgrupp,
    Svar,
    SvarStatus,
    SvarVarde,
)
from tests.arenden.factories_sarskild import TemaFactory
from tests.clock import DEFAULT
from tests.enkater.factories import (
    AvtalskravFactory,
    FormularFactory,
    FragaFactory,
    MottagareFactory,
    SektionFactory,
    SvarFactory,
    UtskickFactory,
    VersionFactory,
)
from tests.factories import AvtalFactory, VerksamhetFactory

# The dates below are written out around the suite's default day (tests/clock.py).
pytestmark = pytest.mark.today(DEFAULT)

DEADLINE = datetime.date(2026, 12, 4)


@pytest.fixture
def world(db):
    return make_world()


def make_world():
    """A submitted answer from a unit to two questions, one tied to requirement 5.3.2."""
    version = VersionFactory(fryst=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))
    sektion = SektionFactory(version=version, rubrik="Bemanning")
    tema = TemaFactory(namn="Bemanning")
    krav = AvtalskravFactory(nummer="5.3.2", rubrik="Bemanning nattetid", tema=tema)
    schema = FragaFactory(sektion=sektion, typ=FragaTyp.KORT_TEXT, text="Hur bemannas natten?")
    schema.krav.add(krav)
    rutin = FragaFactory(sektion=sektion, typ=FragaTyp.JA_NEJ, text="Finns en rutin?")
    verksamhet = VerksamhetFactory(namn="Hem Björken")
    utskick = UtskickFactory(version=version)
    mottagare = MottagareFactory(
        utskick=utskick, leverantor=verksamhet.leverantor, verksamhet=verksamhet
    )
    svar = SvarFactory(
        mottagare=mottagare, status=SvarStatus.INSKICKAT, inskickad=datetime.date(2026, 11, 18)
    )
    SvarVarde.objects.create(svar=svar, fraga=schema, text="En vaken personal")
    SvarVarde.objects.create(svar=svar, fraga=rutin, text="Ja")
    return {"svar": svar, "schema": schema, "rutin": rutin, "krav": krav, "tema": tema}


def test_complement_rounds_are_numbered_and_keep_the_earlier_value(world, alice):
    svar, schema = world["svar"], world["schema"]
    rows = granskning.begar_komplettering(
        svar, {schema: "Ange antal personal per natt."}, DEADLINE, alice
    )
    svar.refresh_from_db()
    assert (svar.runda, svar.status) == (1, SvarStatus.KOMPLETTERING)
    assert [(k.runda, k.tidigare_text, k.svar_senast) for k in rows] == [
        (1, "En vaken personal", DEADLINE)
    ]
    assert SvarVarde.objects.get(svar=svar, fraga=schema).bedomning == Bedomning.KOMPLETTERING
    # The respondent completes (the answering area's work), and submits again.
    SvarVarde.objects.filter(svar=svar, fraga=schema).update(text="Två vakna personal")
    Komplettering.objects.filter(svar=svar).update(
        besvarad=datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC)
    )
    Svar.objects.filter(pk=svar.pk).update(status=SvarStatus.INSKICKAT)
    svar.refresh_from_db()
    granskning.begar_komplettering(svar, [(schema, "Och helger?")], DEADLINE, alice)
    assert list(Komplettering.objects.filter(svar=svar).values_list("runda", "tidigare_text")) == [
        (1, "En vaken personal"),
        (2, "Två vakna personal"),
    ]
    svar.refresh_from_db()
    assert svar.runda == 2


def test_the_mail_to_an_external_recipient_says_what_without_a_token(
    world, alice, django_capture_on_commit_callbacks
):
    svar, schema = world["svar"], world["schema"]
    token = svar.mottagare.token
    with django_capture_on_commit_callbacks(execute=True):
        granskning.begar_komplettering(svar, {schema: "Ange antal personal."}, DEADLINE, alice)
    [message] = mail.outbox
    assert message.to == [svar.mottagare.epost]
    assert "Ange antal personal." in message.body
    assert "2026-12-04" in message.body
    assert "Använd länken du fick" in message.body
    assert token not in message.body


def test_accept_is_refused_while_a_complement_is_open(world, alice):
    svar = world["svar"]
    granskning.begar_komplettering(svar, {world["schema"]: "Mer."}, DEADLINE, alice)
    svar.refresh_from_db()
    with pytest.raises(ValidationError, match="komplettering väntar"):
        granskning.svar_godkann(svar, alice)
    svar.refresh_from_db()
    assert svar.status == SvarStatus.KOMPLETTERING


def test_accept_closes_the_answer(world, alice, today):
    svar = world["svar"]
    granskning.varde_godkann(SvarVarde.objects.get(svar=svar, fraga=world["rutin"]), alice)
    granskning.svar_godkann(svar, alice)
    svar.refresh_from_db()
    assert (svar.status, svar.godkand, svar.granskad_av) == (SvarStatus.GODKANT, today, alice)
    assert set(svar.varden.values_list("bedomning", flat=True)) == {Bedomning.GODKAND}
    assert not granskning.vantar_granskning(svar.utskick.uppfoljning).exists()


def test_an_anonymous_answer_cannot_be_complemented(db, alice):
    formular = FormularFactory(malgrupp=Malgrupp.PERSONAL, anonymt=True)
    version = VersionFactory(formular=formular)
    fraga = FragaFactory(sektion=SektionFactory(version=version), typ=FragaTyp.LANG_TEXT)
    utskick = UtskickFactory(version=version)
    leverantor = MottagareFactory(utskick=utskick).leverantor
    svar = Svar.objects.create(
        utskick=utskick, version=version, leverantor=leverantor, status=SvarStatus.INSKICKAT
    )
    with pytest.raises(ValidationError, match="anonymt svar kan inte kompletteras"):
        granskning.begar_komplettering(svar, {fraga: "Mer."}, DEADLINE, alice)
    assert not Komplettering.objects.exists()


def test_a_finding_from_an_answer_is_prefilled_linked_and_follows_the_workflow(
    world, alice, client, today
):
    svar, schema = world["svar"], world["schema"]
    client.force_login(alice)
    url = reverse("enkater:brist_fran_svar", args=[svar.pk, schema.pk])
    page = client.get(url).content.decode()
    assert "Krav 5.3.2 Bemanning nattetid. Fråga: Hur bemannas natten?" in page
    response = client.post(
        url,
        {
            "tema": world["tema"].pk,
            "beskrivning": "Krav 5.3.2 Bemanning nattetid: en vaken personal räcker inte.",
            "allvarlighet": "medel",
            "krav": "Två vakna personal nattetid.",
            "atgard_senast": "2027-01-15",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    underlag = BristUnderlag.objects.select_related("brist").get()
    brist = underlag.brist
    assert (underlag.svar, underlag.fraga, underlag.krav) == (svar, schema, world["krav"])
    assert (brist.uppfoljning, brist.leverantor, brist.verksamhet, brist.tema) == (
        svar.utskick.uppfoljning,
        svar.leverantor,
        svar.verksamhet,
        world["tema"],
    )
    assert brist.konstaterad == today
    assert brist.history.get().history_user == alice
    # The existing workflow: the supplier fixed it, the strategist verified it.
    fixed = client.post(
        reverse("arenden:brist_fixed", args=[brist.pk]),
        {"atgardad": "2026-11-20", "verifierad": "2026-11-20"},
    )
    assert fixed.status_code == 302
    brist.refresh_from_db()
    assert brist.status == BristStatus.ATGARDAD


def test_a_finding_needs_its_deadline(world, alice):
    with pytest.raises(ValidationError):
        granskning.brist_fran_svar(world["svar"], world["schema"], alice, beskrivning="x")


def test_close_blocker_refuses_an_event_driven_case_with_an_answer_awaiting_review(alice):
    avtal = AvtalFactory()
    case = handelsstyrd_oppna(
        leverantor=avtal.leverantor,
        rubrik="Upprepade avvikelser",
        utlosande="Tre avvikelser",
        ansvarig=alice,
        user=alice,
    )
    utskick = UtskickFactory(uppfoljning=case)
    SvarFactory(
        mottagare=MottagareFactory(utskick=utskick, leverantor=avtal.leverantor),
        status=SvarStatus.INSKICKAT,
    )
    with pytest.raises(ValidationError) as error:
        uppfoljning_avsluta(
            uppfoljning=case,
            utfall=Utfall.INGEN_ATGARD,
            bedomning="Inga brister.",
            user=alice,
        )
    assert "1 svar väntar på granskning." in error.value.message_dict["utfall"][0]


def test_status_per_recipient_in_one_query(world, django_assert_num_queries):
    svar = world["svar"]
    other = MottagareFactory(utskick=svar.utskick)
    with django_assert_num_queries(1):
        statuses = granskning.status_per_mottagare(svar.utskick)
    assert statuses[svar.mottagare_id]["status"] == SvarStatus.INSKICKAT
    assert statuses[other.pk]["label"] == "Inte påbörjat"


def test_the_mail_to_a_colleague_links_to_their_page(
    db, alice, sixten, django_capture_on_commit_callbacks
):
    version = VersionFactory()
    fraga = FragaFactory(sektion=SektionFactory(version=version), typ=FragaTyp.KORT_TEXT)
    utskick = UtskickFactory(version=version)
    leverantor = AvtalFactory().leverantor
    sixten.email = "sixten@example.se"
    sixten.save()
    from enkater.models import Mottagare

    mottagare = Mottagare.objects.create(utskick=utskick, leverantor=leverantor, anvandare=sixten)
    svar = Svar.objects.create(
        utskick=utskick,
        version=version,
        mottagare=mottagare,
        leverantor=leverantor,
        status=SvarStatus.INSKICKAT,
    )
    SvarVarde.objects.create(svar=svar, fraga=fraga, text="Ja")
    with django_capture_on_commit_callbacks(execute=True):
        granskning.begar_komplettering(svar, {fraga: "Förtydliga."}, DEADLINE, alice)
    [message] = mail.outbox
    assert message.to == ["sixten@example.se"]
    assert "Du hittar frågorna här: http" in message.body
