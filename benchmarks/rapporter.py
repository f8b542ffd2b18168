"""Benchmark: the annual report on the `--scale large` demo data.

Prints (a) the annual report's total time (gathering the data, rendering the
HTML and laying out the PDF) against WeasyPrint's own time for the same final
HTML — target ≤ 1.15× — and (b) the HTML preview's server time through
Django's test client — target < 1 s. Writes benchmarks/results/rapporter.json.

The register comes from benchmarks/avrop.py's setup (var/bench/, built once);
this script adds one year (2024) of follow-up work on top — deviations,
invoice sampling, event-driven cases, special follow-ups with samples and
findings — so every section of the report has rows to count.

    .venv/bin/python benchmarks/rapporter.py            # builds var/bench/ once
    .venv/bin/python benchmarks/rapporter.py --runs 5
"""

import argparse
import datetime
import io
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import avrop  # noqa: E402  (sets up Django against var/bench/)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

ROOT = avrop.ROOT
AR = 2024
D = datetime.date
SARSKILDA = (
    "HVB barn och unga",
    "Stödboende för ungdomar",
    "Behandling spelmissbruk och spelberoende",
)
METODER = (
    "Enkät till socialsekreterare",
    "Enkät till verksamhetsansvarig",
    "Intervjuer med personal",
    "Kontroll av tillstånd och tillsyn hos IVO",
    "Oanmälda platsbesök kvällstid",
)
TEMAN = ("Bemanning", "Genomförandeplan", "Meddelarfrihet", "Avvikelsehantering", "Lokaler")


def _date(rng, ar=AR):
    return D(ar, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))


