"""A send-out of one questionnaire version within a follow-up, and its recipients."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from arenden.models import Uppfoljning
from enkater.models.formular import FormularVersion
from leverantorer.models import Leverantor, PlacerandeEnhet, Verksamhet
from uppfoljning.dates import rimligt_datum
from uppfoljning.validators import no_personal_identity

User = settings.AUTH_USER_MODEL


class UtskickStatus(models.TextChoices):
    UTKAST = "utkast", "Utkast"
    SKICKAS = "skickas", "Skickas"
    SKICKAT = "skickat", "Skickat"
    STANGT = "stangt", "Stängt"


class Utskick(models.Model):
    """One questionnaire version sent to recipients within a follow-up."""

    uppfoljning = models.ForeignKey(
        Uppfoljning, on_delete=models.PROTECT, related_name="utskick", verbose_name="uppföljning"
    )
    version = models.ForeignKey(
        FormularVersion,
        on_delete=models.PROTECT,
        related_name="utskick",
        verbose_name="formulär",
    )
    svar_senast = models.DateField("svar senast", validators=[rimligt_datum])
    respit_dagar = models.PositiveSmallIntegerField(
        "respitdagar",
        default=7,
        help_text="Så många dagar efter sista svarsdag fungerar länken ännu.",
    )
    meddelande = models.TextField(
        "meddelande",
        blank=True,
        validators=[no_personal_identity],
        help_text="Står i e-brevet ovanför länken.",
    )
    status = models.CharField(
        "status", max_length=10, choices=UtskickStatus, default=UtskickStatus.UTKAST
    )
    antal_mottagare = models.PositiveIntegerField("antal mottagare", default=0, editable=False)
    antal_skickade = models.PositiveIntegerField("antal skickade", default=0, editable=False)
    skapad_av = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    skapad = models.DateTimeField("skapad", auto_now_add=True)
    skickat = models.DateTimeField("skickat", null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "utskick"
        verbose_name_plural = "utskick"
        ordering = ["-skapad", "-pk"]

    def __str__(self):
        return f"{self.version.formular} ({self.uppfoljning})"

    def get_absolute_url(self):
        return reverse("enkater:utskick", args=[self.pk])

    @property
    def anonymt(self):
        return self.version.formular.anonymt

    @property
    def giltig_till(self):
        """The last day a personal link opens: the deadline plus the grace days."""
        return self.svar_senast + datetime.timedelta(days=self.respit_dagar)


class Mottagare(models.Model):
    """One recipient of a send-out: a supplier, a unit, or one of our own staff.

    External recipients get a personal link; only the SHA-256 of its random token
    is stored. A staff recipient is asked about one supplier (`leverantor`); for
    an anonymous survey only `besvarad` (a flag, no time) records that they
    answered, and visits are not recorded, so nothing links a person to an answer.
    Fields are set by the code (send, visit, submit, revoke), never typed; the
    row records its own events, so it keeps no separate history table.
    """

    utskick = models.ForeignKey(
        Utskick, on_delete=models.PROTECT, related_name="mottagare", verbose_name="utskick"
    )
    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="+", verbose_name="leverantör"
    )
    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="verksamhet",
    )
    anvandare = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enkatmottagare",
        verbose_name="medarbetare",
    )
    epost = models.EmailField("e-post", blank=True, validators=[no_personal_identity])
    # Empty for a staff recipient, who answers logged in.
    token_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    skickad = models.DateTimeField("skickad", null=True, blank=True, editable=False)
    ansprak = models.UUIDField("anspråk", null=True, blank=True, editable=False)
    forsta_besok = models.DateTimeField("första besök", null=True, blank=True, editable=False)
    senaste_besok = models.DateTimeField("senaste besök", null=True, blank=True, editable=False)
    besvarad = models.BooleanField("besvarad", default=False, editable=False)
    aterkallad = models.DateTimeField("återkallad", null=True, blank=True, editable=False)
    aterkallad_av = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = "mottagare"
        verbose_name_plural = "mottagare"
        ordering = ["utskick", "leverantor__namn", "verksamhet__namn", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anvandare__isnull=False) | ~models.Q(epost=""),
                name="mottagare_har_adress",
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~models.Q(token_hash=""),
                name="unique_mottagare_token",
            ),
            models.UniqueConstraint(
                fields=["utskick", "leverantor", "verksamhet", "anvandare"],
                name="unique_mottagare_per_utskick",
            ),
        ]

    def __str__(self):
        return str(self.verksamhet or self.leverantor)

    @property
    def extern(self):
        """A supplier or unit answering by personal link, not a logged-in colleague."""
        return self.anvandare_id is None

    def clean(self):
        if self.verksamhet_id and self.verksamhet.leverantor_id != self.leverantor_id:
            raise ValidationError({"verksamhet": "Verksamheten hör inte till leverantören."})


class EnkatPaminnelse(models.Model):
    """The log of questionnaire reminders: one row per recipient and milestone.

    Claimed (ansprak, paborjad) before the mail is sent and marked skickad after
    the mail server accepted it, like arenden.Paminnelse; the unique constraint
    makes a re-run send nothing twice.
    """

    mottagare = models.ForeignKey(
        Mottagare, on_delete=models.PROTECT, related_name="paminnelser", editable=False
    )
    tillfalle = models.CharField("tillfälle", max_length=30, editable=False)
    ansprak = models.UUIDField("anspråk", null=True, blank=True, editable=False)
    paborjad = models.DateTimeField("utskick påbörjat", null=True, blank=True, editable=False)
    skickad = models.DateTimeField("skickad", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "påminnelse om frågeformulär"
        verbose_name_plural = "påminnelser om frågeformulär"
        constraints = [
            models.UniqueConstraint(
                fields=["mottagare", "tillfalle"], name="unique_enkatpaminnelse"
            )
        ]

    def __str__(self):
        return f"{self.mottagare}: {self.tillfalle}"


class Medarbetarenhet(models.Model):
    """Which placing unit (PlacerandeEnhet) one of our own staff works in.

    A staff survey about a supplier goes to the colleagues of the units that
    placed someone with it (the placements' placerande_enhet).
    """

    anvandare = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="medarbetarenhet", verbose_name="medarbetare"
    )
    placerande_enhet = models.CharField("placerande enhet", max_length=20, choices=PlacerandeEnhet)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "medarbetares enhet"
        verbose_name_plural = "medarbetares enheter"
        ordering = ["placerande_enhet", "anvandare__username"]

    def __str__(self):
        return f"{self.anvandare}: {self.get_placerande_enhet_display()}"
