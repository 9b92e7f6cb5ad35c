"""Whole-page cache for anonymous visitors, shared by every web process through the cache
(Redis when REDIS_URL is set, local memory otherwise).

What is cached: a Wagtail page asked for with GET or HEAD by a visitor with no session and no
messages cookie, answered 200 with HTML, that set no cookie (a page that used a CSRF token sets
one, so forms are never cached with someone's token), asked for no privacy (`Cache-Control:
private/no-store/no-cache`) and was rendered for an anonymous user. The key is the scheme, host
and path (and only a `page` query parameter: any other query string is served fresh).

Invalidation is instant across processes: each entry records the version tokens it was
rendered under, read from the shared cache in the same round trip as the entry itself.
- the pages version changes when a page is published, unpublished, moved or deleted, when a
  page's view restriction changes, and when a site setting is saved;
- the live version changes whenever a booking changes (events.apps); only pages that showed
  places left (`{% live_data %}` in events/includes/places_tag.html) depend on it, and they
  are also kept for at most PAGE_CACHE_LIVE_SECONDS, because "booking closed" follows the clock.
Anything else on a public page (a membership list, a news tag) may be up to PAGE_CACHE_SECONDS
old. Bumps run when the writing transaction commits, so no request can store the old content
under the new version.

The same pages version keeps parts that every viewer, signed in or not, sees alike and that
only pages decide (`while_pages_unchanged`): the site and its home page that every URL is
routed from, the header's names, a group's news. Signed-in pages use them too, so they are
never older than the last publish; with the page cache off (PAGE_CACHE_SECONDS = 0) they are
read fresh each time.
"""

import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

PAGES_VERSION_KEY = "portal:page-cache:version:pages"
LIVE_VERSION_KEY = "portal:page-cache:version:live"
ENTRY_PREFIX = "portal:page-cache:page:"
PART_PREFIX = "portal:page-cache:part:"
HEADER = "X-Page-Cache"
_LIVE_ATTRIBUTE = "_page_cache_live"
_SKIP_HEADERS = {"set-cookie", "content-length", HEADER.lower()}
_ALLOWED_VARY = {"cookie", "accept-encoding"}
_PRIVATE = {"private", "no-store", "no-cache"}
_COMMAS = re.compile(r"\s*,\s*")


def enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def mark_live(request):
    """The page being rendered for `request` shows live numbers (places left)."""
    if request is not None:
        setattr(request, _LIVE_ATTRIBUTE, True)


def _bump(key):
    cache.set(key, uuid.uuid4().hex, None)


def pages_changed(**kwargs):
    """Every cached page is out of date (after this transaction commits)."""
    transaction.on_commit(lambda: _bump(PAGES_VERSION_KEY), robust=True)


def live_data_changed(**kwargs):
    """Every cached page that showed places left is out of date (after commit)."""
    transaction.on_commit(lambda: _bump(LIVE_VERSION_KEY), robust=True)


page_published.connect(pages_changed, dispatch_uid="portal-page-cache-published")
page_unpublished.connect(pages_changed, dispatch_uid="portal-page-cache-unpublished")
post_page_move.connect(pages_changed, dispatch_uid="portal-page-cache-moved")


def _content_changed(sender, instance, **kwargs):
    if isinstance(
        instance, Page | PageViewRestriction | Site | BaseSiteSetting | BaseGenericSetting
    ):
        pages_changed()


post_delete.connect(_content_changed, dispatch_uid="portal-page-cache-deleted")
post_save.connect(_content_changed, sender=PageViewRestriction, dispatch_uid="portal-pvr-saved")
post_save.connect(_content_changed, sender=Site, dispatch_uid="portal-page-cache-site-saved")


def _settings_saved(sender, instance, **kwargs):
    if isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        pages_changed()


post_save.connect(_settings_saved, dispatch_uid="portal-page-cache-settings")


def _pages_version(found):
    version = found.get(PAGES_VERSION_KEY)
    if version is None:
        cache.add(PAGES_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(PAGES_VERSION_KEY)
    return version


def while_pages_unchanged(name, compute):
    """`compute()`, shared by every process until the pages version changes: for a part that
    every viewer sees alike and that only pages, view restrictions, sites and site settings
    decide. One cache round trip when kept; `compute()` each time with the page cache off."""
    if not enabled():
        return compute()
    key = PART_PREFIX + name
    found = cache.get_many([PAGES_VERSION_KEY, key])
    entry = found.get(key)
    if entry is not None and found.get(PAGES_VERSION_KEY) == entry[0]:
        return entry[1]
    version = _pages_version(found)  # read before computing: a later change is never hidden
    value = compute()
    cache.set(key, (version, value), settings.PAGE_CACHE_SECONDS)
    return value


def _key(request):
    """The entry's key, or None when this request is not one the cache answers."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    query = request.GET
    if query and (set(query) != {"page"} or len(query.getlist("page")) != 1):
        return None
    path = request.path
    if any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDE_PATHS):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    page = f"?page={query['page']}" if query else ""
    url = f"{request.scheme}://{host}{path}{page}"
    return ENTRY_PREFIX + hashlib.sha256(url.encode()).hexdigest()


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    # Wagtail pages only: Django views (a round-up link with a token, a form) are served fresh.
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    directives = _COMMAS.split(response.get("Cache-Control", ""))
    cache_control = {part.split("=")[0].strip().lower() for part in directives}
    if cache_control & _PRIVATE:
        return False
    vary = {v.strip().lower() for v in _COMMAS.split(response.get("Vary", "")) if v.strip()}
    return vary <= _ALLOWED_VARY


class PageCacheMiddleware:
    """Answer anonymous page views from the shared cache. It sits before the session, CSRF and
    auth middleware, so a hit costs one cache round trip and no database query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request) if enabled() else None
        if key is None:
            return self.get_response(request)
        found = cache.get_many([PAGES_VERSION_KEY, LIVE_VERSION_KEY, key])
        pages_version = found.get(PAGES_VERSION_KEY)
        live_version = found.get(LIVE_VERSION_KEY)
        entry = found.get(key)
        if (
            entry
            and pages_version
            and entry["pages"] == pages_version
            and (entry["live"] is None or entry["live"] == live_version)
        ):
            response = HttpResponse(entry["content"], headers=entry["headers"])
            response[HEADER] = "hit"
            return response

        pages_version = _pages_version(found)
        if live_version is None:
            cache.add(LIVE_VERSION_KEY, uuid.uuid4().hex, None)
            live_version = cache.get(LIVE_VERSION_KEY)
        response = self.get_response(request)
        if _storable(request, response):
            live = getattr(request, _LIVE_ATTRIBUTE, False)
            timeout = settings.PAGE_CACHE_SECONDS
            if live:
                timeout = min(timeout, settings.PAGE_CACHE_LIVE_SECONDS)
            entry = {
                "pages": pages_version,
                "live": live_version if live else None,
                "headers": {
                    name: value
                    for name, value in response.items()
                    if name.lower() not in _SKIP_HEADERS
                },
                "content": response.content,
            }
            if timeout > 0:
                cache.set(key, entry, timeout)
            response[HEADER] = "miss"
        return response
