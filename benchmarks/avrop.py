"""Benchmark: avropskontroll search-as-you-type and the verdict page.

Measures server time (Django's test client in-process, no network) on the
`--scale large` demo data plus a few hundred thousand check rows, and the
number of queries per request. Prints p50/p95 and writes them to
benchmarks/results/avrop.json. Target: p95 <= 50 ms.

    .venv/bin/python benchmarks/avrop.py            # builds var/bench/ once
    .venv/bin/python benchmarks/avrop.py --requests 500
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppfoljning.settings")
os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

CHECKS_PER_UNIT = 50


def prepare():
    call_command("migrate", verbosity=0)
    from arenden.models import IvoKontroll, Kreditkontroll
    from demo.register import demo_data_exists
    from leverantorer.models import Leverantor, Verksamhet

    if not demo_data_exists():
        started = time.perf_counter()
        call_command("load_demo_data", scale="large")
        print(f"loaded large demo data in {time.perf_counter() - started:.0f} s")
    if not IvoKontroll.objects.exists():
        started = time.perf_counter()
        now = timezone.now()
        rng = random.Random(7)
        units = list(Verksamhet.objects.values_list("pk", flat=True))
        for chunk_start in range(0, len(units), 200):
            rows = [
                IvoKontroll(
                    verksamhet_id=unit,
                    kalla="demo",
                    status="ok",
                    tillstand=rng.choice(["giltigt"] * 20 + ["aterkallat", "okant"]),
                    vilande=rng.random() < 0.02,
                    krav_pa_aterrapportering=rng.random() < 0.05,
                    kontrollerad=now - timezone.timedelta(days=7 * n + rng.randint(0, 6)),
                )
                for unit in units[chunk_start : chunk_start + 200]
                for n in range(CHECKS_PER_UNIT)
            ]
            IvoKontroll.objects.bulk_create(rows, batch_size=5000)
        suppliers = list(Leverantor.objects.values_list("pk", flat=True))
        Kreditkontroll.objects.bulk_create(
            [
                Kreditkontroll(
                    leverantor_id=supplier,
                    kalla="demo",
                    status="ok",
                    skatteskulder=rng.random() < 0.03,
                    betalningsanmarkningar=rng.random() < 0.05,
                    konkurs=rng.random() < 0.005,
                    kontrollerad=now - timezone.timedelta(days=7 * n),
                )
                for supplier in suppliers
                for n in range(CHECKS_PER_UNIT)
            ],
            batch_size=5000,
        )
        print(
            f"created {IvoKontroll.objects.count()} IVO and {Kreditkontroll.objects.count()} "
            f"credit checks in {time.perf_counter() - started:.0f} s"
        )


def measure(client, urls):
    timings, queries = [], []
    for url in urls:
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(context.captured_queries))
    ordered = sorted(timings)
    return {
        "requests": len(timings),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
        "queries_min": min(queries),
        "queries_max": max(queries),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    prepare()
    from django.contrib.auth import get_user_model

    from arenden.models import IvoKontroll
    from leverantorer.models import Avtal, Leverantor, Placering, Verksamhet

    rng = random.Random(11)
    client = Client()
    client.force_login(get_user_model().objects.get(username="samordnare"))
    names = list(Leverantor.objects.values_list("namn", flat=True))
    queries = []
    for _ in range(args.requests):
        name = rng.choice(names)
        start = rng.randint(0, max(0, len(name) - 4))
        queries.append(name[start : start + rng.randint(2, 6)].lower())
    search_urls = [reverse("arenden:avrop_search") + "?format=json&q=" + q for q in queries]
    pairs = list(Avtal.objects.filter(verksamheter__isnull=False).values_list("pk", "verksamheter"))
    verdict_urls = [
        reverse("arenden:avrop_verdict", args=rng.choice(pairs)) for _ in range(args.requests)
    ]
    # Warm up connections and template caches before timing.
    measure(client, search_urls[:20] + verdict_urls[:20])
    results = {
        "data": {
            "leverantorer": Leverantor.objects.count(),
            "verksamheter": Verksamhet.objects.count(),
            "placeringar": Placering.objects.count(),
            "ivo_kontroller": IvoKontroll.objects.count(),
            "database": connection.vendor,
        },
        "search_as_you_type": measure(client, search_urls),
        "verdict_page": measure(client, verdict_urls),
    }
    out = ROOT / "benchmarks" / "results" / "avrop.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    for name in ("search_as_you_type", "verdict_page"):
        r = results[name]
        print(
            f"{name:20} p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
            f"max {r['max_ms']:6.1f} ms  queries {r['queries_min']}–{r['queries_max']}"
        )
    print(f"written to {out}")


if __name__ == "__main__":
    main()
