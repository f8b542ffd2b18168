"""The answer form: one field per question of the version, built at run time.

Choices are radio groups or checkboxes (rendered in a fieldset with the question
as legend by templates/includes/field.html), the rest plain inputs. Every field
is optional to Django: a required question is required only when it is visible
(enkater.villkor), which `clean` checks when the respondent submits.
"""

import re
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.html import escape

from enkater.besvara import saknade, texter
from enkater.models import FragaTyp
from uppfoljning.dates import rimligt_datum
from uppfoljning.uploads import MAX_BYTES, check_upload
from uppfoljning.validators import no_personal_identity

DOKUMENT_EXTENSIONS = ["pdf", "docx", "xlsx", "png", "jpg", "jpeg"]
DOKUMENT_MAX_BYTES = MAX_BYTES
DOKUMENT_ACCEPT = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
_TAL = re.compile(r"^-?\d{1,12}([,.]\d{1,6})?$")


def dokument_validator(file):
    """Refuse a too large file or one whose content is not the type its name says."""
    check_upload(
        file,
        extensions=DOKUMENT_EXTENSIONS,
        types_text="en pdf, docx, xlsx, png eller jpg",
        max_bytes=DOKUMENT_MAX_BYTES,
    )


def filnamn_validator(file):
    no_personal_identity(PurePath(file.name).name)


def tal_validator(value):
    if value and not _TAL.match(value.strip()):
        raise ValidationError("Skriv ett tal, till exempel 12 eller 3,5.", code="tal")


def field_name(fraga):
    return f"fraga_{fraga.pk}"


MASTE_BESVARAS = "Måste besvaras."


def _help(*parts):
    return " ".join(part for part in parts if part)


def _field(fraga):
    # Django's `required` stays False (see the module docstring), so the page says it:
    # in the help text, which the field's aria-describedby points at. The help text is
    # rendered as HTML (templates/includes/field.html), so the strategist's text is escaped.
    common = {
        "label": fraga.text,
        "required": False,
        "help_text": _help(MASTE_BESVARAS if fraga.obligatorisk else "", escape(fraga.hjalptext)),
    }
    typ = fraga.typ
    if typ == FragaTyp.SKALA:
        steps = fraga.alternativ_lista
        labels = {steps[0]: fraga.skala_min_etikett, steps[-1]: fraga.skala_max_etikett}
        choices = [
            (step, f"{step} – {labels[step]}" if labels.get(step) else step) for step in steps
        ]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if typ in (FragaTyp.JA_NEJ, FragaTyp.ETT_VAL):
        choices = [(value, value) for value in fraga.alternativ_lista]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if typ == FragaTyp.FLERA_VAL:
        choices = [(value, value) for value in fraga.alternativ_lista]
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if typ == FragaTyp.TAL:
        return forms.CharField(
            max_length=30,
            validators=[no_personal_identity, tal_validator],
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    if typ == FragaTyp.DATUM:
        return forms.DateField(
            validators=[rimligt_datum], widget=forms.DateInput(attrs={"type": "date"}), **common
        )
    if typ == FragaTyp.LANG_TEXT:
        return forms.CharField(
            max_length=10000,
            validators=[no_personal_identity],
            widget=forms.Textarea(attrs={"rows": 6}),
            **common,
        )
    if typ == FragaTyp.DOKUMENT:
        common["help_text"] = _help(
            common["help_text"], "Pdf, docx, xlsx, png eller jpg, högst 10 MB."
        )
        return forms.FileField(
            validators=[
                FileExtensionValidator(DOKUMENT_EXTENSIONS),
                dokument_validator,
                filnamn_validator,
            ],
            widget=forms.ClearableFileInput(attrs={"accept": DOKUMENT_ACCEPT}),
            **common,
        )
    return forms.CharField(max_length=1000, validators=[no_personal_identity], **common)


def _initial(fraga, text):
    if fraga.typ == FragaTyp.FLERA_VAL:
        return [line for line in text.splitlines() if line]
    return text


class BesvaraForm(forms.Form):
    """The questions of `fragor`; those not in `editable` are shown read-only."""

    def __init__(self, *args, fragor, editable, sparade, skicka=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fragor = fragor
        self.editable = editable
        self.sparade = sparade
        self.skicka = skicka
        for fraga in fragor:
            field = _field(fraga)
            saved = sparade.get(fraga.pk)
            if saved is not None and fraga.typ != FragaTyp.DOKUMENT:
                field.initial = _initial(fraga, saved.text)
            if fraga.pk not in editable:
                field.disabled = True
            field.fraga = fraga
            self.fields[field_name(fraga)] = field

    def varden(self):
        """{question id: text or uploaded file} of the editable questions (after is_valid)."""
        result = {}
        for fraga in self.fragor:
            if fraga.pk not in self.editable:
                continue
            value = self.cleaned_data.get(field_name(fraga))
            if fraga.typ == FragaTyp.FLERA_VAL:
                value = "\n".join(value or [])
            elif fraga.typ == FragaTyp.DATUM:
                value = value.isoformat() if value else ""
            elif fraga.typ == FragaTyp.DOKUMENT:
                value = value or None
            else:
                value = (value or "").strip()
            result[fraga.pk] = value
        return result

    def clean(self):
        cleaned = super().clean()
        if self.skicka and not self.errors:
            missing = saknade(self.fragor, texter(self.fragor, self.varden(), self.sparade))
            for fraga in missing:
                self.add_error(field_name(fraga), "Frågan måste besvaras.")
        return cleaned
