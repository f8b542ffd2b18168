"""Sweeps: check every unit (IVO) or supplier (credit) in chunks, resumably.

A sweep's subjects are fixed when it is planned. `sweep_chunk` claims the
sweep with a conditional UPDATE on a lease (`las_till`), fetches the next
chunk's answers concurrently (at most KONTROLL_MAX_SAMTIDIGA requests in
flight, no database access in the threads) and writes them in one
transaction from the calling thread (SQLite has one writer). A subject that
already has a check in this sweep is skipped, so a chunk re-run after a
killed worker doubles nothing; the lease runs out and the schedule task
re-queues a stalled sweep.

The schedule keeps each kind's next due time in Kontrollschema and claims it
with a conditional UPDATE (`claim_schedule`), healthchecks-style.
"""

import datetime
import logging
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from arenden.kontroller.http import InloggningNekad
from arenden.kontroller.kallor import adapter_for, configured_adapter
from arenden.kontroller.parsing import KontrollFel
from arenden.kontroller.storage import MODELS, store_check
from arenden.models import (
    Kontrollschema,
    Kontrollstatus,
    Kontrollsvep,
    Kontrolltyp,
    Svepanledning,
    Svepomfattning,
    Svepstatus,
)
from leverantorer.models import Avtal, Leverantor, Verksamhet, bevakade_q

log = logging.getLogger(__name__)


# Contracts whose units and suppliers are still watched: paused ones above all.
def ivo_subjects():
    """Every unit under a watched contract of an agreement with annual IVO supervision.

    The contract's status, not the agreement's dates, says whether the unit is
    still in use: an agreement past its end date may still have active contracts.
    """
    contracts = Avtal.objects.bevakade().filter(ramavtal__arlig_ivo_tillsyn=True)
    return sorted(Verksamhet.objects.omfattas_av(contracts).values_list("pk", flat=True))


def kredit_subjects():
    """Every supplier with a watched contract: active, paused or under notice."""
    return sorted(
        Leverantor.objects.filter(bevakade_q("avtal__")).distinct().values_list("pk", flat=True)
    )


SUBJECTS = {Kontrolltyp.IVO: ivo_subjects, Kontrolltyp.KREDIT: kredit_subjects}


def sweep_start(*, typ, anledning, amnen=None, adapter=None, user=None, now=None):
    """Plan a sweep; returns (sweep, created). A running full sweep is returned as is.

    `amnen` (ids) makes a small sweep of just those, e.g. "Kontrollera nu".
    """
    ids = SUBJECTS[typ]() if amnen is None else sorted(set(amnen))
    fields = {
        "typ": typ,
        "omfattning": Svepomfattning.ALLA if amnen is None else Svepomfattning.ENSTAKA,
        "adapter": adapter or configured_adapter(typ),
        "anledning": anledning,
        "startad_av": user,
        "amnen": ids,
        "totalt": len(ids),
        "skapad": now or timezone.now(),
    }
    if amnen is not None:
        # The same unit asked for again while its check is queued: one sweep.
        for running in Kontrollsvep.objects.running().filter(
            typ=typ, omfattning=Svepomfattning.ENSTAKA, adapter=fields["adapter"]
        ):
            if running.amnen == ids:
                return running, False
    try:
        with transaction.atomic():
            return Kontrollsvep.objects.create(**fields), True
    except IntegrityError:
        running = Kontrollsvep.objects.running().filter(typ=typ, omfattning=Svepomfattning.ALLA)
        return running.get(), False


def _keys(typ, ids):
    if typ == Kontrolltyp.IVO:
        rows = Verksamhet.objects.filter(pk__in=ids).values_list("pk", "ivo_tillstandsnummer")
    else:
        rows = Leverantor.objects.filter(pk__in=ids).values_list("pk", "organisationsnummer")
    return dict(rows)


