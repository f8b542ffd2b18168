from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError

from leverantorer.beslut import allowed_decisions, previous_decision_date, validate_beslut
from leverantorer.imports import LEVERANTORER, MAX_BYTES, PLACERINGAR
from leverantorer.models import (
    Avtal,
    Beslut,
    BeslutTyp,
    Foretradare,
    Leverantor,
    Placering,
    Verksamhet,
    normalize_orgnr,
    units_of,
)
from ramavtal.models import Ramavtal
from uppfoljning.dates import rimligt_datum
from uppfoljning.ordlistor import ValbaraOrdMixin
from uppfoljning.validators import no_personal_identity
from uppfoljning.widgets import DateInput


class LeverantorForm(forms.ModelForm):
    class Meta:
        model = Leverantor
        fields = ["namn", "organisationsnummer", "ort", "region", "epost", "telefon", "anteckning"]
        widgets = {"anteckning": forms.Textarea(attrs={"rows": 3})}

    def clean_organisationsnummer(self):
        return normalize_orgnr(self.cleaned_data["organisationsnummer"])


class ForetradareForm(forms.ModelForm):
    class Meta:
        model = Foretradare
        fields = ["namn", "roll", "fran", "till"]
        widgets = {"fran": DateInput(), "till": DateInput()}


class VerksamhetForm(forms.ModelForm):
    class Meta:
        model = Verksamhet
        fields = [
            "namn",
            "ivo_tillstandsnummer",
            "tillstandsstatus",
            "vilande",
            "forestandare",
            "antal_platser",
            "inriktning",
            "kommun",
            "region",
            "skyddat_boende",
            "adress",
            "epost",
        ]


