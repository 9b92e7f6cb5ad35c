"""Views for patient volunteers, one module per area; `urls.py` routes to them."""

from django.core.paginator import Paginator

PER_PAGE = 20


def page_of(request, items, per_page=PER_PAGE):
    """The page of `items` the request asks for (`?page=`)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
