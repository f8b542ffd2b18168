"""Särskild uppföljning: plan a deep follow-up of a ramavtal, run it, record it."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from arenden import hooks
from arenden.forms import (
    BedomningForm,
    DokumentForm,
    ObservationForm,
    SarskildForm,
    UrvalAddForm,
    UrvalBulkForm,
    UrvalUpdateForm,
)
from arenden.models import (
    Dokumentbegaran,
    PlaneradStatus,
    Uppfoljning,
    UppfoljningLeverantor,
    UppfoljningTyp,
)
from arenden.sarskild import progress, sarskild_skapa
from arenden.utfallstrappa import utfallsgrupp
from arenden.views.uppfoljningar import logga_fall
from leverantorer.belopp import mkr
from leverantorer.models import Avtal
from ramavtal.models import Avtalsomrade
from uppfoljning import roles
from uppfoljning.editing import add_errors, child_page, edit_page
from uppfoljning.history import history_entries
from uppfoljning.links import pk_url
from uppfoljning.params import parse_id, query_id, query_text


def default_year(today=None):
    """Plans are made for the coming year late in the autumn, else for this one."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 10 else today.year


def _ramavtal_pk(request):
    value = request.POST.get("ramavtal") or request.GET.get("ramavtal")
    return parse_id(value)


def _sarskild(pk, *related):
    return get_object_or_404(
        Uppfoljning.objects.select_related("ramavtal", *related),
        pk=pk,
        typ=UppfoljningTyp.SARSKILD,
    )


def _detail_url(uppfoljning):
    return reverse("arenden:sarskild", args=[uppfoljning.pk])


def _initial_area(request, ramavtal_pk):
    """The area asked for in the query, when it belongs to the chosen agreement."""
    area = query_id(request, "avtalsomrade")
    if area and Avtalsomrade.objects.filter(pk=area, ramavtal_id=ramavtal_pk).exists():
        return area
    return None


