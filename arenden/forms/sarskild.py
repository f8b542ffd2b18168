"""Särskild uppföljning: planning one, its sample, documents, observations, assessment."""

from django import forms
from django.core.exceptions import ValidationError

from arenden.draw import SEED_LIMIT
from arenden.models import (
    Brist,
    Dokumentbegaran,
    Metod,
    Observation,
    Tema,
    Uppfoljning,
    UppfoljningLeverantor,
    Urvalsregel,
)
from arenden.sarskild import att_overfora_till
from arenden.urvalsregler import kandidater
from arenden.utfallstrappa import ny_brist
from leverantorer.models import Avtal, Beslut, BeslutTyp, Leverantor, Verksamhet
from ramavtal.models import Avtalsomrade, Ramavtal
from uppfoljning.dates import rimligt_datum
from uppfoljning.ordlistor import ValbaraOrdMixin, begransa_till_valbara
from uppfoljning.params import parse_id
from uppfoljning.validators import no_personal_identity
from uppfoljning.widgets import DateInput

# Kept for importers from before the sampling rules: the default rule and hand-picking.
REGISTER, HAND = Urvalsregel.HOGST_INKOPSVARDE, Urvalsregel.HAND


def _unit_label(verksamhet):
    return f"{verksamhet.namn} ({verksamhet.leverantor.namn})"


class SarskildForm(forms.Form):
    """Plan a special follow-up: the agreement (and area), the rule for the sample, carry-over."""

    ramavtal = forms.ModelChoiceField(label="Ramavtal", queryset=Ramavtal.objects.order_by("namn"))
    ar = forms.IntegerField(label="År", min_value=2000, max_value=2100)
    rubrik = forms.CharField(
        label="Rubrik",
        max_length=200,
        required=False,
        help_text="Lämnas tomt blir rubriken ”Särskild uppföljning &lt;ramavtal&gt; &lt;år&gt;”.",
        validators=[no_personal_identity],
    )
    avtalsomrade = forms.ModelChoiceField(
        label="Avtalsområde",
        queryset=Avtalsomrade.objects.none(),
        required=False,
        help_text="Bara om uppföljningen gäller ett av ramavtalets avtalsområden.",
    )
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
    urvalsregel = forms.ChoiceField(
        label="Hur görs urvalet?",
        choices=Urvalsregel.choices,
        initial=Urvalsregel.HOGST_INKOPSVARDE,
        widget=forms.RadioSelect,
    )
    urval_fran = forms.DateField(
        label="Period från", required=False, widget=DateInput(), validators=[rimligt_datum]
    )
    urval_till = forms.DateField(
        label="Period till", required=False, widget=DateInput(), validators=[rimligt_datum]
    )
    inriktning = forms.CharField(
        label="Inriktning",
        max_length=200,
        required=False,
        help_text="Bara verksamheter vars inriktning innehåller texten, t.ex. ”flickor”.",
        validators=[no_personal_identity],
    )
    # No upper bound: a big city follows up hundreds of units in one area.
    antal = forms.IntegerField(
        label="Antal verksamheter (N)",
        min_value=1,
        initial=5,
        required=False,
        help_text="För de N med flest placeringar, högst inköpsvärde eller slumpvis valda.",
    )
    urval_seed = forms.IntegerField(
        label="Slumpfrö",
        min_value=0,
        max_value=SEED_LIMIT - 1,
        required=False,
        help_text="Lämna tomt för ett nytt slumpfrö. Det sparas så att dragningen kan göras om.",
    )
    verksamheter = forms.ModelMultipleChoiceField(
        label="Verksamheter",
        queryset=Verksamhet.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Verksamheter med avtal i kraft under ramavtalet, grupperade per leverantör.",
    )
    urvalskriterier = forms.CharField(
        label="Urvalskriterier",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Krävs när verksamheterna väljs för hand. Annars skrivs kriterierna "
        "automatiskt om fältet lämnas tomt (vid slumpval alltid, med slumpfröet).",
        validators=[no_personal_identity],
    )
    flyttade = forms.ModelMultipleChoiceField(
        label="Flyttade från förra året",
        queryset=UppfoljningLeverantor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Verksamheter vars uppföljning flyttades till i år. Ikryssade tas med i urvalet.",
    )

    def __init__(self, *args, ramavtal_pk=None, sok="", **kwargs):
        super().__init__(*args, **kwargs)
        areas = Avtalsomrade.objects.select_related("ramavtal").order_by("ramavtal__namn", "nummer")
        units = Verksamhet.objects.none()
        if ramavtal_pk:
            areas = areas.filter(ramavtal_id=ramavtal_pk)
            units = kandidater(ramavtal=ramavtal_pk).select_related("leverantor")
        self.fields["avtalsomrade"].queryset = areas
        self.fields["avtalsomrade"].label_from_instance = lambda a: f"{a.ramavtal}: {a}"
        self.fields["verksamheter"].queryset = units
        self.fields["verksamheter"].label_from_instance = lambda v: v.namn
        self.sok = (sok or "").strip()
        self._set_carry_over(ramavtal_pk)

    def _value(self, name):
        return self.data.get(name) if self.is_bound else self.initial.get(name)

    def _set_carry_over(self, ramavtal_pk):
        """Propose last year's moved rows of the agreement (and area), ticked unless POSTed."""
        ar = parse_id(self._value("ar"))
        field = self.fields["flyttade"]
        if not (ramavtal_pk and ar):
            return
        area = parse_id(self._value("avtalsomrade"))
        field.queryset = att_overfora_till(ramavtal=ramavtal_pk, ar=ar, avtalsomrade=area)
        field.label_from_instance = lambda row: (
            f"{_unit_label(row.verksamhet)} – Flyttad från {row.uppfoljning.ar}"
            + (f": {row.ej_genomford_text}" if row.ej_genomford_text else "")
        )
        if not self.is_bound:
            self.initial["flyttade"] = [row.pk for row in field.queryset]

    def verksamheter_per_leverantor(self):
        """[(leverantor name, [checkbox, …]), …] of the units matching the search, by supplier.

        The search only narrows what is shown; every unit of the agreement stays valid.
        """
        field = self.fields["verksamheter"]
        units = {v.pk: v for v in field.queryset}
        needle = self.sok.casefold()
        groups = []
        # Ticked units the search hides are still sent, so filtering loses no choice.
        self.dolda_valda = []
        for box in self["verksamheter"]:
            unit = units[int(str(box.data["value"]))]
            if needle and needle not in f"{unit.namn} {unit.leverantor.namn}".casefold():
                if box.data["selected"]:
                    self.dolda_valda.append(unit.pk)
                continue
            if not groups or groups[-1][0] != unit.leverantor.namn:
                groups.append((unit.leverantor.namn, []))
            groups[-1][1].append(box)
        return groups


