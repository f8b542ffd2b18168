"""The reproducible invoice draw (stickprov på fakturor).

A round stores its criteria and its seed. Candidates are listed in a stable
order and sampled with random.Random(seed), so an auditor can re-run the draw
from the stored values and get the same invoices.

Two sources: placements in the register, listed by primary key (reproducible
as long as the register has not changed for the period since), or an imported
invoice list, whose rows are all stored with the round and listed by
fakturanummer (reproducible from the stored list alone).
"""

import hashlib
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from simple_history.utils import bulk_create_with_history

from arenden.models import (
    Faktura,
    FakturaAvvikelse,
    FakturaResultat,
    Stickprov,
    StickprovFaktura,
    StickprovKalla,
)
from leverantorer.models import Placering
from uppfoljning.history import save_as

# Fits a BigIntegerField and a JavaScript number, so the seed survives exports.
SEED_LIMIT = 2**53


def candidate_placements(*, kalla, fran, till, ramavtal=None):
    """Placements under a contract that were ongoing in the period, by pk.

    Direct procurements are left out: the sample follows up contracts. With
    kalla=AVSLUTADE only placements that ended inside the period count.
    """
    queryset = Placering.objects.filter(avtal__isnull=False).overlapping(fran, till)
    if kalla == StickprovKalla.AVSLUTADE:
        queryset = queryset.filter(slutdatum__gte=fran, slutdatum__lte=till)
    if ramavtal is not None:
        queryset = queryset.filter(avtal__ramavtal=ramavtal)
    # A stable order is what makes the draw reproducible.
    return queryset.order_by("pk")


def candidate_fakturor(stickprov):
    """The round's imported invoices whose period overlaps the round's, by fakturanummer.

    Filtering on the period keeps its meaning the same for both sources; rows
    outside it stay stored for the auditor.
    """
    return Faktura.objects.filter(
        stickprov=stickprov, period_fran__lte=stickprov.till, period_till__gte=stickprov.fran
    ).order_by("fakturanummer")


def draw(candidate_ids, antal, seed):
    """The drawn ids, in draw order; all of them when there are too few."""
    ids = sorted(candidate_ids)
    if len(ids) <= antal:
        return ids
    # Not for secrecy: the point is that anyone with the seed gets the same sample.
    return random.Random(seed).sample(ids, antal)  # noqa: S311


def draw_hashed(candidate_ids, antal, seed):
    """The drawn ids, in draw order, by a documented hash rather than Python's sampler.

    Candidates are sorted by id; position p gets the key SHA-256("<seed>:<p>") in
    hexadecimal, and the N lowest keys are drawn. Anyone can redo it by hand, in any
    language, years later: Python promises random.sample's sequence for a seed across
    versions no more than it promises anything about shuffle (GOTCHAS).
    """
    ids = sorted(candidate_ids)
    if len(ids) <= antal:
        return ids
    order = sorted(
        range(len(ids)), key=lambda p: hashlib.sha256(f"{seed}:{p}".encode()).hexdigest()
    )
    return [ids[p] for p in order[:antal]]


def _candidate_ids(*, kalla, fran, till, ramavtal):
    return list(
        candidate_placements(kalla=kalla, fran=fran, till=till, ramavtal=ramavtal).values_list(
            "pk", flat=True
        )
    )


def _drawn_fakturor(stickprov):
    """Faktura pks in draw order; the draw runs over fakturanummer, not database ids."""
    pks = dict(candidate_fakturor(stickprov).values_list("fakturanummer", "pk"))
    return [pks[nummer] for nummer in draw(list(pks), stickprov.antal, stickprov.seed)]


