from dataclasses import dataclass

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
    BADA = "bada", "Barn, unga och vuxna"


@dataclass(frozen=True)
class Benamning:
    """The nouns pages use for an agreement: a framework agreement (LOU) ranks
    suppliers in a call-off order; a choice system (LOV) approves units and the
    person chooses among them."""

    avtalet: str  # "ramavtalet" / "valfrihetssystemet"
    typ: str  # "Ramavtal" / "Valfrihetssystem"
    leverantorer: str  # "leverantörer" / "godkända utförare"
    leverantorer_pa: str  # "leverantörer på ramavtalet" / "godkända utförare i …"

    @property
    def Avtalet(self):  # noqa: N802 - the capitalised form, for a sentence start
        return self.avtalet[:1].upper() + self.avtalet[1:]


RAMAVTAL_ORD = Benamning(
    avtalet="ramavtalet",
    typ="Ramavtal",
    leverantorer="leverantörer",
    leverantorer_pa="leverantörer på ramavtalet",
)
VALFRIHETSSYSTEM_ORD = Benamning(
    avtalet="valfrihetssystemet",
    typ="Valfrihetssystem",
    leverantorer="godkända utförare",
    leverantorer_pa="godkända utförare i valfrihetssystemet",
)


class RamavtalQuerySet(models.QuerySet):
    def current(self, on=None):
        """Agreements in force on a date (options included), today by default."""
        on = on or timezone.localdate()
        return self.i_kraft_under(on, on)

    def i_kraft_under(self, fran, till):
        """Agreements in force some day from `fran` to `till` (options included)."""
        # A choice system (LOV) without a closing date runs until further notice.
        return self.filter(startdatum__lte=till).filter(
            models.Q(slutdatum_inkl_option__isnull=True) | models.Q(slutdatum_inkl_option__gte=fran)
        )

    def with_current_risk(self):
        """Annotate each agreement with its latest risk level, in one query."""
        latest = Riskbedomning.objects.filter(
            ramavtal=models.OuterRef("pk"), avtalsomrade__isnull=True
        ).order_by("-datum", "-pk")
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
    # Empty only for a choice system (LOV), which runs until further notice.
    slutdatum = models.DateField("slutdatum", null=True, blank=True, validators=[rimligt_datum])
    slutdatum_inkl_option = models.DateField(
        "slutdatum inklusive option",
        null=True,
        blank=True,
        validators=[rimligt_datum],
        help_text="Avtalsperiod inklusive option. Ett valfrihetssystem utan slutdatum lämnas tomt.",
    )
    uppfoljningsintervall_ar = models.PositiveSmallIntegerField(
        "följ upp varje verksamhet minst vart",
        null=True,
        blank=True,
        help_text="Antal år. För valfrihetssystem: planen varnar när en godkänd verksamhet "
        "inte följts upp inom så många år.",
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
    def ar_valfrihetssystem(self):
        """A choice system (LOV): suppliers approved at any time, no call-off order."""
        return self.upphandlingsform == Upphandlingsform.LOV

    @property
    def tillsvidare(self):
        """Open-ended: no date the agreement (or choice system) ends."""
        return self.slutdatum_inkl_option is None

    @property
    def ord(self):
        """The nouns that fit this agreement in pages and reports (Benamning)."""
        return VALFRIHETSSYSTEM_ORD if self.ar_valfrihetssystem else RAMAVTAL_ORD

    @property
    def period_text(self):
        """The period including options as shown in lists: "2021-03-01 – 2025-02-28",
        "2024-01-01 – tills vidare" or, for a choice system that will close,
        "2024-01-01 – gäller tills vidare (stängs 2030-12-31)"."""
        start = f"{self.startdatum:%Y-%m-%d}" if self.startdatum else "–"
        if self.tillsvidare:
            return f"{start} – tills vidare"
        if self.ar_valfrihetssystem:
            return f"{start} – gäller tills vidare (stängs {self.slutdatum_inkl_option:%Y-%m-%d})"
        return f"{start} – {self.slutdatum_inkl_option:%Y-%m-%d}"

    @property
    def aktuell_risk_label(self):
        """The latest risk level's label; on rows from with_current_risk() only."""
        return Riskniva.label_for(self.aktuell_risk)

    def clean(self):
        errors = {}
        if not self.ar_valfrihetssystem:
            for name in ("slutdatum", "slutdatum_inkl_option"):
                if getattr(self, name) is None:
                    errors[name] = (
                        "Ange slutdatum. Bara ett valfrihetssystem kan gälla tills vidare."
                    )
        elif self.slutdatum_inkl_option and not self.slutdatum:
            self.slutdatum = self.slutdatum_inkl_option
        elif self.slutdatum and not self.slutdatum_inkl_option:
            self.slutdatum_inkl_option = self.slutdatum
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
    # An area may start later or end earlier than its agreement (a later anbudsområde).
    startdatum = models.DateField(
        "startdatum",
        null=True,
        blank=True,
        validators=[rimligt_datum],
        help_text="Lämna tomt om området gäller från avtalets start.",
    )
    slutdatum = models.DateField(
        "slutdatum",
        null=True,
        blank=True,
        validators=[rimligt_datum],
        help_text="Lämna tomt om området gäller lika länge som avtalet.",
    )

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

    @property
    def egen_period(self):
        """True when the area's period differs from its agreement's."""
        return bool(self.startdatum or self.slutdatum)

    @property
    def period_text(self):
        """The area's own period, the agreement's filling what the area leaves empty."""
        ramavtal = self.ramavtal
        start = self.startdatum or ramavtal.startdatum
        if self.slutdatum:
            return f"{start:%Y-%m-%d} – {self.slutdatum:%Y-%m-%d}"
        if ramavtal.tillsvidare:
            return f"{start:%Y-%m-%d} – tills vidare"
        return f"{start:%Y-%m-%d} – {ramavtal.slutdatum_inkl_option:%Y-%m-%d}"

    def clean(self):
        if self.startdatum and self.slutdatum and self.slutdatum < self.startdatum:
            raise ValidationError({"slutdatum": "Slutdatum kan inte ligga före startdatum."})


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
    """A dated risk assessment of a framework agreement, or of one of its areas
    (avtalsomrade set); the latest of each is current."""

    ramavtal = models.ForeignKey(
        Ramavtal, on_delete=models.PROTECT, related_name="riskbedomningar", verbose_name="ramavtal"
    )
    avtalsomrade = models.ForeignKey(
        Avtalsomrade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="riskbedomningar",
        verbose_name="avtalsområde",
        help_text="Lämna tomt för en bedömning av hela avtalet.",
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
        if self.avtalsomrade_id and self.avtalsomrade.ramavtal_id != self.ramavtal_id:
            raise ValidationError({"avtalsomrade": "Avtalsområdet hör inte till avtalet."})

    def faktorer_display(self):
        labels = dict(Riskfaktor.choices)
        return [labels[key] for key in self.faktorer if key in labels]
