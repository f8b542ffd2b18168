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


class PlanMarksForm(forms.Form):
    """One checkbox per agreement and horizon year (the X of the plan's table)."""

    def __init__(self, *args, rows, horisont, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = []
        for row in rows:
            cells = []
            for year in horisont:
                name = f"x_{row.ramavtal.pk}_{year}"
                self.fields[name] = forms.BooleanField(
                    label=f"{row.ramavtal.namn} {year}",
                    required=False,
                    initial=year in row.planerade_ar,
                )
                cells.append((year, self[name], year in row.genomforda_ar))
            self.grid.append((row, cells))

    def valda(self):
        chosen = set()
        for name, value in self.cleaned_data.items():
            if value:
                _x, ramavtal_id, year = name.split("_")
                chosen.add((int(ramavtal_id), int(year)))
        return chosen
