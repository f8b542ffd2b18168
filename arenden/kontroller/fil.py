"""The file adapter: an export from IVO or a credit service, uploaded by a strategist.

`fil_lasa` reads a CSV (`;`, decimal comma, UTF-8 with BOM or Windows-1252)
or XLSX file with the register import's reader and checks every row; one bad
row rejects the whole file with Swedish messages and nothing is written.
Each row is turned into the http contract's JSON and parsed by the same
parser, then stored in a Kontrollfil; `FilKalla` answers from the newest one.
Columns: docs/kontroller-fil.md.
"""

import hashlib
import json
from dataclasses import dataclass, field, replace

from arenden.kontroller.parsing import PARSERS, KontrollFel
from arenden.models import Kontrollfil, Kontrollkalla, Kontrolltyp
from leverantorer.models import Leverantor, Tillstandsstatus, Verksamhet
from uppfoljning.tabular import Column, read_rows
from uppfoljning.tabular import row_message as _msg

COLUMNS = {
    Kontrolltyp.IVO: [
        Column("tillstandsnummer", "text", required_value=True, max_length=50),
        Column("tillstand", "choice", required_value=True, choices=Tillstandsstatus),
        Column("vilande", "bool", required_value=True),
        Column("oppna_tillsynsarenden", "count", required_value=True),
        Column("krav_pa_aterrapportering", "bool", required_value=True),
        Column("senaste_tillsyn", "date", required_column=False),
    ],
    Kontrolltyp.KREDIT: [
        Column("organisationsnummer", "orgnr", required_value=True, check_identity=False),
        Column("rating", "text", required_column=False, max_length=20),
        Column("score", "count", required_column=False),
        Column("betalningsanmarkningar", "count", required_value=True),
        Column("betalningsanmarkning_datum", "date", required_column=False),
        Column("skatteskuld", "decimal", required_value=True, max_digits=14),
        Column("skatteskuld_datum", "date", required_column=False),
        Column("konkurs", "bool", required_value=True),
        Column("konkurs_datum", "date", required_column=False),
        Column("likvidation", "bool", required_value=True),
        Column("likvidation_datum", "date", required_column=False),
        Column("avregistrerad", "bool", required_value=True),
        Column("avregistrerad_datum", "date", required_column=False),
    ],
}


@dataclass
class Filinnehall:
    typ: str
    rader: dict = field(default_factory=dict)  # key -> contract JSON object
    amnen: list = field(default_factory=list)  # unit or supplier ids the file covers
    errors: list = field(default_factory=list)
    sha256: str = ""


def _iso(value):
    return value.isoformat() if value else None


def _contract(typ, v):
    if typ == Kontrolltyp.IVO:
        return {
            "tillstandsnummer": v["tillstandsnummer"],
            "tillstand": v["tillstand"],
            "vilande": v["vilande"],
            "oppna_tillsynsarenden": v["oppna_tillsynsarenden"],
            "krav_pa_aterrapportering": v["krav_pa_aterrapportering"],
            "senaste_tillsyn": _iso(v.get("senaste_tillsyn")),
        }
    answer = {
        "organisationsnummer": v["organisationsnummer"],
        "rating": v.get("rating") or None,
        "score": v.get("score"),
        "betalningsanmarkningar": {
            "antal": v["betalningsanmarkningar"],
            "senaste": _iso(v.get("betalningsanmarkning_datum")),
        },
        "skatteskulder": {
            "belopp": str(v["skatteskuld"]),
            "sedan": _iso(v.get("skatteskuld_datum")),
        },
    }
    for key in ("konkurs", "likvidation", "avregistrerad"):
        answer[key] = {"status": v[key], "datum": _iso(v.get(f"{key}_datum"))}
    return answer


def canonical(answer):
    """The bytes hashed and parsed for one row: stable whatever the file looked like."""
    return json.dumps(answer, sort_keys=True, ensure_ascii=False).encode()


def fil_lasa(typ, uploaded_file_or_bytes, filename):
    """Read and check a whole export. Errors in `errors`; nothing is written."""
    result = Filinnehall(typ=typ)
    _columns, rows, errors = read_rows(COLUMNS[typ], uploaded_file_or_bytes, filename)
    if errors:
        result.errors = errors
        return result
    key_name = "tillstandsnummer" if typ == Kontrolltyp.IVO else "organisationsnummer"
    seen = {}
    for row in rows:
        key = row.values.get(key_name)
        if key and key in seen:
            row.errors.append(
                _msg(row.number, key_name, f"”{key}” finns redan på rad {seen[key]}.")
            )
        elif key:
            seen[key] = row.number
        result.errors.extend(row.errors)
        if row.errors:
            continue
        answer = _contract(typ, row.values)
        try:
            PARSERS[typ](canonical(answer))
        except KontrollFel as problem:
            result.errors.append(_msg(row.number, None, problem.message))
            continue
        result.rader[key] = answer
    if result.errors:
        return result
    result.amnen, unknown = _match(typ, seen)
    for key in unknown:
        what = "ingen verksamhet" if typ == Kontrolltyp.IVO else "ingen leverantör"
        result.errors.append(
            _msg(seen[key], key_name, f"”{key}” finns inte i registret ({what} har det).")
        )
    if not result.errors:
        data = json.dumps(result.rader, sort_keys=True, ensure_ascii=False).encode()
        result.sha256 = hashlib.sha256(data).hexdigest()
    return result


def _match(typ, keys):
    if typ == Kontrolltyp.IVO:
        pairs = Verksamhet.objects.filter(ivo_tillstandsnummer__in=list(keys)).values_list(
            "pk", "ivo_tillstandsnummer"
        )
    else:
        pairs = Leverantor.objects.filter(organisationsnummer__in=list(keys)).values_list(
            "pk", "organisationsnummer"
        )
    pairs = list(pairs)
    found = {key for _pk, key in pairs}
    return sorted(pk for pk, _key in pairs), [k for k in keys if k not in found]


class FilKalla:
    """Answers from the newest uploaded export of its kind."""

    kalla = Kontrollkalla.FIL

    def __init__(self, *, typ):
        self.typ = typ
        # Read once, in the calling thread: hamta() is called from a pool.
        self.fil = Kontrollfil.objects.filter(typ=typ).order_by("-uppladdad", "-pk").first()

    def hamta(self, nyckel):
        if self.fil is None:
            raise KontrollFel("Ingen fil är importerad för den här kontrollen.")
        answer = self.fil.rader.get(nyckel)
        if answer is None:
            raise KontrollFel(
                f"”{nyckel}” finns inte i den senast importerade filen ({self.fil.filnamn})."
            )
        # Dated by the upload: a sweep reading an old file must not make its
        # answers look fresh (avropskontroll warns about old checks).
        return replace(PARSERS[self.typ](canonical(answer)), per=self.fil.uppladdad)

    def close(self):
        pass
