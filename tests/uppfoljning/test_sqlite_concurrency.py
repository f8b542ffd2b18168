"""The embedded SQLite survives two processes writing at once.

`make run` has the web server and the Celery worker write to the same file;
without WAL, a busy timeout and immediate transactions one of them gets
"database is locked".
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import django, sys
django.setup()
from django.db import connection, transaction
from django.utils import timezone
from uppfoljning.models import Heartbeat
name = sys.argv[1]
for i in range(150):
    with transaction.atomic():
        beat, _ = Heartbeat.objects.get_or_create(name=name, defaults={"last_seen": timezone.now()})
        Heartbeat.objects.filter(pk=beat.pk).update(runs=beat.runs + 1, last_seen=timezone.now())
        Heartbeat.objects.get_or_create(name="shared", defaults={"last_seen": timezone.now()})
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode")
    print(c.fetchone()[0])
"""


def test_two_processes_write_at_once_without_locking_errors(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "uppfoljning.settings"})
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("web", "worker")
    ]
    results = [writer.communicate(timeout=300) for writer in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out.strip() == "wal"
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from uppfoljning.models import Heartbeat as H;"
            "print(sorted(H.objects.values_list('name', 'runs')))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert check.stdout.strip() == "[('shared', 0), ('web', 150), ('worker', 150)]"
