"""Event-driven and special follow-ups: the case (Uppfoljning), its requests, visits and
findings, and for special follow-ups the planned suppliers, documents and observations."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from arenden.models.avvikelser import Avvikelse, Signal
from arenden.models.common import Allvarlighet
from leverantorer.models import Beslut, Leverantor, Verksamhet
from ramavtal.models import Avtalsomrade, Ramavtal
from uppfoljning import roles
from uppfoljning.dates import HANT, RANGE_MESSAGE, check_order, rimligt_datum
from uppfoljning.ordlistor import Ordlista
from uppfoljning.validators import no_personal_identity

User = settings.AUTH_USER_MODEL


class UppfoljningTyp(models.TextChoices):
    # Ongoing follow-up (löpande) is deviations, checks and samples, never a
    # case of its own: no code path ever made an Uppfoljning of that kind.
    HANDELSSTYRD = "handelsstyrd", "Händelsestyrd"
    SARSKILD = "sarskild", "Särskild"


class UppfoljningStatus(models.TextChoices):
    OPPEN = "oppen", "Pågår"
    AVSLUTAD = "avslutad", "Avslutad"


class Utfall(models.TextChoices):
    INGEN_ATGARD = "ingen_atgard", "Ingen åtgärd"
    KRAV_PA_RATTELSE = "krav_pa_rattelse", "Krav på rättelse"
    TILLFALLIG_UTESLUTNING = "tillfallig_uteslutning", "Tillfällig uteslutning från avrop"
    UPPSAGNING = "uppsagning", "Uppsägning"
    HAVNING = "havning", "Hävning"
    VITE = "vite", "Vite"


class Urvalsregel(models.TextChoices):
    """How a special follow-up's sample of units was picked."""

    ALLA = "alla", "Alla verksamheter i området"
    PLACERINGAR = "placeringar", "Verksamheter med placeringar under en period"
    FLEST_PLACERINGAR = "flest_placeringar", "De N med flest placeringar"
    HOGST_INKOPSVARDE = "hogst_inkopsvarde", "De N med högst inköpsvärde"
    SLUMP = "slump", "N slumpvis valda (sparat slumpfrö)"
    HAND = "hand", "Valda för hand"


class Metod(Ordlista):
    """A follow-up method (survey, interview, visit …); a word list on /ordlistor/."""

    history = HistoricalRecords()

    class Meta(Ordlista.Meta):
        verbose_name = "metod"
        verbose_name_plural = "metoder"


class Tema(Ordlista):
    """A theme examined (bemanning, lokaler, meddelarfrihet …); a word list."""

    history = HistoricalRecords()

    class Meta(Ordlista.Meta):
        verbose_name = "tema"
        verbose_name_plural = "teman"


class UppfoljningQuerySet(models.QuerySet):
    def open(self):
        """Follow-ups not yet closed."""
        return self.filter(status=UppfoljningStatus.OPPEN)


