"""What a strategist's start page shows, in a fixed number of queries."""

from django.db.models import Count, Q
from django.utils import timezone

from arenden import paminnelser
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
        "ar": on.year,
    }
