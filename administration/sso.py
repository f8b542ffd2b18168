"""Single sign-on with the municipality's accounts (OpenID Connect, e.g. Entra ID).

The identity provider vouches for who someone is and which of our roles they
hold; this backend turns that into a user of ours:

- the person is matched by issuer and a stable claim (OIDC_USER_CLAIM: "oid"
  in Entra ID, else "sub"), never by e-mail, which can be changed or reused;
- their role groups are set from the role claim at every sign-in, so a role
  taken away in the provider is gone here at the next sign-in, and each change
  is logged as a user event (Anvandarhandelse) like one made on our pages;
- someone with no mapped role is refused (and loses any role they had);
- an SSO user never becomes staff or superuser and has no local password.

It lives in administration because the user events do; the settings are in
uppfoljning/settings.py (OIDC_*), the pages in sso_views.py. See docs/sso.md.
"""

import hashlib
import logging

import jwt
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from administration.anvandare import logga
from administration.models import Handelse
from uppfoljning import roles

log = logging.getLogger("uppfoljning.inloggning")

VIA_SSO = "vid inloggning med kommunens konto"


def sso_username(issuer, subject):
    """Our username for the provider's person: stable, unique per issuer, no personal data."""
    digest = hashlib.sha256(f"{issuer}|{subject}".encode()).hexdigest()[:32]
    return f"sso-{digest}"


def mapped_roles(claims):
    """Our roles the claims grant, through OIDC_ROLE_VALUES (claim value → role)."""
    values = claims.get(settings.OIDC_ROLE_CLAIM) or []
    if isinstance(values, str):
        values = [values]
    return {settings.OIDC_ROLE_VALUES[v] for v in values if v in settings.OIDC_ROLE_VALUES}


def groups_left_out(claims):
    """True when Entra ID left the groups claim out (over 200 groups: "overage")."""
    return settings.OIDC_ROLE_CLAIM == "groups" and "groups" in claims.get("_claim_names", {})


def sync_roles(user, wanted):
    """Give the user exactly the role groups in `wanted`, logging each change."""
    current = set(user.groups.filter(name__in=roles.ROLES).values_list("name", flat=True))
    for name in sorted(wanted - current):
        user.groups.add(Group.objects.get(name=name))
        logga(user, Handelse.ROLL_TILLAGD, detalj=f"{name} {VIA_SSO}")
    for name in sorted(current - wanted):
        user.groups.remove(Group.objects.get(name=name))
        logga(user, Handelse.ROLL_BORTTAGEN, detalj=f"{name} {VIA_SSO}")


class KommunkontoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow with our matching, role mapping and checks."""

    def authenticate(self, request, **kwargs):
        # Always listed in AUTHENTICATION_BACKENDS (tests switch SSO on by
        # settings); answers nothing while it is off.
        if not settings.OIDC_ENABLED:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """The library checks signature, expiry and nonce; we add audience and issuer."""
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.InvalidTokenError as error:
            # The library turns only a bad signature into SuspiciousOperation;
            # an expired or not-yet-valid token would otherwise be a 500.
            raise SuspiciousOperation(f"The ID token is not valid: {error}") from None
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued for another client.")
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The signed ID token's claims (roles, oid) over the userinfo answer's.

        Entra ID puts app roles and groups only in the ID token. OpenID Connect
        Core 5.3.2: userinfo about another subject must not be used.
        """
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo answer is about another subject.")
        return {**userinfo, **payload}

    def _username(self, claims):
        return sso_username(claims.get("iss"), claims.get(settings.OIDC_USER_CLAIM))

    def verify_claims(self, claims):
        if not claims.get(settings.OIDC_USER_CLAIM):
            log.warning("SSO refused: the claim %s is missing.", settings.OIDC_USER_CLAIM)
            return False
        if mapped_roles(claims):
            return True
        if groups_left_out(claims):
            log.warning("SSO: the groups claim was left out (too many groups); use app roles.")
        # Someone whose every role was taken away keeps none here either
        # (reminders and lists go by role, not only logins).
        with transaction.atomic():
            for user in self.filter_users_by_claims(claims):
                sync_roles(user, set())
        self.request.sso_orsak = "ingen_roll"
        log.warning("SSO refused: no mapped role in the claim %s.", settings.OIDC_ROLE_CLAIM)
        return False

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=self._username(claims))

    def create_user(self, claims):
        with transaction.atomic():
            # No password: this person signs in through the provider only.
            user = self.UserModel.objects.create_user(self._username(claims))
            logga(user, Handelse.SKAPAD, detalj=f"Skapad {VIA_SSO}")
            return self.update_user(user, claims)

    def update_user(self, user, claims):
        with transaction.atomic():
            user.first_name = (claims.get("given_name") or "")[:150]
            user.last_name = (claims.get("family_name") or "")[:150]
            if not (user.first_name or user.last_name):
                user.first_name = (claims.get("name") or "")[:150]
            # Entra ID often sends no "email"; its preferred_username is then the address.
            email = claims.get("email") or claims.get("preferred_username") or ""
            user.email = email[:254] if "@" in email else ""
            user.is_staff = False
            user.is_superuser = False
            user.save()
            sync_roles(user, mapped_roles(claims))
        return user
