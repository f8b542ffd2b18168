from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import CreateView, UpdateView

from arenden.avropskontroll import bedom, load_facts, units_of
from arenden.kontroller.oversikt import kontroller_for
from arenden.timeline import supplier_timeline
from leverantorer.beslut import allowed_decisions, avtal_fatta_beslut
from leverantorer.filters import LeverantorFilter, PlaceringFilter
from leverantorer.forms import (
    AvtalForm,
    BeslutForm,
    ForetradareForm,
    LeverantorForm,
    PlaceringForm,
    UrvalForm,
    VerksamhetForm,
)
from leverantorer.models import Avtal, Beslut, Foretradare, Leverantor, Placering, Verksamhet
from leverantorer.urval import urval
from uppfoljning.editing import FormPageMixin
from uppfoljning.exports import csv_response, export_response, xlsx_response
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
    )
    if export:
        return export
    context = {"filter": filterset, **paginate(request, filterset.qs)}
    return render(request, "leverantorer/leverantor_list.html", context)


@permission_required("leverantorer.view_leverantor", raise_exception=True)
def leverantor_detail(request, pk):
    leverantor = get_object_or_404(Leverantor, pk=pk)
    avtal = (
        leverantor.avtal.select_related("ramavtal")
        .prefetch_related(
            Prefetch("beslut", queryset=Beslut.objects.select_related("registrerat_av", "skal")),
            "avtalsomraden",
        )
        .order_by("ramavtal__namn")
    )
    today = timezone.localdate()
    placeringar = (
        Placering.objects.filter(verksamhet__leverantor=leverantor)
        .values("avtal__ramavtal__namn")
        .annotate(
            antal=Count("pk"),
            pagaende=Count("pk", filter=Q(slutdatum__isnull=True) | Q(slutdatum__gte=today)),
            kostnad=Sum("kostnad_totalt"),
        )
        .order_by("avtal__ramavtal__namn")
    )
    verdicts = None
    if request.user.has_perm("arenden.add_avropskontroll"):
        avtal_list = list(leverantor.avtal.select_related("leverantor", "ramavtal"))
        units = units_of(avtal_list)
        facts = load_facts(avtal_list, units)
        verdicts = [
            (a, unit, bedom(facts[(a.pk, unit.pk)])) for a in avtal_list for unit in units[a.pk]
        ]
    units = list(leverantor.verksamheter.all())
    kredit_rad, ivo_rader = None, None
    if request.user.has_perm("arenden.view_ivokontroll"):
        kredit_rad, ivo_rader = kontroller_for(leverantor, units)
    context = {
        "leverantor": leverantor,
        "verdicts": verdicts,
        "kredit_rad": kredit_rad,
        "ivo_rader": ivo_rader,
        "foretradare": leverantor.foretradare.all(),
        "verksamheter": [(v, v.adress_for(request.user)) for v in units],
        "avtal": avtal,
        "placeringar": placeringar,
        "timeline": supplier_timeline(leverantor, user=request.user)
        if request.user.has_perm("arenden.view_uppfoljning")
        else None,
        "history": history_entries(leverantor),
    }
    return render(request, "leverantorer/leverantor_detail.html", context)


class LeverantorCreate(FormPageMixin, CreateView):
    model = Leverantor
    form_class = LeverantorForm
    permission_required = "leverantorer.add_leverantor"
    title = "Ny leverantör"
    success_message = "Leverantören är skapad."


class LeverantorUpdate(FormPageMixin, UpdateView):
    model = Leverantor
    form_class = LeverantorForm
    permission_required = "leverantorer.change_leverantor"

    def get_title(self):
        return f"Ändra {self.object}"


