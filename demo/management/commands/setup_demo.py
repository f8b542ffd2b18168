from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.register import SCALES, load_demo_data
from uppfoljning import roles
from uppfoljning.history import real_users

# Every demo user's address ends so (never deliverable: .invalid); it is how a
# database holding the demo is told from a municipality's real one.
DEMO_EMAIL_DOMAIN = "@demo.invalid"

# Demo user name -> (role, full name). Named after the role so a tester
# knows at once whom they are logged in as.
DEMO_USERS = {
    "strateg": (roles.STRATEG, "Stina Strateg"),
    "samordnare": (roles.PLACERINGSSAMORDNARE, "Sam Samordnare"),
    "chef": (roles.CHEF, "Charlotte Chef"),
    "socialsekreterare": (roles.SOCIALSEKRETERARE, "Sixten Socialsekreterare"),
    "admin": (roles.ADMINISTRATOR, "Ada Administratör"),
}


def create_demo_users(password):
    """Create or refresh the demo users; returns how many were new."""
    User = get_user_model()
    created = 0
    for username, (role, full_name) in DEMO_USERS.items():
        first, last = full_name.split(" ", 1)
        # An address (never deliverable: .invalid) so the reminder digests
        # show up on the console e-mail backend of the embedded default.
        defaults = {
            "first_name": first,
            "last_name": last,
            "email": f"{username}{DEMO_EMAIL_DOMAIN}",
        }
        user, was_created = User.objects.get_or_create(username=username, defaults=defaults)
        if was_created:
            user.set_password(password)
            created += 1
        # Each holds exactly its role's permissions: nobody is superuser (who
        # passes every check), none has permissions of its own. The
        # Administratör is staff, to show the read-mostly Django admin.
        user.is_staff = role == roles.ADMINISTRATOR
        user.is_superuser = False
        user.save()
        user.user_permissions.clear()
        user.groups.set([Group.objects.get(name=role)])
    return created


class Command(BaseCommand):
    help = (
        "Create one demo user per role and load the fictional demo register "
        "(demo mode only). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small: the seven ramavtal of the 2024 plan, ~150 suppliers; "
            "large: 40 ramavtal, 2,000 suppliers, 200,000 placements (benchmarks).",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo users exist only in demo mode (DEMO_MODE=true).")
        # Demo users carry known passwords (admin is an Administratör): never
        # mix them, or invented suppliers, into a municipality's real data.
        # The system user that tasks act as is no person (uppfoljning.history.real_users).
        people = real_users().exclude(email__endswith=DEMO_EMAIL_DOMAIN)
        if people.exists():
            raise CommandError(
                "This database has real users: demo data is loaded only into an empty one "
                "or one that holds the demo already (use another VAR_DIR for the demo)."
            )
        with transaction.atomic():
            created = create_demo_users(settings.DEMO_PASSWORD)
        self.stdout.write(f"Demo users ready ({created} new). Password: {settings.DEMO_PASSWORD}")
        for username, (role, _name) in DEMO_USERS.items():
            self.stdout.write(f"  {username:<18} {role}")
        strateg = get_user_model().objects.get(username="strateg")
        load_demo_data(scale=options["scale"], user=strateg, stdout=self.stdout)
