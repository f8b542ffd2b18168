"""Händelsestyrd uppföljning: opening a case, requests, visits, findings, closing."""

from django import forms
from django.utils import timezone

from arenden.forms.common import (
    TODAY_HELP,
    SupplierUnitForm,
    check_unit_of_supplier,
    default_today,
    event_date_field,
)
from arenden.handelsstyrd import OUTCOME_DECISIONS
from arenden.models import (
    Avvikelse,
    Brist,
    Informationsbegaran,
    Platsbesok,
    Signal,
    Uppfoljning,
    Utfall,
)
from leverantorer.models import Avtal, BeslutSkal, Leverantor, Verksamhet
from uppfoljning.dates import HANT, rimligt_datum
from uppfoljning.ordlistor import ValbaraOrdMixin
from uppfoljning.validators import no_personal_identity
from uppfoljning.widgets import DateInput, DateTimeInput


class HandelsstyrdForm(SupplierUnitForm):
    """Opening a case; the triggering deviations and signals are chosen too."""

    class Meta:
        model = Uppfoljning
        fields = [
            "leverantor",
            "verksamhet",
            "ramavtal",
            "rubrik",
            "utlosande",
            "oppnad",
            "avvikelser",
            "signaler",
        ]
        widgets = {
            "oppnad": DateInput(),
            "utlosande": forms.Textarea(attrs={"rows": 4}),
            "avvikelser": forms.CheckboxSelectMultiple,
            "signaler": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, leverantor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["utlosande"].required = True
        # A case entered afterwards keeps the day it was really opened.
        self.fields["oppnad"].required = False
        self.fields["oppnad"].help_text = TODAY_HELP
        supplier = leverantor or self.initial.get("leverantor")
        avvikelser = Avvikelse.objects.select_related("leverantor").exclude(status="arende")
        signaler = Signal.objects.select_related("leverantor").exclude(status="arende")
        if supplier is not None:
            avvikelser = avvikelser.filter(leverantor=supplier)
            signaler = signaler.filter(leverantor=supplier)
        self.fields["avvikelser"].queryset = avvikelser
        self.fields["signaler"].queryset = signaler

    def clean(self):
        cleaned = super().clean()
        default_today(self, cleaned, "oppnad")
        supplier = cleaned.get("leverantor")
        for name in ("avvikelser", "signaler"):
            if supplier and any(t.leverantor_id != supplier.pk for t in cleaned.get(name) or []):
                self.add_error(name, "Välj bara sådant som gäller den valda leverantören.")
        return cleaned


class BegaranForm(forms.ModelForm):
    class Meta:
        model = Informationsbegaran
        fields = ["vad", "skickad", "svar_senast", "besvarad"]
        widgets = {
            "skickad": DateInput(),
            "svar_senast": DateInput(),
            "besvarad": DateInput(),
            "vad": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"besvarad": "Fyll i om leverantören redan har svarat."}


class BesvaradForm(forms.ModelForm):
    """Marking a request answered, on the day the answer came."""

    class Meta:
        model = Informationsbegaran
        fields = ["besvarad"]
        widgets = {"besvarad": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.initial.get("besvarad") is None:
            self.initial["besvarad"] = timezone.localdate()
        self.fields["besvarad"].help_text = "När svaret kom. " + TODAY_HELP

    def clean(self):
        cleaned = super().clean()
        default_today(self, cleaned, "besvarad")
        return cleaned


VISIT_TIME_HELP = "Ett planerat besök kan ligga framåt i tiden; ett genomfört har redan skett."


class PlatsbesokForm(forms.ModelForm):
    class Meta:
        model = Platsbesok
        fields = [
            "verksamhet",
            "tidpunkt",
            "anmalt",
            "kvall",
            "genomfort",
            "deltagare",
            "iakttagelser",
        ]
        widgets = {"tidpunkt": DateTimeInput(), "iakttagelser": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["tidpunkt"].initial = lambda: timezone.localtime().replace(
                second=0, microsecond=0
            )
        self.fields["tidpunkt"].help_text = VISIT_TIME_HELP
        self.fields["verksamhet"].queryset = case_units(uppfoljning)
        self.fields["verksamhet"].label_from_instance = lambda v: f"{v} ({v.leverantor})"


def suppliers_of(uppfoljning):
    """The case's supplier, or for a special follow-up the suppliers in its sample."""
    if uppfoljning.leverantor_id:
        return Leverantor.objects.filter(pk=uppfoljning.leverantor_id)
    sample = uppfoljning.urval.values("leverantor")
    return Leverantor.objects.filter(pk__in=sample).order_by("namn")


def case_units(uppfoljning):
    """Every unit of the case's suppliers. Not the register's contract rule
    (leverantorer.models.units_of): an event-driven case may concern a unit the
    committee bought from outside the agreements (direct procurement)."""
    suppliers = suppliers_of(uppfoljning)
    return Verksamhet.objects.filter(leverantor__in=suppliers).select_related("leverantor")


class BristForm(ValbaraOrdMixin, forms.ModelForm):
    class Meta:
        model = Brist
        fields = [
            "leverantor",
            "verksamhet",
            "tema",
            "beskrivning",
            "allvarlighet",
            "krav",
            "konstaterad",
            "atgard_senast",
            "aterkopplad",
        ]
        widgets = {
            "konstaterad": DateInput(),
            "atgard_senast": DateInput(),
            "aterkopplad": DateInput(),
            "beskrivning": forms.Textarea(attrs={"rows": 3}),
            "krav": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leverantor"].queryset = suppliers_of(uppfoljning)
        self.case_supplier = uppfoljning.leverantor
        if self.case_supplier is not None:
            # An event-driven case is about one supplier: it needs no choosing.
            self.fields["leverantor"].initial = self.case_supplier.pk
            self.fields["leverantor"].required = False
        self.fields["verksamhet"].queryset = case_units(uppfoljning)
        self.fields["verksamhet"].label_from_instance = lambda v: f"{v} ({v.leverantor})"
        self.fields["konstaterad"].required = False
        self.fields["konstaterad"].help_text = "När bristen konstaterades. " + TODAY_HELP

    def clean(self):
        cleaned = super().clean()
        default_today(self, cleaned, "konstaterad")
        if self.case_supplier is not None and not cleaned.get("leverantor"):
            cleaned["leverantor"] = self.case_supplier
        check_unit_of_supplier(self, cleaned)
        return cleaned


class BristAtgardadForm(forms.ModelForm):
    """A finding fixed by the supplier and the fix verified, each on its own day."""

    class Meta:
        model = Brist
        fields = ["atgardad", "verifierad"]
        widgets = {"atgardad": DateInput(), "verifierad": DateInput()}
        help_texts = {
            "atgardad": "När leverantören åtgärdade bristen. " + TODAY_HELP,
            "verifierad": "När förvaltningen verifierade åtgärden. " + TODAY_HELP,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            if self.initial.get(name) is None:
                self.initial[name] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        # Blank means today; the model's order rules then run on the filled dates.
        default_today(self, cleaned, *self.Meta.fields)
        return cleaned


class AvslutaForm(forms.Form):
    """Closing a case; contract outcomes also carry the decision's basis."""

    utfall = forms.ChoiceField(label="Utfall", choices=[("", "---------"), *Utfall.choices])
    bedomning = forms.CharField(
        label="Bedömning",
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[no_personal_identity],
    )
    avslutad = event_date_field("Avslutad", "När uppföljningen avslutades. " + TODAY_HELP)
    rattelse_senast = forms.DateField(
        label="Rättelse senast",
        required=False,
        widget=DateInput(),
        validators=[rimligt_datum],
        help_text="Vid krav på rättelse.",
    )
    avtal = forms.ModelChoiceField(
        label="Avtal som beslutet gäller",
        queryset=Avtal.objects.none(),
        required=False,
        help_text="Vid tillfällig uteslutning, uppsägning eller hävning.",
    )
    beslutsdatum = forms.DateField(
        label="Beslutsdatum", required=False, widget=DateInput(), validators=HANT
    )
    beslutsfattare = forms.CharField(
        label="Beslutsfattare", required=False, validators=[no_personal_identity]
    )
    namnd_diarienummer = forms.CharField(
        label="Nämndens diarienummer",
        required=False,
        help_text="Vid uppsägning och hävning.",
        validators=[no_personal_identity],
    )
    skal = forms.ModelChoiceField(
        label="Skäl", queryset=BeslutSkal.objects.aktiva(), to_field_name="kod", required=False
    )
    omprovning_datum = forms.DateField(
        label="Omprövas senast",
        required=False,
        widget=DateInput(),
        validators=[rimligt_datum],
        help_text="Vid tillfällig uteslutning.",
    )

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        self.uppfoljning = uppfoljning
        self.fields["avtal"].queryset = Avtal.objects.filter(
            leverantor_id=uppfoljning.leverantor_id
        ).select_related("ramavtal")
        self.fields["avtal"].label_from_instance = lambda a: (
            f"{a.ramavtal} ({a.get_status_display()})"
        )

    def clean(self):
        cleaned = super().clean()
        default_today(self, cleaned, "avslutad")
        if cleaned.get("utfall") in OUTCOME_DECISIONS:
            for name in ("beslutsdatum", "beslutsfattare", "skal"):
                if not cleaned.get(name):
                    self.add_error(name, "Krävs när utfallet är ett beslut om avtalet.")
        return cleaned

    # The decision's own field names, as this form calls them.
    DECISION_FIELD_NAMES = {"datum": "beslutsdatum"}

    def decision_fields(self):
        data = self.cleaned_data
        return {
            "datum": data.get("beslutsdatum"),
            "beslutsfattare": data.get("beslutsfattare", ""),
            "skal": data.get("skal"),
            "faktaunderlag": data.get("bedomning", ""),
            "namnd_diarienummer": data.get("namnd_diarienummer", ""),
            "omprovning_datum": data.get("omprovning_datum"),
        }
