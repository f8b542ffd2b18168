"""What changed between two checks of the same unit or supplier, and what got worse.

`jamfor(fore, efter)` takes two stored checks (or `fore=None` for the first
one) and lists each field that differs. A change is a worsening when the
permit is gone or revoked, the unit became dormant, a new IVO case or a
demand for a corrective report appeared, or a payment remark, tax debt,
bankruptcy, liquidation or deregistration appeared. A failed check says
nothing and is never compared (callers pass the latest successful ones).
"""

from dataclasses import dataclass

from arenden.models import IvoKontroll
from leverantorer.models import Tillstandsstatus

BAD_PERMITS = {Tillstandsstatus.SAKNAS, Tillstandsstatus.ATERKALLAT}


@dataclass(frozen=True)
class Andring:
    falt: str
    etikett: str
    fore: object
    efter: object
    forsamring: bool

    @property
    def text(self):
        return f"{self.etikett}: {_show(self.fore)} → {_show(self.efter)}"


def _show(value):
    if value is None or value == "":
        return "okänt"
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value in Tillstandsstatus.values:
        return Tillstandsstatus(value).label.lower()
    return str(value)


def _became_true(before, after):
    return after is True and before is not True


def _grew(before, after):
    return after is not None and after > (before or 0)


def _later(before, after):
    return after is not None and (before is None or after > before)


def _permit_lost(before, after):
    return after in BAD_PERMITS and before not in BAD_PERMITS


def _never(before, after):
    return False


IVO_FIELDS = [
    ("tillstand", _permit_lost),
    ("vilande", _became_true),
    ("oppna_tillsynsarenden", _grew),
    ("krav_pa_aterrapportering", _became_true),
    ("senaste_tillsyn", _never),
]
KREDIT_FIELDS = [
    ("rating", _never),
    ("score", _never),
    ("betalningsanmarkningar", _became_true),
    ("betalningsanmarkningar_antal", _grew),
    ("betalningsanmarkning_datum", _later),
    ("skatteskulder", _became_true),
    ("skatteskuld_belopp", _never),
    ("skatteskuld_datum", _never),
    ("konkurs", _became_true),
    ("konkurs_datum", _never),
    ("likvidation", _became_true),
    ("likvidation_datum", _never),
    ("avregistrerad", _became_true),
    ("avregistrerad_datum", _never),
]
# Worsenings that stop a call-off make the signal serious.
SERIOUS = {"tillstand", "vilande", "konkurs", "likvidation", "avregistrerad"}


def fields_of(check):
    return IVO_FIELDS if isinstance(check, IvoKontroll) else KREDIT_FIELDS


def jamfor(fore, efter):
    """Every field that differs between `fore` (or None: nothing known) and `efter`."""
    changes = []
    for name, worse in fields_of(efter):
        after = getattr(efter, name)
        before = getattr(fore, name) if fore is not None else None
        if fore is not None and before == after:
            continue
        if fore is None and not worse(None, after):
            continue  # a first check lists only what is wrong
        label = efter._meta.get_field(name).verbose_name
        changes.append(Andring(name, label.capitalize(), before, after, worse(before, after)))
    return changes


def forsamringar(fore, efter):
    """Only the changes that made things worse."""
    return [change for change in jamfor(fore, efter) if change.forsamring]