class _LeverantorChildMixin(FormPageMixin):
    """Create or edit a row that belongs to one supplier."""

    def dispatch(self, request, *args, **kwargs):
        self.leverantor = get_object_or_404(Leverantor, pk=kwargs["leverantor_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.filter(leverantor=self.leverantor)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.instance.leverantor = self.leverantor
        return form

    def get_cancel_url(self):
        return self.leverantor.get_absolute_url()

    def get_success_url(self):
        return self.leverantor.get_absolute_url()


class VerksamhetCreate(_LeverantorChildMixin, CreateView):
    model = Verksamhet
    form_class = VerksamhetForm
    permission_required = "leverantorer.add_verksamhet"
    success_message = "Verksamheten är tillagd."

    def get_title(self):
        return f"Ny verksamhet hos {self.leverantor}"


class VerksamhetUpdate(_LeverantorChildMixin, UpdateView):
    model = Verksamhet
    form_class = VerksamhetForm
    permission_required = "leverantorer.change_verksamhet"

    def get_title(self):
        return f"Ändra {self.object}"


class ForetradareCreate(_LeverantorChildMixin, CreateView):
    model = Foretradare
    form_class = ForetradareForm
    permission_required = "leverantorer.add_foretradare"
    success_message = "Företrädaren är tillagd."

    def get_title(self):
        return f"Ny företrädare för {self.leverantor}"


class ForetradareUpdate(_LeverantorChildMixin, UpdateView):
    model = Foretradare
    form_class = ForetradareForm
    permission_required = "leverantorer.change_foretradare"

    def get_title(self):
        return f"Ändra {self.object}"


class AvtalCreate(_LeverantorChildMixin, CreateView):
    model = Avtal
    form_class = AvtalForm
    permission_required = "leverantorer.add_avtal"
    success_message = "Avtalet är registrerat som aktivt."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "leverantor": self.leverantor}

    def get_title(self):
        return f"Nytt avtal för {self.leverantor}"

    def get_success_url(self):
        return self.object.get_absolute_url()


class AvtalUpdate(AvtalCreate, UpdateView):
    permission_required = "leverantorer.change_avtal"
    success_message = "Avtalet är ändrat."

    def get_title(self):
        return f"Ändra avtal: {self.object}"


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
        "beslut": avtal.beslut.select_related("registrerat_av", "skal").order_by("-datum", "-pk"),
        "kan_besluta": bool(allowed_decisions(avtal.status))
        and request.user.has_perm("leverantorer.add_beslut"),
        "history": history_entries(avtal),
    }
    return render(request, "leverantorer/avtal_detail.html", context)


@permission_required("leverantorer.add_beslut", raise_exception=True)
def beslut_create(request, pk):
    avtal = get_object_or_404(Avtal.objects.select_related("leverantor", "ramavtal"), pk=pk)
    form = BeslutForm(request.POST or None, avtal=avtal)
    if request.method == "POST" and form.is_valid():
        try:
            beslut = avtal_fatta_beslut(avtal=avtal, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            # E.g. another decision changed the status since the form was shown.
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                f"Beslutet är registrerat. Avtalet har nu status: {avtal.get_status_display()}.",
            )
            return redirect(beslut.avtal.get_absolute_url())
    context = {
        "title": f"Nytt beslut om avtalet med {avtal.leverantor}",
        "intro": f"Avtalets status är nu: {avtal.get_status_display()}. "
        "Ett beslut ska vila på dokumenterade fakta.",
        "form": form,
        "cancel_url": avtal.get_absolute_url(),
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


class PlaceringCreate(FormPageMixin, CreateView):
    model = Placering
    form_class = PlaceringForm
    permission_required = "leverantorer.add_placering"
    title = "Ny placering"
    success_message = "Placeringen är registrerad."


class PlaceringUpdate(FormPageMixin, UpdateView):
    model = Placering
    form_class = PlaceringForm
    permission_required = "leverantorer.change_placering"

    def get_title(self):
        return f"Ändra placering {self.object}"


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
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return urval_export(export, data, rows)
    return render(request, "leverantorer/urval.html", {"form": form, "rows": rows})


def urval_export(fmt, data, rows):
    header = ["Leverantör", "Inköpsvärde mkr", "Antal placeringar"]
    table = [[row.leverantor, row.inkopsvarde_mkr, row.antal_placeringar] for row in rows]
    filename = f"urval-{slugify(data['ramavtal'].namn)}-{data['fran']:%Y%m%d}-{data['till']:%Y%m%d}"
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", header, table)
    return csv_response(f"{filename}.csv", header, table)
