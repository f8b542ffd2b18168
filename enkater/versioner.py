"""Versions of a questionnaire: frozen once sent; editing a frozen one makes a new one."""

from django.utils import timezone


def frys(version):
    """Freeze a version (at its first send-out); a frozen version never changes."""
    if version.fryst is None:
        version.fryst = timezone.now()
        version.save(update_fields=["fryst"])
    return version
