"""Pages for IVO and credit checks: sweeps with progress, file import, "Kontrollera nu"."""

import logging
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from kombu.exceptions import KombuError

from arenden.forms import KontrollfilForm
from arenden.kontroller.fil import fil_lasa
from arenden.kontroller.kallor import configured_adapter
from arenden.kontroller.sweeps import login_refused, sweep_run_all, sweep_start
from arenden.models import (
    IvoKontroll,
    Kontrollfil,
    Kontrollkalla,
    Kontrollschema,
    Kontrollsvep,
    Kontrolltyp,
    Kreditkontroll,
    Svepanledning,
    Svepstatus,
)
from arenden.tasks import sweep_run
from leverantorer.models import Verksamhet
from uppfoljning.atkomst import AtkomstHandling, logga_atkomst
from uppfoljning.editing import safe_next
from uppfoljning.lists import paginate
from uppfoljning.validators import looks_like_identity_number

log = logging.getLogger(__name__)

BROKER_DOWN = (
    "Kontrollen kunde inte startas just nu: kön för bakgrundsjobb svarar inte. "
    "Försök igen om en stund eller kontakta systemförvaltaren."
)


def queue_sweeps(request, sweeps, *, new):
    """Queue sweeps now; True if queued. With the broker down, stop the new ones and say so.

    Called outside any transaction (the sweeps are committed), so `.delay`
    is safe here and its failure can be caught and shown. A sweep planned by
    an earlier press (`new` holds only this request's) is left running: its
    task is already queued, or the schedule task re-queues it once stalled.
    """
    try:
        for svep in sweeps:
            sweep_run.apply_async((svep.pk,), retry=False)
    except (KombuError, OSError) as error:
        log.warning("Could not queue sweeps %s: %s", [s.pk for s in sweeps], error)
        Kontrollsvep.objects.filter(pk__in=[s.pk for s in new], status=Svepstatus.PAGAR).update(
            status=Svepstatus.AVBRUTEN, avslutad=timezone.now(), felmeddelande=BROKER_DOWN
        )
        messages.error(request, BROKER_DOWN)
        return False
    return True


@require_POST
@permission_required("arenden.add_ivokontroll", raise_exception=True)
def kontrollera_nu(request, verksamhet_pk):
    """IVO check of one unit and credit check of its supplier, queued now."""
    unit = get_object_or_404(Verksamhet.objects.select_related("leverantor"), pk=verksamhet_pk)
    back = safe_next(request, unit.leverantor.get_absolute_url())
    with transaction.atomic():
        ivo, ivo_new = sweep_start(
            typ=Kontrolltyp.IVO, anledning=Svepanledning.MANUELL, amnen=[unit.pk], user=request.user
        )
        kredit, kredit_new = sweep_start(
            typ=Kontrolltyp.KREDIT,
            anledning=Svepanledning.MANUELL,
            amnen=[unit.leverantor_id],
            user=request.user,
        )
    new = [svep for svep, created in ((ivo, ivo_new), (kredit, kredit_new)) if created]
    if queue_sweeps(request, [ivo, kredit], new=new):
        messages.success(
            request,
            f"Kontroll av {unit.namn} och {unit.leverantor.namn} är startad. "
            "Ladda om sidan om en stund för att se resultatet.",
        )
    return redirect(back)


@permission_required("arenden.view_kontrollsvep", raise_exception=True)
def svep_list(request):
    sweeps = Kontrollsvep.objects.select_related("startad_av").order_by("-skapad", "-pk")
    context = {
        "schema": Kontrollschema.objects.order_by("typ"),
        "adapters": [
            (Kontrolltyp(t).label, Kontrollkalla(configured_adapter(t)).label)
            for t in Kontrolltyp.values
        ],
        "typer": Kontrolltyp.choices,
        "nekade": [svep for t in Kontrolltyp.values if (svep := login_refused(t))],
        **paginate(request, sweeps),
    }
    return render(request, "arenden/kontroller/svep_list.html", context)


