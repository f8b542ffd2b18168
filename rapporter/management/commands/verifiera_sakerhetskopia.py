"""Check a restored backup: every frozen PDF is there, byte for byte (docs/backup.md).

The database keeps each frozen version's SHA-256 and size; the media files
are backed up apart from it. After a restore the two must agree: a version
whose file is missing, or whose bytes differ, is reported by name and the
command exits non-zero, so a script (or a person) cannot miss it.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from rapporter.models import Rapportversion

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Problem:
    version: Rapportversion
    text: str

    def __str__(self):
        return f"{self.version} ({self.version.pdf.name}): {self.text}"


def _digest(name):
    sha = hashlib.sha256()
    size = 0
    with default_storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def frozen_version_problems(versions=None):
    """Every frozen version whose stored file is missing or differs from its checksum."""
    versions = (
        Rapportversion.objects.order_by("dokumenttyp", "ar", "version")
        if versions is None
        else versions
    )
    problems = []
    for version in versions:
        name = version.pdf.name
        if not name or not default_storage.exists(name):
            problems.append(Problem(version, "filen saknas"))
            continue
        sha, size = _digest(name)
        if sha != version.sha256:
            problems.append(
                Problem(
                    version,
                    f"kontrollsumman stämmer inte (databasen: {version.sha256[:16]}…, "
                    f"filen: {sha[:16]}…, {size} byte mot {version.storlek})",
                )
            )
    return problems


class Command(BaseCommand):
    help = (
        "Kontrollerar efter återläsning av en säkerhetskopia att varje fastställd PDF finns "
        "och stämmer med kontrollsumman (SHA-256) i databasen."
    )

    def handle(self, *args, **options):
        versions = list(Rapportversion.objects.order_by("dokumenttyp", "ar", "version"))
        if not versions:
            self.stdout.write(
                "Inga fastställda versioner finns i databasen; inget att kontrollera."
            )
            return
        problems = frozen_version_problems(versions)
        for problem in problems:
            self.stderr.write(f"FEL: {problem}")
        if problems:
            raise CommandError(
                f"{len(problems)} av {len(versions)} fastställda versioner saknas eller är "
                "ändrade. Läs tillbaka mediefilerna från säkerhetskopian igen (docs/backup.md)."
            )
        self.stdout.write(
            f"OK: {len(versions)} fastställda versioner kontrollerade; alla filer finns och "
            "stämmer med kontrollsumman i databasen."
        )
