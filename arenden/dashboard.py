"""What a strategist's start page shows, in a fixed number of queries."""

from django.db.models import Count, Q
from django.utils import timezone

from arenden import paminnelser
from arenden.arsutfall import arsutfall
from arenden.models import (
    Avvikelse,
    Hanteringsstatus,
    PlaneradStatus,
    Signal,
    Uppfoljning,
    UppfoljningTyp,
)

# Longer kinds (a first run can find hundreds of representatives without a
# check) end in a link to their full list.
HOME_REMINDERS_PER_KIND = 10
# The start page names the areas with most overdue rows; the rest are on the overview page.
HOME_TOP_AREAS = 5


def areas_at_a_glance(ar, *, on):
    """Planned / done / overdue per area of the year, the most overdue first (top N)."""
    figures = arsutfall(ar, on=on)
    areas = [
        (avtal.ramavtal.namn, s) for avtal in figures.avtal for s in avtal.omraden if s.planerade
    ]
    areas.sort(key=lambda item: (-item[1].forsenade, -item[1].planerade, item[0], item[1].namn))
    return {"totalt": figures.totalt, "omraden": areas[:HOME_TOP_AREAS], "antal": len(areas)}


def strategist_overview(user, *, on=None):
    on = on or timezone.localdate()
    sarskilda = (
        Uppfoljning.objects.filter(typ=UppfoljningTyp.SARSKILD, ar=on.year)
        .select_related("ramavtal")
        .annotate(
            planerade=Count("urval"),
            genomforda=Count("urval", filter=Q(urval__status=PlaneradStatus.GENOMFORD)),
        )
        .order_by("ramavtal__namn")
    )
    return {
        "nya_avvikelser": Avvikelse.objects.filter(status=Hanteringsstatus.NY)
        .select_related("leverantor", "kategori")
        .order_by("-datum")[:10],
        "nya_signaler": Signal.objects.new()
        .for_strategist(user)
        .select_related("leverantor")
        .order_by("-datum")[:10],
        "mina_arenden": Uppfoljning.objects.open()
        .filter(ansvarig=user, typ=UppfoljningTyp.HANDELSSTYRD)
        .select_related("leverantor")
        .order_by("oppnad")[:20],
        # Everything currently due, not only what was e-mailed today.
        "paminnelser": paminnelser.grouped(
            paminnelser.for_user(paminnelser.due_reminders(on), user),
            limit=HOME_REMINDERS_PER_KIND,
        ),
        "sarskilda": sarskilda,
        "omraden": areas_at_a_glance(on.year, on=on),
        "ar": on.year,
    }
