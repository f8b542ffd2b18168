"""Writes for the documents: create, mark the plan's years, order and run PDF jobs, freeze.

Every write keeps history with the acting user (`save_as`: simple-history has
no request in a task). What differs between the annual report and the plan
comes from the registry in rapporter.documents.
"""

import datetime
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
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


def job_fail_stalled():
    """Mark jobs still waiting or running REPORT_JOB_TIMEOUT after they were ordered as failed.

    A worker killed mid-render leaves its job "pågår", and the filesystem
    broker loses the message of a killed worker, so nothing would ever finish
    it. A conditional UPDATE, so a job that has just finished is left alone;
    once failed, a late re-delivery no longer claims it (job_run claims only
    waiting jobs). Returns the number of jobs marked.
    """
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_TIMEOUT)
    return Rapportjobb.objects.filter(
        status__in=[JobbStatus.VANTAR, JobbStatus.PAGAR], skapad__lt=cutoff
    ).update(status=JobbStatus.MISSLYCKAD, klar=timezone.now(), fel=TIMED_OUT)


def _progress(jobb_id, framsteg, steg):
    Rapportjobb.objects.filter(pk=jobb_id).update(framsteg=framsteg, steg=steg)


def job_run(jobb_id):
    """Run a job once: claim it, render, store; a job already claimed is left alone."""
    claimed = Rapportjobb.objects.filter(pk=jobb_id, status=JobbStatus.VANTAR).update(
        status=JobbStatus.PAGAR, startad=timezone.now(), framsteg=5, steg="Startar"
    )
    if not claimed:
        return False
    jobb = Rapportjobb.objects.select_related("skapad_av").get(pk=jobb_id)
    try:
        dokument = document_for(jobb.dokumenttyp, jobb.ar)
        _progress(jobb.pk, 20, "Hämtar uppgifter och sätter sidorna")
        if jobb.typ == JobbTyp.FASTSTALL:
            version = rapport_faststall(dokument=dokument, user=jobb.skapad_av)
            jobb.version = version
        else:
            rendered = document_pdf(jobb.dokumenttyp, dokument)
            _progress(jobb.pk, 90, "Sparar PDF")
            filename = document_type(jobb.dokumenttyp).pdf_filename(dokument)
            jobb.pdf.save(filename, ContentFile(rendered.pdf), save=False)
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
    jobb.status, jobb.framsteg, jobb.steg, jobb.klar = JobbStatus.KLAR, 100, "Klar", timezone.now()
    jobb.save(update_fields=["status", "framsteg", "steg", "klar", "pdf", "version"])
    return True


def check_complete(dokument):
    """Refuse to freeze a document whose required sections are still empty."""
    saknas = dokument.saknade_avsnitt()
    if saknas:
        raise ValidationError(
            f"{dokument.titel} kan inte fastställas förrän följande är ifyllt: "
            + ", ".join(saknas)
            + "."
        )


def rapport_faststall(*, dokument, user):
    """Freeze the document as it stands: a PDF/A stored once with its SHA-256.

    The version number is taken under a row lock on the document, so two
    freezes at once get consecutive numbers. The stored bytes are what every
    later download serves; nothing ever re-renders a frozen version.
    """
    check_complete(dokument)
    kind = document_type_of(dokument)
    dokumenttyp = kind.value
    rendered = document_pdf(dokumenttyp, dokument, archive=True)
    with transaction.atomic():
        type(dokument).objects.select_for_update().get(pk=dokument.pk)
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
    return version
