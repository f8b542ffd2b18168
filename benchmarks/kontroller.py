"""Benchmark: an IVO sweep of 2,000 units against a loopback stub answering in 50 ms.

Runs the same code a Celery worker runs (`sweep_chunk`, chunk after chunk)
in-process on a fresh SQLite database under var/bench-kontroller/, with the
http adapter pointed at a ThreadingHTTPServer on 127.0.0.1 that sleeps 50 ms
per answer. Prints the wall-clock time and writes
benchmarks/results/kontroller.json. Target: within 30 s on 2 cores.

    .venv/bin/python benchmarks/kontroller.py
    .venv/bin/python benchmarks/kontroller.py --units 500 --concurrency 4
"""

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.arenden.kontroller.stubserver import StubServer, ivo_answer  # noqa: E402

VAR = ROOT / "var" / "bench-kontroller"
TARGET_SECONDS = 30


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--delay-ms", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=None, help="KONTROLL_MAX_SAMTIDIGA")
    args = parser.parse_args()

    delay = args.delay_ms / 1000
    stub = StubServer(default=lambda path: (200, ivo_answer(tillstandsnummer=path[14:]), delay))
    with stub:
        shutil.rmtree(VAR, ignore_errors=True)
        VAR.mkdir(parents=True)
        os.environ.update(
            {
                "VAR_DIR": str(VAR),
                "DJANGO_SETTINGS_MODULE": "uppfoljning.settings",
                "KONTROLL_IVO_ADAPTER": "http",
                "KONTROLL_IVO_URL": stub.url,
                "KONTROLL_IVO_TOKEN": "benchmark",
                "LOG_LEVEL": "WARNING",
            }
        )
        os.environ.pop("DATABASE_URL", None)
        if args.concurrency:
            os.environ["KONTROLL_MAX_SAMTIDIGA"] = str(args.concurrency)
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        build(args.units)

        from arenden.kontroller.sweeps import sweep_run_all, sweep_start
        from arenden.models import IvoKontroll

        svep, _ = sweep_start(typ="ivo", anledning="manuell")
        started = time.perf_counter()
        svep = sweep_run_all(svep.pk)
        seconds = time.perf_counter() - started

    checks = IvoKontroll.objects.filter(svep=svep, status="ok").count()
    result = {
        "units": args.units,
        "stub_delay_ms": args.delay_ms,
        "max_concurrency": settings.KONTROLL_MAX_SAMTIDIGA,
        "chunk": settings.KONTROLL_CHUNK,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "seconds": round(seconds, 2),
        "checks_per_second": round(checks / seconds, 1),
        "checks_stored": checks,
        "requests_served": len(stub.requests),
        "max_in_flight": stub.max_in_flight,
        "status": svep.status,
        "target_seconds": TARGET_SECONDS,
        "within_target": seconds <= TARGET_SECONDS,
        "cpus": os.cpu_count(),
    }
    print(
        f"IVO sweep of {args.units} units, stub {args.delay_ms} ms, "
        f"{result['max_concurrency']} concurrent: {seconds:.1f} s "
        f"({result['checks_per_second']} checks/s, {checks} stored, "
        f"max {stub.max_in_flight} in flight) – target {TARGET_SECONDS} s: "
        f"{'OK' if result['within_target'] else 'MISSED'}"
    )
    out = ROOT / "benchmarks" / "results" / "kontroller.json"
    out.parent.mkdir(parents=True, exist_ok=True)  # ignored by git: absent in a fresh clone
    out.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if result["within_target"] and checks == args.units else 1


def build(count):
    """count units: 10 per supplier, one contract each under an agreement with annual IVO."""
    import datetime

    from leverantorer.models import Avtal, Leverantor, Verksamhet
    from ramavtal.models import Malgrupp, Ramavtal
    from tests.factories import fake_orgnr

    ramavtal = Ramavtal.objects.create(
        namn="HVB barn och unga",
        diarienummer="SCN-BENCH-1",
        startdatum=datetime.date(2021, 1, 1),
        slutdatum=datetime.date(2030, 12, 31),
        slutdatum_inkl_option=datetime.date(2032, 12, 31),
        malgrupp=Malgrupp.BARN_UNGA,
        tillstandspliktig=True,
        arlig_ivo_tillsyn=True,
    )
    suppliers = Leverantor.objects.bulk_create(
        Leverantor(namn=f"Leverantör {n} AB", organisationsnummer=fake_orgnr(n))
        for n in range((count + 9) // 10)
    )
    Avtal.objects.bulk_create(Avtal(leverantor=s, ramavtal=ramavtal) for s in suppliers)
    Verksamhet.objects.bulk_create(
        Verksamhet(
            leverantor=suppliers[n // 10],
            namn=f"Hem {n}",
            ivo_tillstandsnummer=f"IVO-{n:06d}",
        )
        for n in range(count)
    )


if __name__ == "__main__":
    sys.exit(main())
