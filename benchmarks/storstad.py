"""Benchmark: a big city's year of special follow-ups (issue 16). Not a test.

Builds (once, in var/bench-storstad/) 15 areas — "Hemtjänst LOV" (open-ended,
12 areas) and one LOU agreement with 3 — 800 units and 400 sample rows in 2025
(statuses, reasons, outcomes, findings and some vite decisions spread), one
questionnaire send-out per follow-up to its sampled units (most answered, the
findings linked to answers), and two follow-ups in 2026 for the writes. Then
times with the test client (in-process, after one warm-up request): the year's
overview page (arenden:sarskild_oversikt), a follow-up with 150 rows
(arenden:sarskild), the annual report's HTML preview (rapporter:preview); a
bulk status change of 150 rows, through arenden.urvalsrader.uppdatera_rader and
through the view arenden:sarskild_urval_bulk; and an import of a 400-row
outcome file end to end (the CSV export view, every row edited, parse_urval,
apply_urval). Prints p50/p95 (writes: p50/max) and query counts.
Targets: pages p95 <= 150 ms, the preview < 1 s, bulk work < 2 s.

    .venv/bin/python benchmarks/storstad.py --requests 30 --bulk-runs 5
"""

import argparse
import datetime
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
    # Rows asking for a correction (and vite rows) have their finding, as the ladder wants.
    escalated = [r for r in rows if r.utfall in (a.PlaneradUtfall.RATTELSE, a.PlaneradUtfall.VITE)]
    brister = a.Brist.objects.bulk_create(
        a.Brist(
            uppfoljning=r.uppfoljning,
            leverantor_id=r.leverantor_id,
            verksamhet=r.verksamhet,
            tema=rng.choice(tema),
            beskrivning="Brist i dokumentationen.",
            krav="Rätta.",
            atgard_senast=datetime.date(AR, 12, 1),
        )
        for r in escalated
    )
    for row, brist in zip(escalated, brister, strict=True):
        row.brist = brist
    a.UppfoljningLeverantor.objects.bulk_update(escalated, ["brist"])
    build_enkater(cases, rng)
    build_bulk_cases(lov, units, user)
    Arsrapport.objects.get_or_create(ar=AR, defaults={"diarienummer": "SCN-2026-00099"})


# The questionnaire each area's follow-up sent to its sampled units (as in enkater_resultat).
FRAGOR = [
    ("ja_nej", "", lambda r: r.choice(["Ja", "Nej"])),
    ("ett_val", "Dagligen\nVeckovis\nSällan", lambda r: r.choice(["Dagligen", "Veckovis"])),
    ("skala", "", lambda r: str(r.randint(1, 5))),
    ("tal", "", lambda r: str(r.randint(0, 40))),
    ("kort_text", "", lambda r: f"Kort svar {r.randint(1, 500)}"),
    ("lang_text", "", lambda r: "Ett längre svar om verksamheten. " * 3),
]


def build_enkater(cases, rng):
    """One send-out per follow-up to its sampled units; most answered, findings linked."""
    from arenden.models import Brist
    from enkater import models as e

    formular = e.Formular.objects.create(
        namn="Egenrapportering hemtjänst", malgrupp=e.Malgrupp.VERKSAMHET
    )
    version = e.FormularVersion.objects.create(formular=formular, nummer=1)
    sektion = e.Sektion.objects.create(version=version, rubrik="Kvalitet", ordning=1)
    fragor = [
        e.Fraga.objects.create(
            sektion=sektion, ordning=n, typ=typ, text=f"Fråga {n}?", alternativ=alternativ
        )
        for n, (typ, alternativ, _) in enumerate(FRAGOR, start=1)
    ]
    statuses = [e.SvarStatus.GODKANT, e.SvarStatus.INSKICKAT, e.SvarStatus.KOMPLETTERING]
    for case in cases:
        utskick = e.Utskick.objects.create(
            uppfoljning=case,
            version=version,
            svar_senast=datetime.date(AR, 5, 31),
            status=e.UtskickStatus.SKICKAT,
        )
        rows = list(case.urval.select_related("verksamhet").order_by("pk"))
        answered = [rng.random() < 0.85 for _ in rows]
        mottagare = e.Mottagare.objects.bulk_create(
            e.Mottagare(
                utskick=utskick,
                leverantor_id=row.leverantor_id,
                verksamhet=row.verksamhet,
                epost=f"enhet{row.verksamhet_id}@example.se",
                besvarad=done,
            )
            for row, done in zip(rows, answered, strict=True)
        )
        e.Utskick.objects.filter(pk=utskick.pk).update(
            antal_mottagare=len(mottagare), antal_skickade=len(mottagare)
        )
        svar = e.Svar.objects.bulk_create(
            e.Svar(
                utskick=utskick,
                version=version,
                mottagare=m,
                leverantor_id=m.leverantor_id,
                verksamhet_id=m.verksamhet_id,
                status=rng.choices(statuses, [70, 20, 10])[0],
                runda=0,
                inskickad=datetime.date(AR, 5, 20),
            )
            for m, done in zip(mottagare, answered, strict=True)
            if done
        )
        e.SvarVarde.objects.bulk_create(
            e.SvarVarde(svar=s, fraga=fraga, text=make(rng))
            for s in svar
            for fraga, (_, _, make) in zip(fragor, FRAGOR, strict=True)
        )
        by_unit = {s.verksamhet_id: s for s in svar}
        e.BristUnderlag.objects.bulk_create(
            e.BristUnderlag(brist=b, svar=by_unit[b.verksamhet_id], fraga=fragor[0])
            for b in Brist.objects.filter(uppfoljning=case)
            if b.verksamhet_id in by_unit
        )