class AvtalForm(forms.ModelForm):
    """The contract's terms; its status is changed by decisions only."""

    class Meta:
        model = Avtal
        fields = ["ramavtal", "rangordning", "startdatum", "avtalsomraden", "verksamheter"]
        widgets = {
            "startdatum": DateInput(),
            "avtalsomraden": forms.CheckboxSelectMultiple,
            "verksamheter": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, leverantor, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.leverantor = leverantor
        self.fields["ramavtal"].queryset = Ramavtal.objects.order_by("namn")
        self.fields["verksamheter"].queryset = leverantor.verksamheter.all()
        areas = self.fields["avtalsomraden"].queryset.select_related("ramavtal")
        if self.instance.pk:
            areas = areas.filter(ramavtal=self.instance.ramavtal)
            self.fields["ramavtal"].disabled = True
        self.fields["avtalsomraden"].queryset = areas
        self.fields["avtalsomraden"].label_from_instance = lambda a: f"{a.ramavtal}: {a}"
        self.fields["rangordning"].help_text = (
            "1 = avropas först. Lämnas tomt för ett valfrihetssystem (LOV), som saknar "
            "avropsordning."
        )
        if self.instance.pk and self.instance.ramavtal.ar_valfrihetssystem:
            del self.fields["rangordning"]

    def clean(self):
        cleaned = super().clean()
        ramavtal = cleaned.get("ramavtal")
        areas = cleaned.get("avtalsomraden") or []
        # A choice system has no call-off order: the person chooses among approved units.
        if ramavtal and ramavtal.ar_valfrihetssystem and cleaned.get("rangordning") is not None:
            self.add_error(
                "rangordning",
                "Ett valfrihetssystem har ingen avropsordning: lämna platsen tom.",
            )
        if ramavtal and any(area.ramavtal_id != ramavtal.pk for area in areas):
            self.add_error("avtalsomraden", "Välj bara avtalsområden i det valda ramavtalet.")
        if ramavtal and not self.instance.pk:
            exists = Avtal.objects.filter(leverantor=self.instance.leverantor, ramavtal=ramavtal)
            if exists.exists():
                self.add_error("ramavtal", "Leverantören har redan ett avtal under det ramavtalet.")
        return cleaned


class KronorField(forms.DecimalField):
    """An amount as Swedish offices write it: "25 000", "1 250,50 kr"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).removesuffix("kr").replace(",", ".")
        return super().to_python(value)


class BeslutForm(ValbaraOrdMixin, forms.ModelForm):
    """A decision on a contract; validated against the transition rules."""

    class Meta:
        model = Beslut
        fields = [
            "typ",
            "verksamhet",
            "datum",
            "beslutsfattare",
            "namnd_diarienummer",
            "skal",
            "faktaunderlag",
            "belopp",
            "omprovning_datum",
        ]
        field_classes = {"belopp": KronorField}
        localized_fields = ["belopp"]  # shown back with a decimal comma
        widgets = {
            "datum": DateInput(),
            "omprovning_datum": DateInput(),
            "faktaunderlag": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "namnd_diarienummer": "Krävs för uppsägning och hävning, och för vite när "
            "beslutsfattaren är nämnden.",
            "belopp": "Bara för vite: beloppet i kronor, t.ex. 25000.",
            "verksamhet": "Lämna tomt när beslutet gäller hela avtalet. En hävning eller ett "
            "upphörande för en verksamhet tar bort den ur avtalet, som gäller vidare för de "
            "andra. Ett vite kan ange vilken verksamhet det gäller.",
        }

    def __init__(self, *args, avtal, **kwargs):
        super().__init__(*args, **kwargs)
        self.avtal = avtal
        allowed = allowed_decisions(avtal.status)
        self.fields["typ"].choices = [(t.value, t.label) for t in BeslutTyp if t in allowed]
        self.units = units_of([avtal])[avtal.pk]
        self.fields["verksamhet"].queryset = Verksamhet.objects.filter(
            pk__in=[u.pk for u in self.units]
        ).order_by("namn")
        self.fields["verksamhet"].empty_label = "Hela avtalet"

    def clean(self):
        cleaned = super().clean()
        if "typ" not in cleaned:
            return cleaned
        verksamhet = cleaned.get("verksamhet")
        # Run the rules even when other fields failed, so every missing
        # part of the decision's basis is reported at once.
        try:
            validate_beslut(
                status=self.avtal.status,
                typ=cleaned["typ"],
                faktaunderlag=cleaned.get("faktaunderlag", ""),
                namnd_diarienummer=cleaned.get("namnd_diarienummer", ""),
                omprovning_datum=cleaned.get("omprovning_datum"),
                datum=cleaned.get("datum"),
                foregaende_datum=previous_decision_date(self.avtal),
                beslutsfattare=cleaned.get("beslutsfattare", ""),
                belopp=cleaned.get("belopp"),
                verksamhet_id=verksamhet.pk if verksamhet else None,
                unit_ids=[u.pk for u in self.units],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.errors:
                    continue
                for message in messages:
                    self.add_error(field, message)
        return cleaned


class PlaceringForm(forms.ModelForm):
    class Meta:
        model = Placering
        fields = [
            "referens",
            "avtal",
            "verksamhet",
            "direktupphandling_skal",
            "startdatum",
            "slutdatum",
            "lagrum",
            "avtalsomrade",
            "niva",
            "placerande_enhet",
            "kostnad_per_dygn",
            "kostnad_totalt",
            "anteckning",
        ]
        widgets = {
            "startdatum": DateInput(),
            "slutdatum": DateInput(),
            "anteckning": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["avtal"].queryset = Avtal.objects.select_related("leverantor", "ramavtal")
        self.fields["verksamhet"].queryset = Verksamhet.objects.select_related("leverantor")
        self.fields["avtalsomrade"].queryset = self.fields["avtalsomrade"].queryset.select_related(
            "ramavtal"
        )
        self.fields["avtalsomrade"].label_from_instance = lambda a: f"{a.ramavtal}: {a}"
        self.fields["niva"].queryset = self.fields["niva"].queryset.select_related("ramavtal")
        self.fields["niva"].label_from_instance = lambda n: f"{n.ramavtal}: {n}"
        self.fields["verksamhet"].label_from_instance = lambda v: f"{v} ({v.leverantor})"


class UrvalForm(forms.Form):
    ramavtal = forms.ModelChoiceField(label="Ramavtal", queryset=Ramavtal.objects.order_by("namn"))
    fran = forms.DateField(label="Period från", widget=DateInput(), validators=[rimligt_datum])
    till = forms.DateField(label="Period till", widget=DateInput(), validators=[rimligt_datum])
    inriktning = forms.CharField(
        label="Inriktning innehåller",
        required=False,
        help_text="T.ex. flickor eller utredning.",
        validators=[no_personal_identity],
    )
    ordning = forms.ChoiceField(
        label="Rangordna efter",
        choices=[("inkopsvarde", "Inköpsvärde"), ("antal", "Antal placeringar")],
        initial="inkopsvarde",
    )

    def clean(self):
        cleaned = super().clean()
        fran, till = cleaned.get("fran"), cleaned.get("till")
        if fran and till and till < fran:
            self.add_error("till", "Periodens slut kan inte ligga före dess början.")
        return cleaned


# What the browser import reads (leverantorer/views.py).
KIND_CHOICES = [
    (LEVERANTORER, "Leverantörslista (från upphandling)"),
    (PLACERINGAR, "Placeringar och kostnader (från verksamhetssystemet)"),
]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="Vad importeras", choices=KIND_CHOICES)
    fil = forms.FileField(
        label="Fil (CSV eller Excel)", help_text="Se kolumnformatet i dokumentationen."
    )

    def clean_fil(self):
        upload = self.cleaned_data["fil"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"Filen är för stor (högst {MAX_BYTES // 2**20} MB).")
        if Path(upload.name).suffix.lower() not in (".csv", ".txt", ".xlsx"):
            raise forms.ValidationError("Filen måste vara CSV (.csv) eller Excel (.xlsx).")
        return upload
