"""Register checks of representatives: renewal periods, status and the list query.

Shared by the register-check pages and the reminders (arenden.paminnelser).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Case, CharField, Exists, OuterRef, Q, Subquery, Value, When

from arenden.models import Registerkontroll, RegisterkontrollTyp
from leverantorer.models import Avtal, Foretradare

# Belastningsregistret is checked twice a year; a declaration is renewed yearly.
RENEWAL_MONTHS = {
    RegisterkontrollTyp.BELASTNINGSREGISTER: 6,
    RegisterkontrollTyp.SANNINGSFORSAKRAN: 12,
}
# How far ahead a renewal counts as due soon.
DUE_SOON_DAYS = 30


def default_giltig_till(typ, begard):
    """When the next check is due if the user leaves it empty."""
    return begard + relativedelta(months=RENEWAL_MONTHS[typ])


class Fornyelsestatus:
    SAKNAS = "saknas"
    FORFALLEN = "forfallen"
    SNART = "snart"
    AKTUELL = "aktuell"

    choices = [
        (SAKNAS, "Kontroll saknas"),
        (FORFALLEN, "Ska ha förnyats"),
        (SNART, f"Ska förnyas inom {DUE_SOON_DAYS} dagar"),
        (AKTUELL, "Aktuell"),
    ]
    labels = dict(choices)


def foretradare_with_latest(today):
    """Current representatives of suppliers with a contract in force (a paused
    supplier may be let back in, so its representatives are still checked), each
    with their latest check and its status as annotations (one query however
    many rows). The status is the one definition of "due": the list's filter
    and the reminders (arenden.paminnelser) both read it."""
    latest = Registerkontroll.objects.filter(foretradare=OuterRef("pk")).order_by("-begard", "-pk")

    def senaste(field):
        return Subquery(latest.values(field)[:1])

    return (
        Foretradare.objects.filter(
            Q(till__isnull=True) | Q(till__gte=today),
            Exists(Avtal.objects.i_kraft().filter(leverantor=OuterRef("leverantor_id"))),
        )
        .select_related("leverantor")
        .annotate(
            senaste_pk=senaste("pk"),
            senaste_typ=senaste("typ"),
            senaste_begard=senaste("begard"),
            senaste_besvarad=senaste("besvarad"),
            senaste_utfall=senaste("utfall"),
            senaste_giltig_till=senaste("giltig_till"),
        )
        .annotate(
            status=Case(
                When(senaste_pk__isnull=True, then=Value(Fornyelsestatus.SAKNAS)),
                # Due on the renewal date itself; no renewal date is treated as
                # overdue: unknown is never OK.
                When(
                    Q(senaste_giltig_till__isnull=True) | Q(senaste_giltig_till__lte=today),
                    then=Value(Fornyelsestatus.FORFALLEN),
                ),
                When(
                    senaste_giltig_till__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
                    then=Value(Fornyelsestatus.SNART),
                ),
                default=Value(Fornyelsestatus.AKTUELL),
                output_field=CharField(),
            )
        )
        .order_by("leverantor__namn", "namn", "pk")
    )