BULK = "Storstad: massändring"
IMPORT = "Storstad: import"


def build_bulk_cases(lov, units, user):
    """Next year's two follow-ups the bulk and import timings write to (the year's stay as built).

    One with BIG rows for the status change, one with ROWS rows for the import,
    all planned; each timing changes every row, so re-runs change them back.
    """
    from arenden import models as a

    lov_units = [unit for n, unit in enumerate(units) if n % 300 < 240]  # as the contracts
    for rubrik, count in ((BULK, BIG), (IMPORT, ROWS)):
        case = a.Uppfoljning.objects.create(
            typ=a.UppfoljningTyp.SARSKILD, rubrik=rubrik, ramavtal=lov, ar=AR + 1, ansvarig=user
        )
        a.UppfoljningLeverantor.objects.bulk_create(
            a.UppfoljningLeverantor(
                uppfoljning=case, verksamhet=unit, leverantor_id=unit.leverantor_id
            )
            for unit in lov_units[:count]
        )


def measure(client, url, n):
    client.get(url)  # warm-up: templates compiled, caches filled
    times, cpu, queries = [], [], 0
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, queries, statistics.median(cpu)


def _next_status(case):
    """Planned rows become ongoing and back, so every run changes every row."""
    from arenden.models import PlaneradStatus

    first = case.urval.order_by("pk").first()
    if first.status == PlaneradStatus.PLANERAD:
        return PlaneradStatus.PAGAR
    return PlaneradStatus.PLANERAD


def _timed(runs, once):
    """(p50 ms, max ms, queries of the last run) of `runs` calls of once()."""
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            once()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(ctx.captured_queries)
    return statistics.median(times), max(times), queries


def time_bulk(client, case, user, runs):
    from arenden.urvalsrader import uppdatera_rader

    ids = list(case.urval.values_list("pk", flat=True))

    def once():
        status = _next_status(case)
        assert uppdatera_rader(uppfoljning=case, rader=ids, user=user, status=status) == len(ids)
        assert case.urval.filter(status=status).count() == len(ids)

    return _timed(runs, once)


def time_bulk_view(client, case, user, runs):
    ids = list(case.urval.values_list("pk", flat=True))
    url = reverse("arenden:sarskild_urval_bulk", args=[case.pk])

    def once():
        status = _next_status(case)
        response = client.post(url, {"rader": ids, "status": status})
        assert response.status_code == 302, response.status_code
        assert case.urval.filter(status=status).count() == len(ids)

    return _timed(runs, once)


def time_import(client, case, user, runs):
    """The whole round: the CSV export view, every row's outcome edited, parse, apply."""
    import csv
    import io

    from arenden.models import PlaneradStatus, PlaneradUtfall
    from arenden.urval_import import HEADER, apply_urval, parse_urval

    url = reverse("arenden:sarskild_urval_export", args=[case.pk]) + "?format=csv"
    # Every row done; the outcome flips between "without remarks" and "complement asked".
    flip = {
        PlaneradUtfall.INGA_ANMARKNINGAR.label: PlaneradUtfall.KOMPLETTERING.label,
        PlaneradUtfall.KOMPLETTERING.label: PlaneradUtfall.INGA_ANMARKNINGAR.label,
    }
    position = {name: HEADER.index(name) for name in ("status", "metod", "utfall", "underlag")}

    def once():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        for row in rows[1:]:
            row[position["status"]] = PlaneradStatus.GENOMFORD.label
            row[position["metod"]] = "Egenrapportering"
            row[position["utfall"]] = flip.get(
                row[position["utfall"]], PlaneradUtfall.INGA_ANMARKNINGAR.label
            )
            row[position["underlag"]] = f"SCN-{AR + 1}-00016"
        text = io.StringIO()
        csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(rows)
        data = ("\ufeff" + text.getvalue()).encode("utf-8")
        preview = parse_urval(case, data, "urval.csv")
        assert preview.ok, preview.all_errors[:3]
        result = apply_urval(case, data, "urval.csv", user=user)
        assert result.updated == len(rows) - 1 == ROWS, result.updated

    return _timed(runs, once)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--bulk-runs", type=int, default=5)
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
        p50, p95, queries, cpu = measure(client, url, args.requests)
        # CPU time of this process: what the page costs, whatever else shares the cores.
        print(
            f"{label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries} queries, "
            f"CPU p50 {cpu:.0f} ms (mål p95 ≤ {target} ms)"
        )
    bulk = Uppfoljning.objects.get(rubrik=BULK)
    imported = Uppfoljning.objects.get(rubrik=IMPORT)
    for label, timing in (
        (f"Massändring av status, {BIG} rader (uppdatera_rader)", time_bulk),
        (f"Massändring av status, {BIG} rader (POST sarskild_urval_bulk)", time_bulk_view),
        (f"Import av utfallsfil, {ROWS} rader (export → ändra → parse → apply)", time_import),
    ):
        case = imported if timing is time_import else bulk
        p50, worst, queries = timing(client, case, user, args.bulk_runs)
        print(
            f"{label}: p50 {p50:.0f} ms, max {worst:.0f} ms av {args.bulk_runs}, "
            f"{queries} queries (mål < 2000 ms)"
        )
    print(f"Rader i {AR}: {UppfoljningLeverantor.objects.av_ar(AR).count()}")


if __name__ == "__main__":
    main()
