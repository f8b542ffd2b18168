import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from stdnum.se import personnummer as stdnum_personnummer

from ramavtal.models import Avtalsomrade, Niva, Ramavtal
from uppfoljning import ordlistor
from uppfoljning.dates import HANT, rimligt_datum
from uppfoljning.ordlistor import KodadOrdlista
from uppfoljning.text import fold
from uppfoljning.validators import no_personal_identity, normalize_orgnr


def orgnr_is_personnummer(value):
    """A sole trader's organisationsnummer is their personnummer."""
    return stdnum_personnummer.is_valid(value)


class LeverantorQuerySet(models.QuerySet):
    def with_counts(self):
        """Annotate the number of units and of active contracts, in one query."""
        return self.annotate(
            antal_verksamheter=models.Count("verksamheter", distinct=True),
            antal_aktiva_avtal=models.Count("avtal", filter=aktiva_q("avtal__"), distinct=True),
        )


class Leverantor(models.Model):
    """A supplier: a legal person with an organisationsnummer."""

    namn = models.CharField("namn", max_length=200, validators=[no_personal_identity])
    organisationsnummer = models.CharField(
        "organisationsnummer",
        max_length=11,
        unique=True,
        help_text="Tio siffror, NNNNNN-NNNN. För enskild firma är det innehavarens personnummer.",
    )
    enskild_firma = models.BooleanField(
        "enskild firma",
        default=False,
        editable=False,
        help_text="Organisationsnumret är ett personnummer och behandlas som personuppgift.",
    )
    ort = models.CharField("ort", max_length=100, blank=True, validators=[no_personal_identity])
    region = models.CharField(
        "län/region", max_length=100, blank=True, validators=[no_personal_identity]
    )
    epost = models.EmailField("e-post", blank=True)
    telefon = models.CharField("telefon", max_length=40, blank=True)
    anteckning = models.TextField("anteckning", blank=True, validators=[no_personal_identity])
    # Accent- and case-folded name for search-as-you-type, kept by save().
    sokbar_namn = models.CharField(max_length=200, editable=False, default="", db_index=True)

    history = HistoricalRecords(excluded_fields=["sokbar_namn"])
    objects = LeverantorQuerySet.as_manager()

    class Meta:
        verbose_name = "leverantör"
        verbose_name_plural = "leverantörer"
        ordering = ["namn"]

    def __str__(self):
        return self.namn

    def save(self, *args, **kwargs):
        self.sokbar_namn = fold(self.namn)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("leverantorer:detail", args=[self.pk])

    def clean(self):
        if self.organisationsnummer:
            try:
                self.organisationsnummer = normalize_orgnr(self.organisationsnummer)
            except ValidationError as error:
                raise ValidationError({"organisationsnummer": error}) from None
            self.enskild_firma = orgnr_is_personnummer(self.organisationsnummer)

    @property
    def organisationsnummer_visas(self):
        """What lists and exports show: a sole trader's number is personal data."""
        if self.enskild_firma:
            return self.organisationsnummer[:6] + "-****"
        return self.organisationsnummer


class ForetradareRoll(models.TextChoices):
    VD = "vd", "Verkställande direktör"
    ORDFORANDE = "ordforande", "Styrelseordförande"
    LEDAMOT = "ledamot", "Styrelseledamot"
    SUPPLEANT = "suppleant", "Styrelsesuppleant"
    INNEHAVARE = "innehavare", "Innehavare"
    ANNAN = "annan", "Annan företrädare"


