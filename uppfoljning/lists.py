"""Pagination shared by the list pages."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset, per_page=PAGE_SIZE):
    """Page of a (filtered) queryset plus the query string without the page."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("sida"))
    params = request.GET.copy()
    params.pop("sida", None)
    return {
        "page_obj": page,
        "object_list": page.object_list,
        "query_without_page": params.urlencode(),
    }
