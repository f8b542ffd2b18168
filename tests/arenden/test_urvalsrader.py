"""Changing many sample rows at once: all or nothing, history by the user, few queries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arenden.models import (
    EjGenomfordOrsak,
    Metod,
    PlaneradStatus,
    PlaneradUtfall,
    UppfoljningLeverantor,
)
from arenden.urvalsrader import uppdatera_rader
from tests.arenden.factories_sarskild import SarskildFactory, UrvalRadFactory
from tests.factories import VerksamhetFactory


def sample(uppfoljning, n):
    rows = []
    for i in range(n):
        verksamhet = VerksamhetFactory(namn=f"Enhet {i:03d}")
        rows.append(
            UrvalRadFactory(
                uppfoljning=uppfoljning, verksamhet=verksamhet, leverantor=verksamhet.leverantor
            )
        )
    return rows


@pytest.mark.django_db
def test_it_sets_45_rows_in_one_call_with_history_by_the_user(alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 50)
    metod = Metod.objects.get(namn="Anmält besök")

    antal = uppdatera_rader(
        uppfoljning=uppfoljning,
        rader=[row.pk for row in rows[:45]],
        user=alice,
        status=PlaneradStatus.GENOMFORD,
        utfall=PlaneradUtfall.INGA_ANMARKNINGAR,
        metod=metod,
    )

    assert antal == 45
    done = UppfoljningLeverantor.objects.filter(
        status=PlaneradStatus.GENOMFORD, utfall=PlaneradUtfall.INGA_ANMARKNINGAR, metod=metod
    )
    assert done.count() == 45
    assert set(done.values_list("pk", flat=True)) == {row.pk for row in rows[:45]}
    history = UppfoljningLeverantor.history.filter(status=PlaneradStatus.GENOMFORD)
    assert history.count() == 45
    assert set(history.values_list("history_user__username", flat=True)) == {"alice"}
    assert set(history.values_list("history_change_reason", flat=True)) == {
        "Ändrad för flera rader"
    }


@pytest.mark.django_db
def test_moving_rows_needs_a_reason_and_clears_it_when_they_are_done(alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 3)
    orsak = EjGenomfordOrsak.objects.get(namn="Omprioritering")
    uppdatera_rader(
        uppfoljning=uppfoljning, rader=rows, user=alice, status=PlaneradStatus.FLYTTAD, orsak=orsak
    )
    assert set(UppfoljningLeverantor.objects.values_list("status", "orsak")) == {
        (PlaneradStatus.FLYTTAD, orsak.pk)
    }
    uppdatera_rader(uppfoljning=uppfoljning, rader=rows, user=alice, status=PlaneradStatus.PAGAR)
    assert set(UppfoljningLeverantor.objects.values_list("status", "orsak")) == {
        (PlaneradStatus.PAGAR, None)
    }


@pytest.mark.django_db
def test_one_bad_row_writes_nothing_and_is_named(alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 4)
    # Enhet 002 is already done: setting pågår would leave it an outcome without being done.
    UppfoljningLeverantor.objects.filter(pk=rows[2].pk).update(
        status=PlaneradStatus.GENOMFORD, utfall=PlaneradUtfall.KOMPLETTERING
    )

    with pytest.raises(ValidationError) as refused:
        uppdatera_rader(
            uppfoljning=uppfoljning, rader=rows, user=alice, status=PlaneradStatus.PAGAR
        )

    assert refused.value.messages == [
        "1 rader kan inte uppdateras. Ingenting har sparats.",
        "Enhet 002: Utfall anges först när uppföljningen är genomförd.",
    ]
    assert list(UppfoljningLeverantor.objects.order_by("pk").values_list("status", flat=True)) == [
        PlaneradStatus.PLANERAD,
        PlaneradStatus.PLANERAD,
        PlaneradStatus.GENOMFORD,
        PlaneradStatus.PLANERAD,
    ]
    assert UppfoljningLeverantor.history.filter(status=PlaneradStatus.PAGAR).count() == 0


@pytest.mark.django_db
def test_moving_without_a_reason_names_the_first_rows(alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 7)
    with pytest.raises(ValidationError) as refused:
        uppdatera_rader(
            uppfoljning=uppfoljning, rader=rows, user=alice, status=PlaneradStatus.INSTALLD
        )
    message = "Ange varför uppföljningen inte genomförs som planerat."
    assert refused.value.messages == [
        "7 rader kan inte uppdateras. Ingenting har sparats.",
        *[f"Enhet {i:03d}: {message}" for i in range(5)],
        "… och 2 rader till.",
    ]


@pytest.mark.django_db
def test_a_row_of_another_follow_up_is_refused(alice):
    uppfoljning = SarskildFactory()
    rows = sample(uppfoljning, 2)
    foreign = UrvalRadFactory()
    with pytest.raises(ValidationError) as refused:
        uppdatera_rader(
            uppfoljning=uppfoljning,
            rader=[rows[0].pk, foreign.pk],
            user=alice,
            status=PlaneradStatus.PAGAR,
        )
    assert refused.value.messages == ["Några av de markerade raderna hör inte till uppföljningen."]
    assert UppfoljningLeverantor.objects.filter(status=PlaneradStatus.PAGAR).count() == 0


def queries_for(n, user):
    """(reads, writes) of setting n rows; writes are the bulk UPDATE and history INSERTs."""
    uppfoljning = SarskildFactory()
    ids = [row.pk for row in sample(uppfoljning, n)]
    with CaptureQueriesContext(connection) as context:
        uppdatera_rader(
            uppfoljning=uppfoljning,
            rader=ids,
            user=user,
            status=PlaneradStatus.GENOMFORD,
            utfall=PlaneradUtfall.INGA_ANMARKNINGAR,
        )
    sqls = [q["sql"].lstrip().upper() for q in context.captured_queries]
    writes = [sql for sql in sqls if sql.startswith(("UPDATE", "INSERT"))]
    return len(sqls) - len(writes), len(writes)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_rows(alice):
    reads_10, writes_10 = queries_for(10, alice)
    reads_150, writes_150 = queries_for(150, alice)
    assert reads_10 == reads_150
    # Writes are batched, not per row: SQLite's limit of 999 parameters splits the
    # history insert of 150 rows in a few statements (PostgreSQL needs one).
    assert writes_10 == 2
    assert writes_150 <= 6