class Foretradare(models.Model):
    """A representative of a supplier (board member, managing director).

    Name and role only: criminal-record checks store an outcome elsewhere,
    never the register's content.
    """

    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="foretradare", verbose_name="leverantör"
    )
    namn = models.CharField("namn", max_length=200, validators=[no_personal_identity])
    roll = models.CharField("roll", max_length=20, choices=ForetradareRoll)
    fran = models.DateField("från", null=True, blank=True, validators=[rimligt_datum])
    till = models.DateField(
        "till",
        null=True,
        blank=True,
        validators=[rimligt_datum],
        help_text="Lämna tomt om uppdraget pågår.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "företrädare"
        verbose_name_plural = "företrädare"
        ordering = ["leverantor", "namn"]

    def __str__(self):
        return f"{self.namn} ({self.get_roll_display()})"


class Tillstandsstatus(models.TextChoices):
    GILTIGT = "giltigt", "Giltigt tillstånd"
    SAKNAS = "saknas", "Tillstånd saknas"
    ATERKALLAT = "aterkallat", "Tillstånd återkallat"
    EJ_KRAV = "ej_krav", "Tillstånd krävs inte"
    OKANT = "okant", "Okänt"


class Verksamhet(models.Model):
    """A supplier's unit: an HVB home, a stödboende, a family-home consultancy."""

    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="verksamheter", verbose_name="leverantör"
    )
    namn = models.CharField("namn", max_length=200, validators=[no_personal_identity])
    ivo_tillstandsnummer = models.CharField(
        "IVO-tillståndsnummer",
        max_length=50,
        blank=True,
        db_index=True,
        validators=[no_personal_identity],
    )
    tillstandsstatus = models.CharField(
        "tillståndsstatus", max_length=20, choices=Tillstandsstatus, default=Tillstandsstatus.OKANT
    )
    vilande = models.BooleanField("vilande", default=False)
    forestandare = models.CharField(
        "föreståndare", max_length=200, blank=True, validators=[no_personal_identity]
    )
    antal_platser = models.PositiveIntegerField("antal platser", null=True, blank=True)
    inriktning = models.CharField(
        "inriktning",
        max_length=300,
        blank=True,
        validators=[no_personal_identity],
        help_text="T.ex. utredning och behandling, flickor 13–17.",
    )
    kommun = models.CharField(
        "kommun", max_length=100, blank=True, validators=[no_personal_identity]
    )
    region = models.CharField(
        "län/region", max_length=100, blank=True, validators=[no_personal_identity]
    )
    skyddat_boende = models.BooleanField(
        "skyddat boende", default=False, help_text="Adressen är sekretessbelagd."
    )
    adress = models.CharField(
        "adress",
        max_length=300,
        blank=True,
        validators=[no_personal_identity],
        help_text="För skyddat boende visas adressen bara för behöriga.",
    )
    sokbar_namn = models.CharField(max_length=200, editable=False, default="", db_index=True)

    history = HistoricalRecords(excluded_fields=["sokbar_namn"])

    class Meta:
        verbose_name = "verksamhet"
        verbose_name_plural = "verksamheter"
        ordering = ["leverantor", "namn"]
        permissions = [("view_skyddad_adress", "Får se adress till skyddat boende")]

    def __str__(self):
        return self.namn

    def save(self, *args, **kwargs):
        self.sokbar_namn = fold(self.namn)
        super().save(*args, **kwargs)

    def adress_for(self, user):
        """The address, or None where it is confidential to this user."""
        if self.skyddat_boende and not user.has_perm("leverantorer.view_skyddad_adress"):
            return None
        return self.adress


class AvtalStatus(models.TextChoices):
    AKTIV = "aktiv", "Aktiv"
    PAUSAD = "pausad", "Tillfälligt utesluten från avrop"
    UPPSAGT = "uppsagt", "Uppsagt"
    HAVT = "havt", "Hävt"
    UPPHORT = "upphort", "Upphört"


# Which contracts count, by status; each set is named once here and read through
# the AvtalQuerySet methods below (or these Q helpers, for a lookup through a
# relation: `prefix` is e.g. "avtal__").
AKTIVA = (AvtalStatus.AKTIV,)
I_KRAFT = (AvtalStatus.AKTIV, AvtalStatus.PAUSAD)
BEVAKADE = (*I_KRAFT, AvtalStatus.UPPSAGT)


def aktiva_q(prefix=""):
    """Q: a contract a call-off may be made under (active, not paused)."""
    return models.Q(**{f"{prefix}status__in": AKTIVA})


def i_kraft_q(prefix=""):
    """Q: a contract in force: active, or paused (a paused supplier may come back)."""
    return models.Q(**{f"{prefix}status__in": I_KRAFT})


def bevakade_q(prefix=""):
    """Q: a contract still watched: in force, or terminated and serving its notice."""
    return models.Q(**{f"{prefix}status__in": BEVAKADE})


def i_kraft_under_q(fran, till, prefix=""):
    """Q: a contract in force some day from `fran` to `till`."""
    # Begun by `till` (or with no start date recorded), and in force now or ended
    # by a decision dated after `fran`: a past year's report, read after its
    # agreement has run out, still counts the suppliers it had; one who joined
    # later is not counted.
    begun = models.Q(**{f"{prefix}startdatum__isnull": True}) | models.Q(
        **{f"{prefix}startdatum__lte": till}
    )
    ended_within = models.Q(
        **{f"{prefix}beslut__typ__in": AVSLUTANDE_BESLUT, f"{prefix}beslut__datum__gt": fran}
    )
    return begun & (i_kraft_q(prefix) | ended_within)


