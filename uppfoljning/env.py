"""Strict readers for settings that come from environment variables.

Each helper raises ImproperlyConfigured on a value it cannot parse, so a typo
in deployment stops the process at start-up instead of silently meaning
"default".

Every variable may instead be given as NAME_FILE, the path of a file holding
the value (Docker and Kubernetes secrets), so secrets need not sit in the
environment. Setting both is an error.
"""

import os

from django.core.exceptions import ImproperlyConfigured


def _read(name):
    """The raw value of NAME, or of the file NAME_FILE points at; None if unset."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if not path:
        return value
    if value is not None:
        raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
    try:
        with open(path, encoding="utf-8") as secret:
            # A trailing newline is how editors and `echo` end a file, not part of a secret.
            return secret.read().rstrip("\r\n")
    except OSError as error:
        raise ImproperlyConfigured(
            f"{name}_FILE={path!r} cannot be read: {error.strerror}."
        ) from None


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None, *, required=False):
    value = _read(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} must be set.")
        return default
    return value


def env_bool(name, default=False):
    value = _read(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def env_int(name, default, *, minimum=None):
    value = _read(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_list(name, default=()):
    value = _read(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name, choices, default):
    value = _read(name)
    if value is None:
        value = default
    if value not in choices:
        allowed = ", ".join(choices)
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {allowed}.")
    return value
