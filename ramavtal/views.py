from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from leverantorer.models import Avtal, AvtalStatus, aktiva_q
from ramavtal.filters import RamavtalFilter
from ramavtal.forms import AvtalsomradeForm, NivaForm, RamavtalForm, RiskbedomningForm
from ramavtal.models import Ramavtal
from uppfoljning.editing import child_page, edit_page
from uppfoljning.exports import export_response
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate


@permission_required("ramavtal.view_ramavtal", raise_exception=True)
def ramavtal_list(request):
    queryset = (
        Ramavtal.objects.with_current_risk()
        .annotate(
            antal_avtal=Count("avtal", distinct=True),
            antal_aktiva=Count("avtal", filter=aktiva_q("avtal__"), distinct=True),
        )
        .order_by("namn")
    )
    filterset = RamavtalFilter(request.GET, queryset=queryset)
    export = export_response(
        request,
        "ramavtal",
        [
            "Ramavtal",
            "Diarienummer",
            "Startdatum",
            "Slutdatum",
            "Slutdatum inkl. option",
            "Målgrupp",
            "Risk",
            "Aktiva avtal",
            "Avtal",
        ],
        (
            [
                r.namn,
                r.diarienummer,
                r.startdatum,
                r.slutdatum,
                r.slutdatum_inkl_option,
                r.get_malgrupp_display(),
                r.aktuell_risk_label,
                r.antal_aktiva,
                r.antal_avtal,
            ]
            for r in filterset.qs
        ),
    )
    if export:
        return export
    context = {"filter": filterset, **paginate(request, filterset.qs)}
    return render(request, "ramavtal/ramavtal_list.html", context)


@permission_required("ramavtal.view_ramavtal", raise_exception=True)
def ramavtal_detail(request, pk):
    ramavtal = get_object_or_404(
        Ramavtal.objects.select_related("ansvarig_strateg").prefetch_related(
            "avtalsomraden", "nivaer"
        ),
        pk=pk,
    )
    riskbedomningar = list(ramavtal.riskbedomningar.select_related("bedomd_av")[:10])
    avtal = (
        Avtal.objects.filter(ramavtal=ramavtal)
        .select_related("leverantor")
        .order_by("rangordning", "leverantor__namn")
    )
    context = {
        "ramavtal": ramavtal,
        "aktuell_risk": riskbedomningar[0] if riskbedomningar else None,
        "riskbedomningar": riskbedomningar,
        "avtal": avtal,
        "status_counts": {
            AvtalStatus(status).label.lower(): n
            for status, n in avtal.order_by().values_list("status").annotate(n=Count("pk"))
        },
        "history": history_entries(ramavtal),
    }
    return render(request, "ramavtal/ramavtal_detail.html", context)


@permission_required("ramavtal.add_ramavtal", raise_exception=True)
def ramavtal_create(request):
    return edit_page(
        request, RamavtalForm, title="Nytt ramavtal", success_message="Ramavtalet är skapat."
    )


@permission_required("ramavtal.change_ramavtal", raise_exception=True)
def ramavtal_update(request, pk):
    ramavtal = get_object_or_404(Ramavtal, pk=pk)
    return edit_page(request, RamavtalForm, instance=ramavtal, title=f"Ändra {ramavtal}")


@permission_required("ramavtal.add_avtalsomrade", raise_exception=True)
def avtalsomrade_create(request, pk):
    ramavtal = get_object_or_404(Ramavtal, pk=pk)
    return child_page(
        request,
        AvtalsomradeForm,
        parent=ramavtal,
        field="ramavtal",
        title=f"Nytt avtalsområde i {ramavtal}",
        success_message="Avtalsområdet är tillagt.",
    )


@permission_required("ramavtal.add_niva", raise_exception=True)
def niva_create(request, pk):
    ramavtal = get_object_or_404(Ramavtal, pk=pk)
    return child_page(
        request,
        NivaForm,
        parent=ramavtal,
        field="ramavtal",
        title=f"Ny nivå i {ramavtal}",
        success_message="Nivån är tillagd.",
    )


@permission_required("ramavtal.add_riskbedomning", raise_exception=True)
def riskbedomning_create(request, pk):
    ramavtal = get_object_or_404(Ramavtal, pk=pk)
    return child_page(
        request,
        RiskbedomningForm,
        parent=ramavtal,
        field="ramavtal",
        attrs={"bedomd_av": request.user},
        title=f"Ny riskbedömning av {ramavtal}",
        success_message="Riskbedömningen är sparad.",
    )
