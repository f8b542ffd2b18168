"""The pages that gather from every layer: the start page and the supplier page."""

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from arenden.avropskontroll import load_facts, verdict_for
from arenden.dashboard import strategist_overview
from arenden.kontroller.latest import kontroller_for
from arenden.timeline import supplier_timeline
from leverantorer.models import Beslut, Leverantor, Placering, units_of
from uppfoljning import roles
from uppfoljning.atkomst import AtkomstHandling, logga_atkomst, logga_atkomst_flera
from uppfoljning.history import history_entries


def home(request):
    role_names = list(request.user.groups.order_by("name").values_list("name", flat=True))
    context = {"roles": role_names}
    if roles.has_role(request.user, roles.STRATEG):
        context["overview"] = strategist_overview(request.user)
    return render(request, "oversikt/home.html", context)


@permission_required("leverantorer.view_leverantor", raise_exception=True)
def leverantor_detail(request, pk):
    leverantor = get_object_or_404(Leverantor, pk=pk)
    avtal = (
        leverantor.avtal.select_related("ramavtal")
        .prefetch_related(
            Prefetch(
                "beslut",
                queryset=Beslut.objects.select_related("registrerat_av", "skal", "verksamhet"),
            ),
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
            (a, unit, verdict_for(facts[(a.pk, unit.pk)]))
            for a in avtal_list
            for unit in units[a.pk]
        ]
    units = list(leverantor.verksamheter.all())
    kredit_rad, ivo_rader = None, None
    if request.user.has_perm("arenden.view_ivokontroll"):
        kredit_rad, ivo_rader = kontroller_for(leverantor, units)
    shown = [(v, v.adress_for(request.user)) for v in units]
    logga_atkomst(request, leverantor)  # its decisions and checks are on the page
    logga_atkomst_flera(
        request,
        [v for v, adress in shown if v.skyddat_boende and adress is not None],
        AtkomstHandling.VISA_SKYDDAD_ADRESS,
    )
    context = {
        "leverantor": leverantor,
        "verdicts": verdicts,
        "kredit_rad": kredit_rad,
        "ivo_rader": ivo_rader,
        "foretradare": leverantor.foretradare.all(),
        "verksamheter": shown,
        "avtal": avtal,
        "placeringar": placeringar,
        "timeline": supplier_timeline(leverantor, user=request.user)
        if request.user.has_perm("arenden.view_uppfoljning")
        else None,
        "history": history_entries(leverantor),
    }
    return render(request, "oversikt/leverantor.html", context)
