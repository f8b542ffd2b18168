"""The plan "Plan för uppföljning av privata utförare ÅÅÅÅ": its table, warnings, proposals.

The goal (DOMAIN.md) is at least one special follow-up per ramavtal per
agreement period. `plan_data` reads the register once: every agreement in
force during the three-year horizon, its latest risk assessment, the years
the plan marks (PlaneradSarskild) and the special follow-ups already made
(arenden.Uppfoljning typ SARSKILD). It warns where a period ends without
one and proposes a year by risk and remaining period. Proposals are only
suggestions: the strategist ticks the years.

An open-ended choice system (LOV, no end date) has no period to cover:
instead the plan applies the coverage rule of arenden.tackning (every unit at
least every N years) and warns per system about overdue units, or asks for an
interval where none is set. Agreements with areas show them under the
agreement (own period and risk), and the sample rows moved from last year
(UppfoljningLeverantor.objects.att_overfora) are listed per agreement and area.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from arenden.models import PlaneradStatus, Uppfoljning, UppfoljningLeverantor, UppfoljningTyp
from arenden.tackning import forsenade_verksamheter
from ramavtal.models import Ramavtal, Riskbedomning, Riskniva

RISK_ORDER = {Riskniva.HOG: 0, Riskniva.MEDELHOG: 1, Riskniva.LAG: 2, None: 3}


@dataclass
class PlanOmrade:
    """An area of an agreement in the plan: its own period and risk, moved rows."""

    omrade: object  # ramavtal.Avtalsomrade
    risk: object = None  # the area's latest Riskbedomning or None
    flyttade: list = field(default_factory=list)  # UppfoljningLeverantor moved from last year


@dataclass
class PlanRad:
    """One agreement in the plan's table."""

    ramavtal: Ramavtal
    risk: object  # the latest Riskbedomning or None
    planerade_ar: set  # years this plan marks
    genomforda_ar: set  # years with a special follow-up recorded in arenden
    horisont: list
    omraden: list = field(default_factory=list)  # PlanOmrade, when the agreement has areas
    flyttade: list = field(default_factory=list)  # moved rows not tied to one of its areas

    @property
    def period_years(self):
        """Years of the period; an open-ended system runs past any plan's horizon."""
        start = self.ramavtal.startdatum.year
        if self.ramavtal.tillsvidare:
            return range(start, max(self.horisont[-1], start) + 1)
        return range(start, self.ramavtal.slutdatum_inkl_option.year + 1)

    @property
    def alla_flyttade(self):
        """Every row moved from last year under this agreement, areas included."""
        return self.flyttade + [rad for omrade in self.omraden for rad in omrade.flyttade]

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
    verksamheter: list = field(default_factory=list)  # arenden.tackning.Forsening


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
    tackningsvarningar: list = field(default_factory=list)  # the every-N-years rule
    flyttade_utan_avtal: list = field(default_factory=list)  # moved rows of no listed agreement

    @property
    def antal_flyttade(self):
        """Rows moved from last year, on every agreement or none."""
        return len(self.flyttade_utan_avtal) + sum(len(r.alla_flyttade) for r in self.rader)

    @property
    def planerade_i_ar(self):
        return [r.ramavtal for r in self.rader if self.ar in r.planerade_ar]


def plan_rows(plan):
    """The agreements in force some day of the horizon, with risk and marked years."""
    horisont = plan.horisont
    first = datetime.date(horisont[0], 1, 1)
    last = datetime.date(horisont[-1], 12, 31)
    # As the plan's author saw it: a later assessment never rewrites the plan.
    seen = Riskbedomning.objects.filter(datum__lte=plan.datum)
    agreements = (
        Ramavtal.objects.i_kraft_under(first, last)
        .prefetch_related(
            Prefetch(
                "riskbedomningar",
                queryset=seen.filter(avtalsomrade__isnull=True).order_by(
                    "ramavtal", "-datum", "-pk"
                ),
                to_attr="risker",
            ),
            Prefetch(
                "riskbedomningar",
                queryset=seen.filter(avtalsomrade__isnull=False).order_by(
                    "ramavtal", "-datum", "-pk"
                ),
                to_attr="omradesrisker",
            ),
            "avtalsomraden",
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
    live = Q(
        urval__status__in=[PlaneradStatus.PLANERAD, PlaneradStatus.PAGAR, PlaneradStatus.GENOMFORD]
    )
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
            omraden=_areas(r),
        )
        for r in agreements
    ]


