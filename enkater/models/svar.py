"""Answers: one Svar per recipient (or anonymous respondent), one SvarVarde per
question, numbered complement rounds, and the findings an answer gave rise to."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from arenden.models import Brist
from enkater.models.formular import FormularVersion, Fraga
from enkater.models.krav import Avtalskrav
from enkater.models.utskick import Mottagare, Utskick
from leverantorer.models import Leverantor, Verksamhet
from uppfoljning.validators import no_personal_identity

User = settings.AUTH_USER_MODEL


def svar_fil_path(instance, filename):
    """A random name under MEDIA_ROOT (never served): the uploaded name may carry anything."""
    suffix = PurePath(filename).suffix.lower()
    return f"enkater/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


class SvarStatus(models.TextChoices):
    UTKAST = "utkast", "Utkast"
    INSKICKAT = "inskickat", "Inskickat – väntar på granskning"
    KOMPLETTERING = "komplettering", "Komplettering begärd"
    GODKANT = "godkant", "Godkänt"


class Bedomning(models.TextChoices):
    EJ_BEDOMD = "", "Ej granskad"
    GODKAND = "godkand", "Godkänd"
    KOMPLETTERING = "komplettering", "Komplettering begärd"


class Svar(models.Model):
    """One recipient's answer to a send-out (a draft until submitted).

    An anonymous staff answer has no `mottagare` and only the date it was
    submitted: the draft that was linked to the person is replaced at submit by
    a fresh row without the link (enkater rules, see docs). No history table:
    a logged-in respondent would be its history user. Changes are kept as the
    complement rounds (Komplettering) with the earlier values.
    """

    utskick = models.ForeignKey(
        Utskick, on_delete=models.PROTECT, related_name="svar", verbose_name="utskick"
    )
    version = models.ForeignKey(
        FormularVersion, on_delete=models.PROTECT, related_name="svar", verbose_name="version"
    )
    mottagare = models.OneToOneField(
        Mottagare,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="svar",
        verbose_name="mottagare",
        editable=False,
    )
    leverantor = models.ForeignKey(
        Leverantor, on_delete=models.PROTECT, related_name="+", verbose_name="leverantör"
    )
    verksamhet = models.ForeignKey(
        Verksamhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="verksamhet",
    )
    status = models.CharField(
        "status", max_length=15, choices=SvarStatus, default=SvarStatus.UTKAST, editable=False
    )
    runda = models.PositiveSmallIntegerField(
        "kompletteringsrunda", default=0, editable=False, help_text="0 före första kompletteringen."
    )
    inskickad = models.DateField("inskickat", null=True, blank=True, editable=False)
    senast_sparad = models.DateTimeField("senast sparat", null=True, blank=True, editable=False)
    sparad_efter_sista_dag = models.BooleanField(
        "sparat efter sista svarsdag", default=False, editable=False
    )
    granskad_av = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    godkand = models.DateField("godkänt", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "svar"
        verbose_name_plural = "svar"
        ordering = ["utskick", "leverantor__namn", "pk"]

    def __str__(self):
        return f"Svar från {self.verksamhet or self.leverantor}"


class SvarVarde(models.Model):
    """The answer to one question; a choice or a number is kept as its text."""

    svar = models.ForeignKey(
        Svar, on_delete=models.PROTECT, related_name="varden", verbose_name="svar"
    )
    fraga = models.ForeignKey(
        Fraga, on_delete=models.PROTECT, related_name="varden", verbose_name="fråga"
    )
    text = models.TextField("svar", blank=True, validators=[no_personal_identity])
    fil = models.FileField("dokument", upload_to=svar_fil_path, blank=True, max_length=200)
    filnamn = models.CharField(
        "filnamn", max_length=200, blank=True, validators=[no_personal_identity]
    )
    bedomning = models.CharField(
        "granskning", max_length=15, choices=Bedomning, blank=True, default="", editable=False
    )

    class Meta:
        verbose_name = "svar på fråga"
        verbose_name_plural = "svar på frågor"
        ordering = ["svar", "fraga__sektion__ordning", "fraga__ordning", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["svar", "fraga"], name="unique_svarvarde_per_fraga")
        ]

    def __str__(self):
        return self.text[:80] or self.filnamn


class Komplettering(models.Model):
    """One question re-opened in one numbered round, with the earlier answer kept."""

    svar = models.ForeignKey(
        Svar, on_delete=models.PROTECT, related_name="kompletteringar", verbose_name="svar"
    )
    runda = models.PositiveSmallIntegerField("runda")
    fraga = models.ForeignKey(
        Fraga, on_delete=models.PROTECT, related_name="+", verbose_name="fråga"
    )
    kommentar = models.TextField(
        "vad som ska kompletteras",
        validators=[no_personal_identity],
        help_text="Visas för den som svarar.",
    )
    svar_senast = models.DateField("komplettera senast")
    begard_av = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name="begärd av", editable=False
    )
    begard = models.DateTimeField("begärd", auto_now_add=True)
    tidigare_text = models.TextField("tidigare svar", blank=True, editable=False)
    tidigare_filnamn = models.CharField(
        "tidigare dokument", max_length=200, blank=True, editable=False
    )
    besvarad = models.DateTimeField("kompletterad", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "komplettering"
        verbose_name_plural = "kompletteringar"
        ordering = ["svar", "runda", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["svar", "runda", "fraga"], name="unique_komplettering_per_runda"
            )
        ]

    def __str__(self):
        return f"Komplettering {self.runda}: {self.fraga}"


class BristUnderlag(models.Model):
    """Which answer a finding was registered from, and the requirement it breaches."""

    brist = models.OneToOneField(
        Brist, on_delete=models.PROTECT, related_name="enkatunderlag", verbose_name="brist"
    )
    svar = models.ForeignKey(
        Svar, on_delete=models.PROTECT, related_name="brister", verbose_name="svar"
    )
    fraga = models.ForeignKey(
        Fraga, on_delete=models.PROTECT, related_name="+", verbose_name="fråga"
    )
    krav = models.ForeignKey(
        Avtalskrav,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="brister",
        verbose_name="krav",
    )

    class Meta:
        verbose_name = "brist från svar"
        verbose_name_plural = "brister från svar"

    def __str__(self):
        return f"{self.brist} (svar {self.svar_id})"
