"""Benchmark: mutation testing of the rule modules with mutmut (issue 13). Not a CI gate.

For each rule module, mutmut 3 plants one small bug at a time (`>` for `>=`, `and` for
`or`, a changed constant …) and runs the module's focused tests against it; a mutant the
tests do not notice *survived*. Prints per module: mutants, killed, survived, timeout and the
score, then every survivor as file:line and the change. Target: >= 90 % killed per module;
survivors that cannot change behaviour are listed in docs/testing.md with why.

    make mutation                                   # every rule module, one after another
    make mutation MODULE=arenden/avropskontroll.py  # one module
    .venv/bin/python benchmarks/mutation.py --list  # the modules and their focused tests

Each module runs in var/mutation/<module>/: symlinks to the checkout, and the repository's
pyproject.toml with that module's `only_mutate` and focused tests added to `[tool.mutmut]`
(mutmut reads its configuration from the working directory only). mutmut copies the code
to mutants/ there; each mutant runs in a process forked from one that has already imported
everything, and only the tests that executed the mutated function run. One worker: the
machine is shared. Every run starts from scratch unless --resume (keep mutmut's results) or
--retest (keep them and run only the survivors again: after tests were added, a killed mutant
stays killed, so this gives the same figures as a fresh run, in a fraction of the time).
Figures go to benchmarks/results/mutation.json.
"""

import argparse
import ast
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
RESULTS = ROOT / "benchmarks" / "results" / "mutation.json"

# Rule module (or package folder) -> its focused tests. Each module's own test files are
# found by name (tests/<app>/test_<stem>*.py); the extra files listed here test it too.
RULE_MODULES = {
    "arenden/avropskontroll.py": ["tests/arenden/test_avrop_kontroller.py"],
    "leverantorer/beslut.py": ["tests/leverantorer/test_beslutskal.py"],
    "uppfoljning/validators.py": [
        "tests/uppfoljning/test_identity_guard.py",
        "tests/uppfoljning/test_guard_properties.py",
    ],
    "arenden/paminnelser.py": [],
    "arenden/reminder_mail.py": [],
    "rapporter/arsrapport.py": [],
    "arenden/draw.py": [],
    "leverantorer/imports/": ["tests/leverantorer/test_imports*.py"],
    "uppfoljning/tabular.py": [],
    "arenden/kontroller/sweeps.py": [],
}

# mutmut's statuses, grouped into the columns printed here.
KILLED = {"killed", "caught by type check"}
TIMEOUT = {"timeout"}
SURVIVED = {"survived", "no tests"}


def focused_tests(module):
    """The test files for a rule module: tests/<app>/test_<stem>*.py plus the listed extras."""
    path = Path(module)
    if module.endswith("/"):
        patterns = []
    else:
        patterns = [str(Path("tests") / path.parent / f"test_{path.stem}*.py")]
    patterns += RULE_MODULES[module]
    files = sorted({str(p.relative_to(ROOT)) for pat in patterns for p in ROOT.glob(pat)})
    return files


def module_files(module):
    """The Python files a rule module stands for (a package folder: every file in it)."""
    if module.endswith("/"):
        return sorted(str(p.relative_to(ROOT)) for p in (ROOT / module).glob("*.py"))
    return [module]


def resolve(name):
    """MODULE=… names a rule module, a package folder or one file in it."""
    for module in RULE_MODULES:
        if name == module or name.rstrip("/") + "/" == module:
            return module, module_files(module)
        if name in module_files(module):
            return module, [name]
    raise SystemExit(f"{name} is not a rule module; see --list")


def slug(module):
    return module.rstrip("/").replace("/", "__").removesuffix(".py")


def toml_list(values):
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def prepare(module, files, tests, resume):
    """Make var/mutation/<module>/: the checkout by symlink, its own pyproject.toml."""
    work = WORK / slug(module)
    if work.exists() and not resume:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name.startswith(".") or entry.name in {"var", "pyproject.toml", "mutants"}:
            continue
        link = work / entry.name
        if not link.is_symlink():
            link.symlink_to(entry)
    pyproject = (ROOT / "pyproject.toml").read_text()
    header = "[tool.mutmut]\n"
    if header not in pyproject:
        raise SystemExit("pyproject.toml has no [tool.mutmut] table")
    added = (
        f"only_mutate = {toml_list(files)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
    )
    (work / "pyproject.toml").write_text(pyproject.replace(header, header + added, 1))
    return work


def environment(work):
    env = dict(os.environ)
    env["MUTATION_TEST_DB"] = str(work / "test-db.sqlite3")
    env["MUTATION_TEMPLATE_DB"] = str(work / "template-db.sqlite3")
    env.setdefault("VAR_DIR", str(work / "var"))
    # The mutated copy in mutants/ must be the code under test, never the checkout.
    env.pop("PYTHONPATH", None)
    return env


