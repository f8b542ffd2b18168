"""A fixed-window request counter in Django's cache, for the pages outside login.

`for_mycket(key, limit, seconds)` counts one request under `key` and says whether
the count in the current window is past `limit`. django-axes counts failed logins
only, and no rate-limit library is installed; these lines do what the answer
pages need. With the default local-memory cache the count is per process, which
is a floor: several workers each allow `limit`.
"""

import hashlib

from django.core.cache import cache


def _key(key):
    return "ratelimit:" + hashlib.sha256(key.encode()).hexdigest()


def for_mycket(key, limit, seconds):
    """Count a request under `key`; True when more than `limit` in `seconds`."""
    cache_key = _key(key)
    if cache.add(cache_key, 1, timeout=seconds):
        return limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=seconds)
        count = 1
    return count > limit
