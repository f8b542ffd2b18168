"""Forms of the questionnaire builder: the questionnaire, a section, a question."""

from django import forms

from enkater.models import Avtalskrav, Formular, Fraga, Sektion
from enkater.models.formular import CHOICE_TYPES
from uppfoljning.ordlistor import ValbaraOrdMixin


class FormularForm(forms.ModelForm):
    class Meta:
        model = Formular
        fields = ["namn", "beskrivning", "malgrupp", "ramavtal", "anonymt"]
        widgets = {"beskrivning": forms.Textarea(attrs={"rows": 3})}


class SektionForm(forms.ModelForm):
    class Meta:
        model = Sektion
        fields = ["rubrik", "beskrivning"]
        widgets = {"beskrivning": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.version = version


def _sort_key(fraga):
    return (fraga.sektion.ordning, fraga.sektion_id, fraga.ordning, fraga.pk)


def tidigare_valfragor(sektion, fraga=None):
    """Choice questions before `fraga` in its version (before the end of `sektion` when new).

    The questions a condition may test: an answer the respondent has already given.
    Each with its label, "Fråga N: text", N counted through the version as in the builder.
    """
    alla = list(
        Fraga.objects.filter(sektion__version=sektion.version_id)
        .select_related("sektion")
        .order_by("sektion__ordning", "sektion_id", "ordning", "pk")
    )
    for nummer, f in enumerate(alla, start=1):
        f.villkor_etikett = f"Fråga {nummer}: {f.text[:60]}"
    if fraga is not None and fraga.pk:
        grans = _sort_key(fraga)
        tidigare = [f for f in alla if _sort_key(f) < grans]
    else:
        grans = (sektion.ordning, sektion.pk)
        tidigare = [f for f in alla if (f.sektion.ordning, f.sektion_id) <= grans]
    return [f for f in tidigare if f.typ in CHOICE_TYPES]


class VillkorChoiceField(forms.ModelChoiceField):
    """The candidate questions, labelled as the second select's groups are."""

    def __init__(self, *args, etiketter, **kwargs):
        self.etiketter = etiketter
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.etiketter.get(obj.pk, str(obj))


class FragaForm(ValbaraOrdMixin, forms.ModelForm):
    """A question; the condition is two selects (question, then one of its answers), no JS."""

    villkor_varde = forms.ChoiceField(
        label="Har svaret",
        required=False,
        help_text="Svarsalternativen står under sin fråga. Välj ett som hör till frågan ovan.",
    )

    class Meta:
        model = Fraga
        fields = [
            "typ",
            "text",
            "hjalptext",
            "obligatorisk",
            "alternativ",
            "skala_min",
            "skala_max",
            "skala_min_etikett",
            "skala_max_etikett",
            "villkor_fraga",
            "villkor_varde",
            "krav",
            "tema",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "hjalptext": forms.Textarea(attrs={"rows": 2}),
            "alternativ": forms.Textarea(attrs={"rows": 4}),
            "krav": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "alternativ": "Ett alternativ per rad. Bara för frågetyperna ett val och flera val.",
            "skala_min": "Bara för frågetypen skala.",
            "skala_max": "Bara för frågetypen skala, högst 11 steg.",
            "villkor_fraga": "Lämna tomt om frågan alltid ska visas. Bara tidigare frågor med "
            "fasta svar kan väljas.",
        }

    def __init__(self, *args, sektion, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.sektion = sektion
        kandidater = tidigare_valfragor(sektion, self.instance)
        self.fields["villkor_fraga"] = VillkorChoiceField(
            queryset=Fraga.objects.filter(pk__in=[f.pk for f in kandidater]),
            etiketter={f.pk: f.villkor_etikett for f in kandidater},
            required=False,
            label="Visas bara om frågan",
            empty_label="Visas alltid",
            help_text=self.Meta.help_texts["villkor_fraga"],
        )
        varden = [("", "Inget villkor")]
        for f in kandidater:
            varden.append((f.villkor_etikett, [(v, v) for v in f.alternativ_lista]))
        self.fields["villkor_varde"].choices = varden
        ramavtal_id = sektion.version.formular.ramavtal_id
        if ramavtal_id:
            nuvarande = [k.pk for k in self.instance.krav.all()] if self.instance.pk else []
            self.fields["krav"].queryset = Avtalskrav.objects.filter(ramavtal=ramavtal_id).filter(
                aktiv=True
            ) | Avtalskrav.objects.filter(pk__in=nuvarande)
            self.fields["krav"].help_text = "Ramavtalets krav som frågan prövar."
        else:
            del self.fields["krav"]
