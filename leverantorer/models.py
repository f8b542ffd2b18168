from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
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
    # An e-mail address's local part may be digits (8112189876@example.se).
    epost = models.EmailField("e-post", blank=True, validators=[no_personal_identity])
    telefon = models.CharField(
        "telefon", max_length=40, blank=True, validators=[no_personal_identity]
    )
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


class VerksamhetQuerySet(models.QuerySet):
    def omfattas_av(self, avtal):
        """Units the contracts (a queryset) cover: those a contract names, and every unit
        of its supplier where it names none (the rule of AvtalQuerySet.omfattar)."""
        named = Verksamhet.avtal.through.objects.filter(avtal__in=avtal).values("verksamhet_id")
        whole_suppliers = avtal.filter(verksamheter__isnull=True).values("leverantor_id")
        return self.filter(models.Q(pk__in=named) | models.Q(leverantor_id__in=whole_suppliers))

    def adress_synlig_for(self, user):
        """Units whose address the user may see (the rule of Verksamhet.adress_for)."""
        if user.has_perm("leverantorer.view_skyddad_adress"):
            return self
        return self.exclude(skyddat_boende=True)


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
    epost = models.EmailField(
        "e-post",
        blank=True,
        validators=[no_personal_identity],
        help_text="Verksamhetens kontaktadress; hit skickas frågeformulär till verksamheten.",
    )
    sokbar_namn = models.CharField(max_length=200, editable=False, default="", db_index=True)

    objects = VerksamhetQuerySet.as_manager()
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
    # A decision for one unit ends the contract for that unit only (avslutande_q).
    ended_within = avslutande_q(f"{prefix}beslut__") & models.Q(
        **{f"{prefix}beslut__datum__gt": fran}
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
    VITE = "vite", "Vite"


# Decisions that end a contract: one dated inside a period leaves the contract
# in force during it (see i_kraft_under_q).
AVSLUTANDE_BESLUT = (BeslutTyp.UPPSAGNING, BeslutTyp.HAVNING, BeslutTyp.UPPHORANDE)


def avslutande_q(prefix=""):
    """Q: a decision that ended the whole contract (not one for a single unit)."""
    return models.Q(**{f"{prefix}typ__in": AVSLUTANDE_BESLUT, f"{prefix}verksamhet__isnull": True})


def statusandrande_q(prefix=""):
    """Q: a decision that moved the contract's status (not a vite, not one for a single unit)."""
    return ~models.Q(**{f"{prefix}ny_status": models.F(f"{prefix}foregaende_status")})


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
    belopp = models.DecimalField(
        "belopp (kr)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Krävs för vite.",
    )
    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beslut",
        verbose_name="gäller verksamhet",
        help_text="Lämna tomt när beslutet gäller hela avtalet. En hävning för en "
        "verksamhet tar bort den ur avtalet; avtalet gäller vidare för de andra.",
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
    LSS = "LSS", "LSS"


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


ordlistor.registrera(
    "beslutsskal",
    BeslutSkal,
    "Beslutsskäl",
    "Skäl till beslut om avtal: tillfällig uteslutning, uppsägning, hävning och upphörande.",
)
