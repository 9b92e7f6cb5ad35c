"""News on other apps' pages: a group's latest news, and the network's on the home page.

Both are the same for every viewer and change only when pages do, so each is kept, rendered,
while pages are unchanged (portal.page_cache); a preview renders its own.
"""

from django import template
from django.template.loader import render_to_string
from wagtail.models import Site

from portal import page_cache

from ..models import NewsIndexPage, NewsPage

register = template.Library()

LATEST_NEWS_SHOWN = 3


def _news_index():
    return NewsIndexPage.objects.live().first()


def _kept(request, name, render):
    """`render()`, kept per site while pages are unchanged, except in a preview."""
    if request is None or getattr(request, "is_preview", False):
        return render()
    site = Site.find_for_request(request)
    # Rendered HTML is a SafeString, and stays one through the cache (pickled).
    return page_cache.while_pages_unchanged(f"{name}:{site.pk if site else None}", render)


@register.simple_tag(takes_context=True)
def group_news(context, group, count=LATEST_NEWS_SHOWN):
    """The group's latest news, with links to all of it and to its feed."""
    request = context.get("request")

    def render():
        index = _news_index()
        news = []
        if index is not None and group.pk:
            news = list(NewsPage.objects.listed().child_of(index).of_group(group)[:count])
        for item in news:
            item.group = group
        return render_to_string(
            "publications/includes/group_news.html",
            {
                "request": request,
                "group": group,
                "news": news,
                "all_url": index.group_news_url(group) if index and group.pk else "",
                "feed_url": index.feed_url("atom", group) if index and group.pk else "",
            },
        )

    if not group.pk:
        return render()
    return _kept(request, f"group-news:{group.pk}:{count}", render)


@register.simple_tag(takes_context=True)
def latest_news(context, count=LATEST_NEWS_SHOWN):
    """The network's latest news (of every group), for the home page."""
    request = context.get("request")

    def render():
        index = _news_index()
        news = []
        if index is not None:
            news = list(NewsPage.objects.listed().child_of(index).select_related("group")[:count])
        return render_to_string(
            "publications/includes/latest_news.html",
            {"request": request, "news": news, "index": index},
        )

    return _kept(request, f"latest-news:{count}", render)
