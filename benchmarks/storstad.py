"""Benchmark: a big city's year of special follow-ups (issue 16). Not a test.

Builds (once, in var/bench-storstad/) 15 areas — "Hemtjänst LOV" (open-ended,
12 areas) and one LOU agreement with 3 — 800 units and 400 sample rows in 2025
(statuses, reasons, outcomes, findings and some vite decisions spread), then
times with the test client (in-process): the year's overview page
(arenden:sarskild_oversikt), a follow-up with 150 rows (arenden:sarskild), the
annual report's HTML preview (rapporter:preview), and — when the modules exist —
a bulk status change of 150 rows (arenden.urvalsrader.uppdatera_rader) and an
import of a 400-row file (arenden.urval_import). Prints p50/p95 and query counts.
Targets: pages p95 <= 150 ms, the preview < 1 s, bulk work < 2 s.

    .venv/bin/python benchmarks/storstad.py --requests 20
"""

import argparse
import datetime
import importlib
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench-storstad"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppfoljning.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

AR = 2025
UNITS = 800
ROWS = 400
BIG = 150  # rows of the one large follow-up


def build(user):
    """The data set (re-used when it exists)."""
    from arenden import models as a
    from leverantorer import models as lev
    from ramavtal import models as ram
    from rapporter.models import Arsrapport

    if a.Uppfoljning.objects.filter(typ=a.UppfoljningTyp.SARSKILD, ar=AR).exists():
        return
    rng = random.Random(16)
    lov = ram.Ramavtal.objects.create(
        namn="Hemtjänst LOV",
        diarienummer="SCN-2020-00016",
        upphandlingsform=ram.Upphandlingsform.LOV,
        startdatum=datetime.date(2020, 1, 1),
    )
    lou = ram.Ramavtal.objects.create(
        namn="Boendestöd LOU",
        diarienummer="SCN-2022-00017",
        startdatum=datetime.date(2022, 1, 1),
        slutdatum=datetime.date(2026, 12, 31),
        slutdatum_inkl_option=datetime.date(2028, 12, 31),
    )
    areas = [
        ram.Avtalsomrade.objects.create(ramavtal=lov, nummer=n, namn=f"Stadsdel {n}")
        for n in range(1, 13)
    ] + [
        ram.Avtalsomrade.objects.create(ramavtal=lou, nummer=n, namn=f"Anbudsområde {n}")
        for n in range(1, 4)
    ]
    suppliers = lev.Leverantor.objects.bulk_create(
        lev.Leverantor(namn=f"Omsorg {n} AB", organisationsnummer=f"55{n:04d}-0000")
        for n in range(300)
    )
    units = lev.Verksamhet.objects.bulk_create(
        lev.Verksamhet(
            leverantor=suppliers[n % 300],
            namn=f"Enhet {n}",
            skyddat_boende=n % 97 == 0,
        )
        for n in range(UNITS)
    )
    contracts = lev.Avtal.objects.bulk_create(
        lev.Avtal(
            leverantor=s,
            ramavtal=lov if n < 240 else lou,
            startdatum=datetime.date(2022, 1, 1),
        )
        for n, s in enumerate(suppliers)
    )
    AreaThrough = lev.Avtal.avtalsomraden.through
    UnitThrough = lev.Avtal.verksamheter.through
    AreaThrough.objects.bulk_create(
        AreaThrough(avtal_id=c.pk, avtalsomrade_id=areas[n % 12 if n < 240 else 12 + n % 3].pk)
        for n, c in enumerate(contracts)
    )
    UnitThrough.objects.bulk_create(
        UnitThrough(avtal_id=contracts[n % 300].pk, verksamhet_id=u.pk) for n, u in enumerate(units)
    )
    cases = [
        a.Uppfoljning.objects.create(
            typ=a.UppfoljningTyp.SARSKILD,
            rubrik=f"Uppföljning {AR} {area.namn}",
            ramavtal=area.ramavtal,
            avtalsomrade=area,
            ar=AR,
            ansvarig=user,
        )
        for area in areas
    ]
    orsaker = [
        a.EjGenomfordOrsak.objects.get_or_create(namn=n)[0]
        for n in (
            "Verksamheten läggs ned",
            "Omprioritering",
            "Avtalet har upphört",
            "Sammanslagen med annan verksamhet",
        )
    ]
    tema = [
        a.Tema.objects.get_or_create(namn=n)[0] for n in ("Bemanning", "Dokumentation", "Lokaler")
    ]
    skal = lev.BeslutSkal.objects.order_by("kod").first()
    # The big follow-up (area 1) gets BIG rows, the rest spread over the others.
    picked = rng.sample(units, ROWS)
    rows = []
    for n, unit in enumerate(picked):
        case = cases[0] if n < BIG else cases[1 + n % 14]
        status = rng.choices(
            [
                a.PlaneradStatus.GENOMFORD,
                a.PlaneradStatus.PAGAR,
                a.PlaneradStatus.PLANERAD,
                a.PlaneradStatus.FLYTTAD,
                a.PlaneradStatus.INSTALLD,
            ],
            [70, 8, 4, 10, 8],
        )[0]
        row = a.UppfoljningLeverantor(
            uppfoljning=case, verksamhet=unit, leverantor_id=unit.leverantor_id, status=status
        )
        if status in (a.PlaneradStatus.FLYTTAD, a.PlaneradStatus.INSTALLD):
            row.orsak = rng.choice(orsaker)
        elif status == a.PlaneradStatus.GENOMFORD:
            row.utfall = rng.choices(list(a.PlaneradUtfall), [60, 15, 15, 7, 3])[0]
            if row.utfall in (a.PlaneradUtfall.KOMPLETTERING, a.PlaneradUtfall.RATTELSE):
                row.atgardat = datetime.date(AR, 11, 1) if rng.random() < 0.6 else None
            if row.utfall == a.PlaneradUtfall.VITE:
                row.beslut = lev.Beslut.objects.create(
                    avtal=contracts[suppliers.index(unit.leverantor)],
                    typ=lev.BeslutTyp.VITE,
                    datum=datetime.date(AR, 10, 1),
                    beslutsfattare="Nämnden",
                    skal=skal,
                    faktaunderlag="Brister kvarstod.",
                    belopp=Decimal(rng.choice([25000, 50000, 100000])),
                    registrerat_av=user,
                )
        rows.append(row)
    a.UppfoljningLeverantor.objects.bulk_create(rows)
    a.Brist.objects.bulk_create(
        a.Brist(
            uppfoljning=r.uppfoljning,
            leverantor_id=r.leverantor_id,
            verksamhet=r.verksamhet,
            tema=rng.choice(tema),
            beskrivning="Brist i dokumentationen.",
            krav="Rätta.",
            atgard_senast=datetime.date(AR, 12, 1),
        )
        for r in rows
        if r.utfall in (a.PlaneradUtfall.RATTELSE, a.PlaneradUtfall.VITE)
    )
    Arsrapport.objects.get_or_create(ar=AR, defaults={"diarienummer": "SCN-2026-00099"})


