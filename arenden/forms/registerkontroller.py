"""Registerkontroller: a criminal-record check or declaration of a representative.

Only the outcome is recorded: the forms have no free-text field on purpose,
so nothing from the register can be written down here.
"""

from django import forms

from arenden.models import Registerkontroll
from arenden.registerkontroller import default_giltig_till
from uppfoljning.widgets import DateInput


class KontrollForm(forms.ModelForm):
    class Meta:
        model = Registerkontroll
        fields = ["typ", "begard", "besvarad", "utfall", "giltig_till"]
        widgets = {
            "begard": DateInput(),
            "besvarad": DateInput(),
            "giltig_till": DateInput(),
        }
        help_texts = {
            "utfall": "Spara bara utfallet – aldrig uppgifter ur registret.",
            "giltig_till": "Lämnas fältet tomt sätts datumet till sex månader efter begäran "
            "för utdrag ur belastningsregistret och tolv månader för sanningsförsäkran.",
        }

    def clean(self):
        cleaned = super().clean()
        typ = cleaned.get("typ") or self.instance.typ
        begard = cleaned.get("begard") or self.instance.begard
        if not cleaned.get("giltig_till") and typ and begard:
            cleaned["giltig_till"] = default_giltig_till(typ, begard)
            # _post_clean copies cleaned_data onto the instance after this.
        return cleaned


class SvarForm(KontrollForm):
    """Editing a check records the answer; what was asked for stays as it was."""

    class Meta(KontrollForm.Meta):
        fields = ["besvarad", "utfall", "giltig_till"]
