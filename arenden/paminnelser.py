"""What is due to be reminded of on a given date, and to whom.

One small function per rule, each returning DueReminder items for a date in a
constant number of queries. A reminder is due while its condition holds on
or after its threshold (never "exactly N days before"), so a run that was
missed is caught up the next day; the send log (Paminnelse) makes sure the
same milestone is never e-mailed twice (see arenden.reminder_mail).

Who is responsible:
- agreement-bound items: the ramavtal's ansvarig_strateg; for an item
  without a ramavtal of its own (a representative, a finding outside a
  follow-up) the supplier's responsible strategists (the register's rule,
  AvtalQuerySet.med_ansvarig_strateg);
- follow-ups and their findings: Uppfoljning.ansvarig.
An inactive user counts as nobody. An item nobody is responsible for is
unassigned: every strategist sees it (start page and e-mail), so nothing
statutory falls between chairs.
"""

import datetime
from dataclasses import dataclass
from itertools import groupby

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from arenden.models import (
    Brist,
    Dokumentbegaran,
    Observation,
    PaminnelseTyp,
    PlaneradStatus,
    Platsbesok,
    Uppfoljning,
    UppfoljningLeverantor,
    UppfoljningStatus,
    UppfoljningTyp,
)
from arenden.registerkontroller import Fornyelsestatus, foretradare_with_latest
from leverantorer.models import Avtal, AvtalStatus, Beslut, statusandrande_q
from ramavtal.models import Ramavtal

# Ramavtal milestones, months before the end of the period including options.
RAMAVTAL_MILESTONES = (12, 6)

GROUP_LABELS = {
    PaminnelseTyp.REGISTERKONTROLL: "Registerkontroller av företrädare att göra",
    PaminnelseTyp.BRIST: "Brister efter sista åtgärdsdag",
    PaminnelseTyp.OMPROVNING: "Avropspauser att ompröva",
    PaminnelseTyp.RAMAVTAL_SLUTAR: "Ramavtal som löper ut",
    PaminnelseTyp.SARSKILD_EJ_PABORJAD: "Särskilda uppföljningar som inte påbörjats",
}


# Lists where every item of a kind is shown, for groups too long to list in full.
GROUP_LIST_URLS = {
    PaminnelseTyp.REGISTERKONTROLL: ("arenden:registerkontroll_list", "?att_gora=on"),
    PaminnelseTyp.BRIST: ("arenden:brist_list", "?visa=forsenade"),
}


@dataclass(frozen=True)
class DueReminder:
    """One thing a strategist should act on; (typ, objekt_id, tillfalle) names it."""

    typ: str
    objekt_id: int
    tillfalle: str  # the deadline or milestone: a new one makes a new reminder
    datum: datetime.date  # since when it is due
    text: str
    url: str
    ansvariga: frozenset = frozenset()  # user ids; empty means unassigned

    @property
    def key(self):
        return (self.typ, self.objekt_id, self.tillfalle)

    @property
    def unassigned(self):
        return not self.ansvariga

    @property
    def group_label(self):
        return GROUP_LABELS[self.typ]


def _active(user):
    """The user as the responsible person: nobody if there is none or they have left."""
    return frozenset({user.pk}) if user is not None and user.is_active else frozenset()


def strategists_by_supplier(leverantor_ids):
    """Each supplier's responsible strategists, as the register defines them (one query)."""
    result = {}
    rows = (
        Avtal.objects.filter(leverantor_id__in=set(leverantor_ids))
        .med_ansvarig_strateg()
        .values_list("leverantor_id", "ramavtal__ansvarig_strateg_id")
    )
    for leverantor_id, user_id in rows:
        result.setdefault(leverantor_id, set()).add(user_id)
    return {key: frozenset(value) for key, value in result.items()}


def registerkontroller_due(on):
    """Current representatives of suppliers with a contract in force (active or
    paused: a paused supplier may come back) whose latest check's renewal date
    has come, who never had a check, or whose latest check has no renewal date
    (unknown is never OK, as on the register-check list)."""
    rows = list(foretradare_with_latest(on))
    strateger = strategists_by_supplier(r.leverantor_id for r in rows)
    due = []
    for person in rows:
        if person.senaste_pk is None:
            tillfalle, datum = "saknas", on
            text = f"{person.leverantor.namn}: {person.namn} har ingen registerkontroll"
        elif person.senaste_giltig_till is None:
            tillfalle, datum = f"utan-datum-{person.senaste_pk}", on
            text = f"{person.leverantor.namn}: {person.namn} – senaste kontrollen saknar datum"
        elif person.status == Fornyelsestatus.FORFALLEN:
            tillfalle = datum = person.senaste_giltig_till
            text = (
                f"{person.leverantor.namn}: {person.namn} – ny kontroll skulle göras "
                f"{datum:%Y-%m-%d}"
            )
        else:
            continue
        due.append(
            DueReminder(
                typ=PaminnelseTyp.REGISTERKONTROLL,
                objekt_id=person.pk,
                tillfalle=str(tillfalle),
                datum=datum,
                text=text,
                url=reverse("arenden:registerkontroll_create", args=[person.pk]),
                ansvariga=strateger.get(person.leverantor_id, frozenset()),
            )
        )
    return due


