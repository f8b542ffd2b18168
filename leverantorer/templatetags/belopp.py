"""Amounts in templates, formatted once in leverantorer.belopp."""

from django import template

from leverantorer import belopp

register = template.Library()


@register.filter
def kronor(value):
    """{{ beslut.belopp|kronor }} → "25 000 kr"."""
    return belopp.kronor(value)
