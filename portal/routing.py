"""Routing a URL to its page in one query instead of two per level of the tree.

Wagtail's `Page.route` fetches each level's child by slug, then that child's specific row: 12
queries for a meeting page six levels down. The site's home page instead fetches every page
whose slug is in the URL at the right depths in one query, walks the chain in Python, and
hands over to the deepest page (or to the first page on the way that routes for itself, such
as a RoutablePageMixin index) exactly as Wagtail would have.

Before that, the site a request is for and its home page (two more queries) come from the
shared cache while pages are unchanged (`SiteMiddleware`). After it, the view restrictions
Wagtail checks before serving come from the pages just routed through (`RoutedPage`): two
more queries saved.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.models.sites import get_site_for_hostname

from . import page_cache
from .tree import own_and_ancestor_paths


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


def _site_with_home(hostname, port):
    """Wagtail's site for this host and port, its home page fetched as its own type."""
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    site.root_page = site.root_page.specific
    return site


class SiteMiddleware:
    """Find the site and home page a page is served from as Wagtail would
    (`Site.find_for_request` reads them from `request._wagtail_site` once found), from the
    shared cache: kept until a page is published, unpublished, moved or deleted, or a site is
    saved (portal.page_cache). Only for Wagtail's page view; other views, and every view with
    the page cache off, leave Wagtail to find them when asked. It runs after CommonMiddleware,
    so the host has passed ALLOWED_HOSTS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.url_name == "wagtail_serve" and page_cache.enabled():
            hostname = split_domain_port(request.get_host())[0]
            port = request.get_port()
            request._wagtail_site = page_cache.while_pages_unchanged(
                f"site:{hostname}:{port}", lambda: _site_with_home(hostname, port)
            )


def _restriction_ids_by_path():
    """{a restricted page's path: the ids of its view restrictions}, for the whole tree."""
    found = {}
    for pk, path in PageViewRestriction.objects.values_list("pk", "page__path"):
        found.setdefault(path, []).append(pk)
    return found


def routed_ancestors(page):
    """The pages above `page`, from the site's home page down, as `route_from` handed each
    its parent (Wagtail's `get_parent` cache): no query. None when `page` was not routed, or
    its chain stops short of a home page at the top of the tree."""
    ancestors, node = [], page
    while node.depth > 2:
        node = node.__dict__.get("_cached_parent_obj")
        if node is None:
            return None
        ancestors.append(node)
    return ancestors[::-1]


def _routed_without_aliases(page):
    """Whether `page` was routed to (the pages above it are in hand) and neither it nor any
    page above it is an alias, whose source's restrictions would apply instead."""
    ancestors = routed_ancestors(page)
    return ancestors is not None and all(p.alias_of_id is None for p in [page, *ancestors])


class RoutedPage:
    """Mixed into every page type, before Page. Wagtail checks a page's view restrictions
    before serving it with two queries (the pages above it, then their restrictions). A page
    routed here has the pages above it in hand, and the tree's restrictions are kept while
    pages are unchanged (saving or deleting a restriction, or moving a page, changes that), so
    the check costs no query unless a restriction applies. An alias on the way, or a page not
    routed, is left to Wagtail."""

    def get_view_restrictions(self):
        if not _routed_without_aliases(self):
            return super().get_view_restrictions()
        by_path = page_cache.while_pages_unchanged("view-restrictions", _restriction_ids_by_path)
        ids = [pk for path in own_and_ancestor_paths(self) for pk in by_path.get(path, ())]
        return PageViewRestriction.objects.filter(pk__in=ids)
