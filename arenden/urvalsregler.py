"""Sampling rules for a special follow-up of units (verksamheter).

One function per Urvalsregel. Each returns an Urval: the chosen units in a
stable order, their register figures where the rule has them, and the
criteria in the words of the annual report (stored in
Uppfoljning.urvalskriterier, next to Uppfoljning.urvalsregel). Nothing here
writes; arenden.sarskild.sarskild_skapa stores the result.
"""

import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from arenden.draw import SEED_LIMIT, draw_hashed
from arenden.models import Urvalsregel
from leverantorer.models import Avtal, Verksamhet
from leverantorer.urval import urval_verksamheter


@dataclass
class Urval:
    """The units a rule picked, what it knew of them, and the sentence that says how."""

    regel: str
    verksamhet_ids: list
    kriterier: str
    figurer: dict = field(default_factory=dict)  # verksamhet_id -> VerksamhetRad
    seed: int | None = None


def kandidater(*, ramavtal, avtalsomrade=None):
    """Units covered by contracts in force under the agreement (and the area), in a stable order.

    A contract naming no units covers all of its supplier's (VerksamhetQuerySet.omfattas_av).
    """
    avtal = Avtal.objects.filter(ramavtal=ramavtal).i_kraft()
    if avtalsomrade is not None:
        avtal = avtal.filter(avtalsomraden=avtalsomrade)
    return Verksamhet.objects.omfattas_av(avtal).order_by("leverantor__namn", "namn", "pk")


def _where(ramavtal, avtalsomrade):
    return f"i avtalsområde {avtalsomrade}" if avtalsomrade else f"under {ramavtal}"


def _period(fran, till):
    return f"{fran:%Y-%m-%d} – {till:%Y-%m-%d}"


def _check_period(fran, till):
    if not (fran and till):
        raise ValidationError({"urval_fran": "Ange perioden som urvalet ska göras för."})
    if till < fran:
        raise ValidationError({"urval_till": "Periodens slut kan inte ligga före dess början."})


def _check_antal(antal):
    if antal is None or antal < 1:
        raise ValidationError({"antal": "Ange hur många verksamheter urvalet ska omfatta."})


def _figurer(*, ramavtal, fran, till, avtalsomrade=None, ids=None):
    """Register figures of the period for the given units (all with placements when ids=None)."""
    if not (fran and till):
        return {}
    rows = urval_verksamheter(ramavtal=ramavtal, fran=fran, till=till, avtalsomrade=avtalsomrade)
    return {r.verksamhet_id: r for r in rows if ids is None or r.verksamhet_id in ids}


def alla(*, ramavtal, avtalsomrade=None, fran=None, till=None):
    """ALLA: every unit of the area (or of the agreement)."""
    ids = list(
        kandidater(ramavtal=ramavtal, avtalsomrade=avtalsomrade).values_list("pk", flat=True)
    )
    if not ids:
        raise ValidationError(
            {"urvalsregel": "Det finns inga verksamheter med avtal i kraft att följa upp."}
        )
    n = len(ids)
    subject = "Den enda verksamheten" if n == 1 else f"Alla {n} verksamheter"
    kriterier = f"{subject} {_where(ramavtal, avtalsomrade)}"
    figurer = _figurer(
        ramavtal=ramavtal, fran=fran, till=till, avtalsomrade=avtalsomrade, ids=set(ids)
    )
    return Urval(Urvalsregel.ALLA, ids, kriterier, figurer)


def _ranked(*, ramavtal, fran, till, avtalsomrade, inriktning, ordning, limit):
    _check_period(fran, till)
    rows = urval_verksamheter(
        ramavtal=ramavtal,
        fran=fran,
        till=till,
        avtalsomrade=avtalsomrade,
        inriktning=inriktning,
        ordning=ordning,
        limit=limit,
    )
    if not rows:
        raise ValidationError(
            {
                "urval_fran": "Registret har inga placeringar under ramavtalet för perioden. "
                "Välj en annan period eller välj verksamheter för hand."
            }
        )
    return rows