class Uppfoljning(models.Model):
    """A follow-up case: event-driven (about one supplier) or special (planned,
    about a framework agreement and a sample of its suppliers)."""

    typ = models.CharField("typ", max_length=20, choices=UppfoljningTyp)
    rubrik = models.CharField("rubrik", max_length=200, validators=[no_personal_identity])
    ramavtal = models.ForeignKey(
        Ramavtal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uppfoljningar",
        verbose_name="ramavtal",
    )
    avtalsomrade = models.ForeignKey(
        Avtalsomrade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="avtalsområde",
    )
    ar = models.PositiveSmallIntegerField("år", null=True, blank=True)
    leverantor = models.ForeignKey(
        Leverantor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uppfoljningar",
        verbose_name="leverantör",
    )
    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uppfoljningar",
        verbose_name="verksamhet",
    )
    utlosande = models.TextField(
        "vad utlöste uppföljningen", blank=True, validators=[no_personal_identity]
    )
    avvikelser = models.ManyToManyField(
        Avvikelse, blank=True, related_name="uppfoljningar", verbose_name="avvikelser"
    )
    signaler = models.ManyToManyField(
        Signal, blank=True, related_name="uppfoljningar", verbose_name="signaler"
    )
    urvalskriterier = models.TextField(
        "urvalskriterier",
        blank=True,
        validators=[no_personal_identity],
        help_text="Hur urvalet gjordes, t.ex. högst inköpsvärde jan 2023 – apr 2024.",
    )
    urvalsregel = models.CharField(
        "urvalsregel", max_length=20, choices=Urvalsregel, blank=True, editable=False
    )
    # With urvalsregel SLUMP: the seed that reproduces the draw (arenden.urvalsregler).
    urval_seed = models.BigIntegerField("slumpfrö", null=True, blank=True, editable=False)
    # The N of a rule that takes N units (top N, random N), so the draw can be re-run.
    urval_antal = models.PositiveIntegerField(
        "antal i urvalet", null=True, blank=True, editable=False
    )
    metoder = models.ManyToManyField(Metod, blank=True, verbose_name="metoder")
    teman = models.ManyToManyField(Tema, blank=True, verbose_name="teman")
    ansvarig = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="uppfoljningar", verbose_name="ansvarig"
    )
    oppnad = models.DateField("öppnad", default=timezone.localdate, validators=HANT)
    status = models.CharField(
        "status", max_length=10, choices=UppfoljningStatus, default=UppfoljningStatus.OPPEN
    )
    bedomning = models.TextField("bedömning", blank=True, validators=[no_personal_identity])
    utfall = models.CharField("utfall", max_length=30, choices=Utfall, blank=True)
    rattelse_senast = models.DateField(
        "rättelse senast", null=True, blank=True, validators=[rimligt_datum]
    )
    beslut = models.ForeignKey(
        Beslut,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uppfoljningar",
        verbose_name="beslut",
    )
    avslutad = models.DateField("avslutad", null=True, blank=True, validators=HANT)

    history = HistoricalRecords(m2m_fields=[avvikelser, signaler, metoder, teman])
    objects = UppfoljningQuerySet.as_manager()

    class Meta:
        verbose_name = "uppföljning"
        verbose_name_plural = "uppföljningar"
        ordering = ["-oppnad", "-pk"]

    def __str__(self):
        return self.rubrik

    def get_absolute_url(self):
        return reverse("arenden:uppfoljning", args=[self.pk])

    def clean(self):
        errors = {}
        if self.typ == UppfoljningTyp.HANDELSSTYRD and not self.leverantor_id:
            errors["leverantor"] = "En händelsestyrd uppföljning gäller en leverantör."
        if self.typ == UppfoljningTyp.SARSKILD:
            if not self.ramavtal_id:
                errors["ramavtal"] = "En särskild uppföljning gäller ett ramavtal."
            if not self.ar:
                errors["ar"] = "Ange vilket år uppföljningen planeras."
        if (
            self.verksamhet_id
            and self.leverantor_id
            and self.verksamhet.leverantor_id != self.leverantor_id
        ):
            errors["verksamhet"] = "Verksamheten hör inte till leverantören."
        check_order(
            errors,
            "avslutad",
            self.oppnad,
            self.avslutad,
            "Uppföljningen kan inte avslutas före det datum den öppnades.",
        )
        if errors:
            raise ValidationError(errors)


def handelsstyrd_of(record):
    """The event-driven case a request or finding belongs to, else None.

    Only such a case has a date opened that the user sets; a special
    follow-up is planned by year and may be registered after its work.
    """
    if not record.uppfoljning_id:
        return None
    case = record.uppfoljning
    return case if case.typ == UppfoljningTyp.HANDELSSTYRD else None


