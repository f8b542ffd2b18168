"""One special follow-up per avtalsområde of an agreement, in one step."""

from django import forms
from django.contrib.auth import get_user_model

from arenden.models import Metod, Tema, Urvalsregel
from arenden.sarskild import omraden_med_uppfoljning, omraden_under_ar
from uppfoljning import roles
from uppfoljning.dates import rimligt_datum
from uppfoljning.widgets import DateInput

# Hand-picking needs a choice per area: that is the ordinary create page.
REGLER = [(value, label) for value, label in Urvalsregel.choices if value != Urvalsregel.HAND]


class PerOmradeForm(forms.Form):
    """The areas to follow up and one rule for all of them."""

    omraden = forms.MultipleChoiceField(
        label="Avtalsområden",
        widget=forms.CheckboxSelectMultiple,
        help_text="Områden vars period omfattar året. Ett område som redan har en särskild "
        "uppföljning det året hoppas över.",
    )
    urvalsregel = forms.ChoiceField(
        label="Hur görs urvalet i varje område?",
        choices=REGLER,
        initial=Urvalsregel.ALLA,
        widget=forms.RadioSelect,
    )
    antal = forms.IntegerField(
        label="Antal verksamheter per område (N)",
        min_value=1,
        required=False,
        help_text="För de N med flest placeringar, högst inköpsvärde eller slumpvis valda. "
        "Vid slumpval får varje område ett eget slumpfrö.",
    )
    urval_fran = forms.DateField(
        label="Period från", required=False, widget=DateInput(), validators=[rimligt_datum]
    )
    urval_till = forms.DateField(
        label="Period till", required=False, widget=DateInput(), validators=[rimligt_datum]
    )
    ansvarig = forms.ModelChoiceField(label="Ansvarig", queryset=get_user_model().objects.none())
    metoder = forms.ModelMultipleChoiceField(
        label="Metoder",
        queryset=Metod.objects.aktiva(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    teman = forms.ModelMultipleChoiceField(
        label="Områden (teman)",
        queryset=Tema.objects.aktiva(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, ramavtal, ar, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {area.pk: area for area in omraden_under_ar(ramavtal, ar)}
        har = omraden_med_uppfoljning(ramavtal, ar)
        self.fields["omraden"].choices = [
            (pk, f"{area}" + (f" (har redan en uppföljning {ar})" if pk in har else ""))
            for pk, area in self.areas.items()
        ]
        self.fields["omraden"].initial = [pk for pk in self.areas if pk not in har]
        users = get_user_model().objects.filter(groups__name=roles.STRATEG, is_active=True)
        self.fields["ansvarig"].queryset = users.order_by("username").distinct()

    def clean_omraden(self):
        return [self.areas[int(pk)] for pk in self.cleaned_data["omraden"]]