def _suffix(avtalsomrade, inriktning):
    text = f" i avtalsområde {avtalsomrade}" if avtalsomrade else ""
    if inriktning:
        text += f", inriktning ”{inriktning}”"
    return text


def placeringar(*, ramavtal, fran, till, avtalsomrade=None, inriktning=""):
    """PLACERINGAR: every unit with placements under the agreement (on the area) in the period."""
    rows = _ranked(
        ramavtal=ramavtal,
        fran=fran,
        till=till,
        avtalsomrade=avtalsomrade,
        inriktning=inriktning,
        ordning="inkopsvarde",
        limit=None,
    )
    n = len(rows)
    subject = "Den verksamhet som" if n == 1 else f"De {n} verksamheter som"
    kriterier = (
        f"{subject} hade placeringar {_period(fran, till)}{_suffix(avtalsomrade, inriktning)}"
    )
    return Urval(
        Urvalsregel.PLACERINGAR,
        [r.verksamhet_id for r in rows],
        kriterier,
        {r.verksamhet_id: r for r in rows},
    )


def _top(regel, ordning, text, *, ramavtal, fran, till, antal, avtalsomrade, inriktning):
    _check_antal(antal)
    rows = _ranked(
        ramavtal=ramavtal,
        fran=fran,
        till=till,
        avtalsomrade=avtalsomrade,
        inriktning=inriktning,
        ordning=ordning,
        limit=antal,
    )
    n = len(rows)
    subject = "Den verksamhet" if n == 1 else f"De {n} verksamheter"
    kriterier = f"{subject} med {text} {_period(fran, till)}{_suffix(avtalsomrade, inriktning)}"
    return Urval(
        regel, [r.verksamhet_id for r in rows], kriterier, {r.verksamhet_id: r for r in rows}
    )


def flest_placeringar(*, ramavtal, fran, till, antal, avtalsomrade=None, inriktning=""):
    """FLEST_PLACERINGAR: the top N units by placements (ties: higher value, then by name)."""
    return _top(
        Urvalsregel.FLEST_PLACERINGAR,
        "antal",
        "flest placeringar",
        ramavtal=ramavtal,
        fran=fran,
        till=till,
        antal=antal,
        avtalsomrade=avtalsomrade,
        inriktning=inriktning,
    )


def hogst_inkopsvarde(*, ramavtal, fran, till, antal, avtalsomrade=None, inriktning=""):
    """HOGST_INKOPSVARDE: the top N units by purchase value (ties: more placements, then name)."""
    return _top(
        Urvalsregel.HOGST_INKOPSVARDE,
        "inkopsvarde",
        "högst inköpsvärde",
        ramavtal=ramavtal,
        fran=fran,
        till=till,
        antal=antal,
        avtalsomrade=avtalsomrade,
        inriktning=inriktning,
    )


def _slumpa(*, ramavtal, avtalsomrade, antal, seed):
    ids = list(
        kandidater(ramavtal=ramavtal, avtalsomrade=avtalsomrade).values_list("pk", flat=True)
    )
    # The draw sorts the ids, so the order of the candidates never matters.
    return ids, draw_hashed(ids, antal, seed)


def slump(*, ramavtal, antal, avtalsomrade=None, seed=None, fran=None, till=None):
    """SLUMP: N units drawn among the candidates with a stored seed (new seed when None)."""
    _check_antal(antal)
    if seed is None:
        seed = secrets.randbelow(SEED_LIMIT)
    elif not 0 <= seed < SEED_LIMIT:
        raise ValidationError({"urval_seed": "Slumpfröet ska vara ett heltal från 0 till 2⁵³ − 1."})
    ids, drawn = _slumpa(ramavtal=ramavtal, avtalsomrade=avtalsomrade, antal=antal, seed=seed)
    if not ids:
        raise ValidationError(
            {"urvalsregel": "Det finns inga verksamheter med avtal i kraft att dra ur."}
        )
    n = len(drawn)
    valda = "verksamhet slumpvis vald" if n == 1 else "verksamheter slumpvis valda"
    kriterier = f"{n} {valda} bland {len(ids)} (slumpfrö {seed})"
    if avtalsomrade:
        kriterier += f" i avtalsområde {avtalsomrade}"
    figurer = _figurer(
        ramavtal=ramavtal, fran=fran, till=till, avtalsomrade=avtalsomrade, ids=set(drawn)
    )
    return Urval(Urvalsregel.SLUMP, drawn, kriterier, figurer, seed)


