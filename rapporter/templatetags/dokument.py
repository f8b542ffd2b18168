"""Template filters for the committee's documents."""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html

register = template.Library()


@register.filter
def avsnitt(text):
    """A written section as paragraphs, or a visible gap a reader cannot miss.

    An empty heading in a committee document reads like a printing error;
    the note tells the writer what is left (and Fastställ refuses until then).
    """
    if text and text.strip():
        return linebreaks_filter(text, autoescape=True)
    return format_html('<p class="saknas">{}</p>', "[Avsnittet är inte ifyllt.]")
