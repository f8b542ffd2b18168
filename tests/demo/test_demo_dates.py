"""The demo is built from one date, `today`, whatever the real date; every row names who wrote it.

Each test loads the whole demo (tens of seconds a load) into the test
database and rolls it back. The real date is set by patching
django.utils.timezone.now (time-machine is not installed here).
"""

import contextlib
import datetime
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from arenden.avropskontroll import load_facts, verdict_for
from arenden.models import (
    Avropskontroll,
    IvoKontroll,
    Kreditkontroll,
    PaminnelseTyp,
    Registerkontroll,
    Uppfoljning,
    UppfoljningStatus,
    UppfoljningTyp,
    Utslag,
)
from arenden.paminnelser import due_reminders
from demo.management.commands.setup_demo import create_demo_users
from demo.register import PLAN_DIARIENUMMER, load_demo_data
from leverantorer.models import Avtal, AvtalStatus, Beslut, BeslutTyp, Placering, units_of
from ramavtal.models import Ramavtal

D = datetime.date
DEMO_APPS = ("ramavtal", "leverantorer", "arenden", "rapporter")


def _at(day, hour):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@contextlib.contextmanager
def demo_loaded(*, today, real_now):
    """The demo loaded with `today` while the clock says `real_now`, rolled back after."""
    with mock.patch("django.utils.timezone.now", return_value=real_now), transaction.atomic():
        create_demo_users("demo-lösenord-1")
        strateg = get_user_model().objects.get(username="strateg")
        assert load_demo_data(user=strateg, today=today) is not None
        yield strateg
        transaction.set_rollback(True)


def _demo_models():
    for model in apps.get_models():
        if model._meta.app_label in DEMO_APPS and not hasattr(model, "instance_type"):
            yield model


def _written_at_load(field):
    # When a row was written (auto_now/auto_now_add) is the clock's, not the demo's.
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def snapshot():
    """Every demo row's own values, per model, leaving out ids and write times."""
    data = {}
    for model in _demo_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not f.is_relation
            # The call-off checks are dated by the demo, not by the clock.
            and (not _written_at_load(f) or model is Avropskontroll)
        ]
        rows = model.objects.values_list(*fields) if fields else model.objects.values_list("pk")
        data[model.__name__] = (
            sorted(repr(row) for row in rows) if fields else model.objects.count()
        )
    return data


def newest_check_day(model):
    return timezone.localtime(model.objects.latest("kontrollerad").kontrollerad).date()


@pytest.mark.django_db
def test_the_same_today_gives_the_same_data_whatever_the_real_date():
    today = D(2026, 11, 20)
    real_now = _at(today, 10)
    with demo_loaded(today=today, real_now=real_now):
        # The checks before today's call-offs are dated just before today.
        assert newest_check_day(IvoKontroll) == D(2026, 11, 11)
        assert newest_check_day(Kreditkontroll) == D(2026, 11, 8)
        assert Registerkontroll.objects.latest("begard").begard == D(2026, 9, 6)
        # Today's two call-off checks under the current HVB agreement say "Klar för avrop".
        checks = Avropskontroll.objects.filter(anteckning="Inför avrop")
        assert [
            (timezone.localtime(c.kontrollerad).date(), c.avtal.ramavtal.diarienummer, c.utslag)
            for c in checks.select_related("avtal__ramavtal").order_by("pk")
        ] == [(today, "SCN-2024-00066", Utslag.KLAR), (today, "SCN-2024-00066", Utslag.KLAR)]
        first = list(
            Avtal.objects.filter(
                ramavtal__diarienummer="SCN-2024-00066", rangordning=1
            ).select_related("leverantor", "ramavtal")
        )
        facts = load_facts(first, units_of(first))
        assert {verdict_for(f, now=_at(today, 12)).utslag for f in facts.values()} == {Utslag.KLAR}
        # The one case open today: opened 19 days ago, its pause taken 17 days ago.
        case = Uppfoljning.objects.get(
            typ=UppfoljningTyp.HANDELSSTYRD, status=UppfoljningStatus.OPPEN
        )
        assert case.oppnad == D(2026, 11, 1)
        paus = Beslut.objects.get(avtal__leverantor=case.leverantor, datum=D(2026, 11, 3))
        assert (paus.typ, paus.omprovning_datum) == (BeslutTyp.PAUS, D(2027, 2, 1))
        # Call-offs up to today, none after; the reminders due today.
        assert Placering.objects.latest("startdatum").startdatum <= today
        assert Placering.objects.filter(slutdatum__isnull=True).exists()
        assert sorted((r.typ, r.datum) for r in due_reminders(today)) == [
            (PaminnelseTyp.REGISTERKONTROLL, D(2026, 5, 11)),
            (PaminnelseTyp.REGISTERKONTROLL, D(2026, 5, 11)),
            (PaminnelseTyp.REGISTERKONTROLL, D(2026, 5, 11)),
            (PaminnelseTyp.REGISTERKONTROLL, D(2026, 5, 11)),
            (PaminnelseTyp.SARSKILD_EJ_PABORJAD, D(2026, 5, 1)),
        ]
        # Every history row the load wrote names who wrote it (no faked request).
        for model in _demo_models():
            if hasattr(model, "history"):
                written = model.history.filter(history_date=real_now)
                assert not written.filter(history_user__isnull=True).exists(), model
        assert Avtal.history.filter(history_date=real_now, history_user__isnull=False).exists()
        first_load = snapshot()
    # Months later by the clock, the same today gives the same data.
    with demo_loaded(today=today, real_now=_at(D(2027, 3, 1), 15)):
        second_load = snapshot()
    for name, rows in first_load.items():
        assert second_load[name] == rows, name


