"""Writes for the documents: create, mark the plan's years, order and run PDF jobs, freeze.

Every write keeps history with the acting user (`save_as`: simple-history has
no request in a task). What differs between the annual report and the plan
comes from the registry in rapporter.documents.
"""

import contextlib
import datetime
import hashlib
import logging
import os
import socket
import threading

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections, transaction
from django.db.models import Max
from django.db.models.functions import Now
from django.utils import timezone

from rapporter.documents import (
    ARSRAPPORT,
    PLAN,
    document_for,
    document_pdf,
    document_type,
    document_type_of,
)
from rapporter.models import (
    JobbStatus,
    JobbTyp,
    PlaneradSarskild,
    Rapportjobb,
    Rapportversion,
)
from uppfoljning.history import save_as

logger = logging.getLogger(__name__)

MIN_AR, MAX_AR = 2000, 2100


def _check_year(ar, model):
    if ar is None or not MIN_AR <= ar <= MAX_AR:
        raise ValidationError({"ar": f"Ange ett år mellan {MIN_AR} och {MAX_AR}."})
    if model.objects.filter(ar=ar).exists():
        raise ValidationError({"ar": f"Det finns redan en {model._meta.verbose_name} för {ar}."})


def dokument_skapa(*, dokumenttyp, ar, user):
    """A new document of a type for a year, with the standard wording to edit."""
    kind = document_type(dokumenttyp)
    _check_year(ar, kind.model)
    return save_as(kind.model(ar=ar, **kind.defaults(ar)), user=user)


def arsrapport_skapa(*, ar, user):
    """A new annual report for a year, with the standard wording to edit."""
    return dokument_skapa(dokumenttyp=ARSRAPPORT.value, ar=ar, user=user)


def plan_skapa(*, ar, user):
    """A new plan for a year, with the standard wording to edit."""
    return dokument_skapa(dokumenttyp=PLAN.value, ar=ar, user=user)


@transaction.atomic
def plan_markera_ar(*, plan, valda, user):
    """Set the plan's X marks to exactly `valda` ({(ramavtal_id, year)}).

    Unticked marks are kept as inactive rows so history shows who removed them.
    Only years in the plan's horizon can be marked.
    """
    horisont = set(plan.horisont)
    outside = sorted({year for _ramavtal, year in valda if year not in horisont})
    if outside:
        raise ValidationError(
            f"Planen gäller åren {plan.horisont[0]}–{plan.horisont[-1]}; "
            f"{', '.join(map(str, outside))} ligger utanför."
        )
    existing = {(row.ramavtal_id, row.ar): row for row in plan.planerade.select_for_update()}
    changed = 0
    for key, row in existing.items():
        wanted = key in valda
        if row.aktiv != wanted:
            row.aktiv = wanted
            save_as(row, user=user)
            changed += 1
    for ramavtal_id, year in sorted(valda - set(existing)):
        save_as(PlaneradSarskild(plan=plan, ramavtal_id=ramavtal_id, ar=year), user=user)
        changed += 1
    return changed


def job_order(*, typ, dokumenttyp, ar, user):
    """A job row for a PDF; the caller queues it once this has committed."""
    document_for(dokumenttyp, ar)  # raises DoesNotExist for an unknown document
    return Rapportjobb.objects.create(typ=typ, dokumenttyp=dokumenttyp, ar=ar, skapad_av=user)


TIMED_OUT = (
    "PDF:en blev inte klar i tid och jobbet har avbrutits. Beställ den igen; händer det "
    "igen, kontakta systemförvaltaren."
)
WORKER_DIED = (
    "PDF:en blev inte klar: bakgrundsprocessen som gjorde den slutade svara. Beställ den "
    "igen; händer det igen, kontakta systemförvaltaren."
)
# A running job is dead once this many pulses in a row are missing: one late
# pulse (a busy database) is not a death, three are.
MISSED_PULSES = 3


class JobLost(Exception):
    """The job was failed (its pulse was missed) while this worker still ran it."""


