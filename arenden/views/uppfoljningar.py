"""Händelsestyrd uppföljning: cases, requests, visits, findings and closing."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from arenden import hooks
from arenden.filters import UppfoljningFilter
from arenden.forms import (
    AvslutaForm,
    BegaranForm,
    BesvaradForm,
    BristAtgardadForm,
    BristForm,
    HandelsstyrdForm,
    PlatsbesokForm,
)
from arenden.handelsstyrd import handelsstyrd_oppna, uppfoljning_avsluta
from arenden.models import (
    Brist,
    BristStatus,
    Informationsbegaran,
    Platsbesok,
    Uppfoljning,
    UppfoljningStatus,
    UppfoljningTyp,
)
from leverantorer.models import Leverantor
from uppfoljning.atkomst import logga_atkomst, logga_atkomst_flera
from uppfoljning.editing import add_errors, child_page
from uppfoljning.exports import export_response
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate
from uppfoljning.params import query_id, query_ids


@permission_required("arenden.view_uppfoljning", raise_exception=True)
def uppfoljning_list(request):
    queryset = Uppfoljning.objects.select_related("leverantor", "ramavtal", "ansvarig").order_by(
        "-oppnad", "-pk"
    )
    filterset = UppfoljningFilter(request.GET, queryset=queryset)
    export = export_response(
        request,
        "uppfoljningar",
        ["Typ", "Rubrik", "Leverantör", "Ramavtal", "År", "Öppnad", "Status", "Utfall", "Ansvarig"],
        (
            [
                u.get_typ_display(),
                u.rubrik,
                u.leverantor.namn if u.leverantor else "",
                u.ramavtal.namn if u.ramavtal else "",
                u.ar or u.oppnad.year,
                u.oppnad,
                u.get_status_display(),
                u.get_utfall_display(),
                u.ansvarig.get_full_name(),
            ]
            for u in filterset.qs
        ),
        model=Uppfoljning,
    )
    if export:
        return export
    context = {"filter": filterset, **paginate(request, filterset.qs)}
    return render(request, "arenden/uppfoljning_list.html", context)


@permission_required("arenden.add_uppfoljning", raise_exception=True)
def handelsstyrd_create(request):
    supplier = None
    if query_id(request, "leverantor") is not None:
        supplier = get_object_or_404(Leverantor, pk=query_id(request, "leverantor"))
    initial = {
        "leverantor": supplier,
        "avvikelser": query_ids(request, "avvikelse"),
        "signaler": query_ids(request, "signal"),
    }
    if request.GET.get("forslag") and supplier is not None:
        from arenden.eskalering import pending_deviations

        initial["avvikelser"] = list(pending_deviations(supplier).values_list("pk", flat=True))
    form = HandelsstyrdForm(request.POST or None, initial=initial, leverantor=supplier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = handelsstyrd_oppna(
                leverantor=data["leverantor"],
                verksamhet=data.get("verksamhet"),
                ramavtal=data.get("ramavtal"),
                rubrik=data["rubrik"],
                utlosande=data["utlosande"],
                avvikelser=list(data["avvikelser"]),
                signaler=list(data["signaler"]),
                ansvarig=request.user,
                user=request.user,
                oppnad=data["oppnad"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Den händelsestyrda uppföljningen är öppnad.")
            return redirect(case.get_absolute_url())
    return render(
        request, "form_page.html", {"form": form, "title": "Ny händelsestyrd uppföljning"}
    )


@permission_required("arenden.view_uppfoljning", raise_exception=True)
def uppfoljning_detail(request, pk):
    uppfoljning = get_object_or_404(
        Uppfoljning.objects.select_related(
            "leverantor", "verksamhet", "ramavtal", "ansvarig", "beslut__avtal"
        ).prefetch_related("avvikelser", "signaler"),
        pk=pk,
    )
    if uppfoljning.typ == UppfoljningTyp.SARSKILD:
        return redirect("arenden:sarskild", pk=uppfoljning.pk)
    besok = list(uppfoljning.besok.visible_to(request.user).select_related("verksamhet"))
    logga_fall(request, uppfoljning, besok)
    context = {
        "u": uppfoljning,
        "begaranden": uppfoljning.begaranden.all(),
        "besok": besok,
        "brister": uppfoljning.brister.select_related("verksamhet", "tema"),
        "is_open": uppfoljning.status == UppfoljningStatus.OPPEN,
        "can_edit": request.user.has_perm("arenden.change_uppfoljning"),
        "history": history_entries(uppfoljning),
        "panels": hooks.panels(request, uppfoljning),
    }
    return render(request, "arenden/uppfoljning_detail.html", context)


def logga_fall(request, uppfoljning, besok):
    """Log a case page: the case (its findings are on it) and each hidden visit shown."""
    logga_atkomst(request, uppfoljning)
    # A planned unannounced visit: the one Platsbesok.objects.visible_to hides from others.
    logga_atkomst_flera(request, [b for b in besok if not b.anmalt and not b.genomfort])


def _posted(request):
    """The POST data, bound even when empty: a bare button press means "today"."""
    return request.POST if request.method == "POST" else None


def _case(pk):
    return get_object_or_404(Uppfoljning.objects.select_related("leverantor"), pk=pk)


@permission_required("arenden.add_informationsbegaran", raise_exception=True)
def begaran_create(request, pk):
    return child_page(
        request,
        BegaranForm,
        parent=_case(pk),
        field="uppfoljning",
        title="Begär information av leverantören",
        success_message="Begäran är registrerad.",
    )


@require_http_methods(["GET", "POST"])
@permission_required("arenden.change_informationsbegaran", raise_exception=True)
def begaran_answered(request, pk):
    begaran = get_object_or_404(Informationsbegaran.objects.select_related("uppfoljning"), pk=pk)
    back = begaran.uppfoljning.get_absolute_url()
    if begaran.besvarad is not None:
        return redirect(back)
    form = BesvaradForm(_posted(request), instance=begaran)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Begäran är markerad som besvarad.")
        return redirect(back)
    context = {"form": form, "title": f"Markera besvarad: {begaran}", "cancel_url": back}
    return render(request, "form_page.html", context)


@permission_required("arenden.add_platsbesok", raise_exception=True)
def besok_create(request, pk):
    case = _case(pk)
    return child_page(
        request,
        PlatsbesokForm,
        parent=case,
        field="uppfoljning",
        form_kwargs={"uppfoljning": case},
        title="Nytt platsbesök",
        success_message="Platsbesöket är registrerat.",
    )


@permission_required("arenden.change_platsbesok", raise_exception=True)
def besok_update(request, pk):
    # A hidden (unannounced) visit is 404 like a missing one, not 403: its existence is hidden too.
    visible = Platsbesok.objects.visible_to(request.user)
    besok = get_object_or_404(visible.select_related("uppfoljning__leverantor"), pk=pk)
    case = besok.uppfoljning
    return child_page(
        request,
        PlatsbesokForm,
        parent=case,
        field="uppfoljning",
        instance=besok,
        form_kwargs={"uppfoljning": case},
        title=f"Ändra {besok}",
        success_message="Platsbesöket är ändrat.",
    )


@permission_required("arenden.add_brist", raise_exception=True)
def brist_create(request, pk):
    case = _case(pk)
    return child_page(
        request,
        BristForm,
        parent=case,
        field="uppfoljning",
        form_kwargs={"uppfoljning": case},
        title="Ny brist",
        success_message="Bristen är registrerad.",
    )


@permission_required("arenden.change_uppfoljning", raise_exception=True)
def uppfoljning_close(request, pk):
    uppfoljning = get_object_or_404(Uppfoljning.objects.select_related("leverantor"), pk=pk)
    form = AvslutaForm(request.POST or None, uppfoljning=uppfoljning)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            uppfoljning_avsluta(
                uppfoljning=uppfoljning,
                utfall=data["utfall"],
                bedomning=data["bedomning"],
                avtal=data.get("avtal"),
                rattelse_senast=data.get("rattelse_senast"),
                beslut=form.decision_fields(),
                user=request.user,
                avslutad=data["avslutad"],
            )
        except ValidationError as error:
            add_errors(form, error, renamed=AvslutaForm.DECISION_FIELD_NAMES)
        else:
            messages.success(request, "Uppföljningen är avslutad.")
            return redirect(uppfoljning.get_absolute_url())
    context = {
        "form": form,
        "title": f"Avsluta: {uppfoljning}",
        "intro": "Tillfällig uteslutning, uppsägning och hävning registreras som beslut om "
        "avtalet; bedömningen blir beslutets faktaunderlag.",
        "cancel_url": uppfoljning.get_absolute_url(),
    }
    return render(request, "form_page.html", context)


@permission_required("arenden.view_brist", raise_exception=True)
def brist_list(request):
    queryset = Brist.objects.select_related("leverantor", "verksamhet", "tema").order_by(
        "atgard_senast", "pk"
    )
    view = request.GET.get("visa")
    if view == "forsenade":
        queryset = queryset.past_deadline()
    elif view == "oppna":
        queryset = queryset.open()
    context = {"view": view, **paginate(request, queryset)}
    logga_atkomst(request, Brist)
    return render(request, "arenden/brist_list.html", context)


@permission_required("arenden.view_brist", raise_exception=True)
def brist_detail(request, pk):
    brist = get_object_or_404(
        Brist.objects.select_related(
            "leverantor", "verksamhet", "tema", "uppfoljning", "verifierad_av", "eskalerad_till"
        ),
        pk=pk,
    )
    context = {
        "brist": brist,
        "can_edit": request.user.has_perm("arenden.change_brist"),
        "history": history_entries(brist),
    }
    logga_atkomst(request, brist)
    return render(request, "arenden/brist_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("arenden.change_brist", raise_exception=True)
def brist_fixed(request, pk):
    brist = get_object_or_404(Brist, pk=pk)
    if brist.status != BristStatus.OPPEN:
        return redirect(brist.get_absolute_url())
    form = BristAtgardadForm(_posted(request), instance=brist)
    if request.method == "POST" and form.is_valid():
        brist = form.save(commit=False)
        brist.status = BristStatus.ATGARDAD
        brist.verifierad_av = request.user
        brist.save()
        messages.success(request, "Bristen är markerad som åtgärdad och verifierad.")
        return redirect(brist.get_absolute_url())
    context = {
        "form": form,
        "title": "Bristen är åtgärdad – verifiera",
        "intro": str(brist),
        "cancel_url": brist.get_absolute_url(),
    }
    return render(request, "form_page.html", context)


@require_POST
@permission_required("arenden.add_uppfoljning", raise_exception=True)
def brist_escalate(request, pk):
    brist = get_object_or_404(Brist.objects.select_related("leverantor", "verksamhet"), pk=pk)
    if brist.status != BristStatus.OPPEN:
        messages.error(request, "Bara en öppen brist kan eskaleras.")
        return redirect(brist.get_absolute_url())
    case = handelsstyrd_oppna(
        leverantor=brist.leverantor,
        verksamhet=brist.verksamhet,
        rubrik=f"Ej åtgärdad brist: {brist.beskrivning[:80]}",
        utlosande=f"Bristen skulle ha åtgärdats senast {brist.atgard_senast:%Y-%m-%d}.",
        ansvarig=request.user,
        user=request.user,
        brist=brist,
    )
    messages.success(request, "En händelsestyrd uppföljning är öppnad för bristen.")
    return redirect(case.get_absolute_url())
