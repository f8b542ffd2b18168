"""Rapporter: the annual report and the plan — edit, preview, PDF jobs, frozen versions.

Who may do what (uppfoljning/roles.py): strategists create documents and
write the narrative; managers (Chef) and strategists read, preview and
download; both may fastställa (freeze) a version, which records who did it.
PDFs are made by a Celery task; the browser follows a job page.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from kombu.exceptions import OperationalError as BrokerError

from arenden.models import UppfoljningLeverantor
from rapporter.arsrapport import URVAL_EXPORT_HEADER, urval_export_rows
from rapporter.documents import ARSRAPPORT, DOCUMENT_TYPES, PLAN, document_html, document_type
from rapporter.drafts import fill_empty
from rapporter.forms import NyttArForm, PlanMarksForm
from rapporter.models import (
    Arsrapport,
    JobbStatus,
    JobbTyp,
    Rapportjobb,
    Rapportversion,
    Uppfoljningsplan,
)
from rapporter.plan import plan_data
from rapporter.services import (
    check_complete,
    dokument_skapa,
    job_fail_stalled,
    job_order,
    plan_markera_ar,
)
from rapporter.tasks import generera_rapport
from uppfoljning.atkomst import AtkomstHandling, logga_atkomst
from uppfoljning.exports import csv_response, xlsx_response
from uppfoljning.history import history_entries, save_as

logger = logging.getLogger(__name__)

BROKER_DOWN = (
    "PDF:en kunde inte beställas just nu: bakgrundstjänsten svarar inte. "
    "Försök igen om en stund eller kontakta systemförvaltaren."
)


def _kind(dokumenttyp):
    """The document type a URL names (rapporter.documents), or 404."""
    try:
        return document_type(dokumenttyp)
    except KeyError:
        raise Http404 from None


def _require(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied


def _may_view_any(user):
    return any(user.has_perm(kind.view_permission) for kind in DOCUMENT_TYPES.values())


def index(request):
    """Reports and plans per year, and forms to start a new one."""
    if not _may_view_any(request.user):
        raise PermissionDenied
    return render(
        request,
        "rapporter/index.html",
        {
            "rapporter": Arsrapport.objects.order_by("-ar"),
            "planer": Uppfoljningsplan.objects.order_by("-ar"),
            "ny_rapport": NyttArForm(prefix=ARSRAPPORT.form_prefix),
            "ny_plan": NyttArForm(prefix=PLAN.form_prefix),
        },
    )


@require_POST
def create(request, dokumenttyp):
    kind = _kind(dokumenttyp)
    _require(request.user, kind.add_permission)
    form = NyttArForm(request.POST, prefix=kind.form_prefix)
    if form.is_valid():
        try:
            dokument = dokument_skapa(
                dokumenttyp=kind.value, ar=form.cleaned_data["ar"], user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"{dokument.titel} är skapad.")
            return redirect(dokument)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, f"År: {message}")
    return redirect("rapporter:index")


def _detail_context(request, kind, dokument):
    dokumenttyp = kind.value
    job_fail_stalled()
    return {
        "dokument": dokument,
        "dokumenttyp": dokumenttyp,
        "versioner": Rapportversion.objects.filter(dokumenttyp=dokumenttyp, ar=dokument.ar)
        .select_related("faststalld_av")
        .order_by("-version"),
        "jobb": Rapportjobb.objects.filter(
            dokumenttyp=dokumenttyp, ar=dokument.ar, skapad_av=request.user
        ).order_by("-skapad")[:5],
        "may_change": request.user.has_perm(kind.change_permission),
        "may_freeze": request.user.has_perm(kind.freeze_permission),
        "history": history_entries(dokument),
    }


def arsrapport_detail(request, ar):
    _require(request.user, ARSRAPPORT.view_permission)
    rapport = get_object_or_404(Arsrapport, ar=ar)
    context = _detail_context(request, ARSRAPPORT, rapport)
    return render(request, "rapporter/arsrapport_detail.html", context)


def plan_detail(request, ar):
    _require(request.user, PLAN.view_permission)
    plan = get_object_or_404(Uppfoljningsplan, ar=ar)
    data = plan_data(plan)
    form = PlanMarksForm(
        request.POST or None, rows=data.rader, horisont=data.horisont, prefix="plan"
    )
    if request.method == "POST":
        _require(request.user, PLAN.change_permission)
        if form.is_valid():
            try:
                changed = plan_markera_ar(plan=plan, valda=form.valda(), user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"Planeringen är sparad ({changed} ändringar).")
                return redirect(plan)
    context = _detail_context(request, PLAN, plan)
    context.update(data=data, form=form)
    return render(request, "rapporter/plan_detail.html", context)


def edit(request, dokumenttyp, ar):
    kind = _kind(dokumenttyp)
    _require(request.user, kind.change_permission)
    dokument = get_object_or_404(kind.model, ar=ar)
    form = kind.form(request.POST or None, instance=dokument)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Texterna är sparade.")
        return redirect(dokument)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": f"Redigera {dokument.titel}",
            "intro": "Siffror och tabeller hämtas ur registret när dokumentet skapas; här "
            "skriver du tjänsteskrivelsen och de löpande texterna. Skriv aldrig namn eller "
            "personnummer på enskilda.",
            "cancel_url": dokument.get_absolute_url(),
        },
    )


@require_POST
def draft(request, dokumenttyp, ar):
    """Fyll i utkast från data: fills only the empty narrative fields."""
    kind = _kind(dokumenttyp)
    _require(request.user, kind.change_permission)
    dokument = get_object_or_404(kind.model, ar=ar)
    filled = fill_empty(dokument, kind.draft(dokument))
    if filled:
        save_as(dokument, user=request.user, reason="Utkast från data")
        labels = [str(dokument._meta.get_field(name).verbose_name) for name in filled]
        messages.success(request, "Utkast ifyllt för: " + ", ".join(labels) + ".")
    else:
        messages.info(request, "Alla fält som kan fyllas från data har redan text; inget ändrades.")
    return redirect(dokument)


def preview(request, dokumenttyp, ar):
    """The document's HTML exactly as the PDF is made from it, with a way back."""
    kind = _kind(dokumenttyp)
    _require(request.user, kind.view_permission)
    dokument = get_object_or_404(kind.model, ar=ar)
    html = document_html(kind.value, dokument, preview=True, back_url=dokument.get_absolute_url())
    return HttpResponse(html)


