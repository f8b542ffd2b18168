"""The register's pages: suppliers, their units, representatives, contracts and
decisions, placements, the urval table, and the browser import (upload, preview
with row errors, then an all-or-nothing write; the uploaded bytes are kept in a
private file between preview and confirmation so the confirmed write reads exactly
what was previewed)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from leverantorer.beslut import UNIT_ENDINGS, allowed_decisions, avtal_fatta_beslut
from leverantorer.filters import LeverantorFilter, PlaceringFilter
from leverantorer.forms import (
    AvtalForm,
    BeslutForm,
    ForetradareForm,
    ImportForm,
    LeverantorForm,
    PlaceringForm,
    UrvalForm,
    VerksamhetForm,
)
from leverantorer.imports import (
    ImportRejected,
    apply_import,
    parse_import,
    pending,
    preview_context,
)
from leverantorer.models import (
    Avtal,
    Foretradare,
    Leverantor,
    Placering,
    Verksamhet,
    units_of,
)
from leverantorer.urval import urval
from uppfoljning.atkomst import AtkomstHandling, logga_atkomst
from uppfoljning.editing import add_errors, child_page, edit_page, safe_next
from uppfoljning.exports import export_response
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate


@permission_required("leverantorer.view_leverantor", raise_exception=True)
def leverantor_list(request):
    queryset = Leverantor.objects.with_counts().order_by("namn")
    filterset = LeverantorFilter(request.GET, queryset=queryset)
    # A sole trader's organisationsnummer is personal data: masked here too.
    export = export_response(
        request,
        "leverantorer",
        ["Leverantör", "Organisationsnummer", "Ort", "Län/region", "Verksamheter", "Aktiva avtal"],
        (
            [
                lev.namn,
                lev.organisationsnummer_visas,
                lev.ort,
                lev.region,
                lev.antal_verksamheter,
                lev.antal_aktiva_avtal,
            ]
            for lev in filterset.qs
        ),
        model=Leverantor,
    )
    if export:
        return export
    context = {"filter": filterset, **paginate(request, filterset.qs)}
    return render(request, "leverantorer/leverantor_list.html", context)


@permission_required("leverantorer.add_leverantor", raise_exception=True)
def leverantor_create(request):
    return edit_page(
        request,
        LeverantorForm,
        title="Ny leverantör",
        success_message="Leverantören är skapad.",
    )


@permission_required("leverantorer.change_leverantor", raise_exception=True)
def leverantor_update(request, pk):
    leverantor = get_object_or_404(Leverantor, pk=pk)
    return edit_page(request, LeverantorForm, instance=leverantor, title=f"Ändra {leverantor}")


def _leverantor(pk):
    return get_object_or_404(Leverantor, pk=pk)


@permission_required("leverantorer.add_verksamhet", raise_exception=True)
def verksamhet_create(request, leverantor_pk):
    leverantor = _leverantor(leverantor_pk)
    return child_page(
        request,
        VerksamhetForm,
        parent=leverantor,
        field="leverantor",
        title=f"Ny verksamhet hos {leverantor}",
        success_message="Verksamheten är tillagd.",
    )


@permission_required("leverantorer.change_verksamhet", raise_exception=True)
def verksamhet_update(request, leverantor_pk, pk):
    leverantor = _leverantor(leverantor_pk)
    # The form shows the address: a protected unit is 404 to one who may not see it.
    units = Verksamhet.objects.adress_synlig_for(request.user)
    verksamhet = get_object_or_404(units, pk=pk, leverantor=leverantor)
    if verksamhet.skyddat_boende:
        logga_atkomst(request, verksamhet, AtkomstHandling.VISA_SKYDDAD_ADRESS)
    return child_page(
        request,
        VerksamhetForm,
        parent=leverantor,
        field="leverantor",
        instance=verksamhet,
        title=f"Ändra {verksamhet}",
    )


@permission_required("leverantorer.add_foretradare", raise_exception=True)
def foretradare_create(request, leverantor_pk):
    leverantor = _leverantor(leverantor_pk)
    return child_page(
        request,
        ForetradareForm,
        parent=leverantor,
        field="leverantor",
        title=f"Ny företrädare för {leverantor}",
        success_message="Företrädaren är tillagd.",
    )


@permission_required("leverantorer.change_foretradare", raise_exception=True)
def foretradare_update(request, leverantor_pk, pk):
    leverantor = _leverantor(leverantor_pk)
    foretradare = get_object_or_404(Foretradare, pk=pk, leverantor=leverantor)
    return child_page(
        request,
        ForetradareForm,
        parent=leverantor,
        field="leverantor",
        instance=foretradare,
        title=f"Ändra {foretradare}",
    )


@permission_required("leverantorer.add_avtal", raise_exception=True)
def avtal_create(request, leverantor_pk):
    leverantor = _leverantor(leverantor_pk)
    return child_page(
        request,
        AvtalForm,
        parent=leverantor,
        field="leverantor",
        form_kwargs={"leverantor": leverantor},
        title=f"Nytt avtal för {leverantor}",
        success_message="Avtalet är registrerat som aktivt.",
        success_url=None,  # the contract's own page, where its decisions are made
    )


@permission_required("leverantorer.change_avtal", raise_exception=True)
def avtal_update(request, leverantor_pk, pk):
    leverantor = _leverantor(leverantor_pk)
    avtal = get_object_or_404(Avtal, pk=pk, leverantor=leverantor)
    return child_page(
        request,
        AvtalForm,
        parent=leverantor,
        field="leverantor",
        instance=avtal,
        form_kwargs={"leverantor": leverantor},
        title=f"Ändra avtal: {avtal}",
        success_message="Avtalet är ändrat.",
        success_url=None,  # the contract's own page
    )


@permission_required("leverantorer.view_avtal", raise_exception=True)
def avtal_detail(request, pk):
    avtal = get_object_or_404(
        Avtal.objects.select_related("leverantor", "ramavtal").prefetch_related(
            "avtalsomraden", "verksamheter"
        ),
        pk=pk,
    )
    context = {
        "avtal": avtal,
        "beslut": avtal.beslut.select_related("registrerat_av", "skal", "verksamhet").order_by(
            "-datum", "-pk"
        ),
        # The units it covers now: those named, else all the supplier's.
        "omfattade": units_of([avtal])[avtal.pk],
        "kan_besluta": bool(allowed_decisions(avtal.status))
        and request.user.has_perm("leverantorer.add_beslut"),
        "history": history_entries(avtal),
    }
    logga_atkomst(request, avtal)  # its decisions (Beslut) are on the page
    return render(request, "leverantorer/avtal_detail.html", context)


def _registered_message(avtal, beslut):
    status = avtal.get_status_display()
    if beslut.verksamhet_id and beslut.typ in UNIT_ENDINGS:
        return (
            f"Beslutet är registrerat. Avtalet omfattar inte längre {beslut.verksamhet.namn}; "
            "för de andra verksamheterna gäller det vidare."
        )
    if beslut.ny_status == beslut.foregaende_status:
        return f"Beslutet är registrerat. Avtalets status är oförändrad: {status}."
    return f"Beslutet är registrerat. Avtalet har nu status: {status}."


@permission_required("leverantorer.add_beslut", raise_exception=True)
def beslut_create(request, pk):
    avtal = get_object_or_404(Avtal.objects.select_related("leverantor", "ramavtal"), pk=pk)
    # ?verksamhet=<pk>&typ=vite pre-fills the form (a sample row links here).
    initial = {key: request.GET[key] for key in ("typ", "verksamhet") if request.GET.get(key)}
    form = BeslutForm(request.POST or None, avtal=avtal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            beslut = avtal_fatta_beslut(avtal=avtal, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            # E.g. another decision changed the status since the form was shown.
            add_errors(form, error)
        else:
            messages.success(request, _registered_message(avtal, beslut))
            # Back where the decision was asked for (a sample row), else the contract.
            return redirect(safe_next(request, beslut.avtal.get_absolute_url()))
    context = {
        "title": f"Nytt beslut om avtalet med {avtal.leverantor}",
        "intro": f"Avtalets status är nu: {avtal.get_status_display()}. "
        "Ett beslut ska vila på dokumenterade fakta.",
        "form": form,
        "cancel_url": safe_next(request, avtal.get_absolute_url()),
    }
    return render(request, "form_page.html", context)


@permission_required("leverantorer.view_placering", raise_exception=True)
def placering_list(request):
    queryset = Placering.objects.select_related(
        "verksamhet__leverantor", "avtal__ramavtal"
    ).order_by("-startdatum", "-pk")
    filterset = PlaceringFilter(request.GET, queryset=queryset)
    export = export_response(
        request,
        "placeringar",
        [
            "Referens",
            "Leverantör",
            "Verksamhet",
            "Ramavtal",
            "Direktupphandling",
            "Startdatum",
            "Slutdatum",
            "Lagrum",
            "Placerande enhet",
            "Kostnad per dygn",
            "Total kostnad",
        ],
        (
            [
                p.referens,
                p.verksamhet.leverantor.namn,
                p.verksamhet.namn,
                p.avtal.ramavtal.namn if p.avtal else "",
                p.get_direktupphandling_skal_display(),
                p.startdatum,
                p.slutdatum,
                p.lagrum,
                p.get_placerande_enhet_display(),
                p.kostnad_per_dygn,
                p.kostnad_totalt,
            ]
            for p in filterset.qs.iterator(chunk_size=2000)
        ),
        model=Placering,
    )
    if export:
        return export
    context = {"filter": filterset, **paginate(request, filterset.qs)}
    return render(request, "leverantorer/placering_list.html", context)


@permission_required("leverantorer.view_placering", raise_exception=True)
def placering_detail(request, pk):
    placering = get_object_or_404(
        Placering.objects.select_related(
            "verksamhet__leverantor", "avtal__ramavtal", "avtalsomrade", "niva"
        ),
        pk=pk,
    )
    context = {"placering": placering, "history": history_entries(placering)}
    return render(request, "leverantorer/placering_detail.html", context)


@permission_required("leverantorer.add_placering", raise_exception=True)
def placering_create(request):
    return edit_page(
        request,
        PlaceringForm,
        title="Ny placering",
        success_message="Placeringen är registrerad.",
    )


@permission_required("leverantorer.change_placering", raise_exception=True)
def placering_update(request, pk):
    placering = get_object_or_404(Placering, pk=pk)
    return edit_page(
        request, PlaceringForm, instance=placering, title=f"Ändra placering {placering}"
    )


@permission_required("leverantorer.view_placering", raise_exception=True)
def urval_view(request):
    form = UrvalForm(request.GET or None)
    rows = None
    if form.is_valid():
        data = form.cleaned_data
        rows = urval(
            ramavtal=data["ramavtal"],
            fran=data["fran"],
            till=data["till"],
            inriktning=data["inriktning"],
            ordning=data["ordning"],
        )
        export = urval_export(request, data, rows)
        if export:
            return export
    return render(request, "leverantorer/urval.html", {"form": form, "rows": rows})


def urval_export(request, data, rows):
    """The urval table as CSV or XLSX when asked for (?export=), else None."""
    header = ["Leverantör", "Inköpsvärde mkr", "Antal placeringar"]
    table = [[row.leverantor, row.inkopsvarde_mkr, row.antal_placeringar] for row in rows]
    filename = f"urval-{slugify(data['ramavtal'].namn)}-{data['fran']:%Y%m%d}-{data['till']:%Y%m%d}"
    return export_response(request, filename, header, table, model=Placering)


# --- Import ------------------------------------------------------------------

SESSION_KEY = "register_import"


def render_preview(request, preview, filename, token=None):
    context = preview_context(preview, filename, token)
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
        pending.discard(request, SESSION_KEY)
        token = None
        if preview.ok:
            token = pending.keep(request, SESSION_KEY, content, upload.name, kind=kind)
        return render_preview(request, preview, upload.name, token)
    return render(request, "leverantorer/import_upload.html", {"form": form})


@permission_required("ramavtal.import_register", raise_exception=True)
@require_http_methods(["POST"])
def import_confirm(request):
    found = pending.take(request, SESSION_KEY)
    if found is None:
        messages.error(request, "Importen hittades inte. Ladda upp filen igen.")
        return redirect("leverantorer:import")
    content, kept = found
    try:
        preview = parse_import(kept["kind"], content, kept["filename"])
        if not preview.ok:
            messages.error(request, "Filen innehåller fel och importerades inte.")
            return render_preview(request, preview, kept["filename"])
        result = apply_import(preview, user=request.user)
    except ImportRejected as rejected:
        for error in rejected.errors:
            messages.error(request, error)
        messages.error(request, "Ingenting importerades. Ladda upp filen igen.")
        return redirect("leverantorer:import")
    messages.success(
        request,
        f"Importen är klar: {result.created} nya, {result.updated} ändrade, "
        f"{result.unchanged} oförändrade.",
    )
    return redirect("leverantorer:list")
