from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from uppfoljning.dates import HANT, rimligt_datum
from uppfoljning.validators import no_personal_identity


class Upphandlingsform(models.TextChoices):
    LOU = "lou", "LOU (ramavtal)"
    LOV = "lov", "LOV (valfrihetssystem)"
    DIREKTUPPHANDLING = "direktupphandling", "Direktupphandling"


class Malgrupp(models.TextChoices):
    BARN_UNGA = "barn_unga", "Barn och unga"
    VUXNA = "vuxna", "Vuxna"


class RamavtalQuerySet(models.QuerySet):
    def current(self, on=None):
        """Agreements in force on a date (options included), today by default."""
        on = on or timezone.localdate()
        return self.i_kraft_under(on, on)

    def i_kraft_under(self, fran, till):
        """Agreements in force some day from `fran` to `till` (options included)."""
        return self.filter(startdatum__lte=till, slutdatum_inkl_option__gte=fran)

    def with_current_risk(self):
        """Annotate each agreement with its latest risk level, in one query."""
        latest = Riskbedomning.objects.filter(ramavtal=models.OuterRef("pk")).order_by(
            "-datum", "-pk"
        )
        return self.annotate(aktuell_risk=models.Subquery(latest.values("niva")[:1]))


class Ramavtal(models.Model):
    """A framework agreement procured by the committee, holding many suppliers."""

    namn = models.CharField("namn", max_length=200, validators=[no_personal_identity])
    diarienummer = models.CharField(
        "diarienummer",
        max_length=50,
        unique=True,
        validators=[no_personal_identity],
        help_text="Nämndens diarienummer, t.ex. SCN-2019-0437.",
    )
    upphandlingsform = models.CharField(
        "upphandlingsform", max_length=20, choices=Upphandlingsform, default=Upphandlingsform.LOU
    )
    samverkan = models.CharField(
        "samverkan med andra kommuner",
        max_length=300,
        blank=True,
        validators=[no_personal_identity],
        help_text="Lämna tomt om nämnden upphandlat ensam.",
    )
    startdatum = models.DateField("startdatum", validators=[rimligt_datum])
    slutdatum = models.DateField("slutdatum", validators=[rimligt_datum])
    slutdatum_inkl_option = models.DateField(
        "slutdatum inklusive option",
        validators=[rimligt_datum],
        help_text="Avtalsperiod inklusive option.",
    )
    malgrupp = models.CharField("målgrupp", max_length=20, choices=Malgrupp)
    tillstandspliktig = models.BooleanField(
        "tillståndspliktig", default=False, help_text="Tjänsten kräver tillstånd från IVO."
    )
    arlig_ivo_tillsyn = models.BooleanField(
        "årlig tillsyn av IVO",
        default=False,
        help_text="IVO granskar verksamheterna varje år (HVB barn och unga, stödboende unga).",
    )
    ansvarig_strateg = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ansvarig strateg",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ansvariga_ramavtal",
    )
    beskrivning = models.TextField("beskrivning", blank=True, validators=[no_personal_identity])

    history = HistoricalRecords()
    objects = RamavtalQuerySet.as_manager()

    class Meta:
        verbose_name = "ramavtal"
        verbose_name_plural = "ramavtal"
        ordering = ["namn"]
        permissions = [("import_register", "Får importera leverantörer och placeringar")]

    def __str__(self):
        return self.namn

    def get_absolute_url(self):
        return reverse("ramavtal:detail", args=[self.pk])

    @property
    def aktuell_risk_label(self):
        """The latest risk level's label; on rows from with_current_risk() only."""
        return Riskniva.label_for(self.aktuell_risk)

    def clean(self):
        errors = {}
        if self.startdatum and self.slutdatum and self.slutdatum < self.startdatum:
            errors["slutdatum"] = "Slutdatum kan inte ligga före startdatum."
        if (
            self.slutdatum
            and self.slutdatum_inkl_option
            and self.slutdatum_inkl_option < self.slutdatum
        ):
            errors["slutdatum_inkl_option"] = (
                "Slutdatum inklusive option kan inte ligga före slutdatum."
            )
        if errors:
            raise ValidationError(errors)


