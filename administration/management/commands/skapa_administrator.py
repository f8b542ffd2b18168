"""Create an Administratör on a fresh installation (never superuser or staff).

Interactive: asks for username, name, e-mail and the password twice.
For scripts: --username --email --name and --password-from-env VAR.
"""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from administration.anvandare import skapa_administrator
from uppfoljning.validators import no_personal_identity

User = get_user_model()


class Command(BaseCommand):
    help = "Skapar en aktiv användare med rollen Administratör (inte superuser eller staff)."

    def add_arguments(self, parser):
        parser.add_argument("--username", help="Användarnamn")
        parser.add_argument("--email", help="E-postadress")
        parser.add_argument("--name", help='Namn, t.ex. "Ada Andersson" (förnamn och efternamn)')
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Läs lösenordet från miljövariabeln VAR (icke-interaktivt läge).",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Fråga aldrig; saknade uppgifter ger fel.",
        )

    def handle(self, *args, **options):
        interactive = options["interactive"] and not options["password_from_env"]
        username = self._value(options, "username", "Användarnamn: ", interactive)
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(
                f"Användarnamnet {username!r} finns redan (username already exists); "
                "ingen användare skapades."
            )
        name = self._value(options, "name", "Namn (förnamn efternamn): ", interactive)
        email = self._value(options, "email", "E-post: ", interactive)
        for label, value, check in (
            ("Användarnamnet", username, User.username_validator),
            ("Namnet", name, no_personal_identity),
            ("E-postadressen", email, validate_email),
        ):
            try:
                check(value)
            except ValidationError as error:
                raise CommandError(f"{label} godtas inte: {' '.join(error.messages)}") from None
        first_name, _, last_name = name.strip().partition(" ")
        candidate = User(username=username, email=email, first_name=first_name, last_name=last_name)
        password = self._password(options, candidate, interactive)
        try:
            user = skapa_administrator(
                username=username,
                first_name=first_name,
                last_name=last_name.strip(),
                email=email,
                password=password,
                kalla="Skapad med manage.py skapa_administrator",
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Administratören {user.username} är skapad och kan logga in.")
        )

    def _value(self, options, key, prompt, interactive):
        value = (options.get(key) or "").strip()
        while not value and interactive:
            value = input(prompt).strip()
        if not value:
            raise CommandError(f"--{key} saknas (required in non-interactive mode).")
        return value

    def _password(self, options, candidate, interactive):
        var = options["password_from_env"]
        if var:
            password = os.environ.get(var, "")
            if not password:
                raise CommandError(f"Miljövariabeln {var} är tom eller saknas.")
            self._validate(password, candidate)
            return password
        if not interactive:
            raise CommandError("Ange --password-from-env VAR i icke-interaktivt läge.")
        while True:
            password = getpass.getpass("Lösenord: ")
            if password != getpass.getpass("Lösenord igen: "):
                self.stderr.write("Lösenorden är inte lika. Försök igen.")
                continue
            try:
                self._validate(password, candidate)
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            return password

    def _validate(self, password, candidate):
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError("Lösenordet godtas inte: " + " ".join(error.messages)) from None
