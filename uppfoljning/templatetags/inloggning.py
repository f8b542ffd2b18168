from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def sso_aktiverad():
    """True when the login page offers "Logga in med kommunens konto" (OIDC_ENABLED)."""
    return settings.OIDC_ENABLED
