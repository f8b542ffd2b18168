"""Migrate a database made by an older commit and prove nothing was lost.

    .venv/bin/python tests/check_migrations_on_copy.py [--rev REV] [--postgres]

Builds the application as it was at REV (default: the commit before the layout
change of issue 12) in a temporary git worktree, migrates a fresh database there
and loads the demo data (register, follow-up history, checks, documents, with
their history rows), then migrates that same database with this checkout's code.
Before and after, every table is read with plain SQL: row count and a digest of
all rows. It fails (exit 1) when

- a table disappeared, or any table other than the migration bookkeeping changed
  a single row, apart from the content types of models that moved between apps;
- a moved model's content type, its permissions or a group's grant of them changed
  id (role grants are group permissions, so they must point at the same rows);
- a group lost or gained a grant other than those listed in INTENDED_LOST and INTENDED_NEW.

SQLite by default; `--postgres` uses the database `uppf_migration_copy` on
127.0.0.1:5432 (dropped and created). Not part of the suite: it loads the demo data
twice over, about a minute; `make migration-copy` runs both.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
DEFAULT_REV = "323b8d6"
PG_NAME = "uppf_migration_copy"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"

# Tables the migrations themselves write to.
BOOKKEEPING = {"django_migrations"}
# New models bring new permissions and new role grants: these two tables are compared
# row by row above, by permission id and by (group, permission) grant.
PERMISSION_TABLES = {"auth_permission", "auth_group_permissions"}

# Grants changed on purpose since the issue-12 commit (uppfoljning/roles.py): issue 14
# took user management from Django's auth permissions to the application's own and
# gave the Administratör the access log. Any other change is a problem.
INTENDED_LOST = {
    ("Administratör", "user.add_user"),
    ("Administratör", "user.change_user"),
    ("Administratör", "user.view_user"),
    ("Administratör", "group.view_group"),
}
INTENDED_NEW = {
    ("Administratör", "anvandarhandelse.visa_anvandare"),
    ("Administratör", "anvandarhandelse.hantera_anvandare"),
    ("Administratör", "atkomsthandelse.view_atkomsthandelse"),
}


SNAPSHOT = r"""
import hashlib, json, sys
from django.db import connection


def digest(rows):
    h = hashlib.sha256()
    for row in sorted(repr(tuple(str(v) for v in r)) for r in rows):
        h.update(row.encode())
    return h.hexdigest()

tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = cursor.fetchall()
        tables[table] = {"count": len(rows), "digest": digest(rows)}
    cursor.execute("SELECT id, app_label, model FROM django_content_type")
    content_types = {f"{a}.{m}": i for i, a, m in cursor.fetchall()}
    cursor.execute(
        "SELECT p.id, ct.model, p.codename FROM auth_permission p"
        " JOIN django_content_type ct ON ct.id = p.content_type_id"
    )
    permissions = {f"{m}.{c}": i for i, m, c in cursor.fetchall()}
    cursor.execute(
        "SELECT g.name, p.id FROM auth_group_permissions gp"
        " JOIN auth_group g ON g.id = gp.group_id JOIN auth_permission p ON p.id = gp.permission_id"
    )
    grants = sorted([g, p] for g, p in cursor.fetchall())
