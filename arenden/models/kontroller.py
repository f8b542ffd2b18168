"""The checks of ongoing follow-up: IVO, credit, sweeps, and the pre-call-off record.

IvoKontroll and Kreditkontroll are dated snapshots from a source
(`arenden.kontroller`); Kontrollsvep, Kontrollschema and Kontrollfil run and
feed the scheduled sweeps; Avropskontroll is the coordinator's recorded
verdict (`arenden.avropskontroll`).

These models were first part of the register (`leverantorer`) and moved here
without copying data: their tables keep the `leverantorer_` names they were
created with (migrations arenden 0010, leverantorer 0010).
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from leverantorer.models import Avtal, Foretradare, Leverantor, Tillstandsstatus, Verksamhet
from uppfoljning.dates import HANT, rimligt_datum
from uppfoljning.uploads import MAX_BYTES, check_upload
from uppfoljning.validators import no_personal_identity

User = settings.AUTH_USER_MODEL


class Kontrollkalla(models.TextChoices):
    MANUELL = "manuell", "Manuellt registrerad (t.ex. IVO:s Placeringsstöd)"
    HTTP = "http", "Extern tjänst"
    FIL = "fil", "Importerad fil"
    # The stub adapter (arenden.kontroller.stub). Stored and configured as
    # "demo", its value since the first sweep: renaming it would rewrite rows.
    STUB = "demo", "Demodata"


class Kontrollstatus(models.TextChoices):
    OK = "ok", "Genomförd"
    MISSLYCKAD = "misslyckad", "Kunde inte genomföras"


UNDERLAG_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]
UNDERLAG_MAX_BYTES = MAX_BYTES


def kontroll_underlag_path(instance, filename):
    """A random name under MEDIA_ROOT: the uploaded name may carry anything."""
    suffix = PurePath(filename).suffix.lower()
    return f"kontroller/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


def underlag_validator(file):
    """Refuse a too large file or one whose content is not the type its name says."""
    check_upload(
        file,
        extensions=UNDERLAG_EXTENSIONS,
        types_text="en pdf, png eller jpg",
        max_bytes=UNDERLAG_MAX_BYTES,
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
        "arenden.Kontrollsvep",
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

    history = HistoricalRecords(table_name="leverantorer_historicalivokontroll")

    class Meta(Kontroll.Meta):
        db_table = "leverantorer_ivokontroll"
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

    history = HistoricalRecords(table_name="leverantorer_historicalkreditkontroll")

    class Meta(Kontroll.Meta):
        db_table = "leverantorer_kreditkontroll"
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

    history = HistoricalRecords(table_name="leverantorer_historicalavropskontroll")

    class Meta:
        db_table = "leverantorer_avropskontroll"
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
        db_table = "leverantorer_kontrollsvep"
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
        return reverse("kontroller:svep", args=[self.pk])

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
        db_table = "leverantorer_kontrollschema"
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
        db_table = "leverantorer_kontrollfil"
        verbose_name = "kontrollfil"
        verbose_name_plural = "kontrollfiler"
        ordering = ["-uppladdad", "-pk"]

    def __str__(self):
        return self.filnamn


# --- Register checks of representatives (belastningsregister, skatt) ------


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
