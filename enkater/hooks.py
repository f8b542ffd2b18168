"""What the follow-up pages below learn from the questionnaires (arenden.hooks).

Registered when the app is ready; arenden never imports this layer.
"""

from django.db.models import Count, Max
from django.urls import reverse

from arenden.hooks import register_close_blocker, register_panel
from enkater.granskning import vantar_granskning
from enkater.models import BristUnderlag, Komplettering, Mottagare, Svar, SvarStatus, Utskick
from uppfoljning.links import pk_url


@register_close_blocker
def svar_vantar_granskning(uppfoljning):
    """A follow-up does not close while a submitted answer awaits review."""
    n = vantar_granskning(uppfoljning).count()
    if not n:
        return []
    return [f"{n} svar väntar på granskning."]


@register_panel
def enkater_panel(request, uppfoljning):
    """Per sampled unit/supplier: questionnaire status, complement rounds, findings.

    A constant number of queries whatever the number of send-outs, recipients
    and answers. Every sampled supplier has a row, asked or not yet.
    """
    user = request.user
    if not user.has_perm("enkater.view_utskick"):
        return None
    utskick = list(
        Utskick.objects.filter(uppfoljning=uppfoljning)
        .select_related("version__formular")
        .order_by("skapad", "pk")
    )
    rows = {}

    def row_for(leverantor, leverantor_namn, verksamhet, verksamhet_namn):
        key = (leverantor, verksamhet)
        if key not in rows:
            rows[key] = {
                "namn": verksamhet_namn or leverantor_namn,
                "leverantor": leverantor_namn if verksamhet else "",
                "enkater": [],
                "rundor": 0,
                "brister": [],
            }
        return rows[key]

    for u in utskick:
        u.sida_url = reverse("enkater:utskick", args=[u.pk])
        u.resultat_url = reverse("enkater:resultat", args=[u.pk])
    granska_url, brist_url = pk_url("enkater:svar_granska"), pk_url("arenden:brist")
    anonyma = {u.pk for u in utskick if u.anonymt}
    by_pk = {u.pk: u for u in utskick}
    # Named recipients with their answer (anonymous send-outs: counts per supplier only).
    for m in (
        Mottagare.objects.filter(utskick__in=[u.pk for u in utskick if u.pk not in anonyma])
        .values(
            "utskick",
            "leverantor",
            "leverantor__namn",
            "verksamhet",
            "verksamhet__namn",
            "anvandare",
            "aterkallad",
            "svar__pk",
            "svar__status",
            "svar__runda",
        )
        .order_by("leverantor__namn", "verksamhet__namn", "pk")
    ):
        if m["anvandare"]:
            # A colleague asked about the supplier: shown on the supplier's row.
            row = row_for(m["leverantor"], m["leverantor__namn"], None, None)
        else:
            row = row_for(
                m["leverantor"], m["leverantor__namn"], m["verksamhet"], m["verksamhet__namn"]
            )
        status = m["svar__status"]
        label = (
            "Återkallad"
            if m["aterkallad"]
            else (SvarStatus(status).label if status else "Inte påbörjat")
        )
        row["enkater"].append(
            {
                "utskick": by_pk[m["utskick"]],
                "status": label,
                "svar": m["svar__pk"],
                "granska_url": granska_url(m["svar__pk"]) if m["svar__pk"] else "",
                "vantar": status == SvarStatus.INSKICKAT,
            }
        )
        row["rundor"] = max(row["rundor"], m["svar__runda"] or 0)
    anonymous_counts = {}
    if anonyma:
        for m in (
            Mottagare.objects.filter(utskick__in=anonyma, aterkallad__isnull=True)
            .values("utskick", "leverantor", "leverantor__namn", "besvarad")
            .annotate(n=Count("pk"))
        ):
            key = (m["utskick"], m["leverantor"], m["leverantor__namn"])
            counts = anonymous_counts.setdefault(key, [0, 0])
            counts[0] += m["n"]
            if m["besvarad"]:
                counts[1] += m["n"]
    for (utskick_pk, leverantor, namn), (asked, answered) in sorted(
        anonymous_counts.items(), key=lambda item: item[0][2]
    ):
        row_for(leverantor, namn, None, None)["enkater"].append(
            {
                "utskick": by_pk[utskick_pk],
                "status": f"Anonym: {answered} av {asked} har svarat",
                "svar": None,
                "vantar": False,
            }
        )
    for b in (
        BristUnderlag.objects.filter(brist__uppfoljning=uppfoljning)
        .select_related("brist", "svar")
        .order_by("brist__atgard_senast", "pk")
    ):
        svar = b.svar
        b.brist.url = brist_url(b.brist_id)
        row_for(
            svar.leverantor_id,
            "",
            svar.verksamhet_id,
            "",
        )["brister"].append(b.brist)
    # Names for rows only known from a finding (a rare case: the recipient list has the rest).
    missing = [key for key, row in rows.items() if not row["namn"]]
    if missing:
        names = {
            (s["leverantor"], s["verksamhet"]): s["verksamhet__namn"] or s["leverantor__namn"]
            for s in Svar.objects.filter(
                utskick__uppfoljning=uppfoljning, brister__isnull=False
            ).values("leverantor", "leverantor__namn", "verksamhet", "verksamhet__namn")
        }
        for key in missing:
            rows[key]["namn"] = names.get(key, "")
    # Sampled suppliers no one has been asked about yet still get their row.
    asked = {leverantor for leverantor, _ in rows}
    sampled = (
        uppfoljning.urval.values_list("leverantor", "leverantor__namn")
        if uppfoljning.leverantor_id is None
        else [(uppfoljning.leverantor_id, uppfoljning.leverantor.namn)]
    )
    for leverantor, namn in sampled:
        if leverantor not in asked:
            row_for(leverantor, namn, None, None)
    rundor = Komplettering.objects.filter(svar__utskick__uppfoljning=uppfoljning).aggregate(
        n=Count("pk"), senaste=Max("runda")
    )
    return {
        "template": "enkater/granskning_panel.html",
        "enkat_utskick": utskick,
        "enkat_rader": list(rows.values()),
        "enkat_kompletteringar": rundor["n"],
        "enkat_vantar": vantar_granskning(uppfoljning).count(),
        "enkat_nytt_url": reverse("enkater:utskick_create", args=[uppfoljning.pk])
        if user.has_perm("enkater.add_utskick") and uppfoljning.status == "oppen"
        else None,
        "enkat_kan_granska": user.has_perm("enkater.change_svar"),
    }
