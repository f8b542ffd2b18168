"""Figures per agreement and area for a year's special follow-ups (issue 16).

`arsutfall(ar)` returns, per agreement → per area (Uppfoljning.avtalsomrade;
"Hela avtalet" when none) and in total: units in the area, sample rows planned,
in progress, done, moved and cancelled (by reason), outcomes by step of the ladder
and by group, findings by theme, sanctions, distinct units and suppliers in the
sample, and the current risk level. A fixed number of queries (aggregates in
SQL), however many rows or areas.

The outcome *groups* are defined here once, from the row's fields
(`UTFALLSGRUPPER`: utfall + atgardat), so the report, the overview page and
the start page count alike.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from arenden.models import (
    Brist,
    PlaneradStatus,
    PlaneradUtfall,
    Uppfoljning,
    UppfoljningLeverantor,
    UppfoljningTyp,
)
from arenden.utfallstrappa import Utfallsgrupp, utfallsgrupp_q
from leverantorer.models import Avtal, BeslutTyp, Verksamhet
from ramavtal.models import Avtalsomrade, Riskbedomning, Riskniva

HELA_AVTALET = "Hela avtalet"
NOT_DONE_STATUSES = (PlaneradStatus.PLANERAD, PlaneradStatus.PAGAR)
ORSAK_SAKNAS = "orsak ej angiven"

# The outcome groups the committee reads: one definition, in the ladder's module.
UTFALLSGRUPPER = {grupp.value: utfallsgrupp_q(grupp) for grupp in Utfallsgrupp}
UTFALLSGRUPP_LABELS = dict(Utfallsgrupp.choices)


def forsenad_q(on=None, prefix=""):
    """Q: a sample row that is overdue on `on` (today by default).

    Not done (planerad or pågår) and either its follow-up's year has ended, or
    the period of its area has ended.
    """
    on = on or timezone.localdate()
    return Q(**{f"{prefix}status__in": NOT_DONE_STATUSES}) & (
        Q(**{f"{prefix}uppfoljning__ar__lt": on.year})
        | Q(**{f"{prefix}uppfoljning__avtalsomrade__slutdatum__lt": on})
    )


def _row_aggregates(on):
    vite = Q(beslut__typ=BeslutTyp.VITE)
    counts = {
        "planerade": Count("pk"),
        "planerad": Count("pk", filter=Q(status=PlaneradStatus.PLANERAD)),
        "pagar": Count("pk", filter=Q(status=PlaneradStatus.PAGAR)),
        "genomforda": Count("pk", filter=Q(status=PlaneradStatus.GENOMFORD)),
        "flyttade": Count("pk", filter=Q(status=PlaneradStatus.FLYTTAD)),
        "installda": Count("pk", filter=Q(status=PlaneradStatus.INSTALLD)),
        "forsenade": Count("pk", filter=forsenad_q(on)),
        "vite_antal": Count("pk", filter=vite),
        "vite_belopp": Sum("beslut__belopp", filter=vite),
    }
    counted = ~Q(status__in=[PlaneradStatus.FLYTTAD, PlaneradStatus.INSTALLD])
    for step in PlaneradUtfall:
        counts[f"steg_{step.value}"] = Count("pk", filter=counted & Q(utfall=step))
    for key, q in UTFALLSGRUPPER.items():
        counts[f"grupp_{key}"] = Count("pk", filter=counted & q)
    return counts


def _distinct_aggregates():
    return {
        # A row without a unit (from before samples were of units) is one unit.
        "verksamheter": Count("verksamhet", distinct=True),
        "utan_verksamhet": Count("pk", filter=Q(verksamhet__isnull=True)),
        "leverantorer": Count("leverantor", distinct=True),
    }


@dataclass
class Siffror:
    """The figures of one area, one agreement or the year's total."""

    namn: str
    verksamheter_i_omradet: int = 0
    planerade: int = 0
    planerad: int = 0  # not yet begun
    pagar: int = 0
    genomforda: int = 0
    flyttade: int = 0
    installda: int = 0
    forsenade: int = 0
    flyttade_orsaker: list = field(default_factory=list)  # [(reason, n)], most first
    installda_orsaker: list = field(default_factory=list)
    steg: list = field(default_factory=list)  # [(label, n)] in ladder order
    grupper: list = field(default_factory=list)  # [(label, n)]
    brister_per_tema: list = field(default_factory=list)  # [(theme, n)]
    sanktioner: int = 0
    vite_antal: int = 0
    vite_belopp: Decimal = Decimal(0)
    verksamheter_i_urvalet: int = 0  # distinct units sampled
    leverantorer_i_urvalet: int = 0  # distinct suppliers of those units
    risk: str = ""
    avtalsomrade: object = None  # Avtalsomrade or None
    uppfoljningar: list = field(default_factory=list)  # [Uppfoljning] of the area

    @property
    def brister(self):
        return sum(n for _, n in self.brister_per_tema)

    @property
    def andel_genomforda(self):
        """Done as a whole percentage of planned (0 without rows)."""
        return round(100 * self.genomforda / self.planerade) if self.planerade else 0

    def mening(self, ar):
        return genomforande_mening(
            ar,
            genomforda=self.genomforda,
            planerade=self.planerade,
            flyttade=self.flyttade_orsaker,
            installda=self.installda_orsaker,
            pagar=self.pagar,
            ej_paborjade=self.planerad,
        )


