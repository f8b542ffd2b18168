"""Sending the strategists' reminder digests: each reminder at most once.

paminnelser_skicka() logs every due reminder per recipient in Paminnelse
(the unique constraint makes logging idempotent), claims the unsent ones
with a conditional UPDATE, sends one digest e-mail per strategist and marks
the rows sent only after the mail server accepted the message. A failed
send releases the claim, so the next run (the task's retry or tomorrow's)
sends it; a worker killed between claim and send leaves a claim that
expires after PAMINNELSE_ANSPRAK_MINUTER.
"""

import datetime
import logging
import smtplib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from administration.kommun import aktuell
from arenden.models import Paminnelse
from arenden.paminnelser import due_reminders, grouped
from uppfoljning import roles

logger = logging.getLogger(__name__)

# A first run may find hundreds of representatives without a check: past this
# many of a kind the digest says how many more and links to the full list.
MAIL_REMINDERS_PER_KIND = 30


@dataclass
class SendResult:
    """What one run did: digests sent and recipients whose send failed."""

    sent: dict = field(default_factory=dict)  # username -> number of reminders
    failed: list = field(default_factory=list)  # usernames

    def summary(self):
        return {"skickade": self.sent, "misslyckade": self.failed}


def recipients_for(reminders):
    """{reminder key: [users]}: the responsible users who are active and have
    an address, or every active strategist with an address when unassigned."""
    User = get_user_model()
    assigned = {pk for r in reminders for pk in r.ansvariga}
    users = User.objects.filter(is_active=True).exclude(email="")
    by_id = {u.pk: u for u in users.filter(pk__in=assigned)}
    strateger = list(users.filter(groups__name=roles.STRATEG).order_by("pk").distinct())
    result = {}
    for reminder in reminders:
        if reminder.unassigned:
            result[reminder.key] = strateger
        else:
            result[reminder.key] = [by_id[pk] for pk in sorted(reminder.ansvariga) if pk in by_id]
    return result


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def digest_message(user, reminders):
    """The Swedish plain-text digest for one strategist."""
    context = {
        "user": user,
        "groups": [
            {
                "group": group,
                "items": [(r, absolute(r.url)) for r in group.shown],
                "list_url": absolute(group.list_url) if group.list_url else None,
            }
            for group in grouped(reminders, limit=MAIL_REMINDERS_PER_KIND)
        ],
        "start_url": absolute(reverse("home")),
        "municipality": aktuell().namn,
    }
    body = render_to_string("arenden/paminnelser/epost.txt", context)
    count = len(reminders)
    subject = f"Uppföljning: {count} {'ny påminnelse' if count == 1 else 'nya påminnelser'}"
    return EmailMessage(subject=subject, body=body, to=[user.email])


def _log_due(reminders, recipients):
    rows = [
        Paminnelse(
            typ=r.typ,
            objekt_id=r.objekt_id,
            tillfalle=r.tillfalle,
            forfallodatum=r.datum,
            mottagare=user,
            text=r.text[:500],
            url=r.url,
        )
        for r in reminders
        for user in recipients[r.key]
    ]
    Paminnelse.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


def _claim(wanted, now):
    """Claim unsent rows nobody holds (or whose holder died); returns the token."""
    token = uuid.uuid4()
    stale = now - datetime.timedelta(minutes=settings.PAMINNELSE_ANSPRAK_MINUTER)
    Paminnelse.objects.filter(pk__in=wanted, skickad__isnull=True).filter(
        Q(ansprak__isnull=True) | Q(paborjad__lt=stale)
    ).update(ansprak=token, paborjad=now)
    return token


def paminnelser_skicka(*, on=None, now=None):
    """Send every strategist one digest of the reminders due on `on` not yet sent to them."""
    on = on or timezone.localdate()
    now = now or timezone.now()
    reminders = due_reminders(on)
    by_key = {r.key: r for r in reminders}
    recipients = recipients_for(reminders)
    _log_due(reminders, recipients)

    # Only rows that still hold today, for whoever is responsible today: a
    # finding fixed, or handed to someone else, since a failed send is not
    # mailed to the old recipient.
    current = {(key, user.pk) for key, users in recipients.items() for user in users}
    unsent = Paminnelse.objects.filter(skickad__isnull=True).values_list(
        "pk", "typ", "objekt_id", "tillfalle", "mottagare_id"
    )
    wanted = [pk for pk, *key, user_id in unsent if (tuple(key), user_id) in current]
    token = _claim(wanted, now)
    claimed = Paminnelse.objects.filter(ansprak=token).select_related("mottagare")

    # In the order of the rules (as on the start page), not of the log.
    position = {r.key: index for index, r in enumerate(reminders)}
    per_user = {}
    for row in claimed:
        per_user.setdefault(row.mottagare, []).append(by_key[row.key])
    for items in per_user.values():
        items.sort(key=lambda r: position[r.key])

    result = SendResult()
    for user, items in sorted(per_user.items(), key=lambda pair: pair[0].pk):
        mine = Paminnelse.objects.filter(ansprak=token, mottagare=user)
        try:
            digest_message(user, items).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("Reminder digest to %s failed; it is sent on the next run", user)
            mine.update(ansprak=None, paborjad=None)
            result.failed.append(user.username)
            continue
        except Exception:
            mine.update(ansprak=None, paborjad=None)
            raise
        mine.update(skickad=timezone.now())
        result.sent[user.username] = len(items)
    return result