def add_follow_up_year(user):
    """One deterministic year of follow-up on top of the demo register (once)."""
    from arenden import models as ar
    from arenden.draw import stickprov_skapa
    from arenden.sarskild import sarskild_skapa
    from leverantorer.models import Avtal
    from ramavtal.models import Ramavtal
    from rapporter.drafts import arsrapport_draft, fill_empty, plan_draft
    from rapporter.models import Arsrapport
    from rapporter.services import arsrapport_skapa, plan_markera_ar, plan_skapa

    if Arsrapport.objects.filter(ar=AR).exists():
        return
    started = time.perf_counter()
    rng = random.Random(2024)
    metoder = [ar.Metod.objects.get_or_create(namn=n)[0] for n in METODER]
    teman = [ar.Tema.objects.get_or_create(namn=n)[0] for n in TEMAN]
    avtal = list(Avtal.objects.select_related("ramavtal", "leverantor").order_by("pk"))
    kategorier = list(ar.AvvikelseKategori.objects.values_list("kod", flat=True))
    deviations = []
    for _ in range(420):
        contract = rng.choice(avtal)
        arende = rng.random() < 0.1
        deviations.append(
            ar.Avvikelse(
                leverantor=contract.leverantor,
                datum=_date(rng, rng.choice([AR, AR, AR, AR - 1, AR - 2])),
                kategori_id=rng.choice(kategorier[:3] * 3 + kategorier),
                allvarlighet=rng.choice(["lag"] * 6 + ["medel"] * 3 + ["allvarlig"]),
                beskrivning="Avvikelse i pågående insats (demo).",
                hanterad_i_arendet=not arende and rng.random() < 0.7,
                status=ar.Hanteringsstatus.ARENDE if arende else ar.Hanteringsstatus.BEDOMD,
                rapporterad_av=user,
            )
        )
    ar.Avvikelse.objects.bulk_create(deviations)
    for year in (AR - 2, AR - 1, AR):
        for _ in range(60 if year == AR else 35):
            contract = rng.choice(avtal)
            closed = rng.random() < 0.75
            ar.Uppfoljning.objects.create(
                typ=ar.UppfoljningTyp.HANDELSSTYRD,
                rubrik="Händelsestyrd uppföljning (demo)",
                ramavtal=contract.ramavtal,
                leverantor=contract.leverantor,
                ansvarig=user,
                oppnad=_date(rng, year),
                status=ar.UppfoljningStatus.AVSLUTAD if closed else ar.UppfoljningStatus.OPPEN,
                utfall=rng.choice(ar.Utfall.values[:3]) if closed else "",
                avslutad=D(year, 12, 31) if closed else None,
            )
    hvb = Ramavtal.objects.get(namn="HVB barn och unga")
    for name, day, kalla in (
        ("Pilot stickprov", D(AR, 3, 15), ar.StickprovKalla.PLACERINGAR),
        ("Stickprov särskild uppföljning", D(AR, 9, 20), ar.StickprovKalla.PLACERINGAR),
        ("Stickprov avslutade placeringar", D(AR, 11, 25), ar.StickprovKalla.AVSLUTADE),
    ):
        round_ = stickprov_skapa(
            namn=name,
            datum=day,
            kalla=kalla,
            fran=D(AR, 1, 1),
            till=D(AR, 10, 31),
            antal=20,
            ramavtal=hvb,
            user=user,
            seed=int(day.strftime("%Y%m%d")),
        )
        for faktura in round_.fakturor.all():
            bad = rng.random() < (0.3 if kalla == ar.StickprovKalla.AVSLUTADE else 0.08)
            faktura.resultat = ar.FakturaResultat.AVVIKELSE if bad else ar.FakturaResultat.OK
            faktura.avvikelsetyp = (
                rng.choice(["utflyttsdag", "utflyttsdag", "fel_niva", "fel_pris"]) if bad else ""
            )
            faktura.save()
    for year in (AR - 2, AR - 1):
        for agreement in Ramavtal.objects.order_by("pk")[year - AR + 3 : year - AR + 5]:
            ar.Uppfoljning.objects.create(
                typ=ar.UppfoljningTyp.SARSKILD,
                rubrik=f"Särskild uppföljning {year}",
                ramavtal=agreement,
                ar=year,
                ansvarig=user,
                status=ar.UppfoljningStatus.AVSLUTAD,
            )
    for name in SARSKILDA:
        agreement = Ramavtal.objects.get(namn=name)
        case = sarskild_skapa(
            ramavtal=agreement,
            ar=AR,
            rubrik=f"Särskild uppföljning {name} {AR}",
            ansvarig=user,
            user=user,
            metoder=metoder,
            teman=teman,
            urval_fran=D(2023, 1, 1),
            urval_till=D(2024, 4, 30),
            antal=5,
        )
        case.bedomning = (
            "Socialsekreterarna vittnar över lag om en bred nöjdhet med de granskade "
            "leverantörerna. Kännedomen om meddelarfriheten var låg och har återkopplats."
        )
        case.save()
        for index, row in enumerate(case.urval.select_related("leverantor")):
            if index == 4:
                row.status = ar.PlaneradStatus.INSTALLD
                row.orsak = ar.EjGenomfordOrsak.objects.get(namn="Enheten har upphört")
            else:
                row.status = ar.PlaneradStatus.GENOMFORD
                row.utfall = rng.choice(ar.PlaneradUtfall.values[:2])
            row.save()
            if index < 3:
                ar.Brist.objects.create(
                    uppfoljning=case,
                    leverantor=row.leverantor,
                    tema=rng.choice(teman),
                    beskrivning="Personalen kände inte till meddelarfriheten.",
                    krav="Informera all personal om meddelarfriheten.",
                    atgard_senast=D(AR, 12, 1),
                    aterkopplad=D(AR, 10, 15),
                    status=rng.choice(
                        [ar.BristStatus.ATGARDAD, ar.BristStatus.ATGARDAD, ar.BristStatus.OPPEN]
                    ),
                )
        unit = case.urval.first().leverantor.verksamheter.first()
        if unit:
            for hour, anmalt in ((19, False), (20, False), (14, True)):
                ar.Platsbesok.objects.create(
                    uppfoljning=case,
                    verksamhet=unit,
                    anmalt=anmalt,
                    kvall=hour >= 18,
                    genomfort=True,
                    tidpunkt=timezone.make_aware(datetime.datetime(AR, 10, 3, hour, 0)),
                )
    rapport = arsrapport_skapa(ar=AR, user=user)
    rapport.diarienummer, rapport.handlaggare = "SCN-2025-00012", "Karin Allard"
    rapport.undertecknare_namn = "Tomas Odin"
    fill_empty(rapport, arsrapport_draft(AR))
    rapport.save()
    plan = plan_skapa(ar=AR + 1, user=user)
    plan.diarienummer, plan.handlaggare = "SCN-2025-00090", "Karin Allard"
    plan_markera_ar(
        plan=plan,
        valda={(Ramavtal.objects.get(namn=n).pk, AR + 1) for n in ("Skyddat boende",)},
        user=user,
    )
    fill_empty(plan, plan_draft(plan))
    plan.save()
    print(f"added a year of follow-up in {time.perf_counter() - started:.0f} s")