def job_fail_stalled(now=None):
    """Mark dead jobs failed, so the document can be ordered (or frozen) again at once.

    A running job whose worker stopped pulsing (killed mid-render) is dead after
    MISSED_PULSES pulse intervals. REPORT_JOB_TIMEOUT after the order stays as
    the last resort: for a job whose message was lost before any worker took it
    (the filesystem broker loses the message of a killed worker). Conditional
    UPDATEs, so a job that has just finished is left alone; once failed, a late
    re-delivery no longer claims it (job_run claims only waiting jobs), and its
    old worker, should it still be alive, neither freezes nor finishes it.
    Returns the number of jobs marked.
    """
    now = now or timezone.now()
    # Pulses are written and compared in the database's clock (Now()), so a
    # worker on a host whose clock is a few seconds off is not taken for dead.
    pulse_gone = Now() - datetime.timedelta(
        seconds=MISSED_PULSES * settings.REPORT_JOB_PULS_SEKUNDER
    )
    dead = Rapportjobb.objects.filter(status=JobbStatus.PAGAR, puls__lt=pulse_gone).update(
        status=JobbStatus.MISSLYCKAD, klar=now, fel=WORKER_DIED
    )
    cutoff = now - datetime.timedelta(seconds=settings.REPORT_JOB_TIMEOUT)
    timed_out = Rapportjobb.objects.filter(
        status__in=[JobbStatus.VANTAR, JobbStatus.PAGAR], skapad__lt=cutoff
    ).update(status=JobbStatus.MISSLYCKAD, klar=now, fel=TIMED_OUT)
    return dead + timed_out