class AvtalQuerySet(models.QuerySet):
    def aktiva(self):
        """Contracts a call-off may be made under: active, not paused."""
        return self.filter(aktiva_q())

    def i_kraft(self):
        """Contracts in force: active or paused."""
        return self.filter(i_kraft_q())

    def bevakade(self):
        """Contracts still watched (their units and supplier checked): in force or under notice."""
        return self.filter(bevakade_q())

    def i_kraft_under(self, fran, till):
        """Contracts in force some day from `fran` to `till`."""
        return self.filter(i_kraft_under_q(fran, till)).distinct()

    def omfattar(self, verksamhet):
        """Contracts that cover a unit: those naming it, and its supplier's naming none."""
        verksamhet_id = getattr(verksamhet, "pk", verksamhet)
        through = Avtal.verksamheter.through.objects
        names_it = models.Exists(
            through.filter(avtal_id=models.OuterRef("pk"), verksamhet_id=verksamhet_id)
        )
        names_none = ~models.Exists(through.filter(avtal_id=models.OuterRef("pk")))
        own_supplier = models.Q(
            leverantor_id=models.Subquery(
                Verksamhet.objects.filter(pk=verksamhet_id).values("leverantor_id")[:1]
            )
        )
        return self.filter(names_it | (names_none & own_supplier))

    def med_ansvarig_strateg(self):
        """Contracts that make their agreement's strategist responsible for the supplier."""
        # Watched contracts only: the strategist stays responsible through a notice
        # period, not after the end. One who left counts as nobody (a signal given
        # to them would be on no one's start page). The first row names the one
        # strategist where one is needed: active contracts first, then by agreement.
        return (
            self.bevakade()
            .filter(ramavtal__ansvarig_strateg__is_active=True)
            .annotate(
                rang_status=models.Case(
                    models.When(aktiva_q(), then=models.Value(0)), default=models.Value(1)
                )
            )
            .order_by("rang_status", "ramavtal__namn", "pk")
        )


class Avtal(models.Model):
    """A supplier's contract under a framework agreement.

    Its status changes only through a Beslut (see leverantorer.beslut).
    """

    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="avtal", verbose_name="leverantör"
    )
    ramavtal = models.ForeignKey(
        Ramavtal, on_delete=models.PROTECT, related_name="avtal", verbose_name="ramavtal"
    )
    avtalsomraden = models.ManyToManyField(
        Avtalsomrade, blank=True, related_name="avtal", verbose_name="avtalsområden"
    )
    verksamheter = models.ManyToManyField(
        Verksamhet, blank=True, related_name="avtal", verbose_name="verksamheter"
    )
    rangordning = models.PositiveIntegerField(
        "plats i avropsordningen", null=True, blank=True, help_text="1 = avropas först."
    )
    startdatum = models.DateField("startdatum", null=True, blank=True, validators=[rimligt_datum])
    status = models.CharField(
        "status", max_length=10, choices=AvtalStatus, default=AvtalStatus.AKTIV, editable=False
    )

    history = HistoricalRecords(m2m_fields=[avtalsomraden, verksamheter])
    objects = AvtalQuerySet.as_manager()

    class Meta:
        verbose_name = "avtal"
        verbose_name_plural = "avtal"
        ordering = ["ramavtal", "rangordning", "leverantor__namn"]
        constraints = [
            models.UniqueConstraint(
                fields=["leverantor", "ramavtal"], name="unique_avtal_per_ramavtal"
            )
        ]

    def __str__(self):
        return f"{self.leverantor} – {self.ramavtal}"

    def get_absolute_url(self):
        return reverse("leverantorer:avtal", args=[self.pk])

    def clean(self):
        # Only meaningful once saved (M2M): units must be the supplier's own.
        if self.pk and self.verksamheter.exclude(leverantor_id=self.leverantor_id).exists():
            raise ValidationError("Avtalet kan bara omfatta leverantörens egna verksamheter.")


def units_of(avtal_list):
    """Each contract's units, {avtal pk: [Verksamhet]}, in two queries: those the
    contract names, else all the supplier's (AvtalQuerySet.omfattar, inversely)."""
    named = {}
    through = Verksamhet.avtal.through.objects.filter(
        avtal_id__in=[a.pk for a in avtal_list]
    ).select_related("verksamhet")
    for row in through:
        named.setdefault(row.avtal_id, []).append(row.verksamhet)
    missing = {a.leverantor_id for a in avtal_list if a.pk not in named}
    by_supplier = {}
    for unit in Verksamhet.objects.filter(leverantor_id__in=missing).order_by("namn"):
        by_supplier.setdefault(unit.leverantor_id, []).append(unit)
    return {a.pk: named.get(a.pk) or by_supplier.get(a.leverantor_id, []) for a in avtal_list}


