"""The SIG page a page of protocols at a time (issue #16): with ten times the protocols, events
and news it shows as many rows, links to the next page, answers bad page numbers with a page,
and costs the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigs.pages import PROTOCOLS_PER_PAGE
from sigs.views import adoption
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.portal.html import soup, text
from tests.publications.factories import NewsIndexPageFactory, NewsPageFactory

from .factories import ProtocolPageFactory
from .fixtures import approve_through_workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexes(sig_world):
    home = sig_world.world.home
    return EventIndexPageFactory(parent=home), NewsIndexPageFactory(parent=home)


def _add(sig_world, indexes, protocols, others, start=0):
    events_index, news_index = indexes
    for n in range(start, start + protocols):
        ProtocolPageFactory(parent=sig_world.sig, title=f"Listed protocol {n:03d}", live=True)
    for n in range(start, start + others):
        EventPageFactory(parent=events_index, organising_group=sig_world.sig, title=f"Day {n}")
        NewsPageFactory(parent=news_index, group=sig_world.sig, title=f"News {n}")


def _get(client, url):
    client.get(url)  # new pages clear Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def _next_link(response):
    nav = soup(response).select_one("nav.nhsuk-pagination")
    return nav.select_one("a[rel=next]")["href"] if nav else None


def _protocol_rows(response):
    return text(response).count("Listed protocol ")


def test_ten_times_the_protocols_events_and_news_cost_the_same_queries(client, sig_world, indexes):
    client.force_login(sig_world.member)
    _add(sig_world, indexes, protocols=3, others=2)
    small, small_queries = _get(client, sig_world.sig.url)
    assert _protocol_rows(small) == 3
    assert _next_link(small) is None

    _add(sig_world, indexes, protocols=27, others=18, start=3)
    large, large_queries = _get(client, sig_world.sig.url)
    assert large_queries == small_queries
    assert _protocol_rows(large) == PROTOCOLS_PER_PAGE
    assert "30 protocols, showing 1 to 20" in text(large)
    next_link = _next_link(large)
    assert next_link == "?page=2"

    second, second_queries = _get(client, sig_world.sig.url + next_link)
    assert second_queries == small_queries
    assert _protocol_rows(second) == 30 - PROTOCOLS_PER_PAGE
    assert "Listed protocol 029" in text(second)


def test_a_page_past_either_end_shows_the_last_and_a_non_number_the_first(
    client, sig_world, indexes
):
    _add(sig_world, indexes, protocols=PROTOCOLS_PER_PAGE + 2, others=0)
    client.force_login(sig_world.member)
    for page, rows in [
        ("99", 2),
        ("0", 2),
        ("-1", 2),
        ("abc", PROTOCOLS_PER_PAGE),
        ("", PROTOCOLS_PER_PAGE),
        ("1.5", PROTOCOLS_PER_PAGE),
    ]:
        response = client.get(f"{sig_world.sig.url}?page={page}")
        assert response.status_code == 200, page
        assert _protocol_rows(response) == rows, page


def test_a_sig_without_protocols_says_so(client, sig_world):
    client.force_login(sig_world.member)
    response = client.get(sig_world.sig.url + "?page=3")
    assert response.status_code == 200
    assert "The SIG has not published any protocols" in text(response)


# The variation dashboard ---------------------------------------------------------------------


def test_the_variation_dashboard_pages_keep_the_filters_and_count_every_protocol(
    client, sig_world, monkeypatch
):
    monkeypatch.setattr(adoption, "PROTOCOLS_PER_PAGE", 2)
    for n in range(3):
        protocol = ProtocolPageFactory(parent=sig_world.sig, title=f"Dashboard protocol {n}")
        protocol.save_revision(user=sig_world.chair)
        approve_through_workflow(protocol, sig_world.chair)
    client.force_login(sig_world.member)
    first = client.get("/sigs/variation/?modality=mri")
    assert text(first).count("Dashboard protocol") == 2 * 2  # the grid and the narrow list
    assert "3 protocols (showing 1 to 2)" in text(first)
    next_link = _next_link(first)
    assert "modality=mri" in next_link and "page=2" in next_link
    second = client.get("/sigs/variation/" + next_link)
    assert text(second).count("Dashboard protocol 2") == 2
    for page, rows in [("99", 1), ("abc", 2)]:
        response = client.get(f"/sigs/variation/?modality=mri&page={page}")
        assert response.status_code == 200
        assert text(response).count("Dashboard protocol") == rows * 2
    assert "No protocols match these filters" in text(client.get("/sigs/variation/?modality=ct"))
