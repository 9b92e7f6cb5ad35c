"""The sitemap: only pages an anonymous visitor can open, each on the configured base URL.

Wagtail's own sitemap lists every live page without a view restriction, at the host of its
Site record (`http://localhost` in the demo); pages here also keep members-only content behind
their own rules (a `visibility` field, or an `is_public` answer), which the sitemap now asks.
"""

from wagtail.contrib.sitemaps import Sitemap

from .links import absolute_url


def open_to_anyone(page):
    """Whether an anonymous visitor may open `page` (a specific page object)."""
    is_public = getattr(page, "is_public", None)
    if is_public is not None:
        return bool(is_public() if callable(is_public) else is_public)
    visibility = getattr(page, "visibility", None)
    if visibility is not None:
        return str(visibility) == "public"
    return True


class PortalSitemap(Sitemap):
    def items(self):
        return [page for page in super().items() if open_to_anyone(page)]

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            for url in item.get_sitemap_urls(self.request):
                urls.append({**url, "location": absolute_url(url["location"])})
        last_mods = {url.get("lastmod") for url in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