def brister_due(on):
    """Open findings whose deadline (atgard_senast) has passed."""
    rows = list(
        Brist.objects.past_deadline(on)
        .select_related("leverantor", "uppfoljning__ansvarig")
        .order_by("atgard_senast", "pk")
    )
    strateger = strategists_by_supplier(b.leverantor_id for b in rows)
    due = []
    for brist in rows:
        ansvarig = brist.uppfoljning.ansvarig if brist.uppfoljning_id else None
        ansvariga = _active(ansvarig) or strateger.get(brist.leverantor_id, frozenset())
        due.append(
            DueReminder(
                typ=PaminnelseTyp.BRIST,
                objekt_id=brist.pk,
                tillfalle=brist.atgard_senast.isoformat(),
                datum=brist.atgard_senast + datetime.timedelta(days=1),
                text=(
                    f"{brist.leverantor.namn}: {_short(brist.beskrivning)} – skulle vara "
                    f"åtgärdad senast {brist.atgard_senast:%Y-%m-%d}"
                ),
                url=brist.get_absolute_url(),
                ansvariga=ansvariga,
            )
        )
    return due


def omprovningar_due(on):
    """Decisions whose re-assessment date has come while the pause is still in
    force: the contract is still paused and no later decision moved its status
    (a vite or a decision for one unit leaves the pause, and its re-assessment, standing)."""
    later = Beslut.objects.filter(statusandrande_q(), avtal=OuterRef("avtal")).filter(
        Q(datum__gt=OuterRef("datum")) | Q(datum=OuterRef("datum"), pk__gt=OuterRef("pk"))
    )
    rows = (
        Beslut.objects.filter(
            omprovning_datum__lte=on, avtal__status=AvtalStatus.PAUSAD, ny_status=AvtalStatus.PAUSAD
        )
        .exclude(Exists(later))
        .select_related("avtal__leverantor", "avtal__ramavtal__ansvarig_strateg")
        .order_by("omprovning_datum", "pk")
    )
    due = []
    for beslut in rows:
        avtal = beslut.avtal
        strateg = avtal.ramavtal.ansvarig_strateg
        due.append(
            DueReminder(
                typ=PaminnelseTyp.OMPROVNING,
                objekt_id=beslut.pk,
                tillfalle=beslut.omprovning_datum.isoformat(),
                datum=beslut.omprovning_datum,
                text=(
                    f"{avtal.leverantor.namn} ({avtal.ramavtal.namn}): avropspausen från "
                    f"{beslut.datum:%Y-%m-%d} skulle omprövas senast "
                    f"{beslut.omprovning_datum:%Y-%m-%d}"
                ),
                url=avtal.get_absolute_url(),
                ansvariga=_active(strateg),
            )
        )
    return due


def ramavtal_milestone(slut, on):
    """The furthest milestone (months before slut) reached on a date, or None.

    Only the furthest: an agreement first seen with five months left gets
    the 6-month reminder, not a stale 12-month one as well.
    """
    if on > slut:
        return None
    reached = [m for m in RAMAVTAL_MILESTONES if on >= slut - relativedelta(months=m)]
    return min(reached) if reached else None


