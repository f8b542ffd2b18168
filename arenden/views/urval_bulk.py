"""Many sample rows at once: the table's action bar, the file export and the import back.

The rules are in arenden.urvalsrader and arenden.urval_import; these views
only read forms and call them. The import keeps the uploaded file privately
between preview and confirmation as the other imports do (a token in the
session names the file), so the confirmed write reads exactly what was
previewed, checked again against the database.
"""

import csv
import io
import uuid

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arenden.forms import UrvalBulkForm, UrvalImportForm
from arenden.models import Uppfoljning, UppfoljningTyp
from arenden.urval_import import apply_urval, export_rader, parse_urval
from arenden.urvalsrader import uppdatera_rader
from leverantorer.imports import ImportRejected, preview_context, upload_dir
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
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "Urval"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(
        ("\ufeff" + text.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _discard_pending(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        (upload_dir() / pending["token"]).unlink(missing_ok=True)


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
        _discard_pending(request)
        token = None
        if preview.ok:
            # Only a file that may be confirmed is kept; a refused one may hold
            # a personnummer and is never written to disk.
            token = uuid.uuid4().hex
            (upload_dir() / token).write_bytes(content)
            request.session[SESSION_KEY] = {
                "token": token,
                "uppfoljning": uppfoljning.pk,
                "filename": upload.name,
            }
        return _render_preview(request, uppfoljning, preview, upload.name, token)
    context = {"form": form, "uppfoljning": uppfoljning}
    return render(request, "arenden/urval_import.html", context)


def _confirm(request, uppfoljning):
    again = reverse("arenden:sarskild_urval_import", args=[uppfoljning.pk])
    pending = request.session.pop(SESSION_KEY, None)
    path = upload_dir() / pending["token"] if pending else None
    if (
        not pending
        or request.POST.get("token") != pending["token"]
        or pending["uppfoljning"] != uppfoljning.pk
        or not path.exists()
    ):
        if path is not None:
            path.unlink(missing_ok=True)
        messages.error(request, "Importen hittades inte. Ladda upp filen igen.")
        return redirect(again)
    try:
        result = apply_urval(uppfoljning, path.read_bytes(), pending["filename"], user=request.user)
    except ImportRejected as rejected:
        for error in rejected.errors:
            messages.error(request, error)
        messages.error(request, "Ingenting importerades. Rätta filen och ladda upp den igen.")
        return redirect(again)
    finally:
        path.unlink(missing_ok=True)
    text = f"Importen är klar: {result.updated} rader ändrade, {result.unchanged} oförändrade."
    messages.success(request, text)
    return redirect(_detail_url(uppfoljning))
