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
            "uppfoljningsintervall_ar",
            "malgrupp",
            "tillstandspliktig",
            "arlig_ivo_tillsyn",
            "ansvarig_strateg",
            "beskrivning",
        ]
        help_texts = {
            "slutdatum": "Ett valfrihetssystem (LOV) som gäller tills vidare lämnar slutdatum "
            "tomt, eller anger dagen systemet stängs.",
        }
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
    """An area and its own period; empty dates mean the agreement's."""

    class Meta:
        model = Avtalsomrade
        fields = ["nummer", "namn", "startdatum", "slutdatum"]
        widgets = {"startdatum": DateInput(), "slutdatum": DateInput()}

    def clean(self):
        cleaned = super().clean()
        ramavtal = self.instance.ramavtal  # set by the page before validation
        start, end = cleaned.get("startdatum"), cleaned.get("slutdatum")
        if start and ramavtal.startdatum and start < ramavtal.startdatum:
            self.add_error(
                "startdatum",
                f"Området kan inte börja före {ramavtal.ord.avtalet} "
                f"({ramavtal.startdatum:%Y-%m-%d}).",
            )
        last = ramavtal.slutdatum_inkl_option
        if end and last and end > last:
            self.add_error(
                "slutdatum",
                f"Området kan inte gälla längre än {ramavtal.ord.avtalet} ({last:%Y-%m-%d}).",
            )
        return cleaned


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
        fields = ["avtalsomrade", "datum", "niva", "faktorer", "motivering"]
        widgets = {"datum": DateInput(), "motivering": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, ramavtal, **kwargs):
        super().__init__(*args, **kwargs)
        areas = ramavtal.avtalsomraden.order_by("nummer")
        if areas.exists():
            # Only this agreement's areas; empty assesses the whole agreement.
            field = self.fields["avtalsomrade"]
            field.queryset = areas
            field.empty_label = f"Hela {ramavtal.ord.avtalet}"
        else:
            del self.fields["avtalsomrade"]
