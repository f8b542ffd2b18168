"""Särskild uppföljning: planning one, its sample, documents, observations, assessment."""

from django import forms
from django.core.exceptions import ValidationError

from arenden.models import (
    Brist,
    Dokumentbegaran,
    Metod,
    Observation,
    Tema,
    Uppfoljning,
    UppfoljningLeverantor,
)
from arenden.utfallstrappa import ny_brist
from leverantorer.models import Beslut, BeslutTyp, Leverantor, Verksamhet
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
    """One sample row: status, method, the ladder's outcome and its evidence.

    The rules are the outcome ladder's (arenden.utfallstrappa, through the
    model's clean()). For rättelse without a finding yet, the three ny_brist
    fields make one from the row for its unit.
    """

    ny_brist_beskrivning = forms.CharField(
        label="Ny brist: beskrivning",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_personal_identity],
        help_text="Bara för rättelse begärd utan vald brist: skapar en brist för verksamheten.",
    )
    ny_brist_krav = forms.CharField(
        label="Ny brist: krav på åtgärd",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_personal_identity],
    )
    ny_brist_atgard_senast = forms.DateField(
        label="Ny brist: åtgärdas senast",
        required=False,
        widget=DateInput(),
        validators=[rimligt_datum],
    )

    class Meta:
        model = UppfoljningLeverantor
        fields = [
            "verksamhet",
            "status",
            "orsak",
            "skal",
            "metod",
            "utfall",
            "brist",
            "beslut",
            "atgardat",
            "underlag",
        ]
        widgets = {"atgardat": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        row = self.instance
        # The unit is shown, not changed: the sample is drawn, not edited here.
        self.fields["verksamhet"].disabled = True
        self.fields["verksamhet"].queryset = Verksamhet.objects.filter(pk=row.verksamhet_id)
        # Evidence only of the row's supplier (and unit, when the finding names one).
        self.fields["brist"].queryset = Brist.objects.filter(
            leverantor_id=row.leverantor_id
        ).order_by("-konstaterad", "-pk")
        self.fields["beslut"].queryset = Beslut.objects.filter(
            avtal__leverantor_id=row.leverantor_id, typ__in=[BeslutTyp.VITE, BeslutTyp.HAVNING]
        ).select_related("avtal__ramavtal")
        self.fields["beslut"].label_from_instance = lambda b: f"{b} ({b.avtal.ramavtal})"

    def clean(self):
        data = super().clean()
        ny = [data.get(f"ny_brist_{name}") for name in ("beskrivning", "krav", "atgard_senast")]
        self.ny_brist = None
        if any(ny):
            if data.get("brist"):
                message = "Välj en brist eller skapa en ny, inte båda."
                self.add_error("ny_brist_beskrivning", message)
            elif not all(ny):
                self.add_error(
                    "ny_brist_beskrivning",
                    "Ange beskrivning, krav på åtgärd och sista dag för att skapa en brist.",
                )
            else:
                self.ny_brist = ny_brist(
                    self.instance, beskrivning=ny[0], krav=ny[1], atgard_senast=ny[2]
                )
                try:
                    self.ny_brist.full_clean()
                except ValidationError as error:
                    self.add_error("ny_brist_beskrivning", error.messages)
                    self.ny_brist = None
                else:
                    # The model form sets it on the row, so the ladder sees the evidence.
                    data["brist"] = self.ny_brist
        return data

    def save(self, commit=True):
        if self.ny_brist is not None:
            self.ny_brist.save()
            self.instance.brist = self.ny_brist
        return super().save(commit=commit)


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
