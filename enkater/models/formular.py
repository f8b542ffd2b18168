"""Questionnaires: a Formular has numbered versions; a version holds sections
and questions and is frozen once sent (every answer points at its version)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from arenden.models import Tema
from enkater.models.krav import Avtalskrav
from ramavtal.models import Ramavtal
from uppfoljning.validators import no_personal_identity

User = settings.AUTH_USER_MODEL


class Malgrupp(models.TextChoices):
    LEVERANTOR = "leverantor", "Leverantörens ledning"
    VERKSAMHET = "verksamhet", "Verksamheter (egenrapportering)"
    PERSONAL = "personal", "Egen personal (socialsekreterare, enhetschefer)"


class Formular(models.Model):
    """A questionnaire, as its versions' common name; templates have mall=True."""

    namn = models.CharField("namn", max_length=200, validators=[no_personal_identity])
    beskrivning = models.TextField(
        "beskrivning",
        blank=True,
        validators=[no_personal_identity],
        help_text="Visas överst för den som svarar.",
    )
    malgrupp = models.CharField("vem svarar", max_length=20, choices=Malgrupp)
    ramavtal = models.ForeignKey(
        Ramavtal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formular",
        verbose_name="ramavtal",
        help_text="Ramavtalet vars krav frågorna kan knytas till.",
    )
    anonymt = models.BooleanField(
        "anonymt",
        default=False,
        help_text="Bara för egen personal: ingen, inte heller en administratör, kan se vem "
        "som svarade vad.",
    )
    mall = models.BooleanField("mall", default=False, editable=False)
    kopierat_fran = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kopierat från",
        editable=False,
    )
    arkiverat = models.BooleanField("arkiverat", default=False)
    skapad_av = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    skapad = models.DateTimeField("skapad", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "frågeformulär"
        verbose_name_plural = "frågeformulär"
        ordering = ["namn", "pk"]

    def __str__(self):
        return self.namn

    def get_absolute_url(self):
        return reverse("enkater:formular", args=[self.pk])

    def clean(self):
        if self.anonymt and self.malgrupp != Malgrupp.PERSONAL:
            raise ValidationError({"anonymt": "Bara enkäter till egen personal kan vara anonyma."})


class FormularVersion(models.Model):
    """One version of a questionnaire; frozen (fryst) from its first send-out on."""

    formular = models.ForeignKey(
        Formular, on_delete=models.PROTECT, related_name="versioner", verbose_name="formulär"
    )
    nummer = models.PositiveIntegerField("version", editable=False)
    fryst = models.DateTimeField("fryst", null=True, blank=True, editable=False)
    skapad = models.DateTimeField("skapad", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "version av frågeformulär"
        verbose_name_plural = "versioner av frågeformulär"
        ordering = ["formular", "-nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["formular", "nummer"], name="unique_formularversion_nummer"
            )
        ]

    def __str__(self):
        return f"{self.formular}, version {self.nummer}"

    @property
    def is_frozen(self):
        return self.fryst is not None


class Sektion(models.Model):
    version = models.ForeignKey(
        FormularVersion, on_delete=models.PROTECT, related_name="sektioner", verbose_name="version"
    )
    ordning = models.PositiveSmallIntegerField("ordning", default=1)
    rubrik = models.CharField("rubrik", max_length=200, validators=[no_personal_identity])
    beskrivning = models.TextField("beskrivning", blank=True, validators=[no_personal_identity])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "sektion"
        verbose_name_plural = "sektioner"
        ordering = ["version", "ordning", "pk"]

    def __str__(self):
        return self.rubrik


class FragaTyp(models.TextChoices):
    JA_NEJ = "ja_nej", "Ja eller nej"
    ETT_VAL = "ett_val", "Ett val"
    FLERA_VAL = "flera_val", "Flera val"
    SKALA = "skala", "Skala"
    TAL = "tal", "Tal"
    DATUM = "datum", "Datum"
    KORT_TEXT = "kort_text", "Kort text"
    LANG_TEXT = "lang_text", "Lång text"
    DOKUMENT = "dokument", "Dokument (uppladdning)"


# Types whose answer is one of a fixed set of values (a condition can test them).
CHOICE_TYPES = (FragaTyp.JA_NEJ, FragaTyp.ETT_VAL, FragaTyp.FLERA_VAL, FragaTyp.SKALA)
TEXT_TYPES = (FragaTyp.KORT_TEXT, FragaTyp.LANG_TEXT)


class Fraga(models.Model):
    """A question; `villkor_fraga`/`villkor_varde` show it only after a given answer."""

    sektion = models.ForeignKey(
        Sektion, on_delete=models.PROTECT, related_name="fragor", verbose_name="sektion"
    )
    ordning = models.PositiveSmallIntegerField("ordning", default=1)
    typ = models.CharField("frågetyp", max_length=20, choices=FragaTyp)
    text = models.TextField("fråga", validators=[no_personal_identity])
    hjalptext = models.TextField("hjälptext", blank=True, validators=[no_personal_identity])
    obligatorisk = models.BooleanField("måste besvaras", default=False)
    alternativ = models.TextField(
        "svarsalternativ",
        blank=True,
        validators=[no_personal_identity],
        help_text="Ett alternativ per rad (för ett val och flera val).",
    )
    skala_min = models.SmallIntegerField("skalans lägsta värde", default=1)
    skala_max = models.SmallIntegerField("skalans högsta värde", default=5)
    skala_min_etikett = models.CharField(
        "etikett för lägsta värdet", max_length=100, blank=True, validators=[no_personal_identity]
    )
    skala_max_etikett = models.CharField(
        "etikett för högsta värdet", max_length=100, blank=True, validators=[no_personal_identity]
    )
    villkor_fraga = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beroende",
        verbose_name="visas bara om frågan",
    )
    villkor_varde = models.CharField(
        "har svaret",
        max_length=200,
        blank=True,
        validators=[no_personal_identity],
    )
    krav = models.ManyToManyField(
        Avtalskrav, blank=True, related_name="fragor", verbose_name="krav som frågan prövar"
    )
    tema = models.ForeignKey(
        Tema, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="tema"
    )

    history = HistoricalRecords(m2m_fields=[krav])

    class Meta:
        verbose_name = "fråga"
        verbose_name_plural = "frågor"
        ordering = ["sektion__ordning", "ordning", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def alternativ_lista(self):
        """The choices offered, in order: yes/no, the scale's steps or the typed lines."""
        if self.typ == FragaTyp.JA_NEJ:
            return ["Ja", "Nej"]
        if self.typ == FragaTyp.SKALA:
            return [str(step) for step in range(self.skala_min, self.skala_max + 1)]
        return [line.strip() for line in self.alternativ.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        if self.typ in (FragaTyp.ETT_VAL, FragaTyp.FLERA_VAL) and len(self.alternativ_lista) < 2:
            errors["alternativ"] = "Ange minst två svarsalternativ, ett per rad."
        if self.typ == FragaTyp.SKALA and not (
            self.skala_min < self.skala_max and self.skala_max - self.skala_min <= 10
        ):
            errors["skala_max"] = "Skalan går från ett lägre till ett högre värde, högst 11 steg."
        if self.villkor_fraga_id:
            villkor = self.villkor_fraga
            if self.sektion_id and villkor.sektion.version_id != self.sektion.version_id:
                errors["villkor_fraga"] = "Villkoret måste vara en fråga i samma formulär."
            elif villkor.typ not in CHOICE_TYPES:
                errors["villkor_fraga"] = "Villkoret kan bara vara en fråga med fasta svar."
            elif self.villkor_varde not in villkor.alternativ_lista:
                errors["villkor_varde"] = "Välj ett av villkorsfrågans svarsalternativ."
        elif self.villkor_varde:
            errors["villkor_fraga"] = "Välj vilken fråga villkoret gäller."
        if errors:
            raise ValidationError(errors)