json.dump(
    {"tables": tables, "content_types": content_types, "permissions": permissions,
     "grants": grants},
    sys.stdout,
)
"""


def run(cmd, *, cwd, env, capture=False):
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(map(str, cmd))} (in {cwd})")
    return result.stdout if capture else None


def snapshot(cwd, env):
    out = run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", SNAPSHOT], cwd=cwd, env=env, capture=True
    )
    return json.loads(out[out.index("{") :])


def compare(before, after):
    """Return a list of problems; empty when the migration kept everything."""
    problems = []
    moved = {}  # model name -> (old app, new app)
    for key, ct_id in before["content_types"].items():
        if key not in after["content_types"]:
            model = key.split(".", 1)[1]
            new = [k for k, i in after["content_types"].items() if i == ct_id]
            if len(new) != 1 or new[0].split(".", 1)[1] != model:
                problems.append(f"content type {key} (id {ct_id}) is gone")
            else:
                moved[model] = (key.split(".")[0], new[0].split(".")[0])
        elif after["content_types"][key] != ct_id:
            problems.append(f"content type {key} changed id")
    for key, perm_id in before["permissions"].items():
        if after["permissions"].get(key) != perm_id:
            problems.append(f"permission {key} (id {perm_id}) changed or is gone")
    names = {i: key for key, i in after["permissions"].items()}
    lost = {(g, names.get(p, p)) for g, p in before["grants"]} - {
        (g, names.get(p, p)) for g, p in after["grants"]
    }
    new = {(g, names.get(p, p)) for g, p in after["grants"]} - {
        (g, names.get(p, p)) for g, p in before["grants"]
    }
    if lost != INTENDED_LOST or new != INTENDED_NEW:
        problems.append(
            f"group grants changed: lost {sorted(lost - INTENDED_LOST)}, "
            f"new {sorted(new - INTENDED_NEW)}, intended but not made "
            f"{sorted((INTENDED_LOST - lost) | (INTENDED_NEW - new))}"
        )
    for table, old in before["tables"].items():
        new = after["tables"].get(table)
        if new is None:
            problems.append(f"table {table} is gone ({old['count']} rows)")
        elif table in BOOKKEEPING or table in PERMISSION_TABLES:
            continue
        elif table == "django_content_type":
            if new["count"] < old["count"]:
                problems.append("content types were deleted")
        elif new["count"] != old["count"]:
            problems.append(f"table {table}: {old['count']} rows before, {new['count']} after")
        elif new["digest"] != old["digest"]:
            problems.append(f"table {table}: same row count, different rows")
    return problems, moved


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", default=DEFAULT_REV)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="migration-copy-"))
    old_tree = work / "old"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "uppfoljning.settings",
        "VAR_DIR": str(work / "var"),
        "DEMO_MODE": "true",
        "PYTHONPATH": "",
    }
    env.pop("APP_ENV", None)
    if args.postgres:
        env["DATABASE_URL"] = PG_URL
        for sql in (f"DROP DATABASE IF EXISTS {PG_NAME}", f"CREATE DATABASE {PG_NAME}"):
            run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], cwd=ROOT, env=env)
    else:
        env.pop("DATABASE_URL", None)
    run(["git", "worktree", "add", "--detach", "-q", str(old_tree), args.rev], cwd=ROOT, env=env)
    # The development install is editable: a module the old tree lacks would
    # silently load from this checkout. Drop that finder for the old tree's runs.
    (work / "site").mkdir()
    (work / "site" / "sitecustomize.py").write_text(
        "import sys\n"
        "sys.meta_path[:] = [f for f in sys.meta_path\n"
        "                    if getattr(f, '__name__', '') != '_EditableFinder']\n"
    )
    old_env = {**env, "PYTHONPATH": str(work / "site")}
    try:
        engine = "PostgreSQL" if args.postgres else "SQLite"
        print(f"building the database with {args.rev} ({engine})")
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=old_tree, env=old_env)
        run([PYTHON, "manage.py", "setup_demo"], cwd=old_tree, env=old_env)
        before = snapshot(old_tree, old_env)
        print("migrating it with this checkout")
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env)
        after = snapshot(ROOT, env)
    finally:
        run(["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT, env=env)
        shutil.rmtree(work, ignore_errors=True)

    problems, moved = compare(before, after)
    rows = sum(t["count"] for t in before["tables"].values())
    history = sum(t["count"] for name, t in before["tables"].items() if "_historical" in name)
    print(
        f"{len(before['tables'])} tables, {rows} rows ({history} history rows), "
        f"{len(before['permissions'])} permissions, {len(before['grants'])} group grants"
    )
    for model, (old, new) in sorted(moved.items()):
        print(f"  moved {old}.{model} -> {new}.{model} (same content type id)")
    new_tables = sorted(set(after["tables"]) - set(before["tables"]))
    if new_tables:
        print(f"  new tables: {', '.join(new_tables)}")
    if problems:
        print("PROBLEMS:")
        for problem in problems:
            print(f"  {problem}")
        raise SystemExit(1)
    print("every table, history row, permission and group grant is intact")


if __name__ == "__main__":
    main()
