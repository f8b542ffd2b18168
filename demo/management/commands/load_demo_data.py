import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.management.commands.setup_demo import create_demo_users
from demo.register import SCALES, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the fictional demo register (demo mode only); --scale large gives 40 ramavtal, "
        "2,000 suppliers and 200,000 placements for benchmarks. Does nothing if loaded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo data is loaded only in demo mode (DEMO_MODE=true).")
        # History needs an acting user: the demo strategist, created if missing.
        with transaction.atomic():
            create_demo_users(settings.DEMO_PASSWORD)
        user = get_user_model().objects.get(username="strateg")
        started = time.monotonic()
        summary = load_demo_data(scale=options["scale"], user=user, stdout=self.stdout)
        if summary is not None:
            self.stdout.write(f"Klart på {time.monotonic() - started:.1f} s.")
