from django.contrib.auth.decorators import permission_required
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404, render

from leverantorer.models import Avtal, AvtalStatus, aktiva_q
from ramavtal.filters import RamavtalFilter
from ramavtal.forms import AvtalsomradeForm, NivaForm, RamavtalForm, RiskbedomningForm
from ramavtal.models import Avtalsomrade, Ramavtal, Riskbedomning
from uppfoljning.editing import child_page, edit_page
from uppfoljning.exports import export_response
from uppfoljning.history import history_entries
from uppfoljning.lists import paginate
from uppfoljning.params import query_id


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
            "Upphandlingsform",
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
                r.get_upphandlingsform_display(),
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


def areas_with_current_risk(ramavtal):
    """The agreement's areas, each with `aktuell_risk` (its latest own Riskbedomning
    or None), in two queries."""
    latest = Riskbedomning.objects.filter(avtalsomrade=OuterRef("pk")).order_by("-datum", "-pk")
    areas = list(
        Avtalsomrade.objects.filter(ramavtal=ramavtal)
        .annotate(risk_id=Subquery(latest.values("pk")[:1]))
        .order_by("nummer")
    )
    risks = Riskbedomning.objects.select_related("bedomd_av").in_bulk(
        [a.risk_id for a in areas if a.risk_id]
    )
    for area in areas:
        area.ramavtal = ramavtal  # period_text reads it; no query per area
        area.aktuell_risk = risks.get(area.risk_id)
    return areas


@permission_required("ramavtal.view_ramavtal", raise_exception=True)
def ramavtal_detail(request, pk):
    ramavtal = get_object_or_404(
        Ramavtal.objects.select_related("ansvarig_strateg").prefetch_related("nivaer"), pk=pk
    )
    # The agreement's own assessments; an area's are shown with the area.
    riskbedomningar = list(
        ramavtal.riskbedomningar.filter(avtalsomrade__isnull=True).select_related("bedomd_av")[:10]
    )
    avtal = Avtal.objects.filter(ramavtal=ramavtal).select_related("leverantor")
    # A choice system has no call-off order: the person chooses among approved units.
    if ramavtal.ar_valfrihetssystem:
        avtal = avtal.order_by("leverantor__namn")
    else:
        avtal = avtal.order_by("rangordning", "leverantor__namn")
    context = {
        "ramavtal": ramavtal,
        "aktuell_risk": riskbedomningar[0] if riskbedomningar else None,
        "riskbedomningar": riskbedomningar,
        "areas": areas_with_current_risk(ramavtal),
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


@permission_required("ramavtal.change_avtalsomrade", raise_exception=True)
def avtalsomrade_update(request, pk, omrade_pk):
    ramavtal = get_object_or_404(Ramavtal, pk=pk)
    area = get_object_or_404(Avtalsomrade, pk=omrade_pk, ramavtal=ramavtal)
    return child_page(
        request,
        AvtalsomradeForm,
        parent=ramavtal,
        field="ramavtal",
        instance=area,
        title=f"Ändra avtalsområde {area} i {ramavtal}",
        success_message="Avtalsområdet är sparat.",
        template="ramavtal/avtalsomrade_form.html",
        history=history_entries(area),
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
    initial = {}
    area_id = query_id(request, "avtalsomrade")
    if area_id is not None:
        initial["avtalsomrade"] = get_object_or_404(Avtalsomrade, pk=area_id, ramavtal=ramavtal).pk
    return child_page(
        request,
        RiskbedomningForm,
        parent=ramavtal,
        field="ramavtal",
        attrs={"bedomd_av": request.user},
        form_kwargs={"ramavtal": ramavtal, "initial": initial},
        title=f"Ny riskbedömning av {ramavtal}",
        success_message="Riskbedömningen är sparad.",
    )
