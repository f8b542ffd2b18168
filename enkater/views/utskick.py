"""Send-outs: create one within a follow-up, send it, follow its progress."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from arenden.models import Uppfoljning
from enkater.forms.utskick import (
    MedarbetarenhetForm,
    UtskickForm,
    ValjFormularForm,
    aktiva_anvandare,
    formular_for,
    senaste_version,
)
from enkater.models import Malgrupp, Medarbetarenhet, Mottagare, Utskick, UtskickStatus
from enkater.mottagare import forslag_for
from enkater.utskick import (
    framsteg,
    mottagare_aterkalla,
    mottagare_lagg_till,
    ny_lank,
    utskick_skapa,
    utskick_skicka,
)
from uppfoljning.editing import add_errors
from uppfoljning.history import save_as
from uppfoljning.params import query_id


def _grupper(forslag):
    """[(leverantor, [forslag])] in the proposals' order."""
    grupper = []
    for f in forslag:
        if not grupper or grupper[-1][0] != f.leverantor:
            grupper.append((f.leverantor, []))
        grupper[-1][1].append(f)
    return grupper


@permission_required("enkater.add_utskick", raise_exception=True)
def utskick_create(request, uppfoljning_pk):
    uppfoljning = get_object_or_404(Uppfoljning.objects.open(), pk=uppfoljning_pk)
    formular_pk = query_id(request, "formular")
    formular = formular_for(uppfoljning).filter(pk=formular_pk).first() if formular_pk else None
    if formular is None:
        valj = ValjFormularForm(
            request.GET if "formular" in request.GET else None, uppfoljning=uppfoljning
        )
        if valj.is_bound:
            valj.is_valid()
        return render(
            request,
            "enkater/utskick_valj.html",
            {"uppfoljning": uppfoljning, "form": valj, "title": "Nytt utskick"},
        )
    version = senaste_version(formular)
    forslag = forslag_for(uppfoljning, formular.malgrupp)
    today = timezone.localdate()
    initial = {}
    if formular.malgrupp == Malgrupp.VERKSAMHET:  # a self-report round: all units at once
        initial["mottagare"] = [f.nyckel for f in forslag if not f.saknar_epost]
    form = UtskickForm(
        request.POST if request.method == "POST" else None,
        forslag=forslag,
        today=today,
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                utskick = utskick_skapa(
                    uppfoljning,
                    version,
                    svar_senast=form.cleaned_data["svar_senast"],
                    respit_dagar=form.cleaned_data["respit_dagar"],
                    meddelande=form.cleaned_data["meddelande"],
                    user=request.user,
                )
                mottagare_lagg_till(utskick, form.valda(), request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Utskicket är sparat. Granska mottagarna och skicka.")
            return redirect(utskick)
    valda = set(form["mottagare"].value() or [])
    context = {
        "title": f"Nytt utskick: {formular.namn}",
        "uppfoljning": uppfoljning,
        "formular": formular,
        "version": version,
        "form": form,
        "grupper": _grupper(forslag),
        "valda": valda,
        "personal": formular.malgrupp == Malgrupp.PERSONAL,
    }
    return render(request, "enkater/utskick_create.html", context)


def _utskick(pk):
    return get_object_or_404(
        Utskick.objects.select_related("uppfoljning", "version__formular", "skapad_av"), pk=pk
    )


@permission_required("enkater.view_utskick", raise_exception=True)
def utskick_detail(request, pk):
    utskick = _utskick(pk)
    context = {
        "utskick": utskick,
        "framsteg": framsteg(utskick),
        "skickas": utskick.status == UtskickStatus.SKICKAS,
        "kan_andra": request.user.has_perm("enkater.change_mottagare"),
        "kan_granska": request.user.has_perm("enkater.change_svar"),
        "kan_skicka": request.user.has_perm("enkater.change_utskick")
        and utskick.status == UtskickStatus.UTKAST,
    }
    return render(request, "enkater/utskick_detail.html", context)


@permission_required("enkater.view_utskick", raise_exception=True)
@require_GET
def utskick_status(request, pk):
    """The send-out's progress for the page's script to poll; read only."""
    utskick = _utskick(pk)
    return JsonResponse(
        {
            "status": utskick.status,
            "status_text": utskick.get_status_display(),
            "antal_skickade": utskick.antal_skickade,
            "antal_mottagare": utskick.antal_mottagare,
            "klart": utskick.status != UtskickStatus.SKICKAS,
        }
    )


@require_POST
@permission_required("enkater.change_utskick", raise_exception=True)
def utskick_send(request, pk):
    utskick = _utskick(pk)
    try:
        with transaction.atomic():
            utskick_skicka(utskick, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Utskicket skickas nu i bakgrunden.")
    return redirect(utskick)


def _mottagare(pk):
    mottagare = get_object_or_404(
        Mottagare.objects.select_related("utskick__version__formular", "leverantor", "verksamhet"),
        pk=pk,
    )
    return mottagare


@require_POST
@permission_required("enkater.change_mottagare", raise_exception=True)
def mottagare_revoke(request, pk):
    mottagare = _mottagare(pk)
    mottagare_aterkalla(mottagare, request.user)
    messages.success(request, f"{mottagare} är återkallad; länken fungerar inte längre.")
    return redirect(mottagare.utskick)


@require_POST
@permission_required("enkater.change_mottagare", raise_exception=True)
def mottagare_new_link(request, pk):
    mottagare = _mottagare(pk)
    try:
        ny_lank(mottagare, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except OSError:
        messages.error(request, "E-brevet kunde inte skickas. Den tidigare länken gäller ännu.")
    else:
        messages.success(request, f"En ny länk är skickad till {mottagare}.")
    return redirect(mottagare.utskick)


@permission_required("enkater.change_medarbetarenhet", raise_exception=True)
def medarbetarenhet_list(request):
    users = list(aktiva_anvandare())
    rows = {m.anvandare_id: m for m in Medarbetarenhet.objects.all()}
    current = {pk: m.placerande_enhet for pk, m in rows.items()}
    form = MedarbetarenhetForm(
        request.POST if request.method == "POST" else None, users=users, current=current
    )
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            for user, code in form.changes().items():
                row = rows.get(user.pk)
                if not code:
                    if row is not None:
                        row._history_user = request.user
                        row.delete()  # the history table keeps the earlier unit
                    continue
                row = row or Medarbetarenhet(anvandare=user)
                row.placerande_enhet = code
                save_as(row, user=request.user, reason="Placerande enhet angiven")
        messages.success(request, "Ändringarna är sparade.")
        return redirect("enkater:medarbetarenhet_list")
    return render(
        request,
        "enkater/utskick_medarbetare.html",
        {"form": form, "title": "Medarbetares placerande enheter"},
    )
