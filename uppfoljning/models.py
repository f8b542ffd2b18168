from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """The last time the Celery beat schedule ran a task through a worker.

    One row per process kind; /healthz shows its age so an operator sees at
    a glance that beat, broker and worker all work.
    """

    name = models.CharField("namn", max_length=50, unique=True)
    last_seen = models.DateTimeField("senast")
    runs = models.PositiveBigIntegerField("antal körningar", default=0)

    class Meta:
        verbose_name = "hjärtslag"
        verbose_name_plural = "hjärtslag"

    def __str__(self):
        return f"{self.name} {self.last_seen:%Y-%m-%d %H:%M:%S}"


class AtkomstHandling(models.TextChoices):
    VISA = "visa", "Visade"
    VISA_SKYDDAD_ADRESS = "visa_skyddad_adress", "Visade skyddad adress"
    EXPORTERA = "exportera", "Exporterade"
    LADDA_NER = "ladda_ner", "Laddade ner"


class AppendOnly(Exception):
    """Raised when code tries to change or remove an access log row."""


class AtkomsthandelseQuerySet(models.QuerySet):
    """The log is append-only: bulk update and delete are refused, except the purge."""

    def update(self, **kwargs):
        raise AppendOnly("Åtkomstloggen kan inte ändras.")

    def delete(self):
        raise AppendOnly("Åtkomstloggen kan bara rensas av gallringen (atkomst_gallra).")

    def aldre_an(self, grans):
        """Rows logged before the moment `grans`."""
        return self.filter(tidpunkt__lt=grans)


class Atkomsthandelse(models.Model):
    """One read of something sensitive: who saw or downloaded what, when and where.

    Written by uppfoljning.atkomst.logga_atkomst from the views that show
    decisions, findings, checks, protected addresses and hidden visits, and
    by every export and PDF download. Append-only: rows are never changed,
    and only the retention purge (uppfoljning.tasks.atkomst_gallra) removes
    them, after settings.ATKOMSTLOGG_DAGAR days. The user is PROTECTed:
    users are deactivated, never deleted, so the id always resolves.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="användare",
    )
    tidpunkt = models.DateTimeField("tidpunkt", default=timezone.now, db_index=True)
    # Empty for an export or list that shows no single model's rows.
    objekttyp = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="objekttyp",
    )
    # Empty when a whole list (or export) of that type was shown.
    objekt_id = models.PositiveBigIntegerField("objekt-id", null=True, blank=True)
    handling = models.CharField("handling", max_length=30, choices=AtkomstHandling.choices)
    # request.path: never the query string (filters may hold free text).
    sokvag = models.CharField("sökväg", max_length=500)

    objects = AtkomsthandelseQuerySet.as_manager()

    class Meta:
        verbose_name = "åtkomsthändelse"
        verbose_name_plural = "åtkomsthändelser"
        ordering = ["-tidpunkt", "-pk"]
        indexes = [models.Index(fields=["user", "tidpunkt"], name="atkomst_user_tid")]

    def __str__(self):
        return f"{self.tidpunkt:%Y-%m-%d %H:%M} {self.user_id} {self.handling} {self.sokvag}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Åtkomstloggen kan inte ändras.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Åtkomstloggen kan bara rensas av gallringen (atkomst_gallra).")
