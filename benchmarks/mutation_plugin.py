"""pytest plugin for mutation runs: every session starts from the freshly migrated template.

A transactional test flushes the tables, and a mutant may write outside a test's
transaction; with a reused database either would leak into the next mutant's run.
"""

import os
import shutil
from pathlib import Path


def pytest_sessionstart(session):
    test_db = Path(os.environ["MUTATION_TEST_DB"])
    for leftover in (Path(f"{test_db}-wal"), Path(f"{test_db}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(os.environ["MUTATION_TEMPLATE_DB"], test_db)
