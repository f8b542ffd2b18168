"""Ongoing follow-up: deviations reported by social workers, signals, the escalation rule."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from arenden.models.common import Allvarlighet, Hanteringsstatus
from leverantorer.models import Leverantor, Verksamhet
from uppfoljning.dates import HANT
from uppfoljning.ordlistor import KodadOrdlista
from uppfoljning.validators import no_personal_identity

User = settings.AUTH_USER_MODEL


class AvvikelseKategori(KodadOrdlista):
    """What a deviation is about; a word list the municipality extends.

    The kod values below are seeded (migration 0007) and used by the demo data;
    the annual report groups by category.
    """

    KOSTNADSANSVAR = "kostnadsansvar"
    FAKTURERING = "fakturering"
    RAPPORTERING = "rapportering"
    GENOMFORANDEPLAN = "genomforandeplan"
    BEMANNING = "bemanning"
    LOKALER = "lokaler"
    INFORMATIONSSKYLDIGHET = "informationsskyldighet"
    MEDDELARFRIHET = "meddelarfrihet"
    BEMOTANDE = "bemotande"
    ANNAT = "annat"
    # Each kod with its first name; see KodadOrdlista.KODER.
    KODER = [
        (KOSTNADSANSVAR, "Kostnadsansvar"),
        (FAKTURERING, "Felaktig fakturering"),
        (RAPPORTERING, "Rapportering (t.ex. månadsrapporter)"),
        (GENOMFORANDEPLAN, "Genomförandeplan"),
        (BEMANNING, "Bemanning"),
        (LOKALER, "Lokaler"),
        (INFORMATIONSSKYLDIGHET, "Informationsskyldighet"),
        (MEDDELARFRIHET, "Meddelarfrihet"),
        (BEMOTANDE, "Bemötande"),
        (ANNAT, "Annat"),
    ]

    history = HistoricalRecords()

    class Meta(KodadOrdlista.Meta):
        verbose_name = "avvikelsekategori"
        verbose_name_plural = "avvikelsekategorier"


class Avvikelse(models.Model):
    """A deviation from the contract reported by a social worker or coordinator."""

    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="avvikelser", verbose_name="leverantör"
    )
    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="avvikelser",
        verbose_name="verksamhet",
    )
    datum = models.DateField("datum", default=timezone.localdate, validators=HANT)
    kategori = models.ForeignKey(
        AvvikelseKategori,
        on_delete=models.PROTECT,
        to_field="kod",
        related_name="+",
        verbose_name="kategori",
    )
    allvarlighet = models.CharField(
        "allvarlighet", max_length=10, choices=Allvarlighet, default=Allvarlighet.LAG
    )
    beskrivning = models.TextField(
        "vad hände",
        validators=[no_personal_identity],
        help_text="Beskriv händelsen utan namn eller personnummer på den enskilde.",
    )
    hanterad_i_arendet = models.BooleanField("hanterad inom det enskilda ärendet", default=False)
    status = models.CharField(
        "status", max_length=10, choices=Hanteringsstatus, default=Hanteringsstatus.NY
    )
    rapporterad_av = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name="rapporterad av"
    )
    rapporterad = models.DateTimeField("rapporterad", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "avvikelse"
        verbose_name_plural = "avvikelser"
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.kategori} – {self.leverantor} {self.datum:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("arenden:avvikelse", args=[self.pk])

    def clean(self):
        if self.verksamhet_id and self.verksamhet.leverantor_id != self.leverantor_id:
            raise ValidationError({"verksamhet": "Verksamheten hör inte till leverantören."})


class SignalKalla(models.TextChoices):
    IVO = "ivo", "IVO"
    KREDIT = "kredit", "Kreditupplysningstjänst"
    SKATTEVERKET = "skatteverket", "Skatteverket"
    MEDIA = "media", "Media"
    PRIVATPERSON = "privatperson", "Privatperson"
    AUTOMATISK = "automatisk", "Automatisk kontroll"
    SARSKILD = "sarskild", "Särskild uppföljning"
    ANNAN = "annan", "Annan källa"


class SignalQuerySet(models.QuerySet):
    def new(self):
        """Signals nobody has assessed yet."""
        return self.filter(status=Hanteringsstatus.NY)

    def for_strategist(self, user):
        """A strategist's own signals and those nobody is responsible for."""
        return self.filter(models.Q(ansvarig=user) | models.Q(ansvarig__isnull=True))


class Signal(models.Model):
    """Anything worth assessing about a supplier that is not a deviation."""

    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="signaler", verbose_name="leverantör"
    )
    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signaler",
        verbose_name="verksamhet",
    )
    kalla = models.CharField("källa", max_length=20, choices=SignalKalla)
    datum = models.DateField("datum", default=timezone.localdate, validators=HANT)
    beskrivning = models.TextField("beskrivning", validators=[no_personal_identity])
    allvarlig = models.BooleanField("allvarlig", default=False)
    status = models.CharField(
        "status", max_length=10, choices=Hanteringsstatus, default=Hanteringsstatus.NY
    )
    registrerad_av = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registrerad av",
        help_text="Tomt när en automatisk kontroll skapat signalen.",
    )
    registrerad = models.DateTimeField("registrerad", auto_now_add=True)
    ansvarig = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ansvariga_signaler",
        verbose_name="ansvarig strateg",
        help_text="Avtalsansvarig strateg för leverantörens ramavtal.",
    )
    # Set by automatic checks: the same worsening never gives two signals,
    # however often a check or a sweep is re-run.
    dedupe_nyckel = models.CharField(
        "dubblettnyckel", max_length=200, null=True, blank=True, unique=True, editable=False
    )

    history = HistoricalRecords()
    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = "signal"
        verbose_name_plural = "signaler"
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.get_kalla_display()} – {self.leverantor} {self.datum:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("arenden:signal", args=[self.pk])


class Eskaleringsregel(models.Model):
    """When deviations propose an event-driven follow-up. One row, editable.

    It proposes; a person opens the case.
    """

    antal_avvikelser = models.PositiveSmallIntegerField(
        "antal avvikelser", default=3, help_text="Så här många avvikelser om samma leverantör …"
    )
    manader = models.PositiveSmallIntegerField(
        "under månader", default=12, help_text="… inom så här många månader."
    )
    allvarlig_direkt = models.BooleanField("en allvarlig avvikelse räcker", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "eskaleringsregel"
        verbose_name_plural = "eskaleringsregel"

    def __str__(self):
        return f"{self.antal_avvikelser} avvikelser inom {self.manader} månader"

    @classmethod
    def current(cls):
        rule = cls.objects.order_by("pk").first()
        return rule if rule is not None else cls()