def ramavtal_due(on):
    """Framework agreements whose period including options ends within 12 or 6
    months; the milestone key carries the end date, so a prolonged agreement
    is reminded of again. A choice system running until further notice (no end)
    is never due; one given a closing date is reminded of it."""
    horizon = on + relativedelta(months=max(RAMAVTAL_MILESTONES), days=1)
    rows = (
        Ramavtal.objects.filter(slutdatum_inkl_option__gte=on, slutdatum_inkl_option__lte=horizon)
        .select_related("ansvarig_strateg")
        .order_by("slutdatum_inkl_option", "pk")
    )
    due = []
    for ramavtal in rows:
        slut = ramavtal.slutdatum_inkl_option
        months = ramavtal_milestone(slut, on)
        if months is None:
            continue
        if ramavtal.ar_valfrihetssystem:
            text = (
                f"Valfrihetssystemet {ramavtal.namn} ({ramavtal.diarienummer}) "
                f"stängs {slut:%Y-%m-%d}"
            )
        else:
            text = f"{ramavtal.namn} ({ramavtal.diarienummer}) löper ut {slut:%Y-%m-%d}"
            if ramavtal.slutdatum and ramavtal.slutdatum != slut:
                text += f" inklusive option; utan option {ramavtal.slutdatum:%Y-%m-%d}"
        text += f" – mindre än {months} månader kvar"
        strateg = ramavtal.ansvarig_strateg
        due.append(
            DueReminder(
                typ=PaminnelseTyp.RAMAVTAL_SLUTAR,
                objekt_id=ramavtal.pk,
                tillfalle=f"{months}-man-{slut.isoformat()}",
                datum=slut - relativedelta(months=months),
                text=text,
                url=ramavtal.get_absolute_url(),
                ansvariga=_active(strateg),
            )
        )
    return due


def sarskild_threshold(year):
    """From this date in the year a special follow-up should have started."""
    month, day = settings.PAMINNELSE_SARSKILD_FRAN
    return datetime.date(year, month, day)


def not_started():
    """Q for a follow-up with no trace of work: no supplier in the sample past
    planerad, no visit, requested document, observation or finding."""
    own = {"uppfoljning": OuterRef("pk")}
    return (
        ~Exists(UppfoljningLeverantor.objects.filter(**own).exclude(status=PlaneradStatus.PLANERAD))
        & ~Exists(Platsbesok.objects.filter(**own))
        & ~Exists(Dokumentbegaran.objects.filter(**own))
        & ~Exists(Observation.objects.filter(**own))
        & ~Exists(Brist.objects.filter(**own))
    )


def sarskilda_due(on):
    """This year's open special follow-ups not started by the configured date."""
    threshold = sarskild_threshold(on.year)
    if on < threshold:
        return []
    rows = (
        Uppfoljning.objects.filter(
            not_started(),
            typ=UppfoljningTyp.SARSKILD,
            ar=on.year,
            status=UppfoljningStatus.OPPEN,
        )
        .select_related("ramavtal__ansvarig_strateg", "ansvarig")
        .order_by("ramavtal__namn", "pk")
    )
    due = []
    for uppfoljning in rows:
        ansvarig = uppfoljning.ansvarig
        if not ansvarig.is_active and uppfoljning.ramavtal_id:
            ansvarig = uppfoljning.ramavtal.ansvarig_strateg
        due.append(
            DueReminder(
                typ=PaminnelseTyp.SARSKILD_EJ_PABORJAD,
                objekt_id=uppfoljning.pk,
                tillfalle=threshold.isoformat(),
                datum=threshold,
                text=f"{uppfoljning.rubrik} ({on.year}) har inte påbörjats",
                url=uppfoljning.get_absolute_url(),
                ansvariga=_active(ansvarig),
            )
        )
    return due


RULES = (registerkontroller_due, brister_due, omprovningar_due, ramavtal_due, sarskilda_due)


def due_reminders(on):
    """Everything due on a date, in the order of the kinds."""
    return [reminder for rule in RULES for reminder in rule(on)]


def for_user(reminders, user):
    """The reminders a strategist sees: their own and the unassigned ones."""
    return [r for r in reminders if r.unassigned or user.pk in r.ansvariga]


@dataclass(frozen=True)
class ReminderGroup:
    """The reminders of one kind, the first `limit` of them to show."""

    typ: str
    items: list
    limit: int | None = None

    @property
    def label(self):
        return GROUP_LABELS[self.typ]

    @property
    def shown(self):
        return self.items if self.limit is None else self.items[: self.limit]

    @property
    def more(self):
        return len(self.items) - len(self.shown)

    @property
    def list_url(self):
        """The full list of this kind, where one exists."""
        if self.typ not in GROUP_LIST_URLS:
            return None
        name, query = GROUP_LIST_URLS[self.typ]
        return reverse(name) + query


def grouped(reminders, *, limit=None):
    """ReminderGroups in the order of the kinds, for pages and e-mail.

    A kind without a full list elsewhere is never cut short.
    """
    order = {typ: index for index, typ in enumerate(PaminnelseTyp.values)}
    ordered = sorted(reminders, key=lambda r: order[r.typ])
    return [
        ReminderGroup(typ, list(items), limit if typ in GROUP_LIST_URLS else None)
        for typ, items in groupby(ordered, lambda r: r.typ)
    ]


def _short(text, length=60):
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
