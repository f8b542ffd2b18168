"""Requirements, questionnaires, send-outs and answers (DOMAIN.md: Avtalskrav,
Formular, Fraga, Utskick, Svar, Komplettering)."""

from enkater.models.formular import (
    Formular,
    FormularVersion,
    Fraga,
    FragaTyp,
    Malgrupp,
    Sektion,
)
from enkater.models.krav import Avtalskrav
from enkater.models.svar import (
    Bedomning,
    BristUnderlag,
    Komplettering,
    Svar,
    SvarStatus,
    SvarVarde,
)
from enkater.models.utskick import (
    EnkatPaminnelse,
    Medarbetarenhet,
    Mottagare,
    Utskick,
    UtskickStatus,
)

__all__ = [
    "Avtalskrav",
    "Bedomning",
    "BristUnderlag",
    "EnkatPaminnelse",
    "Formular",
    "FormularVersion",
    "Fraga",
    "FragaTyp",
    "Komplettering",
    "Malgrupp",
    "Medarbetarenhet",
    "Mottagare",
    "Sektion",
    "Svar",
    "SvarStatus",
    "SvarVarde",
    "Utskick",
    "UtskickStatus",
]