def _fetch(adapter, typ, key):
    """One answer or the KontrollFel to store; never raises (runs in a thread)."""
    if not key:
        return KontrollFel("Verksamheten saknar IVO-tillståndsnummer i registret.")
    try:
        return adapter.hamta(key)
    except KontrollFel as problem:
        return problem
    except Exception:  # noqa: BLE001 - a source's bug must fail one check, not the sweep
        log.exception("Unexpected error checking %s %s", typ, key)
        return KontrollFel(
            "Ett oväntat fel inträffade vid kontrollen. Kontrollen räknas som okänd."
        )


def sweep_chunk(svep_id, *, now=None):
    """Work through the next chunk; True when more remains (queue another call)."""
    now = now or timezone.now()
    lease_until = now + datetime.timedelta(seconds=settings.KONTROLL_LAS_SEKUNDER)
    claimed = (
        Kontrollsvep.objects.filter(pk=svep_id, status=Svepstatus.PAGAR)
        .filter(Q(las_till__isnull=True) | Q(las_till__lt=now))
        .update(las_till=lease_until, senast_aktiv=now)
    )
    if not claimed:
        return False  # finished, stopped, or another worker holds it
    try:
        return _work(Kontrollsvep.objects.get(pk=svep_id))
    finally:
        # Only our own lease: if it ran out and another worker claimed the
        # sweep meanwhile, releasing theirs would let a third one in.
        Kontrollsvep.objects.filter(pk=svep_id, las_till=lease_until).update(
            las_till=None, senast_aktiv=timezone.now()
        )


# Answers are written in small transactions while the pool keeps fetching:
# network waits and database writes overlap, and no write lock is held
# across a network call.
WRITE_BATCH = 25


def _work(svep):
    model, fk = MODELS[svep.typ]
    done = set(model.objects.filter(svep=svep).values_list(f"{fk}_id", flat=True))
    remaining = [pk for pk in svep.amnen if pk not in done]
    # A unit or supplier deleted since the sweep was planned gets no check:
    # left in the list, a chunk of only such ids would be re-run forever.
    keys = _keys(svep.typ, remaining)
    todo_all = [pk for pk in remaining if pk in keys]
    todo = todo_all[: settings.KONTROLL_CHUNK]
    if not todo:
        _finish(svep)
        return False
    adapter = adapter_for(svep.typ, svep.adapter)
    refused = None
    try:
        # The first request alone: if the login is refused, it is the only one
        # (credit services lock accounts after a few failed logins).
        first = _fetch(adapter, svep.typ, keys.get(todo[0]))
        _write(svep, [(todo[0], first)], keys)
        if isinstance(first, InloggningNekad):
            refused = first
        elif len(todo) > 1:
            workers = min(settings.KONTROLL_MAX_SAMTIDIGA, len(todo) - 1)
            with ThreadPoolExecutor(max_workers=workers) as pool:
                answers = pool.map(lambda pk: _fetch(adapter, svep.typ, keys.get(pk)), todo[1:])
                batch = []
                for pair in zip(todo[1:], answers, strict=True):
                    batch.append(pair)
                    if isinstance(pair[1], InloggningNekad):
                        refused = refused or pair[1]
                    if len(batch) == WRITE_BATCH:
                        _write(svep, batch, keys)
                        batch = []
                _write(svep, batch, keys)
    finally:
        adapter.close()
    if refused is not None:
        Kontrollsvep.objects.filter(pk=svep.pk, status=Svepstatus.PAGAR).update(
            status=Svepstatus.AVBRUTEN,
            avslutad=timezone.now(),
            felmeddelande=refused.message,
            inloggning_nekad=True,
        )
        return False
    if len(todo_all) > len(todo):
        return True
    _finish(svep)
    return False


def _write(svep, pairs, keys):
    new_signals = 0
    with transaction.atomic():
        for pk, answer in pairs:
            if pk not in keys:
                continue  # the unit or supplier no longer exists
            _check, signal = store_check(
                typ=svep.typ, amne_id=pk, utfall=answer, kalla=svep.adapter, svep=svep
            )
            new_signals += signal is not None
        svep.signaler += new_signals
        _count(svep, MODELS[svep.typ][0])  # progress the page shows, batch by batch


