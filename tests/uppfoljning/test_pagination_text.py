"""The list count reads as Swedish: "1 träff", "2 träffar"."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string


def _count_text(items, per_page=10):
    page = Paginator(items, per_page).page(1)
    return " ".join(render_to_string("includes/pagination.html", {"page_obj": page}).split())


def test_one_hit_is_singular():
    assert _count_text([1]) == '<p class="count">1 träff</p>'


def test_several_hits_are_plural():
    assert _count_text([1, 2]) == '<p class="count">2 träffar</p>'


def test_the_page_line_counts_too():
    assert "(21 träffar)" in _count_text(list(range(21)))
