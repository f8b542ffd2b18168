"""Reviewing an answer question by question, closing it, findings from it, its files."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from enkater.forms.granskning import (
    GODKANN,
    KOMPLETTERA,
    BristFranSvarForm,
    GranskningForm,
)
from enkater.granskning import (
    INSKICKADE,
    begar_komplettering,
    brist_forslag,
    brist_fran_svar,
    oppna_kompletteringar,
    varde_godkann,
)
from enkater.granskning import (
    svar_godkann as godkann_svar,
)
from enkater.models import Fraga, Svar, SvarStatus, SvarVarde
from uppfoljning.atkomst import AtkomstHandling, logga_atkomst
from uppfoljning.editing import add_errors

_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _svar(pk):
    """A submitted answer (a draft is nobody's to review yet: 404 like a missing id)."""
    return get_object_or_404(
        Svar.objects.select_related(
            "utskick__uppfoljning",
            "utskick__version__formular",
            "leverantor",
            "verksamhet",
            "mottagare",
            "granskad_av",
        ),
        pk=pk,
        status__in=INSKICKADE,
    )


def _review_rows(svar):
    """[(fraga, varde or None, [earlier rounds])] in the questionnaire's order (3 queries)."""
    fragor = list(
        Fraga.objects.filter(sektion__version=svar.version_id)
        .select_related("sektion")
        .order_by("sektion__ordning", "sektion__pk", "ordning", "pk")
    )
    varden = {v.fraga_id: v for v in svar.varden.all()}
    rounds = {}
    for k in svar.kompletteringar.select_related("begard_av").order_by("runda", "pk"):
        rounds.setdefault(k.fraga_id, []).append(k)
    return fragor, varden, rounds


@permission_required("enkater.change_svar", raise_exception=True)
def svar_granska(request, pk):
    svar = _svar(pk)
    fragor, varden, rounds = _review_rows(svar)
    besvarade = [f for f in fragor if f.pk in varden]
    can_review = svar.status == SvarStatus.INSKICKAT
    kan_komplettera = svar.mottagare_id is not None
    form = GranskningForm(
        request.POST if request.method == "POST" else None,
        fragor=besvarade,
        kan_komplettera=kan_komplettera,
    )
    if request.method == "POST" and can_review and form.is_valid():
        decisions = form.decisions()
        accepted = [varden[f.pk] for f, d, _ in decisions if d == GODKANN]
        complements = [(f, c) for f, d, c in decisions if d == KOMPLETTERA]
        try:
            with transaction.atomic():
                for varde in accepted:
                    varde.svar = svar
                    varde_godkann(varde, request.user)
                if complements:
                    begar_komplettering(
                        svar, complements, form.cleaned_data.get("svar_senast"), request.user
                    )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if complements:
                messages.success(
                    request,
                    f"Komplettering begärd för {len(complements)} "
                    f"{'fråga' if len(complements) == 1 else 'frågor'}. Den som svarade har "
                    "fått ett e-brev.",
                )
            elif accepted:
                messages.success(request, f"{len(accepted)} svar godkända.")
            else:
                messages.info(request, "Inget beslut valdes.")
            return redirect("enkater:svar_granska", pk=svar.pk)
    rows = []
    bound = {f.pk: (b, c) for f, b, c in form.bound_rows()}
    for fraga in fragor:
        beslut, kommentar = bound.get(fraga.pk, (None, None))
        rows.append(
            {
                "fraga": fraga,
                "varde": varden.get(fraga.pk),
                "rundor": rounds.get(fraga.pk, []),
                "beslut": beslut,
                "kommentar": kommentar,
            }
        )
    context = {
        "svar": svar,
        "rows": rows,
        "form": form,
        "can_review": can_review,
        "kan_komplettera": kan_komplettera,
        "can_accept": can_review and not oppna_kompletteringar(svar).exists(),
        "can_add_brist": request.user.has_perm("arenden.add_brist"),
        "can_download": request.user.has_perm("enkater.view_svarvarde"),
        "uppfoljning_url": svar.utskick.uppfoljning.get_absolute_url(),
    }
    return render(request, "enkater/granskning_svar.html", context)


@require_POST
@permission_required("enkater.change_svar", raise_exception=True)
def svar_godkann(request, pk):
    svar = _svar(pk)
    try:
        godkann_svar(svar, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Svaret är godkänt och avslutat.")
    return redirect("enkater:svar_granska", pk=svar.pk)


@permission_required("arenden.add_brist", raise_exception=True)
def brist_fran_svar_view(request, pk, fraga_pk):
    svar = _svar(pk)
    fraga = get_object_or_404(
        Fraga.objects.select_related("tema"), pk=fraga_pk, sektion__version=svar.version_id
    )
    forslag = brist_forslag(svar, fraga)
    initial = {
        "tema": forslag["tema"].pk if forslag["tema"] else None,
        "beskrivning": forslag["beskrivning"],
    }
    form = BristFranSvarForm(request.POST or None, initial=initial)
    form.instance.uppfoljning = svar.utskick.uppfoljning
    form.instance.leverantor = svar.leverantor
    form.instance.verksamhet = svar.verksamhet
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data.get(name) for name in BristFranSvarForm.Meta.fields}
        try:
            brist = brist_fran_svar(svar, fraga, request.user, **fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Bristen är registrerad.")
            return redirect(brist.get_absolute_url())
    context = {
        "form": form,
        "title": f"Ny brist från svar: {svar}",
        "intro": f"Fråga: {fraga.text}",
        "cancel_url": reverse("enkater:svar_granska", args=[svar.pk]),
    }
    return render(request, "form_page.html", context)


@permission_required("enkater.view_svarvarde", raise_exception=True)
def svarfil(request, pk):
    """Serve an uploaded document; MEDIA_ROOT is never served directly."""
    varde = get_object_or_404(SvarVarde.objects.exclude(fil=""), pk=pk)
    suffix = PurePath(varde.fil.name).suffix.lower()
    try:
        handle = varde.fil.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    logga_atkomst(request, varde, AtkomstHandling.LADDA_NER)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"dokument-svar-{varde.svar_id}-fraga-{varde.fraga_id}{suffix}",
        content_type=_CONTENT_TYPES.get(suffix, "application/octet-stream"),
    )
