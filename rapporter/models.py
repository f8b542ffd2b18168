"""The committee's documents: the annual report and the yearly plan.

Figures come from the data when the document is rendered; what people write
(the cover memo and the narrative) is stored here with history. A frozen
version (Rapportversion) keeps the PDF as it was adopted, with its SHA-256:
it is never regenerated and later data changes never touch it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ramavtal.models import Ramavtal
from uppfoljning.dates import rimligt_datum
from uppfoljning.validators import no_personal_identity

User = settings.AUTH_USER_MODEL


def _text(label, help_text="", default=""):
    return models.TextField(
        label, blank=True, default=default, validators=[no_personal_identity], help_text=help_text
    )


def _line(label, help_text="", default=""):
    return models.CharField(
        label,
        max_length=200,
        blank=True,
        default=default,
        validators=[no_personal_identity],
        help_text=help_text,
    )


class Tjansteskrivelse(models.Model):
    """The cover memo (tjänsteskrivelse) both documents open with."""

    datum = models.DateField("datum", default=timezone.localdate, validators=[rimligt_datum])
    diarienummer = _line("diarienummer", "Nämndens diarienummer, t.ex. SCN-2025-00012.")
    handlaggare = _line("handläggare", "Namn på handläggaren eller handläggarna.")
    forslag_till_beslut = _text("förslag till beslut")
    arendet = _text("ärendet")
    beredning = _text("beredning")
    foredragning = _text("föredragning")
    barnkonsekvensanalys = _text("barnkonsekvensanalys")
    ekonomiska_konsekvenser = _text(
        "ekonomiska konsekvenser", default="Beslutet medför inga ekonomiska konsekvenser."
    )
    beslutsunderlag = _text("beslutsunderlag", "En rad per handling.")
    undertecknare_namn = _line("undertecknas av", "T.ex. förvaltningsdirektören.")
    undertecknare_titel = _line("titel", default="Förvaltningsdirektör")
    skapad = models.DateTimeField("skapad", auto_now_add=True)
    andrad = models.DateTimeField("ändrad", auto_now=True)

    # What must be written before the document can be fastställd: a committee
    # document with an empty cover-memo section or without a diarienummer is
    # sent back by the secretary.
    REQUIRED_FIELDS = (
        "diarienummer",
        "handlaggare",
        "forslag_till_beslut",
        "arendet",
        "beredning",
        "foredragning",
        "barnkonsekvensanalys",
        "ekonomiska_konsekvenser",
        "undertecknare_namn",
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.titel  # each document defines its title

    def saknade_avsnitt(self):
        """Labels of the required fields still empty, in the document's order."""
        return [
            self._meta.get_field(name).verbose_name
            for name in self.REQUIRED_FIELDS
            if not getattr(self, name).strip()
        ]

    def beslutsunderlag_rader(self):
        return [line.strip(" -•\t") for line in self.beslutsunderlag.splitlines() if line.strip()]


class Arsrapport(Tjansteskrivelse):
    """Uppföljning av privata utförare ÅÅÅÅ: the annual report of one year."""

    ar = models.PositiveSmallIntegerField("år", unique=True)
    bakgrund = _text("bakgrund")
    lopande_text = _text("löpande uppföljning", "Visas före siffrorna för avvikelser och IVO.")
    ekonomisk_text = _text("löpande ekonomisk uppföljning")
    stickprov_text = _text("stickprov på fakturor")
    handelsstyrd_text = _text("händelsestyrd uppföljning")
    sarskild_text = _text("särskild uppföljning", "Inledning till redovisningen per ramavtal.")
    bedomning = _text("bedömning och slutsatser")

    REQUIRED_FIELDS = (*Tjansteskrivelse.REQUIRED_FIELDS, "bakgrund", "bedomning")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "årsrapport"
        verbose_name_plural = "årsrapporter"
        ordering = ["-ar"]
        permissions = [("faststall_arsrapport", "Får fastställa årsrapporten")]

    def get_absolute_url(self):
        return reverse("rapporter:arsrapport", args=[self.ar])

    @property
    def titel(self):
        return f"Uppföljning av privata utförare {self.ar}"


class Uppfoljningsplan(Tjansteskrivelse):
    """Plan för uppföljning av privata utförare ÅÅÅÅ, with a three-year horizon."""

    ar = models.PositiveSmallIntegerField("år", unique=True)
    syfte = _text("bakgrund och syfte")
    ramavtal_text = _text("nämndens ramavtal")
    avtalsuppfoljning_text = _text("avtalsuppföljning")
    lopande_text = _text("löpande uppföljning")
    handelsstyrd_text = _text("händelsestyrd uppföljning")
    sarskild_text = _text("särskild uppföljning")
    redovisning_text = _text("redovisning")

    REQUIRED_FIELDS = (*Tjansteskrivelse.REQUIRED_FIELDS, "syfte")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "uppföljningsplan"
        verbose_name_plural = "uppföljningsplaner"
        ordering = ["-ar"]
        permissions = [("faststall_uppfoljningsplan", "Får fastställa planen")]

    def get_absolute_url(self):
        return reverse("rapporter:plan", args=[self.ar])

    @property
    def titel(self):
        return f"Plan för uppföljning av privata utförare {self.ar}"

    @property
    def horisont(self):
        """The three years of the plan's table: last year, this year, next year."""
        return [self.ar - 1, self.ar, self.ar + 1]


