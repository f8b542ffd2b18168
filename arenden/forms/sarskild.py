"""Särskild uppföljning: planning one, its sample, documents, observations, assessment."""

from django import forms

from arenden.models import (
    Dokumentbegaran,
    Metod,
    Observation,
    Tema,
    Uppfoljning,
    UppfoljningLeverantor,
)
from leverantorer.models import Leverantor
from ramavtal.models import Avtalsomrade, Ramavtal
from uppfoljning.dates import rimligt_datum
from uppfoljning.ordlistor import ValbaraOrdMixin, begransa_till_valbara
from uppfoljning.validators import no_personal_identity
from uppfoljning.widgets import DateInput

# How the sample is made: drawn from the register, or suppliers chosen by hand.
REGISTER, HAND = "register", "hand"


class SarskildForm(forms.Form):
    ramavtal = forms.ModelChoiceField(label="Ramavtal", queryset=Ramavtal.objects.order_by("namn"))
    ar = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    rubrik = forms.CharField(
        label="Rubrik",
        max_length=200,
        required=False,
        help_text="Lämnas tomt blir rubriken ”Särskild uppföljning &lt;ramavtal&gt; &lt;år&gt;”.",
        validators=[no_personal_identity],
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
        validators=[no_personal_identity],
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
        validators=[no_personal_identity],
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
