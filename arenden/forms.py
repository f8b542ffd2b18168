"""Forms for deviations, signals and event-driven cases."""

from django import forms

from arenden.handelsstyrd import OUTCOME_DECISIONS
from arenden.models import (
    Avvikelse,
    Brist,
    Eskaleringsregel,
    Informationsbegaran,
    Platsbesok,
    Signal,
    Uppfoljning,
    Utfall,
)
from leverantorer.models import Avtal, BeslutSkal, Leverantor, Verksamhet
from ramavtal.forms import DateInput
from uppfoljning.ordlistor import ValbaraOrdMixin
from uppfoljning.validators import no_personal_identity


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def check_unit_of_supplier(form, cleaned):
    """Add a field error when the chosen unit is not the chosen supplier's."""
    unit, supplier = cleaned.get("verksamhet"), cleaned.get("leverantor")
    if unit and supplier and unit.leverantor_id != supplier.pk:
        form.add_error("verksamhet", "Verksamheten hör inte till leverantören.")


class _SupplierUnitForm(forms.ModelForm):
    """Supplier and one of its units, checked together."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leverantor"].queryset = Leverantor.objects.order_by("namn")
        self.fields["verksamhet"].queryset = Verksamhet.objects.select_related("leverantor")
        self.fields["verksamhet"].label_from_instance = lambda v: f"{v} ({v.leverantor})"

    def clean(self):
        cleaned = super().clean()
        check_unit_of_supplier(self, cleaned)
        return cleaned


class AvvikelseForm(ValbaraOrdMixin, _SupplierUnitForm):
    class Meta:
        model = Avvikelse
        fields = [
            "leverantor",
            "verksamhet",
            "datum",
            "kategori",
            "allvarlighet",
            "beskrivning",
            "hanterad_i_arendet",
        ]
        widgets = {"datum": DateInput(), "beskrivning": forms.Textarea(attrs={"rows": 5})}


class SignalForm(_SupplierUnitForm):
    class Meta:
        model = Signal
        fields = ["leverantor", "verksamhet", "kalla", "datum", "allvarlig", "beskrivning"]
        widgets = {"datum": DateInput(), "beskrivning": forms.Textarea(attrs={"rows": 5})}


class EskaleringsregelForm(forms.ModelForm):
    class Meta:
        model = Eskaleringsregel
        fields = ["antal_avvikelser", "manader", "allvarlig_direkt"]


class HandelsstyrdForm(_SupplierUnitForm):
    """Opening a case; the triggering deviations and signals are chosen too."""

    class Meta:
        model = Uppfoljning
        fields = [
            "leverantor",
            "verksamhet",
            "ramavtal",
            "rubrik",
            "utlosande",
            "avvikelser",
            "signaler",
        ]
        widgets = {
            "utlosande": forms.Textarea(attrs={"rows": 4}),
            "avvikelser": forms.CheckboxSelectMultiple,
            "signaler": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, leverantor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["utlosande"].required = True
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
        supplier = cleaned.get("leverantor")
        for name in ("avvikelser", "signaler"):
            if supplier and any(t.leverantor_id != supplier.pk for t in cleaned.get(name) or []):
                self.add_error(name, "Välj bara sådant som gäller den valda leverantören.")
        return cleaned


class BegaranForm(forms.ModelForm):
    class Meta:
        model = Informationsbegaran
        fields = ["vad", "skickad", "svar_senast"]
        widgets = {
            "skickad": DateInput(),
            "svar_senast": DateInput(),
            "vad": forms.Textarea(attrs={"rows": 3}),
        }


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
        self.fields["verksamhet"].queryset = units_of(uppfoljning)
        self.fields["verksamhet"].label_from_instance = lambda v: f"{v} ({v.leverantor})"


def suppliers_of(uppfoljning):
    """The case's supplier, or for a special follow-up the suppliers in its sample."""
    if uppfoljning.leverantor_id:
        return Leverantor.objects.filter(pk=uppfoljning.leverantor_id)
    sample = uppfoljning.urval.values("leverantor")
    return Leverantor.objects.filter(pk__in=sample).order_by("namn")


def units_of(uppfoljning):
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
            "atgard_senast",
            "aterkopplad",
        ]
        widgets = {
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
        self.fields["verksamhet"].queryset = units_of(uppfoljning)
        self.fields["verksamhet"].label_from_instance = lambda v: f"{v} ({v.leverantor})"

    def clean(self):
        cleaned = super().clean()
        if self.case_supplier is not None and not cleaned.get("leverantor"):
            cleaned["leverantor"] = self.case_supplier
        check_unit_of_supplier(self, cleaned)
        return cleaned


class AvslutaForm(forms.Form):
    """Closing a case; contract outcomes also carry the decision's basis."""

    utfall = forms.ChoiceField(label="Utfall", choices=[("", "---------"), *Utfall.choices])
    bedomning = forms.CharField(
        label="Bedömning",
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[no_personal_identity],
    )
    rattelse_senast = forms.DateField(
        label="Rättelse senast",
        required=False,
        widget=DateInput(),
        help_text="Vid krav på rättelse.",
    )
    avtal = forms.ModelChoiceField(
        label="Avtal som beslutet gäller",
        queryset=Avtal.objects.none(),
        required=False,
        help_text="Vid tillfällig uteslutning, uppsägning eller hävning.",
    )
    beslutsdatum = forms.DateField(label="Beslutsdatum", required=False, widget=DateInput())
    beslutsfattare = forms.CharField(label="Beslutsfattare", required=False)
    namnd_diarienummer = forms.CharField(
        label="Nämndens diarienummer", required=False, help_text="Vid uppsägning och hävning."
    )
    skal = forms.ModelChoiceField(
        label="Skäl", queryset=BeslutSkal.objects.aktiva(), to_field_name="kod", required=False
    )
    omprovning_datum = forms.DateField(
        label="Omprövas senast",
        required=False,
        widget=DateInput(),
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
        if cleaned.get("utfall") in OUTCOME_DECISIONS:
            for name in ("beslutsdatum", "beslutsfattare", "skal"):
                if not cleaned.get(name):
                    self.add_error(name, "Krävs när utfallet är ett beslut om avtalet.")
        return cleaned

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
