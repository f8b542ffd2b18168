"""The reminder rules: each on, before and after its threshold, and who is responsible."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arenden import paminnelser
from arenden.models import (
    BristStatus,
    PaminnelseTyp,
    PlaneradStatus,
    UppfoljningStatus,
    UppfoljningTyp,
)
from leverantorer.beslut import avtal_fatta_beslut
from leverantorer.models import AvtalStatus, BeslutSkal, BeslutTyp
from tests.arenden.factories import ForetradareFactory, RegisterkontrollFactory
from tests.arenden.factories_sarskild import (
    BristFactory,
    DokumentbegaranFactory,
    ObservationFactory,
    PlatsbesokFactory,
    SarskildFactory,
    UrvalRadFactory,
)
from tests.conftest import make_user
from tests.factories import AvtalFactory, RamavtalFactory, VerksamhetFactory
from tests.helpers import pause
from uppfoljning import roles

D = datetime.date
DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def keys(reminders, typ):
    return [(r.objekt_id, r.tillfalle) for r in reminders if r.typ == typ]


# --- Registerkontroll ---------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (D(2024, 7, 14), False),  # the day before the renewal date
        (D(2024, 7, 15), True),  # the renewal date has come
        (D(2024, 9, 1), True),  # long after: still due until a new check is made
    ],
)
def test_a_representatives_check_is_due_from_its_renewal_date(alice, on, due):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
    check = RegisterkontrollFactory(
        foretradare__leverantor=avtal.leverantor,
        giltig_till=D(2024, 7, 15),
        registrerad_av=alice,
    )
    found = paminnelser.registerkontroller_due(on)
    expected = [(check.foretradare_id, "2024-07-15")] if due else []
    assert keys(found, PaminnelseTyp.REGISTERKONTROLL) == expected
    if due:
        assert found[0].ansvariga == {alice.pk}
        assert found[0].url == reverse(
            "arenden:registerkontroll_create", args=[check.foretradare_id]
        )


def test_the_latest_check_decides_and_a_new_check_ends_the_reminder(alice):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
    old = RegisterkontrollFactory(foretradare__leverantor=avtal.leverantor, registrerad_av=alice)
    assert keys(paminnelser.registerkontroller_due(D(2024, 8, 1)), "registerkontroll")
    RegisterkontrollFactory(
        foretradare=old.foretradare,
        begard=D(2024, 7, 20),
        besvarad=D(2024, 7, 25),
        giltig_till=D(2025, 1, 20),
        registrerad_av=alice,
    )
    assert paminnelser.registerkontroller_due(D(2024, 8, 1)) == []
    assert keys(paminnelser.registerkontroller_due(D(2025, 1, 20)), "registerkontroll") == [
        (old.foretradare_id, "2025-01-20")
    ]


@pytest.mark.parametrize(
    ("status", "till", "due"),
    [
        (AvtalStatus.AKTIV, None, True),
        (AvtalStatus.PAUSAD, None, True),  # a paused supplier may come back
        (AvtalStatus.UPPHORT, None, False),
        (AvtalStatus.UPPSAGT, None, False),
        (AvtalStatus.AKTIV, D(2024, 1, 31), False),  # no longer a representative
    ],
)
def test_a_representative_without_any_check_is_due_while_the_supplier_has_a_contract(
    status, till, due
):
    avtal = AvtalFactory(status=status)
    person = ForetradareFactory(leverantor=avtal.leverantor, till=till)
    found = paminnelser.registerkontroller_due(D(2024, 3, 1))
    assert keys(found, "registerkontroll") == ([(person.pk, "saknas")] if due else [])
    if due:
        assert "har ingen registerkontroll" in found[0].text
        assert found[0].unassigned  # the ramavtal has no responsible strategist


def test_a_check_without_renewal_date_counts_as_due(alice):
    avtal = AvtalFactory()
    check = RegisterkontrollFactory(
        foretradare__leverantor=avtal.leverantor, giltig_till=None, registrerad_av=alice
    )
    assert keys(paminnelser.registerkontroller_due(D(2024, 2, 1)), "registerkontroll") == [
        (check.foretradare_id, f"utan-datum-{check.pk}")
    ]


def test_a_representative_goes_to_the_strategists_of_every_contract_in_force(alice, bob):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
    AvtalFactory(leverantor=avtal.leverantor, ramavtal__ansvarig_strateg=bob)
    AvtalFactory(
        leverantor=avtal.leverantor,
        ramavtal__ansvarig_strateg=make_user(type(alice), "carl", roles.STRATEG),
        status=AvtalStatus.UPPHORT,
    )
    ForetradareFactory(leverantor=avtal.leverantor)
    (reminder,) = paminnelser.registerkontroller_due(D(2024, 3, 1))
    assert reminder.ansvariga == {alice.pk, bob.pk}


# --- Brist ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "due"),
    [(D(2024, 11, 30), False), (D(2024, 12, 1), False), (D(2024, 12, 2), True)],
)
def test_a_finding_is_due_the_day_after_its_deadline(alice, on, due):
    brist = BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2024, 12, 1))
    found = paminnelser.brister_due(on)
    assert keys(found, PaminnelseTyp.BRIST) == ([(brist.pk, "2024-12-01")] if due else [])
    if due:
        assert found[0].ansvariga == {alice.pk}
        assert found[0].datum == D(2024, 12, 2)


def test_a_fixed_finding_is_not_reminded_of(alice):
    BristFactory(uppfoljning__ansvarig=alice, status=BristStatus.ATGARDAD)
    assert paminnelser.brister_due(D(2025, 1, 1)) == []


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("own_case", "alice"),  # the follow-up's responsible person
        ("inactive", "bob"),  # a person who left: the supplier's strategists take over
        ("no_case", "bob"),  # a finding outside a follow-up: the supplier's strategists
    ],
)
def test_a_finding_goes_to_the_follow_ups_responsible_person(alice, bob, case, expected):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=bob)
    if case == "no_case":
        BristFactory(uppfoljning=None, leverantor=avtal.leverantor)
    else:
        BristFactory(uppfoljning__ansvarig=alice, leverantor=avtal.leverantor)
    if case == "inactive":
        alice.is_active = False
        alice.save()
    (reminder,) = paminnelser.brister_due(D(2025, 1, 1))
    assert reminder.ansvariga == {(alice if expected == "alice" else bob).pk}


# --- Omprövning av avropspaus --------------------------------------------------


@pytest.mark.parametrize(
    ("on", "due"),
    [(D(2024, 5, 31), False), (D(2024, 6, 1), True), (D(2024, 9, 1), True)],
)
def test_a_pause_is_due_for_reassessment_from_its_date(alice, on, due):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
    beslut = pause(avtal, alice, datum=D(2024, 3, 1), omprovning=D(2024, 6, 1))
    found = paminnelser.omprovningar_due(on)
    assert keys(found, PaminnelseTyp.OMPROVNING) == ([(beslut.pk, "2024-06-01")] if due else [])
    if due:
        assert found[0].ansvariga == {alice.pk}
        assert found[0].url == avtal.get_absolute_url()


def test_a_pause_lifted_or_renewed_is_not_reminded_of_again(alice):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
    first = pause(avtal, alice, datum=D(2024, 3, 1), omprovning=D(2024, 6, 1))
    avtal_fatta_beslut(
        avtal=avtal,
        typ=BeslutTyp.HAV_PAUS,
        datum=D(2024, 6, 3),
        beslutsfattare="Enhetschef",
        skal=BeslutSkal.BRISTER_ATGARDADE,
        faktaunderlag="Återrapporteringen är godkänd.",
        user=alice,
    )
    assert paminnelser.omprovningar_due(D(2024, 7, 1)) == []
    second = pause(avtal, alice, datum=D(2024, 8, 1), omprovning=D(2024, 10, 1))
    assert keys(paminnelser.omprovningar_due(D(2024, 10, 1)), "omprovning") == [
        (second.pk, "2024-10-01")
    ]
    assert first.pk != second.pk


# --- Ramavtal som löper ut --------------------------------------------------


@pytest.mark.parametrize(
    ("on", "milestone"),
    [
        (D(2026, 2, 27), None),
        (D(2026, 2, 28), 12),
        (D(2026, 8, 27), 12),
        (D(2026, 8, 28), 6),
        (D(2027, 2, 28), 6),  # the last day of the agreement
        (D(2027, 3, 1), None),  # ended
    ],
)
def test_the_ramavtal_milestones_are_12_and_6_months_before_the_end(on, milestone):
    assert paminnelser.ramavtal_milestone(D(2027, 2, 28), on) == milestone


def test_a_ramavtal_ending_gets_one_reminder_per_milestone(alice):
    ramavtal = RamavtalFactory(
        ansvarig_strateg=alice, slutdatum=D(2025, 2, 28), slutdatum_inkl_option=D(2027, 2, 28)
    )
    assert paminnelser.ramavtal_due(D(2026, 2, 27)) == []
    (twelve,) = paminnelser.ramavtal_due(D(2026, 3, 15))
    assert twelve.tillfalle == "12-man-2027-02-28"
    assert twelve.ansvariga == {alice.pk}
    assert "löper ut 2027-02-28 inklusive option; utan option 2025-02-28" in twelve.text
    (six,) = paminnelser.ramavtal_due(D(2026, 9, 1))
    assert (six.objekt_id, six.tillfalle) == (ramavtal.pk, "6-man-2027-02-28")
    assert "mindre än 6 månader kvar" in six.text


def test_a_ramavtal_without_options_does_not_mention_them():
    RamavtalFactory(slutdatum=D(2026, 12, 31), slutdatum_inkl_option=D(2026, 12, 31))
    (reminder,) = paminnelser.ramavtal_due(D(2026, 7, 1))
    assert "option" not in reminder.text
    assert reminder.unassigned


# --- Särskild uppföljning som inte påbörjats ---------------------------------


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (D(2024, 4, 30), False),
        (D(2024, 5, 1), True),
        (D(2024, 11, 1), True),
        (D(2025, 6, 1), False),
    ],
)
def test_an_unstarted_special_follow_up_is_due_from_the_configured_day(alice, on, due):
    uppfoljning = SarskildFactory(ansvarig=alice, ar=2024)
    UrvalRadFactory(uppfoljning=uppfoljning)  # planned only: not started
    found = paminnelser.sarskilda_due(on)
    expected = [(uppfoljning.pk, "2024-05-01")] if due else []
    assert keys(found, PaminnelseTyp.SARSKILD_EJ_PABORJAD) == expected
    if due:
        assert found[0].ansvariga == {alice.pk}


def test_the_start_day_is_configurable(alice, settings):
    settings.PAMINNELSE_SARSKILD_FRAN = (9, 15)
    SarskildFactory(ansvarig=alice, ar=2024)
    assert paminnelser.sarskilda_due(D(2024, 9, 14)) == []
    assert len(paminnelser.sarskilda_due(D(2024, 9, 15))) == 1


@pytest.mark.parametrize(
    "trace",
    ["genomford", "installd", "besok", "dokument", "observation", "brist", "avslutad"],
)
def test_any_trace_of_work_counts_as_started(alice, trace):
    uppfoljning = SarskildFactory(ansvarig=alice, ar=2024)
    if trace in ("genomford", "installd"):
        UrvalRadFactory(uppfoljning=uppfoljning, status=PlaneradStatus(trace), skal="Upphörde")
    elif trace == "besok":
        PlatsbesokFactory(uppfoljning=uppfoljning, verksamhet=VerksamhetFactory())
    elif trace == "dokument":
        DokumentbegaranFactory(uppfoljning=uppfoljning)
    elif trace == "observation":
        ObservationFactory(uppfoljning=uppfoljning)
    elif trace == "brist":
        BristFactory(uppfoljning=uppfoljning)
    else:
        uppfoljning.status = UppfoljningStatus.AVSLUTAD
        uppfoljning.save()
    assert paminnelser.sarskilda_due(D(2024, 6, 1)) == []


def test_only_special_follow_ups_are_reminded_of(alice):
    SarskildFactory(ansvarig=alice, ar=2024, typ=UppfoljningTyp.HANDELSSTYRD)
    assert paminnelser.sarskilda_due(D(2024, 6, 1)) == []


# --- All rules together -----------------------------------------------------


def test_unassigned_reminders_are_everyones_and_assigned_ones_only_their_owners(alice, bob):
    RamavtalFactory(ansvarig_strateg=alice, slutdatum_inkl_option=D(2026, 12, 31))
    RamavtalFactory(ansvarig_strateg=bob, slutdatum_inkl_option=D(2026, 12, 31))
    RamavtalFactory(ansvarig_strateg=None, slutdatum_inkl_option=D(2026, 12, 31))
    due = paminnelser.due_reminders(D(2026, 7, 1))
    assert len(due) == 3
    mine = paminnelser.for_user(due, alice)
    assert {r.unassigned for r in mine} == {True, False}
    assert len(mine) == 2
    assert alice.pk not in {pk for r in paminnelser.for_user(due, bob) for pk in r.ansvariga}


def test_grouped_keeps_the_order_of_the_kinds(alice):
    BristFactory(uppfoljning__ansvarig=alice, atgard_senast=D(2026, 1, 1))
    RamavtalFactory(slutdatum_inkl_option=D(2026, 12, 31))
    AvtalFactory().leverantor.foretradare.create(namn="Vera Vd", roll="vd")
    groups = paminnelser.grouped(paminnelser.due_reminders(D(2026, 7, 1)))
    assert [group.label for group in groups] == [
        "Registerkontroller av företrädare att göra",
        "Brister efter sista åtgärdsdag",
        "Ramavtal som löper ut",
    ]


def test_long_kinds_are_cut_short_with_a_link_to_their_list_and_short_ones_never(alice):
    for _ in range(4):
        AvtalFactory().leverantor.foretradare.create(namn="Vera Vd", roll="vd")
        RamavtalFactory(slutdatum_inkl_option=D(2026, 12, 31))
    reps, ramavtal = paminnelser.grouped(paminnelser.due_reminders(D(2026, 7, 1)), limit=3)
    assert (len(reps.items), len(reps.shown), reps.more) == (4, 3, 1)
    assert reps.list_url == reverse("arenden:registerkontroll_list") + "?att_gora=on"
    assert (len(ramavtal.shown), ramavtal.more, ramavtal.list_url) == (4, 0, None)


def make_one_of_each(n, strateg):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=strateg)
    ForetradareFactory(leverantor=avtal.leverantor)
    RegisterkontrollFactory(foretradare__leverantor=avtal.leverantor, registrerad_av=strateg)
    BristFactory(uppfoljning__ansvarig=strateg, leverantor=avtal.leverantor)
    BristFactory(uppfoljning=None, leverantor=avtal.leverantor)
    pause(avtal, strateg, datum=D(2024, 3, 1), omprovning=D(2024, 6, 1))
    RamavtalFactory(ansvarig_strateg=strateg, slutdatum_inkl_option=D(2025, 6, 1))
    SarskildFactory(ansvarig=strateg, ar=2025, ramavtal__ansvarig_strateg=strateg)


def test_all_rules_take_a_constant_number_of_queries(alice):
    on = D(2025, 5, 15)

    def count():
        with CaptureQueriesContext(connection) as context:
            due = paminnelser.due_reminders(on)
        return len(context.captured_queries), len(due)

    make_one_of_each(0, alice)
    queries, found = count()
    assert found == 7
    for n in range(1, 5):
        make_one_of_each(n, alice)
    assert count() == (queries, 35)


def test_a_finding_goes_to_the_strategist_of_a_contract_under_notice_too(alice, bob):
    # Watched contracts make their strategists responsible; an ended one does not.
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice, status=AvtalStatus.UPPSAGT)
    AvtalFactory(
        leverantor=avtal.leverantor, ramavtal__ansvarig_strateg=bob, status=AvtalStatus.UPPHORT
    )
    brist = BristFactory(leverantor=avtal.leverantor, uppfoljning=None, atgard_senast=D(2024, 3, 1))
    (reminder,) = paminnelser.brister_due(D(2024, 3, 2))
    assert (reminder.objekt_id, reminder.ansvariga) == (brist.pk, {alice.pk})


# --- Mutation testing (docs/testing.md): every kind of reminder in full ----------


def test_register_check_reminders_in_full(alice):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice, leverantor__namn="Omsorg AB")
    lev = avtal.leverantor
    fresh = RegisterkontrollFactory(
        foretradare__leverantor=lev,
        foretradare__namn="Anna Andersson",
        giltig_till=D(2025, 1, 15),
        registrerad_av=alice,
    )
    undated = RegisterkontrollFactory(
        foretradare__leverantor=lev,
        foretradare__namn="Bo Berg",
        giltig_till=None,
        registrerad_av=alice,
    )
    overdue = RegisterkontrollFactory(
        foretradare__leverantor=lev,
        foretradare__namn="Cecilia Ceder",
        giltig_till=D(2024, 7, 15),
        registrerad_av=alice,
    )
    never = ForetradareFactory(leverantor=lev, namn="David Dahl")
    found = paminnelser.registerkontroller_due(D(2024, 8, 1))
    by_person = {r.objekt_id: r for r in found}
    assert fresh.foretradare_id not in by_person
    url = "arenden:registerkontroll_create"
    assert by_person[undated.foretradare_id] == paminnelser.DueReminder(
        typ=PaminnelseTyp.REGISTERKONTROLL,
        objekt_id=undated.foretradare_id,
        tillfalle=f"utan-datum-{undated.pk}",
        datum=D(2024, 8, 1),
        text="Omsorg AB: Bo Berg – senaste kontrollen saknar datum",
        url=reverse(url, args=[undated.foretradare_id]),
        ansvariga=frozenset({alice.pk}),
    )
    assert by_person[overdue.foretradare_id] == paminnelser.DueReminder(
        typ=PaminnelseTyp.REGISTERKONTROLL,
        objekt_id=overdue.foretradare_id,
        tillfalle="2024-07-15",
        datum=D(2024, 7, 15),
        text="Omsorg AB: Cecilia Ceder – ny kontroll skulle göras 2024-07-15",
        url=reverse(url, args=[overdue.foretradare_id]),
        ansvariga=frozenset({alice.pk}),
    )
    assert by_person[never.pk] == paminnelser.DueReminder(
        typ=PaminnelseTyp.REGISTERKONTROLL,
        objekt_id=never.pk,
        tillfalle="saknas",
        datum=D(2024, 8, 1),
        text="Omsorg AB: David Dahl har ingen registerkontroll",
        url=reverse(url, args=[never.pk]),
        ansvariga=frozenset({alice.pk}),
    )
    assert len(found) == 3


def test_nobody_responsible_is_an_empty_set_not_none():
    avtal = AvtalFactory()  # its ramavtal has no responsible strategist
    ForetradareFactory(leverantor=avtal.leverantor)
    BristFactory(uppfoljning=None, leverantor=avtal.leverantor, atgard_senast=D(2024, 12, 1))
    reminders = paminnelser.due_reminders(D(2025, 1, 1))
    assert [r.typ for r in reminders] == [PaminnelseTyp.REGISTERKONTROLL, PaminnelseTyp.BRIST]
    assert [r.ansvariga for r in reminders] == [frozenset(), frozenset()]


def test_findings_in_full_and_by_deadline(alice):
    later = BristFactory(
        uppfoljning__ansvarig=alice,
        leverantor__namn="Omsorg AB",
        beskrivning="Bemanningsschema   saknas\nför kvällstid.",
        atgard_senast=D(2024, 12, 10),
    )
    earlier = BristFactory(
        uppfoljning__ansvarig=alice,
        leverantor__namn="Vård AB",
        beskrivning="x" * 61,
        atgard_senast=D(2024, 12, 1),
    )
    assert paminnelser.brister_due(D(2025, 1, 1)) == [
        paminnelser.DueReminder(
            typ=PaminnelseTyp.BRIST,
            objekt_id=earlier.pk,
            tillfalle="2024-12-01",
            datum=D(2024, 12, 2),
            text="Vård AB: " + "x" * 59 + "… – skulle vara åtgärdad senast 2024-12-01",
            url=earlier.get_absolute_url(),
            ansvariga=frozenset({alice.pk}),
        ),
        paminnelser.DueReminder(
            typ=PaminnelseTyp.BRIST,
            objekt_id=later.pk,
            tillfalle="2024-12-10",
            datum=D(2024, 12, 11),
            text=(
                "Omsorg AB: Bemanningsschema saknas för kvällstid. – skulle vara åtgärdad "
                "senast 2024-12-10"
            ),
            url=later.get_absolute_url(),
            ansvariga=frozenset({alice.pk}),
        ),
    ]


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("a  b\n c", "a b c"),
        ("y" * 60, "y" * 60),
        ("y" * 61, "y" * 59 + "…"),
    ],
)
def test_long_descriptions_are_cut_to_sixty_characters(text, short):
    assert paminnelser._short(text) == short


def test_reassessments_in_full_by_date(alice):
    first = AvtalFactory(
        ramavtal__ansvarig_strateg=alice, ramavtal__namn="HVB", leverantor__namn="Omsorg AB"
    )
    second = AvtalFactory(
        ramavtal__ansvarig_strateg=alice, ramavtal__namn="Jourhem", leverantor__namn="Vård AB"
    )
    late = pause(first, alice, datum=D(2024, 3, 1), omprovning=D(2024, 6, 20))
    soon = pause(second, alice, datum=D(2024, 3, 5), omprovning=D(2024, 6, 1))
    assert paminnelser.omprovningar_due(D(2024, 7, 1)) == [
        paminnelser.DueReminder(
            typ=PaminnelseTyp.OMPROVNING,
            objekt_id=soon.pk,
            tillfalle="2024-06-01",
            datum=D(2024, 6, 1),
            text=(
                "Vård AB (Jourhem): avropspausen från 2024-03-05 skulle omprövas senast 2024-06-01"
            ),
            url=second.get_absolute_url(),
            ansvariga=frozenset({alice.pk}),
        ),
        paminnelser.DueReminder(
            typ=PaminnelseTyp.OMPROVNING,
            objekt_id=late.pk,
            tillfalle="2024-06-20",
            datum=D(2024, 6, 20),
            text="Omsorg AB (HVB): avropspausen från 2024-03-01 skulle omprövas senast 2024-06-20",
            url=first.get_absolute_url(),
            ansvariga=frozenset({alice.pk}),
        ),
    ]


def test_a_pause_renewed_the_same_day_is_reminded_of_once(alice):
    avtal = AvtalFactory(ramavtal__ansvarig_strateg=alice)
    pause(avtal, alice, datum=D(2024, 3, 1), omprovning=D(2024, 6, 1))
    avtal_fatta_beslut(
        avtal=avtal,
        typ=BeslutTyp.HAV_PAUS,
        datum=D(2024, 3, 1),
        beslutsfattare="Enhetschef",
        skal=BeslutSkal.BRISTER_ATGARDADE,
        faktaunderlag="Fel avtal pausades.",
        user=alice,
    )
    renewed = pause(avtal, alice, datum=D(2024, 3, 1), omprovning=D(2024, 7, 1))
    assert keys(paminnelser.omprovningar_due(D(2024, 7, 1)), "omprovning") == [
        (renewed.pk, "2024-07-01")
    ]


def test_agreements_ending_in_full_by_end_date(alice):
    later = RamavtalFactory(
        ansvarig_strateg=alice,
        namn="HVB",
        diarienummer="SCN-2021-00001",
        slutdatum=D(2025, 2, 28),
        slutdatum_inkl_option=D(2027, 2, 28),
    )
    sooner = RamavtalFactory(
        namn="Jourhem",
        diarienummer="SCN-2021-00002",
        slutdatum=D(2026, 12, 31),
        slutdatum_inkl_option=D(2026, 12, 31),
    )
    assert paminnelser.ramavtal_due(D(2026, 9, 1)) == [
        paminnelser.DueReminder(
            typ=PaminnelseTyp.RAMAVTAL_SLUTAR,
            objekt_id=sooner.pk,
            tillfalle="6-man-2026-12-31",
            datum=D(2026, 6, 30),
            text="Jourhem (SCN-2021-00002) löper ut 2026-12-31 – mindre än 6 månader kvar",
            url=sooner.get_absolute_url(),
            ansvariga=frozenset(),
        ),
        paminnelser.DueReminder(
            typ=PaminnelseTyp.RAMAVTAL_SLUTAR,
            objekt_id=later.pk,
            tillfalle="6-man-2027-02-28",
            datum=D(2026, 8, 28),
            text=(
                "HVB (SCN-2021-00001) löper ut 2027-02-28 inklusive option; utan option "
                "2025-02-28 – mindre än 6 månader kvar"
            ),
            url=later.get_absolute_url(),
            ansvariga=frozenset({alice.pk}),
        ),
    ]


def test_an_agreement_ending_on_a_leap_day_is_reminded_of_a_year_before():
    ramavtal = RamavtalFactory(slutdatum=D(2028, 2, 29), slutdatum_inkl_option=D(2028, 2, 29))
    (reminder,) = paminnelser.ramavtal_due(D(2027, 2, 28))
    assert (reminder.objekt_id, reminder.tillfalle) == (ramavtal.pk, "12-man-2028-02-29")
    assert reminder.datum == D(2027, 2, 28)


def test_unstarted_special_follow_ups_in_full_by_agreement_name(alice):
    second = SarskildFactory(ansvarig=alice, ar=2024, rubrik="Jourhem 2024", ramavtal__namn="B")
    first = SarskildFactory(ansvarig=alice, ar=2024, rubrik="HVB 2024", ramavtal__namn="A")
    assert paminnelser.sarskilda_due(D(2024, 6, 1)) == [
        paminnelser.DueReminder(
            typ=PaminnelseTyp.SARSKILD_EJ_PABORJAD,
            objekt_id=upp.pk,
            tillfalle="2024-05-01",
            datum=D(2024, 5, 1),
            text=f"{upp.rubrik} (2024) har inte påbörjats",
            url=upp.get_absolute_url(),
            ansvariga=frozenset({alice.pk}),
        )
        for upp in (first, second)
    ]
