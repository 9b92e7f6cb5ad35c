"""News feeds as feed readers take them: valid for feedparser, with the elements RFC 4287
requires (an author among them), every link on the configured base URL, and an empty group
feed that says when its content last changed instead of "now"."""

import datetime as dt

import feedparser
import pytest
import time_machine
from lxml import etree

from tests.publications.factories import NewsIndexPageFactory, NewsPageFactory

from .conftest import BASE

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(world):
    index = NewsIndexPageFactory(parent=world.home)
    today = dt.date.today()
    NewsPageFactory(parent=index, title="Network welcomes a director", date=today)
    NewsPageFactory(parent=index, title="Board agrees a plan", date=today, group=world.board)
    return index


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_atom_feeds_are_valid_with_an_author_and_links_on_the_configured_address(
    world, news, client
):
    for group in (None, world.board, world.other_group):
        body = fetch(client, news.feed_url("atom", group))
        parsed = feedparser.parse(body)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert parsed.feed.author_detail.name == "West Midlands Imaging Network"
        feed = etree.fromstring(body)
        for required in ("id", "title", "updated"):
            assert feed.findtext(f"{ATOM}{required}"), required
        assert feed.find(f"{ATOM}author/{ATOM}name") is not None  # RFC 4287 §4.1.1
        links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
        links += [entry.findtext(f"{ATOM}id") for entry in feed.iter(f"{ATOM}entry")]
        for entry in feed.iter(f"{ATOM}entry"):
            for required in ("id", "title", "updated"):
                assert entry.findtext(f"{ATOM}{required}"), required
        assert links and all(link.startswith(BASE + "/") for link in links), links


def test_rss_feeds_are_valid_with_links_on_the_configured_address(world, news, client):
    parsed = feedparser.parse(fetch(client, news.feed_url("rss")))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.link.startswith(BASE + "/")
    assert parsed.entries and all(e.link.startswith(BASE + "/") for e in parsed.entries)


def test_an_empty_group_feed_reports_when_the_group_last_changed_not_the_request_time(
    world, news, client
):
    changed = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(changed, tick=False):
        world.other_group.save_revision().publish()
    url = news.feed_url("atom", world.other_group)
    seen = []
    for moment in ("2026-06-01T09:00Z", "2026-06-02T17:30Z"):
        with time_machine.travel(dt.datetime.fromisoformat(moment), tick=False):
            feed = etree.fromstring(fetch(client, url))
            assert feed.find(f"{ATOM}entry") is None
            seen.append(feed.findtext(f"{ATOM}updated"))
    assert seen[0] == seen[1]
    assert dt.datetime.fromisoformat(seen[0]) == changed
