"""Headers and a log line every response Django makes gets (static files never get here).

- Cache-Control: no-store on everything Django answers: a signed-in page,
  an export, a PDF or a JSON poll must not stay in the browser's or a
  proxy's cache, nor may the login and set-password pages or a response
  that sets a cookie. Only an anonymous response without cookies whose view
  chose its own Cache-Control keeps it. (Pragma: no-cache is a request
  header in HTTP/1.1 and no browser we support needs it on a response.)
- Permissions-Policy: the browser features no page uses are switched off.
- Refused requests (403, 404, 405, 429) are logged to "uppfoljning.atkomst"
  with method, path, status and the user's id or "anonym": no IP address,
  no query string, no username; a string URL argument (a token, or what a
  visitor typed) is replaced by its name, and long digit runs are masked.
"""

import logging
import re

from django.conf import settings

log = logging.getLogger("uppfoljning.atkomst")

REFUSED = frozenset({403, 404, 405, 429})
# A personnummer, an organisationsnummer or a long number typed into a URL.
_LONG_DIGITS = re.compile(r"\d[\d+-]{4,}\d")


def safe_path(request):
    """The path for a log line: int arguments kept, string arguments named, digits masked."""
    match = getattr(request, "resolver_match", None)
    path = request.path
    if match is not None:
        for name, value in match.kwargs.items():
            if isinstance(value, str) and value:
                path = path.replace(f"/{value}/", f"/<{name}>/")
    return _LONG_DIGITS.sub("…", path)[:300]


def _must_not_store(request, response):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return bool(response.cookies) or "Cache-Control" not in response


class ResponsePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _must_not_store(request, response) and "no-store" not in response.get(
            "Cache-Control", ""
        ):
            response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if response.status_code in REFUSED:
            user = getattr(request, "user", None)
            who = user.pk if user is not None and user.is_authenticated else "anonym"
            log.warning(
                "refused %s %s %s user=%s",
                request.method,
                safe_path(request),
                response.status_code,
                who,
            )
        return response
