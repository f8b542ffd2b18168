"""Browser import: upload, preview with row errors, then an all-or-nothing write.

The uploaded bytes are kept in a private file between preview and
confirmation so the confirmed write reads exactly what was previewed.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from leverantorer.forms import ImportForm
from leverantorer.imports import (
    ANDRAS,
    NY,
    OFORANDRAD,
    ImportRejected,
    apply_import,
    parse_import,
)

SESSION_KEY = "register_import"


def _discard_pending(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        (_upload_dir() / pending["token"]).unlink(missing_ok=True)


def _upload_dir():
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def render_preview(request, preview, filename, token=None):
    counts = preview.counts
    context = {
        "preview": preview,
        "filename": filename,
        "token": token,
        "created": counts.get(NY, 0),
        "updated": counts.get(ANDRAS, 0),
        "unchanged": counts.get(OFORANDRAD, 0),
        "rows": [
            (row, [row.values.get(column) for column in preview.columns]) for row in preview.rows
        ],
    }
    return render(request, "leverantorer/import_preview.html", context)


@permission_required("ramavtal.import_register", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["fil"]
        content = upload.read()
        kind = form.cleaned_data["kind"]
        preview = parse_import(kind, content, upload.name)
        _discard_pending(request)
        token = None
        if preview.ok:
            # Keep the bytes only for a file that may be confirmed; a rejected
            # file (it may hold a personnummer) is never written to disk.
            token = uuid.uuid4().hex
            (_upload_dir() / token).write_bytes(content)
            request.session[SESSION_KEY] = {"token": token, "kind": kind, "filename": upload.name}
        return render_preview(request, preview, upload.name, token)
    return render(request, "leverantorer/import_upload.html", {"form": form})


@permission_required("ramavtal.import_register", raise_exception=True)
@require_http_methods(["POST"])
def import_confirm(request):
    pending = request.session.pop(SESSION_KEY, None)
    path = _upload_dir() / pending["token"] if pending else None
    if not pending or request.POST.get("token") != pending["token"] or not path.exists():
        if path is not None:
            # The pending import is gone from the session: so is its file.
            path.unlink(missing_ok=True)
        messages.error(request, "Importen hittades inte. Ladda upp filen igen.")
        return redirect("leverantorer:import")
    try:
        preview = parse_import(pending["kind"], path.read_bytes(), pending["filename"])
        if not preview.ok:
            messages.error(request, "Filen innehåller fel och importerades inte.")
            return render_preview(request, preview, pending["filename"])
        result = apply_import(preview, user=request.user)
    except ImportRejected as rejected:
        for error in rejected.errors:
            messages.error(request, error)
        messages.error(request, "Ingenting importerades. Ladda upp filen igen.")
        return redirect("leverantorer:import")
    finally:
        path.unlink(missing_ok=True)
    messages.success(
        request,
        f"Importen är klar: {result.created} nya, {result.updated} ändrade, "
        f"{result.unchanged} oförändrade.",
    )
    return redirect("leverantorer:list")
