"""Who changed what and when, for the history section of detail pages."""

from dataclasses import dataclass, field

from uppfoljning.ordlistor import Ordlista

HISTORY_LIMIT = 50
_TYPES = {"+": "Skapad", "~": "Ändrad", "-": "Borttagen"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    date: object
    user: str
    kind: str
    reason: str
    changes: list = field(default_factory=list)


def _display(model, field_name, value):
    if value in (None, ""):
        return "–"
    model_field = model._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, list):
        return f"{len(value)} st."
    if model_field.is_relation:
        related = model_field.related_model
        if isinstance(related, type) and issubclass(related, Ordlista):
            # A word-list entry reads better by name (a retired one too).
            target = model_field.target_field.attname
            namn = related._default_manager.filter(**{target: value}).values_list("namn")
            if found := namn.first():
                return found[0]
        return f"nr {value}"
    return str(value)


def history_entries(obj, limit=HISTORY_LIMIT):
    """The latest changes of a record, newest first, in one query.

    Consecutive snapshots are diffed in Python so the cost does not grow
    with the length of the history.
    """
    model = obj._meta.model
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]
    )
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for name in _tracked_fields(record):
                old, new = getattr(previous, name), getattr(record, name)
                if old != new:
                    label = model._meta.get_field(name).verbose_name
                    changes.append(
                        Change(
                            str(label).capitalize(),
                            _display(model, name, old),
                            _display(model, name, new),
                        )
                    )
        user = record.history_user
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=(user.get_full_name() or user.username) if user else "Systemet",
                kind=_TYPES.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def _tracked_fields(record):
    """The fields the history table keeps: excluded fields (such as the
    search column `sokbar_namn`) are not on the historical record at all."""
    kept = {f.attname for f in record._meta.concrete_fields}
    return [
        f.attname if f.is_relation else f.name
        for f in record.instance_type._meta.concrete_fields
        if f.name != "id" and (f.attname if f.is_relation else f.name) in kept
    ]