def enqueue(request, jobb):
    """Queue a committed job; with the broker down, mark it failed and say so in Swedish."""
    try:
        generera_rapport.delay(jobb.pk)
    except (BrokerError, ConnectionError, OSError):
        logger.exception("Could not queue report job %s", jobb.pk)
        Rapportjobb.objects.filter(pk=jobb.pk).update(status=JobbStatus.MISSLYCKAD, fel=BROKER_DOWN)
        messages.error(request, BROKER_DOWN)
        return False
    return True


@require_POST
def order(request, dokumenttyp, ar, typ):
    """Order a PDF (Ladda ner PDF) or a frozen version (Fastställ)."""
    kind = _kind(dokumenttyp)
    if typ not in JobbTyp.values:
        raise Http404
    needed = kind.freeze_permission if typ == JobbTyp.FASTSTALL else kind.view_permission
    _require(request.user, needed)
    dokument = get_object_or_404(kind.model, ar=ar)
    if typ == JobbTyp.FASTSTALL:
        try:
            check_complete(dokument)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(dokument)
        # A second click on Fastställ while the first is under way would freeze
        # the same text twice as two numbered versions.
        job_fail_stalled()
        pending = Rapportjobb.objects.filter(
            typ=JobbTyp.FASTSTALL,
            dokumenttyp=dokumenttyp,
            ar=ar,
            status__in=[JobbStatus.VANTAR, JobbStatus.PAGAR],
        ).first()
        if pending:
            messages.info(request, "Dokumentet håller redan på att fastställas.")
            return redirect(pending if pending.skapad_av_id == request.user.pk else dokument)
    # Commit the job row first so the worker can see it; queue after.
    with transaction.atomic():
        jobb = job_order(typ=typ, dokumenttyp=dokumenttyp, ar=ar, user=request.user)
    if not enqueue(request, jobb):
        return redirect(dokument)
    return redirect(jobb)