class Avtalsomrade(models.Model):
    """A numbered sub-area of a framework agreement (anbudsområde)."""

    ramavtal = models.ForeignKey(
        Ramavtal, on_delete=models.PROTECT, related_name="avtalsomraden", verbose_name="ramavtal"
    )
    nummer = models.PositiveSmallIntegerField("nummer")
    namn = models.CharField("namn", max_length=200, validators=[no_personal_identity])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "avtalsområde"
        verbose_name_plural = "avtalsområden"
        ordering = ["ramavtal", "nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["ramavtal", "nummer"],
                name="unique_avtalsomrade_nummer",
                violation_error_message="Ramavtalet har redan ett avtalsområde med det numret.",
            )
        ]

    def __str__(self):
        return f"{self.nummer} {self.namn}"


class Niva(models.Model):
    """A service level within an agreement, e.g. one of four stödboende levels."""

    ramavtal = models.ForeignKey(
        Ramavtal, on_delete=models.PROTECT, related_name="nivaer", verbose_name="ramavtal"
    )
    ordning = models.PositiveSmallIntegerField("ordning", default=1)
    namn = models.CharField("namn", max_length=200, validators=[no_personal_identity])
    beskrivning = models.TextField("beskrivning", blank=True, validators=[no_personal_identity])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "nivå"
        verbose_name_plural = "nivåer"
        ordering = ["ramavtal", "ordning"]
        constraints = [
            models.UniqueConstraint(
                fields=["ramavtal", "namn"],
                name="unique_niva_namn",
                violation_error_message="Ramavtalet har redan en nivå med det namnet.",
            )
        ]

    def __str__(self):
        return self.namn


class Riskniva(models.TextChoices):
    HOG = "hog", "Hög"
    MEDELHOG = "medelhog", "Medelhög"
    LAG = "lag", "Låg"

    @classmethod
    def label_for(cls, niva):
        """The label of a level, or "Ej bedömd" for an agreement never assessed."""
        return cls(niva).label if niva else "Ej bedömd"


class Riskfaktor(models.TextChoices):
    TJANSTENS_ART = "tjanstens_art", "Tjänstens art och målgrupp"
    INSYN = "insyn", "Låg insyn (vård i hemmet eller en till en)"
    KANDA_BRISTER = "kanda_brister", "Kända brister"
    SIGNALER = "signaler", "Signaler från IVO och klagomål"
    VOLYM = "volym", "Volym"


class Riskbedomning(models.Model):
    """A dated risk assessment of a framework agreement; the latest is current."""

    ramavtal = models.ForeignKey(
        Ramavtal, on_delete=models.PROTECT, related_name="riskbedomningar", verbose_name="ramavtal"
    )
    datum = models.DateField("datum", default=timezone.localdate, validators=HANT)
    niva = models.CharField("risknivå", max_length=10, choices=Riskniva)
    faktorer = models.JSONField(
        "riskfaktorer", default=list, blank=True, help_text="Faktorer som höjer risken."
    )
    motivering = models.TextField("motivering", validators=[no_personal_identity])
    bedomd_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bedömd av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "riskbedömning"
        verbose_name_plural = "riskbedömningar"
        ordering = ["-datum", "-pk"]
        get_latest_by = ["datum", "pk"]

    def __str__(self):
        return f"{self.get_niva_display()} ({self.datum:%Y-%m-%d})"

    def clean(self):
        unknown = set(self.faktorer or []) - set(Riskfaktor.values)
        if unknown:
            raise ValidationError({"faktorer": "Okänd riskfaktor: " + ", ".join(sorted(unknown))})

    def faktorer_display(self):
        labels = dict(Riskfaktor.choices)
        return [labels[key] for key in self.faktorer if key in labels]
