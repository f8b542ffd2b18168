"""Stickprov på fakturor: drawing a round, reviewing one drawn invoice."""

from django import forms
from django.core.exceptions import ValidationError

from arenden.fakturalista import read_fakturalista
from arenden.models import Stickprov, StickprovFaktura, StickprovKalla
from ramavtal.models import Ramavtal
from uppfoljning.widgets import DateInput

MAX_ANTAL = 500


class StickprovForm(forms.ModelForm):
    antal = forms.IntegerField(label="Antal fakturor", min_value=1, max_value=MAX_ANTAL, initial=20)
    fakturalista = forms.FileField(
        label="Fakturalista",
        required=False,
        help_text="Bara när urvalet görs ur en importerad fakturalista: ekonomisystemets "
        "export som CSV eller Excel (.xlsx), med kolumnerna fakturanummer, "
        "organisationsnummer, referens, fakturadatum, period_fran, period_till och belopp.",
    )

    class Meta:
        model = Stickprov
        fields = ["namn", "datum", "kalla", "ramavtal", "fran", "till", "antal"]
        widgets = {"datum": DateInput(), "fran": DateInput(), "till": DateInput()}
        help_texts = {
            "namn": "T.ex. Stickprov HVB barn och unga, våren 2024.",
            "ramavtal": "Lämna tomt för att dra ur alla ramavtal.",
            "kalla": "Avslutade placeringar: bara placeringar som slutade under perioden. "
            "Importerad fakturalista: fakturor i listan som gäller någon dag i perioden.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ramavtal"].queryset = Ramavtal.objects.order_by("namn")
        self.fields["ramavtal"].empty_label = "Alla ramavtal"

    def clean(self):
        cleaned = super().clean()
        fran, till = cleaned.get("fran"), cleaned.get("till")
        if fran and till and till < fran:
            self.add_error("till", "Periodens slut kan inte ligga före dess början.")
        fil = cleaned.get("fakturalista")
        if cleaned.get("kalla") == StickprovKalla.FAKTUROR:
            if cleaned.get("ramavtal"):
                self.add_error(
                    "ramavtal",
                    "Välj inget ramavtal när fakturorna dras ur en importerad fakturalista.",
                )
            if not fil:
                if "fakturalista" not in self.errors:
                    self.add_error("fakturalista", "Välj fakturalistan att dra fakturor ur.")
            else:
                try:
                    cleaned["fakturor"] = read_fakturalista(fil, fil.name)
                except ValidationError as error:
                    self.add_error("fakturalista", error)
        elif fil:
            self.add_error(
                "fakturalista",
                "En fakturalista används bara när urvalet görs ur en importerad fakturalista.",
            )
        return cleaned


class FakturaForm(forms.ModelForm):
    class Meta:
        model = StickprovFaktura
        fields = ["resultat", "avvikelsetyp", "kommentar"]
        widgets = {"kommentar": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "avvikelsetyp": "Anges bara när resultatet är Avvikelse.",
            "kommentar": "Skriv aldrig namn eller personnummer på den enskilde.",
        }
