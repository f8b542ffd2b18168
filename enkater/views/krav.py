"""A ramavtal's catalogue of requirements: list, create, change, retire, import.

The rules are in enkater.krav (and enkater.krav_import); these views only
show forms and call them. The import keeps the uploaded file privately
between preview and confirmation, exactly as the register import does
(leverantorer.views): a token in the session names the file, so the
confirmed write reads exactly what was previewed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from enkater.forms.krav import KravFilter, KravForm, KravImportForm
from enkater.krav import satt_aktiv, spara_krav
from enkater.krav_import import apply_krav, parse_krav
from enkater.models import Avtalskrav
from leverantorer.imports import ImportRejected, pending, preview_context
from ramavtal.models import Ramavtal
from uppfoljning.editing import add_errors, form_page
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate

VISA_ALLA = "alla"


def _list_url(ramavtal):
    return reverse("enkater:krav_list", args=[ramavtal.pk])


@permission_required("enkater.view_avtalskrav", raise_exception=True)
def krav_list(request, ramavtal_pk):
    ramavtal = get_object_or_404(Ramavtal, pk=ramavtal_pk)
    visa_alla = request.GET.get("visa") == VISA_ALLA
    queryset = (
        Avtalskrav.objects.filter(ramavtal=ramavtal)
        .select_related("tema", "avtalsomrade")
        .annotate(antal_fragor=Count("fragor", distinct=True))
        .order_by(F("avtalsomrade__nummer").asc(nulls_first=True), "sortering", "pk")
    )
    if not visa_alla:
        queryset = queryset.filter(aktiv=True)
    filterset = KravFilter(request.GET, queryset=queryset, ramavtal=ramavtal)
    page = paginate(request, filterset.qs)
    grupper = []  # (avtalsområde or None, [krav]) in the page's order
    for krav in page["object_list"]:
        if not grupper or grupper[-1][0] != krav.avtalsomrade:
            grupper.append((krav.avtalsomrade, []))
        grupper[-1][1].append(krav)
    params = request.GET.copy()
    params.pop("sida", None)
    if visa_alla:
        params.pop("visa", None)
    else:
        params["visa"] = VISA_ALLA
    context = {
        "ramavtal": ramavtal,
        "filter": filterset,
        "grupper": grupper,
        "visa_alla": visa_alla,
        "toggle_query": params.urlencode(),
        "antal_avaktiverade": Avtalskrav.objects.filter(ramavtal=ramavtal, aktiv=False).count(),
        **page,
    }
    return render(request, "enkater/krav_list.html", context)


def _edit(request, ramavtal, krav, *, title, success):
    posted = request.method == "POST"
    form = KravForm(request.POST if posted else None, instance=krav, ramavtal=ramavtal)
    if posted and form.is_valid():
        try:
            spara_krav(form.instance, user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(_list_url(ramavtal))
    extra = {}
    if krav.pk:
        extra = {"krav": krav, "history": history_entries(krav)}
    return form_page(
        request,
        form,
        title=title,
        intro=f"Ramavtal: {ramavtal}.",
        cancel_url=_list_url(ramavtal),
        template="enkater/krav_form.html",
        **extra,
    )


@permission_required("enkater.add_avtalskrav", raise_exception=True)
@require_http_methods(["GET", "POST"])
def krav_create(request, ramavtal_pk):
    ramavtal = get_object_or_404(Ramavtal, pk=ramavtal_pk)
    return _edit(request, ramavtal, Avtalskrav(), title="Nytt krav", success="Kravet är sparat.")


@permission_required("enkater.change_avtalskrav", raise_exception=True)
@require_http_methods(["GET", "POST"])
def krav_update(request, pk):
    krav = get_object_or_404(Avtalskrav.objects.select_related("ramavtal"), pk=pk)
    return _edit(
        request,
        krav.ramavtal,
        krav,
        title=f"Krav {krav.nummer} {krav.rubrik}",
        success="Ändringarna är sparade.",
    )


@permission_required("enkater.change_avtalskrav", raise_exception=True)
@require_POST
def krav_retire(request, pk):
    """Retire a requirement, or (aktiv=1) re-activate it. Never deletes."""
    krav = get_object_or_404(Avtalskrav.objects.select_related("ramavtal"), pk=pk)
    aktiv = request.POST.get("aktiv") == "1"
    if satt_aktiv(krav, aktiv, user=request.user):
        text = "är aktiverat igen" if aktiv else "är avaktiverat"
        messages.success(request, f"Krav {krav.nummer} {text}.")
    return redirect(_list_url(krav.ramavtal))


# --- Import ------------------------------------------------------------------

SESSION_KEY = "krav_import"


def _render_preview(request, ramavtal, preview, filename, token=None):
    context = {"ramavtal": ramavtal, **preview_context(preview, filename, token)}
    return render(request, "enkater/krav_import_preview.html", context)


@permission_required("enkater.add_avtalskrav", raise_exception=True)
@permission_required("enkater.change_avtalskrav", raise_exception=True)
@require_http_methods(["GET", "POST"])
def krav_import(request, ramavtal_pk):
    """Upload (preview) and, with the preview's token, confirm: all or nothing."""
    ramavtal = get_object_or_404(Ramavtal, pk=ramavtal_pk)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, ramavtal)
    form = KravImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["fil"]
        content = upload.read()
        preview = parse_krav(ramavtal, content, upload.name)
        pending.discard(request, SESSION_KEY)
        token = None
        if preview.ok:
            token = pending.keep(request, SESSION_KEY, content, upload.name, ramavtal=ramavtal.pk)
        return _render_preview(request, ramavtal, preview, upload.name, token)
    return render(request, "enkater/krav_import.html", {"form": form, "ramavtal": ramavtal})


def _confirm(request, ramavtal):
    again = reverse("enkater:krav_import", args=[ramavtal.pk])
    found = pending.take(request, SESSION_KEY, ramavtal=ramavtal.pk)
    if found is None:
        messages.error(request, "Importen hittades inte. Ladda upp filen igen.")
        return redirect(again)
    content, kept = found
    try:
        preview = parse_krav(ramavtal, content, kept["filename"])
        if not preview.ok:
            messages.error(request, "Filen innehåller fel och importerades inte.")
            return _render_preview(request, ramavtal, preview, kept["filename"])
        result = apply_krav(ramavtal, preview, user=request.user)
    except ImportRejected as rejected:
        for error in rejected.errors:
            messages.error(request, error)
        messages.error(request, "Ingenting importerades. Ladda upp filen igen.")
        return redirect(again)
    messages.success(
        request,
        f"Importen är klar: {result.created} nya, {result.updated} ändrade, "
        f"{result.unchanged} oförändrade.",
    )
    return redirect(_list_url(ramavtal))
