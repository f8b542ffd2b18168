"""The questionnaire builder: questionnaires, versions, sections and questions (Strateg).

Every change goes through enkater.versioner, which refuses it in a frozen
version; the pages here say so and lead back to the builder.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from enkater.forms.formular import FormularForm, FragaForm, SektionForm
from enkater.mallar import MALLAR, skapa_fran_mall
from enkater.models import Formular, FormularVersion, Fraga, FragaTyp, Sektion
from enkater.versioner import (
    aktuell_version,
    flytta_fraga,
    fryst_meddelande,
    kopiera_formular,
    ny_version,
    redigerbar,
    spara_formular,
    spara_fraga,
    spara_sektion,
    ta_bort_fraga,
)
from uppfoljning.editing import add_errors, form_page
from uppfoljning.lists import paginate


def _builder_url(formular_id):
    return reverse("enkater:formular", args=[formular_id])


def _refused(request, error, formular_id):
    for message in error.messages:
        messages.error(request, message)
    return redirect(_builder_url(formular_id))


def _open_version_or_refuse(request, version):
    """None when the version may change, else the redirect that says why not."""
    try:
        redigerbar(version)
    except ValidationError as error:
        return _refused(request, error, version.formular_id)
    return None


@permission_required("enkater.view_formular", raise_exception=True)
def formular_list(request):
    queryset = (
        Formular.objects.filter(mall=False)
        .select_related("ramavtal")
        .annotate(
            antal_versioner=Count("versioner", distinct=True),
            senaste_version=Max("versioner__nummer"),
            antal_skickade=Count(
                "versioner", filter=Q(versioner__fryst__isnull=False), distinct=True
            ),
        )
        .order_by("namn", "pk")
    )
    context = paginate(request, queryset)
    context["mallar"] = MALLAR.values()
    return render(request, "enkater/formular_list.html", context)


@permission_required("enkater.add_formular", raise_exception=True)
def formular_create(request):
    form = FormularForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            formular = spara_formular(form.instance, request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Frågeformuläret är skapat. Lägg till en sektion.")
            return redirect(formular)
    return form_page(
        request,
        form,
        title="Nytt frågeformulär",
        intro="Formuläret får en första version som du bygger med sektioner och frågor.",
        cancel_url=reverse("enkater:formular_list"),
    )


@permission_required("enkater.change_formular", raise_exception=True)
def formular_update(request, pk):
    formular = get_object_or_404(Formular, pk=pk, mall=False)
    form = FormularForm(request.POST or None, instance=formular)
    if request.method == "POST" and form.is_valid():
        try:
            spara_formular(form.instance, request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Ändringarna är sparade.")
            return redirect(formular)
    return form_page(
        request,
        form,
        title=f"Ändra {formular.namn}",
        intro="Namn och beskrivning kan ändras. Vem som svarar, anonymitet och ramavtal ligger "
        "fast när formuläret har skickats.",
        cancel_url=formular.get_absolute_url(),
    )


@require_POST
@permission_required("enkater.add_formular", raise_exception=True)
def formular_copy(request, pk):
    formular = get_object_or_404(Formular, pk=pk, mall=False)
    kopia = kopiera_formular(formular, request.user)
    messages.success(request, f"Kopian ”{kopia.namn}” är skapad. Byt gärna namn på den.")
    return redirect(kopia)


@require_POST
@permission_required("enkater.add_formular", raise_exception=True)
def formular_fran_mall(request, nyckel):
    if nyckel not in MALLAR:
        raise Http404
    formular = skapa_fran_mall(nyckel, request.user)
    messages.success(request, f"”{formular.namn}” är skapat från mallen. Anpassa frågorna.")
    return redirect(formular)


def _version_content(version):
    """The version's sections with their questions, in order, in a constant number of queries."""
    fragor = Fraga.objects.select_related("villkor_fraga", "tema").prefetch_related("krav")
    return list(
        version.sektioner.order_by("ordning", "pk").prefetch_related(
            Prefetch("fragor", queryset=fragor.order_by("ordning", "pk"))
        )
    )


def _numbered(sektioner):
    """Number the questions 1, 2, … through the version (as the respondent sees them)."""
    numbers = {}
    for sektion in sektioner:
        sektion.forsta_nummer = len(numbers) + 1
        for fraga in sektion.fragor.all():
            fraga.nummer = numbers[fraga.pk] = len(numbers) + 1
    for sektion in sektioner:
        for fraga in sektion.fragor.all():
            fraga.villkor_nummer = numbers.get(fraga.villkor_fraga_id, "")
    return sektioner


@permission_required("enkater.view_formular", raise_exception=True)
def formular_detail(request, pk):
    formular = get_object_or_404(
        Formular.objects.select_related("ramavtal", "kopierat_fran"), pk=pk, mall=False
    )
    versioner = list(formular.versioner.order_by("-nummer"))
    version = versioner[0] if versioner else None
    sektioner = _numbered(_version_content(version)) if version else []
    context = {
        "formular": formular,
        "version": version,
        "versioner": versioner,
        "sektioner": sektioner,
        "fryst_text": fryst_meddelande(version) if version and version.is_frozen else "",
        "editable": version is not None and not version.is_frozen,
        # Questions another question's condition points at: no "Ta bort" for them.
        "villkorsfragor": {
            fraga.villkor_fraga_id
            for sektion in sektioner
            for fraga in sektion.fragor.all()
            if fraga.villkor_fraga_id
        },
        "may_change": request.user.has_perm("enkater.change_fraga"),
    }
    return render(request, "enkater/formular_detail.html", context)


