"""Forms for a ramavtal's requirements: one requirement, the filter, the import upload."""

from pathlib import Path

import django_filters
from django import forms

from arenden.models import Tema
from enkater.models import Avtalskrav
from ramavtal.models import Avtalsomrade
from uppfoljning.params import IdChoiceFilter, SafeFilterSet
from uppfoljning.tabular import MAX_BYTES


class KravForm(forms.ModelForm):
    """A requirement of the ramavtal set on the instance (the page knows it)."""

    class Meta:
        model = Avtalskrav
        fields = ["nummer", "rubrik", "text", "tema", "avtalsomrade"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, ramavtal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.ramavtal = ramavtal
        self.fields["tema"].queryset = Tema.objects.valbara(self.instance.tema_id)
        self.fields["avtalsomrade"].queryset = ramavtal.avtalsomraden.order_by("nummer")
        self.fields["avtalsomrade"].empty_label = "Hela ramavtalet"
        if not ramavtal.avtalsomraden.exists():
            del self.fields["avtalsomrade"]


class KravFilter(SafeFilterSet):
    avtalsomrade = IdChoiceFilter(
        label="Avtalsområde",
        queryset=Avtalsomrade.objects.none(),  # set per ramavtal in __init__
        empty_label="Alla",
    )
    tema = IdChoiceFilter(
        label="Tema", queryset=Tema.objects.order_by("ordning", "namn"), empty_label="Alla"
    )

    # Retired requirements are left out by the view unless visa=alla; the
    # field keeps the choice when the other filters change.
    visa = django_filters.ChoiceFilter(
        label="Visa",
        choices=[("alla", "Även avaktiverade")],
        empty_label="Bara aktiva",
        method="keep",
    )

    class Meta:
        model = Avtalskrav
        fields = []

    def keep(self, queryset, name, value):
        return queryset

    def __init__(self, *args, ramavtal, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["avtalsomrade"].queryset = ramavtal.avtalsomraden.order_by("nummer")


class KravImportForm(forms.Form):
    fil = forms.FileField(
        label="Fil (CSV eller Excel)",
        help_text="Kolumner: punkt, rubrik, text, tema och (valfritt) avtalsområde.",
    )

    def clean_fil(self):
        upload = self.cleaned_data["fil"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"Filen är för stor (högst {MAX_BYTES // 2**20} MB).")
        if Path(upload.name).suffix.lower() not in (".csv", ".txt", ".xlsx"):
            raise forms.ValidationError("Filen måste vara CSV (.csv) eller Excel (.xlsx).")
        return upload
