"""Login throttling around django-axes: whose address a request is, and the lockout answer.

Axes counts failed logins per username and client address in the database
(settings: AXES_*). This module decides the two things axes leaves to the
project: which address is the client's behind our proxy, and what a locked-out
person sees (a Swedish page, status 429) and what the log says about it
(no username, no address: failed logins are logged without personal data).
"""

import hashlib
import hmac
import logging

from django.conf import settings
from django.shortcuts import render

log = logging.getLogger("uppfoljning.inloggning")


def client_ip(request):
    """The client's address: the one our trusted proxies saw, else the socket's.

    Each proxy appends the address it received the request from to
    X-Forwarded-For, so with N trusted proxies the N-th entry from the right is
    the client as our outermost proxy saw it. Anything further left was written
    by the client and could be anything; without a proxy the header is ignored.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-count] if len(hops) >= count else hops[0]
    return request.META.get("REMOTE_ADDR")


def sso_not_counted(request, credentials=None):
    """Single sign-on callbacks are not counted (AXES_WHITELIST_CALLABLE).

    They carry no username, so every refused SSO sign-in from an office's one
    public address would count against the same "no username" and lock the
    whole office out of SSO. Nothing is there to guess: the code is single-use
    and bound to this browser's state and PKCE verifier, and the provider
    throttles its own password prompts. The OIDC flow is known by its nonce.
    """
    return "nonce" in (credentials or {})


def account_reference(username):
    """A stable, non-reversible stand-in for a username in logs (keyed with SECRET_KEY).

    The same account gives the same reference, so repeated lockouts can be seen
    as one; `manage.py lasupp --referens <username>` prints it for comparison.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), (username or "").casefold().encode(), hashlib.sha256
    )
    return digest.hexdigest()[:12]


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets: wait the cool-off or ask the Administratör."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    minutes = settings.AXES_COOLOFF_MINUTES
    log.warning(
        "Login locked out after %s failed attempts: account ref %s, cool-off %s minutes.",
        settings.AXES_FAILURE_LIMIT,
        account_reference(username),
        minutes,
    )
    return render(
        request,
        "registration/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
