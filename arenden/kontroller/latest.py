"""What the supplier page shows about checks, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from arenden.kontroller.jamforelse import jamfor
from arenden.models import IvoKontroll, Kontrollstatus, Kreditkontroll


@dataclass
class Kontrollrad:
    namn: str
    senaste: object = None  # the newest check, whatever its status
    fore: object = None  # the two newest successful checks, compared
    efter: object = None
    andringar: list = field(default_factory=list)
    verksamhet: object = None


def _newest(queryset, partition, rows, **filters):
    ranked = queryset.filter(**filters).annotate(
        rn=Window(
            RowNumber(),
            partition_by=[F(partition)],
            order_by=[F("kontrollerad").desc(), F("pk").desc()],
        )
    )
    grouped = {}
    for check in ranked.filter(rn__lte=rows).order_by(partition, "rn"):
        grouped.setdefault(getattr(check, partition), []).append(check)
    return grouped


def _row(namn, latest, ok, unit=None):
    row = Kontrollrad(namn=namn, senaste=(latest or [None])[0], verksamhet=unit)
    if ok:
        row.efter = ok[0]
        row.fore = ok[1] if len(ok) > 1 else None
        if row.fore is not None:
            row.andringar = jamfor(row.fore, row.efter)
    return row


def kontroller_for(leverantor, units):
    """(credit row, [IVO row per unit]) with the latest check and the latest change."""
    ivo = IvoKontroll.objects.filter(verksamhet__in=[u.pk for u in units])
    latest = _newest(ivo, "verksamhet_id", 1)
    ok = _newest(ivo, "verksamhet_id", 2, status=Kontrollstatus.OK)
    unit_rows = [_row(u.namn, latest.get(u.pk), ok.get(u.pk), u) for u in units]
    credit = Kreditkontroll.objects.filter(leverantor=leverantor)
    latest = _newest(credit, "leverantor_id", 1)
    ok = _newest(credit, "leverantor_id", 2, status=Kontrollstatus.OK)
    credit_row = _row(leverantor.namn, latest.get(leverantor.pk), ok.get(leverantor.pk))
    return credit_row, unit_rows
