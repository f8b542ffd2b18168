"""docs/security.md names, for each promise, the tests that prove it: every one must exist.

A reference is `tests/<path>.py::<name>` (optionally `[case]`), or `::<name>` for another
test in the file named last before it. A renamed or deleted test fails here until the
document is corrected, so a promise never points at nothing.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "security.md"

_REFERENCE = re.compile(r"(tests/[\w/]+\.py)?::(\w+)")


def references(text):
    """(file, name) for every test reference in the text, shorthand ones resolved."""
    found, current = [], None
    for match in _REFERENCE.finditer(text):
        path, name = match.groups()
        if path:
            current = path
        assert current, f"::{name} comes before any test file is named"
        found.append((current, name))
    return found


def test_the_reference_reader_resolves_shorthand_against_the_last_file():
    text = "`tests/a/test_x.py::test_one`, `::test_two[case]` and `tests/b.py::TestC`"
    assert references(text) == [
        ("tests/a/test_x.py", "test_one"),
        ("tests/a/test_x.py", "test_two"),
        ("tests/b.py", "TestC"),
    ]


REFERENCES = references(DOCUMENT.read_text(encoding="utf-8"))


def test_the_document_names_tests_for_every_area():
    files = {path for path, _ in REFERENCES}
    # One or more test files per area of the issue; a section that lost its tests shows here.
    for expected in (
        "tests/test_access_matrix.py",
        "tests/uppfoljning/test_guard_properties.py",
        "tests/uppfoljning/test_guard_coverage.py",
        "tests/uppfoljning/test_login_throttling.py",
        "tests/uppfoljning/test_sso.py",
        "tests/uppfoljning/test_admin_security.py",
        "tests/uppfoljning/test_atkomst.py",
        "tests/uppfoljning/test_headers.py",
        "tests/faults/test_connections_terminated.py",
        "tests/faults/test_worker_killed.py",
        "tests/faults/test_restore.py",
        "tests/fuzz/test_forms.py",
    ):
        assert expected in files, expected


@pytest.mark.parametrize(
    ("path", "name"), [pytest.param(p, n, id=f"{p}::{n}") for p, n in sorted(set(REFERENCES))]
)
def test_every_named_test_exists(path, name):
    source = (ROOT / path).read_text(encoding="utf-8")
    assert re.search(rf"^\s*(async\s+)?(def|class)\s+{name}\b", source, re.MULTILINE), (
        f"docs/security.md names {path}::{name}, which does not exist"
    )
