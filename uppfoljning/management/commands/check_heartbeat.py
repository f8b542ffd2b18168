from django.core.management.base import BaseCommand, CommandError

from uppfoljning.health import heartbeat_status


class Command(BaseCommand):
    help = (
        "Exit 0 when beat's heartbeat task ran through a worker within three "
        "intervals, else 1: the health check of the beat container."
    )

    def handle(self, *args, **options):
        status = heartbeat_status()
        if not status["ok"]:
            age = status["age_seconds"]
            raise CommandError("No heartbeat yet." if age is None else f"Heartbeat is {age} s old.")
        self.stdout.write(f"Heartbeat {status['age_seconds']} s old, {status['runs']} runs.")
