"""Benchmark: sending a send-out to 500 recipients (the background task's work).

Builds a throw-away database in a temporary VAR_DIR (migrated from scratch),
creates one special follow-up with 500 units as recipients, and times
enkater.utskick.skicka_mottagare — the body of skicka_utskick_task — with
Django's in-memory mail backend (no SMTP server: the figure is our own cost,
tokens, claims, rendering and the progress counter). Prints the total, the
letters per second, the queries per letter, and how the progress counter
moved batch by batch. Not a test.

    .venv/bin/python benchmarks/enkater_utskick.py
    .venv/bin/python benchmarks/enkater_utskick.py --recipients 1000 --batch 100
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="bench-utskick-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppfoljning.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DEBUG", "false")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def build(n):
    import datetime

    from django.contrib.auth import get_user_model

    from arenden.models import Uppfoljning, UppfoljningLeverantor, UppfoljningTyp
    from enkater.models import Formular, FormularVersion, Malgrupp, Mottagare, Utskick
    from leverantorer.models import Leverantor, Verksamhet
    from ramavtal.models import Ramavtal

    user = get_user_model().objects.create(username="bench-strateg")
    ramavtal = Ramavtal.objects.create(
        namn="Bench HVB",
        diarienummer="BENCH-1",
        startdatum=datetime.date(2024, 1, 1),
        slutdatum=datetime.date(2027, 12, 31),
        slutdatum_inkl_option=datetime.date(2029, 12, 31),
    )
    case = Uppfoljning.objects.create(
        typ=UppfoljningTyp.SARSKILD, rubrik="Bench", ramavtal=ramavtal, ar=2026, ansvarig=user
    )
    formular = Formular.objects.create(namn="Egenrapport", malgrupp=Malgrupp.VERKSAMHET)
    version = FormularVersion.objects.create(formular=formular, nummer=1)
    utskick = Utskick.objects.create(
        uppfoljning=case,
        version=version,
        svar_senast=datetime.date(2026, 12, 15),
        meddelande="Tack för att ni svarar.",
        skapad_av=user,
        status="skickas",
        antal_mottagare=n,
    )
    rows = []
    for i in range(n // 10 or 1):
        lev = Leverantor.objects.create(
            namn=f"Bench Leverantör {i} AB", organisationsnummer=f"55{i:06d}00"[:10]
        )
        UppfoljningLeverantor.objects.create(uppfoljning=case, leverantor=lev)
        for j in range(10):
            unit = Verksamhet.objects.create(leverantor=lev, namn=f"Hem {i}-{j}")
            rows.append(
                Mottagare(utskick=utskick, leverantor=lev, verksamhet=unit, epost=f"h{i}-{j}@x.se")
            )
    Mottagare.objects.bulk_create(rows[:n])
    return utskick


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=500)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()

    from enkater import utskick as service
    from enkater.models import Utskick

    call_command("migrate", verbosity=0)
    utskick = build(args.recipients)
    print(f"{utskick.mottagare.count()} mottagare, batch {args.batch}")

    progress = []
    counter = Utskick.objects.filter(pk=utskick.pk)
    original_update = type(counter).update

    def spy(qs, **kwargs):  # record the progress counter as the task moves it
        result = original_update(qs, **kwargs)
        if "antal_skickade" in kwargs:
            progress.append(Utskick.objects.get(pk=utskick.pk).antal_skickade)
        return result

    type(counter).update = spy
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            sent, failed = service.skicka_mottagare(utskick.pk, batch=args.batch)
            elapsed = time.perf_counter() - started
    finally:
        type(counter).update = original_update
    utskick.refresh_from_db()
    print(f"skickade {sent}, misslyckade {len(failed)}, brev i utkorgen {len(mail.outbox)}")
    print(f"tid {elapsed:.2f} s, {sent / elapsed:.0f} brev/s, {elapsed / sent * 1000:.1f} ms/brev")
    print(
        f"frågor {len(queries.captured_queries)} ({len(queries.captured_queries) / sent:.1f}/brev)"
    )
    print(f"framsteg per batch: {progress[:5]} … {progress[-3:]}")
    print(f"status {utskick.status}, antal_skickade {utskick.antal_skickade}")
    started = time.perf_counter()
    again, _ = service.skicka_mottagare(utskick.pk, batch=args.batch)
    print(f"omkörning: {again} brev på {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