def measure(client, url, n):
    times, queries = [], 0
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from arenden.models import Uppfoljning, UppfoljningLeverantor

    User = get_user_model()
    user = User.objects.filter(username="bench-strateg").first() or User.objects.create_superuser(
        "bench-strateg", "bench@example.invalid", "x"
    )
    build(user)
    client = Client()
    client.force_login(user)
    big = Uppfoljning.objects.filter(ar=AR).order_by("pk").first()
    pages = [
        ("Årets översikt per område", f"{reverse('arenden:sarskild_oversikt')}?ar={AR}", 150),
        (f"Uppföljning med {BIG} rader", reverse("arenden:sarskild", args=[big.pk]), 150),
        (
            "Årsrapportens förhandsgranskning",
            reverse("rapporter:preview", args=["arsrapport", AR]),
            1000,
        ),
    ]
    for label, url, target in pages:
        p50, p95, queries = measure(client, url, args.requests)
        print(
            f"{label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries} queries "
            f"(mål p95 ≤ {target} ms)"
        )
    for module, function in (
        ("arenden.urvalsrader", "uppdatera_rader"),
        ("arenden.urval_import", None),
    ):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            print(f"{module}: finns inte ännu – hoppar över.")
            continue
        if function and not hasattr(mod, function):
            print(f"{module}.{function}: finns inte ännu – hoppar över.")
            continue
        print(f"{module}: finns, men mätningen kräver dess signatur – se modulens egen benchmark.")
    print(f"Rader i {AR}: {UppfoljningLeverantor.objects.av_ar(AR).count()}")


if __name__ == "__main__":
    main()
