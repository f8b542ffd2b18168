"""Särskild uppföljning: plan a deep follow-up of a ramavtal, run it, record it.

The forms live here because they belong to these pages only.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from arenden.models import (
    Dokumentbegaran,
    Metod,
    Observation,
    Tema,
    Uppfoljning,
    UppfoljningLeverantor,
    UppfoljningTyp,
)
from arenden.sarskild import progress, sarskild_skapa
from leverantorer.belopp import mkr
from leverantorer.models import Leverantor
from ramavtal.forms import DateInput
from ramavtal.models import Avtalsomrade, Ramavtal
from uppfoljning import roles
from uppfoljning.dates import rimligt_datum
from uppfoljning.history import history_entries
from uppfoljning.ordlistor import ValbaraOrdMixin, begransa_till_valbara

REGISTER, HAND = "register", "hand"


def default_year(today=None):
    """Plans are made for the coming year late in the autumn, else for this one."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 10 else today.year


def _ramavtal_pk(request):
    value = request.POST.get("ramavtal") or request.GET.get("ramavtal")
    return int(value) if value and value.isdigit() else None


def _sarskild(pk, *related):
    return get_object_or_404(
        Uppfoljning.objects.select_related("ramavtal", *related),
        pk=pk,
        typ=UppfoljningTyp.SARSKILD,
    )


def _detail_url(uppfoljning):
    return reverse("arenden:sarskild", args=[uppfoljning.pk])


def _form_page(request, *, title, form, uppfoljning, intro="", template="form_page.html", **extra):
    context = {
        "title": title,
        "intro": intro,
        "form": form,
        "cancel_url": _detail_url(uppfoljning),
        **extra,
    }
    return render(request, template, context)


def _add_errors(form, error):
    """Put a rule's ValidationError on the form's fields (unknown ones on the form)."""
    for name, messages_ in error.message_dict.items():
        target = name if name in form.fields else None
        for message in messages_:
            form.add_error(target, message)


# --- Forms -----------------------------------------------------------------


