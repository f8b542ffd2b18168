"""The plan "Plan för uppföljning av privata utförare ÅÅÅÅ": its table, warnings, proposals.

The goal (DOMAIN.md) is at least one special follow-up per ramavtal per
agreement period. `plan_data` reads the register once: every agreement in
force during the three-year horizon, its latest risk assessment, the years
the plan marks (PlaneradSarskild) and the special follow-ups already made
(arenden.Uppfoljning typ SARSKILD). It warns where a period ends without
one and proposes a year by risk and remaining period. Proposals are only
suggestions: the strategist ticks the years.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from arenden.models import PlaneradStatus, Uppfoljning, UppfoljningTyp
from ramavtal.models import Ramavtal, Riskbedomning, Riskniva

RISK_ORDER = {Riskniva.HOG: 0, Riskniva.MEDELHOG: 1, Riskniva.LAG: 2, None: 3}


@dataclass
class PlanRad:
    """One agreement in the plan's table."""

    ramavtal: Ramavtal
    risk: object  # the latest Riskbedomning or None
    planerade_ar: set  # years this plan marks
    genomforda_ar: set  # years with a special follow-up recorded in arenden
    horisont: list

    @property
    def period_years(self):
        return range(self.ramavtal.startdatum.year, self.ramavtal.slutdatum_inkl_option.year + 1)

    @property
    def kryss(self):
        """One cell per horizon year: True where a special follow-up is (or was) planned."""
        marked = self.planerade_ar | self.genomforda_ar
        return [year in marked for year in self.horisont]

    @property
    def tackt(self):
        """True when a special follow-up falls within the agreement period."""
        return any(year in self.period_years for year in self.planerade_ar | self.genomforda_ar)


@dataclass
class Varning:
    ramavtal: Ramavtal
    text: str


@dataclass
class Forslag:
    ramavtal: Ramavtal
    ar: int
    skal: str


@dataclass
class PlanData:
    ar: int
    horisont: list
    rader: list
    varningar: list = field(default_factory=list)
    forslag: list = field(default_factory=list)

    @property
    def planerade_i_ar(self):
        return [r.ramavtal for r in self.rader if self.ar in r.planerade_ar]


def plan_rows(plan):
    """The agreements in force some day of the horizon, with risk and marked years."""
    horisont = plan.horisont
    first = datetime.date(horisont[0], 1, 1)
    last = datetime.date(horisont[-1], 12, 31)
    agreements = (
        Ramavtal.objects.i_kraft_under(first, last)
        .prefetch_related(
            Prefetch(
                "riskbedomningar",
                # As the plan's author saw it: a later assessment never rewrites the plan.
                queryset=Riskbedomning.objects.filter(datum__lte=plan.datum).order_by(
                    "ramavtal", "-datum", "-pk"
                ),
                to_attr="risker",
            )
        )
        .order_by("namn", "startdatum")
    )
    planned = {}
    if plan.pk:
        for ramavtal_id, ar in plan.planerade.filter(aktiv=True).values_list("ramavtal_id", "ar"):
            planned.setdefault(ramavtal_id, set()).add(ar)
    done = {}
    # A special follow-up whose every sampled supplier was cancelled or moved on
    # covers nothing; one still without a sample is planned and counts.
    live = Q(urval__status__in=[PlaneradStatus.PLANERAD, PlaneradStatus.GENOMFORD])
    for ramavtal_id, ar in (
        Uppfoljning.objects.filter(typ=UppfoljningTyp.SARSKILD, ramavtal__isnull=False)
        .annotate(rows=Count("urval"), live_rows=Count("urval", filter=live))
        .filter(Q(rows=0) | Q(live_rows__gt=0))
        .values_list("ramavtal_id", "ar")
        .distinct()
    ):
        if ar:
            done.setdefault(ramavtal_id, set()).add(ar)
    return [
        PlanRad(
            ramavtal=r,
            risk=r.risker[0] if r.risker else None,
            planerade_ar=planned.get(r.pk, set()),
            genomforda_ar=done.get(r.pk, set()),
            horisont=horisont,
        )
        for r in agreements
    ]


def coverage_warnings(rows, ar):
    """Agreements still running at the plan year whose period has no special follow-up,
    and marks that fall outside the agreement period."""
    warnings = []
    plan_start = datetime.date(ar, 1, 1)
    for row in rows:
        agreement = row.ramavtal
        if agreement.slutdatum_inkl_option >= plan_start and not row.tackt:
            warnings.append(
                Varning(
                    agreement,
                    f"{agreement.namn}: avtalsperioden slutar "
                    f"{agreement.slutdatum_inkl_option:%Y-%m-%d} utan någon särskild "
                    "uppföljning under perioden.",
                )
            )
        for year in sorted(row.planerade_ar):
            if year not in row.period_years:
                warnings.append(
                    Varning(
                        agreement,
                        f"{agreement.namn}: {year} ligger utanför avtalsperioden "
                        f"({agreement.startdatum:%Y-%m-%d} – "
                        f"{agreement.slutdatum_inkl_option:%Y-%m-%d}).",
                    )
                )
    return warnings


def propose_year(row, ar):
    """A proposed year for an uncovered agreement, by risk and remaining period.

    A period that ends before the middle of next year (as HVB barn och unga
    and spelmissbruk, ending 2025-02-28, in the 2024 plan), or high risk: the
    plan year. Medium risk: the plan year if the period ends by next year,
    else next year. Low or unassessed risk: next year. Never a year before
    the agreement starts (a successor starting next year gets next year).
    Returns (year, reason) or None when the period ends before the plan year.
    """
    start, end = row.ramavtal.startdatum, row.ramavtal.slutdatum_inkl_option
    if end.year < ar:
        return None
    niva = row.risk.niva if row.risk else None
    label = row.risk.get_niva_display().lower() if row.risk else "ej bedömd"
    if end < datetime.date(ar + 1, 7, 1):
        year, reason = ar, f"avtalsperioden slutar {end:%Y-%m-%d}"
    elif niva == Riskniva.HOG:
        year, reason = ar, f"hög risk; perioden löper till {end:%Y-%m-%d}"
    elif niva == Riskniva.MEDELHOG and end.year == ar + 1:
        year, reason = ar, f"medelhög risk och perioden slutar {end:%Y-%m-%d}"
    else:
        year, reason = ar + 1, f"{label} risk; perioden löper till {end:%Y-%m-%d}"
    if start.year > year:
        return start.year, f"{reason}; avtalet börjar {start:%Y-%m-%d}"
    return year, reason


def proposals(rows, ar):
    """Proposed years for every agreement without coverage, most urgent first."""
    ranked = []
    for row in rows:
        if row.tackt:
            continue
        proposed = propose_year(row, ar)
        if proposed:
            risk = RISK_ORDER.get(row.risk.niva if row.risk else None, 3)
            ranked.append(
                ((proposed[0], risk, row.ramavtal.namn), Forslag(row.ramavtal, *proposed))
            )
    return [forslag for _key, forslag in sorted(ranked, key=lambda item: item[0])]


def plan_data(plan):
    """Everything the plan shows, with warnings and proposals."""
    rows = plan_rows(plan)
    return PlanData(
        ar=plan.ar,
        horisont=plan.horisont,
        rader=rows,
        varningar=coverage_warnings(rows, plan.ar),
        forslag=proposals(rows, plan.ar),
    )
