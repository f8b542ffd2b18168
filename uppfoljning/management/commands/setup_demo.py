from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from uppfoljning import roles

# Demo user name -> (role, full name). Named after the role so a tester
# knows at once whom they are logged in as.
DEMO_USERS = {
    "strateg": (roles.STRATEG, "Stina Strateg"),
    "samordnare": (roles.PLACERINGSSAMORDNARE, "Sam Samordnare"),
    "chef": (roles.CHEF, "Charlotte Chef"),
    "socialsekreterare": (roles.SOCIALSEKRETERARE, "Sixten Socialsekreterare"),
    "admin": (roles.ADMINISTRATOR, "Ada Administratör"),
}


class Command(BaseCommand):
    help = "Create one demo user per role (demo mode only). Safe to run again."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Demo users exist only in demo mode (DEMO_MODE=true).")
        with transaction.atomic():
            created = self.create_users(settings.DEMO_PASSWORD)
        self.stdout.write(f"Demo users ready ({created} new). Password: {settings.DEMO_PASSWORD}")
        for username, (role, _name) in DEMO_USERS.items():
            self.stdout.write(f"  {username:<18} {role}")

    def create_users(self, password):
        User = get_user_model()
        created = 0
        for username, (role, full_name) in DEMO_USERS.items():
            first, last = full_name.split(" ", 1)
            user, was_created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if was_created:
                user.set_password(password)
                created += 1
            is_admin = role == roles.ADMINISTRATOR
            user.is_staff = is_admin
            user.is_superuser = is_admin
            user.save()
            user.groups.add(Group.objects.get(name=role))
        return created
