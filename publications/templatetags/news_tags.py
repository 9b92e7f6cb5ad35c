"""News on other apps' pages: a group's latest news, and the network's on the home page."""

from django import template

from ..models import NewsIndexPage, NewsPage

register = template.Library()

LATEST_NEWS_SHOWN = 3


def _news_index():
    return NewsIndexPage.objects.live().first()


@register.inclusion_tag("publications/includes/group_news.html", takes_context=True)
def group_news(context, group, count=LATEST_NEWS_SHOWN):
    """The group's latest news, with links to all of it and to its feed."""
    index = _news_index()
    news = []
    if index is not None and group.pk:
        news = list(
            NewsPage.objects.listed()
            .child_of(index)
            .of_group(group)
            .select_related("group")[:count]
        )
    return {
        "request": context.get("request"),
        "group": group,
        "news": news,
        "index": index,
        "all_url": index.group_news_url(group) if index and group.pk else "",
        "feed_url": index.feed_url("atom", group) if index and group.pk else "",
    }


@register.inclusion_tag("publications/includes/latest_news.html", takes_context=True)
def latest_news(context, count=LATEST_NEWS_SHOWN):
    """The network's latest news (of every group), for the home page."""
    index = _news_index()
    news = []
    if index is not None:
        news = list(NewsPage.objects.listed().child_of(index).select_related("group")[:count])
    return {"request": context.get("request"), "news": news, "index": index}
