"""Who changed what and when: recording the acting user, and reading history back.

Row history is django-simple-history's. In a request its middleware records
the logged-in user; everything else (services, tasks, imports) says who acts
with `save_as`. Work that no person started (a scheduled sweep, a task) acts
as the named system user, `system_user()`, which is not a person: it cannot
log in and `real_users()` leaves it out wherever "is there anyone yet?" or
"who are the users?" is asked.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from simple_history.models import HistoricalRecords

from uppfoljning.ordlistor import Ordlista

SYSTEM_USERNAME = "system"
SYSTEM_NAME = "Systemet"  # shown in history as the user's full name (first_name)


def act_as(obj, *, user, reason=""):
    """Tell simple-history who changes `obj` and why, for the save or m2m change that follows.

    An empty reason leaves any reason already set on the object.
    """
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    return obj


def save_as(obj, *, user, reason="", clean=False):
    """Save `obj` with `user` (and `reason`) on its history row; returns `obj`.

    `clean=True` runs the model's full_clean first (a ValidationError then
    leaves nothing saved), for writers that have no form in front of them.
    """
    act_as(obj, user=user, reason=reason)
    if clean:
        obj.full_clean()
    obj.save()
    return obj


def _system_user_q():
    # The one definition of the system user: its name, never active, no password.
    User = get_user_model()
    return Q(
        **{User.USERNAME_FIELD: SYSTEM_USERNAME},
        is_active=False,
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
    )


def real_users():
    """Every user who is a person: all users but the system user tasks and imports act as."""
    return get_user_model().objects.exclude(_system_user_q())


def system_user():
    """The named user that scheduled work and imports without a person act as.

    Created on first use (get_or_create, so two workers at once make one) as
    an inactive user with an unusable password: it can never log in.
    """
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        **{User.USERNAME_FIELD: SYSTEM_USERNAME},
        defaults={"first_name": SYSTEM_NAME, "is_active": False, "password": make_password(None)},
    )
    if user.is_active or user.has_usable_password():
        # A person was given the reserved name: acting as them would forge their history.
        raise ImproperlyConfigured(
            f"The username {SYSTEM_USERNAME!r} belongs to a person; it is reserved for the "
            "system user. Rename that account."
        )
    return user


def acting_user(user=None):
    """`user` if given, else the person of the current request, else the system user.

    For code that runs both in a request and in a task (storing a check).
    """
    if user is not None:
        return user
    request = getattr(HistoricalRecords.context, "request", None)
    request_user = getattr(request, "user", None)
    if request_user is not None and request_user.is_authenticated:
        return request_user
    return system_user()


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