class BeslutTyp(models.TextChoices):
    PAUS = "paus", "Tillfällig uteslutning från avrop"
    HAV_PAUS = "hav_paus", "Upphävd uteslutning (åter aktivt)"
    UPPSAGNING = "uppsagning", "Uppsägning"
    HAVNING = "havning", "Hävning"
    UPPHORANDE = "upphorande", "Avtalet upphör"


# Decisions that end a contract: one dated inside a period leaves the contract
# in force during it (see i_kraft_under_q).
AVSLUTANDE_BESLUT = (BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING, BeslutTyp.UPPHORANDE)


class BeslutSkal(KodadOrdlista):
    """The reason given for a decision on a contract; a word list on /ordlistor/.

    The kod values below are seeded (migration 0008) and rules rely on them,
    e.g. the automatic end of a contract when its period runs out.
    """

    IVO_ARENDE = "ivo_arende"
    TILLSTAND_FORLORAT = "tillstand_forlorat"
    TILLSTAND_EJ_SOKT = "tillstand_ej_sokt"
    EKONOMI = "ekonomi"
    VILANDE = "vilande"
    AVVECKLAD = "avvecklad"
    UTREDNING = "utredning"
    BRISTER = "brister"
    OVERENSKOMMELSE = "overenskommelse"
    BRISTER_ATGARDADE = "brister_atgardade"
    AVTALSTID_SLUT = "avtalstid_slut"
    ANNAT = "annat"
    # Each kod with its first name; see KodadOrdlista.KODER.
    KODER = [
        (IVO_ARENDE, "IVO-ärende med krav på återrapportering"),
        (TILLSTAND_FORLORAT, "Förlorat tillstånd"),
        (TILLSTAND_EJ_SOKT, "Har inte ansökt om nytt krav på tillstånd"),
        (EKONOMI, "Svag ekonomi, skatteskulder eller obestånd"),
        (VILANDE, "Verksamheten vilande"),
        (AVVECKLAD, "Verksamheten avvecklad"),
        (UTREDNING, "I avvaktan på utredning"),
        (BRISTER, "Brister i avtalsuppfyllelse"),
        (OVERENSKOMMELSE, "Överenskommelse mellan parterna"),
        (BRISTER_ATGARDADE, "Bristerna är åtgärdade"),
        (AVTALSTID_SLUT, "Avtalstiden har löpt ut"),
        (ANNAT, "Annat skäl"),
    ]

    history = HistoricalRecords()

    class Meta(KodadOrdlista.Meta):
        verbose_name = "beslutsskäl"
        verbose_name_plural = "beslutsskäl"


class Beslut(models.Model):
    """A recorded, reasoned decision that changes a contract's status.

    Termination and rescission are committee decisions under the delegation
    order and carry the committee's diarienummer.
    """

    avtal = models.ForeignKey(
        Avtal, on_delete=models.PROTECT, related_name="beslut", verbose_name="avtal"
    )
    typ = models.CharField("beslut", max_length=20, choices=BeslutTyp)
    datum = models.DateField("beslutsdatum", default=timezone.localdate, validators=HANT)
    beslutsfattare = models.CharField(
        "beslutsfattare",
        max_length=200,
        validators=[no_personal_identity],
        help_text="Vem som beslutat enligt delegationsordningen, t.ex. enhetschef eller nämnden.",
    )
    namnd_diarienummer = models.CharField(
        "nämndens diarienummer",
        max_length=50,
        blank=True,
        validators=[no_personal_identity],
        help_text="Krävs för uppsägning och hävning, som beslutas av nämnden.",
    )
    skal = models.ForeignKey(
        BeslutSkal,
        on_delete=models.PROTECT,
        to_field="kod",
        related_name="+",
        verbose_name="skäl",
    )
    faktaunderlag = models.TextField(
        "faktaunderlag",
        validators=[no_personal_identity],
        help_text="De dokumenterade fakta beslutet vilar på.",
    )
    omprovning_datum = models.DateField(
        "omprövas senast",
        null=True,
        blank=True,
        validators=[rimligt_datum],
        help_text="Krävs för tillfällig uteslutning: när beslutet ska prövas på nytt.",
    )
    foregaende_status = models.CharField(
        "status före", max_length=10, choices=AvtalStatus, editable=False
    )
    ny_status = models.CharField("status efter", max_length=10, choices=AvtalStatus, editable=False)
    registrerat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrerat av",
        on_delete=models.PROTECT,
        related_name="+",
    )
    registrerat = models.DateTimeField("registrerat", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "beslut"
        verbose_name_plural = "beslut"
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.get_typ_display()} {self.datum:%Y-%m-%d}"


class Lagrum(models.TextChoices):
    SOL = "SoL", "SoL"
    LVU = "LVU", "LVU"
    LVM = "LVM", "LVM"


