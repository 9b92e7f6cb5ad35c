"""Absolute links: every link the portal writes for other software or other places (emails,
feeds, calendars, the sitemap) starts with the one configured address, PORTAL_BASE_URL —
never the host a request happened to arrive on, and never a Wagtail Site's root URL."""

from urllib.parse import urlsplit

from django.conf import settings


def base_url():
    """The configured address of the portal, without a trailing slash."""
    return settings.PORTAL_BASE_URL.rstrip("/")


def site_domain():
    """The portal's host name (for Message-IDs and List-Id)."""
    return urlsplit(base_url()).hostname or "localhost"


def absolute_url(path=""):
    """`path` (site-relative, e.g. "/events/x/") on the configured address.

    For the portal's own pages only: a link that already carries a host (a Wagtail URL built
    from a Site's root URL, say) keeps just its path, query and fragment, so no host but the
    configured one is ever written.
    """
    if not path:
        return base_url()
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        path = parts.path or "/"
        if parts.query:
            path += f"?{parts.query}"
        if parts.fragment:
            path += f"#{parts.fragment}"
    if not path.startswith("/"):
        path = "/" + path
    return base_url() + path


def page_url(page):
    """A Wagtail page's address on the configured host ("" for a page with no route)."""
    parts = page.get_url_parts()
    if parts is None:
        return ""
    return absolute_url(parts[2])
