"""Benchmark: a send-out's results page with 10,000 submitted answers.

Builds (once, in var/bench-enkater/) a questionnaire of eight questions (yes/no,
single and multiple choice, scale, number, short and long text, date) sent to
10,000 recipients of 20 suppliers, every one of whom submitted (bulk_create),
then times GET /enkater/utskick/<pk>/resultat/ with the test client (in-process,
no network): p50/p95 over 30 requests and the query count. Target: p95 <= 150 ms
on the 2-core machine, the same query count whatever the number of answers.
Writes benchmarks/results/enkater_resultat.json. Not a test.

    .venv/bin/python benchmarks/enkater_resultat.py
    .venv/bin/python benchmarks/enkater_resultat.py --answers 20000 --requests 50
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VAR_DIR", str(ROOT / "var" / "bench-enkater"))
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

SUPPLIERS = 20
RUBRIK = "Benchmark: resultat av frågeformulär"


def build(answers):
    """The send-out with `answers` submitted answers (re-used when it exists)."""
    from enkater.models import (
        Formular,
        FormularVersion,
        Fraga,
        FragaTyp,
        Malgrupp,
        Mottagare,
        Sektion,
        Svar,
        SvarStatus,
        SvarVarde,
        Utskick,
    )
    from ramavtal.models import Ramavtal

    existing = Utskick.objects.filter(uppfoljning__rubrik=RUBRIK, antal_mottagare=answers).first()
    if existing is not None:
        return existing
    started = time.perf_counter()
    ramavtal = Ramavtal.objects.first()
    if ramavtal is None:
        from tests.factories import RamavtalFactory

        ramavtal = RamavtalFactory()
    from tests.arenden.factories_sarskild import SarskildFactory

    uppfoljning = SarskildFactory(rubrik=RUBRIK, ramavtal=ramavtal, ar=2026)
    formular = Formular.objects.create(namn="Egenrapportering", malgrupp=Malgrupp.VERKSAMHET)
    version = FormularVersion.objects.create(formular=formular, nummer=1)
    sektion = Sektion.objects.create(version=version, rubrik="Kvalitet", ordning=1)
    specs = [
        (FragaTyp.JA_NEJ, "", lambda r: r.choice(["Ja", "Nej"])),
        (
            FragaTyp.ETT_VAL,
            "Dagligen\nVeckovis\nSällan",
            lambda r: r.choice(["Dagligen", "Veckovis", "Sällan"]),
        ),
        (
            FragaTyp.FLERA_VAL,
            "Schema\nRutin\nPlan",
            lambda r: "\n".join(r.sample(["Schema", "Rutin", "Plan"], r.randint(1, 3))),
        ),
        (FragaTyp.SKALA, "", lambda r: str(r.randint(1, 5))),
        (FragaTyp.TAL, "", lambda r: str(r.randint(0, 40))),
        (FragaTyp.KORT_TEXT, "", lambda r: f"Kort svar {r.randint(1, 500)}"),
        (FragaTyp.LANG_TEXT, "", lambda r: "Ett längre svar om verksamheten. " * 3),
        (FragaTyp.DATUM, "", lambda r: f"2026-{r.randint(1, 12):02d}-01"),
    ]
    fragor = [
        Fraga.objects.create(
            sektion=sektion, ordning=n, typ=typ, text=f"Fråga {n}?", alternativ=alt
        )
        for n, (typ, alt, _) in enumerate(specs, start=1)
    ]
    from tests.factories import LeverantorFactory

    leverantorer = [
        LeverantorFactory(namn=f"Benchmark leverantör {answers}-{n}") for n in range(SUPPLIERS)
    ]
    utskick = Utskick.objects.create(
        uppfoljning=uppfoljning,
        version=version,
        svar_senast=datetime.date(2026, 12, 15),
        antal_mottagare=answers,
    )
    rng = random.Random(15)
    for start in range(0, answers, 1000):
        size = min(1000, answers - start)
        mottagare = Mottagare.objects.bulk_create(
            Mottagare(
                utskick=utskick,
                leverantor=leverantorer[(start + i) % SUPPLIERS],
                epost=f"m{start + i}@example.se",
                besvarad=True,
            )
            for i in range(size)
        )
        svar = Svar.objects.bulk_create(
            Svar(
                utskick=utskick,
                version=version,
                mottagare=m,
                leverantor_id=m.leverantor_id,
                status=SvarStatus.INSKICKAT,
                inskickad=datetime.date(2026, 11, 18),
            )
            for m in mottagare
        )
        SvarVarde.objects.bulk_create(
            SvarVarde(svar=s, fraga=fraga, text=make(rng))
            for s in svar
            for fraga, (_, _, make) in zip(fragor, specs, strict=True)
        )
    print(f"built {answers} answers in {time.perf_counter() - started:.0f} s")
    return utskick


def measure(client, url, requests):
    timings, queries = [], []
    client.get(url)  # warm-up: templates compiled, caches filled
    for _ in range(requests):
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries.append(len(context.captured_queries))
    ordered = sorted(timings)
    return {
        "requests": requests,
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
        "queries_min": min(queries),
        "queries_max": max(queries),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    utskick = build(args.answers)
    User = get_user_model()
    user = User.objects.filter(username="bench-strateg").first() or User.objects.create_superuser(
        "bench-strateg", "bench@example.se", None
    )
    client = Client()
    client.force_login(user)
    url = reverse("enkater:resultat", args=[utskick.pk])
    results = {"answers": args.answers, "resultat": measure(client, url, args.requests)}
    small = build(100)
    results["resultat_100_svar"] = measure(client, reverse("enkater:resultat", args=[small.pk]), 5)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    target = results["resultat"]["p95_ms"] <= 150
    same = results["resultat"]["queries_max"] == results["resultat_100_svar"]["queries_max"]
    print(
        f"p95 <= 150 ms: {'ja' if target else 'NEJ'}; same query count at 100 answers: "
        f"{'ja' if same else 'NEJ'}"
    )
    out = ROOT / "benchmarks" / "results" / "enkater_resultat.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
