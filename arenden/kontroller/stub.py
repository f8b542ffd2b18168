"""The stub adapter: made-up, deterministic answers for `make run`, demos and tests.

An adapter like `http` and `fil` (code, not demo data) with no service
behind it; it is chosen with KONTROLL_*_ADAPTER=demo (the stored Kontrollkalla value,
kept from its first name) and refused in production by the settings.

The same key always gets the same answer (a hash of it picks the outcome),
so re-running a demo sweep changes nothing and raises no new signals. Most
units and suppliers are fine; a few have the problems the checks look for.
The answers are JSON in the http contract and go through the same parser.
"""

import datetime
import hashlib
import json

from arenden.kontroller.parsing import PARSERS
from arenden.models import Kontrollkalla, Kontrolltyp


def _number(nyckel):
    return int.from_bytes(hashlib.sha256(nyckel.encode()).digest()[:4], "big")


def stub_ivo(nyckel):
    n = _number(nyckel)
    tillsyn = datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300)
    answer = {
        "tillstandsnummer": nyckel,
        "tillstand": "aterkallat" if n % 23 == 0 else "giltigt",
        "vilande": n % 29 == 1,
        "oppna_tillsynsarenden": 1 if n % 11 == 2 else 0,
        "krav_pa_aterrapportering": n % 11 == 2 and n % 2 == 0,
        "senaste_tillsyn": tillsyn.isoformat(),
    }
    return json.dumps(answer, sort_keys=True).encode()


def _event(flag, n):
    date = datetime.date(2026, 6, 1) + datetime.timedelta(days=n % 120)
    return {"status": flag, "datum": date.isoformat() if flag else None}


def stub_kredit(nyckel):
    n = _number(nyckel)
    remarks = 2 if n % 13 == 3 else 0
    debt = "48200.00" if n % 17 == 4 else "0.00"
    answer = {
        "organisationsnummer": nyckel,
        "rating": ["AAA", "AA", "A", "B", "C"][n % 5],
        "score": 30 + n % 70,
        "betalningsanmarkningar": {
            "antal": remarks,
            "senaste": "2026-08-14" if remarks else None,
        },
        "skatteskulder": {"belopp": debt, "sedan": "2026-09-01" if debt != "0.00" else None},
        "konkurs": _event(n % 37 == 5, n),
        "likvidation": _event(n % 41 == 6, n),
        "avregistrerad": _event(False, n),
    }
    return json.dumps(answer, sort_keys=True).encode()


class StubKalla:
    kalla = Kontrollkalla.STUB

    def __init__(self, *, typ):
        self.typ = typ
        self._make = stub_ivo if typ == Kontrolltyp.IVO else stub_kredit

    def hamta(self, nyckel):
        return PARSERS[self.typ](self._make(nyckel))

    def close(self):
        pass
