"""What several follow-up models share: how serious, how far handled."""

from django.conf import settings
from django.db import models

User = settings.AUTH_USER_MODEL


class Allvarlighet(models.TextChoices):
    LAG = "lag", "Låg"
    MEDEL = "medel", "Medel"
    ALLVARLIG = "allvarlig", "Allvarlig"


class Hanteringsstatus(models.TextChoices):
    NY = "ny", "Ny"
    BEDOMD = "bedomd", "Bedömd"
    ARENDE = "arende", "Kopplad till uppföljning"
