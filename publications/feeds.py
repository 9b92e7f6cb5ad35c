"""Atom and RSS feeds of the network's news, and of each group's news."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from governance.models import GroupPage

from .models import NewsPage

FEED_TYPES = {"atom": Atom1Feed, "rss": Rss201rev2Feed}
ITEMS_IN_FEED = 20


class NewsFeed(Feed):
    """The latest news of the network, or of one group when a group is given."""

    def __init__(self, index, kind, group=None):
        super().__init__()
        self.index = index
        self.group = group
        self.kind = kind
        self.feed_type = FEED_TYPES[kind]

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def title(self):
        if self.group is not None:
            return f"{self.group.title} news – West Midlands Imaging Network"
        return "West Midlands Imaging Network news"

    def subtitle(self):
        return self.description()

    def description(self):
        if self.group is not None:
            return f"News from the {self.group.title}."
        return "News from the West Midlands Imaging Network and its groups."

    def link(self):
        if self.group is not None:
            return self.index.group_news_url(self.group)
        return self.index.url

    def feed_url(self):
        return self.index.feed_url(self.kind, self.group)

    def items(self):
        news = NewsPage.objects.listed().child_of(self.index).select_related("group")
        if self.group is not None:
            news = news.of_group(self.group)
        return news[:ITEMS_IN_FEED]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        # A news item is dated by day: it counts from the start of that day in London.
        return timezone.make_aware(dt.datetime.combine(item.date, dt.time()))

    def item_updateddate(self, item):
        # Atom requires every entry to say when it last changed.
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [item.group.title] if item.group_id else ["Network news"]


def news_feed(request, index, kind, group_id=None):
    if kind not in FEED_TYPES:
        raise Http404("No such feed.")
    group = None
    if group_id is not None:
        group = get_object_or_404(GroupPage.objects.live(), pk=group_id)
    return NewsFeed(index, kind, group)(request)
