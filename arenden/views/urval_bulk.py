"""Many sample rows at once: the table's action bar, the file export and the import back.

The rules are in arenden.urvalsrader and arenden.urval_import; these views
only read forms and call them. The import keeps the uploaded file privately
between preview and confirmation as the other imports do (a token in the
session names the file), so the confirmed write reads exactly what was
previewed, checked again against the database.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arenden.forms import UrvalBulkForm, UrvalImportForm
from arenden.models import Uppfoljning, UppfoljningLeverantor, UppfoljningTyp
from arenden.urval_import import apply_urval, export_rader, parse_urval
from arenden.urvalsrader import uppdatera_rader
from leverantorer.imports import ImportRejected, pending, preview_context
from uppfoljning.atkomst import AtkomstHandling, logga_atkomst
from uppfoljning.exports import csv_response, xlsx_response
from uppfoljning.params import parse_id

SESSION_KEY = "urval_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sarskild(pk):
    return get_object_or_404(
        Uppfoljning.objects.select_related("ramavtal"), pk=pk, typ=UppfoljningTyp.SARSKILD
    )


def _detail_url(uppfoljning):
    return reverse("arenden:sarskild", args=[uppfoljning.pk]) + "#urval-heading"


@permission_required("arenden.change_uppfoljningleverantor", raise_exception=True)
@require_POST
def urval_bulk(request, pk):
    """Set status, outcome, reason or method on the checked rows: all or nothing."""
    uppfoljning = _sarskild(pk)
    form = UrvalBulkForm(request.POST)
    rader = [parse_id(value) for value in request.POST.getlist("rader")]
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
        return redirect(_detail_url(uppfoljning))
    try:
        antal = uppdatera_rader(
            uppfoljning=uppfoljning,
            rader=[rad for rad in rader if rad is not None],
            user=request.user,
            **form.changes(),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{antal} rader är uppdaterade.")
    return redirect(_detail_url(uppfoljning))


@permission_required("arenden.view_uppfoljning", raise_exception=True)
@require_GET
def urval_export(request, pk):
    """The sample as CSV (`;`, UTF-8 with BOM, as Swedish Excel opens it) or XLSX."""
    uppfoljning = _sarskild(pk)
    header, rows = export_rader(uppfoljning)
    name = f"urval-{slugify(str(uppfoljning.ramavtal))}-{uppfoljning.ar}-{uppfoljning.pk}"
    if request.GET.get("format") == "xlsx":
        response = xlsx_response(f"{name}.xlsx", header, rows)
    else:
        response = csv_response(f"{name}.csv", header, rows)
    logga_atkomst(request, UppfoljningLeverantor, AtkomstHandling.EXPORTERA)
    return response


def _render_preview(request, uppfoljning, preview, filename, token=None):
    context = {"uppfoljning": uppfoljning, **preview_context(preview, filename, token)}
    return render(request, "arenden/urval_import_preview.html", context)


@permission_required("arenden.change_uppfoljningleverantor", raise_exception=True)
@require_http_methods(["GET", "POST"])
def urval_import(request, pk):
    """Upload (preview) and, with the preview's token, confirm: all or nothing."""
    uppfoljning = _sarskild(pk)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, uppfoljning)
    form = UrvalImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["fil"]
        content = upload.read()
        preview = parse_urval(uppfoljning, content, upload.name)
        pending.discard(request, SESSION_KEY)
        token = None
        if preview.ok:
            token = pending.keep(
                request, SESSION_KEY, content, upload.name, uppfoljning=uppfoljning.pk
            )
        return _render_preview(request, uppfoljning, preview, upload.name, token)
    context = {"form": form, "uppfoljning": uppfoljning}
    return render(request, "arenden/urval_import.html", context)


def _confirm(request, uppfoljning):
    again = reverse("arenden:sarskild_urval_import", args=[uppfoljning.pk])
    found = pending.take(request, SESSION_KEY, uppfoljning=uppfoljning.pk)
    if found is None:
        messages.error(request, "Importen hittades inte. Ladda upp filen igen.")
        return redirect(again)
    content, kept = found
    try:
        result = apply_urval(uppfoljning, content, kept["filename"], user=request.user)
    except ImportRejected as rejected:
        for error in rejected.errors:
            messages.error(request, error)
        messages.error(request, "Ingenting importerades. Rätta filen och ladda upp den igen.")
        return redirect(again)
    text = f"Importen är klar: {result.updated} rader ändrade, {result.unchanged} oförändrade."
    messages.success(request, text)
    return redirect(_detail_url(uppfoljning))
