"""The two pages of single sign-on: off to the provider, and back (administration.sso).

Both are open to anonymous visitors (they are how one logs in) and answer 404
while OIDC_ENABLED is off. A refused sign-in gets a Swedish page saying why.
"""

import logging

import requests
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

log = logging.getLogger("uppfoljning.inloggning")


def _require_enabled():
    if not settings.OIDC_ENABLED:
        raise Http404("Inloggning med kommunens konto är inte påslagen.")


@method_decorator(login_not_required, name="dispatch")
class KommunkontoStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with state, nonce and a PKCE challenge."""

    def get(self, request):
        _require_enabled()
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class KommunkontoCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back with a code; logs in or explains."""

    def get(self, request):
        _require_enabled()
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            # A wrong state, nonce, signature, audience or issuer: no details
            # to the browser, the reason (no personal data) to the log.
            log.warning("SSO refused: %s", error)
            request.sso_orsak = "ogiltigt"
            return self.login_failure()
        except requests.RequestException as error:
            # The provider's token, key or userinfo endpoint did not answer.
            log.warning(
                "SSO failed: the identity provider did not answer (%s).", type(error).__name__
            )
            request.sso_orsak = "otillganglig"
            return self.login_failure()

    def login_failure(self):
        orsak = getattr(self.request, "sso_orsak", None)
        user = getattr(self, "user", None)
        if orsak is None and user is not None and not user.is_active:
            orsak = "avstangd"
        # Refused (403), or the provider failed us (502): never half logged in.
        status = 502 if orsak == "otillganglig" else 403
        return render(self.request, "registration/sso_nekad.html", {"orsak": orsak}, status=status)
