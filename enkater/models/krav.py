"""A framework agreement's catalogue of requirements (avtalskrav)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from arenden.models import Tema
from ramavtal.models import Avtalsomrade, Ramavtal
from uppfoljning.validators import no_personal_identity


def sort_key(nummer):
    """'5.3.2' sorts after '5.3' and before '10.1': every digit run padded to six places."""
    return re.sub(r"\d+", lambda m: m.group(0).zfill(6), nummer.strip())[:120]


class AvtalskravQuerySet(models.QuerySet):
    def aktiva(self):
        """Requirements that may be chosen for new questions."""
        return self.filter(aktiv=True)


class Avtalskrav(models.Model):
    """A numbered clause of a framework agreement (or one of its areas).

    Retired (aktiv=False), never deleted: questions, answers and findings point
    at the requirement they examined.
    """

    ramavtal = models.ForeignKey(
        Ramavtal, on_delete=models.PROTECT, related_name="krav", verbose_name="ramavtal"
    )
    avtalsomrade = models.ForeignKey(
        Avtalsomrade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="krav",
        verbose_name="avtalsområde",
        help_text="Bara om kravet gäller ett av ramavtalets avtalsområden.",
    )
    nummer = models.CharField(
        "punkt",
        max_length=30,
        validators=[no_personal_identity],
        help_text="Avtalets punkt, t.ex. 5.3.2.",
    )
    rubrik = models.CharField("rubrik", max_length=200, validators=[no_personal_identity])
    text = models.TextField("kravtext", blank=True, validators=[no_personal_identity])
    tema = models.ForeignKey(
        Tema,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tema",
    )
    aktiv = models.BooleanField(
        "aktiv",
        default=True,
        help_text="Ett krav som inte längre gäller avaktiveras; det raderas aldrig.",
    )
    sortering = models.CharField(max_length=120, editable=False, default="", db_index=True)

    objects = AvtalskravQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "avtalskrav"
        verbose_name_plural = "avtalskrav"
        ordering = ["ramavtal", "sortering", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ramavtal", "nummer"],
                name="unique_avtalskrav_nummer",
                violation_error_message="Ramavtalet har redan ett krav med den punkten.",
            )
        ]

    def __str__(self):
        return f"{self.nummer} {self.rubrik}"

    def save(self, *args, **kwargs):
        self.sortering = sort_key(self.nummer)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("enkater:krav_list", args=[self.ramavtal_id])

    def clean(self):
        if self.avtalsomrade_id and self.avtalsomrade.ramavtal_id != self.ramavtal_id:
            raise ValidationError({"avtalsomrade": "Avtalsområdet hör inte till ramavtalet."})
