"""The search page itself: filters, pagination, spelling, empty states, the header box, and a
query count that does not grow with the number of results."""

import datetime as dt

import pytest
from django.db import connection

from governance.visibility import Visibility
from portal.search import PAGE_SIZE
from tests.governance.factories import (
    AgendaItemFactory,
    DecisionFactory,
    GroupPageFactory,
    MeetingPageFactory,
)

from .conftest import SEARCH_URL, search_as

FTS_TABLE = "wagtailsearch_indexentry_fts"

pytestmark = pytest.mark.django_db


def decisions(world, count, word="ultrasound", meeting=None, **fields):
    item = AgendaItemFactory(meeting=meeting or world.meeting, visibility=Visibility.PUBLIC)
    return [
        DecisionFactory(
            meeting=meeting or world.meeting,
            agenda_item=item,
            text=f"Agreed {word} proposal number {n}.",
            **fields,
        )
        for n in range(count)
    ]


def test_without_a_query_the_page_invites_one(client, world):
    html = search_as(client, None).content.decode()
    assert "Type a word or phrase to search for" in html
    assert "result" not in html.split("<h1>")[1].split("Filter the results")[0]


def test_nothing_found_says_so_and_suggests_what_to_try(client, world):
    html = search_as(client, world.member, query="zzyzx").content.decode()
    assert "0 results for “zzyzx”" in html
    assert "check the spelling" in html


def test_results_are_paginated_and_counted_before_paging(client, world):
    decisions(world, 25)
    first = search_as(client, world.member, query="ultrasound").content.decode()
    assert "25 results for “ultrasound”" in first
    assert first.count("<mark>ultrasound</mark> proposal") == PAGE_SIZE
    last = search_as(client, world.member, query="ultrasound", page=3).content.decode()
    assert last.count("<mark>ultrasound</mark> proposal") == 5
    assert 'aria-current="page">3<' in last


def test_the_type_filter_keeps_one_kind_of_result(client, world):
    decisions(world, 2, word="ultrasound")
    MeetingPageFactory(parent=world.board, title="Ultrasound forum", slug="ultrasound-forum")
    everything = search_as(client, world.member, query="ultrasound").content.decode()
    assert "3 results" in everything
    assert "Decision (2)" in everything and "Meeting (1)" in everything
    meetings = search_as(client, world.member, query="ultrasound", kind="meeting").content.decode()
    assert "1 result for" in meetings and "<mark>Ultrasound</mark> forum" in meetings


def test_the_group_filter_keeps_what_belongs_to_that_group(client, world):
    other_meeting = MeetingPageFactory(parent=world.other_group, title="Digital Board, June")
    decisions(world, 2)
    decisions(world, 3, meeting=other_meeting)
    html = search_as(client, world.admin, query="ultrasound", group=world.other_group.pk)
    assert "3 results" in html.content.decode()
    html = search_as(client, world.admin, query="ultrasound", group=world.board.pk)
    assert "2 results" in html.content.decode()


def test_the_date_filter_takes_whole_days_at_both_ends(client, world):
    decisions(world, 1, decided_on=dt.date(2024, 3, 31))
    decisions(world, 2, decided_on=dt.date(2024, 4, 1))
    decisions(world, 4, decided_on=dt.date(2024, 5, 1))
    html = search_as(
        client, world.member, query="ultrasound", date_from="2024-04-01", date_to="2024-04-30"
    ).content.decode()
    assert "2 results" in html
    html = search_as(client, world.member, query="ultrasound", date_from="2024-04-01").content
    assert "6 results" in html.decode()


def test_a_backwards_date_range_is_an_error_beside_the_field(client, world):
    html = search_as(
        client, world.member, query="ultrasound", date_from="2024-05-01", date_to="2024-04-01"
    ).content.decode()
    assert "The end of the date range must be on or after its start." in html
    assert 'value="ultrasound"' in html


def test_a_misspelt_word_is_corrected_when_the_correction_finds_something(client, world):
    decisions(world, 1, word="gadolinium")
    html = search_as(client, world.member, query="gadolinum").content.decode()
    assert "There were no results for “gadolinum”" in html
    assert "1 result for “gadolinium”" in html
    assert "<mark>gadolinium</mark>" in html
    exact = search_as(client, world.member, query="gadolinum", exact=1).content.decode()
    assert "0 results for “gadolinum”" in exact


def test_no_correction_is_offered_from_words_the_searcher_may_not_see(client, world):
    item = AgendaItemFactory(meeting=world.meeting, visibility=Visibility.CONFIDENTIAL)
    DecisionFactory(meeting=world.meeting, agenda_item=item, text="Agreed the tomosynthesis bid.")
    outsider = search_as(client, world.non_member, query="tomosynthesys").content.decode()
    assert "tomosynthesis" not in outsider
    insider = search_as(client, world.member, query="tomosynthesys").content.decode()
    assert "<mark>tomosynthesis</mark>" in insider


def test_the_header_has_a_search_box_on_every_page(client, world):
    html = client.get("/").content.decode()
    assert f'action="{SEARCH_URL}"' in html
    assert "Search the network portal" in html


