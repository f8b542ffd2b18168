"""The answer contract: what an IVO or credit source says, parsed strictly.

Every adapter hands back a `Svar`: the raw bytes (hashed into the stored
check) and the parsed fields, named as on IvoKontroll / Kreditkontroll. The
JSON shape is documented in docs/kontroller-api.md; the http and demo
adapters and the file import all go through `parse_ivo` / `parse_kredit`, so
a malformed answer fails the same way from every source.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from arenden.models import Kontrolltyp
from leverantorer.models import Tillstandsstatus
from uppfoljning.dates import check_range
from uppfoljning.validators import looks_like_identity_number


class KontrollFel(Exception):
    """A check that could not be made; the message is Swedish and shown to users.

    `raw` is the answer's body, if any, so its hash is stored with the failure.
    """

    def __init__(self, message, *, raw=b""):
        super().__init__(message)
        self.message = message
        self.raw = raw or b""


@dataclass(frozen=True)
class Svar:
    raw: bytes
    falt: dict
    # When the source knew this, if not "now": an uploaded export's answers
    # are as of the upload, however long after it a sweep reads them.
    per: datetime.datetime | None = None

    @property
    def sha256(self):
        return hashlib.sha256(self.raw).hexdigest()


def sha256(raw):
    return hashlib.sha256(raw or b"").hexdigest() if raw else ""


class _Malformed(Exception):
    pass


def _get(data, key, kind, *, nullable=False):
    if key not in data:
        raise _Malformed(f"fältet ”{key}” saknas")
    value = data[key]
    if value is None:
        if nullable:
            return None
        raise _Malformed(f"fältet ”{key}” är tomt")
    if kind is bool and not isinstance(value, bool):
        raise _Malformed(f"fältet ”{key}” ska vara true eller false")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise _Malformed(f"fältet ”{key}” ska vara ett heltal, 0 eller större")
    if kind is str and not isinstance(value, str):
        raise _Malformed(f"fältet ”{key}” ska vara text")
    if kind is dict and not isinstance(value, dict):
        raise _Malformed(f"fältet ”{key}” ska vara ett objekt")
    if kind is datetime.date:
        try:
            if isinstance(value, str) and len(value) == 10:
                day = datetime.date.fromisoformat(value)
                # The range every form holds dates to (uppfoljning.dates).
                if not check_range(day):
                    raise _Malformed(f"fältet ”{key}” har ett orimligt datum ({value})")
                return day
        except ValueError:
            pass
        raise _Malformed(f"fältet ”{key}” ska vara ett datum ÅÅÅÅ-MM-DD")
    return value


def _load(raw):
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise KontrollFel("Svaret var inte giltig JSON.", raw=raw) from None
    if not isinstance(data, dict):
        raise KontrollFel("Svaret hade fel form: ett JSON-objekt väntades.", raw=raw)
    return data


def parse_ivo(raw):
    """IvoKontroll fields from one unit's JSON answer; KontrollFel if malformed."""
    data = _load(raw)
    try:
        tillstand = _get(data, "tillstand", str)
        if tillstand not in Tillstandsstatus.values:
            # The message is stored with the failed check: never quote an identity number.
            quoted = "" if looks_like_identity_number(tillstand) else f" ”{tillstand[:40]}”"
            raise _Malformed(f"okänt tillstånd{quoted}")
        falt = {
            "tillstand": tillstand,
            "vilande": _get(data, "vilande", bool),
            "oppna_tillsynsarenden": _get(data, "oppna_tillsynsarenden", int),
            "krav_pa_aterrapportering": _get(data, "krav_pa_aterrapportering", bool),
            "senaste_tillsyn": _get(data, "senaste_tillsyn", datetime.date, nullable=True),
        }
    except _Malformed as problem:
        raise KontrollFel(f"Svaret från IVO-källan var felaktigt: {problem}.", raw=raw) from None
    return Svar(raw=raw, falt=falt)


def _event(data, key):
    """{"status": bool, "datum": date|null} -> (bool, date|None)."""
    part = _get(data, key, dict)
    status = _get(part, "status", bool)
    datum = _get(part, "datum", datetime.date, nullable=True)
    return status, datum


def parse_kredit(raw):
    """Kreditkontroll fields from one supplier's JSON answer; KontrollFel if malformed."""
    data = _load(raw)
    try:
        rating = _get(data, "rating", str, nullable=True) or ""
        if len(rating) > 20:
            raise _Malformed("fältet ”rating” är för långt")
        # Stored on the check without a form in front: the guard runs here.
        if looks_like_identity_number(rating):
            raise _Malformed("fältet ”rating” ser ut som ett personnummer eller samordningsnummer")
        score = _get(data, "score", int, nullable=True)
        if score is not None and score > 100:
            raise _Malformed("fältet ”score” ska vara 0–100")
        remarks = _get(data, "betalningsanmarkningar", dict)
        antal = _get(remarks, "antal", int)
        debts = _get(data, "skatteskulder", dict)
        belopp_text = _get(debts, "belopp", str)
        try:
            belopp = Decimal(belopp_text)
        except InvalidOperation:
            raise _Malformed("fältet ”skatteskulder.belopp” ska vara ett belopp") from None
        if not belopp.is_finite() or belopp < 0 or belopp >= Decimal(10) ** 12:
            raise _Malformed("fältet ”skatteskulder.belopp” ska vara ett belopp")
        falt = {
            "rating": rating,
            "score": score,
            "betalningsanmarkningar": antal > 0,
            "betalningsanmarkningar_antal": antal,
            "betalningsanmarkning_datum": _get(remarks, "senaste", datetime.date, nullable=True),
            "skatteskulder": belopp > 0,
            "skatteskuld_belopp": belopp.quantize(Decimal("0.01")),
            "skatteskuld_datum": _get(debts, "sedan", datetime.date, nullable=True),
        }
        for key in ("konkurs", "likvidation", "avregistrerad"):
            falt[key], falt[f"{key}_datum"] = _event(data, key)
    except _Malformed as problem:
        raise KontrollFel(
            f"Svaret från kreditupplysningen var felaktigt: {problem}.", raw=raw
        ) from None
    return Svar(raw=raw, falt=falt)


PARSERS = {Kontrolltyp.IVO: parse_ivo, Kontrolltyp.KREDIT: parse_kredit}