@permission_required("arenden.add_uppfoljning", raise_exception=True)
def sarskild_create(request):
    ramavtal_pk = _ramavtal_pk(request)
    initial = {
        "ar": parse_id(request.GET.get("ar")) or default_year(),
        "ramavtal": ramavtal_pk,
        "avtalsomrade": _initial_area(request, ramavtal_pk) if ramavtal_pk else None,
    }
    sok = query_text(request, "sok")
    form = SarskildForm(request.POST or None, initial=initial, ramavtal_pk=ramavtal_pk, sok=sok)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            uppfoljning = sarskild_skapa(
                ramavtal=data["ramavtal"],
                ar=data["ar"],
                rubrik=data["rubrik"] or f"Särskild uppföljning {data['ramavtal']} {data['ar']}",
                ansvarig=request.user,
                user=request.user,
                avtalsomrade=data["avtalsomrade"],
                urvalsregel=data["urvalsregel"],
                urvalskriterier=data["urvalskriterier"],
                metoder=data["metoder"],
                teman=data["teman"],
                urval_fran=data["urval_fran"],
                urval_till=data["urval_till"],
                inriktning=data["inriktning"],
                antal=data["antal"],
                seed=data["urval_seed"],
                verksamheter=list(data["verksamheter"]),
                flyttade=list(data["flyttade"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            text = (
                f"Den särskilda uppföljningen är skapad med {uppfoljning.urval.count()} "
                "verksamheter i urvalet."
            )
            if uppfoljning.urval_seed is not None:
                text += f" Slumpfrö: {uppfoljning.urval_seed}."
            messages.success(request, text)
            return redirect(_detail_url(uppfoljning))
    context = {
        "form": form,
        "ramavtal_pk": ramavtal_pk,
        "sok": sok,
        "grupper": form.verksamheter_per_leverantor() if ramavtal_pk else [],
    }
    return render(request, "arenden/sarskild_create.html", context)


def _grouped_observations(observationer):
    """[(leverantor, [(tema, [observation, …]), …]), …] from rows sorted by both."""
    groups = []
    for obs in observationer:
        if not groups or groups[-1][0].pk != obs.leverantor_id:
            groups.append((obs.leverantor, []))
        themes = groups[-1][1]
        if not themes or themes[-1][0].pk != obs.tema_id:
            themes.append((obs.tema, []))
        themes[-1][1].append(obs)
    return groups


# What the sample table shows of a row and its relations (the page lists up to
# hundreds of rows; the related models' other columns are not read).
URVAL_FALT = [
    *(f.name for f in UppfoljningLeverantor._meta.concrete_fields),
    "verksamhet__namn",
    "leverantor__namn",
    "orsak__namn",
    "metod__namn",
    "brist__atgard_senast",
    "beslut__typ",
    "beslut__datum",
    "beslut__avtal",
    "beslut__belopp",
    "flyttad_fran__uppfoljning__ar",
    "flyttad_fran__uppfoljning__rubrik",
]


def _med_url(objects, url):
    """The objects as a list, each with its page's URL as .url."""
    objects = list(objects)
    for obj in objects:
        obj.url = url(obj.pk)
    return objects


@permission_required("arenden.view_uppfoljning", raise_exception=True)
def sarskild_detail(request, pk):
    uppfoljning = _sarskild(pk, "avtalsomrade", "ansvarig")
    statusfilter = request.GET.get("status", "")
    if statusfilter not in PlaneradStatus.values:
        statusfilter = ""
    urval = uppfoljning.urval.select_related(
        "verksamhet", "leverantor", "orsak", "metod", "brist", "beslut", "flyttad_fran__uppfoljning"
    ).only(*URVAL_FALT)
    if statusfilter:
        urval = urval.filter(status=statusfilter)
    urval = list(urval)
    andra_url, brist_url = pk_url("arenden:sarskild_urval_update"), pk_url("arenden:brist")
    avtal_url, sarskild_url = pk_url("leverantorer:avtal"), pk_url("arenden:sarskild")
    for row in urval:
        row.inkopsvarde_mkr = mkr(row.inkopsvarde)
        grupp = utfallsgrupp(row)
        # The group is worth a line only where it says more than the step itself.
        row.grupp = grupp.label if grupp and grupp.label != row.get_utfall_display() else ""
        row.andra_url = andra_url(row.pk)
        row.brist_url = brist_url(row.brist_id) if row.brist_id else ""
        row.beslut_url = avtal_url(row.beslut.avtal_id) if row.beslut_id else ""
        row.flyttad_url = (
            sarskild_url(row.flyttad_fran.uppfoljning_id) if row.flyttad_fran_id else ""
        )
    may_change = request.user.has_perm("arenden.change_uppfoljningleverantor")
    # A sample drawn without a period has no figures: no empty columns then.
    med_figurer = any(
        row.inkopsvarde is not None or row.antal_placeringar is not None for row in urval
    )
    besok = list(
        uppfoljning.besok.visible_to(request.user).select_related("verksamhet__leverantor")
    )
    logga_fall(request, uppfoljning, besok)
    strateg = roles.has_role(request.user, roles.STRATEG)
    observationer = uppfoljning.observationer.select_related(
        "leverantor", "tema", "metod"
    ).order_by("leverantor__namn", "leverantor_id", "tema__namn", "tema_id", "pk")
    context = {
        "uppfoljning": uppfoljning,
        "urval": urval,
        "statusfilter": statusfilter,
        "statusval": PlaneradStatus.choices,
        "markera_alla": request.GET.get("markera") == "alla",
        "med_figurer": med_figurer,
        # Unit, supplier, status, reason, method, outcome, moved from; figures; checkbox.
        "kolumner": 7 + 2 * med_figurer + may_change,
        "may_change": may_change,
        "bulk_form": UrvalBulkForm() if may_change else None,
        "progress": [(status.label, count) for status, count in progress(uppfoljning).items()],
        "metoder": uppfoljning.metoder.all(),
        "teman": uppfoljning.teman.all(),
        "dokument": uppfoljning.dokument.select_related("leverantor").order_by(
            "leverantor__namn", "begart", "pk"
        ),
        "observationer": _grouped_observations(observationer),
        "besok": besok,
        "visar_oanmalda": strateg,
        "brister": _med_url(uppfoljning.brister.select_related("leverantor", "tema"), brist_url),
        "history": history_entries(uppfoljning),
        "panels": hooks.panels(request, uppfoljning),
    }
    return render(request, "arenden/sarskild_detail.html", context)


@permission_required("arenden.add_uppfoljningleverantor", raise_exception=True)
def urval_add(request, pk):
    uppfoljning = _sarskild(pk)
    return child_page(
        request,
        UrvalAddForm,
        parent=uppfoljning,
        field="uppfoljning",
        back=_detail_url(uppfoljning),
        form_kwargs={"uppfoljning": uppfoljning},
        title=f"Lägg till verksamhet i urvalet: {uppfoljning}",
        intro="Beskriv gärna i urvalskriterierna varför verksamheten lades till.",
        success_message=lambda row: f"{row.verksamhet} ({row.leverantor}) är tillagd i urvalet.",
    )


@permission_required("arenden.change_uppfoljningleverantor", raise_exception=True)
def urval_update(request, pk):
    row = get_object_or_404(
        UppfoljningLeverantor.objects.select_related(
            "uppfoljning", "leverantor", "verksamhet", "brist", "beslut__avtal"
        ),
        pk=pk,
        uppfoljning__typ=UppfoljningTyp.SARSKILD,
    )
    subject = row.verksamhet if row.verksamhet_id else row.leverantor
    # The contract a vite or hävning for this unit is decided on (linked from the page).
    avtal = Avtal.objects.filter(
        ramavtal_id=row.uppfoljning.ramavtal_id, leverantor_id=row.leverantor_id
    ).first()
    return child_page(
        request,
        UrvalUpdateForm,
        parent=row.uppfoljning,
        field="uppfoljning",
        back=_detail_url(row.uppfoljning),
        instance=row,
        title=f"{subject} i {row.uppfoljning}",
        intro="Flyttad eller inställd kräver en orsak; genomförd kräver ett utfall. "
        "Rättelse begärd kräver en brist (välj en eller skapa en nedan), vite och hävning "
        "ett beslut för leverantörens avtal.",
        success_message=f"Uppföljningen av {subject} är uppdaterad.",
        template="arenden/sarskild_urval_update.html",
        history=history_entries(row),
        avtal=avtal,
        kan_besluta=avtal is not None and request.user.has_perm("leverantorer.add_beslut"),
        verksamhet=row.verksamhet,
    )


@permission_required("arenden.view_uppfoljning", raise_exception=True)
def dokument_create(request, pk):
    """Request a document; with ?andra=<id> the same form records when it came in."""
    uppfoljning = _sarskild(pk)
    instance = None
    andra = query_id(request, "andra")
    if andra is not None:
        instance = get_object_or_404(Dokumentbegaran, pk=andra, uppfoljning=uppfoljning)
    perm = "arenden.change_dokumentbegaran" if instance else "arenden.add_dokumentbegaran"
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return child_page(
        request,
        DokumentForm,
        parent=uppfoljning,
        field="uppfoljning",
        back=_detail_url(uppfoljning),
        instance=instance,
        form_kwargs={"uppfoljning": uppfoljning},
        title=f"Ändra dokumentbegäran: {instance.dokument}" if instance else "Begär dokument",
        intro=f"{uppfoljning}. Ange inkommet datum när dokumentet har kommit in.",
        success_message="Dokumentbegäran är ändrad." if instance else "Dokumentet är begärt.",
    )


@permission_required("arenden.add_observation", raise_exception=True)
def observation_create(request, pk):
    uppfoljning = _sarskild(pk)
    return child_page(
        request,
        ObservationForm,
        parent=uppfoljning,
        field="uppfoljning",
        back=_detail_url(uppfoljning),
        form_kwargs={"uppfoljning": uppfoljning},
        title=f"Ny iakttagelse: {uppfoljning}",
        intro="Skriv utan namn eller personnummer på enskilda.",
        success_message="Iakttagelsen är sparad.",
    )


@permission_required("arenden.change_uppfoljning", raise_exception=True)
def bedomning_update(request, pk):
    uppfoljning = _sarskild(pk)
    return edit_page(
        request,
        BedomningForm,
        instance=uppfoljning,
        title=f"Bedömning: {uppfoljning}",
        intro=f"Sammanfattande bedömning för {uppfoljning.ramavtal} {uppfoljning.ar}, "
        "som den ska stå i årsrapporten.",
        success_message="Bedömningen är sparad.",
        success_url=_detail_url(uppfoljning),
        cancel_url=_detail_url(uppfoljning),
    )
