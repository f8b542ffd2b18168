"""What a strategist's start page shows, in a fixed number of queries."""

from django.db.models import Count, Q
from django.utils import timezone

from arenden.models import (
    Avvikelse,
    Brist,
    Hanteringsstatus,
    PlaneradStatus,
    Signal,
    Uppfoljning,
    UppfoljningTyp,
)


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
        .select_related("leverantor")
        .order_by("-datum")[:10],
        "nya_signaler": Signal.objects.filter(status=Hanteringsstatus.NY)
        .select_related("leverantor")
        .order_by("-datum")[:10],
        "mina_arenden": Uppfoljning.objects.open()
        .filter(ansvarig=user, typ=UppfoljningTyp.HANDELSSTYRD)
        .select_related("leverantor")
        .order_by("oppnad")[:20],
        "forsenade_brister": Brist.objects.past_deadline(on)
        .select_related("leverantor")
        .order_by("atgard_senast")[:20],
        "sarskilda": sarskilda,
        "ar": on.year,
    }