class PlacerandeEnhet(models.TextChoices):
    BARN_UNGDOM = "barn_ungdom", "Avdelning Barn och ungdom"
    VUXEN = "vuxen", "Avdelning Vuxen"


class DirektupphandlingSkal(models.TextChoices):
    INGEN_PLATS = "ingen_plats", "Ingen ledig plats inom ramavtalet"
    BEHOV_EJ_TILLGODOSETT = "behov", "Behovet kan inte tillgodoses inom ramavtalet"
    LEVERANTOR_UTESLUTEN = "utesluten", "Leverantören är utesluten från avrop"
    AVTAL_SAKNAS = "avtal_saknas", "Ramavtal saknas för insatsen"
    ANNAT = "annat", "Annat skäl"


class PlaceringQuerySet(models.QuerySet):
    def overlapping(self, fran, till):
        """Placements that were ongoing at some point between two dates."""
        return self.filter(startdatum__lte=till).filter(
            models.Q(slutdatum__isnull=True) | models.Q(slutdatum__gte=fran)
        )


class Placering(models.Model):
    """One individual's stay at a unit: a call-off under a contract, or a
    direct procurement outside the framework agreements.

    Only a pseudonymous reference from the case system identifies it.
    """

    referens = models.CharField(
        "referens",
        max_length=50,
        unique=True,
        validators=[no_personal_identity],
        help_text="Pseudonym referens från verksamhetssystemet – aldrig namn eller personnummer.",
    )
    avtal = models.ForeignKey(
        Avtal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placeringar",
        verbose_name="avtal",
    )
    verksamhet = models.ForeignKey(
        Verksamhet, on_delete=models.PROTECT, related_name="placeringar", verbose_name="verksamhet"
    )
    direktupphandling_skal = models.CharField(
        "skäl till direktupphandling",
        max_length=20,
        choices=DirektupphandlingSkal,
        blank=True,
        help_text="Fylls i när placeringen köpts utanför ramavtalen.",
    )
    startdatum = models.DateField("startdatum", validators=[rimligt_datum])
    slutdatum = models.DateField("slutdatum", null=True, blank=True, validators=[rimligt_datum])
    lagrum = models.CharField("lagrum", max_length=3, choices=Lagrum)
    avtalsomrade = models.ForeignKey(
        Avtalsomrade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placeringar",
        verbose_name="avtalsområde",
    )
    niva = models.ForeignKey(
        Niva,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placeringar",
        verbose_name="nivå",
    )
    placerande_enhet = models.CharField("placerande enhet", max_length=20, choices=PlacerandeEnhet)
    kostnad_per_dygn = models.DecimalField(
        "kostnad per dygn (kr)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    kostnad_totalt = models.DecimalField(
        "total kostnad (kr)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    anteckning = models.TextField("anteckning", blank=True, validators=[no_personal_identity])

    history = HistoricalRecords()
    objects = PlaceringQuerySet.as_manager()

    class Meta:
        verbose_name = "placering"
        verbose_name_plural = "placeringar"
        ordering = ["-startdatum", "-pk"]
        indexes = [models.Index(fields=["startdatum", "slutdatum"])]

    def __str__(self):
        return self.referens

    def get_absolute_url(self):
        return reverse("leverantorer:placering", args=[self.pk])

    @property
    def ar_direktupphandling(self):
        return self.avtal_id is None

    def clean(self):
        errors = {}
        if self.startdatum and self.slutdatum and self.slutdatum < self.startdatum:
            errors["slutdatum"] = "Slutdatum kan inte ligga före startdatum."
        if self.avtal_id is None and not self.direktupphandling_skal:
            errors["direktupphandling_skal"] = (
                "Ange avtal, eller skälet till att placeringen direktupphandlats."
            )
        if self.avtal_id is not None and self.direktupphandling_skal:
            errors["direktupphandling_skal"] = (
                "En placering under ett avtal är ingen direktupphandling."
            )
        avtal = self.avtal if self.avtal_id else None
        if avtal and self.verksamhet_id and avtal.leverantor_id != self.verksamhet.leverantor_id:
            errors["verksamhet"] = "Verksamheten hör inte till avtalets leverantör."
        if avtal and self.avtalsomrade_id and self.avtalsomrade.ramavtal_id != avtal.ramavtal_id:
            errors["avtalsomrade"] = "Avtalsområdet hör inte till avtalets ramavtal."
        if self.niva_id and self.avtal_id and self.niva.ramavtal_id != self.avtal.ramavtal_id:
            errors["niva"] = "Nivån hör inte till avtalets ramavtal."
        for field in ("kostnad_per_dygn", "kostnad_totalt"):
            value = getattr(self, field)
            if value is not None and value < Decimal("0"):
                errors[field] = "Kostnaden kan inte vara negativ."
        if errors:
            raise ValidationError(errors)


# --- Checks: IVO, credit, and the coordinator's pre-call-off check ---------


class Kontrollkalla(models.TextChoices):
    MANUELL = "manuell", "Manuellt registrerad (t.ex. IVO:s Placeringsstöd)"
    HTTP = "http", "Extern tjänst"
    FIL = "fil", "Importerad fil"
    DEMO = "demo", "Demodata"


class Kontrollstatus(models.TextChoices):
    OK = "ok", "Genomförd"
    MISSLYCKAD = "misslyckad", "Kunde inte genomföras"


UNDERLAG_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]
UNDERLAG_MAX_BYTES = 10 * 1024 * 1024
# The first bytes of each allowed type: the name alone does not make a file a PDF.
_UNDERLAG_MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def kontroll_underlag_path(instance, filename):
    """A random name under MEDIA_ROOT: the uploaded name may carry anything."""
    suffix = PurePath(filename).suffix.lower()
    return f"kontroller/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


