from axes.utils import reset
from django.core.management.base import BaseCommand

from uppfoljning.throttling import account_reference


class Command(BaseCommand):
    help = (
        "Lift the login lockout of a username at once (all addresses), instead of "
        "waiting for the cool-off. --referens only prints the account reference "
        "the lockout log lines use for that username."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--referens", action="store_true", help="Print the log reference, unlock nothing."
        )

    def handle(self, *args, username, referens, **options):
        if referens:
            self.stdout.write(account_reference(username))
            return
        count = reset(username=username)
        if count:
            self.stdout.write(f"Spärren är hävd: {count} registrerade försök borttagna.")
        else:
            self.stdout.write("Det fanns inga registrerade misslyckade försök för användarnamnet.")
