"""Logging out after inactivity, besides the absolute limit of SESSION_COOKIE_AGE.

A computer left unlocked in an office should not stay signed in to case
information for the rest of the working day: after SESSION_IDLE_MINUTES
without a request the session ends and the next request goes to the login page
with a Swedish explanation.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.deprecation import MiddlewareMixin

LAST_ACTIVITY = "senast_aktiv"
# Writing the session on every request would cost a database write each time;
# a minute's imprecision in the idle limit costs nothing.
WRITE_EVERY_SECONDS = 60


def stamp_login(sender, request, user, **kwargs):
    """Logging in is activity (user_logged_in): the first page after it writes nothing.

    Stamping here rather than on the first request keeps the session writes of
    a page to the ones it makes itself, which the query-count tests measure.
    """
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())


def is_idle(last_activity, now):
    """True when more than SESSION_IDLE_MINUTES passed since the last request."""
    return now - last_activity > settings.SESSION_IDLE_MINUTES * 60


class IdleTimeoutMiddleware(MiddlewareMixin):
    """Stores the time of the last request in the session and ends idle sessions.

    It works in process_view, after every middleware's request phase, so the
    message storage exists for the explanation on the login page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY)
        if last is not None and is_idle(last, now):
            logout(request)
            minutes = settings.SESSION_IDLE_MINUTES
            messages.info(request, f"Du har loggats ut efter {minutes} minuters inaktivitet.")
            return redirect_to_login(request.get_full_path())
        if last is None or now - last >= WRITE_EVERY_SECONDS:
            request.session[LAST_ACTIVITY] = now
        return None
