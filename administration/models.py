"""The municipality's own settings and the audit trail of user administration.

This app sits on the bottom layer with `uppfoljning`: it must not import the
domain apps (ramavtal, leverantorer, arenden, rapporter); they read it.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from uppfoljning.validators import no_personal_identity


class Kommuninstallning(models.Model):
    """One row: the municipality's name, administration, committee and logo.

    An empty field falls back on the environment (MUNICIPALITY_NAME,
    REPORT_FORVALTNING, REPORT_NAMND, REPORT_LOGO); read it through
    administration.kommun.aktuell(), never directly.
    """

    SINGLETON_PK = 1

    kommunens_namn = models.CharField(
        "kommunens namn", max_length=100, blank=True, validators=[no_personal_identity]
    )
    forvaltning = models.CharField(
        "förvaltning",
        max_length=150,
        blank=True,
        validators=[no_personal_identity],
        help_text="T.ex. Socialförvaltningen.",
    )
    namnd = models.CharField(
        "nämnd",
        max_length=150,
        blank=True,
        validators=[no_personal_identity],
        help_text="Skrivs som i löptext, t.ex. socialnämnden.",
    )
    logotyp = models.ImageField(
        "logotyp",
        upload_to="kommun/",
        blank=True,
        help_text="PNG eller JPEG, högst 1 MB. Visas i sidhuvudet och i nämndens dokument.",
    )
    diarienummer_prefix = models.CharField(
        "prefix för diarienummer",
        max_length=20,
        blank=True,
        validators=[no_personal_identity],
        help_text="Föreslås i nya diarienummer, t.ex. SN.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "kommuninställning"
        verbose_name_plural = "kommuninställningar"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1),
                name="kommuninstallning_en_rad",
                violation_error_message="Det finns bara en rad med kommuninställningar.",
            )
        ]

    def __str__(self):
        return self.kommunens_namn or "Kommuninställningar"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)


class Handelse(models.TextChoices):
    SKAPAD = "skapad", "Användaren skapades"
    INBJUDAN = "inbjudan", "Inbjudan skickades"
    UPPGIFTER = "uppgifter", "Uppgifter ändrades"
    ROLL_TILLAGD = "roll_tillagd", "Roll tilldelades"
    ROLL_BORTTAGEN = "roll_borttagen", "Roll togs bort"
    AVAKTIVERAD = "avaktiverad", "Kontot avaktiverades"
    AKTIVERAD = "aktiverad", "Kontot aktiverades igen"
    LOSENORD_SATT = "losenord_satt", "Användaren satte sitt lösenord"


class Anvandarhandelse(models.Model):
    """Who did what to which user account, and when (append-only).

    An explicit log rather than simple-history on User: roles live in a
    many-to-many table and invitations change no column, but both must be
    readable as "Ada gav rollen Strateg 2026-03-01 09:12".
    """

    anvandare = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="administrationshandelser",
        verbose_name="användare",
    )
    utford_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="utförd av",
        help_text="Tomt när systemet eller ett kommando gjorde ändringen.",
    )
    tidpunkt = models.DateTimeField("tidpunkt", auto_now_add=True)
    handelse = models.CharField("händelse", max_length=20, choices=Handelse)
    detalj = models.CharField(
        "detalj", max_length=300, blank=True, validators=[no_personal_identity]
    )

    class Meta:
        verbose_name = "användarhändelse"
        verbose_name_plural = "användarhändelser"
        ordering = ["-tidpunkt", "-pk"]
        indexes = [models.Index(fields=["anvandare", "-tidpunkt"])]
        # What our user pages need, instead of auth.add_user/change_user: those
        # also open Django admin's user form (superuser flag, passwords, any
        # permission), which only a superuser may use.
        permissions = [
            ("visa_anvandare", "Får se användare, deras roller och händelser"),
            ("hantera_anvandare", "Får skapa användare, ändra uppgifter och roller, avaktivera"),
        ]

    def __str__(self):
        return f"{self.get_handelse_display()}: {self.anvandare}"

    @property
    def utford_av_namn(self):
        user = self.utford_av
        return (user.get_full_name() or user.username) if user else "Systemet"
