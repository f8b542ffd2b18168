from django import template
from django.contrib.auth import get_user_model

register = template.Library()


@register.simple_tag
def forsta_start_mojlig():
    """True while no user exists at all: the login page then links to /forsta-start/."""
    return not get_user_model().objects.exists()
