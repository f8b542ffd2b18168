"""Forms for reviewing an answer and registering a finding from it."""

from django import forms
from django.utils import timezone

from arenden.forms.uppfoljningar import BristForm
from uppfoljning.ordlistor import ValbaraOrdMixin
from uppfoljning.validators import no_personal_identity
from uppfoljning.widgets import DateInput

INGET_BESLUT = ""
GODKANN = "godkann"
KOMPLETTERA = "komplettering"
BESLUT = [
    (INGET_BESLUT, "Inget beslut nu"),
    (GODKANN, "Godkänn"),
    (KOMPLETTERA, "Begär komplettering"),
]


class GranskningForm(forms.Form):
    """One decision (and a comment) per question of the answer, and the new deadline.

    Fields are named beslut_<fraga pk> and kommentar_<fraga pk>; `decisions()`
    gives [(fraga, decision, comment)] after validation.
    """

    svar_senast = forms.DateField(
        label="Komplettera senast",
        required=False,
        widget=DateInput(),
        help_text="Sista dag för kompletteringen. Behövs om du begär komplettering.",
    )

    def __init__(self, *args, fragor, kan_komplettera=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fragor = list(fragor)
        choices = BESLUT if kan_komplettera else BESLUT[:2]
        for fraga in self.fragor:
            self.fields[f"beslut_{fraga.pk}"] = forms.ChoiceField(
                label=f"Beslut: {fraga.text}",
                choices=choices,
                required=False,
                initial=INGET_BESLUT,
                widget=forms.RadioSelect,
            )
            if kan_komplettera:
                self.fields[f"kommentar_{fraga.pk}"] = forms.CharField(
                    label="Vad ska kompletteras",
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    validators=[no_personal_identity],
                    help_text="Visas för den som svarar.",
                )
        if not kan_komplettera:
            del self.fields["svar_senast"]

    def bound_rows(self):
        """[(fraga, decision field, comment field or None)] for the template."""
        return [
            (
                fraga,
                self[f"beslut_{fraga.pk}"],
                self[f"kommentar_{fraga.pk}"] if f"kommentar_{fraga.pk}" in self.fields else None,
            )
            for fraga in self.fragor
        ]

    def clean(self):
        cleaned = super().clean()
        asked = False
        for fraga in self.fragor:
            if cleaned.get(f"beslut_{fraga.pk}") != KOMPLETTERA:
                continue
            asked = True
            if not (cleaned.get(f"kommentar_{fraga.pk}") or "").strip():
                self.add_error(f"kommentar_{fraga.pk}", "Skriv vad som ska kompletteras i frågan.")
        if asked:
            deadline = cleaned.get("svar_senast")
            if deadline is None:
                self.add_error("svar_senast", "Ange när kompletteringen ska vara inne.")
            elif deadline < timezone.localdate():
                self.add_error("svar_senast", "Sista dag kan inte ha passerat.")
        return cleaned

    def decisions(self):
        return [
            (
                fraga,
                self.cleaned_data.get(f"beslut_{fraga.pk}") or INGET_BESLUT,
                (self.cleaned_data.get(f"kommentar_{fraga.pk}") or "").strip(),
            )
            for fraga in self.fragor
        ]


class BristFranSvarForm(ValbaraOrdMixin, forms.ModelForm):
    """A finding from an answer: the supplier and unit come from the answer."""

    class Meta(BristForm.Meta):
        fields = [f for f in BristForm.Meta.fields if f not in ("leverantor", "verksamhet")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["konstaterad"].required = False
        self.fields["konstaterad"].help_text = "Lämna tomt för dagens datum."
        self.fields["atgard_senast"].help_text = "Sista dag för rättelse."

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("konstaterad"):
            cleaned["konstaterad"] = timezone.localdate()
            self.instance.konstaterad = cleaned["konstaterad"]
        return cleaned
