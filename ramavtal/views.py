from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.generic import CreateView, UpdateView

from leverantorer.models import Avtal, AvtalStatus, aktiva_q
from ramavtal.filters import RamavtalFilter
from ramavtal.forms import AvtalsomradeForm, NivaForm, RamavtalForm, RiskbedomningForm
from ramavtal.models import Ramavtal
from uppfoljning.editing import FormPageMixin
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


class RamavtalCreate(FormPageMixin, CreateView):
    model = Ramavtal
    form_class = RamavtalForm
    permission_required = "ramavtal.add_ramavtal"
    title = "Nytt ramavtal"
    success_message = "Ramavtalet är skapat."


class RamavtalUpdate(FormPageMixin, UpdateView):
    model = Ramavtal
    form_class = RamavtalForm
    permission_required = "ramavtal.change_ramavtal"

    def get_title(self):
        return f"Ändra {self.object}"


class _RamavtalChildCreate(FormPageMixin, CreateView):
    """Adds a row that belongs to one framework agreement."""

    def dispatch(self, request, *args, **kwargs):
        self.ramavtal = get_object_or_404(Ramavtal, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.instance.ramavtal = self.ramavtal
        return form

    def form_valid(self, form):
        # ramavtal is not a form field, so the form skipped the unique
        # (ramavtal, …) constraints: check them now for a Swedish message.
        try:
            form.instance.validate_constraints()
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_cancel_url(self):
        return self.ramavtal.get_absolute_url()

    def get_success_url(self):
        return self.ramavtal.get_absolute_url()


class AvtalsomradeCreate(_RamavtalChildCreate):
    form_class = AvtalsomradeForm
    permission_required = "ramavtal.add_avtalsomrade"
    success_message = "Avtalsområdet är tillagt."

    def get_title(self):
        return f"Nytt avtalsområde i {self.ramavtal}"


class NivaCreate(_RamavtalChildCreate):
    form_class = NivaForm
    permission_required = "ramavtal.add_niva"
    success_message = "Nivån är tillagd."

    def get_title(self):
        return f"Ny nivå i {self.ramavtal}"


class RiskbedomningCreate(_RamavtalChildCreate):
    form_class = RiskbedomningForm
    permission_required = "ramavtal.add_riskbedomning"
    success_message = "Riskbedömningen är sparad."

    def get_title(self):
        return f"Ny riskbedömning av {self.ramavtal}"

    def form_valid(self, form):
        form.instance.bedomd_av = self.request.user
        return super().form_valid(form)
