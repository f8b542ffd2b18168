"""Avropskontroll: recording a check, and IVO and credit checks entered by hand."""

from django import forms
from django.utils import timezone

from arenden.models import Avropskontroll, IvoKontroll, Kreditkontroll
from uppfoljning.widgets import DateInput, DateTimeInput


class RegistreraForm(forms.Form):
    anteckning = forms.CharField(
        label="Anteckning (valfri)",
        required=False,
        max_length=300,
        help_text="T.ex. placeringens referens. Aldrig namn eller personnummer.",
        validators=Avropskontroll._meta.get_field("anteckning").validators,
    )


# What every check registered by hand also records: when it was made (it may
# be entered afterwards), what the person saw, and the document it rests on.
MANUAL_FIELDS = ["kontrollerad", "iakttagelse", "underlag"]


class _ManualCheckForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["kontrollerad"]
        field.required = False
        if self.instance.pk is None:
            self.initial["kontrollerad"] = timezone.localtime().replace(second=0, microsecond=0)
        field.help_text = "När kontrollen gjordes. Lämna tomt för nu."
        self.fields["iakttagelse"].widget = forms.Textarea(attrs={"rows": 3})

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("kontrollerad") and "kontrollerad" not in self.errors:
            cleaned["kontrollerad"] = timezone.now()
        return cleaned


class IvoKontrollForm(_ManualCheckForm):
    class Meta:
        model = IvoKontroll
        fields = [
            *MANUAL_FIELDS[:1],
            "tillstand",
            "vilande",
            "oppna_tillsynsarenden",
            "krav_pa_aterrapportering",
            "senaste_tillsyn",
            *MANUAL_FIELDS[1:],
        ]
        widgets = {
            "kontrollerad": DateTimeInput(),
            "senaste_tillsyn": DateInput(),
            "vilande": forms.NullBooleanSelect,
            "krav_pa_aterrapportering": forms.NullBooleanSelect,
        }


class KreditkontrollForm(_ManualCheckForm):
    class Meta:
        model = Kreditkontroll
        fields = [
            *MANUAL_FIELDS[:1],
            "rating",
            "betalningsanmarkningar",
            "skatteskulder",
            "konkurs",
            "likvidation",
            "avregistrerad",
            *MANUAL_FIELDS[1:],
        ]
        widgets = {
            "kontrollerad": DateTimeInput(),
            "betalningsanmarkningar": forms.NullBooleanSelect,
            "skatteskulder": forms.NullBooleanSelect,
        }