@require_POST
@permission_required("enkater.add_formularversion", raise_exception=True)
def version_create(request, pk):
    formular = get_object_or_404(Formular, pk=pk, mall=False)
    senaste = aktuell_version(formular)
    if senaste is None:
        raise Http404
    if not senaste.is_frozen:
        messages.info(request, f"Version {senaste.nummer} är inte skickad och kan ändras.")
        return redirect(formular)
    ny = ny_version(senaste, request.user)
    messages.success(
        request, f"Version {ny.nummer} är skapad som kopia av version {senaste.nummer}."
    )
    return redirect(formular)


@permission_required("enkater.view_formularversion", raise_exception=True)
def version_detail(request, pk):
    version = get_object_or_404(
        FormularVersion.objects.select_related("formular"), pk=pk, formular__mall=False
    )
    context = {
        "formular": version.formular,
        "version": version,
        "sektioner": _numbered(_version_content(version)),
        "typ": FragaTyp,
    }
    return render(request, "enkater/formular_version.html", context)


@permission_required("enkater.add_sektion", raise_exception=True)
def sektion_create(request, pk):
    version = get_object_or_404(FormularVersion.objects.select_related("formular"), pk=pk)
    refused = _open_version_or_refuse(request, version)
    if refused:
        return refused
    return _sektion_page(request, SektionForm(request.POST or None, version=version), version)


@permission_required("enkater.change_sektion", raise_exception=True)
def sektion_update(request, pk):
    sektion = get_object_or_404(Sektion.objects.select_related("version__formular"), pk=pk)
    refused = _open_version_or_refuse(request, sektion.version)
    if refused:
        return refused
    form = SektionForm(request.POST or None, instance=sektion, version=sektion.version)
    return _sektion_page(request, form, sektion.version)


def _sektion_page(request, form, version):
    if request.method == "POST" and form.is_valid():
        try:
            spara_sektion(form.instance, request.user)
        except ValidationError as error:
            return _refused(request, error, version.formular_id)
        messages.success(request, f"Sektionen ”{form.instance.rubrik}” är sparad.")
        return redirect(f"{_builder_url(version.formular_id)}#sektion-{form.instance.pk}")
    title = "Ny sektion" if form.instance.pk is None else f"Ändra sektionen {form.instance.rubrik}"
    return form_page(
        request,
        form,
        title=title,
        intro=f"{version.formular}, version {version.nummer}.",
        cancel_url=_builder_url(version.formular_id),
    )


@permission_required("enkater.add_fraga", raise_exception=True)
def fraga_create(request, pk):
    sektion = get_object_or_404(Sektion.objects.select_related("version__formular"), pk=pk)
    refused = _open_version_or_refuse(request, sektion.version)
    if refused:
        return refused
    return _fraga_page(request, sektion, None)


@permission_required("enkater.change_fraga", raise_exception=True)
def fraga_update(request, pk):
    fraga = get_object_or_404(Fraga.objects.select_related("sektion__version__formular"), pk=pk)
    refused = _open_version_or_refuse(request, fraga.sektion.version)
    if refused:
        return refused
    return _fraga_page(request, fraga.sektion, fraga)


def _fraga_page(request, sektion, fraga):
    posted = request.method == "POST"
    form = FragaForm(request.POST if posted else None, instance=fraga, sektion=sektion)
    formular_id = sektion.version.formular_id
    if posted and form.is_valid():
        try:
            spara_fraga(form.instance, request.user, krav=form.cleaned_data.get("krav"))
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # the version was frozen meanwhile
                return _refused(request, error, formular_id)
            add_errors(form, error)
        else:
            messages.success(request, "Frågan är sparad.")
            return redirect(f"{_builder_url(formular_id)}#fraga-{form.instance.pk}")
    return form_page(
        request,
        form,
        title="Ny fråga" if fraga is None else "Ändra frågan",
        intro=f"Sektionen ”{sektion.rubrik}” i {sektion.version.formular}, version "
        f"{sektion.version.nummer}.",
        cancel_url=_builder_url(formular_id),
        template="enkater/formular_fraga.html",
    )


def _fraga_for_post(pk):
    return get_object_or_404(Fraga.objects.select_related("sektion__version"), pk=pk)


@require_POST
@permission_required("enkater.change_fraga", raise_exception=True)
def fraga_move(request, pk):
    fraga = _fraga_for_post(pk)
    formular_id = fraga.sektion.version.formular_id
    try:
        flytta_fraga(fraga, request.POST.get("riktning") == "upp", request.user)
    except ValidationError as error:
        return _refused(request, error, formular_id)
    return redirect(f"{_builder_url(formular_id)}#fraga-{fraga.pk}")


@require_POST
@permission_required("enkater.change_fraga", raise_exception=True)
def fraga_delete(request, pk):
    fraga = _fraga_for_post(pk)
    formular_id = fraga.sektion.version.formular_id
    text = str(fraga)
    try:
        ta_bort_fraga(fraga, request.user)
    except ValidationError as error:
        return _refused(request, error, formular_id)
    messages.success(request, f"Frågan ”{text}” är borttagen.")
    return redirect(_builder_url(formular_id))