def _interleaved(first, second, runs):
    """Time two functions alternately, so load from other processes hits both alike."""
    times = ([], [])
    for _ in range(runs):
        for fn, bucket in zip((first, second), times, strict=True):
            started = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - started)
    return times


def _timed(fn, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    avrop.prepare()
    from django.contrib.auth import get_user_model

    from rapporter.documents import document_pdf
    from rapporter.models import Arsrapport, Dokumenttyp
    from rapporter.pdf import html_to_pdf

    users = get_user_model().objects
    add_follow_up_year(users.get(username="strateg"))
    rapport = Arsrapport.objects.get(ar=AR)

    rendered = document_pdf(Dokumenttyp.ARSRAPPORT, rapport)  # warm-up (fonts, templates)
    total_runs, weasy_runs = _interleaved(
        lambda: document_pdf(Dokumenttyp.ARSRAPPORT, rapport),
        lambda: html_to_pdf(rendered.html),
        args.runs,
    )
    # The fastest run of each is the least disturbed by the other processes on the machine.
    total, weasy = min(total_runs), min(weasy_runs)

    client = Client()
    client.force_login(users.get(username="chef"))
    url = reverse("rapporter:preview", args=["arsrapport", AR])
    assert client.get(url).status_code == 200
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    preview_runs = _timed(lambda: client.get(url), max(args.runs, 10))
    preview = statistics.median(preview_runs)

    results = {
        "data": {
            "database": connection.vendor,
            "ar": AR,
            "pages": len(PdfReader(io.BytesIO(rendered.pdf)).pages),
            "pdf_bytes": len(rendered.pdf),
        },
        "report_total_s": round(total, 3),
        "weasyprint_only_s": round(weasy, 3),
        "ratio": round(total / weasy, 3),
        "ratio_of_medians": round(statistics.median(total_runs) / statistics.median(weasy_runs), 3),
        "ratio_target": 1.15,
        "preview_s": round(preview, 3),
        "preview_target_s": 1.0,
        "preview_queries": len(executed),
        "runs": {
            "total": [round(t, 3) for t in total_runs],
            "weasyprint": [round(t, 3) for t in weasy_runs],
            "preview": [round(t, 3) for t in preview_runs],
        },
    }
    out = ROOT / "benchmarks" / "results" / "rapporter.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"annual report {AR}: {results['data']['pages']} pages")
    print(
        f"total (data + HTML + PDF) {total:6.2f} s   WeasyPrint alone {weasy:6.2f} s   "
        f"ratio {total / weasy:.3f} (target ≤ 1.15)"
    )
    print(
        f"HTML preview {preview * 1000:6.0f} ms ({results['preview_queries']} queries; "
        "target < 1000 ms)"
    )
    print(f"written to {out}")


if __name__ == "__main__":
    main()
