"""Every event a user records takes the day it happened, with the date rules.

"Today" is fixed at 2026-03-10 12:00 in Stockholm by the `today` marker
(tests/clock.py), which every clock reads; nothing here depends on the real date.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from arenden.handelsstyrd import handelsstyrd_oppna
from arenden.models import (
    Avvikelse,
    Brist,
    BristStatus,
    Dokumentbegaran,
    Informationsbegaran,
    Platsbesok,
    Uppfoljning,
    UppfoljningStatus,
)
from leverantorer.models import Beslut
from tests.arenden.factories_sarskild import UrvalRadFactory
from tests.factories import AvtalFactory, VerksamhetFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=STOCKHOLM)
D = datetime.date

RANGE = "Datumet måste ligga mellan 1990-01-01 och 2100-12-31."
FUTURE = "Datumet kan inte ligga efter dagens datum (2026-03-10)."


# Every test here runs on that day (tests/clock.py); `today` is its date.
pytestmark = pytest.mark.today(NOW)


@pytest.fixture
def avtal(db):
    return AvtalFactory()


def open_case(alice, avtal, oppnad):
    return handelsstyrd_oppna(
        leverantor=avtal.leverantor,
        rubrik="Signal från IVO",
        utlosande="IVO-beslut",
        ansvarig=alice,
        user=alice,
        oppnad=oppnad,
    )


def errors_of(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


# --- The case: opened and closed -------------------------------------------


def post_new_case(client, avtal, oppnad):
    return client.post(
        reverse("arenden:handelsstyrd_create"),
        {
            "leverantor": avtal.leverantor_id,
            "rubrik": "Bemanning",
            "utlosande": "Avvikelser om nattbemanning",
            "oppnad": oppnad,
        },
    )


@pytest.mark.django_db
def test_a_case_entered_afterwards_keeps_the_day_it_was_opened(client, alice, avtal, today):
    client.force_login(alice)
    response = post_new_case(client, avtal, "2025-11-03")
    case = Uppfoljning.objects.get()
    assert response.headers["Location"] == case.get_absolute_url()
    assert case.oppnad == D(2025, 11, 3)
    # The history still says when it was entered.
    assert timezone.localtime(case.history.get().history_date).date() == D(2026, 3, 10)


@pytest.mark.django_db
def test_a_case_opened_without_a_date_is_opened_today(client, alice, avtal, today):
    client.force_login(alice)
    form = client.get(reverse("arenden:handelsstyrd_create")).context["form"]
    assert form["oppnad"].value() == D(2026, 3, 10)
    post_new_case(client, avtal, "")
    assert Uppfoljning.objects.get().oppnad == D(2026, 3, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("oppnad", "message"),
    [("2026-03-11", FUTURE), ("0001-01-01", RANGE), ("2101-01-01", RANGE)],
)
def test_a_case_cannot_be_opened_in_the_future_or_out_of_range(
    client, alice, avtal, today, oppnad, message
):
    client.force_login(alice)
    response = post_new_case(client, avtal, oppnad)
    assert response.status_code == 200
    assert errors_of(response, "oppnad")[0].startswith(message)
    assert message in response.text
    assert not Uppfoljning.objects.exists()


def close_data(avslutad, **extra):
    return {
        "utfall": "ingen_atgard",
        "bedomning": "Inget att anmärka.",
        "avslutad": avslutad,
        **extra,
    }


@pytest.mark.django_db
def test_a_case_is_closed_on_the_day_given(client, alice, avtal, today):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    response = client.post(
        reverse("arenden:uppfoljning_close", args=[case.pk]), close_data("2026-02-27")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.avslutad) == (UppfoljningStatus.AVSLUTAD, D(2026, 2, 27))


@pytest.mark.django_db
def test_a_case_closed_without_a_date_is_closed_today(client, alice, avtal, today):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    page = client.get(reverse("arenden:uppfoljning_close", args=[case.pk]))
    assert page.context["form"]["avslutad"].value() == D(2026, 3, 10)
    client.post(reverse("arenden:uppfoljning_close", args=[case.pk]), close_data(""))
    case.refresh_from_db()
    assert case.avslutad == D(2026, 3, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("avslutad", "message"),
    [
        ("2026-01-11", "Uppföljningen kan inte avslutas före det datum den öppnades."),
        ("2026-03-11", FUTURE),
        ("0001-01-01", RANGE),
    ],
)
def test_a_case_cannot_be_closed_before_it_opened_or_in_the_future(
    client, alice, avtal, today, avslutad, message
):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    # A contract outcome: a refused date must leave no decision behind either.
    response = client.post(
        reverse("arenden:uppfoljning_close", args=[case.pk]),
        close_data(
            avslutad,
            utfall="tillfallig_uteslutning",
            avtal=avtal.pk,
            beslutsdatum="2026-01-20",
            beslutsfattare="Enhetschef",
            skal="brister",
            omprovning_datum="2026-04-20",
        ),
    )
    assert response.status_code == 200
    assert errors_of(response, "avslutad")[0].startswith(message)
    case.refresh_from_db()
    assert (case.status, case.avslutad, case.beslut) == (UppfoljningStatus.OPPEN, None, None)
    assert not Beslut.objects.exists()
    avtal.refresh_from_db()
    assert avtal.status == "aktiv"


# --- Requests: sent and answered --------------------------------------------


def post_request(client, case, skickad, besvarad=""):
    return client.post(
        reverse("arenden:begaran_create", args=[case.pk]),
        {
            "vad": "Bemanningsschema",
            "skickad": skickad,
            "svar_senast": "2026-03-31",
            "besvarad": besvarad,
        },
    )


@pytest.mark.django_db
def test_a_request_is_sent_and_answered_on_the_days_given(client, alice, avtal, today):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    post_request(client, case, "2026-02-02")
    begaran = Informationsbegaran.objects.get()
    assert begaran.skickad == D(2026, 2, 2)
    url = reverse("arenden:begaran_answered", args=[begaran.pk])
    assert client.get(url).context["form"]["besvarad"].value() == D(2026, 3, 10)
    response = client.post(url, {"besvarad": "2026-02-16"})
    assert response.headers["Location"] == case.get_absolute_url()
    begaran.refresh_from_db()
    assert begaran.besvarad == D(2026, 2, 16)
    assert "besvarad 2026-02-16" in client.get(case.get_absolute_url()).text


@pytest.mark.django_db
def test_marking_a_request_answered_without_a_date_uses_today(client, alice, avtal, today):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    post_request(client, case, "2026-02-02")
    begaran = Informationsbegaran.objects.get()
    client.post(reverse("arenden:begaran_answered", args=[begaran.pk]))
    begaran.refresh_from_db()
    assert begaran.besvarad == D(2026, 3, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("besvarad", "message"),
    [
        ("2026-02-01", "Begäran kan inte vara besvarad före det datum den skickades."),
        ("2026-03-11", FUTURE),
        ("2101-01-01", RANGE),
    ],
)
def test_a_request_cannot_be_answered_before_it_was_sent_or_in_the_future(
    client, alice, avtal, today, besvarad, message
):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    post_request(client, case, "2026-02-02")
    begaran = Informationsbegaran.objects.get()
    response = client.post(
        reverse("arenden:begaran_answered", args=[begaran.pk]), {"besvarad": besvarad}
    )
    assert response.status_code == 200
    assert errors_of(response, "besvarad")[0].startswith(message)
    begaran.refresh_from_db()
    assert begaran.besvarad is None


@pytest.mark.django_db
def test_a_request_cannot_be_sent_in_the_future_nor_registered_as_answered_before(
    client, alice, avtal, today
):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    response = post_request(client, case, "2026-03-11")
    assert errors_of(response, "skickad") == [FUTURE]
    response = post_request(client, case, "2026-02-02", besvarad="2026-01-30")
    assert errors_of(response, "besvarad") == [
        "Begäran kan inte vara besvarad före det datum den skickades."
    ]
    assert not Informationsbegaran.objects.exists()
    post_request(client, case, "2026-02-02", besvarad="2026-02-05")
    assert Informationsbegaran.objects.get().besvarad == D(2026, 2, 5)


# --- Findings: found, fed back, fixed and verified --------------------------


def post_brist(client, case, konstaterad, aterkopplad=""):
    return client.post(
        reverse("arenden:brist_create", args=[case.pk]),
        {
            "beskrivning": "Genomförandeplan saknas",
            "allvarlighet": "medel",
            "krav": "Upprätta planer",
            "konstaterad": konstaterad,
            "atgard_senast": "2026-04-30",
            "aterkopplad": aterkopplad,
        },
    )


@pytest.mark.django_db
def test_a_finding_is_found_fed_back_fixed_and_verified_on_the_days_given(
    client, alice, avtal, today
):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    post_brist(client, case, "2026-01-20", aterkopplad="2026-01-22")
    brist = Brist.objects.get()
    assert (brist.konstaterad, brist.aterkopplad) == (D(2026, 1, 20), D(2026, 1, 22))
    url = reverse("arenden:brist_fixed", args=[brist.pk])
    form = client.get(url).context["form"]
    assert (form["atgardad"].value(), form["verifierad"].value()) == (D(2026, 3, 10),) * 2
    response = client.post(url, {"atgardad": "2026-02-10", "verifierad": "2026-02-12"})
    assert response.headers["Location"] == brist.get_absolute_url()
    brist.refresh_from_db()
    assert (brist.status, brist.atgardad, brist.verifierad, brist.verifierad_av) == (
        BristStatus.ATGARDAD,
        D(2026, 2, 10),
        D(2026, 2, 12),
        alice,
    )
    page = client.get(brist.get_absolute_url()).text
    assert "Konstaterad</dt><dd>2026-01-20" in page
    assert "åtgärdad 2026-02-10, verifierad 2026-02-12" in page


@pytest.mark.django_db
def test_a_finding_found_without_a_date_is_found_today(client, alice, avtal, today):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    post_brist(client, case, "")
    assert Brist.objects.get().konstaterad == D(2026, 3, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("konstaterad", "aterkopplad", "field", "message"),
    [
        ("2026-03-11", "", "konstaterad", FUTURE),
        ("0001-01-01", "", "konstaterad", RANGE),
        (
            "2026-01-20",
            "2026-01-19",
            "aterkopplad",
            "Bristen kan inte återkopplas före det datum den konstaterades.",
        ),
        ("2026-01-20", "2026-03-11", "aterkopplad", FUTURE),
    ],
)
def test_a_finding_cannot_be_found_in_the_future_or_fed_back_before_found(
    client, alice, avtal, today, konstaterad, aterkopplad, field, message
):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    response = post_brist(client, case, konstaterad, aterkopplad)
    assert errors_of(response, field)[0].startswith(message)
    assert not Brist.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("atgardad", "verifierad", "field", "message"),
    [
        (
            "2026-01-19",
            "2026-02-12",
            "atgardad",
            "Bristen kan inte vara åtgärdad före det datum den konstaterades.",
        ),
        (
            "",
            "2026-01-19",
            "verifierad",
            "Bristen kan inte verifieras före det datum den konstaterades.",
        ),
        (
            "2026-02-10",
            "2026-02-09",
            "verifierad",
            "Åtgärden kan inte verifieras före det datum bristen åtgärdades.",
        ),
        ("2026-03-11", "2026-02-12", "atgardad", FUTURE),
        ("2026-02-10", "2026-03-11", "verifierad", FUTURE),
        ("2026-02-10", "2101-01-01", "verifierad", RANGE),
    ],
)
def test_a_finding_cannot_be_fixed_or_verified_before_it_was_found_or_fixed(
    client, alice, avtal, today, atgardad, verifierad, field, message
):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    post_brist(client, case, "2026-01-20")
    brist = Brist.objects.get()
    response = client.post(
        reverse("arenden:brist_fixed", args=[brist.pk]),
        {"atgardad": atgardad, "verifierad": verifierad},
    )
    assert response.status_code == 200
    assert errors_of(response, field)[0].startswith(message)
    brist.refresh_from_db()
    assert (brist.status, brist.atgardad, brist.verifierad) == (BristStatus.OPPEN, None, None)


# --- Visits -----------------------------------------------------------------


def visit_data(unit, tidpunkt, genomfort=False):
    data = {
        "verksamhet": unit.pk,
        "tidpunkt": tidpunkt,
        "anmalt": "on",
        "deltagare": "Två strateger",
    }
    if genomfort:
        data["genomfort"] = "on"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("tidpunkt", ["0001-01-01T00:00", "2101-01-01T00:00", "1989-12-31T23:59"])
def test_a_visit_out_of_range_is_refused_and_the_pages_still_render(
    client, alice, avtal, today, tidpunkt
):
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    response = client.post(
        reverse("arenden:besok_create", args=[case.pk]), visit_data(unit, tidpunkt)
    )
    assert response.status_code == 200
    assert errors_of(response, "tidpunkt")[0].startswith(RANGE)
    assert RANGE in response.text
    assert not Platsbesok.objects.exists()
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(avtal.leverantor.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_visits_at_the_edges_of_the_range_are_stored_and_shown(client, alice, avtal, today):
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    url = reverse("arenden:besok_create", args=[case.pk])
    client.post(url, visit_data(unit, "1990-01-01T00:00", genomfort=True))
    client.post(url, visit_data(unit, "2100-12-31T23:59"))
    stored = [timezone.localtime(b.tidpunkt) for b in Platsbesok.objects.order_by("tidpunkt")]
    assert [(t.date(), t.hour, t.minute) for t in stored] == [
        (D(1990, 1, 1), 0, 0),
        (D(2100, 12, 31), 23, 59),
    ]
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    assert "Anmält besök 1990-01-01 00:00" in page.text
    assert "Anmält besök 2100-12-31 23:59" in page.text
    assert client.get(avtal.leverantor.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_planned_visit_may_lie_ahead_but_a_done_one_may_not(client, alice, avtal, today):
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    url = reverse("arenden:besok_create", args=[case.pk])
    form = client.get(url).context["form"]
    # Shown in local time, without the zone (datetime-local input).
    assert form["tidpunkt"].value() == datetime.datetime(2026, 3, 10, 12, 0)

    response = client.post(url, visit_data(unit, "2026-03-10T19:00", genomfort=True))
    assert errors_of(response, "genomfort") == [
        "Ett besök som ligger i framtiden kan inte vara genomfört."
    ]
    assert not Platsbesok.objects.exists()

    client.post(url, visit_data(unit, "2026-04-14T19:00"))
    client.post(url, visit_data(unit, "2026-02-03T19:30", genomfort=True))
    assert sorted(
        (timezone.localtime(b.tidpunkt).date(), b.genomfort) for b in Platsbesok.objects.all()
    ) == [(D(2026, 2, 3), True), (D(2026, 4, 14), False)]


# --- Documents in a special follow-up ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("begart", "inkommet", "field", "message"),
    [
        ("2026-03-11", "", "begart", FUTURE),
        ("2026-02-02", "2026-03-11", "inkommet", FUTURE),
        ("2026-02-02", "2026-02-01", "inkommet", "Dokumentet kan inte komma in före begäran."),
        ("0001-01-01", "", "begart", RANGE),
    ],
)
def test_a_document_cannot_be_requested_or_received_in_the_future_or_before(
    client, alice, today, begart, inkommet, field, message
):
    row = UrvalRadFactory()
    client.force_login(alice)
    response = client.post(
        reverse("arenden:sarskild_dokument", args=[row.uppfoljning.pk]),
        {
            "leverantor": row.leverantor.pk,
            "dokument": "Kvalitetsberättelse",
            "begart": begart,
            "inkommet": inkommet,
        },
    )
    assert errors_of(response, field)[0].startswith(message)
    assert not Dokumentbegaran.objects.exists()


@pytest.mark.django_db
def test_a_document_is_requested_and_received_on_the_days_given(client, alice, today):
    row = UrvalRadFactory()
    client.force_login(alice)
    client.post(
        reverse("arenden:sarskild_dokument", args=[row.uppfoljning.pk]),
        {
            "leverantor": row.leverantor.pk,
            "dokument": "Kvalitetsberättelse",
            "begart": "2026-02-02",
            "inkommet": "2026-03-10",
        },
    )
    dok = Dokumentbegaran.objects.get()
    assert (dok.begart, dok.inkommet) == (D(2026, 2, 2), D(2026, 3, 10))


@pytest.mark.django_db
def test_the_database_refuses_a_visit_out_of_range_whatever_writes_it(alice, avtal):
    """A BC timestamp would make every page showing the visit fail: it is never stored."""
    from django.db import IntegrityError, transaction

    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    case = open_case(alice, avtal, D(2026, 1, 12))
    for moment in (
        datetime.datetime(1, 1, 1, 12, 0, tzinfo=datetime.UTC),
        datetime.datetime(2102, 1, 1, 0, 0, tzinfo=datetime.UTC),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Platsbesok.objects.create(uppfoljning=case, verksamhet=unit, tidpunkt=moment)
    assert not Platsbesok.objects.exists()


@pytest.mark.django_db
def test_existing_findings_get_their_found_and_fixed_dates_from_what_is_known(alice, avtal):
    """The migration's backfill: the earliest known date, and fixed when verified."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("arenden.migrations.0007_handelsedatum")
    case = open_case(alice, avtal, D(2024, 1, 10))
    brist = Brist.objects.create(
        uppfoljning=case,
        leverantor=avtal.leverantor,
        beskrivning="Rutin saknas",
        krav="Upprätta rutin",
        atgard_senast=D(2024, 3, 31),
        aterkopplad=D(2024, 2, 1),
        verifierad=D(2024, 3, 20),
        status=BristStatus.ATGARDAD,
    )
    untouched = Brist.objects.create(
        uppfoljning=case,
        leverantor=avtal.leverantor,
        beskrivning="Schema saknas",
        krav="Visa schema",
        atgard_senast=D(2024, 3, 31),
    )
    Brist.objects.update(konstaterad=D(2026, 1, 1), atgardad=None)
    migration.backfill_brist_dates(apps, None)
    brist.refresh_from_db()
    untouched.refresh_from_db()
    assert (brist.konstaterad, brist.atgardad) == (D(2024, 2, 1), D(2024, 3, 20))
    # Known only from its history: entered (today, real time) — never later than that.
    entered = timezone.localtime(untouched.history.earliest().history_date).date()
    assert (untouched.konstaterad, untouched.atgardad) == (entered, None)


