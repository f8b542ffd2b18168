from django import forms

from administration.forms import DiarienummerPrefixMixin
from rapporter.models import Arsrapport, Uppfoljningsplan
from uppfoljning.widgets import DateInput

MEMO_FIELDS = [
    "datum",
    "diarienummer",
    "handlaggare",
    "forslag_till_beslut",
    "arendet",
    "beredning",
    "foredragning",
    "barnkonsekvensanalys",
    "ekonomiska_konsekvenser",
    "beslutsunderlag",
    "undertecknare_namn",
    "undertecknare_titel",
]


class NyttArForm(forms.Form):
    ar = forms.IntegerField(label="År", min_value=2000, max_value=2100)


class ArsrapportForm(DiarienummerPrefixMixin, forms.ModelForm):
    class Meta:
        model = Arsrapport
        fields = [
            *MEMO_FIELDS,
            "bakgrund",
            "lopande_text",
            "ekonomisk_text",
            "stickprov_text",
            "handelsstyrd_text",
            "sarskild_text",
            "bedomning",
        ]
        widgets = {"datum": DateInput()}


class UppfoljningsplanForm(DiarienummerPrefixMixin, forms.ModelForm):
    class Meta:
        model = Uppfoljningsplan
        fields = [
            *MEMO_FIELDS,
            "syfte",
            "ramavtal_text",
            "avtalsuppfoljning_text",
            "lopande_text",
            "handelsstyrd_text",
            "sarskild_text",
            "redovisning_text",
        ]
        widgets = {"datum": DateInput()}