def worker_name():
    """This process as a job records it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


@contextlib.contextmanager
def _pulse(jobb_id, arbetare):
    """Touch the job's pulse every REPORT_JOB_PULS_SEKUNDER while the block runs.

    A thread, because the long part (WeasyPrint laying out the pages) is one
    call that reports nothing. It writes only while the job is still this
    worker's and running, on its own database connection, closed at the end.
    """
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.REPORT_JOB_PULS_SEKUNDER):
                try:
                    Rapportjobb.objects.filter(
                        pk=jobb_id, status=JobbStatus.PAGAR, arbetare=arbetare
                    ).update(puls=Now())
                except DatabaseError:
                    # One missed pulse is tolerated (MISSED_PULSES); keep trying.
                    logger.warning("Report job %s: pulse not recorded", jobb_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=beat, name=f"rapportjobb-{jobb_id}-puls", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _progress(jobb_id, framsteg, steg):
    Rapportjobb.objects.filter(pk=jobb_id).update(framsteg=framsteg, steg=steg, puls=Now())


def job_run(jobb_id, *, arbetare=None):
    """Run a job once: claim it, render, store; a job already claimed is left alone.

    `arbetare` names the worker (the task passes Celery's hostname and pid);
    its pulse (`puls`) lets job_fail_stalled tell a dead job from a slow one.
    """
    arbetare = (arbetare or worker_name())[:200]
    now = timezone.now()
    claimed = Rapportjobb.objects.filter(pk=jobb_id, status=JobbStatus.VANTAR).update(
        status=JobbStatus.PAGAR,
        startad=now,
        puls=Now(),
        arbetare=arbetare,
        framsteg=5,
        steg="Startar",
    )
    if not claimed:
        return False
    jobb = Rapportjobb.objects.select_related("skapad_av").get(pk=jobb_id)
    try:
        with _pulse(jobb.pk, arbetare):
            dokument = document_for(jobb.dokumenttyp, jobb.ar)
            _progress(jobb.pk, 20, "Hämtar uppgifter och sätter sidorna")
            if jobb.typ == JobbTyp.FASTSTALL:
                version = rapport_faststall(dokument=dokument, user=jobb.skapad_av, jobb_id=jobb.pk)
                jobb.version = version
            else:
                rendered = document_pdf(jobb.dokumenttyp, dokument)
                _progress(jobb.pk, 90, "Sparar PDF")
                filename = document_type(jobb.dokumenttyp).pdf_filename(dokument)
                jobb.pdf.save(filename, ContentFile(rendered.pdf), save=False)
    except JobLost:
        logger.warning(
            "Report job %s was failed while %s ran it; nothing stored", jobb_id, arbetare
        )
        return False
    except ValidationError as error:
        # Fastställ refused (a required section was emptied after the order): say why.
        Rapportjobb.objects.filter(pk=jobb_id).update(
            status=JobbStatus.MISSLYCKAD, klar=timezone.now(), fel=" ".join(error.messages)[:300]
        )
        return False
    except Exception:
        # Shown to the user; the detail goes to the log.
        logger.exception("Report job %s failed", jobb_id)
        Rapportjobb.objects.filter(pk=jobb_id).update(
            status=JobbStatus.MISSLYCKAD,
            klar=timezone.now(),
            fel="PDF:en kunde inte skapas. Försök igen eller kontakta systemförvaltaren.",
        )
        raise
    if jobb.typ == JobbTyp.FASTSTALL:
        return True  # rapport_faststall marked it done with its version
    # Only a job still ours: one failed meanwhile stays failed (its user may
    # already have ordered it again).
    finished = Rapportjobb.objects.filter(
        pk=jobb_id, status=JobbStatus.PAGAR, arbetare=arbetare
    ).update(
        status=JobbStatus.KLAR,
        framsteg=100,
        steg="Klar",
        klar=timezone.now(),
        pdf=jobb.pdf.name or "",
        version=jobb.version,
    )
    return bool(finished)


def check_complete(dokument):
    """Refuse to freeze a document whose required sections are still empty."""
    saknas = dokument.saknade_avsnitt()
    if saknas:
        raise ValidationError(
            f"{dokument.titel} kan inte fastställas förrän följande är ifyllt: "
            + ", ".join(saknas)
            + "."
        )


def rapport_faststall(*, dokument, user, jobb_id=None):
    """Freeze the document as it stands: a PDF/A stored once with its SHA-256.

    The version number is taken under a row lock on the document, so two
    freezes at once get consecutive numbers. The stored bytes are what every
    later download serves; nothing ever re-renders a frozen version. Run for
    a job (`jobb_id`), it freezes only while that job is still running: a job
    failed meanwhile (and perhaps ordered again) must not add a version.
    """
    check_complete(dokument)
    kind = document_type_of(dokument)
    dokumenttyp = kind.value
    rendered = document_pdf(dokumenttyp, dokument, archive=True)
    with transaction.atomic():
        type(dokument).objects.select_for_update().get(pk=dokument.pk)
        if jobb_id is not None:
            running = Rapportjobb.objects.select_for_update().filter(
                pk=jobb_id, status=JobbStatus.PAGAR
            )
            if not list(running.values_list("pk", flat=True)):
                raise JobLost(jobb_id)
        latest = Rapportversion.objects.filter(dokumenttyp=dokumenttyp, ar=dokument.ar).aggregate(
            m=Max("version")
        )["m"]
        version = Rapportversion(
            dokumenttyp=dokumenttyp,
            ar=dokument.ar,
            version=(latest or 0) + 1,
            titel=dokument.titel,
            sha256=hashlib.sha256(rendered.pdf).hexdigest(),
            storlek=len(rendered.pdf),
            faststalld_av=user,
        )
        version.pdf.save(
            kind.version_filename(dokument.ar, version.version),
            ContentFile(rendered.pdf),
            save=False,
        )
        save_as(version, user=user)
        if jobb_id is not None:
            # Done in the same transaction, under the job's lock: a job is never
            # failed (and re-ordered) after its version was frozen.
            Rapportjobb.objects.filter(pk=jobb_id).update(
                status=JobbStatus.KLAR,
                framsteg=100,
                steg="Klar",
                klar=timezone.now(),
                version=version,
            )
    return version
