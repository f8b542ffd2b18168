"""Test settings: the real settings with a fast hasher and a private var/."""

import os
import tempfile

# Before the real settings read it: tests never touch the developer's var/.
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="uppfoljning-test-"))

from uppfoljning.settings import *  # noqa: E402,F403

# PBKDF2 costs ~0.5 s a hash on these machines.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No collectstatic in tests: serve straight from the app and static/ folders.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
