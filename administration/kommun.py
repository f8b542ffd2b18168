"""The one place to read who the municipality is: aktuell().

Every page header, e-mail and committee document asks here, so a value set
on the settings page (Kommuninstallning) wins and the environment variables
(MUNICIPALITY_NAME, REPORT_FORVALTNING, REPORT_NAMND, REPORT_LOGO) remain the
defaults for whatever is left empty.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse


@dataclass(frozen=True)
class Kommun:
    namn: str
    forvaltning: str
    namnd: str
    diarienummer_prefix: str = ""
    # Uploaded logo: its storage name under MEDIA_ROOT; else a static path.
    logo_fil: str = ""
    logo_static: str = ""
    version: str = ""

    @property
    def logo_path(self):
        """The uploaded logo on disk, only if it lies inside MEDIA_ROOT."""
        if not self.logo_fil:
            return None
        root = Path(settings.MEDIA_ROOT).resolve()
        path = (root / self.logo_fil).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path

    @property
    def logo_url(self):
        """Where a page or document finds the logo, or "" for none."""
        if self.logo_fil:
            return f"{reverse('administration:logotyp')}?v={self.version}"
        if self.logo_static:
            return static(self.logo_static)
        return ""

    @property
    def diarienummer_forslag(self):
        """What a new diarienummer field starts with, e.g. "SN-"."""
        return f"{self.diarienummer_prefix}-" if self.diarienummer_prefix else ""


def standard():
    """The environment's values (used when nothing is set on the settings page)."""
    return Kommun(
        namn=settings.MUNICIPALITY_NAME,
        forvaltning=settings.REPORT_FORVALTNING,
        namnd=settings.REPORT_NAMND,
        logo_static=settings.REPORT_LOGO,
    )


def aktuell():
    """The municipality as configured now: the settings row over the environment.

    One small query, never cached across requests: several processes (web,
    worker) must all see a change at once.
    """
    from administration.models import Kommuninstallning

    env = standard()
    row = Kommuninstallning.objects.filter(pk=Kommuninstallning.SINGLETON_PK).first()
    if row is None:
        return env
    return Kommun(
        namn=row.kommunens_namn or env.namn,
        forvaltning=row.forvaltning or env.forvaltning,
        namnd=row.namnd or env.namnd,
        diarienummer_prefix=row.diarienummer_prefix,
        logo_fil=row.logotyp.name if row.logotyp else "",
        logo_static="" if row.logotyp else env.logo_static,
        # A new upload gets a new storage name (old files stay), so it busts caches.
        version=hashlib.sha256(row.logotyp.name.encode()).hexdigest()[:12] if row.logotyp else "",
    )