class Informationsbegaran(models.Model):
    """A request for information sent to the supplier in a case."""

    uppfoljning = models.ForeignKey(
        Uppfoljning, on_delete=models.PROTECT, related_name="begaranden", verbose_name="uppföljning"
    )
    vad = models.TextField("vad begärs", validators=[no_personal_identity])
    skickad = models.DateField("skickad", default=timezone.localdate, validators=HANT)
    svar_senast = models.DateField("svar senast", validators=[rimligt_datum])
    besvarad = models.DateField("besvarad", null=True, blank=True, validators=HANT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "begäran om information"
        verbose_name_plural = "begäranden om information"
        ordering = ["skickad", "pk"]

    def __str__(self):
        return f"Begäran {self.skickad:%Y-%m-%d}"

    def clean(self):
        errors = {}
        check_order(
            errors,
            "svar_senast",
            self.skickad,
            self.svar_senast,
            "Svarsdatum kan inte ligga före skickat datum.",
        )
        check_order(
            errors,
            "besvarad",
            self.skickad,
            self.besvarad,
            "Begäran kan inte vara besvarad före det datum den skickades.",
        )
        case = handelsstyrd_of(self)
        if case is not None:
            check_order(
                errors,
                "skickad",
                case.oppnad,
                self.skickad,
                "Begäran kan inte skickas före det datum uppföljningen öppnades "
                f"({case.oppnad:%Y-%m-%d}).",
            )
        if errors:
            raise ValidationError(errors)


class PlatsbesokQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A planned unannounced visit stays with the strategists until it happened."""
        if roles.has_role(user, roles.STRATEG):
            return self
        return self.exclude(anmalt=False, genomfort=False)


class Platsbesok(models.Model):
    """A site visit; a planned unannounced one is hidden from all but strategists."""

    uppfoljning = models.ForeignKey(
        Uppfoljning, on_delete=models.PROTECT, related_name="besok", verbose_name="uppföljning"
    )
    verksamhet = models.ForeignKey(
        Verksamhet, on_delete=models.PROTECT, related_name="besok", verbose_name="verksamhet"
    )
    tidpunkt = models.DateTimeField("datum och tid", validators=[rimligt_datum])
    anmalt = models.BooleanField("anmält", default=True)
    kvall = models.BooleanField("kvällstid", default=False)
    genomfort = models.BooleanField("genomfört", default=False)
    deltagare = models.CharField(
        "deltagare", max_length=300, blank=True, validators=[no_personal_identity]
    )
    iakttagelser = models.TextField("iakttagelser", blank=True, validators=[no_personal_identity])

    history = HistoricalRecords()
    objects = PlatsbesokQuerySet.as_manager()

    class Meta:
        verbose_name = "platsbesök"
        verbose_name_plural = "platsbesök"
        ordering = ["tidpunkt", "pk"]
        # Also in the database: a year-1 typo is stored by PostgreSQL as a BC
        # timestamp that Python cannot read, and every page showing it fails.
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    tidpunkt__gte=datetime.datetime(1989, 12, 31, tzinfo=datetime.UTC),
                    tidpunkt__lt=datetime.datetime(2102, 1, 1, tzinfo=datetime.UTC),
                ),
                name="platsbesok_tidpunkt_rimlig",
                violation_error_message=RANGE_MESSAGE,
            )
        ]

    def __str__(self):
        kind = "Anmält" if self.anmalt else "Oanmält"
        return f"{kind} besök {timezone.localtime(self.tidpunkt):%Y-%m-%d %H:%M}"

    def clean(self):
        # A planned visit may lie ahead; one marked as done has happened.
        if self.genomfort and self.tidpunkt and self.tidpunkt > timezone.now():
            raise ValidationError(
                {"genomfort": "Ett besök som ligger i framtiden kan inte vara genomfört."}
            )


class BristStatus(models.TextChoices):
    OPPEN = "oppen", "Öppen"
    ATGARDAD = "atgardad", "Åtgärdad"
    EJ_ATGARDAD = "ej_atgardad", "Ej åtgärdad – eskalerad"


class BristQuerySet(models.QuerySet):
    def open(self):
        """Findings the supplier has not yet fixed."""
        return self.filter(status=BristStatus.OPPEN)

    def past_deadline(self, on=None):
        """Open findings whose deadline has passed: due the day after it (see Brist.forsenad)."""
        on = on or timezone.localdate()
        return self.open().filter(atgard_senast__lt=on)


class Brist(models.Model):
    """A finding fed back to the supplier, who must fix it by a deadline."""

    uppfoljning = models.ForeignKey(
        Uppfoljning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="brister",
        verbose_name="uppföljning",
    )
    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="brister", verbose_name="leverantör"
    )
    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="brister",
        verbose_name="verksamhet",
    )
    tema = models.ForeignKey(
        Tema, on_delete=models.PROTECT, null=True, blank=True, verbose_name="tema"
    )
    beskrivning = models.TextField("beskrivning", validators=[no_personal_identity])
    allvarlighet = models.CharField(
        "allvarlighet", max_length=10, choices=Allvarlighet, default=Allvarlighet.MEDEL
    )
    krav = models.TextField("krav på åtgärd", validators=[no_personal_identity])
    konstaterad = models.DateField("konstaterad", default=timezone.localdate, validators=HANT)
    atgard_senast = models.DateField("åtgärdas senast", validators=[rimligt_datum])
    aterkopplad = models.DateField(
        "återkopplad till leverantören", null=True, blank=True, validators=HANT
    )
    status = models.CharField(
        "status", max_length=15, choices=BristStatus, default=BristStatus.OPPEN
    )
    verifierad_av = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="verifierad av",
    )
    atgardad = models.DateField("åtgärdad", null=True, blank=True, validators=HANT)
    verifierad = models.DateField("verifierad", null=True, blank=True, validators=HANT)
    eskalerad_till = models.ForeignKey(
        Uppfoljning,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fran_brister",
        verbose_name="eskalerad till",
    )

    history = HistoricalRecords()
    objects = BristQuerySet.as_manager()

    class Meta:
        verbose_name = "brist"
        verbose_name_plural = "brister"
        ordering = ["atgard_senast", "pk"]

    def __str__(self):
        return f"Brist hos {self.leverantor}: {self.beskrivning[:60]}"

    def get_absolute_url(self):
        return reverse("arenden:brist", args=[self.pk])

    def is_past_deadline(self, on=None):
        """Still open after its deadline day (the same rule as BristQuerySet.past_deadline)."""
        on = on or timezone.localdate()
        return self.status == BristStatus.OPPEN and self.atgard_senast < on

    @property
    def forsenad(self):
        """Past its deadline today: what pages mark "försenad"."""
        return self.is_past_deadline()

    def clean(self):
        errors = {}
        found = self.konstaterad
        check_order(
            errors,
            "aterkopplad",
            found,
            self.aterkopplad,
            "Bristen kan inte återkopplas före det datum den konstaterades.",
        )
        check_order(
            errors,
            "atgardad",
            found,
            self.atgardad,
            "Bristen kan inte vara åtgärdad före det datum den konstaterades.",
        )
        check_order(
            errors,
            "verifierad",
            found,
            self.verifierad,
            "Bristen kan inte verifieras före det datum den konstaterades.",
        )
        check_order(
            errors,
            "verifierad",
            self.atgardad,
            self.verifierad,
            "Åtgärden kan inte verifieras före det datum bristen åtgärdades.",
        )
        case = handelsstyrd_of(self)
        if case is not None:
            check_order(
                errors,
                "konstaterad",
                case.oppnad,
                found,
                "Bristen kan inte konstateras före det datum uppföljningen öppnades "
                f"({case.oppnad:%Y-%m-%d}).",
            )
        if errors:
            raise ValidationError(errors)


class PlaneradStatus(models.TextChoices):
    PLANERAD = "planerad", "Planerad"
    PAGAR = "pagar", "Pågår"
    GENOMFORD = "genomford", "Genomförd"
    FLYTTAD = "flyttad", "Flyttad till nästa år"
    INSTALLD = "installd", "Inställd"


class PlaneradUtfall(models.TextChoices):
    """The outcome ladder of a sample row, mildest first (see arenden.utfallstrappa)."""

    INGA_ANMARKNINGAR = "inga", "Utan anmärkning"
    KOMPLETTERING = "komplettering", "Komplettering begärd"
    RATTELSE = "rattelse", "Rättelse begärd"
    VITE = "vite", "Vite"
    HAVNING = "havning", "Hävning"


class EjGenomfordOrsak(Ordlista):
    """Why a planned follow-up of a supplier was moved or cancelled; a word list.

    The annual report counts planned versus done follow-ups and says why the
    rest were not done (unit closed, merged, contract ended …).
    """

    history = HistoricalRecords()

    class Meta(Ordlista.Meta):
        verbose_name = "orsak till ej genomförd uppföljning"
        verbose_name_plural = "orsaker till ej genomförda uppföljningar"


EJ_GENOMFORD = (PlaneradStatus.FLYTTAD, PlaneradStatus.INSTALLD)


class UppfoljningLeverantorQuerySet(models.QuerySet):
    def av_ar(self, ar):
        """Sample rows of the special follow-ups planned for a year."""
        return self.filter(uppfoljning__typ=UppfoljningTyp.SARSKILD, uppfoljning__ar=ar)

    def att_overfora(self, ar):
        """Rows of year `ar` moved to next year and not yet carried into a later sample."""
        return self.av_ar(ar).filter(status=PlaneradStatus.FLYTTAD, flyttad_till__isnull=True)


class UppfoljningLeverantor(models.Model):
    """A unit in the sample of a special follow-up, and how it went.

    The supplier follows from the unit (kept on the row for grouping and for rows
    from before samples were of units, which have no verksamhet).
    """

    uppfoljning = models.ForeignKey(
        Uppfoljning, on_delete=models.PROTECT, related_name="urval", verbose_name="uppföljning"
    )
    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="+", verbose_name="leverantör"
    )
    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urvalsrader",
        verbose_name="verksamhet",
    )
    metod = models.ForeignKey(
        Metod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="metod som användes",
    )
    flyttad_fran = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flyttad_till",
        verbose_name="flyttad från",
        help_text="Raden i förra årets uppföljning som flyttades hit.",
    )
    inkopsvarde = models.DecimalField(
        "inköpsvärde (kr)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    antal_placeringar = models.PositiveIntegerField("antal placeringar", null=True, blank=True)
    status = models.CharField(
        "status", max_length=15, choices=PlaneradStatus, default=PlaneradStatus.PLANERAD
    )
    orsak = models.ForeignKey(
        EjGenomfordOrsak,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="orsak",
        help_text="Krävs när uppföljningen flyttas eller ställs in.",
    )
    skal = models.CharField(
        "kommentar",
        max_length=300,
        blank=True,
        validators=[no_personal_identity],
        help_text="Frivillig förklaring till orsaken.",
    )
    utfall = models.CharField("utfall", max_length=15, choices=PlaneradUtfall, blank=True)
    # Evidence of the ladder's steps (see arenden.utfallstrappa).
    brist = models.ForeignKey(
        Brist,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urvalsrader",
        verbose_name="brist (krav på rättelse)",
    )
    beslut = models.ForeignKey(
        Beslut,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urvalsrader",
        verbose_name="beslut (vite eller hävning)",
    )
    atgardat = models.DateField(
        "åtgärdat",
        null=True,
        blank=True,
        validators=HANT,
        help_text="När verksamheten rättade eller kompletterade. Tomt: hanteras fortfarande.",
    )
    underlag = models.CharField(
        "underlag",
        max_length=300,
        blank=True,
        validators=[no_personal_identity],
        help_text="Var underlaget för utfallet finns, t.ex. diarienummer.",
    )

    history = HistoricalRecords()
    objects = UppfoljningLeverantorQuerySet.as_manager()

    class Meta:
        verbose_name = "verksamhet i urvalet"
        verbose_name_plural = "verksamheter i urvalet"
        ordering = ["uppfoljning", "-inkopsvarde", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["uppfoljning", "verksamhet"],
                condition=models.Q(verksamhet__isnull=False),
                name="unique_urval_verksamhet",
                violation_error_message="Verksamheten finns redan i urvalet.",
            ),
            # Rows from before samples were of units name a supplier only.
            models.UniqueConstraint(
                fields=["uppfoljning", "leverantor"],
                condition=models.Q(verksamhet__isnull=True),
                name="unique_urval_leverantor",
                violation_error_message="Leverantören finns redan i urvalet.",
            ),
        ]
        indexes = [models.Index(fields=["uppfoljning", "status"])]

    def __str__(self):
        subject = self.verksamhet if self.verksamhet_id else self.leverantor
        return f"{subject} i {self.uppfoljning}"

    def save(self, *args, **kwargs):
        # The supplier follows from the unit.
        if self.verksamhet_id and not self.leverantor_id:
            self.leverantor_id = self.verksamhet.leverantor_id
        super().save(*args, **kwargs)

    @property
    def ej_genomford_text(self):
        """Why the row was not done as planned: the reason and any comment."""
        return " – ".join(p for p in (self.orsak.namn if self.orsak_id else "", self.skal) if p)

    def clean(self):
        # The status/outcome/evidence rules are the outcome ladder's (imported
        # here: that module reads these models).
        from arenden.utfallstrappa import fel

        errors = fel(self)
        if (
            self.verksamhet_id
            and self.leverantor_id
            and self.verksamhet.leverantor_id != self.leverantor_id
        ):
            errors["verksamhet"] = "Verksamheten hör inte till leverantören."
        if errors:
            raise ValidationError(errors)


class Dokumentbegaran(models.Model):
    """A document requested from a supplier in a special follow-up."""

    uppfoljning = models.ForeignKey(
        Uppfoljning, on_delete=models.PROTECT, related_name="dokument", verbose_name="uppföljning"
    )
    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="+", verbose_name="leverantör"
    )
    dokument = models.CharField(
        "dokument",
        max_length=200,
        validators=[no_personal_identity],
        help_text="T.ex. bemanningsschema, kvalitetsberättelse, rutiner, verksamhetsberättelse.",
    )
    begart = models.DateField("begärt", default=timezone.localdate, validators=HANT)
    inkommet = models.DateField("inkommet", null=True, blank=True, validators=HANT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "begärt dokument"
        verbose_name_plural = "begärda dokument"
        ordering = ["begart", "pk"]

    def __str__(self):
        return f"{self.dokument} från {self.leverantor}"

    def clean(self):
        errors = {}
        check_order(
            errors,
            "inkommet",
            self.begart,
            self.inkommet,
            "Dokumentet kan inte komma in före begäran.",
        )
        if errors:
            raise ValidationError(errors)


class Observation(models.Model):
    """What was seen for one supplier and theme in a special follow-up."""

    uppfoljning = models.ForeignKey(
        Uppfoljning,
        on_delete=models.PROTECT,
        related_name="observationer",
        verbose_name="uppföljning",
    )
    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="+", verbose_name="leverantör"
    )
    tema = models.ForeignKey(Tema, on_delete=models.PROTECT, verbose_name="tema")
    metod = models.ForeignKey(
        Metod, on_delete=models.PROTECT, null=True, blank=True, verbose_name="metod"
    )
    text = models.TextField("iakttagelse", validators=[no_personal_identity])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "observation"
        verbose_name_plural = "observationer"
        ordering = ["uppfoljning", "leverantor", "tema"]

    def __str__(self):
        return f"{self.tema}: {self.leverantor}"
