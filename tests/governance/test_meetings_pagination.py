"""Long lists a page at a time (issue #16): a group's past meetings and its risk register keep
the same rows per page and the same query count with ten times the rows, keep their filters in
the page links and answer any page number with a page; the meeting agenda stays one page whose
papers are listed compactly, so it grows by a bounded number of bytes a paper."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.risks.views.common import PER_PAGE as RISKS_PER_PAGE
from governance.services.meetings import add_paper
from governance.views.meetings import PAST_MEETINGS_PER_PAGE
from governance.visibility import Visibility
from tests.portal.html import soup, text

from .factories import AgendaItemFactory, MeetingPageFactory
from .fixtures_meetings import upload
from .fixtures_risks import RiskFactory

pytestmark = pytest.mark.django_db


def _get(client, url):
    client.get(url)  # new pages clear Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


def _next_link(response):
    nav = soup(response).select_one("nav.nhsuk-pagination")
    return nav.select_one("a[rel=next]")["href"] if nav else None


# Past meetings --------------------------------------------------------------------------------


def _past_meetings(world, count, start=0):
    for n in range(start, start + count):
        MeetingPageFactory(
            parent=world.board,
            title=f"Past meeting {n:03d}",
            start=timezone.now() - timezone.timedelta(days=30 + n),
        )


def _meeting_rows(response):
    return text(response).count("Past meeting ")


def test_past_meetings_keep_their_page_size_and_query_count_with_ten_times_the_rows(client, world):
    url = reverse("governance:group_past_meetings", args=[world.board.pk])
    client.force_login(world.member)
    _past_meetings(world, 3)
    small, small_queries = _get(client, url)
    assert _meeting_rows(small) == 3
    assert _next_link(small) is None

    _past_meetings(world, 27, start=3)
    large, large_queries = _get(client, url)
    assert large_queries == small_queries
    assert _meeting_rows(large) == PAST_MEETINGS_PER_PAGE
    assert "Past meeting 000" in text(large)  # newest first
    assert _next_link(large) == "?page=2"
    second, second_queries = _get(client, url + "?page=2")
    assert second_queries == small_queries
    assert _meeting_rows(second) == 30 - PAST_MEETINGS_PER_PAGE
    assert "Past meeting 029" in text(second)


def test_past_meetings_answer_any_page_number_and_say_when_there_are_none(client, world):
    url = reverse("governance:group_past_meetings", args=[world.board.pk])
    assert "The group has not met yet" in text(client.get(url))  # world.meeting is to come
    _past_meetings(world, PAST_MEETINGS_PER_PAGE + 1)
    last, first = 1, PAST_MEETINGS_PER_PAGE
    for page, rows in [("99", last), ("0", last), ("abc", first), ("", first)]:
        response = client.get(url, {"page": page})
        assert response.status_code == 200, page
        assert _meeting_rows(response) == rows, page


def test_the_group_page_links_to_its_past_meetings(client, world):
    _past_meetings(world, 1)
    url = reverse("governance:group_past_meetings", args=[world.board.pk])
    assert url in client.get(world.board.url).text
    assert client.get(reverse("governance:group_past_meetings", args=[999999])).status_code == 404


# The risk register ---------------------------------------------------------------------------


def _risks(group, count):
    for _ in range(count):
        RiskFactory(group=group, title="Paged risk", current_consequence=3, current_likelihood=4)
    RiskFactory(group=group, title="Other risk", current_consequence=1, current_likelihood=1)


def test_the_risk_register_pages_keep_the_filters_and_the_query_count(client, risk_world):
    url = reverse("governance:risk_register", args=[risk_world.board.pk])
    client.force_login(risk_world.world.member)
    filtered = url + "?band=high"
    _risks(risk_world.board, 3)
    client.get(url)  # the first visit creates the site's settings rows
    small, small_queries = _get(client, filtered)
    assert text(small).count("Paged risk") == 3 and "Other risk" not in text(small)
    assert _next_link(small) is None

    _risks(risk_world.board, 27)
    large, large_queries = _get(client, filtered)
    assert large_queries == small_queries
    assert text(large).count("Paged risk") == RISKS_PER_PAGE
    next_link = _next_link(large)
    assert "band=high" in next_link and "page=2" in next_link
    second, second_queries = _get(client, url + next_link)
    assert second_queries == small_queries
    assert text(second).count("Paged risk") == 30 - RISKS_PER_PAGE
    assert "Other risk" not in text(second)

    for page, rows in [("99", 30 - RISKS_PER_PAGE), ("abc", RISKS_PER_PAGE)]:
        response = client.get(filtered + f"&page={page}")
        assert response.status_code == 200
        assert text(response).count("Paged risk") == rows
    assert "No risks match these filters" in text(client.get(url + "?band=extreme"))


# The meeting page ----------------------------------------------------------------------------


# A paper is a two-cell row (title, "PDF, 12 KB, version 1"); a bound well above that and
# well below the old four-cell responsive row (about 700 bytes a paper).
BYTES_PER_PAPER = 450


def test_the_agenda_lists_papers_compactly_on_one_page(client, world):
    meeting = world.meeting
    item = AgendaItemFactory(meeting=meeting, visibility=Visibility.PUBLIC, sort_order=1)

    def papers(start, count):
        for n in range(start, start + count):
            add_paper(
                item,
                upload(f"paper-{n}.pdf", "paper"),
                title=f"Board paper {n:02d}",
                visibility=Visibility.NETWORK,
                uploaded_by=world.chair,
            )

    client.force_login(world.member)
    papers(0, 2)
    small, small_queries = _get(client, meeting.url)
    papers(2, 18)
    large, large_queries = _get(client, meeting.url)
    assert large_queries == small_queries
    assert text(large).count("Board paper ") == 20  # every paper, on the one agenda
    assert soup(large).select_one("nav.nhsuk-pagination") is None
    grown = len(large.content) - len(small.content)
    assert grown / 18 < BYTES_PER_PAPER, f"{grown / 18:.0f} bytes a paper"
