"""Which suppliers' deviations call for an event-driven follow-up.

The rule (Eskaleringsregel) is data a strategist can see and change. It
proposes; a person decides whether to open a case.
"""

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q
from django.utils import timezone

from arenden.models import Allvarlighet, Avvikelse, Eskaleringsregel, Hanteringsstatus
from leverantorer.models import Leverantor


@dataclass
class Forslag:
    leverantor: Leverantor
    antal: int
    allvarliga: int
    skal: str


def escalation_proposals(*, on=None, rule=None):
    """Suppliers whose deviations not yet tied to a case meet the rule."""
    on = on or timezone.localdate()
    rule = rule or Eskaleringsregel.current()
    since = on - relativedelta(months=rule.manader)
    pending = Q(
        avvikelser__datum__gt=since,
        avvikelser__datum__lte=on,
    ) & ~Q(avvikelser__status=Hanteringsstatus.ARENDE)
    serious = pending & Q(avvikelser__allvarlighet=Allvarlighet.ALLVARLIG)
    suppliers = Leverantor.objects.annotate(
        antal=Count("avvikelser", filter=pending),
        allvarliga=Count("avvikelser", filter=serious),
    )
    meets = Q(antal__gte=rule.antal_avvikelser)
    if rule.allvarlig_direkt:
        meets |= Q(allvarliga__gte=1)
    proposals = []
    for leverantor in suppliers.filter(meets).order_by("-allvarliga", "-antal", "namn"):
        if rule.allvarlig_direkt and leverantor.allvarliga:
            skal = f"{leverantor.allvarliga} allvarlig(a) avvikelse(r)"
        else:
            skal = f"{leverantor.antal} avvikelser inom {rule.manader} månader"
        proposals.append(Forslag(leverantor, leverantor.antal, leverantor.allvarliga, skal))
    return proposals


def pending_deviations(leverantor, *, on=None, rule=None):
    """The deviations behind a proposal, for pre-filling a new case."""
    on = on or timezone.localdate()
    rule = rule or Eskaleringsregel.current()
    since = on - relativedelta(months=rule.manader)
    return Avvikelse.objects.filter(leverantor=leverantor, datum__gt=since, datum__lte=on).exclude(
        status=Hanteringsstatus.ARENDE
    )
