"""List the reminders due on a date, or send the digests now (what the daily task does)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from arenden.paminnelser import due_reminders, grouped
from arenden.reminder_mail import paminnelser_skicka


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ogiltigt datum {value!r}: skriv ÅÅÅÅ-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Visar påminnelser som är aktuella, eller skickar dem (--skicka) som den dagliga körningen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="Dagen att räkna från (ÅÅÅÅ-MM-DD); i dag om tomt.")
        parser.add_argument(
            "--skicka",
            action="store_true",
            help="Skicka mejlen nu. Redan skickade påminnelser skickas inte igen.",
        )

    def handle(self, *args, datum=None, skicka=False, **options):
        on = _date(datum) if datum else timezone.localdate()
        if skicka:
            result = paminnelser_skicka(on=on)
            for username, count in result.sent.items():
                self.stdout.write(f"Skickade {count} påminnelser till {username}.")
            for username in result.failed:
                self.stderr.write(
                    f"Kunde inte skicka till {username}; försöker igen nästa körning."
                )
            if not result.sent and not result.failed:
                self.stdout.write("Inga nya påminnelser att skicka.")
            return
        reminders = due_reminders(on)
        for group in grouped(reminders):
            self.stdout.write(f"{group.label} ({len(group.items)})")
            for reminder in group.items:
                owner = " [ingen ansvarig]" if reminder.unassigned else ""
                self.stdout.write(f"  - {reminder.text}{owner}")
        if not reminders:
            self.stdout.write(f"Inga påminnelser {on:%Y-%m-%d}.")
