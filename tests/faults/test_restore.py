"""Backup and restore as docs/backup.md describes it, on the real PostgreSQL.

Data with frozen report versions is dumped with `pg_dump -Fc`, the media
files copied, both restored into an empty database (uppf_faults_restore)
and a fresh media folder, and `manage.py verifiera_sakerhetskopia` run
against the restored copy in a process of its own: the same records are
there and every frozen PDF matches its checksum; a damaged or missing file
is reported in Swedish with a non-zero exit code.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from psycopg import sql

from rapporter.models import Rapportversion
from rapporter.services import rapport_faststall
from tests.faults.conftest import admin_connection
from tests.rapporter.fixtures import build_year

ROOT = Path(__file__).resolve().parents[2]
RESTORE_DB = "uppf_faults_restore"


def _pg_env(params):
    env = dict(os.environ)
    env.update(PGHOST=params["HOST"] or "127.0.0.1", PGPORT=str(params["PORT"] or 5432))
    env.update(PGUSER=params["USER"])
    if params["PASSWORD"]:
        env["PGPASSWORD"] = params["PASSWORD"]
    return env


def _url(params, dbname):
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    return f"postgres://{params['USER']}{password}@{host}:{port}/{dbname}"


def _verify(params, media_root, tmp_path):
    """Run the verification command as an operator would, on the restored copy."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(
        DATABASE_URL=_url(params, RESTORE_DB),
        MEDIA_ROOT=str(media_root),
        VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="uppfoljning.settings",
    )
    return subprocess.run(
        [sys.executable, "manage.py", "verifiera_sakerhetskopia"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def restore_db(pg):
    with admin_connection(pg) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}"')
        admin.execute(f'CREATE DATABASE "{RESTORE_DB}"')
    yield RESTORE_DB
    with admin_connection(pg) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')


def test_a_dump_and_the_media_restore_into_an_empty_database_with_every_pdf_intact(
    pg, restore_db, alice, charlotte, tmp_path
):
    year = build_year(alice)
    first = rapport_faststall(dokument=year["rapport"], user=charlotte)
    second = rapport_faststall(dokument=year["rapport"], user=charlotte)
    tables = sorted({m._meta.db_table: m for m in apps.get_models() if m._meta.managed}.items())
    counts = {table: model._default_manager.count() for table, model in tables}
    params = pg.settings_dict
    env = _pg_env(params)

    # The backup: the database in custom format, the media folder as files.
    dump = tmp_path / "uppfoljning.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), params["NAME"]], env=env, check=True)
    backup_media = tmp_path / "backup-media"
    shutil.copytree(settings.MEDIA_ROOT, backup_media)

    # The restore: into an empty database, the media copied back to a new folder.
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", restore_db, str(dump)],
        env=env,
        check=True,
    )
    media = tmp_path / "restored-media"
    shutil.copytree(backup_media, media)

    with psycopg.connect(_url(params, restore_db)) as restored:
        restored_counts = {
            table: restored.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in counts
        }
        versions = restored.execute(
            "SELECT version, sha256, storlek, pdf FROM rapporter_rapportversion ORDER BY version"
        ).fetchall()
        agreements = restored.execute("SELECT diarienummer FROM ramavtal_ramavtal ORDER BY 1")
        diarienummer = [row[0] for row in agreements.fetchall()]
    assert restored_counts == counts
    assert counts["rapporter_rapportversion"] == 2
    assert counts["ramavtal_ramavtal"] >= 2 and counts["leverantorer_leverantor"] >= 2
    assert versions == [
        (1, first.sha256, first.storlek, first.pdf.name),
        (2, second.sha256, second.storlek, second.pdf.name),
    ]
    assert "SCN-2019-0437" in diarienummer
    restored_pdf = (media / first.pdf.name).read_bytes()
    assert restored_pdf.startswith(b"%PDF") and hashlib.sha256(restored_pdf).hexdigest() == (
        first.sha256
    )

    ok = _verify(params, media, tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == (
        "OK: 2 fastställda versioner kontrollerade; alla filer finns och stämmer med "
        "kontrollsumman i databasen."
    )

    # A damaged copy of the first version and a lost second one are both named.
    damaged = media / first.pdf.name
    damaged.write_bytes(restored_pdf[:-10] + b"0123456789")
    (media / second.pdf.name).unlink()
    bad = _verify(params, media, tmp_path)
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert lines[0].startswith(
        f"FEL: Uppföljning av privata utförare 2024, version 1 ({first.pdf.name}): "
        f"kontrollsumman stämmer inte (databasen: {first.sha256[:16]}…"
    )
    assert lines[1] == (
        f"FEL: Uppföljning av privata utförare 2024, version 2 ({second.pdf.name}): filen saknas"
    )
    assert lines[2] == (
        "CommandError: 2 av 2 fastställda versioner saknas eller är ändrade. Läs tillbaka "
        "mediefilerna från säkerhetskopian igen (docs/backup.md)."
    )
    assert Rapportversion.objects.count() == 2  # the original is untouched
