"""Avropskontroll: recording a check, and IVO and credit checks entered by hand."""

from django import forms

from arenden.models import Avropskontroll, IvoKontroll, Kreditkontroll
from leverantorer.models import Tillstandsstatus
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

YES_NO = [("", "– välj –"), ("true", "Ja"), ("false", "Nej")]
YES_NO_UNKNOWN = [*YES_NO, ("unknown", "Okänt")]
_ANSWERS = {"true": True, "false": False, "unknown": None}


def explicit_answer(label, *, unknown_allowed):
    """A yes/no question that must be answered: no preselected value that reads as fine.

    A checkbox left unticked or a select left on "Okänt" used to record "no
    bankruptcy" or "not dormant" without anyone saying so (finding 8).
    """
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO_UNKNOWN if unknown_allowed else YES_NO,
        coerce=_ANSWERS.get,
        empty_value="",
        required=True,
        error_messages={"required": "Ange vad kontrollen visade."},
    )


class _ManualCheckForm(forms.ModelForm):
    # field name -> may the answer be "Okänt" (which warns, so it is never fine)
    ANSWERS = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["kontrollerad"]
        field.required = True
        field.error_messages["required"] = "Ange när kontrollen gjordes."
        field.help_text = "När kontrollen gjordes (inte senare än nu)."
        if self.instance.pk is None:
            # The model's default (now) would let a form sent untouched date itself.
            self.initial.pop("kontrollerad", None)
            field.initial = None
            field.show_hidden_initial = False
        reference = self.fields["iakttagelse"]
        reference.required = True
        reference.label = "Vad kontrollen visade och var"
        reference.error_messages["required"] = (
            "Ange vad kontrollen visade och var den gjordes, t.ex. ”IVO:s Placeringsstöd”."
        )
        reference.widget = forms.Textarea(attrs={"rows": 3})
        for name, unknown_allowed in self.ANSWERS.items():
            label = self.fields[name].label
            self.fields[name] = explicit_answer(label, unknown_allowed=unknown_allowed)
            if self.instance.pk is None:
                self.initial.pop(name, None)
        if "tillstand" in self.fields and self.instance.pk is None:
            # The model's default "okänt" must be chosen, not inherited.
            self.fields["tillstand"].choices = [("", "– välj –"), *Tillstandsstatus.choices]
            self.initial["tillstand"] = ""


class IvoKontrollForm(_ManualCheckForm):
    ANSWERS = {"vilande": False, "krav_pa_aterrapportering": True}

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
        }


class KreditkontrollForm(_ManualCheckForm):
    ANSWERS = {
        "betalningsanmarkningar": True,
        "skatteskulder": True,
        "konkurs": False,
        "likvidation": False,
        "avregistrerad": False,
    }

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
        }
