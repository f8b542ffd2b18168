"""Test settings for mutation runs (benchmarks/mutation.py): the test settings with a test
database on disk that every mutant's test run reuses.

An in-memory test database is migrated anew by every pytest session, ~15 s here; mutmut runs
one session per mutant. benchmarks/mutation.py migrates a template once, and
benchmarks/mutation_plugin.py copies it into place before each session (`--reuse-db`).
"""

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES

DATABASES["default"]["TEST"] = {"NAME": os.environ["MUTATION_TEST_DB"]}
