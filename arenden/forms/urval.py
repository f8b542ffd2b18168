"""Forms for many sample rows at once: the action bar of the sample table, the file import."""

from pathlib import Path

from django import forms

from arenden.models import EjGenomfordOrsak, Metod, PlaneradStatus, PlaneradUtfall
from uppfoljning.dates import rimligt_datum
from uppfoljning.tabular import MAX_BYTES
from uppfoljning.validators import no_personal_identity
from uppfoljning.widgets import DateInput

OFORANDRAD = [("", "– oförändrad –")]


class UrvalBulkForm(forms.Form):
    """What to set on the checked rows; an empty field leaves that value as it is.

    The checked rows themselves are the table's checkboxes (name "rader"),
    read by the view: the form only holds the values.
    """

    status = forms.ChoiceField(
        label="Status", choices=OFORANDRAD + PlaneradStatus.choices, required=False
    )
    orsak = forms.ModelChoiceField(
        label="Orsak",
        queryset=EjGenomfordOrsak.objects.aktiva(),
        required=False,
        empty_label="– oförändrad –",
        help_text="Krävs när raderna flyttas till nästa år eller ställs in.",
    )
    skal = forms.CharField(
        label="Kommentar", max_length=300, required=False, validators=[no_personal_identity]
    )
    utfall = forms.ChoiceField(
        label="Utfall", choices=OFORANDRAD + PlaneradUtfall.choices, required=False
    )
    metod = forms.ModelChoiceField(
        label="Metod som användes",
        queryset=Metod.objects.aktiva(),
        required=False,
        empty_label="– oförändrad –",
    )
    atgardat = forms.DateField(
        label="Åtgärdat", required=False, widget=DateInput(), validators=[rimligt_datum]
    )

    def changes(self):
        """The chosen values as keyword arguments of urvalsrader.uppdatera_rader."""
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class UrvalImportForm(forms.Form):
    fil = forms.FileField(
        label="Fil (CSV eller Excel)",
        help_text="Den exporterade urvalsfilen, ändrad: rad-id och status krävs.",
    )

    def clean_fil(self):
        upload = self.cleaned_data["fil"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"Filen är för stor (högst {MAX_BYTES // 2**20} MB).")
        if Path(upload.name).suffix.lower() not in (".csv", ".txt", ".xlsx"):
            raise forms.ValidationError("Filen måste vara CSV (.csv) eller Excel (.xlsx).")
        return upload
