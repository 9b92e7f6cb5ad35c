"""Atom and RSS feeds of the network's news, and of each group's news.

Every link in a feed starts with the configured base URL (`portal.links`), the feed names the
network as its author (RFC 4287 §4.1.1), and a feed with no entries reports a stable `updated`
(when its group or news index last changed), not the time of the request.
"""

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from governance.models import GroupPage
from portal.links import absolute_url, base_url

from .models import NewsPage

ITEMS_IN_FEED = 20
# When nothing at all says when a feed's content last changed.
CONTENT_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class StableUpdatedMixin:
    """A feed with no entries is as old as its source, not as new as the request."""

    def latest_post_date(self):
        if self.items:
            return super().latest_post_date()
        return self.feed["source_updated"]


class AtomFeed(StableUpdatedMixin, Atom1Feed):
    pass


class RssFeed(StableUpdatedMixin, Rss201rev2Feed):
    pass


FEED_TYPES = {"atom": AtomFeed, "rss": RssFeed}


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

    def author_name(self):
        return settings.WAGTAIL_SITE_NAME

    def author_link(self):
        return base_url() + "/"

    def feed_extra_kwargs(self, obj):
        source = self.group if self.group is not None else self.index
        changed = source.last_published_at or source.first_published_at
        return {"source_updated": changed or CONTENT_EPOCH}

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
            return absolute_url(self.index.group_news_url(self.group))
        return absolute_url(self.index.url)

    def feed_url(self):
        return absolute_url(self.index.feed_url(self.kind, self.group))

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
        return absolute_url(item.get_url(request=self.request))

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
