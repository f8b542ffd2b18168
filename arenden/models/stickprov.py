"""Ongoing follow-up: invoice sampling (a stored, reproducible draw and its invoices)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from leverantorer.models import Leverantor, Placering
from ramavtal.models import Ramavtal
from uppfoljning.dates import HANT, rimligt_datum
from uppfoljning.validators import no_personal_identity

User = settings.AUTH_USER_MODEL


class StickprovKalla(models.TextChoices):
    PLACERINGAR = "placeringar", "Placeringar i registret"
    AVSLUTADE = "avslutade", "Avslutade placeringar"
    FAKTUROR = "fakturor", "Importerad fakturalista"


class Stickprov(models.Model):
    """A round of invoice sampling; the seed makes the draw reproducible."""

    namn = models.CharField("namn", max_length=200, validators=[no_personal_identity])
    datum = models.DateField("datum", default=timezone.localdate, validators=HANT)
    kalla = models.CharField("urval ur", max_length=20, choices=StickprovKalla)
    ramavtal = models.ForeignKey(
        Ramavtal, on_delete=models.PROTECT, null=True, blank=True, verbose_name="ramavtal"
    )
    fran = models.DateField("period från", validators=[rimligt_datum])
    till = models.DateField("period till", validators=[rimligt_datum])
    antal = models.PositiveSmallIntegerField("antal fakturor", default=20)
    seed = models.BigIntegerField("slumpfrö", editable=False)
    utford_av = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name="utförd av"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "stickprov"
        verbose_name_plural = "stickprov"
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return self.namn

    def get_absolute_url(self):
        return reverse("arenden:stickprov", args=[self.pk])


class FakturaResultat(models.TextChoices):
    EJ_GRANSKAD = "ej_granskad", "Ej granskad"
    OK = "ok", "Utan anmärkning"
    AVVIKELSE = "avvikelse", "Avvikelse"


class FakturaAvvikelse(models.TextChoices):
    UTFLYTTSDAG = "utflyttsdag", "Betalt för utflyttsdagen"
    FEL_NIVA = "fel_niva", "Fel nivå"
    FEL_PERIOD = "fel_period", "Fel period"
    FEL_PRIS = "fel_pris", "Fel pris"
    ANNAT = "annat", "Annat"


class Faktura(models.Model):
    """One row of the finance system's invoice list imported for a round.

    Every row is kept, not just the drawn ones, so an auditor can re-run the draw.
    """

    stickprov = models.ForeignKey(
        Stickprov, on_delete=models.PROTECT, related_name="fakturalista", verbose_name="stickprov"
    )
    fakturanummer = models.CharField(
        "fakturanummer", max_length=50, validators=[no_personal_identity]
    )
    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="+", verbose_name="leverantör"
    )
    placering = models.ForeignKey(
        Placering,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="placering",
    )
    fakturadatum = models.DateField("fakturadatum", validators=[rimligt_datum])
    period_fran = models.DateField("period från", validators=[rimligt_datum])
    period_till = models.DateField("period till", validators=[rimligt_datum])
    belopp = models.DecimalField("belopp (kr)", max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "importerad faktura"
        verbose_name_plural = "importerade fakturor"
        ordering = ["stickprov", "fakturanummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["stickprov", "fakturanummer"], name="unique_stickprov_fakturanummer"
            ),
            models.CheckConstraint(
                condition=models.Q(period_till__gte=models.F("period_fran")),
                name="faktura_period_till_efter_fran",
            ),
        ]

    def __str__(self):
        return f"Faktura {self.fakturanummer}"

    def clean(self):
        if self.period_fran and self.period_till and self.period_till < self.period_fran:
            raise ValidationError(
                {"period_till": "Fakturaperiodens slut kan inte ligga före dess början."}
            )


class StickprovFaktura(models.Model):
    """One drawn invoice and its review.

    Drawn from the register it is a placement's invoicing (placering); drawn
    from an imported invoice list it is one row of that list (faktura).
    Exactly one of the two is set.
    """

    stickprov = models.ForeignKey(
        Stickprov, on_delete=models.PROTECT, related_name="fakturor", verbose_name="stickprov"
    )
    placering = models.ForeignKey(
        Placering,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="placering",
    )
    faktura = models.ForeignKey(
        Faktura,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="importerad faktura",
    )
    ordning = models.PositiveSmallIntegerField("ordning")
    resultat = models.CharField(
        "resultat", max_length=20, choices=FakturaResultat, default=FakturaResultat.EJ_GRANSKAD
    )
    avvikelsetyp = models.CharField(
        "avvikelse", max_length=20, choices=FakturaAvvikelse, blank=True
    )
    kommentar = models.TextField("kommentar", blank=True, validators=[no_personal_identity])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "granskad faktura"
        verbose_name_plural = "granskade fakturor"
        ordering = ["stickprov", "ordning"]
        constraints = [
            models.UniqueConstraint(
                fields=["stickprov", "placering"], name="unique_stickprov_placering"
            ),
            models.UniqueConstraint(
                fields=["stickprov", "faktura"], name="unique_stickprov_faktura"
            ),
            models.CheckConstraint(
                condition=models.Q(placering__isnull=False, faktura__isnull=True)
                | models.Q(placering__isnull=True, faktura__isnull=False),
                name="stickprovfaktura_placering_eller_faktura",
            ),
        ]

    def __str__(self):
        return f"Faktura {self.ordning} i {self.stickprov}"

    def clean(self):
        if (self.placering_id is None) == (self.faktura_id is None):
            raise ValidationError(
                "En dragen faktura ska höra till antingen en placering eller en importerad "
                "faktura, inte båda eller ingen."
            )
        if self.resultat == FakturaResultat.AVVIKELSE and not self.avvikelsetyp:
            raise ValidationError({"avvikelsetyp": "Ange vilken avvikelse fakturan har."})
        if self.resultat != FakturaResultat.AVVIKELSE and self.avvikelsetyp:
            raise ValidationError(
                {"avvikelsetyp": "Avvikelsetyp anges bara för fakturor med avvikelse."}
            )
