"""Routing a URL to its page in one query instead of two per level of the tree.

Wagtail's `Page.route` fetches each level's child by slug, then that child's specific row: 12
queries for a meeting page six levels down. The site's home page instead fetches every page
whose slug is in the URL at the right depths in one query, walks the chain in Python, and
hands over to the deepest page (or to the first page on the way that routes for itself, such
as a RoutablePageMixin index) exactly as Wagtail would have.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from wagtail.models import Page, get_page_models


@functools.cache
def _self_routing_types():
    """Content type ids of the page models that route for themselves (computed once)."""
    return frozenset(
        ContentType.objects.get_for_model(model, for_concrete_model=False).pk
        for model in get_page_models()
        if model.route is not Page.route
    )


def _routes_for_itself(page):
    return page.content_type_id in _self_routing_types()


def route_from(root, request, path_components):
    """`root.route(request, path_components)`, with the plain levels found in one query."""
    if not path_components:
        return Page.route(root, request, path_components)
    candidates = Page.objects.filter(
        path__startswith=root.path,
        depth__gt=root.depth,
        depth__lte=root.depth + len(path_components),
        slug__in=set(path_components),
    ).order_by("path")
    by_place = {(page.depth, page.slug, page.path[: -Page.steplen]): page for page in candidates}
    node = root
    for taken, slug in enumerate(path_components, start=1):
        child = by_place.get((node.depth + 1, slug, node.path))
        if child is None:
            raise Http404
        child._cached_parent_obj = node  # as Wagtail's route does: get_parent() costs nothing
        node = child
        if _routes_for_itself(node) and taken < len(path_components):
            break
    else:
        taken = len(path_components)
    page = node.specific
    page._cached_parent_obj = node._cached_parent_obj
    return page.route(request, path_components[taken:])