def underlag_validator(file):
    """Refuse a too large file or one whose content is not the type its name says."""
    if file.size > UNDERLAG_MAX_BYTES:
        raise ValidationError("Filen är för stor: högst 10 MB.", code="file_too_large")
    extension = PurePath(file.name).suffix.lower().lstrip(".")
    magic = _UNDERLAG_MAGIC.get(extension)
    if magic is None:
        return  # FileExtensionValidator answers for the name.
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    if not head.startswith(magic):
        raise ValidationError(
            "Filens innehåll stämmer inte med filtypen: ladda upp en pdf, png eller jpg.",
            code="file_type",
        )


class Kontroll(models.Model):
    """What every stored check has: when, from where, whether it worked.

    A failed check is stored too: it shows as unknown, never as fine.
    """

    kontrollerad = models.DateTimeField(
        "kontrollerad", default=timezone.now, db_index=True, validators=HANT
    )
    kalla = models.CharField("källa", max_length=10, choices=Kontrollkalla)
    status = models.CharField("status", max_length=12, choices=Kontrollstatus)
    felmeddelande = models.TextField("felmeddelande", blank=True, validators=[no_personal_identity])
    svar_sha256 = models.CharField(
        "kontrollsumma för svaret", max_length=64, blank=True, editable=False
    )
    registrerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registrerad av",
    )
    # The sweep that made this check; unique per subject within a sweep, so a
    # resumed or re-run sweep never checks the same unit or supplier twice.
    svep = models.ForeignKey(
        "leverantorer.Kontrollsvep",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kontrollsvep",
    )
    # A check registered by hand says what the person saw, and may keep the
    # screenshot or printout it rests on (served only to those who see checks).
    iakttagelse = models.TextField(
        "vad som sågs",
        blank=True,
        validators=[no_personal_identity],
        help_text="T.ex. vad IVO:s Placeringsstöd visade. Inga uppgifter om enskilda.",
    )
    underlag = models.FileField(
        "underlag",
        upload_to=kontroll_underlag_path,
        blank=True,
        max_length=200,
        validators=[FileExtensionValidator(UNDERLAG_EXTENSIONS), underlag_validator],
        help_text="Skärmbild eller utskrift (pdf, png eller jpg, högst 10 MB).",
    )

    class Meta:
        abstract = True
        ordering = ["-kontrollerad", "-pk"]


class IvoKontroll(Kontroll):
    """A dated snapshot of what IVO says about one unit."""

    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        related_name="ivo_kontroller",
        verbose_name="verksamhet",
    )
    tillstand = models.CharField(
        "tillstånd", max_length=20, choices=Tillstandsstatus, default=Tillstandsstatus.OKANT
    )
    vilande = models.BooleanField("vilande", null=True, blank=True)
    oppna_tillsynsarenden = models.PositiveIntegerField(
        "öppna tillsynsärenden", null=True, blank=True
    )
    krav_pa_aterrapportering = models.BooleanField(
        "beslut med krav på återrapportering", null=True, blank=True
    )
    senaste_tillsyn = models.DateField("senaste tillsyn", null=True, blank=True, validators=HANT)

    history = HistoricalRecords()

    class Meta(Kontroll.Meta):
        verbose_name = "IVO-kontroll"
        verbose_name_plural = "IVO-kontroller"
        indexes = [models.Index(fields=["verksamhet", "-kontrollerad"])]
        constraints = [
            models.UniqueConstraint(
                fields=["svep", "verksamhet"],
                condition=models.Q(svep__isnull=False),
                name="unique_ivokontroll_per_svep",
            )
        ]

    def __str__(self):
        return f"IVO-kontroll {self.verksamhet} {timezone.localtime(self.kontrollerad):%Y-%m-%d}"


