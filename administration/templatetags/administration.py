from django import template

from administration.anvandare import forsta_start_oppen

register = template.Library()


@register.simple_tag
def forsta_start_mojlig():
    """True while the setup page is open: the login page then links to /forsta-start/."""
    return forsta_start_oppen()
