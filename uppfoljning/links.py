"""Links for long lists: one reverse() per URL name, not one per row.

reverse() walks the resolver each call (tens of microseconds); a page with a
few hundred rows linking to the same pattern pays it a few hundred times.
"""

from django.urls import reverse

# A pk no real row has, replaced in the one reversed URL.
_MARK = 918273645


def pk_url(viewname):
    """A function pk -> the URL of `viewname` (a pattern taking one int pk) for that pk."""
    head, _mark, tail = reverse(viewname, args=[_MARK]).rpartition(str(_MARK))
    return lambda pk: f"{head}{int(pk)}{tail}"
