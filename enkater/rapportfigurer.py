"""The questionnaire figures the annual report shows under a special follow-up.

`figurer(uppfoljning_ids)` answers, for several follow-ups at once and in a
constant number of queries (however many send-outs, recipients or answers):

- per method (who answered: the questionnaire's target group, worded as the
  report names methods): how many recipients were asked and how many answered;
- per theme (the question's theme, else the theme of its first requirement):
  questions asked, answers given and the findings registered from answers;
- for self-reporting: how many units were asked to complement (any round)
  and how many got a demand for correction (a finding registered from their
  answer), as the sentence "N verksamheter ombads komplettera, M fick krav på
  rättelse.".

Counted: send-outs that have left the draft stage; recipients not revoked;
answers submitted (every status but draft; an anonymous answer counts like
any other, it is one row per respondent). A follow-up without such a
send-out has no figures (None), so the report leaves its section as it was.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from arenden.models import Tema
from enkater.models import (
    BristUnderlag,
    Fraga,
    Komplettering,
    Malgrupp,
    Mottagare,
    Svar,
    SvarStatus,
    SvarVarde,
    Utskick,
    UtskickStatus,
)

# The methods as the committee's report names them, in the order it lists them.
METOD = {
    Malgrupp.VERKSAMHET: "Egenrapportering från verksamheter",
    Malgrupp.PERSONAL: "Enkät till egen personal (socialsekreterare, enhetschefer)",
    Malgrupp.LEVERANTOR: "Frågeformulär till leverantörens ledning",
}
UTAN_TEMA = "Utan tema"


@dataclass
class MetodRad:
    metod: str
    tillfragade: int
    svarade: int


@dataclass
class TemaRad:
    tema: str
    fragor: int
    svar: int
    brister: int


@dataclass
class Egenrapportering:
    tillfragade: int
    kompletterade: int  # units asked to complement at least once
    rattelse: int  # units with a finding registered from their answer

    @property
    def mening(self):
        """ "N verksamheter ombads komplettera, M fick krav på rättelse." (1: "verksamhet")."""
        enheter = "verksamhet" if self.kompletterade == 1 else "verksamheter"
        return (
            f"{self.kompletterade} {enheter} ombads komplettera, "
            f"{self.rattelse} fick krav på rättelse."
        )


@dataclass
class Enkatfigurer:
    metoder: list = field(default_factory=list)
    teman: list = field(default_factory=list)
    egenrapportering: Egenrapportering | None = None


def figurer(uppfoljning_ids):
    """{follow-up id: Enkatfigurer} for those of `uppfoljning_ids` that sent questionnaires."""
    uppfoljning_ids = list(uppfoljning_ids)
    if not uppfoljning_ids:
        return {}
    utskick = list(
        Utskick.objects.filter(uppfoljning_id__in=uppfoljning_ids)
        .exclude(status=UtskickStatus.UTKAST)
        .values("pk", "uppfoljning_id", "version_id", "version__formular__malgrupp")
        .order_by("pk")
    )
    if not utskick:
        return {}
    case_of = {u["pk"]: u["uppfoljning_id"] for u in utskick}
    malgrupp_of = {u["pk"]: u["version__formular__malgrupp"] for u in utskick}
    versions_of = defaultdict(set)
    for u in utskick:
        versions_of[u["uppfoljning_id"]].add(u["version_id"])

    mottagare = list(
        Mottagare.objects.filter(utskick_id__in=case_of, aterkallad__isnull=True).values_list(
            "utskick_id", "leverantor_id", "verksamhet_id"
        )
    )
    svar = list(
        Svar.objects.filter(utskick_id__in=case_of)
        .exclude(status=SvarStatus.UTKAST)
        .values_list("pk", "utskick_id", "leverantor_id", "verksamhet_id")
    )
    svar_ids = [row[0] for row in svar]
    kompletterade = set(
        Komplettering.objects.filter(svar_id__in=svar_ids).values_list("svar_id", flat=True)
    )
    underlag = list(
        BristUnderlag.objects.filter(svar_id__in=svar_ids).values_list(
            "svar_id", "fraga_id", "krav__tema_id", "brist__tema_id"
        )
    )
    all_versions = {v for versions in versions_of.values() for v in versions}
    fragor = list(
        Fraga.objects.filter(sektion__version_id__in=all_versions).values_list(
            "pk", "sektion__version_id", "tema_id"
        )
    )
    krav_teman = list(
        Fraga.krav.through.objects.filter(
            fraga__sektion__version_id__in=all_versions, avtalskrav__tema__isnull=False
        )
        .order_by("avtalskrav__sortering", "avtalskrav_id")
        .values_list("fraga_id", "avtalskrav__tema_id")
    )
    varden = defaultdict(int)  # (question, send-out) -> answers given
    for fraga_id, utskick_id, n in (
        SvarVarde.objects.filter(svar_id__in=svar_ids)
        .filter(~Q(text="") | ~Q(fil=""))
        .values("fraga_id", "svar__utskick_id")
        .annotate(n=Count("pk"))
        .values_list("fraga_id", "svar__utskick_id", "n")
    ):
        varden[fraga_id, utskick_id] = n
    tema_namn = dict(Tema.objects.values_list("pk", "namn"))

    tema_of = {}
    for fraga_id, tema_id in krav_teman:
        tema_of.setdefault(fraga_id, tema_id)
    for fraga_id, _version, tema_id in fragor:
        if tema_id:
            tema_of[fraga_id] = tema_id

    result = {}
    for case_id, versions in versions_of.items():
        utskick_ids = {pk for pk, case in case_of.items() if case == case_id}
        result[case_id] = Enkatfigurer(
            metoder=_metoder(utskick_ids, malgrupp_of, mottagare, svar),
            teman=_teman(versions, utskick_ids, fragor, varden, svar, underlag, tema_of, tema_namn),
            egenrapportering=_egenrapportering(
                utskick_ids, malgrupp_of, mottagare, svar, kompletterade, underlag
            ),
        )
    return result


def _metoder(utskick_ids, malgrupp_of, mottagare, svar):
    asked = defaultdict(int)
    answered = defaultdict(int)
    for utskick_id, *_ in mottagare:
        if utskick_id in utskick_ids:
            asked[malgrupp_of[utskick_id]] += 1
    for _pk, utskick_id, *_ in svar:
        if utskick_id in utskick_ids:
            answered[malgrupp_of[utskick_id]] += 1
    groups = {malgrupp_of[pk] for pk in utskick_ids}
    return [
        MetodRad(label, asked[malgrupp], answered[malgrupp])
        for malgrupp, label in METOD.items()
        if malgrupp in groups
    ]


def _teman(versions, utskick_ids, fragor, varden, svar, underlag, tema_of, tema_namn):
    rows = {}

    def row(tema_id):
        name = tema_namn.get(tema_id, UTAN_TEMA) if tema_id else UTAN_TEMA
        return rows.setdefault(name, TemaRad(name, 0, 0, 0))

    case_svar = {pk for pk, utskick_id, *_ in svar if utskick_id in utskick_ids}
    for fraga_id, version_id, _tema in fragor:
        if version_id in versions:
            tema = row(tema_of.get(fraga_id))
            tema.fragor += 1
            tema.svar += sum(varden.get((fraga_id, pk), 0) for pk in utskick_ids)
    for svar_id, fraga_id, krav_tema, brist_tema in underlag:
        if svar_id in case_svar:
            row(tema_of.get(fraga_id) or krav_tema or brist_tema).brister += 1
    return sorted(rows.values(), key=lambda r: (r.tema == UTAN_TEMA, r.tema.casefold()))


def _egenrapportering(utskick_ids, malgrupp_of, mottagare, svar, kompletterade, underlag):
    egna = {pk for pk in utskick_ids if malgrupp_of[pk] == Malgrupp.VERKSAMHET}
    if not egna:
        return None
    units = {(lev, verk) for utskick_id, lev, verk in mottagare if utskick_id in egna}
    unit_of = {pk: (lev, verk) for pk, utskick_id, lev, verk in svar if utskick_id in egna}
    med_brist = {svar_id for svar_id, *_ in underlag}
    return Egenrapportering(
        tillfragade=len(units),
        kompletterade=len({unit_of[pk] for pk in kompletterade if pk in unit_of}),
        rattelse=len({unit_of[pk] for pk in med_brist if pk in unit_of}),
    )
