"""News: the network's and each group's index, their Atom and RSS feeds (parsed back), the
latest news on group pages and the home page, and the round-up's date window."""

import datetime as dt

import pytest
from defusedxml import ElementTree as ET
from django.conf import settings
from wagtail.models import PageViewRestriction

from publications.models import NewsPage
from tests.plugins import clock

from .factories import NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = clock.TODAY


@pytest.fixture
def news(site):
    """Two network news items and two of the board's, a day apart, newest last."""
    board = site.world.board
    items = [
        NewsPageFactory(parent=site.news, title="Network welcomes a new director", date=day(4)),
        NewsPageFactory(
            parent=site.news, title="Board agrees workforce plan", date=day(3), group=board
        ),
        NewsPageFactory(parent=site.news, title="Study day dates announced", date=day(2)),
        NewsPageFactory(parent=site.news, title="Board meets in Stoke", date=day(1), group=board),
    ]
    return items


def day(days_ago):
    return TODAY - dt.timedelta(days=days_ago)


def group_url(site, group):
    return site.news.group_news_url(group)


def test_the_network_index_lists_all_news_newest_first(site, news, client):
    html = client.get(site.news.url).content.decode()
    positions = [html.index(item.title) for item in reversed(news)]
    assert positions == sorted(positions)
    assert "4 news items" in html


def test_a_group_index_lists_only_that_groups_news(site, news, client):
    html = client.get(group_url(site, site.world.board)).content.decode()
    assert "Board agrees workforce plan" in html
    assert "Board meets in Stoke" in html
    assert "Study day dates announced" not in html
    empty = client.get(group_url(site, site.world.other_group)).content.decode()
    assert f"The {site.world.other_group.title} has no news yet." in empty


def test_an_unknown_or_unpublished_group_has_no_news_index(site, client):
    assert client.get(f"{site.news.url}groups/999999/").status_code == 404
    site.world.other_group.unpublish()
    assert client.get(group_url(site, site.world.other_group)).status_code == 404


def test_drafts_and_restricted_news_stay_out_of_lists_and_feeds(site, news, client):
    NewsPageFactory(parent=site.news, title="Draft news", live=False)
    private = NewsPageFactory(parent=site.news, title="Password news")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    for url in (site.news.url, site.news.feed_url("atom"), site.news.feed_url("rss")):
        body = client.get(url).content.decode()
        assert "Draft news" not in body
        assert "Password news" not in body


def test_the_atom_feed_parses_and_links_to_each_item(site, news, client):
    response = client.get(site.news.feed_url("atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "West Midlands Imaging Network news"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [n.title for n in reversed(news)]
    newest = entries[0]
    assert newest.find(f"{ATOM}link").get("href") == f"{settings.PORTAL_BASE_URL}{news[-1].url}"
    assert newest.findtext(f"{ATOM}summary") == news[-1].summary
    assert newest.findtext(f"{ATOM}id")
    assert newest.findtext(f"{ATOM}updated")
    assert newest.find(f"{ATOM}category").get("term") == site.world.board.title


def test_the_rss_feed_parses_with_dates_in_rfc_822(site, news, client):
    response = client.get(site.news.feed_url("rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [n.title for n in reversed(news)]
    assert items[0].findtext("link") == f"{settings.PORTAL_BASE_URL}{news[-1].url}"
    assert items[0].findtext("pubDate").endswith(("+0000", "+0100"))


def test_a_groups_feed_has_only_its_news(site, news, client):
    feed = ET.fromstring(client.get(site.news.feed_url("atom", site.world.board)).content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Board meets in Stoke", "Board agrees workforce plan"]
    assert site.world.board.title in feed.findtext(f"{ATOM}title")


def test_an_unknown_feed_kind_is_not_found(site, client):
    assert client.get(f"{site.news.url}feed/json/").status_code == 404


def test_the_group_page_shows_its_latest_news(site, news, client):
    for n in range(3):
        NewsPageFactory(
            parent=site.news, title=f"Old board news {n}", date=day(30 + n), group=site.world.board
        )
    html = client.get(site.world.board.url).content.decode()
    assert "Board meets in Stoke" in html
    assert "Old board news 2" not in html  # only the latest three
    assert "Study day dates announced" not in html
    assert group_url(site, site.world.board) in html
    other = client.get(site.world.other_group.url).content.decode()
    assert "The group has no news yet." in other


def test_the_home_page_shows_the_latest_news_of_the_whole_network(site, news, client):
    html = client.get(site.world.home.url).content.decode()
    assert "Latest news" in html
    for item in news[1:]:
        assert item.title in html
    assert news[0].title not in html


def test_a_news_item_links_to_its_groups_other_news(site, news, client):
    html = client.get(news[-1].url).content.decode()
    assert f"More news from the {site.world.board.title}" in html
    assert group_url(site, site.world.board) in html


@pytest.mark.parametrize("count", [3, 13])
def test_news_index_query_counts_do_not_grow_with_news(
    site, client, django_assert_num_queries, count
):
    board = site.world.board
    for n in range(count):
        NewsPageFactory(parent=site.news, title=f"Item {n}", group=board if n % 2 else None)
    client.get(site.news.url)  # warm the site-root cache
    with django_assert_num_queries(9):
        assert client.get(site.news.url).status_code == 200
    with django_assert_num_queries(11):
        assert client.get(group_url(site, board)).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(site.news.feed_url("atom")).status_code == 200


def test_news_published_between_is_half_open(site, news):
    found = NewsPage.objects.published_between(day(3), day(1))
    assert sorted(n.title for n in found) == [
        "Board agrees workforce plan",
        "Study day dates announced",
    ]