def _job_for(request, pk):
    job_fail_stalled()
    # Someone else's job answers as a missing one: its id tells nothing.
    jobb = get_object_or_404(
        Rapportjobb.objects.select_related("version"), pk=pk, skapad_av_id=request.user.pk
    )
    # Ordering needed the right to read the document; so does fetching the result
    # (a user who has since left the role no longer gets it).
    _require(request.user, _kind(jobb.dokumenttyp).view_permission)
    return jobb


def _job_json(jobb):
    data = {
        "status": jobb.status,
        "status_text": jobb.get_status_display(),
        "framsteg": jobb.framsteg,
        "steg": jobb.steg,
        "fel": jobb.fel,
        "download_url": None,
    }
    if jobb.status == JobbStatus.KLAR:
        data["download_url"] = _download_url(jobb)
    return data


def _download_url(jobb):
    if jobb.version_id:
        return reverse("rapporter:version", args=[jobb.version_id])
    return reverse("rapporter:jobb_pdf", args=[jobb.pk])


def job(request, pk):
    """A job's progress: a page that works without JavaScript, and JSON for the poll."""
    jobb = _job_for(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(_job_json(jobb))
    dokument_url = reverse(_kind(jobb.dokumenttyp).detail_url, args=[jobb.ar])
    return render(
        request,
        "rapporter/jobb.html",
        {
            "jobb": jobb,
            "download_url": _download_url(jobb) if jobb.status == JobbStatus.KLAR else None,
            "dokument_url": dokument_url,
        },
    )


def job_pdf(request, pk):
    jobb = _job_for(request, pk)
    if jobb.status != JobbStatus.KLAR or not jobb.pdf:
        raise Http404
    filename = _kind(jobb.dokumenttyp).download_filename(jobb.ar)
    logga_atkomst(request, jobb, AtkomstHandling.LADDA_NER)
    return FileResponse(
        jobb.pdf.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )


def version_pdf(request, pk):
    """A frozen version: exactly the stored bytes, never re-rendered."""
    version = get_object_or_404(Rapportversion, pk=pk)
    _require(request.user, _kind(version.dokumenttyp).view_permission)
    logga_atkomst(request, version, AtkomstHandling.LADDA_NER)
    response = FileResponse(
        version.pdf.open("rb"),
        as_attachment=True,
        filename=version.filnamn,
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = version.sha256
    return response


@require_GET
def urval_export(request):
    """The appendix of the annual report: the year's sample rows with outcomes, CSV or XLSX."""
    _require(request.user, ARSRAPPORT.view_permission)
    ar = request.GET.get("ar") or str(timezone.localdate().year)
    fmt = request.GET.get("format", "csv")
    if not ar.isdigit() or not 1900 < int(ar) < 3000 or fmt not in ("csv", "xlsx"):
        return HttpResponse(
            "Ange år (?ar=ÅÅÅÅ) och format csv eller xlsx.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = list(urval_export_rows(int(ar)))
    filename = f"urval-{ar}.{fmt}"
    respond = csv_response if fmt == "csv" else xlsx_response
    response = respond(filename, URVAL_EXPORT_HEADER, rows)
    logga_atkomst(request, UppfoljningLeverantor, AtkomstHandling.EXPORTERA)
    return response