@pytest.mark.django_db
def test_the_visit_repair_also_moves_unreadable_dates_in_the_history(alice, avtal, today):
    """The history table has no constraint: its year-1 rows are moved to the case's day."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("arenden.migrations.0008_platsbesok_tidpunkt_rimlig")
    unit = VerksamhetFactory(leverantor=avtal.leverantor)
    case = open_case(alice, avtal, D(2026, 1, 12))
    visit = Platsbesok.objects.create(
        uppfoljning=case,
        verksamhet=unit,
        tidpunkt=datetime.datetime(2026, 1, 20, 18, 0, tzinfo=datetime.UTC),
    )
    visit.history.update(tidpunkt=datetime.datetime(1, 1, 1, 12, 0, tzinfo=datetime.UTC))
    migration.repair_out_of_range_visits(apps, None)
    assert list(visit.history.values_list("tidpunkt", flat=True)) == [
        datetime.datetime(2026, 1, 12, 12, 0, tzinfo=datetime.UTC)
    ]
    visit.refresh_from_db()
    assert visit.tidpunkt == datetime.datetime(2026, 1, 20, 18, 0, tzinfo=datetime.UTC)


# --- Nothing in a case before the case, nor the case before its trigger ------


@pytest.mark.django_db
def test_a_request_or_finding_before_its_case_opened_is_refused(client, alice, avtal, today):
    case = open_case(alice, avtal, D(2026, 1, 12))
    client.force_login(alice)
    response = post_request(client, case, "2026-01-11")
    assert errors_of(response, "skickad") == [
        "Begäran kan inte skickas före det datum uppföljningen öppnades (2026-01-12)."
    ]
    response = post_brist(client, case, "2026-01-11")
    assert errors_of(response, "konstaterad") == [
        "Bristen kan inte konstateras före det datum uppföljningen öppnades (2026-01-12)."
    ]
    assert not Informationsbegaran.objects.exists()
    assert not Brist.objects.exists()
    # The day it opened is fine.
    assert post_request(client, case, "2026-01-12").status_code == 302
    assert post_brist(client, case, "2026-01-12").status_code == 302
    assert Informationsbegaran.objects.get().skickad == D(2026, 1, 12)
    assert Brist.objects.get().konstaterad == D(2026, 1, 12)


@pytest.mark.django_db
def test_a_case_opened_before_the_deviation_that_triggered_it_is_refused(
    client, alice, sixten, avtal, today
):
    avvikelse = Avvikelse.objects.create(
        leverantor=avtal.leverantor,
        datum=D(2026, 2, 3),
        kategori_id="bemanning",
        beskrivning="Ingen personal en natt",
        rapporterad_av=sixten,
    )
    client.force_login(alice)
    data = {
        "leverantor": avtal.leverantor_id,
        "rubrik": "Bemanning",
        "utlosande": "Avvikelse om nattbemanning",
        "avvikelser": [avvikelse.pk],
    }
    url = reverse("arenden:handelsstyrd_create")
    response = client.post(url, {**data, "oppnad": "2026-02-02"})
    assert errors_of(response, "oppnad") == [
        "Uppföljningen kan inte öppnas före det som utlöste den (2026-02-03)."
    ]
    assert not Uppfoljning.objects.exists()
    assert client.post(url, {**data, "oppnad": "2026-02-03"}).status_code == 302
    assert Uppfoljning.objects.get().oppnad == D(2026, 2, 3)