@pytest.mark.django_db
def test_a_demo_loaded_in_2032_has_seen_every_agreement_run_out():
    today = D(2032, 1, 1)
    with demo_loaded(today=today, real_now=_at(today, 10)):
        # The successors ran out in 2028–2030: nothing is in force, each contract ended by a
        # decision on its agreement's last day.
        assert not Ramavtal.objects.current(today).exists()
        assert not Avtal.objects.i_kraft().exists()
        successors = Avtal.objects.exclude(ramavtal__diarienummer__in=PLAN_DIARIENUMMER)
        assert successors.count() == 163
        for avtal in successors.filter(status=AvtalStatus.UPPHORT).select_related("ramavtal"):
            last = avtal.beslut.latest("datum", "pk")
            assert (last.typ, last.datum) == (
                BeslutTyp.UPPHORANDE,
                avtal.ramavtal.slutdatum_inkl_option,
            )
        assert Beslut.objects.filter(typ=BeslutTyp.UPPHORANDE).count() == 186 + 163
        # No call-off after the last agreement ended (Stödboende för ungdomar, 2030-10-31).
        assert Placering.objects.latest("startdatum").startdatum == D(2030, 10, 31)
        # Nothing in force to check before today's call-offs: the newest checks are the
        # sweeps of 2026, no case is open today, no call-off was checked in 2032.
        assert newest_check_day(IvoKontroll) == D(2026, 9, 21)
        assert newest_check_day(Kreditkontroll) == D(2026, 8, 10)
        assert not Uppfoljning.objects.filter(
            typ=UppfoljningTyp.HANDELSSTYRD, status=UppfoljningStatus.OPPEN
        ).exists()
        assert not Avropskontroll.objects.filter(kontrollerad__year=2032).exists()
        assert due_reminders(today) == []
        hvb = list(
            Avtal.objects.filter(
                ramavtal__diarienummer="SCN-2024-00066", rangordning=1
            ).select_related("leverantor", "ramavtal")
        )
        verdicts = [
            verdict_for(f, now=_at(today, 12)) for f in load_facts(hvb, units_of(hvb)).values()
        ]
        assert verdicts and {v.utslag for v in verdicts} == {Utslag.STOPP}
        assert all(
            v.skal[0].text == "Ramavtalet har löpt ut (2029-02-28, option inräknad)."
            for v in verdicts
        )


@pytest.mark.django_db
def test_a_today_before_the_history_ends_is_refused(django_user_model):
    strateg = django_user_model.objects.create_user(username="strateg")
    with pytest.raises(ValueError, match="2026-02-01"):
        load_demo_data(user=strateg, today=D(2026, 1, 31))
    assert not Ramavtal.objects.exists()