def migrate_template(work, env):
    """One migrated database for the whole run, copied into place for every session."""
    template = Path(env["MUTATION_TEMPLATE_DB"])
    if template.exists():
        return
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--run-syncdb", "-v", "0"],
        cwd=ROOT,
        env=env
        | {"DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": f"sqlite:///{template}"},
        check=True,
    )
    # One self-contained file to copy: fold the write-ahead log in.
    with closing(sqlite3.connect(template)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")


def run_mutmut(work, env, names=()):
    log = work / "mutmut.log"
    with log.open("w") as out:
        # The names are mutmut's own, read back from its results.
        process = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "mutmut", "run", "--max-children", "1", *names],
            cwd=work,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if process.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        raise SystemExit(f"mutmut failed (exit {process.returncode}); {log}:\n" + "\n".join(tail))


def results(work, files):
    """{file: [(mutant name, status)]} from mutmut's records under mutants/."""
    from mutmut.stats import status_by_exit_code

    found = {}
    for file in files:
        meta = work / "mutants" / f"{file}.meta"
        codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
        found[file] = sorted(
            ((name, status_by_exit_code[code]) for name, code in codes.items()),
            key=lambda item: mutant_order(item[0]),
        )
    return found


def mutant_order(name):
    base, _, number = name.rpartition("__mutmut_")
    return base, int(number) if number.isdigit() else 0


def function_lines(source):
    """{(class or "", function): line of its def} for a module's top-level code."""
    lines = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines[("", node.name)] = node.lineno
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines[(node.name, item.name)] = item.lineno
    return lines


def describe(work, file, name):
    """(line, 'old → new') of one mutant, from mutmut's function-level diff."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    previous = Path.cwd()
    os.chdir(work)
    try:
        diff = get_diff_for_mutant(name, path=Path(file))
    finally:
        os.chdir(previous)
    lines = diff.splitlines()[2:]
    removed = [line[1:].strip() for line in lines if line.startswith("-")]
    added = [line[1:].strip() for line in lines if line.startswith("+")]
    source = (ROOT / file).read_text()
    # Mutant names: <module>.x_<function>__mutmut_<n> or <module>.xǁ<Class>ǁ<method>__mutmut_<n>.
    key = name.rpartition(".")[2].removeprefix("x").removeprefix("_").rpartition("__mutmut_")[0]
    klass, _, function = key.strip("ǁ").rpartition("ǁ")
    line = function_lines(source).get((klass, function), 1)
    # The diff is of the function alone: its first line is the def line.
    offset = 0
    for text in lines:
        if text.startswith("@@"):
            offset = int(text.split()[1].lstrip("-").split(",")[0]) - 1
        elif text.startswith("-"):
            break
        elif not text.startswith("+"):
            offset += 1
    line += offset
    change = f"{' '.join(removed)}  →  {' '.join(added)}"
    return line, re.sub(r"\s+", " ", change)


def score(counts):
    scored = counts["mutants"] - counts["other"]
    return 100.0 * (counts["killed"] + counts["timeout"]) / scored if scored else 100.0


def tally(found):
    counts = {"mutants": 0, "killed": 0, "survived": 0, "timeout": 0, "other": 0}
    for _name, status in found:
        counts["mutants"] += 1
        if status in KILLED:
            counts["killed"] += 1
        elif status in TIMEOUT:
            counts["timeout"] += 1
        elif status in SURVIVED:
            counts["survived"] += 1
        else:
            counts["other"] += 1
    counts["score"] = round(score(counts), 1)
    return counts


def report_line(label, counts):
    other = f", {counts['other']} other" if counts["other"] else ""
    return (
        f"{label}: {counts['mutants']} mutants, {counts['killed']} killed, "
        f"{counts['survived']} survived, {counts['timeout']} timeout{other}, "
        f"score {counts['score']:.1f} %"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--module", help="one rule module, package folder or file in one")
    parser.add_argument("--resume", action="store_true", help="keep earlier results")
    parser.add_argument(
        "--retest",
        action="store_true",
        help="keep earlier results and run only the survivors again (after adding tests)",
    )
    parser.add_argument("--list", action="store_true", help="print the modules and tests")
    args = parser.parse_args()

    if args.list:
        for module in RULE_MODULES:
            print(module)
            for test in focused_tests(module):
                print(f"    {test}")
        return

    chosen = (
        [resolve(args.module)]
        if args.module
        else [(module, module_files(module)) for module in RULE_MODULES]
    )
    figures = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    below_target = []
    for module, files in chosen:
        tests = focused_tests(module)
        started = time.monotonic()
        print(f"== {module} ({len(tests)} test files)", flush=True)
        work = prepare(module, files, tests, args.resume or args.retest)
        env = environment(work)
        migrate_template(work, env)
        names = []
        if args.retest:
            names = [
                name
                for found in results(work, files).values()
                for name, status in found
                if status not in KILLED | TIMEOUT
            ]
            print(f"   retesting {len(names)} survivors", flush=True)
        if names or not args.retest:
            run_mutmut(work, env, names)
        for file, found in results(work, files).items():
            counts = tally(found)
            print(report_line(file, counts))
            for name, status in found:
                if status in KILLED or status in TIMEOUT:
                    continue
                line, change = describe(work, file, name)
                print(f"    {status}: {file}:{line}  {change}")
            figures[file] = counts | {"seconds": round(time.monotonic() - started)}
            if counts["score"] < 90:
                below_target.append(file)
        print(f"   ({round(time.monotonic() - started)} s)", flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    if below_target:
        print("Below 90 % killed: " + ", ".join(below_target))


if __name__ == "__main__":
    main()
