from django import forms
from django.contrib.auth import get_user_model

from administration.forms import DiarienummerPrefixMixin
from ramavtal.models import Avtalsomrade, Niva, Ramavtal, Riskbedomning, Riskfaktor
from uppfoljning import roles
from uppfoljning.widgets import DateInput


class RamavtalForm(DiarienummerPrefixMixin, forms.ModelForm):
    class Meta:
        model = Ramavtal
        fields = [
            "namn",
            "diarienummer",
            "upphandlingsform",
            "samverkan",
            "startdatum",
            "slutdatum",
            "slutdatum_inkl_option",
            "malgrupp",
            "tillstandspliktig",
            "arlig_ivo_tillsyn",
            "ansvarig_strateg",
            "beskrivning",
        ]
        widgets = {
            "startdatum": DateInput(),
            "slutdatum": DateInput(),
            "slutdatum_inkl_option": DateInput(),
            "beskrivning": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ansvarig_strateg"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.STRATEG)
            .order_by("first_name", "last_name")
        )


class AvtalsomradeForm(forms.ModelForm):
    class Meta:
        model = Avtalsomrade
        fields = ["nummer", "namn"]


class NivaForm(forms.ModelForm):
    class Meta:
        model = Niva
        fields = ["ordning", "namn", "beskrivning"]
        widgets = {"beskrivning": forms.Textarea(attrs={"rows": 3})}


class RiskbedomningForm(forms.ModelForm):
    faktorer = forms.MultipleChoiceField(
        label="Riskfaktorer",
        choices=Riskfaktor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Riskbedomning
        fields = ["datum", "niva", "faktorer", "motivering"]
        widgets = {"datum": DateInput(), "motivering": forms.Textarea(attrs={"rows": 4})}
