"""Rules for a framework agreement's catalogue of requirements (avtalskrav).

A requirement is created, changed and retired with history (`save_as`, the
acting user on every history row). There is no delete: questions, answers
and findings point at the requirement they examined, so a requirement that
no longer applies is retired (aktiv=False) and can be re-activated. Retired
requirements stay in the catalogue (behind a toggle) and are not offered for
new questions (`Avtalskrav.objects.aktiva()`).

A clause number (punkt) is unique within its ramavtal; the check is made
here, before saving, so the person gets a Swedish message on the field
instead of a database error.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from enkater.models import Avtalskrav
from uppfoljning.history import save_as

PUNKT_UPPTAGEN = "Ramavtalet har redan ett krav med punkten ”{punkt}”."
RETIRED_REASON = "Avaktiverat"
REACTIVATED_REASON = "Aktiverat igen"


def punkt_upptagen(ramavtal, nummer, *, utom=None):
    """True if another requirement of `ramavtal` already has clause `nummer`."""
    others = Avtalskrav.objects.filter(ramavtal=ramavtal, nummer=nummer.strip())
    if utom is not None and utom.pk:
        others = others.exclude(pk=utom.pk)
    return others.exists()


def check_krav(krav):
    """The model's own validation plus the unique clause, as field errors (Swedish)."""
    krav.nummer = krav.nummer.strip()
    errors = {}
    try:
        krav.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if krav.nummer and krav.ramavtal_id and punkt_upptagen(krav.ramavtal, krav.nummer, utom=krav):
        errors.setdefault("nummer", []).append(PUNKT_UPPTAGEN.format(punkt=krav.nummer))
    if errors:
        raise ValidationError(errors)


def spara_krav(krav, *, user, reason=""):
    """Create or change a requirement, as `user`; a ValidationError leaves nothing saved."""
    with transaction.atomic():
        check_krav(krav)
        return save_as(krav, user=user, reason=reason)


def satt_aktiv(krav, aktiv, *, user):
    """Retire (aktiv=False) or re-activate a requirement, with a history row; never deletes.

    Returns True if it changed. Questions already linked keep their link.
    """
    if krav.aktiv == aktiv:
        return False
    krav.aktiv = aktiv
    save_as(krav, user=user, reason=REACTIVATED_REASON if aktiv else RETIRED_REASON)
    return True
