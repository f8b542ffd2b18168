"""Forms of the send-out pages."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Max, Q

from enkater.models import Formular, FormularVersion
from leverantorer.models import PlacerandeEnhet
from uppfoljning.validators import no_personal_identity
from uppfoljning.widgets import DateInput


def formular_for(uppfoljning):
    """Questionnaires that can be sent in a follow-up: not templates, not archived,
    with a version, about the follow-up's framework agreement or none."""
    return (
        Formular.objects.filter(mall=False, arkiverat=False, versioner__isnull=False)
        .filter(Q(ramavtal__isnull=True) | Q(ramavtal_id=uppfoljning.ramavtal_id))
        .distinct()
        .order_by("namn", "pk")
    )


def senaste_version(formular):
    nummer = formular.versioner.aggregate(n=Max("nummer"))["n"]
    return FormularVersion.objects.get(formular=formular, nummer=nummer)


class ValjFormularForm(forms.Form):
    """Step 1 (GET): which questionnaire; its latest version is sent."""

    formular = forms.ModelChoiceField(
        label="Frågeformulär",
        queryset=Formular.objects.none(),
        help_text="Den senaste versionen skickas och låses när utskicket skickas.",
    )

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["formular"].queryset = formular_for(uppfoljning)


class UtskickForm(forms.Form):
    """Step 2: deadline, grace, message and the recipients (checkboxes by supplier)."""

    svar_senast = forms.DateField(label="Svar senast", widget=DateInput())
    respit_dagar = forms.IntegerField(
        label="Respitdagar",
        min_value=0,
        max_value=60,
        initial=7,
        help_text="Så många dagar efter sista svarsdag fungerar länken ännu.",
    )
    meddelande = forms.CharField(
        label="Meddelande",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[no_personal_identity],
        help_text="Står i e-brevet ovanför länken.",
    )
    mottagare = forms.MultipleChoiceField(
        label="Mottagare",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Välj minst en mottagare."},
    )

    def __init__(self, *args, forslag, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.forslag = {f.nyckel: f for f in forslag}
        self.today = today
        self.fields["mottagare"].choices = [
            (f.nyckel, f.namn) for f in forslag if not f.saknar_epost
        ]

    def clean_svar_senast(self):
        value = self.cleaned_data["svar_senast"]
        if value < self.today:
            raise forms.ValidationError("Sista svarsdag kan inte ligga före i dag.")
        return value

    def valda(self):
        return [self.forslag[key] for key in self.cleaned_data["mottagare"]]


class MedarbetarenhetForm(forms.Form):
    """One select per active user: the placing unit they work in (or none)."""

    def __init__(self, *args, users, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.users = users
        choices = [("", "Ingen")] + list(PlacerandeEnhet.choices)
        for user in users:
            name = user.get_full_name() or user.get_username()
            self.fields[f"enhet_{user.pk}"] = forms.ChoiceField(
                label=f"Placerande enhet för {name}",
                choices=choices,
                required=False,
                initial=current.get(user.pk, ""),
            )

    def rows(self):
        return [(user, self[f"enhet_{user.pk}"]) for user in self.users]

    def changes(self):
        """{user: new code or ""} for the users whose unit changed."""
        return {
            user: self.cleaned_data[f"enhet_{user.pk}"]
            for user in self.users
            if f"enhet_{user.pk}" in self.changed_data
        }


def aktiva_anvandare():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .order_by("last_name", "first_name", "username")
    )