class UrvalAddForm(forms.ModelForm):
    """Add one unit of the agreement that is not yet in the sample."""

    class Meta:
        model = UppfoljningLeverantor
        fields = ["verksamhet", "inkopsvarde", "antal_placeringar"]

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.uppfoljning = uppfoljning
        field = self.fields["verksamhet"]
        field.required = True
        field.queryset = (
            Verksamhet.objects.omfattas_av(Avtal.objects.filter(ramavtal=uppfoljning.ramavtal_id))
            .exclude(pk__in=uppfoljning.urval.filter(verksamhet__isnull=False).values("verksamhet"))
            .select_related("leverantor")
            .order_by("leverantor__namn", "namn", "pk")
        )
        field.label_from_instance = _unit_label
        field.help_text = "Verksamheter med avtal under ramavtalet som inte redan är i urvalet."

    def clean_verksamhet(self):
        verksamhet = self.cleaned_data["verksamhet"]
        # The supplier follows from the unit, before the model's rules look at the row.
        self.instance.leverantor_id = verksamhet.leverantor_id
        return verksamhet


class UrvalUpdateForm(ValbaraOrdMixin, forms.ModelForm):
    """One sample row: status, method, the ladder's outcome and its evidence.

    The rules are the outcome ladder's (arenden.utfallstrappa, through the
    model's clean()). For rättelse without a finding yet, the three ny_brist
    fields make one from the row for its unit.
    """

    ny_brist_beskrivning = forms.CharField(
        label="Ny brist: beskrivning",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_personal_identity],
        help_text="Bara för rättelse begärd utan vald brist: skapar en brist för verksamheten.",
    )
    ny_brist_krav = forms.CharField(
        label="Ny brist: krav på åtgärd",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_personal_identity],
    )
    ny_brist_atgard_senast = forms.DateField(
        label="Ny brist: åtgärdas senast",
        required=False,
        widget=DateInput(),
        validators=[rimligt_datum],
    )

    class Meta:
        model = UppfoljningLeverantor
        fields = [
            "verksamhet",
            "status",
            "orsak",
            "skal",
            "metod",
            "utfall",
            "brist",
            "beslut",
            "atgardat",
            "underlag",
        ]
        widgets = {"atgardat": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        row = self.instance
        # The unit is shown, not changed: the sample is drawn, not edited here.
        self.fields["verksamhet"].disabled = True
        self.fields["verksamhet"].queryset = Verksamhet.objects.filter(pk=row.verksamhet_id)
        # Evidence only of the row's supplier (and unit, when the finding names one).
        self.fields["brist"].queryset = Brist.objects.filter(
            leverantor_id=row.leverantor_id
        ).order_by("-konstaterad", "-pk")
        self.fields["beslut"].queryset = Beslut.objects.filter(
            avtal__leverantor_id=row.leverantor_id, typ__in=[BeslutTyp.VITE, BeslutTyp.HAVNING]
        ).select_related("avtal__ramavtal")
        self.fields["beslut"].label_from_instance = lambda b: f"{b} ({b.avtal.ramavtal})"

    def clean(self):
        data = super().clean()
        ny = [data.get(f"ny_brist_{name}") for name in ("beskrivning", "krav", "atgard_senast")]
        self.ny_brist = None
        if any(ny):
            if data.get("brist"):
                message = "Välj en brist eller skapa en ny, inte båda."
                self.add_error("ny_brist_beskrivning", message)
            elif not all(ny):
                self.add_error(
                    "ny_brist_beskrivning",
                    "Ange beskrivning, krav på åtgärd och sista dag för att skapa en brist.",
                )
            else:
                self.ny_brist = ny_brist(
                    self.instance, beskrivning=ny[0], krav=ny[1], atgard_senast=ny[2]
                )
                try:
                    self.ny_brist.full_clean()
                except ValidationError as error:
                    self.add_error("ny_brist_beskrivning", error.messages)
                    self.ny_brist = None
                else:
                    # The model form sets it on the row, so the ladder sees the evidence.
                    data["brist"] = self.ny_brist
        return data

    def save(self, commit=True):
        if self.ny_brist is not None:
            self.ny_brist.save()
            self.instance.brist = self.ny_brist
        return super().save(commit=commit)


class DokumentForm(forms.ModelForm):
    class Meta:
        model = Dokumentbegaran
        fields = ["leverantor", "dokument", "begart", "inkommet"]
        widgets = {"begart": DateInput(), "inkommet": DateInput()}

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.uppfoljning = uppfoljning
        self.fields["leverantor"].queryset = _sample_suppliers(uppfoljning)
        # Received before requested is refused by Dokumentbegaran.clean().


class ObservationForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = ["leverantor", "tema", "metod", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, uppfoljning, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.uppfoljning = uppfoljning
        self.fields["leverantor"].queryset = _sample_suppliers(uppfoljning)
        # The follow-up's own themes and methods when chosen, else all of them;
        # then only the active ones (and, when editing, the current one).
        teman = uppfoljning.teman.all()
        metoder = uppfoljning.metoder.all()
        self.fields["tema"].queryset = teman if teman.exists() else Tema.objects.all()
        self.fields["metod"].queryset = metoder if metoder.exists() else Metod.objects.all()
        for name in ("tema", "metod"):
            begransa_till_valbara(self.fields[name], getattr(self.instance, f"{name}_id"))


class BedomningForm(forms.ModelForm):
    class Meta:
        model = Uppfoljning
        fields = ["bedomning"]
        widgets = {"bedomning": forms.Textarea(attrs={"rows": 10})}
        labels = {"bedomning": "Bedömning och slutsatser"}


def _sample_suppliers(uppfoljning):
    return Leverantor.objects.filter(pk__in=uppfoljning.urval.values("leverantor")).order_by("namn")