class SarskildForm(forms.Form):
    ramavtal = forms.ModelChoiceField(label="Ramavtal", queryset=Ramavtal.objects.order_by("namn"))
    ar = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    rubrik = forms.CharField(
        label="Rubrik",
        max_length=200,
        required=False,
        help_text="Lämnas tomt blir rubriken ”Särskild uppföljning &lt;ramavtal&gt; &lt;år&gt;”.",
    )
    avtalsomrade = forms.ModelChoiceField(
        label="Avtalsområde",
        queryset=Avtalsomrade.objects.none(),
        required=False,
        help_text="Bara om uppföljningen gäller ett av ramavtalets avtalsområden.",
    )
    metoder = forms.ModelMultipleChoiceField(
        label="Metoder",
        queryset=Metod.objects.aktiva(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    teman = forms.ModelMultipleChoiceField(
        label="Områden (teman)",
        queryset=Tema.objects.aktiva(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    urvalssatt = forms.ChoiceField(
        label="Hur görs urvalet?",
        choices=[(REGISTER, "Urval från registret"), (HAND, "Leverantörer valda för hand")],
        initial=REGISTER,
        widget=forms.RadioSelect,
    )
    urval_fran = forms.DateField(
        label="Period från", required=False, widget=DateInput(), validators=[rimligt_datum]
    )
    urval_till = forms.DateField(
        label="Period till", required=False, widget=DateInput(), validators=[rimligt_datum]
    )
    inriktning = forms.CharField(
        label="Inriktning",
        max_length=200,
        required=False,
        help_text="Bara verksamheter vars inriktning innehåller texten, t.ex. ”flickor”.",
    )
    ordning = forms.ChoiceField(
        label="Rangordna efter",
        choices=[("inkopsvarde", "Högst inköpsvärde"), ("antal", "Flest placeringar")],
        initial="inkopsvarde",
    )
    antal = forms.IntegerField(label="Antal leverantörer", min_value=1, max_value=50, initial=5)
    leverantorer = forms.ModelMultipleChoiceField(
        label="Leverantörer",
        queryset=Leverantor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leverantörer med avtal under det valda ramavtalet (välj ramavtal och "
        "”Visa ramavtalets leverantörer” för att begränsa listan).",
    )
    urvalskriterier = forms.CharField(
        label="Urvalskriterier",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Krävs när leverantörerna väljs för hand. Vid urval från registret skrivs "
        "kriterierna automatiskt om fältet lämnas tomt.",
    )

    def __init__(self, *args, ramavtal_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Avtalsomrade.objects.select_related("ramavtal").order_by("ramavtal__namn", "nummer")
        suppliers = Leverantor.objects.order_by("namn")
        if ramavtal_pk:
            areas = areas.filter(ramavtal_id=ramavtal_pk)
            suppliers = suppliers.filter(avtal__ramavtal_id=ramavtal_pk)
        else:
            # Until an agreement is chosen only suppliers with some contract qualify.
            suppliers = suppliers.filter(avtal__isnull=False).distinct()
        self.fields["avtalsomrade"].queryset = areas
        self.fields["avtalsomrade"].label_from_instance = lambda a: f"{a.ramavtal}: {a}"
        self.fields["leverantorer"].queryset = suppliers


class UrvalAddForm(forms.ModelForm):
    class Meta:
        model = UppfoljningLeverantor
        fields = ["leverantor", "inkopsvarde", "antal_placeringar"]

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.uppfoljning = uppfoljning
        self.fields["leverantor"].queryset = (
            Leverantor.objects.filter(avtal__ramavtal=uppfoljning.ramavtal_id)
            .exclude(pk__in=uppfoljning.urval.values("leverantor"))
            .order_by("namn")
        )
        self.fields["leverantor"].help_text = "Leverantörer med avtal under ramavtalet."


class UrvalUpdateForm(ValbaraOrdMixin, forms.ModelForm):
    class Meta:
        model = UppfoljningLeverantor
        fields = ["status", "orsak", "skal", "utfall"]


class DokumentForm(forms.ModelForm):
    class Meta:
        model = Dokumentbegaran
        fields = ["leverantor", "dokument", "begart", "inkommet"]
        widgets = {"begart": DateInput(), "inkommet": DateInput()}

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.uppfoljning = uppfoljning
        self.fields["leverantor"].queryset = _sample_suppliers(uppfoljning)
        # Received before requested is refused by Dokumentbegaran.clean().


class ObservationForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = ["leverantor", "tema", "metod", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.uppfoljning = uppfoljning
        self.fields["leverantor"].queryset = _sample_suppliers(uppfoljning)
        # The follow-up's own themes and methods when chosen, else all of them;
        # then only the active ones (and, when editing, the current one).
        teman = uppfoljning.teman.all()
        metoder = uppfoljning.metoder.all()
        self.fields["tema"].queryset = teman if teman.exists() else Tema.objects.all()
        self.fields["metod"].queryset = metoder if metoder.exists() else Metod.objects.all()
        for name in ("tema", "metod"):
            begransa_till_valbara(self.fields[name], getattr(self.instance, f"{name}_id"))


class BedomningForm(forms.ModelForm):
    class Meta:
        model = Uppfoljning
        fields = ["bedomning"]
        widgets = {"bedomning": forms.Textarea(attrs={"rows": 10})}
        labels = {"bedomning": "Bedömning och slutsatser"}


def _sample_suppliers(uppfoljning):
    return Leverantor.objects.filter(pk__in=uppfoljning.urval.values("leverantor")).order_by("namn")


# --- Views -------------------------------------------------------------------


@permission_required("arenden.add_uppfoljning", raise_exception=True)
def sarskild_create(request):
    ramavtal_pk = _ramavtal_pk(request)
    initial = {"ar": default_year(), "ramavtal": ramavtal_pk}
    form = SarskildForm(request.POST or None, initial=initial, ramavtal_pk=ramavtal_pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        hand = data["urvalssatt"] == HAND
        try:
            uppfoljning = sarskild_skapa(
                ramavtal=data["ramavtal"],
                ar=data["ar"],
                rubrik=data["rubrik"] or f"Särskild uppföljning {data['ramavtal']} {data['ar']}",
                ansvarig=request.user,
                avtalsomrade=data["avtalsomrade"],
                urvalskriterier=data["urvalskriterier"],
                metoder=data["metoder"],
                teman=data["teman"],
                urval_fran=data["urval_fran"],
                urval_till=data["urval_till"],
                inriktning=data["inriktning"],
                antal=data["antal"],
                ordning=data["ordning"],
                leverantorer=list(data["leverantorer"]) if hand else None,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Den särskilda uppföljningen är skapad med {uppfoljning.urval.count()} "
                "leverantörer i urvalet.",
            )
            return redirect(_detail_url(uppfoljning))
    context = {"form": form, "ramavtal_pk": ramavtal_pk}
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


@permission_required("arenden.view_uppfoljning", raise_exception=True)
def sarskild_detail(request, pk):
    uppfoljning = _sarskild(pk, "avtalsomrade", "ansvarig")
    urval = list(uppfoljning.urval.select_related("leverantor", "orsak"))
    for row in urval:
        row.inkopsvarde_mkr = mkr(row.inkopsvarde)
    besok = uppfoljning.besok.visible_to(request.user).select_related("verksamhet__leverantor")
    strateg = roles.has_role(request.user, roles.STRATEG)
    observationer = uppfoljning.observationer.select_related(
        "leverantor", "tema", "metod"
    ).order_by("leverantor__namn", "leverantor_id", "tema__namn", "tema_id", "pk")
    context = {
        "uppfoljning": uppfoljning,
        "urval": urval,
        "progress": [(status.label, count) for status, count in progress(uppfoljning).items()],
        "metoder": uppfoljning.metoder.all(),
        "teman": uppfoljning.teman.all(),
        "dokument": uppfoljning.dokument.select_related("leverantor").order_by(
            "leverantor__namn", "begart", "pk"
        ),
        "observationer": _grouped_observations(observationer),
        "besok": besok,
        "visar_oanmalda": strateg,
        "brister": uppfoljning.brister.select_related("leverantor", "tema"),
        "history": history_entries(uppfoljning),
    }
    return render(request, "arenden/sarskild_detail.html", context)


@permission_required("arenden.add_uppfoljningleverantor", raise_exception=True)
def urval_add(request, pk):
    uppfoljning = _sarskild(pk)
    form = UrvalAddForm(request.POST or None, uppfoljning=uppfoljning)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{form.instance.leverantor} är tillagd i urvalet.")
        return redirect(_detail_url(uppfoljning))
    return _form_page(
        request,
        title=f"Lägg till leverantör i urvalet: {uppfoljning}",
        intro="Beskriv gärna i urvalskriterierna varför leverantören lades till.",
        form=form,
        uppfoljning=uppfoljning,
    )


@permission_required("arenden.change_uppfoljningleverantor", raise_exception=True)
def urval_update(request, pk):
    row = get_object_or_404(
        UppfoljningLeverantor.objects.select_related("uppfoljning", "leverantor"),
        pk=pk,
        uppfoljning__typ=UppfoljningTyp.SARSKILD,
    )
    form = UrvalUpdateForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Uppföljningen av {row.leverantor} är uppdaterad.")
        return redirect(_detail_url(row.uppfoljning))
    return _form_page(
        request,
        title=f"{row.leverantor} i {row.uppfoljning}",
        intro="Flyttad eller inställd kräver en orsak; genomförd kräver ett utfall.",
        form=form,
        uppfoljning=row.uppfoljning,
        template="arenden/sarskild_urval_update.html",
        history=history_entries(row),
    )


@permission_required("arenden.view_uppfoljning", raise_exception=True)
def dokument_create(request, pk):
    """Request a document; with ?andra=<id> the same form records when it came in."""
    uppfoljning = _sarskild(pk)
    instance = None
    andra = request.GET.get("andra", "")
    if andra.isdigit():
        instance = get_object_or_404(Dokumentbegaran, pk=andra, uppfoljning=uppfoljning)
    perm = "arenden.change_dokumentbegaran" if instance else "arenden.add_dokumentbegaran"
    if not request.user.has_perm(perm):
        raise PermissionDenied
    form = DokumentForm(request.POST or None, instance=instance, uppfoljning=uppfoljning)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, "Dokumentbegäran är ändrad." if instance else "Dokumentet är begärt."
        )
        return redirect(_detail_url(uppfoljning))
    return _form_page(
        request,
        title=f"Ändra dokumentbegäran: {instance.dokument}" if instance else "Begär dokument",
        intro=f"{uppfoljning}. Ange inkommet datum när dokumentet har kommit in.",
        form=form,
        uppfoljning=uppfoljning,
    )


@permission_required("arenden.add_observation", raise_exception=True)
def observation_create(request, pk):
    uppfoljning = _sarskild(pk)
    form = ObservationForm(request.POST or None, uppfoljning=uppfoljning)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Iakttagelsen är sparad.")
        return redirect(_detail_url(uppfoljning))
    return _form_page(
        request,
        title=f"Ny iakttagelse: {uppfoljning}",
        intro="Skriv utan namn eller personnummer på enskilda.",
        form=form,
        uppfoljning=uppfoljning,
    )


@permission_required("arenden.change_uppfoljning", raise_exception=True)
def bedomning_update(request, pk):
    uppfoljning = _sarskild(pk)
    form = BedomningForm(request.POST or None, instance=uppfoljning)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Bedömningen är sparad.")
        return redirect(_detail_url(uppfoljning))
    return _form_page(
        request,
        title=f"Bedömning: {uppfoljning}",
        intro=f"Sammanfattande bedömning för {uppfoljning.ramavtal} {uppfoljning.ar}, "
        "som den ska stå i årsrapporten.",
        form=form,
        uppfoljning=uppfoljning,
    )
