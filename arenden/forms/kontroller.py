"""IVO and credit checks: importing an exported file."""

from django import forms

from arenden.models import Kontrolltyp


class KontrollfilForm(forms.Form):
    typ = forms.ChoiceField(label="Vad filen innehåller", choices=Kontrolltyp.choices)
    fil = forms.FileField(
        label="Fil", help_text="CSV (semikolon, UTF-8 eller Windows-1252) eller Excel (.xlsx)."
    )