@dataclass
class AvtalSiffror:
    ramavtal: object
    omraden: list  # [Siffror]
    totalt: Siffror


@dataclass
class Arsutfall:
    ar: int
    avtal: list  # [AvtalSiffror], by agreement name
    totalt: Siffror

    @property
    def mening(self):
        return self.totalt.mening(self.ar)


def _fill(target, agg):
    for name in (
        "planerade",
        "planerad",
        "pagar",
        "genomforda",
        "flyttade",
        "installda",
        "forsenade",
        "vite_antal",
    ):
        setattr(target, name, agg[name])
    target.vite_belopp = agg["vite_belopp"] or Decimal(0)
    target.steg = [(step.label, agg[f"steg_{step.value}"]) for step in PlaneradUtfall]
    target.grupper = [(UTFALLSGRUPP_LABELS[k], agg[f"grupp_{k}"]) for k in UTFALLSGRUPPER]
    target.sanktioner = agg["grupp_sanktion"]


def _fill_distinct(target, agg):
    target.verksamheter_i_urvalet = agg["verksamheter"] + agg["utan_verksamhet"]
    target.leverantorer_i_urvalet = agg["leverantorer"]


def _sorted_counts(counter):
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _units_per_area(ramavtal_ids, first, last):
    """{(ramavtal_id, area_id or None): set of unit ids} and {ramavtal_id: set}.

    Units covered by contracts in force in the year (VerksamhetQuerySet.omfattas_av):
    the units a contract names, or every unit of its supplier when it names none.
    Two queries of (agreement, area, unit) triples.
    """
    in_force = Avtal.objects.filter(ramavtal_id__in=ramavtal_ids).i_kraft_under(first, last)
    named = Verksamhet.objects.filter(avtal__in=in_force).values_list(
        "avtal__ramavtal_id", "avtal__avtalsomraden", "pk"
    )
    whole = Verksamhet.objects.filter(
        leverantor__avtal__in=in_force.filter(verksamheter__isnull=True)
    ).values_list("leverantor__avtal__ramavtal_id", "leverantor__avtal__avtalsomraden", "pk")
    per_area = defaultdict(set)
    per_avtal = defaultdict(set)
    for ramavtal_id, area_id, unit_id in list(named) + list(whole):
        if ramavtal_id not in ramavtal_ids:
            continue  # a whole-supplier contract joins the supplier's other contracts too
        per_area[(ramavtal_id, area_id)].add(unit_id)
        per_avtal[ramavtal_id].add(unit_id)
    return per_area, per_avtal