def _count(svep, model):
    counts = model.objects.filter(svep=svep).aggregate(
        ok=Count("pk", filter=Q(status=Kontrollstatus.OK)),
        failed=Count("pk", filter=Q(status=Kontrollstatus.MISSLYCKAD)),
    )
    Kontrollsvep.objects.filter(pk=svep.pk).update(
        klara=counts["ok"], misslyckade=counts["failed"], signaler=svep.signaler
    )


def _finish(svep):
    Kontrollsvep.objects.filter(pk=svep.pk, status=Svepstatus.PAGAR).update(
        status=Svepstatus.KLAR, avslutad=timezone.now()
    )


def sweep_run_all(svep_id):
    """Run a whole sweep here and now (file imports, benchmarks, tests)."""
    while sweep_chunk(svep_id):
        pass
    return Kontrollsvep.objects.get(pk=svep_id)


def stalled(now=None):
    """Running sweeps nobody holds and nobody has touched for a while."""
    now = now or timezone.now()
    quiet = now - datetime.timedelta(minutes=2 * settings.KONTROLL_SCHEMA_MINUTER)
    return (
        Kontrollsvep.objects.running()
        .filter(Q(las_till__isnull=True) | Q(las_till__lt=now))
        .filter(Q(senast_aktiv__isnull=True, skapad__lt=quiet) | Q(senast_aktiv__lt=quiet))
    )


# ---------------------------------------------------------------- schedule


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def next_due(typ, after):
    """The first scheduled time strictly after `after` (local time rules)."""
    local = timezone.localtime(after)
    if typ == Kontrolltyp.IVO:
        candidates = [
            _at(datetime.date(year, month, settings.KONTROLL_IVO_DAG), settings.KONTROLL_IVO_TIMME)
            for year in (local.year, local.year + 1)
            for month in sorted(settings.KONTROLL_IVO_MANADER)
        ]
        return next(c for c in candidates if c > after)
    day = local.date()
    for offset in range(8):
        candidate = _at(day + datetime.timedelta(days=offset), settings.KONTROLL_KREDIT_TIMME)
        weekly = settings.KONTROLL_KREDIT_INTERVALL == "vecka"
        if candidate > after and (
            not weekly or candidate.isoweekday() == settings.KONTROLL_KREDIT_VECKODAG
        ):
            return candidate
    raise AssertionError("unreachable: a week always has the weekday")


def claim_schedule(typ, now=None):
    """Claim the due run of a kind; True for exactly one caller per due time.

    A kind seen for the first time is due at once: the first sweep takes the
    baseline that later checks are compared with.
    """
    now = now or timezone.now()
    row, _created = Kontrollschema.objects.get_or_create(typ=typ, defaults={"nasta": now})
    if row.nasta > now:
        return False
    return (
        Kontrollschema.objects.filter(pk=row.pk, nasta=row.nasta).update(
            nasta=next_due(typ, now), senast_startad=now
        )
        == 1
    )


def login_refused(typ):
    """The newest sweep of a kind, if a refused login stopped it (else None).

    Its source is not asked again on schedule: a daily credit sweep would
    otherwise fail one login a day until the account is locked. A sweep
    someone starts by hand (with corrected credentials) is newer and lifts this.
    """
    latest = Kontrollsvep.objects.filter(typ=typ).order_by("-skapad", "-pk").first()
    if latest and latest.inloggning_nekad and latest.adapter == configured_adapter(typ):
        return latest
    return None


def scheduled_sweeps(now=None):
    """Start every due sweep; returns the ids of sweeps to queue (new or stalled)."""
    now = now or timezone.now()
    queue = []
    for typ in Kontrolltyp.values:
        with transaction.atomic():
            if claim_schedule(typ, now):
                if login_refused(typ):
                    log.warning("Scheduled %s sweep skipped: the last login was refused", typ)
                    continue
                svep, created = sweep_start(typ=typ, anledning=Svepanledning.SCHEMA, now=now)
                if created:
                    queue.append(svep.pk)
    queue.extend(pk for pk in stalled(now).values_list("pk", flat=True) if pk not in queue)
    return queue