class Kreditkontroll(Kontroll):
    """A dated snapshot of a supplier's credit and company status."""

    leverantor = models.ForeignKey(
        Leverantor,
        on_delete=models.PROTECT,
        related_name="kreditkontroller",
        verbose_name="leverantör",
    )
    rating = models.CharField(
        "rating", max_length=20, blank=True, validators=[no_personal_identity]
    )
    score = models.PositiveSmallIntegerField(
        "poäng", null=True, blank=True, help_text="Kreditupplysningstjänstens poäng, 0–100."
    )
    betalningsanmarkningar = models.BooleanField("betalningsanmärkningar", null=True, blank=True)
    betalningsanmarkningar_antal = models.PositiveIntegerField(
        "antal betalningsanmärkningar", null=True, blank=True
    )
    betalningsanmarkning_datum = models.DateField(
        "senaste betalningsanmärkning", null=True, blank=True
    )
    skatteskulder = models.BooleanField("skatteskulder", null=True, blank=True)
    skatteskuld_belopp = models.DecimalField(
        "skatteskuld (kr)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    skatteskuld_datum = models.DateField("skatteskuld sedan", null=True, blank=True)
    konkurs = models.BooleanField("konkurs", default=False)
    konkurs_datum = models.DateField("konkurs sedan", null=True, blank=True)
    likvidation = models.BooleanField("likvidation", default=False)
    likvidation_datum = models.DateField("likvidation sedan", null=True, blank=True)
    avregistrerad = models.BooleanField("avregistrerad", default=False)
    avregistrerad_datum = models.DateField("avregistrerad sedan", null=True, blank=True)

    history = HistoricalRecords()

    class Meta(Kontroll.Meta):
        verbose_name = "kreditkontroll"
        verbose_name_plural = "kreditkontroller"
        indexes = [models.Index(fields=["leverantor", "-kontrollerad"])]
        constraints = [
            models.UniqueConstraint(
                fields=["svep", "leverantor"],
                condition=models.Q(svep__isnull=False),
                name="unique_kreditkontroll_per_svep",
            )
        ]

    def __str__(self):
        return f"Kreditkontroll {self.leverantor} {timezone.localtime(self.kontrollerad):%Y-%m-%d}"


class Utslag(models.TextChoices):
    KLAR = "klar", "Klar för avrop"
    VARNING = "varning", "Varning"
    STOPP = "stopp", "Stopp"


class Avropskontroll(models.Model):
    """Proof that a coordinator checked a unit before a call-off.

    The reasons are a snapshot as they stood: later changes to the register
    or new checks never rewrite what the coordinator saw.
    """

    avtal = models.ForeignKey(
        Avtal, on_delete=models.PROTECT, related_name="avropskontroller", verbose_name="avtal"
    )
    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        related_name="avropskontroller",
        verbose_name="verksamhet",
    )
    kontrollerad = models.DateTimeField("kontrollerad", auto_now_add=True, db_index=True)
    kontrollerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="kontrollerad av",
    )
    utslag = models.CharField("utslag", max_length=10, choices=Utslag)
    skal = models.JSONField("skäl", default=list)
    anteckning = models.CharField(
        "anteckning",
        max_length=300,
        blank=True,
        validators=[no_personal_identity],
        help_text="T.ex. placeringens referens. Aldrig namn eller personnummer.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "avropskontroll"
        verbose_name_plural = "avropskontroller"
        ordering = ["-kontrollerad", "-pk"]

    def __str__(self):
        when = timezone.localtime(self.kontrollerad)
        return f"Avropskontroll {self.verksamhet} {when:%Y-%m-%d %H:%M}"


# --- Scheduled check sweeps ----------------------------------------------


class Kontrolltyp(models.TextChoices):
    IVO = "ivo", "IVO-kontroll av verksamheter"
    KREDIT = "kredit", "Kreditkontroll av leverantörer"


class Svepstatus(models.TextChoices):
    PAGAR = "pagar", "Pågår"
    KLAR = "klar", "Klar"
    AVBRUTEN = "avbruten", "Avbruten"


class Svepomfattning(models.TextChoices):
    ALLA = "alla", "Alla"
    ENSTAKA = "enstaka", "Enstaka"


class Svepanledning(models.TextChoices):
    SCHEMA = "schema", "Schemalagd"
    MANUELL = "manuell", "Startad manuellt"
    FIL = "fil", "Importerad fil"


class KontrollsvepQuerySet(models.QuerySet):
    def running(self):
        """Sweeps that have not finished."""
        return self.filter(status=Svepstatus.PAGAR)


class Kontrollsvep(models.Model):
    """One run of IVO or credit checks over a planned list of units or suppliers.

    The list is fixed when the sweep is planned and worked through in chunks;
    each subject gets at most one check per sweep (a constraint on the checks),
    so a killed worker's sweep is resumed, never doubled. Only one full sweep
    of a kind runs at a time.
    """

    typ = models.CharField("typ", max_length=10, choices=Kontrolltyp)
    omfattning = models.CharField(
        "omfattning", max_length=10, choices=Svepomfattning, default=Svepomfattning.ALLA
    )
    adapter = models.CharField("källa", max_length=10, choices=Kontrollkalla)
    anledning = models.CharField("anledning", max_length=10, choices=Svepanledning)
    status = models.CharField("status", max_length=10, choices=Svepstatus, default=Svepstatus.PAGAR)
    startad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="startad av",
    )
    skapad = models.DateTimeField("skapad", default=timezone.now)
    avslutad = models.DateTimeField("avslutad", null=True, blank=True)
    amnen = models.JSONField("planerade id:n", default=list, editable=False)
    totalt = models.PositiveIntegerField("totalt", default=0)
    klara = models.PositiveIntegerField("genomförda", default=0)
    misslyckade = models.PositiveIntegerField("misslyckade", default=0)
    signaler = models.PositiveIntegerField("nya signaler", default=0)
    # A worker holds the sweep until this time while it works on a chunk; a
    # lease that ran out means the worker died and another may resume.
    las_till = models.DateTimeField("låst till", null=True, blank=True, editable=False)
    senast_aktiv = models.DateTimeField("senast aktiv", null=True, blank=True)
    felmeddelande = models.TextField("felmeddelande", blank=True, validators=[no_personal_identity])
    # A refused login is never retried automatically: the schedule skips this
    # kind until someone starts a check by hand (credit services lock accounts).
    inloggning_nekad = models.BooleanField(
        "inloggningen nekades",
        default=False,
        editable=False,
        help_text="Schemalagda kontroller av samma slag väntar tills någon startar en för hand.",
    )

    objects = KontrollsvepQuerySet.as_manager()

    class Meta:
        verbose_name = "kontrollsvep"
        verbose_name_plural = "kontrollsvep"
        ordering = ["-skapad", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["typ"],
                condition=models.Q(status="pagar", omfattning="alla"),
                name="one_running_full_sweep_per_typ",
            )
        ]

    def __str__(self):
        return f"{self.get_typ_display()} {timezone.localtime(self.skapad):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("leverantorer:svep", args=[self.pk])

    @property
    def gjorda(self):
        return self.klara + self.misslyckade

    @property
    def procent(self):
        return 100 if not self.totalt else round(100 * self.gjorda / self.totalt)