def test_results_escape_what_was_typed_and_what_was_stored(client, world):
    DecisionFactory(meeting=world.meeting, text="Agreed <script>alert(1)</script> ultrasound.")
    html = search_as(client, world.admin, query="ultrasound").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>ultrasound</mark>" in html
    typed = search_as(client, world.admin, query="<i>zzyzx</i>").content.decode()
    assert "<i>zzyzx</i>" not in typed
    assert "&lt;i&gt;zzyzx&lt;/i&gt;" in typed


# Signed in as a group member: the session and the user, every group with the searcher's
# memberships, their Django groups and the pages' view restrictions (for the search's
# visibility), the one statement that finds, ranks, counts and pages the matches of every
# source, and what every page of the site reads (site, navigation, settings). Then one query
# for each kind of result on the page shown, however many matched and whatever else matched.
SEARCH_PAGE_QUERIES = 13


def _kinds_shown(response):
    return {result.kind for result in response.context["outcome"].page_obj}


def test_the_query_count_does_not_grow_with_the_results(client, world, django_assert_num_queries):
    """Few matches of three kinds, then many of eight: the same statements, plus one per
    kind on the page."""
    from tests.events.factories import EventIndexPageFactory, EventPageFactory
    from tests.governance.factories import ActionFactory
    from tests.publications.factories import NewsIndexPageFactory, NewsPageFactory

    small_group = GroupPageFactory(parent=world.board, title="Small ultrasound SIG")
    MeetingPageFactory(parent=small_group, title="Ultrasound meeting one")
    decisions(world, 2)
    client.force_login(world.member)
    client.get(SEARCH_URL, {"query": "warm up"})  # first-request caches: content types, settings

    def search():
        response = client.get(SEARCH_URL, {"query": "ultrasound"})
        return response, SEARCH_PAGE_QUERIES + len(_kinds_shown(response))

    with django_assert_num_queries(SEARCH_PAGE_QUERIES + 3):
        small, _expected = search()
    assert "4 results" in small.content.decode()
    assert _kinds_shown(small) == {"group", "meeting", "decision"}

    for n in range(12):
        group = GroupPageFactory(parent=world.board, title=f"Ultrasound group {n}")
        MeetingPageFactory(parent=group, title=f"Ultrasound meeting {n}")
    decisions(world, 30)
    item = AgendaItemFactory(meeting=world.meeting, visibility=Visibility.PUBLIC)
    for n in range(10):
        ActionFactory(meeting=world.meeting, agenda_item=item, description=f"Ultrasound job {n}")
    events = EventIndexPageFactory(parent=world.home)
    news = NewsIndexPageFactory(parent=world.home)
    for n in range(5):
        EventPageFactory(parent=events, title=f"Ultrasound study day {n}")
        NewsPageFactory(parent=news, title=f"Ultrasound news {n}", summary="Scans.")
    response, expected = search()
    outcome = response.context["outcome"]
    assert outcome.total == 78 and len(outcome.kind_counts) == 6
    with django_assert_num_queries(expected):
        search()
    assert expected <= SEARCH_PAGE_QUERIES + len(outcome.kind_counts)


def test_every_page_of_many_results_costs_the_same_statements(client, world):
    """Paging through 58 results: each page makes the same statements plus one per kind."""
    from django.test.utils import CaptureQueriesContext

    for n in range(12):
        group = GroupPageFactory(parent=world.board, title=f"Ultrasound group {n}")
        MeetingPageFactory(parent=group, title=f"Ultrasound meeting {n}")
    decisions(world, 34)
    client.force_login(world.member)
    client.get(SEARCH_URL, {"query": "warm up"})
    seen = set()
    for page in range(1, 7):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(SEARCH_URL, {"query": "ultrasound", "page": page})
        shown = [result.url for result in response.context["outcome"].page_obj]
        assert len(captured) == SEARCH_PAGE_QUERIES + len(_kinds_shown(response)), page
        assert not seen & set(shown), page  # no result on two pages
        seen.update(shown)
    assert len(seen) == 58


def test_a_page_past_the_end_shows_the_last_page(client, world):
    decisions(world, 12)
    html = search_as(client, world.member, query="ultrasound", page=9).content.decode()
    assert 'aria-current="page">2<' in html
    assert html.count("<mark>ultrasound</mark> proposal") == 2
    html = search_as(client, world.member, query="ultrasound", page="x").content.decode()
    assert 'aria-current="page">1<' in html


def test_a_kind_with_more_matches_than_are_ranked_says_so(client, world, monkeypatch):
    import portal.search

    monkeypatch.setattr(portal.search, "MAX_HITS_PER_KIND", 5)
    decisions(world, 7)
    MeetingPageFactory(parent=world.board, title="Ultrasound forum", slug="ultrasound-forum")
    html = search_as(client, world.member, query="ultrasound").content.decode()
    assert "More than 6 results" in html
    assert "Decision (5)" in html and "Meeting (1)" in html
    decisions(world, 2, word="gadolinium")
    html = search_as(client, world.member, query="gadolinium").content.decode()
    assert "2 results" in html and "More than" not in html


def test_the_database_has_what_its_search_backend_matches_against(db):
    """PostgreSQL: the GIN index on `title || body` that every search filters by (without it
    each search reads every index entry); SQLite: the FTS5 table the backend searches."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                ["wagtailsearch_indexentry_title_body_gin"],
            )
            definition = cursor.fetchone()[0].lower()
            assert "using gin" in definition and "(title || body)" in definition
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS_TABLE])
            assert "fts5" in cursor.fetchone()[0].lower()