def slump_igen(uppfoljning, *, antal=None):
    """The units the stored seed draws today (the same as then while the register is unchanged).

    `antal` is the N of the draw; by default the stored one (Uppfoljning.urval_antal).
    """
    return _slumpa(
        ramavtal=uppfoljning.ramavtal_id,
        avtalsomrade=uppfoljning.avtalsomrade_id,
        antal=antal if antal is not None else uppfoljning.urval_antal,
        seed=uppfoljning.urval_seed,
    )[1]


def hand(*, ramavtal, verksamheter, urvalskriterier, avtalsomrade=None, fran=None, till=None):
    """HAND: chosen units; the criteria must be written out. Figures when a period is given."""
    ids = list(dict.fromkeys(getattr(v, "pk", v) for v in verksamheter))
    errors = {}
    if not ids:
        errors["verksamheter"] = "Välj minst en verksamhet till urvalet."
    if not (urvalskriterier or "").strip():
        errors["urvalskriterier"] = (
            "Beskriv hur verksamheterna valdes ut när urvalet görs för hand."
        )
    covered = Verksamhet.objects.omfattas_av(Avtal.objects.filter(ramavtal=ramavtal))
    if set(ids) - set(covered.filter(pk__in=ids).values_list("pk", flat=True)):
        errors["verksamheter"] = "En vald verksamhet har inget avtal under ramavtalet."
    if errors:
        raise ValidationError(errors)
    figurer = _figurer(
        ramavtal=ramavtal, fran=fran, till=till, avtalsomrade=avtalsomrade, ids=set(ids)
    )
    return Urval(Urvalsregel.HAND, ids, urvalskriterier.strip(), figurer)


def valj(
    regel,
    *,
    ramavtal,
    avtalsomrade=None,
    fran=None,
    till=None,
    antal=None,
    inriktning="",
    seed=None,
    verksamheter=(),
    urvalskriterier="",
):
    """Run the rule `regel` with the arguments it takes."""
    if regel == Urvalsregel.ALLA:
        return alla(ramavtal=ramavtal, avtalsomrade=avtalsomrade, fran=fran, till=till)
    if regel == Urvalsregel.PLACERINGAR:
        return placeringar(
            ramavtal=ramavtal,
            fran=fran,
            till=till,
            avtalsomrade=avtalsomrade,
            inriktning=inriktning,
        )
    if regel in (Urvalsregel.FLEST_PLACERINGAR, Urvalsregel.HOGST_INKOPSVARDE):
        top = flest_placeringar if regel == Urvalsregel.FLEST_PLACERINGAR else hogst_inkopsvarde
        return top(
            ramavtal=ramavtal,
            fran=fran,
            till=till,
            antal=antal,
            avtalsomrade=avtalsomrade,
            inriktning=inriktning,
        )
    if regel == Urvalsregel.SLUMP:
        return slump(
            ramavtal=ramavtal,
            antal=antal,
            avtalsomrade=avtalsomrade,
            seed=seed,
            fran=fran,
            till=till,
        )
    if regel == Urvalsregel.HAND:
        return hand(
            ramavtal=ramavtal,
            verksamheter=verksamheter,
            urvalskriterier=urvalskriterier,
            avtalsomrade=avtalsomrade,
            fran=fran,
            till=till,
        )
    raise ValidationError({"urvalsregel": "Välj hur urvalet ska göras."})