def _risk_levels(ramavtal_ids, last):
    """{(ramavtal_id, area_id or None): level label}, latest dated by the year's end."""
    latest = {}
    for ramavtal_id, area_id, niva in (
        Riskbedomning.objects.filter(ramavtal_id__in=ramavtal_ids, datum__lte=last)
        .order_by("datum", "pk")
        .values_list("ramavtal_id", "avtalsomrade_id", "niva")
    ):
        latest[(ramavtal_id, area_id)] = niva  # later ones overwrite
    return latest


def arsutfall(ar, *, ramavtal=None, on=None):
    """The year's figures per agreement and area, and in total (see module docstring).

    Agreements are those with a special follow-up planned for the year; their
    areas are those whose period touches the year, plus "Hela avtalet" for
    follow-ups without an area (or an agreement without areas).
    """
    on = on or timezone.localdate()
    first, last = datetime.date(ar, 1, 1), datetime.date(ar, 12, 31)
    cases = Uppfoljning.objects.filter(typ=UppfoljningTyp.SARSKILD, ar=ar).select_related(
        "ramavtal", "avtalsomrade"
    )
    rows = UppfoljningLeverantor.objects.av_ar(ar)
    findings = Brist.objects.filter(uppfoljning__typ=UppfoljningTyp.SARSKILD, uppfoljning__ar=ar)
    if ramavtal is not None:
        cases = cases.filter(ramavtal=ramavtal)
        rows = rows.filter(uppfoljning__ramavtal=ramavtal)
        findings = findings.filter(uppfoljning__ramavtal=ramavtal)
    cases = list(cases.order_by("ramavtal__namn", "ramavtal__startdatum", "pk"))
    agreements = {}
    for case in cases:
        agreements.setdefault(case.ramavtal_id, case.ramavtal)
    ids = set(agreements)
    areas = defaultdict(list)
    for area in (
        Avtalsomrade.objects.filter(ramavtal_id__in=ids)
        .filter(Q(startdatum__isnull=True) | Q(startdatum__lte=last))
        .filter(Q(slutdatum__isnull=True) | Q(slutdatum__gte=first))
        .order_by("nummer")
    ):
        areas[area.ramavtal_id].append(area)

    area_key = ("uppfoljning__ramavtal_id", "uppfoljning__avtalsomrade_id")
    per_area_agg = {
        (r["uppfoljning__ramavtal_id"], r["uppfoljning__avtalsomrade_id"]): r
        for r in rows.order_by().values(*area_key).annotate(**_row_aggregates(on))
    }
    distinct_area = {
        (r["uppfoljning__ramavtal_id"], r["uppfoljning__avtalsomrade_id"]): r
        for r in rows.order_by().values(*area_key).annotate(**_distinct_aggregates())
    }
    avtal_agg = {
        r["uppfoljning__ramavtal_id"]: r
        for r in rows.order_by()
        .values("uppfoljning__ramavtal_id")
        .annotate(**_row_aggregates(on), **_distinct_aggregates())
    }
    total_agg = rows.order_by().aggregate(**_row_aggregates(on), **_distinct_aggregates())

    reasons = defaultdict(Counter)  # (key, status) -> Counter(reason)
    for r in (
        rows.filter(status__in=[PlaneradStatus.FLYTTAD, PlaneradStatus.INSTALLD])
        .order_by()
        .values(*area_key, "status", "orsak__namn")
        .annotate(n=Count("pk"))
    ):
        name = (r["orsak__namn"] or ORSAK_SAKNAS).lower()
        key = (r["uppfoljning__ramavtal_id"], r["uppfoljning__avtalsomrade_id"])
        for k in (key, key[0], None):
            reasons[(k, r["status"])][name] += r["n"]
    themes = defaultdict(Counter)
    for r in (
        findings.order_by()
        .values("uppfoljning__ramavtal_id", "uppfoljning__avtalsomrade_id", "tema__namn")
        .annotate(n=Count("pk"))
    ):
        key = (r["uppfoljning__ramavtal_id"], r["uppfoljning__avtalsomrade_id"])
        for k in (key, key[0], None):
            themes[k][r["tema__namn"] or "Utan tema"] += r["n"]

    units_area, units_avtal = _units_per_area(ids, first, last)
    risk = _risk_levels(ids, last)

    def finish(target, key, agg, distinct):
        if agg:
            _fill(target, agg)
        if distinct:
            _fill_distinct(target, distinct)
        target.flyttade_orsaker = _sorted_counts(reasons[(key, PlaneradStatus.FLYTTAD)])
        target.installda_orsaker = _sorted_counts(reasons[(key, PlaneradStatus.INSTALLD)])
        target.brister_per_tema = _sorted_counts(themes[key])
        return target

    cases_by_area = defaultdict(list)
    for case in cases:
        cases_by_area[(case.ramavtal_id, case.avtalsomrade_id)].append(case)

    result = []
    total_units = set()
    for ramavtal_id, agreement in agreements.items():
        keys = [(ramavtal_id, a.pk) for a in areas[ramavtal_id]]
        if (ramavtal_id, None) in cases_by_area or not keys:
            keys.append((ramavtal_id, None))
        by_pk = {a.pk: a for a in areas[ramavtal_id]}
        agreement_risk = risk.get((ramavtal_id, None), "")
        omraden = []
        for key in keys:
            area = by_pk.get(key[1])
            s = Siffror(namn=str(area) if area else HELA_AVTALET, avtalsomrade=area)
            finish(s, key, per_area_agg.get(key), distinct_area.get(key))
            if area is None and not areas[ramavtal_id]:
                s.verksamheter_i_omradet = len(units_avtal[ramavtal_id])
            else:
                s.verksamheter_i_omradet = len(units_area[key])
            s.risk = Riskniva.label_for(risk.get(key) or agreement_risk)
            s.uppfoljningar = cases_by_area[key]
            omraden.append(s)
        totalt = finish(
            Siffror(namn=agreement.namn),
            ramavtal_id,
            avtal_agg.get(ramavtal_id),
            avtal_agg.get(ramavtal_id),
        )
        totalt.verksamheter_i_omradet = len(units_avtal[ramavtal_id])
        totalt.risk = Riskniva.label_for(agreement_risk)
        total_units |= units_avtal[ramavtal_id]
        result.append(AvtalSiffror(agreement, omraden, totalt))
    totalt = finish(Siffror(namn="Totalt"), None, total_agg, total_agg)
    totalt.verksamheter_i_omradet = len(total_units)
    return Arsutfall(ar=ar, avtal=result, totalt=totalt)


