"""Follow-up in three tiers (DOMAIN.md): ongoing, event-driven and special.

Ongoing: Avvikelse, Signal, Stickprov, Registerkontroll.
Event-driven and special: Uppfoljning (typ), with Informationsbegaran,
Platsbesok, Brist, and for special follow-ups the planned suppliers
(UppfoljningLeverantor), Dokumentbegaran and Observation.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from leverantorer.models import Beslut, Foretradare, Leverantor, Placering, Verksamhet
from ramavtal.models import Avtalsomrade, Ramavtal
from uppfoljning import ordlistor, roles
from uppfoljning.dates import HANT, RANGE_MESSAGE, check_order, rimligt_datum
from uppfoljning.ordlistor import KodadOrdlista, Ordlista
from uppfoljning.validators import no_personal_identity

User = settings.AUTH_USER_MODEL


class Allvarlighet(models.TextChoices):
    LAG = "lag", "Låg"
    MEDEL = "medel", "Medel"
    ALLVARLIG = "allvarlig", "Allvarlig"


class Hanteringsstatus(models.TextChoices):
    NY = "ny", "Ny"
    BEDOMD = "bedomd", "Bedömd"
    ARENDE = "arende", "Kopplad till uppföljning"


# --- Löpande ---------------------------------------------------------------


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


class RegisterkontrollTyp(models.TextChoices):
    BELASTNINGSREGISTER = "belastningsregister", "Utdrag ur belastningsregistret"
    SANNINGSFORSAKRAN = "sanningsforsakran", "Sanningsförsäkran"


class RegisterkontrollUtfall(models.TextChoices):
    VANTAR = "vantar", "Väntar på svar"
    INGET = "inget", "Inget registrerat / försäkran utan anmärkning"
    BEDOMNING = "bedomning", "Uppgift som kräver bedömning"


class Registerkontroll(models.Model):
    """A representative's criminal-record check or signed declaration.

    Only the outcome is stored, never the register's content.
    """

    foretradare = models.ForeignKey(
        Foretradare,
        on_delete=models.PROTECT,
        related_name="registerkontroller",
        verbose_name="företrädare",
    )
    typ = models.CharField("typ", max_length=30, choices=RegisterkontrollTyp)
    begard = models.DateField("begärd", default=timezone.localdate, validators=HANT)
    besvarad = models.DateField("besvarad", null=True, blank=True, validators=HANT)
    utfall = models.CharField(
        "utfall",
        max_length=20,
        choices=RegisterkontrollUtfall,
        default=RegisterkontrollUtfall.VANTAR,
    )
    giltig_till = models.DateField(
        "ska förnyas",
        null=True,
        blank=True,
        validators=[rimligt_datum],
        help_text="När nästa kontroll eller försäkran ska göras.",
    )
    registrerad_av = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name="registrerad av"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "registerkontroll"
        verbose_name_plural = "registerkontroller"
        ordering = ["-begard", "-pk"]

    def __str__(self):
        return f"{self.get_typ_display()} för {self.foretradare} {self.begard:%Y-%m-%d}"

    def clean(self):
        if self.besvarad and self.begard and self.besvarad < self.begard:
            raise ValidationError({"besvarad": "Svaret kan inte komma före begäran."})
        if self.utfall != RegisterkontrollUtfall.VANTAR and not self.besvarad:
            raise ValidationError({"besvarad": "Ange när svaret kom."})


# --- Uppföljningar (händelsestyrda och särskilda) ---------------------------


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
    GENOMFORD = "genomford", "Genomförd"
    FLYTTAD = "flyttad", "Flyttad till nästa år"
    INSTALLD = "installd", "Inställd"


class PlaneradUtfall(models.TextChoices):
    INGA_ANMARKNINGAR = "inga", "Inga anmärkningar"
    ATGARDADE = "atgardade", "Brister åtgärdade efter påpekande"
    HANTERAS = "hanteras", "Hanteras fortfarande"
    SANKTION = "sanktion", "Sanktion"


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


class UppfoljningLeverantor(models.Model):
    """A supplier in the sample of a special follow-up, and how it went."""

    uppfoljning = models.ForeignKey(
        Uppfoljning, on_delete=models.PROTECT, related_name="urval", verbose_name="uppföljning"
    )
    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="+", verbose_name="leverantör"
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

    history = HistoricalRecords()

    class Meta:
        verbose_name = "leverantör i urvalet"
        verbose_name_plural = "leverantörer i urvalet"
        ordering = ["uppfoljning", "-inkopsvarde", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["uppfoljning", "leverantor"], name="unique_urval_leverantor"
            )
        ]

    def __str__(self):
        return f"{self.leverantor} i {self.uppfoljning}"

    @property
    def ej_genomford_text(self):
        """Why the row was not done as planned: the reason and any comment."""
        return " – ".join(p for p in (self.orsak.namn if self.orsak_id else "", self.skal) if p)

    def clean(self):
        errors = {}
        if self.status in EJ_GENOMFORD and not self.orsak_id:
            errors["orsak"] = "Ange varför uppföljningen inte genomförs som planerat."
        elif self.status not in EJ_GENOMFORD and self.orsak_id:
            errors["orsak"] = "Orsak anges bara när uppföljningen flyttas eller ställs in."
        if self.status == PlaneradStatus.GENOMFORD and not self.utfall:
            errors["utfall"] = "Ange utfallet av en genomförd uppföljning."
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


# --- Påminnelser -------------------------------------------------------------


class PaminnelseTyp(models.TextChoices):
    REGISTERKONTROLL = "registerkontroll", "Registerkontroll av företrädare att göra"
    BRIST = "brist", "Brist efter sista åtgärdsdag"
    OMPROVNING = "omprovning", "Avropspaus att ompröva"
    RAMAVTAL_SLUTAR = "ramavtal_slutar", "Ramavtal som löper ut"
    SARSKILD_EJ_PABORJAD = "sarskild_ej_paborjad", "Särskild uppföljning som inte påbörjats"


class Paminnelse(models.Model):
    """The log of reminders e-mailed (or due to be) to one strategist.

    One row per reminder kind, object, milestone and recipient: the unique
    constraint is what makes sending idempotent. A row is claimed (ansprak,
    paborjad) before its digest is sent and marked skickad only after the
    mail server accepted it, so a failed send is retried and a re-run never
    sends twice. Every field is derived by arenden.paminnelser, never typed,
    and rows are never edited by people, so the table is its own history.
    """

    typ = models.CharField("typ", max_length=30, choices=PaminnelseTyp, editable=False)
    objekt_id = models.PositiveBigIntegerField(
        "objekt", editable=False, help_text="Id för objektet som typen avser."
    )
    tillfalle = models.CharField(
        "tillfälle",
        max_length=60,
        editable=False,
        help_text="Vilket förfallodatum eller vilken milstolpe påminnelsen gäller.",
    )
    forfallodatum = models.DateField("förfallodatum", editable=False)
    mottagare = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="paminnelser",
        verbose_name="mottagare",
        editable=False,
    )
    text = models.CharField("text", max_length=500, editable=False)
    url = models.CharField("länk", max_length=300, editable=False)
    skapad = models.DateTimeField("skapad", auto_now_add=True)
    ansprak = models.UUIDField("anspråk", null=True, blank=True, editable=False)
    paborjad = models.DateTimeField("utskick påbörjat", null=True, blank=True, editable=False)
    skickad = models.DateTimeField("skickad", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "påminnelse"
        verbose_name_plural = "påminnelser"
        ordering = ["-skapad", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["typ", "objekt_id", "tillfalle", "mottagare"],
                name="unique_paminnelse_per_tillfalle_och_mottagare",
            )
        ]

    def __str__(self):
        return f"{self.get_typ_display()}: {self.text}"

    @property
    def key(self):
        """The reminder this row logs, as DueReminder.key."""
        return (self.typ, self.objekt_id, self.tillfalle)


# The word lists of this app, managed on /ordlistor/ (uppfoljning.ordlista_views).
ordlistor.registrera(
    "metoder", Metod, "Metoder", "Hur en särskild uppföljning genomförs (enkät, intervju, besök …)."
)
ordlistor.registrera(
    "teman", Tema, "Teman", "Områden som granskas i uppföljningar och som brister gäller."
)
ordlistor.registrera(
    "avvikelsekategorier",
    AvvikelseKategori,
    "Avvikelsekategorier",
    "Vad en avvikelse gäller; årsrapporten räknar avvikelser per kategori.",
)
ordlistor.registrera(
    "ej-genomforda",
    EjGenomfordOrsak,
    "Orsaker till ej genomförd uppföljning",
    "Varför en planerad uppföljning av en leverantör flyttades eller ställdes in.",
)