def _areas(ramavtal):
    """The agreement's areas with their latest own risk, from the prefetched rows."""
    latest = {}
    for risk in ramavtal.omradesrisker:  # newest first
        latest.setdefault(risk.avtalsomrade_id, risk)
    areas = sorted(ramavtal.avtalsomraden.all(), key=lambda a: a.nummer)
    for area in areas:
        area.ramavtal = ramavtal  # period_text reads it; no query per area
    return [PlanOmrade(area, latest.get(area.pk)) for area in areas]


def carry_over(rows, ar):
    """Put the sample rows moved from year `ar` - 1 (and not yet carried) on their
    agreement's row, under their area where the follow-up names one; returns the
    rows of agreements the plan does not list."""
    by_agreement = {row.ramavtal.pk: row for row in rows}
    orphans = []
    moved = (
        UppfoljningLeverantor.objects.att_overfora(ar - 1)
        .select_related("verksamhet", "leverantor", "orsak", "uppfoljning__ramavtal")
        .order_by("leverantor__namn", "verksamhet__namn", "pk")
    )
    for rad in moved:
        row = by_agreement.get(rad.uppfoljning.ramavtal_id)
        if row is None:
            orphans.append(rad)
            continue
        area = next(
            (o for o in row.omraden if o.omrade.pk == rad.uppfoljning.avtalsomrade_id), None
        )
        (area.flyttade if area else row.flyttade).append(rad)
    return orphans


def interval_warnings(rows, ar):
    """The every-N-years rule for the listed agreements: a warning per agreement with
    overdue units, and a gentle one per choice system without an interval."""
    shown = [row.ramavtal for row in rows]
    warnings = []
    for tackning in forsenade_verksamheter(
        Ramavtal.objects.filter(pk__in=[r.pk for r in shown]).order_by("namn", "startdatum"), ar
    ):
        if tackning.forsenade:
            ramavtal = tackning.ramavtal
            n = len(tackning.forsenade)
            unit = "verksamhet har" if n == 1 else "verksamheter har"
            if ramavtal.ar_valfrihetssystem:
                unit = "godkänd " + unit if n == 1 else "godkända " + unit
            warnings.append(
                Varning(
                    ramavtal,
                    f"{ramavtal.ord.Avtalet} {ramavtal.namn}: {n} {unit} inte följts upp på "
                    f"{tackning.intervall} år.",
                    tackning.forsenade,
                )
            )
    for ramavtal in shown:
        if ramavtal.ar_valfrihetssystem and not ramavtal.uppfoljningsintervall_ar:
            warnings.append(
                Varning(
                    ramavtal,
                    f"Valfrihetssystemet {ramavtal.namn} har inget intervall för uppföljning. "
                    "Ange hur ofta varje godkänd verksamhet ska följas upp, så att planen kan "
                    "visa vilka som inte följts upp i tid.",
                )
            )
    return warnings


def coverage_warnings(rows, ar):
    """Agreements still running at the plan year whose period has no special follow-up,
    and marks that fall outside the agreement period."""
    warnings = []
    plan_start = datetime.date(ar, 1, 1)
    for row in rows:
        agreement = row.ramavtal
        if agreement.tillsvidare:
            # No period to cover: the every-N-years rule applies (interval_warnings).
            for year in sorted(row.planerade_ar):
                if year < agreement.startdatum.year:
                    warnings.append(
                        Varning(
                            agreement,
                            f"{agreement.namn}: {year} ligger före {agreement.ord.avtalet}s "
                            f"start ({agreement.startdatum:%Y-%m-%d}).",
                        )
                    )
            continue
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
    Returns (year, reason) or None when the period ends before the plan year,
    or the agreement is open-ended (no end to plan by: see interval_warnings).
    """
    start, end = row.ramavtal.startdatum, row.ramavtal.slutdatum_inkl_option
    if end is None or end.year < ar:
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
    orphans = carry_over(rows, plan.ar)
    return PlanData(
        ar=plan.ar,
        horisont=plan.horisont,
        rader=rows,
        varningar=coverage_warnings(rows, plan.ar),
        forslag=proposals(rows, plan.ar),
        tackningsvarningar=interval_warnings(rows, plan.ar),
        flyttade_utan_avtal=orphans,
    )
