from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from leverantorer.imports import KINDS, ImportRejected, apply_import, parse_import


class Command(BaseCommand):
    help = (
        "Import a supplier list (leverantorer) or a placement extract (placeringar) from "
        "CSV or XLSX. All or nothing: if any row fails, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", required=True, help="Username recorded in the history as the importer."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args, kind, file, user, dry_run, **options):
        acting_user = self.get_user(user)
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan inte läsa {file}: {error.strerror}.") from None

        preview = parse_import(kind, data, file.name)
        if not preview.ok:
            for message in preview.all_errors:
                self.stderr.write(message)
            raise CommandError(
                f"{len(preview.all_errors)} fel i {file.name}. Ingenting har importerats."
            )
        counts = preview.counts
        summary = (
            f"{counts['ny']} nya, {counts['ändras']} ändrade, "
            f"{counts['oförändrad']} oförändrade rader"
        )
        if dry_run:
            self.stdout.write(f"Provkörning av {file.name}: {summary}. Ingenting har sparats.")
            return
        try:
            result = apply_import(preview, user=acting_user)
        except ImportRejected as rejected:
            for message in rejected.errors:
                self.stderr.write(message)
            raise CommandError(
                "Registret ändrades under importen. Ingenting har importerats."
            ) from None
        self.stdout.write(
            f"Importerade {file.name}: {result.created} nya, {result.updated} ändrade, "
            f"{result.unchanged} oförändrade rader."
        )

    def get_user(self, username):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username}, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"Ingen aktiv användare heter ”{username}”.") from None
        if not user.has_perm("ramavtal.import_register"):
            raise CommandError(f"Användaren ”{username}” får inte importera register.")
        return user