class PlaneradSarskild(models.Model):
    """A year in which the plan puts a special follow-up of a ramavtal (an X)."""

    plan = models.ForeignKey(
        Uppfoljningsplan, on_delete=models.PROTECT, related_name="planerade", verbose_name="plan"
    )
    ramavtal = models.ForeignKey(
        Ramavtal, on_delete=models.PROTECT, related_name="+", verbose_name="ramavtal"
    )
    ar = models.PositiveSmallIntegerField("år")
    # Unticking keeps the row (history shows who took the X away).
    aktiv = models.BooleanField("planerad", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "planerad särskild uppföljning"
        verbose_name_plural = "planerade särskilda uppföljningar"
        ordering = ["plan", "ramavtal__namn", "ar"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ramavtal", "ar"], name="unique_planerad_sarskild"
            )
        ]

    def __str__(self):
        return f"{self.ramavtal} {self.ar}"


class Dokumenttyp(models.TextChoices):
    ARSRAPPORT = "arsrapport", "Årsrapport"
    PLAN = "plan", "Plan"


def _version_path(instance, filename):
    return f"rapporter/{instance.dokumenttyp}/{instance.ar}/{filename}"


class Rapportversion(models.Model):
    """A frozen (fastställd) PDF: stored once, never regenerated nor deleted."""

    dokumenttyp = models.CharField("dokument", max_length=12, choices=Dokumenttyp)
    ar = models.PositiveSmallIntegerField("år")
    version = models.PositiveSmallIntegerField("version")
    titel = models.CharField("titel", max_length=200, editable=False)
    pdf = models.FileField("PDF", upload_to=_version_path, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    storlek = models.PositiveIntegerField("storlek (byte)", editable=False)
    faststalld_av = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name="fastställd av"
    )
    faststalld = models.DateTimeField("fastställd", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "fastställd version"
        verbose_name_plural = "fastställda versioner"
        ordering = ["dokumenttyp", "-ar", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dokumenttyp", "ar", "version"], name="unique_rapportversion"
            )
        ]

    def __str__(self):
        return f"{self.titel}, version {self.version}"

    def get_absolute_url(self):
        return reverse("rapporter:version", args=[self.pk])

    @property
    def filnamn(self):
        return f"{self.titel} v{self.version}.pdf"


class JobbStatus(models.TextChoices):
    VANTAR = "vantar", "Väntar"
    PAGAR = "pagar", "Pågår"
    KLAR = "klar", "Klar"
    MISSLYCKAD = "misslyckad", "Misslyckades"


class JobbTyp(models.TextChoices):
    PDF = "pdf", "PDF för nedladdning"
    FASTSTALL = "faststall", "Fastställ version"


def _jobb_path(instance, filename):
    return f"rapporter/jobb/{instance.pk}/{filename}"


class Rapportjobb(models.Model):
    """A PDF being generated in the background, with progress for the browser."""

    typ = models.CharField("typ", max_length=12, choices=JobbTyp)
    dokumenttyp = models.CharField("dokument", max_length=12, choices=Dokumenttyp)
    ar = models.PositiveSmallIntegerField("år")
    status = models.CharField(
        "status", max_length=12, choices=JobbStatus, default=JobbStatus.VANTAR
    )
    framsteg = models.PositiveSmallIntegerField("framsteg (%)", default=0)
    steg = models.CharField("steg", max_length=100, blank=True, editable=False)
    pdf = models.FileField("PDF", upload_to=_jobb_path, blank=True, editable=False)
    version = models.ForeignKey(
        Rapportversion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="fastställd version",
    )
    fel = models.CharField("fel", max_length=300, blank=True, editable=False)
    skapad_av = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name="beställd av"
    )
    skapad = models.DateTimeField("beställd", auto_now_add=True)
    startad = models.DateTimeField("startad", null=True, blank=True)
    klar = models.DateTimeField("klar", null=True, blank=True)
    # Which worker process runs the job and when it last said it was alive:
    # a job whose pulse stops (the worker was killed) is failed within
    # seconds instead of after REPORT_JOB_TIMEOUT (services.job_fail_stalled).
    arbetare = models.CharField("bakgrundsprocess", max_length=200, blank=True, editable=False)
    puls = models.DateTimeField("senaste livstecken", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "rapportjobb"
        verbose_name_plural = "rapportjobb"
        ordering = ["-skapad", "-pk"]

    def __str__(self):
        return f"{self.get_typ_display()} {self.get_dokumenttyp_display()} {self.ar}"

    def get_absolute_url(self):
        return reverse("rapporter:jobb", args=[self.pk])

    def clean(self):
        if self.framsteg > 100:
            raise ValidationError({"framsteg": "Framsteget anges i procent (0–100)."})

    @property
    def pagar(self):
        return self.status in (JobbStatus.VANTAR, JobbStatus.PAGAR)
