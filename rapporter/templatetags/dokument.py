"""Template filters for the committee's documents."""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html

from rapporter.text import antal as count_with_noun
from rapporter.text import join_och

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


@register.filter
def gemen(text):
    """A label inside a sentence: first letter lower-case, but an acronym
    (IVO-ärende, LSS) keeps its capitals, which `|lower` did not."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


@register.filter
def antal(n, forms):
    """`{{ n|antal:"brist,brister" }}` -> "1 brist", "2 brister", "0 brister"."""
    singular, plural = forms.split(",")
    return count_with_noun(n, singular, plural)


@register.filter
def och(names):
    """A list in running text: "A, B och C"."""
    return join_och(str(name) for name in names)
