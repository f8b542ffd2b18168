"""Changing many sample rows in one action: all or nothing, with history, in a few queries.

The rows are fetched once with every relation the rules read, checked in
memory (the model's clean(), which holds the outcome ladder, and the free-text
validator), then written with one bulk update and one bulk insert of history
rows, as the acting user. One refused row leaves every row as it was.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from arenden.models import UppfoljningLeverantor
from arenden.models.uppfoljningar import EJ_GENOMFORD

# What clean() and the ladder read of a row, so checking 150 rows costs no query per row.
RAD_RELATIONER = ("verksamhet", "leverantor", "orsak", "metod", "brist", "beslut__avtal")
FOREIGN_KEYS = [f.name for f in UppfoljningLeverantor._meta.concrete_fields if f.is_relation]
# How many failing rows a refusal names before it says "and N more".
VISADE_FEL = 5


def radnamn(row):
    """How messages name a row: its unit, else (an old row) its supplier."""
    return str(row.verksamhet if row.verksamhet_id else row.leverantor)


def rad_fel(row):
    """The row's problems as short Swedish messages; [] when it may be saved.

    Field validators run too (free text through no_personal_identity, dates in
    range, known choices), except the foreign keys' existence check, a query
    per key: the values come from the database or from a form's querysets.
    """
    try:
        row.clean_fields(exclude=FOREIGN_KEYS)
        row.clean()
    except ValidationError as error:
        return error.messages
    return []


def refusal(failures):
    """One ValidationError naming the first failing rows and why."""
    lines = [f"{name}: {' '.join(messages)}" for name, messages in failures[:VISADE_FEL]]
    if len(failures) > VISADE_FEL:
        lines.append(f"… och {len(failures) - VISADE_FEL} rader till.")
    return ValidationError(
        [f"{len(failures)} rader kan inte uppdateras. Ingenting har sparats."] + lines
    )


def spara_rader(rows, fields, *, user, reason):
    """Check and write already changed rows: all or nothing, one history row each."""
    failures = [(radnamn(row), problems) for row in rows if (problems := rad_fel(row))]
    if failures:
        raise refusal(failures)
    if rows and fields:
        with transaction.atomic():
            bulk_update_with_history(
                rows,
                UppfoljningLeverantor,
                sorted(fields),
                batch_size=500,
                default_user=user,
                default_change_reason=reason,
            )
    return len(rows)


def uppdatera_rader(
    *,
    uppfoljning,
    rader,
    user,
    status=None,
    utfall=None,
    orsak=None,
    skal=None,
    metod=None,
    atgardat=None,
):
    """Set the given values (None: leave as is) on the chosen rows of one follow-up.

    `rader` are rows or their ids; one not in this follow-up is refused. A
    status other than moved/cancelled clears a reason that no longer applies
    (the history keeps it). Returns the number of rows updated; raises a
    ValidationError naming the first failing rows, nothing written.
    """
    ids = {getattr(rad, "pk", rad) for rad in rader}
    if not ids:
        raise ValidationError("Markera minst en rad.")
    rows = list(
        UppfoljningLeverantor.objects.filter(uppfoljning=uppfoljning, pk__in=ids)
        .select_related(*RAD_RELATIONER)
        .order_by("pk")
    )
    if len(rows) != len(ids):
        raise ValidationError("Några av de markerade raderna hör inte till uppföljningen.")
    changes = {
        name: value
        for name, value in {
            "status": status,
            "utfall": utfall,
            "orsak": orsak,
            "skal": skal,
            "metod": metod,
            "atgardat": atgardat,
        }.items()
        if value is not None
    }
    if not changes:
        raise ValidationError("Välj vad som ska ändras på de markerade raderna.")
    fields = set(changes)
    for row in rows:
        for name, value in changes.items():
            setattr(row, name, value)
        if status is not None and status not in EJ_GENOMFORD and orsak is None:
            row.orsak = None
            fields.add("orsak")
    return spara_rader(rows, fields, user=user, reason="Ändrad för flera rader")