# --- The sentence -------------------------------------------------------------


def antal(n, singular, plural):
    """ "1 uppföljning", "2 uppföljningar"."""
    return f"{n} {singular if n == 1 else plural}"


def _reasons(counts):
    return ", ".join(f"{name} {n}" for name, n in counts)


def genomforande_mening(
    ar, *, genomforda, planerade, flyttade=(), installda=(), pagar=0, ej_paborjade=0
):
    """ "Under 2025 genomfördes 312 av 400 planerade uppföljningar." and the rest counted.

    flyttade/installda are [(reason, n)]; the reasons follow each count in brackets.
    The noun agrees with the number planned ("1 av 1 planerad uppföljning",
    "1 av 2 planerade uppföljningar").
    """
    if not planerade:
        return f"Under {ar} planerades inga uppföljningar."
    noun = "planerad uppföljning" if planerade == 1 else "planerade uppföljningar"
    text = f"Under {ar} genomfördes {genomforda} av {planerade} {noun}."
    parts = []
    n_flyttade = sum(n for _, n in flyttade)
    if n_flyttade:
        parts.append(f"{n_flyttade} flyttades till nästa år ({_reasons(flyttade)})")
    n_installda = sum(n for _, n in installda)
    if n_installda:
        parts.append(f"{n_installda} ställdes in ({_reasons(installda)})")
    if pagar:
        parts.append(f"{pagar} pågår")
    if ej_paborjade:
        parts.append(f"{ej_paborjade} har inte påbörjats")
    if parts:
        text += " " + ", ".join(parts) + "."
    return text
