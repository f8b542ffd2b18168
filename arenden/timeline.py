"""Everything across the tiers about one supplier, newest first.

One query per kind of event, merged in Python, so the cost does not grow
with the supplier's history.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from arenden.models import Avvikelse, Brist, Platsbesok, Registerkontroll, Signal, Uppfoljning
from leverantorer.models import Beslut

PER_KIND = 50


@dataclass
class Handelse:
    datum: object
    typ: str
    titel: str
    url: str | None = None
    detalj: str = ""


def _as_date(value):
    return timezone.localtime(value).date() if hasattr(value, "tzinfo") else value


def supplier_timeline(leverantor, *, user, limit=100):
    events = []
    may = user.has_perm
    avvikelser = (
        Avvikelse.objects.filter(leverantor=leverantor)
        .select_related("kategori")
        .order_by("-datum")
    )
    for a in avvikelser[:PER_KIND] if may("arenden.view_avvikelse") else []:
        events.append(
            Handelse(
                a.datum,
                "Avvikelse",
                a.kategori.namn,
                a.get_absolute_url(),
                a.get_allvarlighet_display(),
            )
        )
    signaler = Signal.objects.filter(leverantor=leverantor).order_by("-datum")
    for s in signaler[:PER_KIND] if may("arenden.view_signal") else []:
        events.append(
            Handelse(
                s.datum,
                "Signal",
                f"Från {s.get_kalla_display()}",
                s.get_absolute_url(),
                "Allvarlig" if s.allvarlig else "",
            )
        )
    cases = Uppfoljning.objects.filter(leverantor=leverantor).order_by("-oppnad")[:PER_KIND]
    for u in cases:
        events.append(
            Handelse(
                u.oppnad,
                f"{u.get_typ_display()} uppföljning",
                u.rubrik,
                u.get_absolute_url(),
                u.get_status_display(),
            )
        )
        if u.avslutad:
            events.append(
                Handelse(
                    u.avslutad,
                    "Uppföljning avslutad",
                    u.rubrik,
                    u.get_absolute_url(),
                    u.get_utfall_display(),
                )
            )
    brister = Brist.objects.filter(leverantor=leverantor).order_by("-atgard_senast")
    for b in brister[:PER_KIND] if may("arenden.view_brist") else []:
        events.append(
            Handelse(
                b.atgard_senast,
                "Brist (åtgärdas senast)",
                b.beskrivning[:80],
                b.get_absolute_url(),
                b.get_status_display(),
            )
        )
    visits = (
        Platsbesok.objects.visible_to(user)
        .filter(verksamhet__leverantor=leverantor)
        .select_related("verksamhet")
    )
    for v in visits.order_by("-tidpunkt")[:PER_KIND]:
        events.append(
            Handelse(
                _as_date(v.tidpunkt),
                "Platsbesök",
                f"{v} – {v.verksamhet}",
                reverse("arenden:uppfoljning", args=[v.uppfoljning_id]),
                "Genomfört" if v.genomfort else "Planerat",
            )
        )
    for d in (
        Beslut.objects.filter(avtal__leverantor=leverantor)
        .select_related("avtal__ramavtal", "skal")
        .order_by("-datum")[:PER_KIND]
    ):
        events.append(
            Handelse(
                d.datum,
                "Beslut",
                f"{d.get_typ_display()} – {d.avtal.ramavtal}",
                d.avtal.get_absolute_url(),
                d.skal.namn,
            )
        )
    checks = (
        Registerkontroll.objects.filter(foretradare__leverantor=leverantor)
        .select_related("foretradare")
        .order_by("-begard")
    )
    for r in checks[:PER_KIND] if may("arenden.view_registerkontroll") else []:
        events.append(
            Handelse(r.begard, "Registerkontroll", str(r.foretradare), None, r.get_utfall_display())
        )
    events.sort(key=lambda e: e.datum, reverse=True)
    return events[:limit]