def _progress(svep):
    return {
        "status": svep.status,
        "status_text": svep.get_status_display(),
        "totalt": svep.totalt,
        "gjorda": svep.gjorda,
        "klara": svep.klara,
        "misslyckade": svep.misslyckade,
        "signaler": svep.signaler,
        "procent": svep.procent,
        "felmeddelande": svep.felmeddelande,
    }


@permission_required("arenden.view_kontrollsvep", raise_exception=True)
def svep_detail(request, pk):
    svep = get_object_or_404(Kontrollsvep.objects.select_related("startad_av"), pk=pk)
    context = {
        "svep": svep,
        "status_url": reverse("kontroller:svep_status", args=[svep.pk]),
    }
    logga_atkomst(request, svep)
    return render(request, "arenden/kontroller/svep_detail.html", context)


@permission_required("arenden.view_kontrollsvep", raise_exception=True)
def svep_status(request, pk):
    """The progress as JSON, polled by static/js/kontrollsvep.js."""
    return JsonResponse(_progress(get_object_or_404(Kontrollsvep, pk=pk)))


@require_POST
@permission_required("arenden.add_kontrollsvep", raise_exception=True)
def svep_start(request):
    typ = request.POST.get("typ")
    if typ not in Kontrolltyp.values:
        messages.error(request, "Välj IVO-kontroll eller kreditkontroll.")
        return redirect("kontroller:svep_list")
    with transaction.atomic():
        svep, created = sweep_start(typ=typ, anledning=Svepanledning.MANUELL, user=request.user)
    if not created:
        messages.info(request, "Ett svep av det slaget pågår redan; här är det.")
    elif queue_sweeps(request, [svep], new=[svep]):
        messages.success(
            request, f"{svep.get_typ_display()} är startad: {svep.totalt} att kontrollera."
        )
    return redirect(svep)


@permission_required("arenden.add_kontrollsvep", raise_exception=True)
def kontrollfil_upload(request):
    """Import an export all-or-nothing; its rows are checked at once, no queue needed."""
    form = KontrollfilForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        typ = form.cleaned_data["typ"]
        upload = form.cleaned_data["fil"]
        content = fil_lasa(typ, upload, upload.name)
        errors = content.errors
        if not errors:
            with transaction.atomic():
                Kontrollfil.objects.create(
                    typ=typ,
                    # A file name is free text too: never store an identity number.
                    filnamn="importerad fil"
                    if looks_like_identity_number(upload.name)
                    else upload.name[:255],
                    sha256=content.sha256,
                    rader=content.rader,
                    uppladdad_av=request.user,
                )
                svep, _ = sweep_start(
                    typ=typ,
                    anledning=Svepanledning.FIL,
                    amnen=content.amnen,
                    adapter=Kontrollkalla.FIL,
                    user=request.user,
                )
            svep = sweep_run_all(svep.pk)
            messages.success(
                request,
                f"Filen är importerad: {svep.klara} kontroller sparade, "
                f"{svep.signaler} nya signaler.",
            )
            return redirect(svep)
    return render(
        request,
        "arenden/kontroller/kontrollfil_upload.html",
        {"form": form, "errors": errors[:200]},
    )


# The stored document behind a check registered by hand, per kind of check.
UNDERLAG_MODELS = {"ivo": IvoKontroll, "kredit": Kreditkontroll}
_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@login_required
def kontroll_underlag(request, typ, pk):
    """Serve a check's attached document to those allowed to see that kind of check.

    MEDIA_ROOT is never served directly; every read goes through this view.
    """
    model = UNDERLAG_MODELS.get(typ)
    if model is None:
        raise Http404
    if not request.user.has_perm(f"arenden.view_{model._meta.model_name}"):
        raise PermissionDenied
    check = get_object_or_404(model, pk=pk)
    if not check.underlag:
        raise Http404
    suffix = PurePath(check.underlag.name).suffix.lower()
    try:
        handle = check.underlag.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    logga_atkomst(request, check, AtkomstHandling.LADDA_NER)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"underlag-{typ}-kontroll-{check.pk}{suffix}",
        content_type=_CONTENT_TYPES.get(suffix, "application/octet-stream"),
    )