def stickprov_skapa(
    *, namn, datum, kalla, fran, till, antal, ramavtal, user, seed=None, fakturalista=None
):
    """Create a round and its drawn invoices in one transaction.

    With kalla=FAKTUROR, `fakturalista` is the checked invoice list (unsaved
    Faktura objects, see arenden.fakturalista); all of it is stored with the
    round. Refuses (ValidationError, in Swedish) a period that ends before it
    starts and a round with nothing to draw from.
    """
    ur_lista = kalla == StickprovKalla.FAKTUROR
    if till < fran:
        raise ValidationError({"till": "Periodens slut kan inte ligga före dess början."})
    if antal < 1:
        raise ValidationError({"antal": "Ange hur många fakturor som ska dras."})
    if ur_lista and not fakturalista:
        raise ValidationError({"fakturalista": "Ladda upp fakturalistan att dra fakturor ur."})
    if ur_lista and ramavtal is not None:
        raise ValidationError(
            {"ramavtal": "Välj inget ramavtal när fakturorna dras ur en importerad fakturalista."}
        )
    if fakturalista and not ur_lista:
        raise ValidationError(
            {"fakturalista": "En fakturalista används bara när urvalet görs ur en fakturalista."}
        )
    if seed is None:
        seed = secrets.randbelow(SEED_LIMIT)
    with transaction.atomic():
        if not ur_lista:
            ids = _candidate_ids(kalla=kalla, fran=fran, till=till, ramavtal=ramavtal)
            if not ids:
                raise ValidationError(
                    "Det finns inga placeringar att dra fakturor ur för den valda perioden"
                    + (" och det valda ramavtalet." if ramavtal else ".")
                )
        stickprov = Stickprov(
            namn=namn,
            datum=datum,
            kalla=kalla,
            ramavtal=ramavtal,
            fran=fran,
            till=till,
            antal=antal,
            seed=seed,
            utford_av=user,
        )
        save_as(stickprov, user=user)
        if ur_lista:
            for faktura in fakturalista:
                faktura.stickprov = stickprov
            bulk_create_with_history(fakturalista, Faktura, default_user=user)
            # Drawn from the stored rows, exactly as reproduce() will.
            drawn = _drawn_fakturor(stickprov)
            if not drawn:
                raise ValidationError(
                    "Ingen faktura i listan gäller den valda perioden, så det finns inget att "
                    "dra ur."
                )
            fakturor = [
                StickprovFaktura(stickprov=stickprov, faktura_id=pk, ordning=ordning)
                for ordning, pk in enumerate(drawn, start=1)
            ]
        else:
            fakturor = [
                StickprovFaktura(stickprov=stickprov, placering_id=pk, ordning=ordning)
                for ordning, pk in enumerate(draw(ids, antal, seed), start=1)
            ]
        bulk_create_with_history(fakturor, StickprovFaktura, default_user=user)
    return stickprov


def reproduce(stickprov):
    """The ids the stored criteria and seed yield today, in draw order.

    Faktura pks for a round drawn from an imported list (from its stored
    rows), otherwise Placering pks (from today's register).
    """
    if stickprov.kalla == StickprovKalla.FAKTUROR:
        return _drawn_fakturor(stickprov)
    ids = _candidate_ids(
        kalla=stickprov.kalla,
        fran=stickprov.fran,
        till=stickprov.till,
        ramavtal=stickprov.ramavtal_id,
    )
    return draw(ids, stickprov.antal, stickprov.seed)


def totals(stickprov):
    """Review counts for a round, and deviations per kind, in one query."""
    avvikelse = Q(resultat=FakturaResultat.AVVIKELSE)
    counts = StickprovFaktura.objects.filter(stickprov=stickprov).aggregate(
        antal=Count("pk"),
        granskade=Count("pk", filter=~Q(resultat=FakturaResultat.EJ_GRANSKAD)),
        ok=Count("pk", filter=Q(resultat=FakturaResultat.OK)),
        avvikelse=Count("pk", filter=avvikelse),
        ej_granskad=Count("pk", filter=Q(resultat=FakturaResultat.EJ_GRANSKAD)),
        **{
            f"typ_{typ}": Count("pk", filter=avvikelse & Q(avvikelsetyp=typ))
            for typ in FakturaAvvikelse.values
        },
    )
    counts["per_typ"] = {typ: counts.pop(f"typ_{typ}") for typ in FakturaAvvikelse.values}
    return counts
