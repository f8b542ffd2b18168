"""Not part of the suite (not test_*): prints the access-matrix row each pattern not
yet in tests/access_matrix_table.py answers, to paste after checking it.

    pytest -q -s tests/_matrix_rows.py
"""

import pytest

from tests import access_matrix_table as table
from tests.test_access_matrix import ADMIN_PATTERNS, APP_PATTERNS, admin_key, observed, world  # noqa: F401


@pytest.mark.django_db
def test_print_missing_rows(world):  # noqa: F811
    for name, route, _cb in APP_PATTERNS:
        if name not in table.APP:
            print(f'    "{name}": "{table.row(observed(world, name, route))}",')
    for name, route, _cb in ADMIN_PATTERNS:
        key = admin_key(name, route)
        if key not in table.ADMIN:
            print(f'    "{key}": "{table.row(observed(world, name, route))}",')
