"""The log of reminders e-mailed: one row per reminder, milestone and recipient."""

from django.conf import settings
from django.db import models

User = settings.AUTH_USER_MODEL


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
