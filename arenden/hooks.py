"""Extension points for the layers above the follow-up (e.g. enkater).

A layer above registers, when its app is ready, a function that says why a
follow-up may not close yet, or a panel the follow-up's page shows. The
follow-up code calls them without importing upward.
"""

_close_blockers = []
_panels = []


def register_close_blocker(func):
    """func(uppfoljning) -> list of Swedish sentences why it may not close yet."""
    if func not in _close_blockers:
        _close_blockers.append(func)
    return func


def close_blockers(uppfoljning):
    """Every reason, from every registered layer, why the follow-up may not close now."""
    return [reason for func in _close_blockers for reason in func(uppfoljning)]


def register_panel(func):
    """func(request, uppfoljning) -> {"template": name, **context} or None.

    A panel fetches what it shows in a constant number of queries.
    """
    if func not in _panels:
        _panels.append(func)
    return func


def panels(request, uppfoljning):
    """The panels the follow-up's page shows, in registration order."""
    return [panel for func in _panels if (panel := func(request, uppfoljning)) is not None]