class Kontrollschema(models.Model):
    """When the next scheduled sweep of a kind is due.

    Beat only wakes a task often; the task claims a due row with a
    conditional UPDATE, so a re-run never starts twice and a missed run is
    caught up at the next wake-up.
    """

    typ = models.CharField("typ", max_length=10, choices=Kontrolltyp, unique=True)
    nasta = models.DateTimeField("nästa körning")
    senast_startad = models.DateTimeField("senast startad", null=True, blank=True)

    class Meta:
        verbose_name = "kontrollschema"
        verbose_name_plural = "kontrollscheman"
        ordering = ["typ"]

    def __str__(self):
        return f"{self.get_typ_display()}: {timezone.localtime(self.nasta):%Y-%m-%d %H:%M}"


class Kontrollfil(models.Model):
    """An export from IVO or a credit service that a strategist uploaded.

    Stored whole and checked: the `fil` adapter answers from the newest one.
    """

    typ = models.CharField("typ", max_length=10, choices=Kontrolltyp)
    filnamn = models.CharField("filnamn", max_length=255, validators=[no_personal_identity])
    sha256 = models.CharField("kontrollsumma", max_length=64, editable=False)
    rader = models.JSONField("rader", default=dict, editable=False)
    uppladdad = models.DateTimeField("uppladdad", default=timezone.now)
    uppladdad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="uppladdad av",
    )

    class Meta:
        verbose_name = "kontrollfil"
        verbose_name_plural = "kontrollfiler"
        ordering = ["-uppladdad", "-pk"]

    def __str__(self):
        return self.filnamn


ordlistor.registrera(
    "beslutsskal",
    BeslutSkal,
    "Beslutsskäl",
    "Skäl till beslut om avtal: tillfällig uteslutning, uppsägning, hävning och upphörande.",
)
